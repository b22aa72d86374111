"""Action dispositions, the carry-forward into the next meeting, and the disposition gate.

Multi-agency work fails when an agreed action is quietly forgotten. So every later meeting of a case reviews
each action still owed from earlier meetings, and a meeting cannot end until each of them has a disposition
recorded in that meeting: done, carried to a new date with a reason, or dropped with a reason. Each change is
kept as an ``ActionUpdate`` with its date, so the history of an action reads like a log.
"""

from __future__ import annotations

from datetime import date

from meetingtui.core.errors import Conflict, NotFound, UserError
from meetingtui.core.record.model import (
    ACTION_STATUSES,
    Action,
    ActionUpdate,
    Case,
    Circulation,
    Event,
    Meeting,
    now_stamp,
    parse_stamp,
)
from meetingtui.core.record.schema import is_datetime, show
from meetingtui.core.store.base import Repository, check_id

NOTE_MAX = 1_000_000
BY_MAX = 200
CIRCULATED = {"actions": "actions circulated", "minutes": "minutes circulated"}
CIRCULATION_READERS = ("full", "family", "young-person", "actions")


def _meeting_order(m: Meeting) -> tuple[date, str]:
    return (m.date, m.start or "")


def came_before(a: Meeting, b: Meeting) -> bool:
    """Whether meeting ``a`` was held before ``b``. Two meetings on one day are ordered by when they really
    started; one that has started comes before one that has not, whatever time the later was booked for (a
    second meeting booked for 10:00 on a day whose first ran at 15:12 still reviews the first's actions)."""
    if a.id == b.id:
        return False
    if a.date != b.date:
        return a.date < b.date
    sa, sb = parse_stamp(a.started_at), parse_stamp(b.started_at)
    if sa is not None and sb is not None:
        return sa < sb
    if sa is not None or sb is not None:
        return sa is not None
    return (a.start or "", a.id) < (b.start or "", b.id)


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    text = note.strip()
    if not text:
        return None
    if len(text) > NOTE_MAX:
        raise UserError(f"note: longer than {NOTE_MAX} characters ({len(text)})")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise UserError("note: contains characters that cannot be stored (broken UTF-16 surrogates)")
    return text


def check_disposition(
    action: Action, status: str, *, on: date, due: date | None, note: str | None, agreed_on: date | None
) -> None:
    """The rules for a status change, raising a one-line UserError naming the action and what is missing."""
    where = f"action {action.id}"
    if status not in ACTION_STATUSES:
        raise UserError(f"{where}: status {show(status)!r} is not one of: {', '.join(ACTION_STATUSES)}")
    if agreed_on is not None and on < agreed_on:
        raise UserError(
            f"{where}: date {on.isoformat()} is before the meeting that agreed it ({agreed_on.isoformat()})"
        )
    if status == "carried":
        if due is None:
            raise UserError(f"{where}: carrying it needs a new due date")
        if due <= on:
            raise UserError(
                f"{where}: the new due date {due.isoformat()} must be after {on.isoformat()} (the date of this update)"
            )
        if note is None:
            raise UserError(f"{where}: carrying it needs a reason (a note)")
    elif due is not None:
        raise UserError(f"{where}: a new due date only goes with 'carried', not {status!r}")
    if status == "dropped" and note is None:
        raise UserError(f"{where}: dropping it needs a reason (a note)")


class ChangedElsewhere(Conflict):
    """An action updated by someone else since the form deciding its status was opened."""

    def __init__(self, action: Action, news: list[ActionUpdate]) -> None:
        said = "; ".join(
            f"{u.date.isoformat()} {u.status}"
            + (f" to {u.due.isoformat()}" if u.due else "")
            + (f" ({u.note})" if u.note else "")
            for u in news
        )
        super().__init__(
            f"action {action.id}: updated in another copy while you were deciding ({said}); yours was not "
            "saved: look again and save it if it still stands"
        )
        self.action = action


def record_disposition(
    repo: Repository,
    case_id: str,
    action_id: str,
    status: str,
    *,
    on: date,
    due: date | None = None,
    note: str | None = None,
    meeting_id: str | None = None,
    seen: list[ActionUpdate] | None = None,
) -> Action:
    """Record a status change (done / carried / dropped, or open to reopen) as an update, in one transaction.

    With ``meeting_id`` it is that meeting's disposition of the action: recording again in the same meeting
    replaces the earlier one (the chair changed their mind) instead of stacking two. Without, it is a
    between-meetings update from the tracker and is always added. Nothing is stored when a rule is broken.

    ``seen``: the updates the person deciding saw (a form opened earlier). If the stored ones differ (someone
    else updated the action since, or changed this meeting's disposition of it), nothing is stored and
    :class:`ChangedElsewhere` says what they did: found from outside, a form's "carried" saved over a "done"
    typed at the command line meanwhile, the form still saying "History: none"; and in a meeting, the chair's
    disposition silently replaced the one another copy had just recorded for the same meeting.
    """
    check_id(case_id)
    check_id(action_id, "action id")
    if meeting_id is not None:
        check_id(meeting_id, "meeting id")
    text = _clean_note(note)
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        if seen is not None and list(action.updates) != list(seen):
            raise ChangedElsewhere(action, [u for u in action.updates if u not in seen])
        try:
            agreed: Meeting | None = tx.meeting(action.meeting_id)
        except NotFound:  # the storage check forbids this; be robust rather than crash
            agreed = None
        check_disposition(
            action, status, on=on, due=due, note=text, agreed_on=agreed.date if agreed is not None else None
        )
        if meeting_id is not None:
            meeting = tx.meeting(meeting_id)
            if agreed is not None and came_before(meeting, agreed):
                raise UserError(
                    f"action {action_id}: meeting {meeting_id} ({meeting.date.isoformat()}) came before the "
                    f"meeting that agreed it ({agreed.date.isoformat()})"
                )
            if due is not None and due <= meeting.date:
                raise UserError(
                    f"action {action_id}: the new due date {due.isoformat()} must be after the meeting "
                    f"({meeting.date.isoformat()})"
                )
            if meeting.is_locked:
                raise Conflict(
                    f"case {case_id}: meeting {meeting_id} is approved and final; reopen it to change "
                    f"what it recorded about action {action_id}"
                )
        elif status == action.status and status != "carried":
            raise UserError(f"action {action_id}: already {status}")
        update = ActionUpdate(date=on, meeting_id=meeting_id, status=status, due=due, note=text)
        earlier = None
        if meeting_id is not None:
            earlier = next((n for n, u in enumerate(action.updates) if u.meeting_id == meeting_id), None)
        if earlier is None:
            action.updates.append(update)
        else:
            action.updates[earlier] = update
        action.status = action.updates[-1].status
        tx.put_action(action)
    return action


def _closed_before(action: Action, earlier: set[str]) -> bool:
    """Whether an earlier meeting already closed the action (done or dropped, and not reopened since)."""
    for u in reversed(action.updates):
        if u.meeting_id in earlier:
            return u.status in ("done", "dropped")
    return False


def _due_in_force(action: Action, meeting: Meeting, later: set[str]) -> date:
    """The due date when ``meeting`` opened: ignores what this meeting and later meetings recorded."""
    for u in reversed(action.updates):
        if u.meeting_id == meeting.id or u.meeting_id in later:
            continue
        if u.status == "carried" and u.due is not None:
            return u.due
    return action.due


def carried_forward(case: Case, meeting: Meeting) -> list[Action]:
    """The actions this meeting must review: agreed at earlier meetings and not closed at one, soonest due first.

    "Closed" means an earlier meeting recorded done or dropped. An action closed between meetings (from the
    tracker) is still listed, so the meeting confirms it; one disposed in this meeting stays listed too, so the
    chair can change their mind. Ordered by the due date in force when the meeting opened, which does not
    move while the chair records dispositions.
    """
    earlier = {m.id for m in case.meetings if came_before(m, meeting)}
    later = {m.id for m in case.meetings if m.id != meeting.id and m.id not in earlier}
    out = [
        a
        for a in case.actions
        if a.meeting_id in earlier and (a.update_in(meeting.id) is not None or not _closed_before(a, earlier))
    ]
    out.sort(key=lambda a: (_due_in_force(a, meeting, later), len(a.id), a.id))
    return out


def pending_dispositions(case: Case, meeting: Meeting) -> list[Action]:
    """Those of :func:`carried_forward` with no disposition recorded in this meeting yet."""
    return [a for a in carried_forward(case, meeting) if a.update_in(meeting.id) is None]


def require_dispositions(case: Case, meeting: Meeting) -> None:
    """The gate before ending a meeting: raises Conflict naming what is left (the chair sees the count)."""
    left = pending_dispositions(case, meeting)
    if left:
        ids = ", ".join(a.id for a in left[:8]) + (", …" if len(left) > 8 else "")
        n = len(left)
        raise Conflict(
            f"meeting {meeting.id}: {n} earlier action{'s' if n != 1 else ''} still need{'s' if n == 1 else ''} "
            f"a disposition (done, carried or dropped): {ids}"
        )


def mark_circulated(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    what: str,
    *,
    by: str,
    at: str | None = None,
    recipients: list[str] | None = None,
    reader: str | None = None,
) -> Meeting:
    """Record that a meeting's actions or minutes were sent out (a history event), for the circulation alerts;
    and which version went to whom for which reader (a circulation), so a newer version can be sent on."""
    check_id(case_id)
    check_id(meeting_id, "meeting id")
    event = CIRCULATED.get(what)
    if event is None:
        raise UserError(f"{show(what)!r}: say what was circulated: actions or minutes")
    who = (by or "").strip()
    if not who:
        raise UserError("circulated by: a name is needed")
    if len(who) > BY_MAX:
        raise UserError(f"circulated by: longer than {BY_MAX} characters")
    names = [" ".join(n.split()) for n in recipients or []]
    for n in names:
        if not n or len(n) > 320:
            raise UserError("circulated to: each recipient needs a name or address of at most 320 characters")
    if reader is not None and reader not in CIRCULATION_READERS:
        raise UserError(f"{show(reader)!r} is not one of: {', '.join(CIRCULATION_READERS)}")
    stamp = at or now_stamp()
    if not is_datetime(stamp):
        raise UserError(
            f"{show(stamp)!r} is not a date and time with offset (e.g. 2026-10-01T10:00:00+01:00)"
        )
    with repo.transaction(case_id) as tx:
        meeting = tx.meeting(meeting_id)
        if meeting.status not in ("draft", "approved"):
            raise Conflict(f"case {case_id}: meeting {meeting_id} has not ended yet ({meeting.status})")
        if date.fromisoformat(stamp[:10]) < meeting.date:
            raise UserError(
                f"case {case_id}: meeting {meeting_id} was held on {meeting.date.isoformat()}; "
                f"it cannot have been circulated on {stamp[:10]}"
            )
        meeting.history.append(Event(at=stamp, event=event, by=who))
        meeting.circulations.append(
            Circulation(
                version=meeting.shown_version,
                reader=reader or ("actions" if what == "actions" else "full"),
                recipients=names,
                at=stamp,
                by=who,
            )
        )
        tx.put_meeting(meeting)
    return meeting
