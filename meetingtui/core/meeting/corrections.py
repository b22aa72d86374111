"""The correction window: attendees' recorded chance to correct the draft minutes before the chair approves them.

Ending a meeting makes a draft; circulating the draft (``circulated … minutes`` while it is a draft) opens the
window, which closes ``correction_window_working_days`` working days later (local safeguarding procedures give
about 10). Each correction is kept on its agenda item: who asked, what, and whether the chair accepted or declined
it, with a reason for a decline. Approving while the window is still open is allowed (a meeting may need its
minutes at once) but asks why, and the minutes' version history says so.
"""

from __future__ import annotations

from datetime import date, datetime

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting.lifecycle import stamp
from meetingtui.core.record.model import CORRECTION_OUTCOMES, Correction, Item, Meeting, parse_stamp
from meetingtui.core.rules.workdays import add_working_days
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show

NAME_MAX = 200
TEXT_MAX = 20_000


def draft_circulated(m: Meeting) -> date | None:
    """When this draft first went out for corrections: a "minutes circulated" after the last reopen (or ever,
    for minutes never approved); None while it has not, or once the minutes are approved."""
    if m.status != "draft":
        return None
    since = max((n for n, e in enumerate(m.history) if e.event == "reopened"), default=-1)
    for e in m.history[since + 1 :]:
        if e.event == "minutes circulated":
            at = parse_stamp(e.at)
            return at.date() if at else date.fromisoformat(e.at[:10])
    return None


def window(m: Meeting, working_days: int) -> tuple[date, date] | None:
    """(opened, closes) of the draft's correction window, or None when no window is running or has run."""
    opened = draft_circulated(m)
    if opened is None:
        return None
    return opened, add_working_days(opened, working_days)


def undecided(m: Meeting) -> list[tuple[Item, int, Correction]]:
    """Corrections still waiting for the chair: (item, its number on the item from 1, correction)."""
    return [(i, n, c) for i in m.items for n, c in enumerate(i.corrections, start=1) if c.outcome is None]


def _name(value: str, what: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise UserError(f"{what}: a name is needed")
    if len(name) > NAME_MAX:
        raise UserError(f"{what}: longer than {NAME_MAX} characters")
    return name


def _item(m: Meeting, item_key: str) -> Item:
    item = m.item(item_key)
    if item is None:
        keys = ", ".join(i.key for i in m.items)
        raise UserError(f"meeting {m.id}: no agenda item {show(item_key)!r} (items: {keys})")
    return item


def _draft(m: Meeting) -> None:
    if m.status != "draft":
        raise Conflict(
            f"meeting {m.id}: corrections are recorded on draft minutes (it is {m.status}"
            + ("; reopen it first, recorded" if m.status == "approved" else "")
            + ")"
        )


def ask_correction(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    item_key: str,
    *,
    asked_by: str,
    text: str,
    now: datetime | None = None,
) -> tuple[Meeting, int]:
    """Record a correction someone asked for on one item of the draft; returns the meeting and its number."""
    who = _name(asked_by, "asked by")
    words = (text or "").strip()
    if not words:
        raise UserError("correction: say what should change")
    if len(words) > TEXT_MAX:
        raise UserError(f"correction: longer than {TEXT_MAX} characters")
    at = stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        _draft(m)
        item = _item(m, item_key)
        item.corrections.append(Correction(asked_by=who, text=words, at=at))
        tx.put_meeting(m)
        return m, len(item.corrections)


def decide_correction(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    item_key: str,
    number: int,
    *,
    outcome: str,
    by: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> Meeting:
    """The chair accepts or declines a correction; a decline needs a reason (the person asking is owed one).
    Accepting records the decision only: the chair then edits the notes, which logs the change on the item."""
    if outcome not in CORRECTION_OUTCOMES:
        raise UserError(f"{show(outcome)!r}: decide accepted or declined")
    who = _name(by, "decided by")
    why = (reason or "").strip() or None
    if outcome == "declined" and why is None:
        raise UserError("declining a correction needs a reason (it is recorded and shown to who asked)")
    at = stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        _draft(m)
        item = _item(m, item_key)
        if not 1 <= number <= len(item.corrections):
            raise UserError(
                f"meeting {m.id}, item {item.key}: no correction {number} (it has {len(item.corrections)})"
            )
        c = item.corrections[number - 1]
        if c.outcome is not None:
            raise Conflict(f"meeting {m.id}, item {item.key}: correction {number} was already {c.outcome}")
        c.outcome, c.reason, c.decided_by, c.decided_at = outcome, why, who, at
        tx.put_meeting(m)
        return m


def approval_check(m: Meeting, working_days: int, today: date, early_reason: str | None) -> str | None:
    """What approving now must record, or why it cannot happen yet.

    Refused while corrections are undecided (someone asked and is owed an answer). While the window is open,
    approval needs a reason, returned as the note for the "approved" event."""
    left = undecided(m)
    if left:
        first = ", ".join(f"{i.key} #{n} ({c.asked_by})" for i, n, c in left[:4])
        raise Conflict(
            f"meeting {m.id}: {len(left)} correction{'s' if len(left) != 1 else ''} still to accept or "
            f"decline before approval: {first}"
        )
    span = window(m, working_days)
    if span is None or today > span[1]:
        return None
    reason = (early_reason or "").strip()
    if not reason:
        raise UserError(
            f"meeting {m.id}: the correction window is open until {span[1].isoformat()}; approving before it "
            "closes needs a reason (it is recorded)"
        )
    return f"approved before the correction window closed on {span[1].isoformat()}: {reason}"
