"""Small date rules shared by every screen and verb: what is overdue, when the next meeting is."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from meetingtui.core.record.model import Action, Case, Meeting


# An action carried more than this many times is drifting: agencies keep re-promising it.
DRIFT_AFTER_CARRIES = 2


def is_drifting(action: Action) -> bool:
    return action.times_carried > DRIFT_AFTER_CARRIES


def is_overdue(action: Action, today: date) -> bool:
    """Owed and past its due date (the newest carried date counts, not the original)."""
    return action.is_open and action.current_due < today


def open_and_overdue(case: Case, today: date) -> tuple[int, int]:
    owed = case.open_actions()
    return len(owed), sum(1 for a in owed if a.current_due < today)


def upcoming_meeting(case: Case, today: date) -> Meeting | None:
    """The next meeting on the calendar that has not happened yet (or is running now)."""
    ahead = [m for m in case.meetings if m.status in ("scheduled", "in progress") and m.date >= today]
    live = [m for m in case.meetings if m.status == "in progress"]
    pool = live or ahead
    return min(pool, key=lambda m: (m.date, m.start or "")) if pool else None


def next_meeting_date(case: Case, today: date) -> date | None:
    """The scheduled meeting's date, else the date the last meeting agreed for the next one."""
    m = upcoming_meeting(case, today)
    if m is not None:
        return m.date
    # The most recent meeting that set a date speaks for the case; an older meeting's plan is superseded.
    held = [x for x in case.meetings_by_date() if x.next_meeting is not None]
    if not held:
        return None
    agreed = held[-1].next_meeting
    return agreed if agreed is not None and agreed >= today else None
