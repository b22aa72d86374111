"""A meeting's life: scheduled → in progress → draft → approved (→ reopened → approved again), and its clocks.

Every function here is one locked read-modify-write of one case, shared by the TUI and the CLI. Approved
minutes are locked: changing them needs an explicit, recorded reopen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from meetingtui.core import clock
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.record.model import (
    Attendee,
    Event,
    Item,
    Meeting,
    Person,
    now_stamp,
    parse_stamp,
)
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show

T = TypeVar("T")


PREVIOUS_ACTIONS_KEY = "previous-actions"


def stamp(now: datetime | None) -> str:
    return now.replace(microsecond=0).isoformat() if now else now_stamp()


def require_editable(m: Meeting) -> None:
    if m.is_locked:
        raise Conflict(f"meeting {m.id}: approved minutes are locked; reopen them first (recorded)")


def edit_meeting(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    fn: Callable[[Meeting], T],
    *,
    lock_timeout: float | None = None,
) -> T:
    """Apply ``fn`` to a meeting under the case lock and store it; refuses approved minutes."""
    with repo.transaction(case_id, lock_timeout=lock_timeout) as tx:
        m = tx.meeting(meeting_id)
        require_editable(m)
        result = fn(m)
        tx.put_meeting(m)
        return result


# ------------------------------------------------------------------------------------------- scheduling


def new_meeting_id(existing: set[str], on: date) -> str:
    base = f"M-{on.isoformat()}"
    if base not in existing:
        return base
    n = 2
    while f"{base}-{n}" in existing:
        n += 1
    return f"{base}-{n}"


def default_attendees(previous: Meeting | None) -> list[Attendee]:
    """Who to invite: everyone from the last meeting, reset to invited (attendance is recorded afresh)."""
    if previous is None:
        return []
    return [Attendee(name=a.name, role=a.role, agency=a.agency, email=a.email) for a in previous.attendees]


DEFAULT_START = "10:00"


def default_start(meetings: list[Meeting], on: date) -> str:
    """The time to offer when booking a meeting on ``on``: 10:00, or after the last meeting already that day
    (when it ended, else its start plus its planned length), rounded up to the quarter hour."""
    same_day = [m for m in meetings if m.date == on]
    if not same_day:
        return DEFAULT_START
    latest = 0
    for m in same_day:
        ended = parse_stamp(m.ended_at)
        began = parse_stamp(m.started_at)
        if ended is not None:
            local = ended.astimezone()
            end = local.hour * 60 + local.minute
        else:
            if began is not None:
                local = began.astimezone()
                start = local.hour * 60 + local.minute
            else:
                hh, _, mm = (m.start or DEFAULT_START).partition(":")
                start = int(hh) * 60 + int(mm or 0) if hh.isdigit() and (mm or "0").isdigit() else 600
            end = start + m.planned_minutes()
        latest = max(latest, end)
    latest = -(-latest // 15) * 15
    if latest >= 24 * 60:
        return "23:45"
    return f"{latest // 60:02d}:{latest % 60:02d}"


@dataclass(kw_only=True)
class MeetingPlan:
    """What the chair fills in when scheduling."""

    title: str
    on: date
    start: str | None = None
    location: str | None = None
    chair: Person | None = None
    minute_taker: Person | None = None
    template_id: str | None = None
    marking: str | None = None
    items: list[Item] = field(default_factory=list)
    attendees: list[Attendee] | None = None


def previous_actions_item() -> Item:
    return Item(
        key=PREVIOUS_ACTIONS_KEY,
        title="Review of actions from earlier meetings",
        timebox_minutes=10,
        kind="previous-actions",
        prompts=[
            "For each action: is it done? If not, what stopped it, and is it still the right action?",
            "Carry it only with a new date and a reason; drop it only with a reason.",
        ],
    )


def schedule_meeting(
    repo: Repository, case_id: str, plan: MeetingPlan, *, by: str, now: datetime | None = None
) -> Meeting:
    """Create a meeting from a plan. The agenda is a copy (later template edits do not change it); attendees
    default to the last meeting's; a review of earlier actions comes first whenever any are still owed."""
    if not plan.title.strip():
        raise UserError("a meeting needs a title")
    with repo.transaction(case_id) as tx:
        meetings = tx.meetings()
        previous = max(meetings, key=lambda m: (m.date, m.start or ""), default=None)
        items = [i.copy() for i in plan.items]
        owed = [a for a in tx.actions() if a.is_open]
        if owed and not any(i.kind == "previous-actions" for i in items):
            items.insert(0, previous_actions_item())
        elif owed:
            # Review of earlier actions comes first, wherever the template put it.
            items.sort(key=lambda i: i.kind != "previous-actions")
        m = Meeting(
            id=new_meeting_id({x.id for x in meetings}, plan.on),
            template=plan.template_id,
            title=plan.title.strip(),
            date=plan.on,
            start=plan.start,
            location=plan.location,
            chair=plan.chair,
            minute_taker=plan.minute_taker,
            status="scheduled",
            marking=plan.marking,
            attendees=plan.attendees if plan.attendees is not None else default_attendees(previous),
            items=items,
            version=1,
            history=[Event(at=stamp(now), event="scheduled", by=by)],
        )
        tx.put_meeting(m)
        return m


# -------------------------------------------------------------------------------------------- running


def start_meeting(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, now: datetime | None = None
) -> Meeting:
    """Start the meeting. If earlier actions are owed and the agenda has no review of them (the meeting was booked
    before the last one agreed its actions), the review is put first now: the meeting cannot end without it."""
    from meetingtui.core.meeting.actions import carried_forward

    at = stamp(now)
    with repo.transaction(case_id) as tx:
        case = tx.case()
        m = case.meeting(meeting_id)
        if m is None:
            raise UserError(f"case {case_id}: no meeting {show(meeting_id)}")
        require_editable(m)
        if m.status == "in progress":
            return m
        if m.status != "scheduled":
            raise Conflict(f"meeting {m.id}: already {m.status}; it cannot be started again")
        if not m.items:
            raise UserError(f"meeting {m.id}: has no agenda items")
        if carried_forward(case, m) and not any(i.kind == "previous-actions" for i in m.items):
            review = previous_actions_item()
            if m.item(review.key) is not None:
                review.key = f"{review.key}-{len(m.items) + 1}"
            m.items.insert(0, review)
        m.status = "in progress"
        m.started_at = at
        m.history.append(Event(at=at, event="started", by=by))
        _enter(m, m.items[0].key, at)
        tx.put_meeting(m)
        return m


def _leave_current(m: Meeting, at: str) -> None:
    cur = m.item(m.current_item) if m.current_item else None
    since = parse_stamp(m.current_since)
    now = parse_stamp(at)
    if cur is not None and since is not None and now is not None:
        cur.spent_seconds = (cur.spent_seconds or 0) + max(0, int((now - since).total_seconds()))
        cur.ended_at = at


def _enter(m: Meeting, key: str, at: str) -> None:
    item = m.item(key)
    if item is None:
        raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
    _leave_current(m, at)
    if item.started_at is None:
        item.started_at = at
    m.current_item = key
    m.current_since = at


def go_to_item(
    repo: Repository, case_id: str, meeting_id: str, key: str, *, now: datetime | None = None
) -> Meeting:
    """Make ``key`` the current item; time spent on the one left is kept for its countdown and the minutes."""
    at = stamp(now)

    def go(m: Meeting) -> Meeting:
        if m.status != "in progress":
            m.current_item = key  # browsing a draft: no clocks
            return m
        if m.current_item != key:
            _enter(m, key, at)
        return m

    return edit_meeting(repo, case_id, meeting_id, go)


def item_seconds(m: Meeting, item: Item, now: datetime | None = None) -> int:
    """Seconds spent on an item so far, counting the running visit if it is the current one."""
    total = item.spent_seconds or 0
    if m.status == "in progress" and m.current_item == item.key:
        since = parse_stamp(m.current_since)
        if since is not None:
            current = now or clock.now()
            total += max(0, int((current - since).total_seconds()))
    return total


def meeting_seconds(m: Meeting, now: datetime | None = None) -> int:
    start = parse_stamp(m.started_at)
    if start is None:
        return 0
    end = parse_stamp(m.ended_at) if m.status != "in progress" else None
    current = end or now or clock.now()
    return max(0, int((current - start).total_seconds()))


# ----------------------------------------------------------------------------------- ending and approval


def end_meeting(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, now: datetime | None = None
) -> Meeting:
    """End the meeting (status draft). Refused while earlier actions still lack a disposition here."""
    from meetingtui.core.meeting.actions import require_dispositions

    at = stamp(now)
    with repo.transaction(case_id) as tx:
        case = tx.case()
        m = case.meeting(meeting_id)
        assert m is not None
        if m.status != "in progress":
            raise Conflict(f"meeting {m.id}: is {m.status}, not running")
        require_dispositions(case, m)
        _leave_current(m, at)
        m.status = "draft"
        m.ended_at = at
        m.current_since = None
        m.history.append(Event(at=at, event="ended", by=by))
        tx.put_meeting(m)
        return m


def approve_minutes(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    *,
    by: str,
    now: datetime | None = None,
    window_days: int = 10,
    early_reason: str | None = None,
) -> Meeting:
    """Draft → approved: records who and when and locks the minutes. A re-approval after a reopen raises the
    version, so every approved text has its own number. Undecided corrections refuse it; approving inside the
    correction window needs ``early_reason`` (see :mod:`.corrections`)."""
    from meetingtui.core.meeting.corrections import approval_check

    at = stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        if m.status != "draft":
            raise Conflict(f"meeting {m.id}: only draft minutes can be approved (it is {m.status})")
        note = approval_check(m, window_days, date.fromisoformat(at[:10]), early_reason)
        m.version = m.shown_version
        m.status = "approved"
        m.approved_at = at
        m.approved_by = by
        m.history.append(Event(at=at, event="approved", by=by, note=note))
        tx.put_meeting(m)
        return m


def reopen_minutes(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, reason: str, now: datetime | None = None
) -> Meeting:
    if not reason.strip():
        raise UserError("reopening approved minutes needs a reason (it is recorded)")
    at = stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        if m.status != "approved":
            raise Conflict(f"meeting {m.id}: is {m.status}; only approved minutes are reopened")
        m.status = "draft"
        m.history.append(Event(at=at, event="reopened", by=by, note=reason.strip()))
        tx.put_meeting(m)
        return m
