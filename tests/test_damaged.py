"""A damaged case file is reported by name with its newest good backup, never overwritten; every other case
and the app keep working; ``restore`` brings it back. Damage of every kind: bytes that are not JSON, JSON of
the wrong shape, and stored records breaking each rule of the case-file schema."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.widgets import DataTable

from meetingtui.cli import main
from meetingtui.core.errors import CaseFileDamaged, UserError
from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.home import HomeScreen
from tests.conftest import SAMPLE_TODAY, until

CASE, OTHER = "DEMO-1", "OTHER"
Data = dict[str, Any]


def _meeting(d: Data, n: int = 0) -> Data:
    return list(d["meetings"].values())[n]


def _action(d: Data, n: int = 0) -> Data:
    return list(d["actions"].values())[n]


# Each edit breaks one rule of a stored case database (TinyDB tables: case, meetings, actions, meta).
SCHEMA_DAMAGE: dict[str, Callable[[Data], object]] = {
    "no case record": lambda d: d.__setitem__("case", {}),
    "record not an object": lambda d: d["case"].__setitem__("1", "J.T."),
    "tables not objects": lambda d: d.__setitem__("meetings", [1, 2]),
    "name missing": lambda d: d["case"]["1"].pop("name"),
    "name empty": lambda d: d["case"]["1"].__setitem__("name", ""),
    "name a number": lambda d: d["case"]["1"].__setitem__("name", 7),
    "id not an id": lambda d: d["case"]["1"].__setitem__("id", "../x"),
    "unknown field": lambda d: d["case"]["1"].__setitem__("colour", "red"),
    "bad date": lambda d: _action(d).__setitem__("due", "2026-02-30"),
    "bad date-time": lambda d: _meeting(d).__setitem__("approved_at", "yesterday"),
    "bad time": lambda d: _meeting(d).__setitem__("start", "25:00"),
    "not in the vocabulary": lambda d: _action(d).__setitem__("status", "finished"),
    "item kind unknown": lambda d: _meeting(d)["items"][0].__setitem__("kind", "gossip"),
    "above the maximum": lambda d: _meeting(d).__setitem__("scale", 11),
    "too long": lambda d: d["case"]["1"].__setitem__("notes", "x" * 1_000_001),
    "list expected": lambda d: _meeting(d).__setitem__("items", {"a": 1}),
    "boolean expected": lambda d: _meeting(d)["items"][0].__setitem__("restricted", "yes"),
    "duplicate action id": lambda d: _action(d, 1).__setitem__("id", _action(d)["id"]),
    "duplicate item key": lambda d: _meeting(d)["items"][1].__setitem__(
        "key", _meeting(d)["items"][0]["key"]
    ),
    "action names no meeting": lambda d: _action(d).__setitem__("meeting_id", "M9"),
    "action names no item": lambda d: _action(d).__setitem__("item_key", "nope"),
    "update names no meeting": lambda d: _action(d)["updates"][0].__setitem__("meeting_id", "M9"),
}

BYTE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 3],
    "garbage": lambda raw: b"\x00\xff\xfe garbage" * 50,
    "empty": lambda raw: b"",
    "not utf-8": lambda raw: raw.replace(b'"J.T."', b'"J.\xff."'),
    "json list": lambda raw: b"[1, 2, 3]",
    "json string": lambda raw: b'"case"',
    "json null": lambda raw: b"null",
    "nested too deep": lambda raw: b"[" * 5000 + b"]" * 5000,
}


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """Two cases; the demo case saved in a second session, so a good backup of it exists."""
    r = FileRepository(tmp_path / "data")
    r.create_case(demo_case(SAMPLE_TODAY))
    other = demo_case(SAMPLE_TODAY)
    other.id = OTHER
    r.create_case(other)
    with FileRepository(r.root).transaction(CASE) as tx:
        rec = tx.record()
        rec.notes = "Saved in a second session"
        tx.put_record(rec)
    return FileRepository(r.root)


@pytest.fixture
def short_repo(repo: Repository) -> Iterator[Repository]:
    """``repo`` copied to a short path. The app's error line stops at 220 characters: there it holds the path, the
    reason and the backup's name, wherever pytest puts tmp_path (a pytest-xdist worker's is longer)."""
    with tempfile.TemporaryDirectory(prefix="mt-") as short:
        shutil.copytree(repo.root, Path(short) / "data")
        yield FileRepository(Path(short) / "data")


def _damage_schema(repo: Repository, edit: Callable[[Data], object]) -> bytes:
    path = repo.case_path(CASE)
    data = orjson.loads(path.read_bytes())
    edit(data)
    path.write_bytes(orjson.dumps(data))
    return path.read_bytes()


def _damage_bytes(repo: Repository, edit: Callable[[bytes], bytes]) -> bytes:
    path = repo.case_path(CASE)
    path.write_bytes(edit(path.read_bytes()))
    return path.read_bytes()


def _check_reported_isolated_and_restorable(root: Path, bad: bytes) -> None:
    fresh = FileRepository(root)
    path = fresh.case_path(CASE)
    with pytest.raises(CaseFileDamaged) as err:
        fresh.load_case(CASE)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert err.value.backup is not None and err.value.backup.name in message
    # Nothing writes over it: not a save, not a meeting's notes.
    with pytest.raises(CaseFileDamaged):
        contents.save_notes(fresh, CASE, "M2", "placement", "typed")
    assert path.read_bytes() == bad
    # The other case, and the lists over all cases, keep working.
    assert fresh.load_case(OTHER).meeting("M2") is not None
    entries = {e.case_id: e for e in fresh.entries()}
    assert entries[CASE].damaged is not None and entries[OTHER].summary is not None
    # restore brings back the newest good backup, keeping the damaged file as a backup of its own.
    fresh.restore(CASE)
    assert FileRepository(root).load_case(CASE).name == "J.T."
    assert bad in [b.path.read_bytes() for b in fresh.backups(CASE)]


@pytest.mark.parametrize("name", SCHEMA_DAMAGE)
def test_a_record_breaking_the_schema_is_damaged_not_misread(repo: Repository, name: str) -> None:
    bad = _damage_schema(repo, SCHEMA_DAMAGE[name])
    _check_reported_isolated_and_restorable(repo.root, bad)


@pytest.mark.parametrize("name", BYTE_DAMAGE)
def test_bytes_that_are_no_case_database_are_damaged(repo: Repository, name: str) -> None:
    bad = _damage_bytes(repo, BYTE_DAMAGE[name])
    _check_reported_isolated_and_restorable(repo.root, bad)


def test_a_damaged_case_without_a_good_backup_says_so(tmp_path: Path) -> None:
    r = FileRepository(tmp_path)
    r.create_case(demo_case(SAMPLE_TODAY))  # first session: no backup yet
    r.case_path(CASE).write_bytes(b"{")
    with pytest.raises(CaseFileDamaged, match="no backup found"):
        FileRepository(tmp_path).load_case(CASE)
    with pytest.raises(UserError, match="no backups"):
        FileRepository(tmp_path).restore(CASE)


def test_the_command_line_names_it_and_restore_brings_it_back(repo: Repository, capsys) -> None:
    path = repo.case_path(CASE)
    bad = _damage_bytes(repo, BYTE_DAMAGE["truncated"])
    data = ["--data", str(repo.root)]
    assert main([*data, "cases"]) == 0
    out = capsys.readouterr().out
    assert "DAMAGED" in out and OTHER in out
    assert main([*data, "export-case", CASE, "-o", "-"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "newest good backup" in err[0]
    for argv in (["actions", "--status", "all"], ["search", "J."]):  # cross-case verbs skip it, say so, go on
        assert main([*data, *argv]) == 0, argv
        captured = capsys.readouterr()
        assert f"case {CASE} skipped: {path}: damaged case file" in captured.err
        assert OTHER in captured.out
    assert main([*data, "alerts"]) == 0  # and the alerts list it as overdue
    rows = [line.split(maxsplit=2) for line in capsys.readouterr().out.splitlines()[2:]]
    assert any(r[:2] == ["OVERDUE", CASE] and "cannot be read" in r[2] for r in rows)
    assert path.read_bytes() == bad
    assert main([*data, "restore", CASE]) == 0
    assert "Restored case" in capsys.readouterr().out
    assert FileRepository(repo.root).load_case(CASE).name == "J.T."


async def test_the_app_lists_it_as_damaged_and_keeps_working(short_repo: Repository, tmp_path: Path) -> None:
    repo = short_repo
    bad = _damage_bytes(repo, BYTE_DAMAGE["garbage"])
    ws = Workspace.open(data=repo.root, config=tmp_path / "config")
    ws.today_override = SAMPLE_TODAY
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#cases", DataTable)
        rows = {str(table.get_row_at(n)[0]): table.get_row_at(n) for n in range(table.row_count)}
        assert set(rows) == {CASE, OTHER}
        assert "DAMAGED" in str(rows[CASE][-1])
        # Opening the damaged case: one line naming the file and the backup; the home screen stays.
        table.move_cursor(row=sorted(rows).index(CASE))
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert errors and "\n" not in errors[-1]
        assert f"/cases/{repo.case_path(CASE).name}" in errors[-1] and "newest good backup" in errors[-1]
        assert f"(meetingtui restore {CASE} --list)" in errors[-1]
        # The other case opens.
        table.move_cursor(row=sorted(rows).index(OTHER))
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == OTHER
    assert repo.case_path(CASE).read_bytes() == bad


async def test_a_data_folder_deep_in_a_home_keeps_the_restore_hint(repo: Repository, tmp_path: Path) -> None:
    """The one-line message stops at 220 characters; a long path loses its leading folders first, so the
    file's name and what to do next (the restore command) are still on the line."""
    deep = tmp_path / ("a-very-long-folder-name-" * 4) / "nested" / "again" / "data"
    shutil.copytree(repo.root, deep)
    repo = FileRepository(deep)
    _damage_bytes(repo, BYTE_DAMAGE["garbage"])
    assert len(str(repo.case_path(CASE))) > 150
    ws = Workspace.open(data=deep, config=tmp_path / "config")
    ws.today_override = SAMPLE_TODAY
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        table = app.screen.query_one("#cases", DataTable)
        table.move_cursor(row=[str(table.get_row_at(n)[0]) for n in range(table.row_count)].index(CASE))
        await pilot.press("enter")
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        line = [str(n.message) for n in app._notifications if n.severity == "error"][-1]
        assert len(line) <= 220 and "\n" not in line
        assert f"…/cases/{repo.case_path(CASE).name}" in line
        assert "newest good backup" in line and line.endswith(f"(meetingtui restore {CASE} --list)")


async def test_broken_settings_templates_and_catalogue_are_warnings_not_a_dead_app(
    loaded: Workspace,
) -> None:
    cfg = loaded.config_dir
    (cfg / "agendas").mkdir(parents=True)
    (cfg / "config.toml").write_text('user = "Sam\nmarking = [[[')
    (cfg / "agendas" / "broken.toml").write_bytes(b'id = "x"\n[[item]\ntitle = 1')
    (cfg / "interventions.toml").write_bytes(b"\x00\xff not toml")
    ws = Workspace.open(data=loaded.data_dir, config=cfg)
    ws.today_override = SAMPLE_TODAY
    assert ws.settings.warnings
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CaseScreen)
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        assert any("config.toml" in w for w in warnings)
