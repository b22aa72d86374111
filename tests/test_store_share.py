"""``meetingtui store share / unshare / shares``: IT shares a case without hand-writing GRANTs or INSERTs.

The roles here are created bare, with no grant at all (only what ``create role`` gives), in a database whose
CONNECT is revoked from PUBLIC, as docs/team.md deploys it: whatever the logins can do afterwards, the verb
gave them. The tables belong to a login that is not a superuser."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import psycopg
import pytest

from meetingtui.cli import main
from meetingtui.core.meeting import contents
from meetingtui.core.meeting.actions import record_disposition
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.pg import Server

CASE, TODAY = "DEMO-1", date(2026, 11, 26)


@pytest.fixture
def bare(pg_server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """The owner's URL (also MEETINGTUI_STORE), the role names, and a login's URL in each role."""
    tag = uuid.uuid4().hex[:6]
    owner, db = f"owner_{tag}", f"share_{tag}"
    pg_server.admin(f"create role {owner} login")
    pg_server.admin(f"create database {db} owner {owner}")
    pg_server.admin(f"revoke all on database {db} from public")
    out = {"owner": pg_server.url(db, user=owner), "admin": pg_server.url(db)}
    PostgresRepository(out["owner"], listen=False).create_case(demo_case(TODAY))
    for k in ("team", "police", "yot"):
        out[f"{k}_role"] = f"{k}_{tag}"
        pg_server.admin(f"create role {k}_{tag} nologin")
        pg_server.admin(f"create role {k}_user_{tag} login in role {k}_{tag}")
        out[k] = pg_server.url(db, user=f"{k}_user_{tag}")
    monkeypatch.setenv("MEETINGTUI_STORE", out["owner"])
    monkeypatch.setenv("MEETINGTUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("MEETINGTUI_DATA", str(tmp_path / "data"))
    return out


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["store", *argv])
    got = capsys.readouterr()
    return code, got.out.strip(), got.err.strip()


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "Traceback" not in err, (code, out, err)
    return err


def test_sharing_gives_each_role_what_it_needs_and_no_more(
    bare: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(psycopg.OperationalError):  # nothing granted yet: not even CONNECT
        psycopg.connect(bare["police"]).close()
    code, out, _ = run(capsys, "share", CASE, "--login", bare["team_role"], "--team")
    assert (
        code == 0
        and out == f"case {CASE}: shared with {bare['team_role']} as its team: reads all of it and changes it"
    )
    # Spelt otherwise than the case's actions spell it, the agency could update none of them: refused where
    # the login can read the case (here a superuser); the owner, held to row-level security, is told it could
    # not check.
    admin = ("--store", bare["admin"])
    err = refused(capsys, "share", CASE, "--login", bare["police_role"], "--agency", " police ", *admin)
    assert "actions spell it 'Police'" in err and bare["police_role"] not in run(capsys, "shares", CASE)[1]
    code, out, _ = run(capsys, "share", CASE, "--login", bare["police_role"], "--agency", "Police", *admin)
    assert code == 0 and "agency Police" in out and "spelt as in the actions' agency field" in out
    assert "note:" not in out
    code, out, _ = run(capsys, "share", CASE, "--login", bare["police_role"], "--agency", "Police")
    assert code == 0 and "spelling was not checked" in out
    assert run(capsys, "share", CASE, "--login", bare["yot_role"], "--read-only")[0] == 0

    team = PostgresRepository(bare["team"], listen=False)
    contents.save_notes(team, CASE, "M2", "placement", "the team's notes")  # the team writes
    assert len(team.load_case(CASE).peers) == 2
    police = PostgresRepository(bare["police"], listen=False)
    assert police.case_ids() == [CASE] and police.load_case(CASE).peers == []  # redacted
    record_disposition(police, CASE, "A3", "done", on=TODAY, note="shared")  # its own action
    yot = PostgresRepository(bare["yot"], listen=False)
    assert yot.load_case(CASE).peers == [] and "A3" not in {a.id for a in yot.load_case(CASE).actions}
    with psycopg.connect(bare["police"], autocommit=True) as conn:  # no more than the app needs
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into case_access values (%s, 'x', true, null)", (CASE,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into audit (case_id, version, what) values (%s, 1, 'forged')", (CASE,))

    code, out, _ = run(capsys, "shares", CASE)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith(f"{CASE}  {bare['team_role']}  its team") and "team_user_" in lines[0]
    assert f"{bare['police_role']}  agency Police" in out and f"{bare['yot_role']}  read-only" in out
    assert run(capsys, "shares")[1] == out  # every shared case: only this one

    code, out, _ = run(capsys, "share", CASE, "--login", bare["police_role"], "--agency", "Police")
    assert code == 0 and "already shared" in out and "nothing changed" in out
    code, out, _ = run(capsys, "unshare", CASE, "--login", bare["police_role"])
    assert code == 0 and "no longer shared" in out
    assert PostgresRepository(bare["police"], listen=False).case_ids() == []
    # An agency no action names yet (its actions come later) is shared, with a note naming those there are.
    code, out, _ = run(capsys, "share", CASE, "--login", bare["yot_role"], "--agency", "Fire Service", *admin)
    assert code == 0 and "agency Fire Service" in out
    assert f"note: no action in case {CASE} names the agency 'Fire Service' yet (its actions name: " in out
    assert "Police" in out.splitlines()[-1]


def test_the_first_share_must_be_the_team_and_the_last_team_stays(
    bare: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, "share", CASE, "--login", bare["police_role"], "--agency", "Police")
    assert "whole team's" in err and "--team" in err
    assert run(capsys, "share", CASE, "--login", bare["team_role"], "--team")[0] == 0
    assert run(capsys, "share", CASE, "--login", bare["police_role"], "--agency", "Police")[0] == 0
    assert "only team" in refused(capsys, "unshare", CASE, "--login", bare["team_role"])
    assert "only team" in refused(capsys, "share", CASE, "--login", bare["team_role"], "--read-only")
    assert run(capsys, "unshare", CASE, "--login", bare["police_role"])[0] == 0
    code, out, _ = run(
        capsys, "unshare", CASE, "--login", bare["team_role"]
    )  # the last row: everyone's again
    assert code == 0 and "whole team's again" in out
    assert "shared with nobody" in run(capsys, "shares", CASE)[1]


def test_bad_input_is_one_line_and_changes_nothing(
    bare: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert run(capsys, "share", CASE, "--login", bare["team_role"], "--team")[0] == 0
    before = run(capsys, "shares")[1]
    assert "not found" in refused(capsys, "share", "NOPE-1", "--login", bare["team_role"], "--team")
    assert "not found" in refused(capsys, "shares", "NOPE-1")
    assert "no such login or role" in refused(capsys, "share", CASE, "--login", "nobody_here", "--team")
    assert "not shared with" in refused(capsys, "unshare", CASE, "--login", bare["yot_role"])
    assert "give the agency" in refused(
        capsys, "share", CASE, "--login", bare["police_role"], "--agency", " "
    )
    assert "one of the arguments" in refused(capsys, "share", CASE, "--login", bare["police_role"])
    assert "not allowed" not in (
        msg := refused(capsys, "unshare", CASE, "--login", bare["team_role"], "--store", bare["team"])
    )
    assert "only the tables' owner" in msg  # a team member may not share
    assert "data folder" in refused(capsys, "shares", "--store", str(tmp_path / "cases"))
    monkeypatch.delenv("MEETINGTUI_STORE")
    assert "data folder" in refused(capsys, "share", CASE, "--login", bare["team_role"], "--team")
    assert "not a usable" in refused(capsys, "shares", "--store", "postgresql://[nonsense")
    monkeypatch.setenv("MEETINGTUI_STORE", bare["owner"])
    assert run(capsys, "shares")[1] == before
