"""Least privilege enforced by the database, not only by the app: each test logs in as a role and tries what
it must not do. A case shared through case_access is readable only by members of the roles it is shared with
and changeable only by those with write access; the rules hold for the tables' owner too (FORCE)."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest

from meetingtui.core.errors import Conflict, NotFound, UserError
from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Case
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.pg import Server
from tests.test_store_postgres import grant_member

CASE, MEETING = "DEMO-1", "M2"


@pytest.fixture
def roles(pg_server: Server, pg_url: str) -> dict[str, str]:
    """A chairs' team (writes DEMO-1), the police (read DEMO-1), youth justice (not shared), and one login
    in each; DEMO-2 is shared with nobody, so the whole team has it."""
    tag = uuid.uuid4().hex[:6]
    names = {k: f"{k}_{tag}" for k in ("team", "police", "yot")}
    for role in names.values():
        grant_member(pg_url, role, login=False)
    logins = {}
    for k, role in names.items():
        logins[k] = f"{k}_user_{tag}"
        grant_member(pg_url, logins[k], member_of=role)
    repo = PostgresRepository(pg_url)
    demo = demo_case(date(2026, 11, 26))
    repo.create_case(demo)
    repo.create_case(Case.from_dict({**demo.to_dict(), "id": "DEMO-2"}))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "insert into case_access values (%s, %s, true), (%s, %s, false)",
            (CASE, names["team"], CASE, names["police"]),
        )
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    return {k: pg_server.url(dbname, user=login) for k, login in logins.items()}


def test_the_cases_team_reads_and_changes_its_case(roles: dict[str, str]) -> None:
    team = PostgresRepository(roles["team"])
    assert team.case_ids() == ["DEMO-1", "DEMO-2"]
    contents.save_notes(team, CASE, MEETING, "placement", "the team's notes")
    assert PostgresRepository(roles["team"]).load_meeting(CASE, MEETING).item("placement").notes == (
        "the team's notes"
    )


def test_an_agency_the_case_is_shared_with_reads_it_but_cannot_change_it(roles: dict[str, str]) -> None:
    police = PostgresRepository(roles["police"])
    assert police.load_case(CASE).id == CASE
    with pytest.raises(UserError, match="shared with you read-only"):
        contents.save_notes(police, CASE, MEETING, "placement", "rewritten by the police")
    with psycopg.connect(roles["police"], autocommit=True) as conn:  # not by the app, not by SQL either
        assert conn.execute("update cases set version = version + 1 where id = %s", (CASE,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # deleting is for IT alone
            conn.execute("delete from cases where id = %s", (CASE,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into case_access values (%s, 'police', true)", (CASE,))
        assert_meeting_rows_closed(conn)
    assert PostgresRepository(roles["team"]).load_meeting(CASE, MEETING).item("placement").notes != (
        "rewritten by the police"
    )


def test_an_agency_it_is_not_shared_with_cannot_even_see_it(roles: dict[str, str]) -> None:
    yot = PostgresRepository(roles["yot"])
    assert yot.case_ids() == ["DEMO-2"]
    assert [e.case_id for e in yot.entries()] == ["DEMO-2"]
    assert not yot.has_case(CASE)
    with pytest.raises(NotFound):
        yot.load_case(CASE)
    with pytest.raises(NotFound), yot.transaction(CASE):
        pass
    with pytest.raises(Conflict, match="already exists"):  # nor overwrite it by importing over it
        yot.create_case(demo_case(date(2026, 11, 26)), replace=True)
    with psycopg.connect(roles["yot"], autocommit=True) as conn:
        assert conn.execute("select count(*) from cases where id = %s", (CASE,)).fetchone()[0] == 0
        assert conn.execute("update cases set data = '{}' where id = %s", (CASE,)).rowcount == 0
        assert_meeting_rows_closed(conn)


def test_the_rules_hold_for_the_tables_owner_too(pg_server: Server, pg_url: str) -> None:
    """FORCE ROW LEVEL SECURITY: owning the tables is not a way round the sharing."""
    tag = uuid.uuid4().hex[:6]
    owner, other = f"owner_{tag}", f"other_{tag}"
    grant_member(pg_url, owner)
    grant_member(pg_url, other, login=False)
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"alter table cases owner to {owner}")
        conn.execute("insert into case_access values (%s, %s, true)", (CASE, other))
        conn.execute(f"alter table case_meetings owner to {owner}")
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    assert PostgresRepository(pg_server.url(dbname, user=owner)).case_ids() == []
    with psycopg.connect(pg_server.url(dbname, user=owner), autocommit=True) as conn:
        assert_meeting_rows_closed(conn)


def assert_meeting_rows_closed(conn: psycopg.Connection) -> None:
    """The meetings of DEMO-1 (their own rows since schema step 8: every note of every meeting) are held to
    the case's rules: this login (granted every privilege on the table, as the team is) can neither read,
    change, remove nor add one."""
    assert conn.execute("select count(*) from case_meetings where case_id = %s", (CASE,)).fetchone()[0] == 0
    assert conn.execute("update case_meetings set data = '{}' where case_id = %s", (CASE,)).rowcount == 0
    assert conn.execute("delete from case_meetings where case_id = %s", (CASE,)).rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        conn.execute("insert into case_meetings values (%s, '99', 99, '{}')", (CASE,))
    assert (
        conn.execute("select meetingtui_document(%s, '{}')::text", (CASE,)).fetchone()[0] == '{"meetings":{}}'
    )


def test_a_save_notifies_listeners_without_naming_the_case(pg_url: str) -> None:
    """NOTIFY is not filtered by row-level security: anyone may LISTEN, so the payload names no case."""
    repo = PostgresRepository(pg_url)
    repo.create_case(demo_case(date(2026, 11, 26)))
    with psycopg.connect(pg_url, autocommit=True) as listener:
        listener.execute('listen "meetingtui_saved"')
        contents.save_notes(repo, CASE, MEETING, "placement", "a save")
        payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert len(payloads) == 1 and payloads[0].endswith(" 2")
    assert CASE not in payloads[0] and "DEMO" not in payloads[0]
