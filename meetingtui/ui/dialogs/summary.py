"""What the meeting agreed, by agency: shown when the meeting ends, so the room leaves knowing who owes what."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from meetingtui.core.record.model import Action, Case, Meeting
from meetingtui.core.rules.restricted import is_restricted
from meetingtui.ui.safe import clean


def owed_after(case: Case, meeting: Meeting) -> list[Action]:
    """What each agency owes when the room leaves: the actions agreed here, and earlier ones this meeting
    carried to a new date (they are owed just the same)."""
    carried = [
        a
        for a in case.actions
        if a.meeting_id != meeting.id and (u := a.update_in(meeting.id)) is not None and u.status == "carried"
    ]
    return [*case.actions_of(meeting.id), *carried]


def summary_text(case: Case, meeting: Meeting) -> Text:
    t = Text()
    decisions = [(i, d) for i in meeting.items for d in i.decisions]
    t.append(f"Decisions ({len(decisions)})\n", style="bold underline")
    for item, d in decisions:
        t.append("• ")
        if item.restricted or d.is_restricted:
            t.append("[RESTRICTED] ", style="bold red")
        t.append(clean(d.text))
        t.append(f"  [{clean(item.title)}]\n", style="dim")
    by_agency: dict[str, list] = defaultdict(list)
    for a in owed_after(case, meeting):
        by_agency[a.agency or "No agency given"].append(a)
    t.append(f"\nActions by agency ({sum(len(v) for v in by_agency.values())})\n", style="bold underline")
    for agency in sorted(by_agency):
        t.append(clean(agency) + "\n", style="bold")
        for a in sorted(by_agency[agency], key=lambda a: (a.current_due, a.id)):
            t.append(f"  {a.id} {clean(a.owner)} by {a.current_due.isoformat()}: ")
            if is_restricted(case, a):
                t.append("[RESTRICTED] ", style="bold red")
            t.append(clean(a.text))
            if a.meeting_id != meeting.id:
                t.append("  (carried at this meeting)", style="yellow")
            t.append("\n")
    t.append("\nNext meeting: ", style="bold")
    t.append(meeting.next_meeting.isoformat() if meeting.next_meeting else "not set")
    return t


class SummaryDialog(ModalScreen[str | None]):
    """Closes with what to do next: ``"write_minutes"`` (w), ``"approve"`` (a), or None (Esc). The meeting screen
    runs it: the note below said "w writes the minutes; a approves them" and neither key did anything here
    (found from outside)."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="summary.close"),
        Binding("w", "next('write_minutes')", "Write the minutes", id="summary.minutes"),
        Binding("a", "next('approve')", "Approve", id="summary.approve"),
    ]

    def __init__(self, case: Case, meeting: Meeting) -> None:
        super().__init__()
        self.case, self.meeting = case, meeting

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label("Meeting ended: the minutes are a draft", classes="dialog-title")
            yield Static(summary_text(self.case, self.meeting), id="summary", markup=False)
            yield Static("w writes the minutes; a approves them. Esc closes.", classes="dialog-note")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_next(self, what: str) -> None:
        self.dismiss(what)
