"""The alerts the clocks raise, and the rule each other alert names as its source.

Kept apart from :mod:`.alerts` (which runs the rules over every case) so that the wording of a clock's alert and
the list of sources sit next to each other, where a reviewer checking "which rule says so" looks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from meetingtui.core.config.settings import Settings
from meetingtui.core.record.model import Case
from meetingtui.core.rules.clocks import Clock, Source, current_clocks, local
from meetingtui.core.rules.due import DRIFT_AFTER_CARRIES

# An open clock (a review, a visit) is an alert from this many days before it falls due; notices always are.
CLOCK_AHEAD_DAYS = 14
# A review held late stays an alert for this long; the current placement's late clocks stay while it lasts.
LATE_SHOWN_DAYS = 183
NOTICES = ("notification", "ending-notice")

Add = Callable[..., None]


def days_words(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def when(due: date, today: date) -> str:
    """``due 2026-11-09: 17 days overdue`` / ``due today (2026-11-09)`` / ``due 2026-11-09: 3 days left``."""
    left = (due - today).days
    if left < 0:
        return f"due {due.isoformat()}: {days_words(-left)} overdue"
    if left == 0:
        return f"due today ({due.isoformat()})"
    return f"due {due.isoformat()}: {days_words(left)} left"


def rule_source(kind: str, s: Settings) -> Source | None:
    """The rule behind each alert that is not a clock of :mod:`.clocks`."""
    return {
        "actions-overdue": Source("the due date agreed at the meeting", "agreed at the meeting", False),
        "action-drift": Source(
            f"meetingtui: an action carried more than {DRIFT_AFTER_CARRIES} times is drifting",
            f"carried > {DRIFT_AFTER_CARRIES}",
            False,
        ),
        "actions-circulation": local("actions_circulate_working_days", s.actions_circulate_working_days),
        "minutes-approval": local("minutes_approval_working_days", s.minutes_approval_working_days),
        "correction-window": local("correction_window_working_days", s.correction_window_working_days),
        "minutes-circulation": Source(
            "local standard (the case review: approved minutes go to everyone on the distribution)",
            "local: after approval",
            False,
        ),
        "minutes-superseded": Source(
            "meetingtui: whoever holds a superseded version is sent the new one", "superseded", False
        ),
        "contact-plan-review": Source("the contact plan's own review date", "contact plan", False),
        "forum-date": Source("the forum's next date as recorded", "forum date", False),
        "wishes": local("wishes_max_age_days", s.wishes_max_age_days),
        "challenge-rights": Source(
            "local standard (the case review: after each move the YP is told how to challenge decisions)",
            "local: after each move",
            False,
        ),
    }.get(kind)


def clock_alerts(case: Case, s: Settings, today: date, add: Add) -> None:
    """One alert for each open clock due within ``CLOCK_AHEAD_DAYS`` (or past), and an ``info`` one for each met
    late, so a deadline missed stays visible after the fact. Notices of one placement change are grouped."""
    notices: dict[tuple[str, str], list[Clock]] = {}
    for k in current_clocks(case, s, today):
        state = k.status(today)
        if k.kind in NOTICES and state != "met":
            notices.setdefault((k.kind, "late" if state == "late" else "open"), []).append(k)
        elif state == "late" and k.done is not None:
            if k.kind == "review" and today - k.done > timedelta(days=LATE_SHOWN_DAYS):
                continue
            words = f"{k.what}: done {k.done.isoformat()}, {k.lateness()} (due {k.due.isoformat()})"
            add(k.kind, words, due=k.due, severity="info", ref=k.ref, source=k.source)
        elif state in ("due", "overdue") and (k.due - today).days <= CLOCK_AHEAD_DAYS:
            add(k.kind, _open_words(case, k, today), due=k.due, ref=k.ref, source=k.source)
    for (kind, state), group in sorted(notices.items()):
        _notices(kind, state, group, today, add)


def _open_words(case: Case, k: Clock, today: date) -> str:
    p = next((p for p in case.placements if p.id == k.ref), None)
    where = (p.provider or p.kind) if p else ""
    if k.kind == "iro-notification" and p is not None:
        return f"IRO not yet notified of emergency move to {where} on {p.start.isoformat()}; {when(k.due, today)}"
    if k.kind == "care-review":
        return f"Care review after emergency move to {where} {when(k.due, today)}"
    return f"{k.what}: {when(k.due, today)}"


def _notices(kind: str, state: str, group: list[Clock], today: date, add: Add) -> None:
    """ "Not yet sent to the school, the GP" is one thing to do; "sent late to the GP" one fact to see."""
    first = min(group, key=lambda k: k.due)
    what = "Notice that the placement ended" if kind == "ending-notice" else "Notice of the placement"
    extra: dict[str, Any] = {"due": first.due, "ref": first.ref, "source": first.source}
    if state == "late":
        detail = "; ".join(f"to {k.party} on {k.done.isoformat()} ({k.lateness()})" for k in group if k.done)
        add(kind, f"{what} sent late: {detail}", severity="info", **extra)
    else:
        whom = ", ".join(k.party or "" for k in group)
        add(kind, f"{what} not yet sent to {whom}; {when(first.due, today)}", **extra)
