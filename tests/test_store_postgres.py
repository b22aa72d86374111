"""What only the team store has: its database's versioned migrations, the audit trail, choosing it from the
command line, config or environment, one-line errors for a bad or unreachable server, the CLI verbs working on
it, and ``store copy`` both ways. The behaviour both stores share is in test_store_contract.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import psycopg
import pytest

from meetingtui.cli import main
from meetingtui.core.errors import NewerFormat, UserError
from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.store.postgres import schema
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.pg import Server

AS_OF = ["--as-of", "2026-11-26"]
CASE, MEETING = "DEMO-1", "M2"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def grant_member(url: str, role: str, *, login: bool = True, member_of: str | None = None) -> None:
    """The grants docs/team.md tells IT to give the team's role (created here cluster-wide, unique name)."""
    dbname = url.split("@/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create role {role} {'login' if login else 'nologin'}")
        if member_of:
            conn.execute(f"grant {member_of} to {role}")
            return
        # A database at a format before the meeting rows (8) gets that table's grants from its upgrade.
        rows = conn.execute("select to_regclass('case_meetings') is not null").fetchone()[0]
        for sql in (
            f"grant connect on database {dbname} to {role}",
            f"grant usage on schema public to {role}",
            f"grant select, insert, update on cases to {role}",
            *([f"grant select, insert, update, delete on case_meetings to {role}"] if rows else []),
            f"grant select, insert on audit to {role}",
            f"grant usage on sequence audit_seq_seq to {role}",
            f"grant select on meetingtui_schema, case_access to {role}",
        ):
            conn.execute(sql)


@pytest.fixture
def empty_db(pg_server: Server) -> str:
    """A database meetingtui has never set up."""
    import uuid

    name = f"empty_{uuid.uuid4().hex}"
    pg_server.admin(f"create database {name}")
    return pg_server.url(name)


# ------------------------------------------------------------------------------------- the database's schema


def test_a_new_database_is_set_up_at_the_current_format(empty_db: str) -> None:
    reader = PostgresRepository(empty_db, read_only=True)
    assert reader.case_ids() == [] and reader.entries() == []  # a reader changes nothing, sees no cases
    with psycopg.connect(empty_db) as conn:
        assert schema.version(conn) is None
    repo = PostgresRepository(empty_db)
    assert repo.schema_version == schema.CURRENT
    with psycopg.connect(empty_db) as conn:
        assert schema.version(conn) == schema.CURRENT


def test_an_older_database_is_upgraded_keeping_its_cases(empty_db: str) -> None:
    """A database set up by the first release (format 1, no audit table) opens, upgrades, keeps its case."""
    demo = demo_case(date(2026, 11, 26))
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute(schema.STEPS[0])
        conn.execute("update meetingtui_schema set version = 1")
        conn.execute(
            "insert into cases (id, data, summary, closed, agreed_in) values (%s, %s, '{}', '[]', '[]')",
            (CASE, json.dumps(_tables(demo))),
        )
    with pytest.raises(UserError, match="store init"):
        PostgresRepository(empty_db, read_only=True)  # a reader never upgrades behind the owner's back
    repo = PostgresRepository(empty_db)
    assert repo.schema_version == schema.CURRENT
    assert repo.export_dict(CASE) == demo.to_dict()
    contents.save_notes(repo, CASE, MEETING, "placement", "after the upgrade")
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("select count(*) from audit").fetchone()[0] == 1


def at_format(conn: psycopg.Connection, n: int) -> None:
    """Set up a new database as the release of format ``n`` left it (its steps, in one transaction)."""
    with conn.transaction():
        for step in schema.STEPS[:n]:
            conn.execute(step)
        conn.execute("update meetingtui_schema set version = %s", (n,))


def _tables(case) -> dict:  # type: ignore[no-untyped-def]
    """The stored form of a case (the file store's tables), as the first release wrote it."""
    doc = case.to_dict(internal=True)
    meetings, actions = doc.pop("meetings"), doc.pop("actions")
    return {
        "case": {"1": doc},
        "meetings": {str(n): m for n, m in enumerate(meetings, 1)},
        "actions": {str(n): a for n, a in enumerate(actions, 1)},
        "meta": {"1": {"schema_version": 1, "case_id": case.id}},
    }


def test_a_database_from_a_newer_meetingtui_is_refused_not_touched(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("update meetingtui_schema set version = %s", (schema.CURRENT + 1,))
    for read_only in (False, True):
        with pytest.raises(NewerFormat, match="newer meetingtui"):
            PostgresRepository(pg_url, read_only=read_only)
    with psycopg.connect(pg_url) as conn:
        assert schema.version(conn) == schema.CURRENT + 1


def test_every_save_leaves_an_audit_row_nobody_can_rewrite(pg_url: str) -> None:
    repo = PostgresRepository(pg_url)
    repo.create_case(demo_case(date(2026, 11, 26)))
    contents.save_notes(repo, CASE, MEETING, "placement", "secret words never in the audit")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        rows = conn.execute("select login, case_id, version, what from audit order by seq").fetchall()
        assert rows == [("postgres", CASE, 1, "created"), ("postgres", CASE, 2, f"meeting {MEETING}")]
        for sql in ("update audit set login = 'someone'", "delete from audit", "truncate audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(sql)
        assert conn.execute("select count(*) from audit").fetchone()[0] == 2


# ------------------------------------------------------------------------------------- choosing the store


def test_the_team_store_is_chosen_by_option_environment_or_config(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--store", pg_url, "demo")[0] == 0
    code, out, _ = run(capsys, "cases", "--store", pg_url, *AS_OF)
    assert code == 0 and "DEMO-1" in out
    assert not (tmp_path / "data" / "cases").exists()  # nothing went to the data folder
    assert "No cases" in run(capsys, "cases")[1]  # the file store is still the default

    monkeypatch.setenv("MEETINGTUI_STORE", pg_url)
    assert "DEMO-1" in run(capsys, "cases")[1]
    monkeypatch.delenv("MEETINGTUI_STORE")

    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'store = "{pg_url}"\n')
    code, out, err = run(capsys, "cases")
    assert code == 0 and "DEMO-1" in out and not err


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("postgresql://chair:hunter2@/x?host=/nonexistent", "cannot connect"),
        ("postgresql://chair:hunter2@[broken", "not a usable PostgreSQL address"),
        ("postgresql:///x?host=/nonexistent&password=hunter2", "cannot connect"),
        ("mysql://chair:hunter2@db/x", "not a store meetingtui knows"),
    ],
)
def test_a_bad_or_unreachable_store_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str], url: str, needle: str
) -> None:
    code, _, err = run(capsys, "--store", url, "cases")
    assert code == 2
    line = one_line(err)
    assert needle in line and "hunter2" not in line


def test_a_missing_database_on_a_running_server_is_one_line(
    capsys: pytest.CaptureFixture[str], pg_server: Server
) -> None:
    code, _, err = run(capsys, "cases", "--store", pg_server.url("no_such_db"))
    assert code == 2 and "no_such_db" in one_line(err) and "cannot connect" in err


# ------------------------------------------------------------------------------------- the verbs on it


def test_the_between_meetings_verbs_work_on_the_team_store(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEETINGTUI_STORE", pg_url)
    repo = PostgresRepository(pg_url)
    repo.create_case(demo_case(date(2026, 11, 26)))
    code, out, _ = run(capsys, "action", CASE, "A3", "carried", "--due", "2w", "--note", "MACE moved", *AS_OF)
    assert code == 0 and "now due 2026-12-10" in out
    _, out, _ = run(capsys, "actions", "--case", CASE, "--format", "json", *AS_OF)
    a3 = next(d for d in json.loads(out) if d["action_id"] == "A3")
    assert a3["status"] == "carried" and a3["current_due"] == "2026-12-10"
    assert PostgresRepository(pg_url).load_case(CASE).action("A3").updates[-1].note == "MACE moved"
    code, _, err = run(capsys, "action", CASE, "A9", "done", *AS_OF)
    assert code == 2 and "no action A9" in one_line(err)
    assert run(capsys, "alerts", *AS_OF)[0] == 0
    code, out, _ = run(capsys, "search", "football")
    assert code == 0 and CASE in out
    out_file = tmp_path / "out.json"
    assert run(capsys, "export-case", CASE, "-o", str(out_file))[0] == 0
    assert json.loads(out_file.read_text())["case"] == repo.export_dict(CASE)
    assert run(capsys, "minutes", CASE, "M1")[0] == 0
    assert list((tmp_path / "exports").glob("*.docx"))
    code, _, err = run(capsys, "import", str(out_file))
    assert code == 2 and "already exists" in one_line(err)
    code, _, err = run(capsys, "restore", CASE, "--list")
    assert code == 2 and "keeps no backups" in one_line(err)


# ------------------------------------------------------------------------------------- moving between stores


def test_store_copy_moves_every_case_both_ways_and_verifies_it(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "chair"
    files = FileRepository(folder)
    demo = demo_case(date(2026, 11, 26))
    files.create_case(demo)
    files.create_case(demo_case(date(2026, 11, 26)).__class__.from_dict({**demo.to_dict(), "id": "DEMO-2"}))
    contents.save_notes(
        files, CASE, MEETING, "placement", "typed on the chair's laptop, with a NUL \x00 in it"
    )

    code, out, err = run(capsys, "store", "copy", "--from", str(folder), "--to", pg_url)
    assert code == 0, err
    assert "2 of 2 cases copied" in out
    team = PostgresRepository(pg_url)
    assert team.case_ids() == ["DEMO-1", "DEMO-2"]
    for cid in team.case_ids():
        assert team.export_dict(cid) == files.export_dict(cid)

    code, _, err = run(capsys, "store", "copy", "--from", str(folder), "--to", pg_url)
    assert code == 2 and "already holds 2" in one_line(err)
    assert run(capsys, "store", "copy", "--from", str(folder), "--to", pg_url, "--replace")[0] == 0

    back = tmp_path / "back"
    code, out, err = run(capsys, "store", "copy", "--from", pg_url, "--to", str(back))
    assert code == 0, err
    again = FileRepository(back)
    for cid in files.case_ids():
        assert again.export_dict(cid) == files.export_dict(cid)
        assert again.load_case(cid).to_dict(internal=True) == files.load_case(cid).to_dict(internal=True)


def test_store_init_sets_up_a_database_and_refuses_a_folder(
    capsys: pytest.CaptureFixture[str], empty_db: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "store", "init", empty_db)
    assert code == 0 and f"database format {schema.CURRENT}" in out
    code, _, err = run(capsys, "store", "init", str(tmp_path))
    assert code == 2 and "postgresql://" in one_line(err)


def test_a_team_member_saves_as_themselves_with_the_documented_grants(pg_server: Server, pg_url: str) -> None:
    """docs/team.md's roles: a member saves (the audit names their login), cannot delete a case, cannot touch
    the audit."""
    import uuid

    member = f"jo_{uuid.uuid4().hex[:8]}"
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    grant_member(pg_url, member)
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    as_member = pg_server.url(dbname, user=member)
    repo = PostgresRepository(as_member)
    contents.save_notes(repo, CASE, MEETING, "placement", "typed by Jo")
    assert repo.load_meeting(CASE, MEETING).item("placement").notes == "typed by Jo"
    with psycopg.connect(as_member, autocommit=True) as conn:
        last = conn.execute("select login, what from audit order by seq desc limit 1").fetchone()
        assert last == (member, f"meeting {MEETING}")
        assert conn.execute("select updated_by from cases").fetchone()[0] == member
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("delete from cases")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("update audit set login = 'someone else'")


def test_a_dropped_connection_is_opened_again_and_a_save_cut_off_saves_nothing(pg_url: str) -> None:
    """The server restarting or the network dropping during a long meeting: the next save connects again."""
    repo = PostgresRepository(pg_url)
    repo.create_case(demo_case(date(2026, 11, 26)))

    def drop_sessions() -> None:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where datname = current_database() and pid <> pg_backend_pid()"
            )

    drop_sessions()
    contents.save_notes(repo, CASE, MEETING, "placement", "after the blip")
    assert PostgresRepository(pg_url).load_meeting(CASE, MEETING).item("placement").notes == "after the blip"

    with pytest.raises(UserError, match="stopped answering"), repo.transaction(CASE) as tx:
        rec = tx.record()
        rec.notes = "never saved"
        tx.put_record(rec)
        drop_sessions()
    assert PostgresRepository(pg_url).load_case(CASE).notes != "never saved"
    assert repo.load_case(CASE).notes != "never saved"


def test_serve_hands_the_team_store_to_each_tab_without_showing_it_on_a_command_line(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from meetingtui.commands._serve_auth import AuthServer

    seen: dict[str, str | None] = {}

    def serve(self) -> None:  # type: ignore[no-untyped-def]
        """Instead of listening: note what each browser tab's app would be started with."""
        import os

        seen["command"] = self.command
        seen["store"] = os.environ.get("MEETINGTUI_STORE")

    monkeypatch.setattr(AuthServer, "serve", serve)
    monkeypatch.setenv("MEETINGTUI_STORE", "")  # restored after the test, whatever serve sets
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert run(capsys, "serve", "--store", pg_url, "--port", str(port))[0] == 0
    assert seen["store"] == pg_url
    assert seen["command"] is not None and "postgresql" not in seen["command"]


def test_a_damaged_row_is_named_left_untouched_and_the_other_cases_keep_working(pg_url: str) -> None:
    from meetingtui.core.errors import CaseFileDamaged
    from meetingtui.core.record.model import Case

    repo = PostgresRepository(pg_url)
    demo = demo_case(date(2026, 11, 26))
    repo.create_case(demo)
    repo.create_case(Case.from_dict({**demo.to_dict(), "id": "DEMO-2"}))
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a hand edit gone wrong
        conn.execute("""update cases set data = '{"case": {"1": {"id": 7}}}', version = version + 1
                        where id = 'DEMO-2'""")
    fresh = PostgresRepository(pg_url)
    with pytest.raises(CaseFileDamaged) as info:
        fresh.load_case("DEMO-2")
    assert "DEMO-2" in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(CaseFileDamaged), fresh.transaction("DEMO-2"):
        pass
    assert fresh.load_case(CASE).id == CASE  # the others keep working
    with psycopg.connect(pg_url) as conn:  # nothing was written over the damaged document
        assert (
            conn.execute("select data::text from cases where id = 'DEMO-2'")
            .fetchone()[0]
            .startswith('{"case"')
        )
    fresh.create_case(Case.from_dict({**demo.to_dict(), "id": "DEMO-2"}), replace=True)  # import over it
    assert fresh.load_case("DEMO-2").name == demo.name


def test_what_the_app_records_as_by_carries_the_database_login(
    capsys: pytest.CaptureFixture[str], pg_server: Server, pg_url: str, tmp_path: Path
) -> None:
    """Circulation, approvals and reopenings record ``settings.user``: on the team store it carries the
    login PostgreSQL authenticated, which a name typed in config.toml cannot fake."""
    import uuid

    from meetingtui.core.workspace import Workspace

    login = f"pc_{uuid.uuid4().hex[:8]}"
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    grant_member(pg_url, login)
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('user = "Owen Reid"\n')
    url = pg_server.url(dbname, user=login)
    assert Workspace.open(store=url, config=config).settings.user == f"Owen Reid ({login})"
    code, out, _ = run(capsys, "--store", url, "circulated", CASE, MEETING, "actions")
    assert code == 0 and f"by Owen Reid ({login})" in out
    history = PostgresRepository(url).load_meeting(CASE, MEETING).history
    assert history[-1].by == f"Owen Reid ({login})"
    assert Workspace.open(config=config).settings.user == "Owen Reid"  # the file store authenticates nobody
