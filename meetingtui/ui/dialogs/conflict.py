"""What the person sees when another copy of the app changed the same field while they were editing it.

Each conflicting field is named with both values; m keeps mine, t takes theirs, b keeps both (text only, the
stored text first). When every field is settled the choices go back to the form, which saves them; Esc goes back
to the form with everything typed still there, and nothing saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from meetingtui.core.record.fields import Record
from meetingtui.core.record.merge import Choice, EditConflict
from meetingtui.ui.safe import clean

WORDS: dict[str, str] = {"mine": "keep mine", "theirs": "take theirs", "both": "keep both"}


def shown(value: Any) -> str:
    """A stored value as the person typed it: a date as a date, a person by name, empty as (empty)."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Record):
        label = getattr(value, "label", None)
        if callable(label):
            return clean(label())
        parts = [f"{k}: {v}" for k, v in value.to_dict().items() if v not in (None, "", [])]
        return clean("; ".join(str(p) for p in parts)) or "(empty)"
    return clean(str(value))


class ConflictDialog(ModalScreen[dict[str, Choice] | None]):
    """Returns a choice per conflicting field, or None (Esc: back to the form, nothing saved)."""

    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("b", "choose('both')", "Keep both", id="conflict.both"),
        Binding("up,shift+tab", "move(-1)", "Previous", show=False, id="conflict.up"),
        Binding("down,tab", "move(1)", "Next", show=False, id="conflict.down"),
        Binding("escape", "back", "Back to the form", id="conflict.back"),
    ]

    def __init__(self, conflict: EditConflict) -> None:
        super().__init__()
        self.conflict = conflict
        self.choices: dict[str, Choice] = {}
        self.current = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Changed in another copy while you were editing", classes="dialog-title")
            yield Static(
                clean(
                    f"{self.conflict.what}: another copy of meetingtui saved a different value in the same "
                    "field. Nothing is saved until you choose. m keep mine · t take theirs · b keep both "
                    "(text) · Esc back to the form"
                ),
                classes="dialog-note",
                markup=False,
            )
            with VerticalScroll(id="conflicts"):
                for n, _c in enumerate(self.conflict.conflicts):
                    yield Static(id=f"conflict-{n}", markup=False, classes="conflict")
            yield Static("", id="conflict-error", classes="field-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        for n, c in enumerate(self.conflict.conflicts):
            t = Text()
            t.append(("▶ " if n == self.current else "  ") + clean(c.label) + "\n", style="bold")
            t.append("  Yours:   ", style="bold green")
            t.append(shown(c.mine) + "\n")
            t.append("  Theirs:  ", style="bold yellow")
            t.append(shown(c.theirs) + "\n")
            chosen = self.choices.get(c.field)
            t.append("  Choice:  " + (WORDS[chosen] if chosen else "not chosen yet"), style="dim")
            self.query_one(f"#conflict-{n}", Static).update(t)
        self.query_one(f"#conflict-{self.current}", Static).scroll_visible()

    def action_move(self, step: int) -> None:
        self.current = (self.current + step) % len(self.conflict.conflicts)
        self._show()

    def action_choose(self, choice: Choice) -> None:
        c = self.conflict.conflicts[self.current]
        error = self.query_one("#conflict-error", Static)
        if choice == "both" and not c.can_keep_both:
            error.update(f"{c.label}: only text can keep both; press m or t")
            error.display = True
            return
        error.display = False
        self.choices[c.field] = choice
        left = [n for n, x in enumerate(self.conflict.conflicts) if x.field not in self.choices]
        if not left:
            self.dismiss(dict(self.choices))
            return
        self.current = left[0]
        self._show()

    def action_back(self) -> None:
        self.dismiss(None)
