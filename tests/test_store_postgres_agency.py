"""An agency updates its own actions, and only those, enforced by the database (schema step 5).

Each test logs in as a role and tries what it must and must not do, through the app and through SQL with a
crafted document. The tables belong to a login that is not a superuser (as docs/team.md deploys it), so
row-level security holds the owner too and meetingtui_agency_save really runs under it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg
import pytest

from meetingtui.cli import main
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting import contents
from meetingtui.core.meeting.actions import record_disposition
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.pg import Server
from tests.test_store_postgres import grant_member

CASE, MEETING = "DEMO-1", "M2"
# The demo's actions of the Police and of Children's Services (both agreed under M1's restricted peers item, so
# the police see their own, marked restricted, and not the other), and of the Safeguarding Unit (open to all).
POLICE_ACTION, CS_ACTION, SU_ACTION = "A3", "A2", "A4"
TODAY = date(2026, 11, 26)
SAVE = "select meetingtui_agency_save(%s, %s, %s::json)"


@pytest.fixture
def roles(pg_server: Server) -> dict[str, str]:
    """A database owned by a login that is not a superuser; the case's team (writes DEMO-1), the police (read
    only, agency Police), youth justice (read only, no agency); a login in each; the owner's URL as 'owner',
    a superuser's as 'admin'."""
    tag = uuid.uuid4().hex[:6]
    owner, db = f"owner_{tag}", f"agency_{tag}"
    pg_server.admin(f"create role {owner} login")
    pg_server.admin(f"create database {db} owner {owner}")
    urls = {"owner": pg_server.url(db, user=owner)}
    PostgresRepository(urls["owner"], listen=False).create_case(demo_case(TODAY))  # sets the tables up too
    admin = urls["admin"] = pg_server.url(db)  # a superuser, to look at what is stored
    names = {k: f"{k}_{tag}" for k in ("team", "police", "yot")}
    for k, role in names.items():
        grant_member(admin, role, login=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"grant execute on function meetingtui_agency_save(text, bigint, json) to {role}")
        grant_member(admin, f"{k}_user_{tag}", member_of=role)
        urls[k] = pg_server.url(db, user=f"{k}_user_{tag}")
    with psycopg.connect(urls["owner"], autocommit=True) as conn:  # IT shares the case, as the owner
        conn.execute(
            "insert into case_access (case_id, grantee, can_write, agency) values "
            "(%s, %s, true, null), (%s, %s, false, 'Police'), (%s, %s, false, null)",
            (CASE, names["team"], CASE, names["police"], CASE, names["yot"]),
        )
    return urls


def login(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0]


def stored(url: str) -> tuple[Any, ...]:
    """Everything a save changes: the row (version, document, derived columns, who) and the audit's length."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "select version, data::text, summary::text, closed::text, agreed_in::text, updated_by "
            "from cases where id = %s",
            (CASE,),
        ).fetchone()
        (audit,) = conn.execute("select count(*) from audit").fetchone()
    return (*row, audit)


def crafted(
    roles: dict[str, str], who: str, change: Callable[[dict[str, Any]], None], *, version_delta: int = 0
) -> None:
    """Call meetingtui_agency_save directly as ``who``, with the document ``who`` may read (a read-only
    grantee's redacted copy, else the stored one) changed by ``change``."""
    with psycopg.connect(roles[who], autocommit=True) as conn:
        shared = conn.execute("select version, data from meetingtui_shared_case(%s)", (CASE,)).fetchone()
    with psycopg.connect(roles["admin"], autocommit=True) as conn:
        full = conn.execute("select version, data from cases where id = %s", (CASE,)).fetchone()
    version, data = shared or full
    change(data)
    with psycopg.connect(roles[who], autocommit=True) as conn:
        conn.execute(SAVE, (CASE, version + version_delta, json.dumps(data)))


def action(data: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(a for a in data["actions"].values() if a["id"] == action_id)


def progress(
    status: str = "done", action_id: str = POLICE_ACTION, **extra: Any
) -> Callable[[dict[str, Any]], None]:
    """A well-formed between-meetings update of an action (the Police's), plus ``extra`` fields changed on it."""

    def change(data: dict[str, Any]) -> None:
        a = action(data, action_id)
        a.setdefault("updates", []).append({"date": TODAY.isoformat(), "status": status, "note": "shared"})
        a["status"] = status
        a.update(extra)

    return change


# ------------------------------------------------------------------------------------- what the police may do


def test_the_police_mark_their_own_action_done_through_the_action_verb(
    roles: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = stored(roles["admin"])
    with psycopg.connect(roles["team"], autocommit=True) as listener:
        listener.execute('listen "meetingtui_saved"')
        argv = ["action", CASE, POLICE_ACTION, "done", "--note", "Shared with the MACE panel"]
        code = main([*argv, "--as-of", "2026-11-26", "--store", roles["police"]])
        err = capsys.readouterr().err
        assert (code, err) == (0, ""), err
        payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert len(payloads) == 1 and payloads[0].endswith(f" {before[0] + 1}")  # followers hear of it
    team = PostgresRepository(roles["team"], listen=False)
    a = next(a for a in team.load_case(CASE).actions if a.id == POLICE_ACTION)
    assert a.status == "done" and a.updates[-1].note == "Shared with the MACE panel"
    assert a.updates[-1].meeting_id is None
    # The derived columns follow: the action is closed now, on the case list and the tracker.
    assert POLICE_ACTION not in {x.id for x in team.entries()[0].summary.actions}
    assert POLICE_ACTION in {x["id"] for x in team.closed_actions_raw(CASE)}
    with psycopg.connect(roles["admin"], autocommit=True) as conn:
        audit = conn.execute("select login, version, what from audit order by seq desc limit 1").fetchone()
        by = conn.execute("select version, updated_by from cases where id = %s", (CASE,)).fetchone()
    assert audit == (login(roles["police"]), before[0] + 1, f"action {POLICE_ACTION}")
    assert by == (before[0] + 1, login(roles["police"]))


def test_the_police_carry_their_action_the_new_date_goes_in_the_update(roles: dict[str, str]) -> None:
    """Carrying never changes the action's own due date: the new one is in the update (Action.current_due)."""
    police = PostgresRepository(roles["police"], listen=False)
    record_disposition(
        police, CASE, POLICE_ACTION, "carried", on=TODAY, due=date(2026, 12, 10), note="clearance awaited"
    )
    a = next(a for a in PostgresRepository(roles["team"]).load_case(CASE).actions if a.id == POLICE_ACTION)
    assert a.status == "carried" and a.current_due == date(2026, 12, 10) and a.due == date(2026, 10, 14)


def test_a_crafted_call_with_a_proper_update_is_stored_as_the_login(roles: dict[str, str]) -> None:
    crafted(roles, "police", progress())
    with psycopg.connect(roles["admin"], autocommit=True) as conn:
        assert conn.execute("select login from audit order by seq desc limit 1").fetchone()[0] == login(
            roles["police"]
        )
    assert next(
        a for a in PostgresRepository(roles["team"]).load_case(CASE).actions if a.id == "A3"
    ).status == ("done")


# ------------------------------------------------------------------------------------- what they may not


def _refused_in_sql(
    roles: dict[str, str], who: str, change: Callable[[dict[str, Any]], None], match: str
) -> None:
    before = stored(roles["admin"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=match):
        crafted(roles, who, change)
    assert stored(roles["admin"]) == before  # nothing changed, version and audit included


def test_the_police_cannot_update_another_agencys_action(roles: dict[str, str]) -> None:
    before = stored(roles["admin"])
    police = PostgresRepository(roles["police"], listen=False)
    with pytest.raises(UserError, match="shared with you read-only: you may update only Police's actions"):
        record_disposition(police, CASE, SU_ACTION, "done", on=TODAY, note="not ours")
    assert stored(roles["admin"]) == before

    def theirs(data: dict[str, Any]) -> None:
        a = action(data, SU_ACTION)
        a.setdefault("updates", []).append({"date": TODAY.isoformat(), "status": "done"})
        a["status"] = "done"

    _refused_in_sql(roles, "police", theirs, "A4 belongs to Safeguarding Unit")


@pytest.mark.parametrize(
    "field, value",
    [("text", "Nothing to share"), ("owner", "Nobody"), ("due", "2027-01-01"), ("agency", "YOT")],
)
def test_the_police_cannot_change_what_their_action_says(
    roles: dict[str, str], field: str, value: str
) -> None:
    before = stored(roles["admin"])
    police = PostgresRepository(roles["police"], listen=False)
    with (
        pytest.raises(UserError, match="you may update only Police's actions"),
        police.transaction(CASE) as tx,
    ):
        a = tx.action(POLICE_ACTION)
        setattr(a, field, date.fromisoformat(value) if field == "due" else value)
        tx.put_action(a)
    assert stored(roles["admin"]) == before
    _refused_in_sql(roles, "police", progress(**{field: value}), "only its status and progress")


def test_the_police_cannot_change_notes_or_anything_else_in_the_case(roles: dict[str, str]) -> None:
    before = stored(roles["admin"])
    police = PostgresRepository(roles["police"], listen=False)
    with pytest.raises(UserError, match="shared with you read-only: you may update only Police's actions"):
        contents.save_notes(police, CASE, MEETING, "placement", "rewritten by the police")
    assert stored(roles["admin"]) == before

    def notes(data: dict[str, Any]) -> None:
        progress()(data)  # riding along with a proper update does not help
        meeting = next(m for m in data["meetings"].values() if m["id"] == MEETING)
        meeting["items"][0]["notes"] = "rewritten by the police"

    _refused_in_sql(roles, "police", notes, "nothing else")

    def new_action(data: dict[str, Any]) -> None:
        data["actions"]["99"] = {**action(data, POLICE_ACTION), "id": "A99", "text": "a new one"}

    _refused_in_sql(roles, "police", new_action, "nothing else")


def test_the_police_cannot_rewrite_history_nor_record_a_meetings_disposition(roles: dict[str, str]) -> None:
    police = PostgresRepository(roles["police"], listen=False)
    with pytest.raises(UserError, match="between meetings"):
        record_disposition(police, CASE, POLICE_ACTION, "done", on=TODAY, meeting_id=MEETING)

    def earlier(data: dict[str, Any]) -> None:
        progress()(data)
        action(data, POLICE_ACTION)["updates"][0]["note"] = "it was never delayed"

    _refused_in_sql(roles, "police", earlier, "earlier updates cannot be changed")
    for bad in (
        {"meeting_id": MEETING},  # a meeting's disposition is its chair's
        {"status": "finished"},
        {"date": "2026-02-30"},
        {"status": "carried"},  # carried needs a new due date
        {"surprise": "field"},
    ):

        def odd(data: dict[str, Any], bad: dict[str, Any] = bad) -> None:
            progress()(data)
            a = action(data, POLICE_ACTION)
            a["updates"][-1].update(bad)
            a["status"] = a["updates"][-1]["status"]

        _refused_in_sql(roles, "police", odd, "a new update needs|is not a date")
    _refused_in_sql(roles, "police", _status_only, "status must be that of its newest update")


def _status_only(data: dict[str, Any]) -> None:
    """A status changed with no update saying so."""
    action(data, POLICE_ACTION)["status"] = "done"


def test_a_login_with_no_agency_cannot_use_it(roles: dict[str, str]) -> None:
    before = stored(roles["admin"])
    yot = PostgresRepository(roles["yot"], listen=False)
    with pytest.raises(UserError, match=r"shared with you read-only \(yot_user_\w+ may not change it\)"):
        record_disposition(yot, CASE, SU_ACTION, "done", on=TODAY)
    assert stored(roles["admin"]) == before
    _refused_in_sql(roles, "yot", progress(action_id=SU_ACTION), "acts for no agency")
    # Nor the team with it (it writes the normal way), nor the owner, who is no agency either.
    _refused_in_sql(roles, "team", progress(), "acts for no agency")
    _refused_in_sql(roles, "owner", progress(), "acts for no agency")


def test_a_stale_version_is_a_conflict(roles: dict[str, str]) -> None:
    before = stored(roles["admin"])
    with pytest.raises(psycopg.errors.SerializationFailure):
        crafted(roles, "police", progress(), version_delta=-1)
    assert stored(roles["admin"]) == before
    # Through the app: the team saves while the police's update is being made; nothing is lost.
    police = PostgresRepository(roles["police"], listen=False)
    with pytest.raises(Conflict, match=r"changed meanwhile .*try again"), police.transaction(CASE) as tx:
        a = tx.action(POLICE_ACTION)
        a.updates.append(type(a.updates[0])(date=TODAY, status="done"))
        a.status = "done"
        tx.put_action(a)
        contents.save_notes(
            PostgresRepository(roles["team"], listen=False), CASE, MEETING, "placement", "team"
        )
    team = PostgresRepository(roles["team"], listen=False)
    assert team.load_meeting(CASE, MEETING).item("placement").notes == "team"
    assert next(a for a in team.load_case(CASE).actions if a.id == POLICE_ACTION).status == "carried"


def test_the_flag_the_function_sets_opens_nothing_to_anyone_else(roles: dict[str, str]) -> None:
    """meetingtui.agency_save lets only the owner, inside the function for someone else, past the rules."""
    for who in ("police", "owner"):
        with psycopg.connect(roles[who], autocommit=True) as conn:
            conn.execute("set meetingtui.agency_save = 'on'")
            assert conn.execute("update cases set version = version + 1 where id = %s", (CASE,)).rowcount == 0
    with psycopg.connect(roles["owner"], autocommit=True) as conn:
        conn.execute("set meetingtui.agency_save = 'on'")
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0  # FORCE still holds the owner


def test_the_team_still_saves_anything(roles: dict[str, str]) -> None:
    team = PostgresRepository(roles["team"], listen=False)
    contents.save_notes(team, CASE, MEETING, "placement", "the team's notes")
    record_disposition(team, CASE, CS_ACTION, "done", on=TODAY)
    with team.transaction(CASE) as tx:
        a = tx.action(POLICE_ACTION)
        a.text = "Share it with the panel"
        tx.put_action(a)
    again = PostgresRepository(roles["police"], listen=False).load_case(CASE)
    assert next(a for a in again.actions if a.id == POLICE_ACTION).text == "Share it with the panel"
    assert CS_ACTION not in {a.id for a in again.actions}  # withheld from the police
    done = PostgresRepository(roles["admin"], listen=False).load_case(CASE)
    assert next(a for a in done.actions if a.id == CS_ACTION).status == "done"
    with psycopg.connect(roles["admin"], autocommit=True) as conn:
        logins = [r[0] for r in conn.execute("select login from audit order by seq desc limit 3")]
    assert logins == [login(roles["team"])] * 3
