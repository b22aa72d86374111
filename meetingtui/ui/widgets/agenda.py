"""The agenda: items with timeboxes and done / current marks. Choosing one posts ``ItemChosen``."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from meetingtui.core.record.model import Meeting
from meetingtui.ui.safe import one_line


class AgendaList(OptionList):
    BINDINGS = [
        Binding("n", "move(1)", "Next item", id="agenda.next", show=False),
        Binding("p", "move(-1)", "Previous item", id="agenda.prev", show=False),
    ]

    @dataclass
    class ItemChosen(Message):
        key: str

    def show(self, meeting: Meeting, *, current: str | None) -> None:
        """Redraw from the meeting, keeping the highlight where the chair is."""
        options = []
        for n, item in enumerate(meeting.items, start=1):
            # Ticked when the item was really discussed, not merely passed through on the way to another.
            discussed = bool(item.notes or item.decisions) or (item.spent_seconds or 0) >= 60
            done = item.ended_at is not None and item.key != current and discussed
            mark = "▶" if item.key == current else ("✓" if done else " ")
            t = Text(f"{mark} {n:>2} ", style="bold" if item.key == current else "")
            t.append(one_line(item.title, 60))
            if item.timebox_minutes:
                t.append(f"  {item.timebox_minutes}m", style="dim")
            if item.restricted:
                t.append("  [R]", style="bold red")
            options.append(Option(t, id=item.key))
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        target = meeting.item_index(current) if current else (highlighted or 0)
        if options:
            self.highlighted = min(target, len(options) - 1)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ItemChosen(event.option.id))

    def action_move(self, step: int) -> None:
        if self.option_count == 0:
            return
        idx = max(0, min(self.option_count - 1, (self.highlighted or 0) + step))
        self.highlighted = idx
        option = self.get_option_at_index(idx)
        if option.id is not None:
            self.post_message(self.ItemChosen(option.id))
