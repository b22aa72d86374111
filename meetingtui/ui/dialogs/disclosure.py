"""The disclosure check in the TUI: before the family's or the young person's version is written, each passage
the check stopped on is shown in turn, and the chair restricts it (only the full version keeps it) or allows it
to go. Rewriting is done where the text is edited; the check then runs again. Each decision is recorded with
the chair's name and the time (core/exports/minutes/settle.py)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from meetingtui.core.exports.minutes.disclosure import Hit


class DisclosureDialog(ModalScreen[str | None]):
    """One passage: ``restrict``, ``allow``, or None to stop (nothing is written)."""

    BINDINGS = [
        Binding("escape", "choose(None)", "Stop", id="disclosure.stop"),
        Binding("r", "choose('restrict')", "Restrict", id="disclosure.restrict"),
        Binding("a", "choose('allow')", "Allow", id="disclosure.allow"),
    ]

    def __init__(self, hit: Hit, number: int, total: int, reader: str) -> None:
        super().__init__()
        self.hit, self.number, self.total, self.reader = hit, number, total, reader

    def compose(self) -> ComposeResult:
        h = self.hit
        found = "; ".join(f"{why}: {what}" for what, why in h.found)
        with VerticalScroll(classes="dialog confirm"):
            yield Static(
                f"Before the {self.reader} version goes out: passage {self.number} of {self.total}",
                classes="dialog-title",
                markup=False,
            )
            yield Static(f"{h.where}\n\n{h.text}\n\nFound: {found}", markup=False, id="passage")
            with Horizontal(classes="dialog-buttons"):
                if h.place is not None:
                    yield Button("Restrict (r)", id="restrict", variant="primary")
                yield Button("Allow it to go (a)", id="allow")
                yield Button("Stop (esc)", id="stop")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "stop" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice == "restrict" and self.hit.place is None:
            return
        self.dismiss(choice)
