"""The shared screen: what the room (or the call) sees. Large and calm: the current item and its questions, the
timer, and what has been decided and agreed so far.

It never shows notes, and never anything from a restricted item: the filtering lives in
:func:`meetingtui.core.exports.room.room_view`, the one place that decides what is safe to show, and this screen only
draws what that returns. It follows the stored meeting, so it works as an overlay on the minute-taker's own
terminal and in another terminal or a browser (``meetingtui present``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Static

from meetingtui.core import clock
from meetingtui.core.errors import UserError
from meetingtui.core.exports.room import RoomView, room_view
from meetingtui.core.text.durations import countdown, elapsed_of_planned, spoken
from meetingtui.ui.safe import clean

POLL_SECONDS = 0.5


class RoomScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+r,escape", "back", "Back to the meeting", id="room.back", priority=True),
    ]

    def __init__(self, case_id: str, meeting_id: str, *, standalone: bool = False) -> None:
        super().__init__()
        self.case_id = case_id
        self.meeting_id = meeting_id
        self.standalone = standalone
        self.view: RoomView | None = None

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Static(id="room-head", markup=False)
            with Horizontal(id="room-top"):
                yield Static(id="room-title", markup=False)
                with Vertical(id="room-clock-box"):
                    yield Digits("", id="room-clock")
                    yield Static("", id="room-clock-label", markup=False)
            with VerticalScroll(id="room-lists"):
                yield Static(id="room-prompts", markup=False)
                yield Static(id="room-decisions", markup=False)
                yield Static(id="room-actions", markup=False)
        yield Static(id="room-foot", markup=False)

    def on_mount(self) -> None:
        # Toasts belong to the minute-taker's view (they can quote a restricted action): never on the room's.
        self.app.clear_notifications()
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self._poll)
        self.set_interval(1.0, self._clock)

    def _poll(self) -> None:
        if self.ws.repo.changed_on_disk(self.case_id):
            self.refresh_view()

    def refresh_view(self) -> None:
        try:
            case = self.ws.repo.load_case(self.case_id)
        except UserError as exc:
            self.query_one("#room-title", Static).update(Text(clean(str(exc)), style="bold red"))
            return
        meeting = case.meeting(self.meeting_id)
        if meeting is None:
            self.query_one("#room-title", Static).update("This meeting no longer exists.")
            return
        self.view = room_view(case, meeting, clock.now())
        v = self.view
        head = Text(f"{clean(v.meeting_title)}  ·  {clean(v.case_name)}  ·  {clean(v.marking)}", style="bold")
        self.query_one("#room-head", Static).update(head)
        title = Text()
        if v.position:
            title.append(f"Item {v.position} of {v.total}\n", style="dim")
        title.append(clean(v.item_title) if v.item_title else "", style="bold")
        if v.withheld_item:
            title.append(
                "This item is restricted and is not shown on the shared screen.", style="bold yellow"
            )
        if not v.item_title and not v.withheld_item:
            title.append(v.state, style="bold")
        self.query_one("#room-title", Static).update(title)
        prompts = Text()
        for p in v.prompts:
            prompts.append("•  " + clean(p) + "\n")
        self.query_one("#room-prompts", Static).update(prompts)
        dec = Text()
        dec.append("Decisions so far\n", style="bold underline")
        for d in v.decisions:
            dec.append("•  " + clean(d.text))
            if d.reason:
                dec.append("  reason: " + clean(d.reason), style="dim")
            dec.append("\n")
        if not v.decisions:
            dec.append("None yet.\n", style="dim")
        self.query_one("#room-decisions", Static).update(dec)
        act = Text()
        act.append("\nActions agreed\n", style="bold underline")
        for a in v.actions:
            act.append(f"•  {clean(a.owner)}", style="bold")
            act.append(f" ({clean(a.agency)})" if a.agency else "")
            act.append(f"  by {a.current_due.isoformat()}:  ")  # carried since: the date now in force
            act.append(clean(a.text) + "\n")
        if not v.actions:
            act.append("None yet.\n", style="dim")
        self.query_one("#room-actions", Static).update(act)
        self._clock()

    def _clock(self) -> None:
        v = self.view
        if v is None:
            return
        digits = self.query_one("#room-clock", Digits)
        label = self.query_one("#room-clock-label", Static)
        since = int((clock.now() - v.as_of).total_seconds()) if v.running else 0  # stopped unless running
        if v.item_seconds_left is None or not v.running:
            digits.update("")
            label.update("")
        else:
            left = v.item_seconds_left - since
            digits.update(countdown(abs(left)))
            digits.set_class(left < 0, "over")
            label.update("item over time" if left < 0 else "item time left")
        foot = Text()
        if v.running and v.meeting_seconds is not None:
            total = v.meeting_seconds + since
            foot.append(f"Meeting running {elapsed_of_planned(total, v.planned_seconds)} planned")
            if v.planned_seconds and total > v.planned_seconds:
                foot.append(f"   OVER by {spoken(total - v.planned_seconds)}", style="bold white on red")
        else:
            foot.append(v.state, style="bold")
            if v.meeting_seconds is not None:
                foot.append(f"  It ran {spoken(v.meeting_seconds)}.")
        if not self.standalone:
            foot.append("    Ctrl+R / Esc: back", style="dim")
        self.query_one("#room-foot", Static).update(foot)

    def action_back(self) -> None:
        if self.standalone:
            self.app.exit()
        else:
            self.app.pop_screen()
