"""What the meeting screen's side and foot show, as rich Text built from the stored meeting: the people, the
actions agreed, and the case's alerts due by this meeting. Kept apart from the screen so its module is layout
and state, and each can be tested without a terminal."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from meetingtui.core.config.settings import Settings
from meetingtui.core.meeting import lifecycle
from meetingtui.core.record.model import Case, Meeting
from meetingtui.core.text.durations import countdown, elapsed_of_planned, spoken
from meetingtui.ui.safe import one_line


def alerts_text(case: Case, meeting: Meeting, settings: Settings, today: date) -> tuple[Text, Text]:
    """The case's alerts that fall due by this meeting (the overdue care review, actions owed), so the room
    need not leave the meeting screen to learn what is late: a count for under the title, and each in full for
    the foot of the centre column."""
    from meetingtui.core.rules.alerts import case_alerts

    due = [a for a in case_alerts(case, settings, today) if a.due is None or a.due <= meeting.date]
    line, full = Text(), Text()
    if not due:
        return line, full
    late = sum(1 for a in due if a.severity == "overdue")
    line.append(
        f"⚠ {len(due)} alert{'s' if len(due) != 1 else ''} due by this meeting",
        style="bold red" if late else "yellow",
    )
    line.append(f" ({late} overdue): listed at the end of this item", style="dim")
    full.append("Due by this meeting\n", style="bold")
    for a in due:
        full.append(
            "⚠ " if a.severity == "overdue" else "• ",
            style="bold red" if a.severity == "overdue" else "yellow",
        )
        full.append(one_line(a.labelled) + "\n")
    return line, full


def people_text(meeting: Meeting) -> Text:
    marks = {
        "present": ("✓", "green"),
        "apologies": ("~", "yellow"),
        "absent": ("✗", "red"),
        "invited": ("?", "dim"),
    }
    t = Text()
    if not meeting.attendees:
        t.append("Nobody yet: ctrl+g, or capture 'present+ Name'", style="dim")
    for a in meeting.attendees:
        mark, style = marks.get(a.attendance, ("?", ""))
        t.append(f"{mark} ", style=style)
        t.append(one_line(a.name, 40))
        extra = ", ".join(x for x in (a.agency,) if x)
        if extra:
            t.append(f" ({one_line(extra, 30)})", style="dim")
        if a.attendance in ("apologies", "absent") and a.reason:
            t.append(f" – {one_line(a.reason, 40)}", style="dim")
        if a.arrived:
            t.append(f" in {a.arrived}", style="cyan")
        if a.left:
            t.append(f" out {a.left}", style="cyan")
        t.append("\n")
    return t


def actions_text(case: Case, meeting: Meeting) -> Text:
    # The date now in force: an action carried since (from the CLI, or an earlier review) shows its new date.
    mine = sorted(case.actions_of(meeting.id), key=lambda a: (a.current_due, a.id))
    t = Text()
    if not mine:
        t.append("None yet: ctrl+t, or capture 'a: @Name 14d what'", style="dim")
    for a in mine:
        t.append(f"{a.id} ", style="bold")
        t.append(one_line(a.owner, 30))
        t.append(f" · {a.current_due.strftime('%d %b')}", style="cyan")
        item = meeting.item(a.item_key) if a.item_key else None
        if a.is_restricted or (item is not None and item.restricted):  # restricted on its own, or by its item
            t.append(" [R]", style="bold red")
        t.append("\n  " + one_line(a.text, 200) + "\n")
    return t


def end_question(meeting: Meeting) -> str:
    """What ending asks. Who was there is part of the record: found from outside, a meeting ended with everyone
    still "invited", and only the minutes said so ("Invited (attendance not recorded)")."""
    question = "End the meeting? The minutes become a draft."
    unmarked = [a.name for a in meeting.attendees if a.attendance == "invited"]
    if meeting.attendees and len(unmarked) == len(meeting.attendees):
        return (
            "Nobody's attendance is recorded: everyone is still 'invited' (mark it on the attendance item, or "
            f"'present: Name' on the capture line).\n{question}"
        )
    if unmarked:
        names = ", ".join(one_line(n, 30) for n in unmarked[:4]) + ("…" if len(unmarked) > 4 else "")
        return f"Attendance not recorded for {len(unmarked)}: {names}.\n{question}"
    return question


def bar_text(
    case: Case, m: Meeting, now: datetime, *, narrow: bool, width: int, unsaved: bool, read_only: str | None
) -> Text:
    """The meeting's bar: where we are, the item's countdown, the meeting's elapsed against planned."""
    bar = Text()
    bar.append(f" {one_line(m.title, 24 if narrow else 50)} ", style="bold")
    if not narrow:
        bar.append(f"· {one_line(case.name, 20)} · {m.date.isoformat()} ")
    bar.append("· ")
    status_style = {"in progress": "bold green", "draft": "yellow", "approved": "cyan"}.get(m.status, "")
    bar.append(m.status.upper(), style=status_style)
    # Right after the status, never at the end where a narrow terminal cuts it off.
    if unsaved:
        bar.append("  UNSAVED – retrying", style="bold white on red")
    if read_only is not None:
        bar.append(f"  READ-ONLY ({read_only})", style="bold magenta")
    item = m.item(m.current_item) if m.current_item else None
    if m.status == "in progress" and item is not None:
        spent = lifecycle.item_seconds(m, item, now)
        box = (item.timebox_minutes or 0) * 60
        left = box - spent
        bar.append(" · item " if narrow else "  ·  item ")
        bar.append(
            countdown(abs(left)) + (" left" if left >= 0 else " over"),
            style="bold red" if left < 0 else ("bold yellow" if left < 60 else "bold"),
        )
        total = lifecycle.meeting_seconds(m, now)
        planned = m.planned_minutes() * 60
        bar.append((" · " if narrow else "  ·  meeting ") + elapsed_of_planned(total, planned))
        if planned and total > planned:
            bar.append(f"  OVER by {spoken(total - planned)}", style="bold white on red")
    if narrow:  # the counts the hidden side columns would show, when they fit whole (not "· 3")
        present = sum(1 for a in m.attendees if a.attendance == "present")
        n = len(case.actions_of(m.id))
        tail = f" · {present} present · {n} action{'s' if n != 1 else ''}"
        if bar.cell_len + len(tail) <= width:
            bar.append(tail)
    return bar
