"""A meeting's life: scheduled → in progress → draft → approved (→ reopened → approved again).

Every function here is one locked read-modify-write of one case, shared by the TUI and the CLI. Approved
minutes are locked: changing them needs an explicit, recorded reopen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from meetingtui.core import clock
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.model import (
    ATTENDANCE,
    Action,
    Attendee,
    Decision,
    Event,
    Item,
    Meeting,
    Person,
    now_stamp,
    parse_stamp,
)
from meetingtui.core.repository import Repository
from meetingtui.core.schema import show

T = TypeVar("T")

PREVIOUS_ACTIONS_KEY = "previous-actions"


def _stamp(now: datetime | None) -> str:
    return now.replace(microsecond=0).isoformat() if now else now_stamp()


def _editable(m: Meeting) -> None:
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
        _editable(m)
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
            history=[Event(at=_stamp(now), event="scheduled", by=by)],
        )
        tx.put_meeting(m)
        return m


# -------------------------------------------------------------------------------------------- running


def start_meeting(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, now: datetime | None = None
) -> Meeting:
    """Start the meeting. If earlier actions are owed and the agenda has no review of them (the meeting was booked
    before the last one agreed its actions), the review is put first now: the meeting cannot end without it."""
    from meetingtui.core.actions import carried_forward

    at = _stamp(now)
    with repo.transaction(case_id) as tx:
        case = tx.case()
        m = case.meeting(meeting_id)
        if m is None:
            raise UserError(f"case {case_id}: no meeting {show(meeting_id)}")
        _editable(m)
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
    at = _stamp(now)

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


# The autosave waits this long for the case lock, then keeps the text and tries again on its next tick.
AUTOSAVE_LOCK_TIMEOUT = 1.0


def save_notes(repo: Repository, case_id: str, meeting_id: str, key: str, text: str) -> None:
    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.notes = text if text else None

    edit_meeting(repo, case_id, meeting_id, put, lock_timeout=AUTOSAVE_LOCK_TIMEOUT)


def set_restricted(repo: Repository, case_id: str, meeting_id: str, key: str, restricted: bool) -> None:
    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.restricted = True if restricted else (False if "restricted" in item._given else None)

    edit_meeting(repo, case_id, meeting_id, put)


def set_meeting_fields(repo: Repository, case_id: str, meeting_id: str, **values: object) -> None:
    """Signs of Safety text, scale, next meeting date, distribution: plain fields of the meeting."""
    allowed = {
        "worries",
        "working_well",
        "needs_to_happen",
        "scale",
        "next_meeting",
        "distribution",
        "location",
        "title",
        "start",
        "date",
        "chair",
        "minute_taker",
        "marking",
    }
    unknown = set(values) - allowed
    if unknown:
        raise UserError(f"cannot set {sorted(unknown)[0]} on a meeting")
    scale = values.get("scale")
    if scale is not None and (not isinstance(scale, int) or not 0 <= scale <= 10):
        raise UserError(f"the Signs of Safety scale runs from 0 to 10, not {show(scale)}")

    def put(m: Meeting) -> None:
        for k, v in values.items():
            setattr(m, k, v)

    edit_meeting(repo, case_id, meeting_id, put)


# ------------------------------------------------------------------------------------------ decisions


def add_decision(repo: Repository, case_id: str, meeting_id: str, key: str, decision: Decision) -> int:
    """Record a decision under an item; returns its index there (for undo)."""
    if not decision.text.strip():
        raise UserError("a decision needs its text")

    def put(m: Meeting) -> int:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.decisions.append(decision)
        return len(item.decisions) - 1

    return edit_meeting(repo, case_id, meeting_id, put)


def remove_decision(repo: Repository, case_id: str, meeting_id: str, key: str, index: int) -> Decision:
    def put(m: Meeting) -> Decision:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError("that decision is no longer there")
        return item.decisions.pop(index)

    return edit_meeting(repo, case_id, meeting_id, put)


def replace_decision(
    repo: Repository, case_id: str, meeting_id: str, key: str, index: int, decision: Decision
) -> None:
    if not decision.text.strip():
        raise UserError("a decision needs its text")

    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError("that decision is no longer there")
        item.decisions[index] = decision

    edit_meeting(repo, case_id, meeting_id, put)


# -------------------------------------------------------------------------------------------- actions

_VERBISH = re.compile(
    r"^(to\s+)?(a(dd|gree|rrange|sk|ssess|ttend|pply|pproach)|b(ook|uild)|c(all|arry|heck|hase|omplete|onfirm|"
    r"ontact|onsider|onvene|reate|ircula)|d(ecide|eliver|iscuss|raft)|e(mail|nsure|scalate|xplain|xplore)|"
    r"f(ind|ollow|ind)|g(et|ive)|h(old|elp)|i(dentify|nform|nvite|nvestigate)|l(ead|iaise|ook)|m(ake|eet|onitor)|"
    r"n(otify)|o(btain|ffer|rganise|rganize)|p(lan|repare|rovide|ropose|ursue)|r(aise|eview|efer|eport|equest|"
    r"ecord|un|eturn|ecruit|esearch)|s(chedule|end|et|hare|peak|upport|ubmit|ecure|ource)|t(ake|alk|ell|rial)|"
    r"u(pdate|ndertake)|v(isit)|w(rite|ork)|"
    r"ring|phone|text|chase|meet|speak|invite|collate|compile|liaise|seek|note|nominate|identify|allocate|"
    r"apply|escalate|fund|complete|start|stop|end|hold|keep|move|place|pay|print|read|sign|test|train|"
    r"agree|confirm|map|record|re-?refer|re-?assess)\b",
    re.IGNORECASE,
)


def smart_hints(text: str) -> list[str]:
    """Gentle nudges towards SMART actions; owner and due date are enforced separately, these only advise."""
    hints = []
    t = text.strip()
    if t and not _VERBISH.match(t):
        hints.append(
            "Start with what will be done (e.g. 'Refer…', 'Book…', 'Share…') so the action is specific."
        )
    if len(t.split()) < 3:
        hints.append("Say what 'done' looks like, so the next meeting can tell whether it happened.")
    return hints


def validate_action(text: str, owner: str, due: date | None) -> None:
    if not text.strip():
        raise UserError("an action needs its text: what will be done")
    if not owner.strip():
        raise UserError("an action needs one named owner (SMART: who will do it)")
    if due is None:
        raise UserError("an action needs a due date (SMART: by when)")


def add_action(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    *,
    item_key: str | None,
    text: str,
    owner: str,
    agency: str | None,
    due: date | None,
) -> Action:
    validate_action(text, owner, due)
    assert due is not None
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        _editable(m)
        if item_key is not None and m.item(item_key) is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(item_key)}")
        action = Action(
            id=tx.next_action_id(),
            meeting_id=meeting_id,
            item_key=item_key,
            text=text.strip(),
            owner=owner.strip(),
            agency=(agency or "").strip() or None,
            due=due,
            status="open",
        )
        tx.put_action(action)
        return action


def edit_action(repo: Repository, case_id: str, action: Action) -> None:
    validate_action(action.text, action.owner, action.due)
    with repo.transaction(case_id) as tx:
        _editable(tx.meeting(action.meeting_id))
        tx.action(action.id)
        tx.put_action(action)


def delete_action(repo: Repository, case_id: str, action_id: str) -> Action:
    """Remove an action agreed in error (undo of a capture). Only actions of a meeting still being written."""
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        _editable(tx.meeting(action.meeting_id))
        tx.delete_action(action_id)
        return action


# ----------------------------------------------------------------------------------------- attendance


def find_attendee(attendees: list[Attendee], name: str) -> Attendee | None:
    """The attendee a typed name means, or None for someone new.

    A full name, or whole words of it (``Dr Price`` → Dr Ellen Price); one word may also be the start of a first
    name or surname (``Leah`` → Leah Grant) when only one person fits. Never a part of a longer word across
    names: ``Sam Lee`` is not Sam Leeming, and attendance is a legal record.
    """
    words = name.casefold().split()
    if not words:
        return None
    named = [(a, a.name.casefold().split()) for a in attendees]
    exact = [a for a, w in named if w == words]
    if exact:
        return exact[0]
    whole = [a for a, w in named if set(words) <= set(w)]
    if len(whole) == 1:
        return whole[0]
    if whole or len(words) > 1:
        return None
    part = [a for a, w in named if any(x.startswith(words[0]) for x in w)]
    return part[0] if len(part) == 1 else None


def set_attendance(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    name: str,
    attendance: str,
    *,
    reason: str | None = None,
    role: str | None = None,
    agency: str | None = None,
    arrived: str | None = None,
    left: str | None = None,
) -> tuple[Attendee | None, Attendee]:
    """Mark someone present / apologies / absent, adding them if new. Returns (before, after) for undo."""
    if attendance not in ATTENDANCE:
        raise UserError(f"attendance must be one of {', '.join(ATTENDANCE)}")
    if not name.strip():
        raise UserError("whose attendance? a name is needed")

    def put(m: Meeting) -> tuple[Attendee | None, Attendee]:
        a = find_attendee(m.attendees, name)
        before = a.copy() if a is not None else None
        if a is None:
            a = Attendee(name=name.strip(), role=role, agency=agency)
            m.attendees.append(a)
        a.attendance = attendance
        if role:
            a.role = role
        if agency:
            a.agency = agency
        a.reason = (reason or None) if attendance in ("apologies", "absent") else None
        if attendance != "present":
            a.arrived = a.left = None  # not there: no arrival or departure times
        if arrived is not None and attendance == "present":
            a.arrived = arrived or None
        if left is not None and attendance == "present":
            a.left = left or None
        return before, a.copy()

    return edit_meeting(repo, case_id, meeting_id, put)


def replace_attendee(
    repo: Repository, case_id: str, meeting_id: str, name: str, before: Attendee | None
) -> None:
    """Put an attendee row back as it was (undo), correct it, or remove it (``before`` None): someone added by
    mistake must not be copied into every later meeting's attendance."""
    if before is not None and not before.name.strip():
        raise UserError("an attendee needs a name")

    def put(m: Meeting) -> None:
        idx = next((n for n, a in enumerate(m.attendees) if a.name == name), None)
        if idx is None:
            return
        if before is None:
            m.attendees.pop(idx)
        else:
            m.attendees[idx] = before

    edit_meeting(repo, case_id, meeting_id, put)


# ----------------------------------------------------------------------------------- ending and approval


def end_meeting(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, now: datetime | None = None
) -> Meeting:
    """End the meeting (status draft). Refused while earlier actions still lack a disposition here."""
    from meetingtui.core.actions import require_dispositions

    at = _stamp(now)
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
    repo: Repository, case_id: str, meeting_id: str, *, by: str, now: datetime | None = None
) -> Meeting:
    """Draft → approved: records who and when and locks the minutes. A re-approval after a reopen raises the
    version, so every approved text has its own number."""
    at = _stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        if m.status != "draft":
            raise Conflict(f"meeting {m.id}: only draft minutes can be approved (it is {m.status})")
        m.version = m.shown_version
        m.status = "approved"
        m.approved_at = at
        m.approved_by = by
        m.history.append(Event(at=at, event="approved", by=by))
        tx.put_meeting(m)
        return m


def reopen_minutes(
    repo: Repository, case_id: str, meeting_id: str, *, by: str, reason: str, now: datetime | None = None
) -> Meeting:
    if not reason.strip():
        raise UserError("reopening approved minutes needs a reason (it is recorded)")
    at = _stamp(now)
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        if m.status != "approved":
            raise Conflict(f"meeting {m.id}: is {m.status}; only approved minutes are reopened")
        m.status = "draft"
        m.history.append(Event(at=at, event="reopened", by=by, note=reason.strip()))
        tx.put_meeting(m)
        return m
