"""A case file the owner made read-only (0400), or a cases/ folder at 0500, is respected (issue 19): the case
opens read-only and says why, every save is refused with one line, and the mode is never put back to 0600/0700
nor the file rewritten. Judged by the mode, so it holds for root too (these tests run as root)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import TextArea

from meetingtui.cli import main
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.meeting import MeetingScreen

CASE = "DEMO-1"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo_data(capsys: pytest.CaptureFixture[str]) -> FileRepository:
    assert main(["demo"]) == 0
    capsys.readouterr()
    return Workspace.open().repo  # type: ignore[return-value]


def test_a_read_only_case_file_refuses_saves_and_keeps_its_mode(
    demo_data: FileRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_data.case_path(CASE)
    path.chmod(0o400)
    before = path.read_bytes()
    assert main(["action", CASE, "A4", "done", "--as-of", "2026-11-26"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "read-only" in err[0] and "0400" in err[0] and str(path) in err[0]
    FileRepository(demo_data.root)  # a start
    assert main(["cases"]) == 0 and main(["actions"]) == 0  # reading still works
    assert _mode(path) == 0o400 and path.read_bytes() == before


def test_a_read_only_cases_folder_refuses_saves_and_keeps_its_mode(
    demo_data: FileRepository, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = demo_data.cases_dir
    folder.chmod(0o500)
    try:
        before = sorted(p.name for p in folder.iterdir())
        assert main(["action", CASE, "A4", "done", "--as-of", "2026-11-26"]) == 3
        assert "cases/ is read-only (mode 0500)" in capsys.readouterr().err
        FileRepository(demo_data.root)  # a start used to chmod it back to 0700
        assert _mode(folder) == 0o500
        assert sorted(p.name for p in folder.iterdir()) == before
    finally:
        folder.chmod(0o700)


async def test_the_tui_opens_a_read_only_case_read_only_and_says_why(loaded: Workspace) -> None:
    path = loaded.repo.case_path(CASE)
    path.chmod(0o400)
    before = path.read_bytes()
    app = make_app(loaded, start_screen=CaseScreen(CASE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert any(
            "opened read-only" in str(n.message) and "0400" in str(n.message) for n in app._notifications
        )
        app.push_screen(MeetingScreen(CASE, "M2"))
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.follow
        assert screen.query_one("#notes", TextArea).read_only
        assert any("Opened read-only" in str(n.message) for n in app._notifications)
    assert _mode(path) == 0o400 and path.read_bytes() == before
    assert not list(path.parent.glob(f"{CASE}.*.session"))


async def test_notes_typed_when_the_file_turns_read_only_are_kept_not_lost(loaded: Workspace) -> None:
    path = loaded.repo.case_path(CASE)
    app = make_app(loaded, start_screen=MeetingScreen(CASE, "M2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        notes = app.screen.query_one("#notes", TextArea)
        notes.focus()
        notes.move_cursor(notes.document.end)
        path.chmod(0o400)
        before = path.read_bytes()
        await pilot.press(*" kept")
        await pilot.pause(0.6)
        assert path.read_bytes() == before and _mode(path) == 0o400  # refused, not rewritten
        assert notes.text.endswith(" kept")  # still on screen
        assert any(
            "NOT saved" in str(n.message) and "read-only" in str(n.message) for n in app._notifications
        )
        path.chmod(0o600)  # the owner allows changes again: the kept text is saved by itself
        await pilot.pause(0.6)
        assert (
            FileRepository(loaded.data_dir).load_meeting(CASE, "M2").item("review-actions").notes or ""
        ).endswith(" kept")
