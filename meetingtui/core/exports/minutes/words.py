"""How dates, people and statuses read in the minutes. Written out by hand rather than with ``strftime`` so the
words do not change with the machine's locale, and a date is never ambiguous (5 Nov 2026, not 05/11/2026)."""

from __future__ import annotations

from datetime import date, datetime

from meetingtui.core.record.model import Action, ActionUpdate, Attendee, Person, parse_stamp

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short_date(d: date | None, missing: str = "") -> str:
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}" if d else missing


def long_date(d: date | None, missing: str = "") -> str:
    return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}" if d else missing


def stamp_words(value: str | None) -> str:
    """An ISO timestamp as "2 October 2026 at 11:00"; the raw text when it cannot be read."""
    when = parse_stamp(value)
    if when is None:
        return value or ""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} at {when:%H:%M}"


def stamp_time(value: str | None) -> str | None:
    when = parse_stamp(value)
    return f"{when:%H:%M}" if isinstance(when, datetime) else None


def person(p: Person | None, missing: str = "Not recorded") -> str:
    return p.label() if p else missing


ATTENDANCE_WORDS = {
    "present": "Present",
    "apologies": "Apologies",
    "absent": "Absent",
    "invited": "Invited (attendance not recorded)",
}


def attendance(a: Attendee) -> str:
    """Attendance as the legal record reads it: the reason for apologies, late arrival and early leaving."""
    out = ATTENDANCE_WORDS.get(a.attendance, a.attendance)
    if a.reason and a.attendance != "present":
        out += f" ({a.reason})"
    if a.arrived:
        out += f"; arrived {a.arrived}"
    if a.left:
        out += f"; left {a.left}"
    return out


def update_words(u: ActionUpdate) -> str:
    out = f"{short_date(u.date)}: {u.status}"
    if u.status == "carried" and u.due is not None:
        out += f" to {short_date(u.due)}"
    if u.note:
        out += f" ({u.note})"
    return out


def due_words(a: Action) -> str:
    if a.current_due != a.due:
        return f"{short_date(a.current_due)}\n(first due {short_date(a.due)})"
    return short_date(a.due)


def status_words(a: Action, as_of: date) -> str:
    out = a.status
    if a.is_open and a.current_due < as_of:
        out += ", overdue"
    return out


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def peer_label(label: str, names_allowed: bool) -> str:
    """How a peer is named in the minutes: initials only unless the council's settings allow names (the
    contextual safeguarding toolkit's rule). A label that already looks like initials is kept as written."""
    label = " ".join(label.split())
    if names_allowed or not label:
        return label
    words = label.split(" ")
    if all("." in w or len(w) <= 2 for w in words):
        return label
    letters = [w[0].upper() for w in words if w[:1].isalpha()]
    return ".".join(letters) + "." if letters else label
