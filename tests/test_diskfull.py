"""A full disk or a read-only folder: a clear message, the typed text kept in memory and saved as soon as the
disk allows, and nothing on disk damaged.

Two ways to make the disk refuse: a fault injected where every write passes (``disk.write_atomic``), and a
real tiny tmpfs (filled up, or remounted read-only), used when this machine lets the tests mount one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from meetingtui.core import disk
from meetingtui.core.errors import StorageUnavailable
from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen
from tests.conftest import SAMPLE_TODAY

CASE, MEETING, KEY = "DEMO-1", "M2", "review-actions"


class Disk:
    """Makes every write fail with ``errno`` while ``full`` is set, as a full or read-only disk does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, err: int = errno.ENOSPC) -> None:
        self.full = False
        self.err = err
        self.refused: list[Path] = []
        real = disk.write_atomic

        def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
            if self.full:
                self.refused.append(path)
                raise StorageUnavailable(path, os.strerror(self.err))
            real(path, data, sync=sync)

        monkeypatch.setattr(disk, "write_atomic", write_atomic)


def _debris(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if disk.TMP_MARK in p.name]


# ------------------------------------------------------------------------------------------- real tmpfs


@contextlib.contextmanager
def tiny_tmpfs(path: Path, size: str = "400k") -> Iterator[Path]:
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("no mount command here")
    path.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip() or proc.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_refuses_the_save_and_keeps_the_old_file(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "mnt") as mnt:
        repo = FileRepository(mnt / "data")
        repo.create_case(demo_case(SAMPLE_TODAY))
        path = repo.case_path(CASE)
        before = path.read_bytes()
        filler = fill(mnt)
        with pytest.raises(StorageUnavailable, match="No space left on device"):
            contents.save_notes(repo, CASE, MEETING, KEY, "Typed while the disk was full " * 200)
        assert path.read_bytes() == before
        assert FileRepository(mnt / "data").load_case(CASE).name == "J.T."
        assert not _debris(mnt)
        filler.unlink()
        contents.save_notes(repo, CASE, MEETING, KEY, "Saved once there was room")
        assert (
            FileRepository(mnt / "data").load_meeting(CASE, MEETING).item(KEY).notes
            == "Saved once there was room"
        )


def test_a_read_only_file_system_refuses_the_save_and_damages_nothing(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "mnt") as mnt:
        repo = FileRepository(mnt / "data")
        repo.create_case(demo_case(SAMPLE_TODAY))
        before = {p: p.read_bytes() for p in mnt.rglob("*") if p.is_file()}
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        with pytest.raises(StorageUnavailable, match="Read-only file system"):
            contents.save_notes(repo, CASE, MEETING, KEY, "Typed on a read-only disk")
        # Reading still works, and a new session on the read-only folder can still open every case.
        assert FileRepository(mnt / "data", read_only=True).load_case(CASE).name == "J.T."
        subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        assert {p: p.read_bytes() for p in mnt.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through folder permissions")
def test_an_unwritable_folder_refuses_the_save(tmp_path: Path) -> None:
    repo = FileRepository(tmp_path / "data")
    repo.create_case(demo_case(SAMPLE_TODAY))
    before = repo.case_path(CASE).read_bytes()
    repo.cases_dir.chmod(0o500)
    try:
        with pytest.raises(StorageUnavailable, match="Permission denied"):
            contents.save_notes(repo, CASE, MEETING, KEY, "x")
    finally:
        repo.cases_dir.chmod(0o700)
    assert repo.case_path(CASE).read_bytes() == before


# ---------------------------------------------------------------------------------------- injected fault


def test_a_refused_backup_refuses_the_save_and_leaves_nothing_behind(
    loaded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = FileRepository(loaded.data_dir)  # a new session: its first save takes a backup
    disk = Disk(monkeypatch)
    before = repo.case_path(CASE).read_bytes()
    disk.full = True
    with pytest.raises(StorageUnavailable, match="No space left"):
        contents.save_notes(repo, CASE, MEETING, KEY, "x")
    assert disk.refused[0].parent == repo.backups_dir / CASE  # the backup comes first and was refused
    assert repo.case_path(CASE).read_bytes() == before
    assert not list((repo.backups_dir / CASE).glob("*.json")) or all(
        repo.backup_is_good(b.path) for b in repo.backups(CASE)
    )
    disk.full = False
    contents.save_notes(repo, CASE, MEETING, KEY, "y")
    assert FileRepository(loaded.data_dir).load_meeting(CASE, MEETING).item(KEY).notes == "y"


def test_a_refused_index_write_does_not_fail_a_save_that_was_made(
    loaded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else the minute-taker is told an action was not saved, types it again, and it is there twice."""
    repo = loaded.repo
    real = disk.write_atomic

    def index_refused(path: Path, data: bytes, *, sync: bool = True) -> None:
        if path.parent == repo.index_dir:
            raise StorageUnavailable(path, "No space left on device")
        real(path, data, sync=sync)

    monkeypatch.setattr(disk, "write_atomic", index_refused)
    action = contents.add_action(
        repo,
        CASE,
        MEETING,
        item_key=KEY,
        text="Book the review",
        owner="Grace Obi",
        agency=None,
        due=SAMPLE_TODAY,
    )
    monkeypatch.undo()
    fresh = FileRepository(loaded.data_dir)
    assert [a.id for a in fresh.load_case(CASE).actions].count(action.id) == 1
    assert action.id in {a["id"] for a in fresh.summary_raw(CASE)["actions"]}  # the stale index is rebuilt


# ------------------------------------------------------------------------------------------------ the TUI


def _bar(screen: MeetingScreen) -> str:
    return str(screen.query_one("#meeting-bar", Static).content)


def _said(app, text: str) -> bool:  # type: ignore[no-untyped-def]
    return any(text in str(n.message) for n in app._notifications)


async def _type_through_a_full_disk(ws: Workspace, make_full, make_room) -> None:  # type: ignore[no-untyped-def]
    path = ws.repo.case_path(CASE)
    original = ws.repo.load_meeting(CASE, MEETING).item(KEY).notes or ""
    typed = "[b]ok[/b]"  # short: each key press costs a screen refresh
    app = make_app(ws, start_screen=MeetingScreen(CASE, MEETING))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        before = path.read_bytes()
        make_full()
        await pilot.press("i", *typed)
        await pilot.pause(0.5)  # at least one autosave
        notes = screen.query_one("#notes", TextArea)
        assert "UNSAVED" in _bar(screen)
        assert _said(app, "Notes NOT saved: No space left on device")
        assert notes.text == original + typed  # typing goes on at the end of the item's notes
        assert path.read_bytes() == before  # untouched and still a good case file
        assert FileRepository(ws.data_dir).load_meeting(CASE, MEETING).item(KEY).notes == original
        await pilot.press("escape", "q")  # leaving would drop the only copy: refused once, with the reason
        assert app.screen is screen
        assert _said(app, "press q again to leave WITHOUT them")
        await pilot.press("ctrl+q")  # quitting the app: the same
        assert app.screen is screen and not app._exit
        assert _said(app, "press Ctrl+Q again to leave WITHOUT them")
        await pilot.press("i")  # back into the notes, where the cursor was

        await pilot.press(*" ok")  # typing goes on while the disk is full
        make_room()
        await pilot.pause(0.5)  # the next autosave succeeds without anyone doing anything
        assert _said(app, "Notes saved again.")
        assert "UNSAVED" not in _bar(screen)
        stored = FileRepository(ws.data_dir).load_meeting(CASE, MEETING).item(KEY).notes
        assert stored == original + typed + " ok"
        await pilot.press("escape", "q")


async def test_the_meeting_screen_keeps_typing_through_a_full_disk(
    loaded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk(monkeypatch)

    def full() -> None:
        disk.full = True

    def room() -> None:
        disk.full = False

    await _type_through_a_full_disk(loaded, full, room)
    assert disk.refused


async def test_the_meeting_screen_on_a_really_full_tmpfs(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "mnt") as mnt:
        ws = Workspace.open(data=mnt / "data", config=tmp_path / "config")
        ws.today_override = SAMPLE_TODAY
        ws.repo.create_case(demo_case(SAMPLE_TODAY))
        filler: list[Path] = []
        await _type_through_a_full_disk(ws, lambda: filler.append(fill(mnt)), lambda: filler[0].unlink())
        assert not _debris(mnt)


async def test_a_meeting_on_a_read_only_file_system_opens_read_only_with_the_reason(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "mnt") as mnt:
        FileRepository(mnt / "data").create_case(demo_case(SAMPLE_TODAY))
        (mnt / "data" / "cases" / f".{CASE}.json{disk.TMP_MARK}999999999-dead").write_bytes(b"crash debris")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        ws = Workspace.open(data=mnt / "data", config=tmp_path / "config")  # debris it cannot clear: opens
        app = make_app(ws, start_screen=MeetingScreen(CASE, MEETING))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            assert isinstance(app.screen, MeetingScreen)
            assert app.screen.query_one("#notes", TextArea).read_only
            assert _said(app, "Cannot save in this data folder (Read-only file system)")
