"""An iCalendar (RFC 5545) invitation for a meeting, safe to send to any calendar.

Calendars are shared, synced to phones and shown on lock screens, so the invite carries only what people need
to turn up: a neutral title, the time, the place and the case reference. No young person's name, no agenda,
notes, peers or anything restricted; the chair sends the papers through the proper route.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from meetingtui import __version__
from meetingtui.core.config.settings import Settings
from meetingtui.core.record.model import Case, Meeting

DEFAULT_MINUTES = 90
TZID = "Europe/London"
SUMMARY = "Professionals meeting"

# Europe/London since 1996: BST from the last Sunday of March 01:00 UTC to the last Sunday of October.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines; other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch in ";,":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(" ")
        elif not ch.isprintable() or 0xD800 <= ord(ch) <= 0xDFFF:
            continue
        else:
            out.append(ch)
    return "".join(out)


def fold(line: str) -> bytes:
    """One content line as bytes, folded so no physical line exceeds 75 octets (never inside a UTF-8
    character), each continuation starting with a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts: list[bytes] = []
    chunk = b""
    limit = 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(chunk) + len(b) > limit:
            parts.append(chunk)
            chunk = b" "
            limit = 75
        chunk += b
    parts.append(chunk)
    return b"\r\n".join(parts) + b"\r\n"


def uid(case: Case, meeting: Meeting) -> str:
    """Stable per case and meeting, so re-sending the file updates the same calendar entry."""
    return f"{case.id}.{meeting.id}@meetingtui"


def meeting_ics(case: Case, meeting: Meeting, settings: Settings, *, now: datetime | None = None) -> bytes:
    """The calendar file for one meeting. ``settings`` is part of the contract for local choices; nothing in
    it goes into the invite today (the marking belongs on the papers, not in calendars)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    minutes = meeting.planned_minutes() or DEFAULT_MINUTES
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//meetingtui//meetingtui {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if meeting.start:
        lines += _VTIMEZONE
    lines += [
        "BEGIN:VEVENT",
        f"UID:{escape(uid(case, meeting))}",
        f"DTSTAMP:{stamp}",
    ]
    if meeting.start:
        hh, mm = meeting.start.split(":")
        start = datetime(meeting.date.year, meeting.date.month, meeting.date.day, int(hh), int(mm))
        lines += [f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}", f"DURATION:PT{minutes}M"]
    else:
        # No start time yet: an all-day entry holds the date without inventing a time.
        nxt: date = meeting.date + timedelta(days=1)
        lines += [f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}", f"DTEND;VALUE=DATE:{nxt:%Y%m%d}"]
    lines.append(f"SUMMARY:{escape(f'{SUMMARY} (case {case.id})')}")
    if meeting.location:
        lines.append(f"LOCATION:{escape(meeting.location)}")
    lines += [
        f"DESCRIPTION:{escape(f'Case {case.id}. Agenda and papers from the chair.')}",
        "CLASS:PRIVATE",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)
