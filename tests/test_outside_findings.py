"""Findings from trying the app from the outside (a real terminal, a throwaway data folder)."""

from __future__ import annotations

import os

from textual.widgets import Static

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen

SIZE = (120, 40)


async def test_a_read_only_case_file_does_not_claim_to_follow_another_copy(loaded: Workspace) -> None:
    """A case file chmod 0400 opens the meeting read-only; with no other copy running it, the bar must not say
    "following" (it said "READ-ONLY (following)"), and the file's mode is left as it was."""
    path = loaded.repo.case_path("DEMO-1")
    os.chmod(path, 0o400)
    try:
        app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(1.2)
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            assert screen.follow
            bar = str(screen.query_one("#meeting-bar", Static).render())
            assert "READ-ONLY (cannot save here)" in bar
            assert "following" not in bar
        assert os.stat(path).st_mode & 0o777 == 0o400
    finally:
        os.chmod(path, 0o600)
