"""Attendance, part of the legal record: who was invited, present, sent apologies or was absent, and when
they came and went.
"""

from __future__ import annotations

from datetime import datetime

from meetingtui.core import clock
from meetingtui.core.errors import UserError
from meetingtui.core.meeting.lifecycle import edit_meeting
from meetingtui.core.record import merge
from meetingtui.core.record.model import (
    ATTENDANCE,
    Attendee,
    Meeting,
    parse_stamp,
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


def started_at(m: Meeting) -> str | None:
    """When the meeting started, as HH:MM local time (None before it starts)."""
    began = parse_stamp(m.started_at)
    return began.astimezone().strftime("%H:%M") if began is not None else None


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
    now: datetime | None = None,
) -> tuple[Attendee | None, Attendee]:
    """Mark someone present / apologies / absent, adding them if new. Returns (before, after) for undo.

    Attendance is a legal record, so its times must be possible: nobody arrives before the meeting started,
    and someone added as present while the meeting runs arrived then (they were not there from the start)."""
    if attendance not in ATTENDANCE:
        raise UserError(f"attendance must be one of {', '.join(ATTENDANCE)}")
    if not name.strip():
        raise UserError("whose attendance? a name is needed")

    def put(m: Meeting) -> tuple[Attendee | None, Attendee]:
        nonlocal arrived
        began = started_at(m)
        if arrived and began and attendance == "present" and arrived < began:
            raise UserError(f"{name.strip()}: arrival {arrived} is before the meeting started ({began})")
        a = find_attendee(m.attendees, name)
        before = a.copy() if a is not None else None
        if a is None:
            a = Attendee(name=name.strip(), role=role, agency=agency)
            m.attendees.append(a)
            if m.status == "in progress" and attendance == "present" and not arrived:
                arrived = (now or clock.now()).strftime("%H:%M")
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
    repo: Repository,
    case_id: str,
    meeting_id: str,
    name: str,
    before: Attendee | None,
    *,
    opened: Attendee | None = None,
) -> None:
    """Put an attendee row back as it was (undo), correct it, or remove it (``before`` None): someone added by
    mistake must not be copied into every later meeting's attendance.

    ``opened`` (the row as the edit form showed it) makes a correction apply only the fields the person changed,
    onto the row as stored now; a field another copy changed too raises EditConflict with nothing saved."""
    if before is not None and not before.name.strip():
        raise UserError("an attendee needs a name")
    what = f"meeting {meeting_id}: {opened.name if opened else name}"

    def again(stored: Attendee | None, mine: Attendee) -> None:
        if stored is None:  # removed underneath and kept: add the person back
            mine = mine.copy()
            mine.uid = None
            edit_meeting(repo, case_id, meeting_id, lambda m: m.attendees.append(mine))
            return
        replace_attendee(repo, case_id, meeting_id, stored.name, mine, opened=stored)

    def put(m: Meeting) -> None:
        if opened is not None and before is not None:
            idx = merge.find_row(m.attendees, opened)
            if idx is None:
                raise merge.removed_conflict(what, before, again)
            theirs = m.attendees[idx]
            row, conflicts = merge.merge_rows(opened, before, theirs, LABELS)
            if conflicts:
                raise merge.EditConflict(what, conflicts, stored=theirs.copy(), merged=row, again=again)
            m.attendees[idx] = row  # type: ignore[assignment]
            return
        idx = next((n for n, a in enumerate(m.attendees) if a.name == name), None)
        if idx is None:
            return
        if before is None:
            m.attendees.pop(idx)
        else:
            m.attendees[idx] = before

    edit_meeting(repo, case_id, meeting_id, put)


LABELS = {"name": "Name", "role": "Role", "agency": "Agency", "email": "Email"}
