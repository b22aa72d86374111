"""The fictional demo case, moved in time so it always looks current (its alerts fire, its meetings are recent).

The file is written as of its ``exported_at`` day. It is moved by whole weeks, so every date keeps its weekday
(the meetings are on Wednesdays whatever today is), and never forward past today: the shift is the whole weeks
since that day, rounded down, so nothing recorded as done lands in the future and what was overdue stays
overdue (by 0 to 6 days more than written). When that would put a meeting, or a day of the week after the
emergency move, on an England bank holiday, the case goes back a further week; the dates still to come as
written (forums' next dates, the next meeting, a due date) then move by the plain whole weeks, so they stay ahead
of today. Timestamps keep their local time in London, so a September meeting moved to January reads 10:01 GMT,
not 10:01 summer time.

The free text carries no dates of its own ("nine days before this meeting", not "on 2 November"), so there is
nothing in it to move.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from meetingtui.core.config import paths
from meetingtui.core.record.casefile import parse_case
from meetingtui.core.record.model import Case
from meetingtui.core.rules.workdays import bank_holiday

DEMO_FILE = "demo-case.json"
DEMO_ID = "DEMO-1"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")
# How many weeks further back to look for a shift that keeps the meetings off bank holidays.
_HOLIDAY_TRIES = 4


def _london() -> tzinfo | None:
    try:
        return ZoneInfo("Europe/London")
    except (ZoneInfoNotFoundError, ValueError):  # no time-zone database: keep each stamp's own offset
        return None


_LONDON = _london()


def _shift_stamp(value: str, days: timedelta) -> str:
    stamp = datetime.fromisoformat(value)
    if stamp.tzinfo is None or _LONDON is None:
        return (stamp + days).isoformat()
    wall = stamp.astimezone(_LONDON).replace(tzinfo=None) + days
    return wall.replace(tzinfo=_LONDON).isoformat()


def _shift(value: Any, days: timedelta, after: str = "9999", ahead: timedelta | None = None) -> Any:
    """``value`` moved by ``days``; a plain date later than ``after`` (the day the file was written for: a
    date still to come, such as a forum's next date) by ``ahead`` (see :func:`_ahead`)."""
    if isinstance(value, str):
        if _DATE.match(value):
            if ahead is not None and value > after:
                return _ahead(date.fromisoformat(value), ahead)
            return (date.fromisoformat(value) + days).isoformat()
        if _STAMP.match(value):
            return _shift_stamp(value, days)
        return value
    if isinstance(value, dict):
        return {k: _shift(v, days, after, ahead) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days, after, ahead) for v in value]
    return value


def _ahead(day: date, shift: timedelta) -> str:
    """A date still to come, moved by the plain whole weeks since the file was written so it stays as far
    ahead of today as written, a week later again while it would fall on a bank holiday."""
    moved = day + shift
    for _ in range(_HOLIDAY_TRIES):
        if not bank_holiday(moved):
            break
        moved += timedelta(weeks=1)
    return moved.isoformat()


def demo_shift(raw: dict[str, Any], today: date) -> timedelta:
    """How far to move the demo file for ``today``: whole weeks, rounded down, keeping the meetings and the
    week after an emergency move off bank holidays. That week holds the working-day clocks the demo is meant to
    show broken (the IRO told two days after the move against one working day): a bank holiday inside it would
    make the late notice count as on time (found from outside: a move on 27 December 2027)."""
    anchor = date.fromisoformat(raw["exported_at"][:10])
    meetings = [date.fromisoformat(m["date"]) for m in raw["case"].get("meetings", ())]
    moves = [
        date.fromisoformat(p["start"]) + timedelta(days=n)
        for p in raw["case"].get("placements", ())
        if p.get("move") == "emergency"
        for n in range(7)
    ]
    weeks = (today - anchor).days // 7
    for keep in (meetings + moves, meetings):
        for w in range(weeks, weeks - _HOLIDAY_TRIES, -1):
            shift = timedelta(weeks=w)
            if not any(bank_holiday(d + shift) for d in keep):
                return shift
    return timedelta(weeks=weeks)


def demo_doc(today: date | None = None) -> dict[str, Any]:
    """The demo case file as of ``today`` (default: the real today), before it is checked and parsed."""
    raw = orjson.loads(paths.package_data(DEMO_FILE).read_bytes())
    today = today or date.today()
    shift = demo_shift(raw, today)
    written = raw["exported_at"][:10]
    plain = timedelta(weeks=(today - date.fromisoformat(written)).days // 7)
    # Moved a week further back for a bank holiday, a forum due in ten days would be three days past: what is
    # still to come keeps its distance from today instead (and is kept off bank holidays itself).
    result: dict[str, Any] = _shift(raw, shift, written, plain)
    return result


def demo_case(today: date | None = None) -> Case:
    return parse_case(demo_doc(today), DEMO_FILE)
