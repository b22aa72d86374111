"""The minute-taker's one-line capture. Posts ``Captured`` with the raw line; the screen parses and stores it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input

from meetingtui.core.meeting.capture import HELP

PREFIXES = ["a: @", "d: ", "n: ", "present+ ", "apologies: ", "absent: ", "late: ", "left: ", "undo"]


class CaptureLine(Input):
    BINDINGS = [Binding("escape", "clear_and_leave", "Leave capture", id="capture.leave", show=False)]

    @dataclass
    class Captured(Message):
        line: str

    @dataclass
    class Left(Message):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            placeholder="Capture: " + HELP,
            suggester=SuggestFromList(PREFIXES, case_sensitive=False),
            **kwargs,  # type: ignore[arg-type]
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Captured(event.value))

    def action_clear_and_leave(self) -> None:
        """Escape cancels: the half-typed line is dropped and nothing is saved."""
        self.value = ""
        self.post_message(self.Left())
