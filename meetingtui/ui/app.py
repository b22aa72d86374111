"""The Textual app: thin. Screens do the work; this wires the workspace, theme and global keys."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from meetingtui.core.workspace import Workspace
from meetingtui.ui.screens.home import HomeScreen


class MeetingApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "meetingtui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, ws: Workspace, *, case_id: str | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.start_case = case_id

    def on_mount(self) -> None:
        self.theme = (
            self.ws.settings.theme if self.ws.settings.theme in self.available_themes else "textual-dark"
        )
        for warning in self.ws.settings.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.push_screen(HomeScreen())


def make_app(ws: Workspace, *, case_id: str | None = None) -> MeetingApp:
    """The one factory the CLI and the tests use."""
    return MeetingApp(ws, case_id=case_id)
