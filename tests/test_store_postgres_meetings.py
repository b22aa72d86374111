"""Schema step 8 on the team store: each meeting is a row of its own (``case_meetings``), so a note save writes
one meeting, and a process holding a case reads back only what others wrote since. What must not change: the
document every reader gets, whoever wrote what in between, and the upgrade of a database holding cases."""

from __future__ import annotations

import json
import uuid
from datetime import date

import psycopg
import pytest

from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents
from meetingtui.core.meeting.actions import record_disposition
from meetingtui.core.record import migrations
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.postgres import schema
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.pg import Server
from tests.test_store_postgres import _tables, at_format, grant_member

CASE = "DEMO-1"
TODAY = date(2026, 11, 26)


def rows(url: str) -> dict[str, int]:
    """The case's meeting rows: doc id -> the case version that last wrote it."""
    with psycopg.connect(url) as conn:
        got = conn.execute("select doc_id, version from case_meetings where case_id = %s", (CASE,))
        return dict(got.fetchall())


def data_version(url: str) -> int:
    with psycopg.connect(url) as conn:
        return int(conn.execute("select data_version from cases where id = %s", (CASE,)).fetchone()[0])


def test_a_note_save_writes_its_meeting_alone(pg_url: str) -> None:
    repo = PostgresRepository(pg_url, listen=False)
    demo = demo_case(TODAY)
    repo.create_case(demo)
    before = rows(pg_url)
    assert len(before) == len(demo.meetings) and set(before.values()) == {1}
    m2 = next(k for k, doc in repo._data(CASE)["meetings"].items() if doc["id"] == "M2")

    contents.save_notes(repo, CASE, "M2", "placement", "one meeting written")
    assert rows(pg_url) == {**before, m2: 2}  # the other meetings are not sent again
    assert data_version(pg_url) == 1  # nor the record and the actions

    record_disposition(repo, CASE, "A4", "done", on=TODAY, note="an action: the rest of the case is written")
    assert rows(pg_url) == {**before, m2: 2} and data_version(pg_url) == 3
    fresh = PostgresRepository(pg_url, listen=False)
    assert fresh.export_dict(CASE) == repo.export_dict(CASE)
    assert fresh.load_meeting(CASE, "M2").item("placement").notes == "one meeting written"


def test_two_people_holding_the_case_see_each_others_changes_and_lose_none(pg_url: str) -> None:
    """Each process keeps the document it last read and asks only for parts written since: whatever the
    other wrote (another meeting, an action, a whole replacement) reaches it, and nothing is overwritten."""
    chair, minutes = PostgresRepository(pg_url, listen=False), PostgresRepository(pg_url, listen=False)
    chair.create_case(demo_case(TODAY))
    for repo in (chair, minutes):
        repo.load_case(CASE)  # both hold version 1

    contents.save_notes(minutes, CASE, "M2", "placement", "the minute-taker's notes")
    record_disposition(chair, CASE, "A4", "done", on=TODAY, note="done, said the unit")  # from its stale copy
    contents.save_notes(minutes, CASE, "M2", "actions", "the minute-taker again")
    contents.save_notes(chair, CASE, "M2", "review-actions", "the chair's notes")

    whole = PostgresRepository(pg_url, listen=False).export_dict(CASE)
    for repo in (chair, minutes):
        assert repo.export_dict(CASE) == whole
    notes = {i["key"]: i.get("notes") for m in whole["meetings"] if m["id"] == "M2" for i in m["items"]}
    assert notes["placement"] == "the minute-taker's notes"
    assert notes["actions"] == "the minute-taker again"
    assert notes["review-actions"] == "the chair's notes"
    assert next(a for a in whole["actions"] if a["id"] == "A4")["status"] == "done"

    other = demo_case(TODAY)  # replaced whole under the minute-taker (an import with --replace)
    chair.create_case(other, replace=True)
    assert minutes.export_dict(CASE) == other.to_dict() == chair.export_dict(CASE)
    assert len(rows(pg_url)) == len(other.meetings)


def test_a_database_at_format_7_is_upgraded_every_case_moved_whoever_is_in_its_team(
    pg_server: Server,
) -> None:
    """The owner runs the upgrade, though row-level security (FORCE) keeps it out of a case it is not in the
    team of: that case's meetings move too, text the json functions cannot read (a NUL) included, and the
    case is closed to the owner again afterwards."""
    tag = uuid.uuid4().hex[:6]
    owner, team, member, db = f"owner_{tag}", f"team_{tag}", f"member_{tag}", f"upgrade_{tag}"
    pg_server.admin(f"create role {owner} login")
    pg_server.admin(f"create database {db} owner {owner}")
    owner_url, admin = pg_server.url(db, user=owner), pg_server.url(db)
    demo = demo_case(TODAY)
    doc = _tables(demo)
    doc["meta"]["1"]["schema_version"] = migrations.CURRENT
    first = doc["meetings"]["1"]
    first["items"][0]["notes"] = "pasted\x00text"
    with psycopg.connect(owner_url, autocommit=True) as conn:
        at_format(conn, 7)
        conn.execute(
            "insert into cases (id, data, summary, closed, agreed_in) values (%s, %s, '{}', '[]', '[]')",
            (CASE, json.dumps(doc)),
        )
    grant_member(admin, team, login=False)  # format 7's grants: cases, not yet case_meetings
    grant_member(admin, member, member_of=team)
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("insert into case_access values (%s, %s, true)", (CASE, team))
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0  # the owner is not in its team

    member_url = pg_server.url(db, user=member)
    with pytest.raises(
        UserError, match=r"format 7, this meetingtui needs \d+, .*owner to run `meetingtui store init`"
    ):
        PostgresRepository(
            member_url, listen=False
        )  # a team member's app cannot upgrade it, and says who can
    assert PostgresRepository(owner_url, listen=False).schema_version == schema.CURRENT
    with psycopg.connect(member_url) as conn:  # the grants on cases were carried over to the meeting rows
        assert conn.execute("select count(*) from case_meetings").fetchone()[0] == len(demo.meetings)
        text = conn.execute("select data::text from cases").fetchone()[0]
    assert '"meetings"' not in text
    reader = PostgresRepository(member_url, listen=False)
    assert reader.load_meeting(CASE, "M1").items[0].notes == "pasted\x00text"
    exported = reader.export_dict(CASE)
    assert exported["actions"] == demo.to_dict()["actions"]
    assert [m["id"] for m in exported["meetings"]] == [m.id for m in demo.meetings]
    contents.save_notes(reader, CASE, "M2", "placement", "after the upgrade")
    assert PostgresRepository(member_url, listen=False).load_meeting(CASE, "M2").item("placement").notes == (
        "after the upgrade"
    )
    with psycopg.connect(owner_url) as conn:  # FORCE is back: the owner is kept out as before
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0
        assert conn.execute("select count(*) from case_meetings").fetchone()[0] == 0
