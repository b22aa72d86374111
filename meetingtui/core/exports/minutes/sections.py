"""The parts of the minutes, in the order a reader (or a court) meets them: title block and confidentiality,
attendance, each agenda item with its notes, structured tables, decisions and actions, then the actions table,
the next meeting and who receives the minutes. The ``actions`` reader gets one sheet per agency instead."""

from __future__ import annotations

from collections.abc import Callable

from meetingtui.core.exports.minutes import panels
from meetingtui.core.exports.minutes.compliance import compliance_section, version_history
from meetingtui.core.exports.minutes.document import BOLD, ITALIC, PLAIN, Body, Cell, widths
from meetingtui.core.exports.minutes.readers import (
    ITEM_WITHHELD_LINE,
    READER_LABELS,
    WITHHELD_LINE,
    View,
    by_agency,
)
from meetingtui.core.exports.minutes.words import (
    attendance,
    long_date,
    person,
    stamp_time,
    stamp_words,
)
from meetingtui.core.record.model import Item, Meeting

Progress = Callable[[float, str], None]


def status_line(m: Meeting) -> str:
    if m.status == "approved":
        who = m.approved_by or "the chair"
        when = stamp_words(m.approved_at)
        return f"Approved by {who} on {when}" if when else f"Approved by {who}"
    if m.status == "draft":
        return "Draft: not yet approved by the chair"
    return f"Draft: meeting {m.status}"


def is_draft(m: Meeting) -> bool:
    return m.status != "approved"


def time_words(m: Meeting) -> str:
    """The scheduled start, and when the meeting really ran once it has (a reader in court asks both)."""
    same_day = m.date.isoformat()
    began = stamp_time(m.started_at) if m.started_at and m.started_at[:10] == same_day else None
    end = stamp_time(m.ended_at) if m.ended_at and m.ended_at[:10] == same_day else None
    if began and not (m.start and _minutes_apart(m.start, began) <= 5):
        held = f"held {began} to {end}" if end else f"started {began}"
        return f"Scheduled {m.start}; {held}" if m.start else held[0].upper() + held[1:]
    if not m.start:
        return "Not recorded"
    return f"{m.start} to {end}" if end else m.start


def _minutes_apart(a: str, b: str) -> int:
    try:
        (ah, am), (bh, bm) = (map(int, a.split(":")), map(int, b.split(":")))
    except ValueError:
        return 0
    return abs((ah * 60 + am) - (bh * 60 + bm))


def title_block(view: View, body: Body) -> None:
    m, case = view.meeting, view.case
    body.title(m.title)
    body.para(f"Minutes: {READER_LABELS[view.reader]}", style="Subtitle")
    rows: list[list[Cell]] = [
        ["Young person", f"{case.name} (case {case.id})"],
        ["Date", long_date(m.date)],
        ["Time", time_words(m)],
        ["Place", m.location or "Not recorded"],
        ["Chair", person(m.chair)],
        ["Minute-taker", person(m.minute_taker)],
        ["Status", status_line(m)],
        ["Version", str(m.shown_version)],
    ]
    body.table(None, rows, widths(3.6, 13.4), first_col_bold=True, size=20)
    if view.withheld:
        body.para(WITHHELD_LINE, fmt=BOLD)
    body.para([("Confidentiality. ", BOLD), (view.settings.confidentiality, ITALIC)])


def attendance_section(view: View, body: Body) -> None:
    body.heading("Attendance")
    people = view.meeting.attendees
    if not people:
        body.text(None, empty="No attendance recorded.")
        return
    body.table(
        ["Name", "Role", "Agency", "Attendance"],
        [[a.name, a.role or "", a.agency or "", attendance(a)] for a in people],
        widths(4.2, 3.9, 3.7, 5.2),
    )


def _anchors(m: Meeting) -> dict[str, Item]:
    """For each panel, the first item of the meeting that shows it (restricted or not, so a family version
    never moves a withheld item's table to another item)."""
    out: dict[str, Item] = {}
    for item in m.items:
        panel = panels.PANEL_OF_KIND.get(item.item_kind)
        if panel and panel not in out:
            out[panel] = item
    return out


def item_section(view: View, body: Body, item: Item, anchors: dict[str, Item]) -> None:
    n = view.number(item)
    restricted = item.is_restricted
    body.heading(f"{n}. {item.title}" + (" (restricted)" if restricted else ""))
    if restricted:
        body.para(
            "Restricted: this item is left out of the version for the young person and family.", fmt=ITALIC
        )
    held = item.key in view.held_in  # outside readers only: part of this item was held back from them
    has_notes = bool(item.notes and item.notes.strip())
    body.text(item.notes, empty=None if held else "No notes recorded.")
    if held:
        # Said where it happened, in the words the version uses for withheld content at its top.
        body.para(ITEM_WITHHELD_LINE, fmt=ITALIC, spacing=(60 if has_notes else 0, 120))
    if item.restricted_notes and item.restricted_notes.strip():
        # Only the full version still has these (the outside readers' view has them taken out).
        body.para(
            [("Restricted notes ", BOLD), ("(not in the family's or the young person's version)", ITALIC)]
        )
        body.text(item.restricted_notes)
    panel = panels.PANEL_OF_KIND.get(item.item_kind)
    if panel:
        anchor = anchors[panel]
        if anchor.key == item.key:
            panels.PANELS[panel](view, body, 2)
        elif view.shows(anchor.key):
            body.para(f"See the table under item {view.number(anchor)}.", fmt=ITALIC)
    if item.decisions:
        body.heading("Decisions", 2)
        for k, d in enumerate(item.decisions, 1):
            label = f"Decision {k} (restricted): " if d.is_restricted else f"Decision {k}: "
            body.para([(label, BOLD), (d.text, PLAIN)], keep_next=True)
            body.labelled("Reason", d.reason, missing="not recorded")
            body.labelled("Dissent", d.dissent)
    agreed = view.actions_of(item)
    if agreed:
        body.heading("Actions agreed", 2)
        panels.actions_table(view, body, agreed)


def closing_sections(view: View, body: Body, anchors: dict[str, Item]) -> None:
    m = view.meeting
    has_sos = (
        any(x and x.strip() for x in (m.worries, m.working_well, m.needs_to_happen)) or m.scale is not None
    )
    if has_sos and "signs-of-safety" not in anchors:
        body.heading("Signs of Safety")
        panels.signs_of_safety(view, body, None)
    body.heading("Actions agreed at this meeting")
    if view.agreed:
        panels.actions_table(view, body, view.agreed)
    else:
        body.text(None, empty="No actions were agreed.")
    if "previous-actions" not in anchors and view.reviewed:
        body.heading("Review of previous actions")
        panels.previous_actions(view, body, None)
    body.heading("Next meeting")
    body.para(long_date(m.next_meeting, "Not yet agreed."))
    body.heading("Distribution")
    # Who the minutes say they go to, then everyone a version was recorded as sent to (``circulated --to``).
    sent = [r for c in m.circulations for r in c.recipients]
    names = list(dict.fromkeys([*m.distribution, *sent]))
    if names:
        for who in names:
            body.bullet(who)
    else:
        body.text(None, empty="Not recorded.")
    body.para("Not to be shared further without the agreement of the chair.", fmt=ITALIC, spacing=(120, 0))
    compliance_section(view, body)
    version_history(view, body)


def render_minutes(view: View, body: Body, progress: Progress) -> None:
    title_block(view, body)
    attendance_section(view, body)
    anchors = _anchors(view.meeting)
    total = max(1, len(view.items))
    for n, item in enumerate(view.items):
        progress(0.1 + 0.7 * n / total, f"Item {view.number(item)} of {len(view.meeting.items)}")
        item_section(view, body, item, anchors)
    progress(0.8, "Actions and distribution")
    closing_sections(view, body, anchors)


def render_actions(view: View, body: Body, progress: Progress) -> None:
    """One sheet per agency: what it owes after this meeting, for circulation the same day."""
    m, case = view.meeting, view.case
    groups = by_agency(view)
    if not groups:
        body.title(f"Actions: {m.title}")
        body.para(f"{case.name} (case {case.id}), {long_date(m.date)}")
        body.text(None, empty="No actions are owed after this meeting.")
        return
    for n, (agency, actions) in enumerate(groups):
        progress(0.1 + 0.7 * n / len(groups), f"Actions for {agency or 'no agency'}")
        if n:
            body.section_break()
        body.heading(f"Actions for {agency}" if agency else "Actions with no agency recorded")
        body.para(
            [
                (m.title, BOLD),
                (f": {case.name} (case {case.id}), {long_date(m.date)}. Chair: {person(m.chair)}.", PLAIN),
            ]
        )
        body.para(status_line(m), fmt=ITALIC)
        report_to = person(m.chair) if m.chair else "the chair"
        body.para(
            [
                ("Report progress to ", PLAIN),
                (report_to, BOLD),
                (f" before the next meeting: {long_date(m.next_meeting, 'not yet agreed')}.", PLAIN),
            ]
        )
        panels.actions_table(view, body, actions, sheet=True)
        body.para(
            [("Confidentiality. ", BOLD), (view.settings.confidentiality, ITALIC)],
            spacing=(240, 0),
        )
