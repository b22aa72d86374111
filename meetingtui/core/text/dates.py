"""Dates as people type them in a meeting: ``2026-12-01``, ``1/12/2026``, ``14d``, ``2w``, ``3m``, ``fri``.

UK order for slashed dates (day/month), because the users are English councils.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from meetingtui.core.errors import UserError

_FULL_WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_REL = re.compile(r"^\+?(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|month|months)$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")

HELP = "a date: 2026-12-01, 1/12/2026, 14d, 2w, 3m, fri, today or tomorrow"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


EARLIEST, LATEST = 1900, 2100


def _plausible(d: date, text: str) -> date:
    """Records run from birth dates to review dates: a year outside 1900–2100 is a typing slip."""
    if not EARLIEST <= d.year <= LATEST:
        raise UserError(f"{text.strip()}: the year should be between {EARLIEST} and {LATEST}")
    return d


def _weekday(key: str) -> int | None:
    if len(key) < 3 or not key.isalpha():
        return None
    for full, n in _FULL_WEEKDAYS.items():
        if full.startswith(key) or (key in ("tues", "weds", "thur", "thurs") and full.startswith(key[:3])):
            return n
    return None


def parse_date(text: str, today: date) -> date:
    """Parse a typed date; raises UserError naming what was typed and the forms accepted."""
    try:
        return _parse_date(text, today)
    except (OverflowError, ValueError):  # "2w" from 9999-12-30: beyond the last date a calendar holds
        raise UserError(
            f"{text.strip()!r} from {today.isoformat()}: goes past 9999-12-31, the last date meetingtui can hold"
        ) from None


def _parse_date(text: str, today: date) -> date:
    t = text.strip().lower()
    if not t:
        raise UserError(f"no date given; expected {HELP}")
    if _ISO.match(t):
        try:
            return _plausible(date.fromisoformat(t), text)
        except ValueError:
            raise UserError(f"{text.strip()} is not a real date") from None
    if t in ("today", "tod"):
        return today
    if t in ("tomorrow", "tom", "tmr"):
        return today + timedelta(days=1)
    m = _REL.match(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        if n > 999:
            raise UserError(f"{text.strip()!r}: too far ahead")
        if unit == "d":
            return today + timedelta(days=n)
        if unit == "w":
            return today + timedelta(weeks=n)
        return add_months(today, n)
    wd = _weekday(t.rstrip("."))
    if wd is not None:
        ahead = (wd - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    m = _UK.match(t)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        if year is not None:
            y = 2000 + int(year) if len(year) == 2 else int(year)
            try:
                return _plausible(date(y, month, day), text)
            except ValueError:
                raise UserError(f"{text.strip()} is not a real date (day/month/year)") from None
        # No year: the next time that day comes round (29/2 waits for the next leap year).
        for ahead in range(9):
            try:
                d = date(today.year + ahead, month, day)
            except ValueError:
                continue
            if d >= today:
                return _plausible(d, text)
        raise UserError(f"{text.strip()} is not a real date (day/month)")
    raise UserError(f"{text.strip()!r} is not a date; expected {HELP}")


def parse_time(text: str) -> str:
    """``9:30``, ``0930``, ``14.05`` → ``HH:MM``."""
    m = _TIME.match(text.strip())
    if not m:
        raise UserError(f"{text.strip()!r} is not a time; expected HH:MM (24-hour)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def friendly(d: date | None, today: date | None = None) -> str:
    """``Tue 1 Dec 2026`` — unambiguous for UK and US readers alike."""
    if d is None:
        return ""
    return f"{d.strftime('%a')} {d.day} {d.strftime('%b %Y')}"
