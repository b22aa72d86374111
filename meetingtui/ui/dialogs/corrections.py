"""Choosing a decision or an action of this meeting to correct or remove (``r`` on the meeting screen).

A chair who recorded something in error needs to reach it from the keyboard: one list of this meeting's
decisions (item by item) and actions, Enter to edit the highlighted one, Delete to remove it with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from meetingtui.core.record.model import Case, Meeting
from meetingtui.ui.safe import clean, one_line


@dataclass(frozen=True)
class Pick:
    """What the chair chose: ``what`` is edit or remove; a decision is (item key, index), an action its id."""

    what: str
    kind: str
    item_key: str = ""
    index: int = 0
    action_id: str = ""


class CorrectionDialog(ModalScreen[Pick | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="correct.cancel"),
        Binding("delete,backspace", "remove", "Remove (with a reason)", id="correct.remove"),
    ]

    def __init__(self, case: Case, meeting: Meeting, first_item: str | None = None) -> None:
        super().__init__()
        self.refs: dict[str, Pick] = {}
        options: list[Option] = []
        for n, item in enumerate(meeting.items, start=1):
            for k, d in enumerate(item.decisions):
                oid = f"d{n}-{k}"
                self.refs[oid] = Pick("edit", "decision", item_key=item.key, index=k)
                t = Text(f"Decision · item {n}: ", style="bold")
                t.append(one_line(clean(d.text), 120))
                options.append(Option(t, id=oid))
        for a in sorted(case.actions_of(meeting.id), key=lambda a: (len(a.id), a.id)):
            oid = f"a-{a.id}"
            self.refs[oid] = Pick("edit", "action", action_id=a.id)
            t = Text(
                f"Action {a.id} · {one_line(clean(a.owner), 30)} by {a.current_due.isoformat()}: ",
                style="bold",
            )
            t.append(one_line(clean(a.text), 120))
            options.append(Option(t, id=oid))
        self.options = options
        # Start on the first decision of the item being viewed, where a correction usually is.
        self.start = next(
            (n for n, o in enumerate(options) if first_item and self.refs[str(o.id)].item_key == first_item),
            0,
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Correct a decision or an action of this meeting", classes="dialog-title")
            if self.options:
                yield OptionList(*self.options, id="correct-list")
            else:
                yield Static("Nothing recorded yet: no decisions or actions to correct.", markup=False)
            yield Static(
                "Enter: edit · Delete: remove, with a reason · Esc: back. The item keeps a line saying what "
                "it said before.",
                classes="dialog-note",
                markup=False,
            )

    def on_mount(self) -> None:
        if self.options:
            lst = self.query_one("#correct-list", OptionList)
            lst.highlighted = self.start
            lst.focus()

    def _chosen(self, what: str) -> None:
        if not self.options:
            self.dismiss(None)
            return
        lst = self.query_one("#correct-list", OptionList)
        if lst.highlighted is None:
            return
        ref = self.refs[str(lst.get_option_at_index(lst.highlighted).id)]
        self.dismiss(Pick(what, ref.kind, ref.item_key, ref.index, ref.action_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen("edit")

    def action_remove(self) -> None:
        self._chosen("remove")

    def action_cancel(self) -> None:
        self.dismiss(None)
