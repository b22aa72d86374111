"""The alerts about what leaves a meeting: actions and minutes circulated on time, the draft's correction
window and its approval, and a version superseded after someone was sent it."""

from __future__ import annotations

from datetime import date, datetime

from meetingtui.core.config.settings import Settings
from meetingtui.core.meeting.corrections import window
from meetingtui.core.record.model import Case, Meeting, parse_stamp
from meetingtui.core.rules.clock_alerts import Add, rule_source, when
from meetingtui.core.rules.workdays import add_working_days


def _circulated_since_approval(m: Meeting) -> bool:
    """Draft minutes often go out for correction; what counts here is sending the approved version."""
    approved = [parse_stamp(e.at) for e in m.history if e.event == "approved"]
    sent = [parse_stamp(e.at) for e in m.history if e.event == "minutes circulated"]
    last = max((a for a in approved if a is not None), default=None)
    if last is None:
        return bool(sent)
    return any(s is not None and _comparable(s) >= _comparable(last) for s in sent)


def _comparable(stamp: datetime) -> datetime:
    return stamp if stamp.tzinfo is not None else stamp.astimezone()


def circulation_alerts(
    case: Case, s: Settings, today: date, add: Add, meetings_with_actions: set[str]
) -> None:
    """Actions and minutes sent out on time; the draft's correction window; a superseded version."""
    for m in case.meetings_by_date():
        if m.status not in ("draft", "approved"):
            continue
        sent = {e.event for e in m.history}
        label = f"meeting of {m.date.isoformat()}"
        if m.id in meetings_with_actions and not sent & {"actions circulated", "minutes circulated"}:
            due = add_working_days(m.date, s.actions_circulate_working_days)
            add(
                "actions-circulation",
                f"Actions from the {label} not yet circulated; {when(due, today)}",
                due=due,
                ref=m.id,
            )
        span = window(m, s.correction_window_working_days) if m.status == "draft" else None
        # Approval is due on the first working day after the window: on its last day a correction may still
        # come (approving then is "early" and asks why), so the chair is never overdue before they may approve.
        approve_by = add_working_days(span[1], 1) if span is not None else None
        if span is not None and approve_by is not None and today <= span[1]:
            add(
                "correction-window",
                f"Draft minutes of the {label} are out for corrections until {span[1].isoformat()} "
                f"(circulated {span[0].isoformat()}); approval is due on {approve_by.isoformat()}",
                due=span[1],
                severity="info",
                ref=m.id,
            )
        elif span is not None and approve_by is not None:
            add(
                "minutes-approval",
                f"Draft minutes of the {label} not yet approved; the correction window closed "
                f"{span[1].isoformat()}: {when(approve_by, today)}",
                due=approve_by,
                ref=m.id,
                source=rule_source("correction-window", s),
            )
        elif m.status == "draft":
            due = add_working_days(m.date, s.minutes_approval_working_days)
            add(
                "minutes-approval",
                f"Draft minutes of the {label} not yet approved; {when(due, today)}",
                due=due,
                ref=m.id,
            )
        elif not _circulated_since_approval(m):
            add(
                "minutes-circulation",
                f"Approved minutes of the {label} not marked as circulated",
                severity="due",
                ref=m.id,
            )
        # A version sent to someone, superseded by a newer one: they hold minutes that are no longer true.
        newest = m.shown_version
        # Only versions sent to someone ("written" records carry no recipients).
        sent = [c for c in m.circulations if c.reader != "actions" and c.recipients]
        stale = [c for c in sent if c.version < newest]
        if stale and not any(c.version == newest for c in sent):
            who = sorted({r for c in stale for r in c.recipients}) or ["its recipients"]
            add(
                "minutes-superseded",
                f"Minutes of the {label}: version {stale[-1].version} was sent to {', '.join(who)}; "
                f"version {newest} supersedes it and has not been sent",
                severity="due",
                ref=m.id,
            )
