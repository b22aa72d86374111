"""The shared screen as an app of its own (``meetingtui present``, ``meetingtui serve --present``).

It only displays: the room screen follows the stored meeting by polling, so no lock is taken and nothing is
written. The command palette is off because whoever sits at a shared browser tab could open it, and a display
has nothing to offer there (Textual's own palette entries include saving a screenshot to disk).
"""

from __future__ import annotations

from textual.binding import Binding

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import MeetingApp
from meetingtui.ui.screens.room import RoomScreen


class PresentApp(MeetingApp):
    TITLE = "meetingtui shared screen"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit", id="present.quit")]

    def __init__(self, ws: Workspace, case_id: str, meeting_id: str) -> None:
        super().__init__(ws, start_screen=RoomScreen(case_id, meeting_id, standalone=True))
        self.case_id = case_id
        self.meeting_id = meeting_id
