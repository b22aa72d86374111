"""Choose part of an agenda item to restrict (or to lift): a paragraph of notes, a decision, an action, a Signs
of Safety line, a forum's notes. Restricted parts stay in the full minutes only (core/meeting/restrict.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from meetingtui.core.meeting.restrict import Part
from meetingtui.ui.safe import clean


class RestrictPartDialog(ModalScreen[Part | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="restrict_part.cancel")]

    def __init__(self, parts: list[Part]) -> None:
        super().__init__()
        self.parts = parts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Restrict or lift: which part of this item?", classes="dialog-title")
            yield OptionList(
                *[Option(clean(p.label), id=str(n)) for n, p in enumerate(self.parts)], id="parts"
            )

    def on_mount(self) -> None:
        self.query_one("#parts", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.parts[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
