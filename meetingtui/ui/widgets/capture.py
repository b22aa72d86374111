"""The minute-taker's one-line capture, and the mode label beside it.

``CaptureLine`` posts ``Captured`` with the raw line; the screen parses and stores it. Escape on a line holding
text keeps it: ↑ brings it back (a half-typed decision is hard to type again mid-meeting).

``ModeLabel`` names where typing goes, in a fixed place at the bottom-left of the meeting screen: NOTES (item n),
CAPTURE, FORM (a form or dialog is open over the meeting) or COMMANDS (single-letter keys are live). It follows the
screen's focus and the screen stack, so it is true after every key.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static, TextArea

from meetingtui.core.meeting.capture import HELP

PREFIXES = ["a: @", "d: ", "n: ", "present+ ", "apologies: ", "absent: ", "late: ", "left: ", "undo"]


class CaptureLine(Input):
    BINDINGS = [
        Binding("escape", "clear_and_leave", "Leave capture", id="capture.leave", show=False),
        Binding("up", "recall", "Bring back the last line", id="capture.recall", show=False),
    ]

    @dataclass
    class Captured(Message):
        line: str

    @dataclass
    class Left(Message):
        kept: str  # the text set aside ("" when the line was empty)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            placeholder="Capture: " + HELP,
            suggester=SuggestFromList(PREFIXES, case_sensitive=False),
            **kwargs,  # type: ignore[arg-type]
        )
        self.kept: list[str] = []  # lines set aside by Escape, newest last

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """An ``i`` on an empty line is the key to the notes (no capture starts with "i"): leave it to the
        screen's binding, so ``i`` reaches the notes from anywhere."""
        if key == "i" and not self.value:
            return False
        return super().check_consume_key(key, character)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Captured(event.value))

    def action_clear_and_leave(self) -> None:
        """Escape leaves the line and saves nothing; text typed is set aside, and ↑ brings it back."""
        kept = self.value
        if kept.strip():
            self.kept.append(kept)
        self.value = ""
        self.post_message(self.Left(kept.strip() and kept))

    def action_recall(self) -> None:
        if not self.kept:
            return
        if self.value.strip():
            self.kept.insert(0, self.value)
        self.value = self.kept.pop()
        self.cursor_position = len(self.value)


class ModeLabel(Static):
    """Where typing goes. Reads the screen it sits on (its ``viewing`` item and meeting) without owning them."""

    DEFAULT_CSS = """
    ModeLabel { width: auto; min-width: 10; padding: 0 1; text-style: bold; background: $accent; color: $text; }
    """

    def on_mount(self) -> None:
        self._home = self.screen
        self.watch(self.screen, "focused", self.refresh_mode)
        self.app.screen_change_signal.subscribe(self, lambda _screen: self.refresh_mode())
        self.set_interval(0.5, self.refresh_mode)  # the item number follows Ctrl+↓ / Ctrl+↑
        self.refresh_mode()

    def mode(self) -> str:
        home: Screen = self._home
        if self.app.screen is not home:
            return "FORM"
        focused = home.focused
        if isinstance(focused, CaptureLine):
            return "CAPTURE"
        if isinstance(focused, TextArea) and focused.id == "notes":
            meeting = getattr(home, "meeting", None)
            key = getattr(home, "viewing", None)
            if meeting is not None and key is not None and meeting.item(key) is not None:
                return f"NOTES (item {meeting.item_index(key) + 1})"
            return "NOTES"
        if isinstance(focused, Input | TextArea):
            return "TYPING"
        return "COMMANDS"

    def refresh_mode(self, *_args: object) -> None:
        if not self.is_attached:
            return
        self.update(Text(self.mode()))


class CaptureBar(Horizontal):
    """The bottom line of the meeting screen: the mode, then the capture line."""

    DEFAULT_CSS = """
    CaptureBar { dock: bottom; height: 1; margin-bottom: 1; }
    CaptureBar > CaptureLine { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield ModeLabel(id="mode")
        yield CaptureLine(id="capture", compact=True)
