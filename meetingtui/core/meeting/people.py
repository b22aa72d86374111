"""Attendance, part of the legal record: who was invited, present, sent apologies or was absent, and when
they came and went.
"""

from __future__ import annotations

from meetingtui.core.errors import UserError
from meetingtui.core.meeting.lifecycle import edit_meeting
from meetingtui.core.record.model import (
    ATTENDANCE,
    Attendee,
    Meeting,
)
from meetingtui.core.store.base import Repository

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
