"""The clocks that follow a young person becoming looked after and every placement change, each naming its source.

A chair or an independent reviewer needs to know *which rule* a deadline comes from: the law, or the council's
own standard. Statutory clocks come from the Care Planning, Placement and Case Review (England) Regulations 2010
and cannot be changed in the settings (a council outside England switches them off as a whole with
``statutory_clocks = false``, and the minutes say so). Local standards name the setting that sets them.

Every clock is computed from the record alone, as of a given day, so ``alerts --as-of`` and the minutes'
compliance section (as of the meeting's date) can show the same clocks. A clock met late stays visible as
"late": a deadline missed is a fact the review needs even after the thing was done.

Counting: "working days" skip weekends and England and Wales bank holidays (:mod:`.workdays`); "1 week",
"6 weeks", "3 months" and "6 months" are calendar periods, and a month from the 31st ends on the month's last day.
"""

from __future__ import annotations

import calendar
import dataclasses as dc
from collections.abc import Iterable
from datetime import date, timedelta

from meetingtui.core.config.settings import Settings
from meetingtui.core.record.model import NOTIFIED, Case, Placement
from meetingtui.core.rules.workdays import add_working_days, working_days_between

REGULATIONS = "Care Planning, Placement and Case Review (England) Regulations 2010"
NOTICE_TO = ("young person", "parents", "IRO", "school", "GP", "health body")
# A visit "at intervals of not more than six weeks" through the first year of a placement; after it, reg
# 28(2)(b)(ii) allows three months where the placement is meant to last until 18, six weeks otherwise. The record
# does not say which, so after the first year a visit is due within three months of the last: never called
# late when it was lawful, and a young person not visited for a year is still found (before, no clock at all).
VISIT_YEAR_DAYS = 365
VISIT_AFTER_MONTHS = 3

STATUSES = ("overdue", "due", "late", "met")


@dc.dataclass(frozen=True, slots=True)
class Source:
    """Where a deadline comes from: ``full`` for documents, ``short`` for a table column."""

    full: str
    short: str
    statutory: bool


def regulation(reg: str) -> Source:
    return Source(f"{REGULATIONS}, {reg}", reg, True)


def local(setting: str, value: object, what: str = "") -> Source:
    words = f"local standard (setting {setting} = {value}{'; ' + what if what else ''})"
    return Source(words, f"local: {setting} = {value}", False)


@dc.dataclass(frozen=True, slots=True)
class Clock:
    """One deadline: what must happen, by when, under which rule, and when (if ever) it did."""

    kind: str
    what: str
    source: Source
    due: date
    done: date | None = None
    ref: str | None = None
    # Counted in working days (a late one says by how many working days) or in calendar days.
    working_days: bool = False
    # Who is told, for a notice: "the GP".
    party: str | None = None

    def status(self, today: date) -> str:
        if self.done is not None:
            return "met" if self.done <= self.due else "late"
        return "overdue" if self.due < today else "due"

    def lateness(self) -> str:
        """``3 working days late`` / ``12 days late``; empty unless met late."""
        if self.done is None or self.done <= self.due:
            return ""
        n = working_days_between(self.due, self.done) if self.working_days else 0
        unit = "working day"
        if n < 1:  # late on a weekend after a Friday deadline: still late, counted in calendar days
            n, unit = (self.done - self.due).days, "day"
        return f"{n} {unit}{'s' if n != 1 else ''} late"


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day (31 August + 6 months = 28/29 February)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def reviews_held(case: Case) -> list[date]:
    """Every review of the care plan on record: the reviews list and each placement's "review held" date."""
    days = {r.date for r in case.reviews} | {p.review_held for p in case.placements if p.review_held}
    return sorted(days)


def _first_after(days: Iterable[date], after: date, *, inclusive: bool) -> date | None:
    return min((d for d in days if d > after or (inclusive and d == after)), default=None)


class _Clocks:
    def __init__(self, case: Case, settings: Settings, today: date) -> None:
        self.case = case
        self.s = settings
        self.today = today
        self.out: list[Clock] = []

    # -------------------------------------------------------------------------------------- reviews (reg 33)
    def reviews(self) -> None:
        start = self.case.looked_after_since
        if start is None:
            return
        held = [d for d in reviews_held(self.case) if d >= start]
        first_due = add_working_days(start, 20)
        first = held[0] if held else None
        self.out.append(
            Clock(
                "review",
                f"First review, within 20 working days of becoming looked after on {start.isoformat()}",
                regulation("reg 33(1)"),
                first_due,
                first,
                working_days=True,
            )
        )
        if first is None:
            return
        previous = first
        for n, done in enumerate([*held[1:], None], start=2):
            due = add_months(previous, 3 if n == 2 else 6)
            request = self._request_between(previous, done)
            if request is not None:
                asked = add_working_days(request, self.s.review_on_request_working_days)
                if asked < due:
                    self.out.append(
                        Clock(
                            "review",
                            f"Review the IRO asked for on {request.isoformat()}",
                            Source(
                                f"{REGULATIONS}, reg 33(3) (the IRO's request); its timing: "
                                f"local standard (setting review_on_request_working_days = "
                                f"{self.s.review_on_request_working_days})",
                                "reg 33(3) + local",
                                True,
                            ),
                            asked,
                            done,
                            working_days=True,
                        )
                    )
                    if done is None:
                        return
                    previous = done
                    continue
            words = "Second review, within 3 months of the first" if n == 2 else "Review, within 6 months"
            self.out.append(
                Clock(
                    "review",
                    f"{words} (previous {previous.isoformat()})",
                    regulation("reg 33(2)"),
                    due,
                    done,
                )
            )
            if done is None:
                return
            previous = done

    def _request_between(self, after: date, before: date | None) -> date | None:
        asks = [
            r.date
            for r in self.case.review_requests
            if r.date >= after and (before is None or r.date < before)
        ]
        return min(asks, default=None)

    # ---------------------------------------------------------------------------------------- per placement
    def placements(self) -> None:
        ordered = sorted(self.case.placements, key=lambda p: p.start)
        for n, p in enumerate(ordered):
            self.visits(p)
            self.notices(p)
            self.endings(p)
            if n > 0:
                self.plan_change(p, ordered[n - 1])

    def visits(self, p: Placement) -> None:
        """Reg 28: a visit within 1 week of the start of a placement, then at most every 6 weeks in its first
        year, then at most every 3 months (see :data:`VISIT_AFTER_MONTHS`), while it lasts. Visits without a
        placement count for the placement they fall in."""
        first_year = p.start + timedelta(days=VISIT_YEAR_DAYS)
        end = p.end or date.max
        days = sorted(
            v.date
            for v in self.case.visits
            if (v.placement_id == p.id)
            or (v.placement_id is None and p.start <= v.date <= (p.end or date.max))
        )
        due = p.start + timedelta(days=7)
        done = _first_after(days, p.start, inclusive=True)
        self.out.append(
            Clock(
                "visit",
                f"First visit in the placement from {p.start.isoformat()}",
                regulation("reg 28(2)"),
                due,
                done,
                p.id,
            )
        )
        while done is not None:
            due = done + timedelta(days=42)
            what = f"Visit, within 6 weeks of the last (on {done.isoformat()})"
            if due > first_year:
                due = add_months(done, VISIT_AFTER_MONTHS)
                what = f"Visit, within 3 months of the last (on {done.isoformat()}; after the first year)"
            if due > end:
                return
            previous = done
            done = _first_after(days, previous, inclusive=False)
            self.out.append(Clock("visit", what, regulation("reg 28(2)"), due, done, p.id))

    def notices(self, p: Placement) -> None:
        """Reg 13: written notice of the placement to each person named, before it starts, or within 5 working
        days after an emergency placement; reg 13(4): the area authority too when it is out of area."""
        emergency = p.move == "emergency"
        due = add_working_days(p.start, 5) if emergency else p.start
        when = "within 5 working days of the emergency placement" if emergency else "before the placement"
        to = [*NOTICE_TO, *(("area authority",) if p.out_of_area else ())]
        for who in to:
            sent = [n.date for n in p.notifications if n.to == who and (n.about or "start") == "start"]
            if who == "IRO" and p.iro_notified is not None:  # the move's own "IRO notified" is that notice
                sent.append(p.iro_notified)
            reg = "reg 13(4)" if who == "area authority" else "reg 13(1)-(2)"
            self.out.append(
                Clock(
                    "notification",
                    f"Notice of the placement from {p.start.isoformat()} to {_whom(who)}, {when}",
                    regulation(reg),
                    due,
                    min(sent, default=None),
                    p.id,
                    working_days=emergency,
                    party=_whom(who),
                )
            )

    def endings(self, p: Placement) -> None:
        """Reg 14: when a placement ends, the IRO is informed and everyone told of it is told of the end, within
        10 working days where telling them before was not practicable (the clock shows that outer limit)."""
        if p.end is None or p.end > self.today:
            return
        told = {n.to for n in p.notifications if (n.about or "start") == "start"}
        due = add_working_days(p.end, 10)
        for who in ["IRO", *(w for w in NOTIFIED if w in told and w != "IRO")]:
            sent = [n.date for n in p.notifications if n.to == who and n.about == "end"]
            self.out.append(
                Clock(
                    "ending-notice",
                    f"Notice that the placement ended on {p.end.isoformat()} to {_whom(who)}",
                    regulation("reg 14"),
                    due,
                    min(sent, default=None),
                    p.id,
                    working_days=True,
                    party=_whom(who),
                )
            )

    def plan_change(self, p: Placement, before: Placement) -> None:
        """Reg 32(2): a planned move is a significant change to the care plan, considered at a review first."""
        if p.move != "planned":
            return
        held = [d for d in reviews_held(self.case) if before.start < d <= p.start]
        self.out.append(
            Clock(
                "plan-change",
                f"Review before the planned move on {p.start.isoformat()} (a significant change to the care plan)",
                regulation("reg 32(2)"),
                p.start,
                max(held, default=None),
                p.id,
            )
        )

    # ------------------------------------------------------------------------- after an emergency move (local)
    def emergency(self) -> None:
        """The case review's own standard after an emergency move: the IRO told within the set working days, a
        care review within the set days. Checked for every emergency move, so a late one stays flagged."""
        for p in self.case.placements:
            if p.move != "emergency":
                continue
            where = p.provider or p.kind
            n = self.s.iro_notify_working_days
            self.out.append(
                Clock(
                    "iro-notification",
                    f"IRO told of the emergency move to {where} on {p.start.isoformat()}",
                    local("iro_notify_working_days", n, "the case review"),
                    add_working_days(p.start, n),
                    p.iro_notified,
                    p.id,
                    working_days=True,
                )
            )
            days = self.s.review_days_after_emergency
            self.out.append(
                Clock(
                    "care-review",
                    f"Care review after the emergency move to {where} on {p.start.isoformat()}",
                    local("review_days_after_emergency", days, "the case review"),
                    p.start + timedelta(days=days),
                    p.review_held,
                    p.id,
                )
            )


def _whom(who: str) -> str:
    return {"young person": "the young person", "parents": "the parents", "IRO": "the IRO"}.get(
        who, f"the {who}" if who != "GP" else "the GP"
    )


def case_clocks(case: Case, settings: Settings, today: date) -> list[Clock]:
    """Every clock for one case as of ``today`` (statutory ones only when the settings keep them), by due date."""
    c = _Clocks(case, settings, today)
    if settings.statutory_clocks:
        c.reviews()
        c.placements()
    c.emergency()
    return sorted(c.out, key=lambda k: (k.due, k.kind, _order(k.party), k.what))


def _order(party: str | None) -> int:
    names = [_whom(w) for w in NOTIFIED]
    return names.index(party) if party in names else len(names)


#: Clocks that belong to a move, not to the placement's life: still owed after the young person moved on, if
#: they fell due before the next move (the case review: after an emergency move, tell the IRO and hold a care
#: review within 20 days). One not yet due when the next move came is superseded by that move's own clocks.
AFTER_THE_MOVE = ("iro-notification", "care-review")
#: ... for this long after they fell due (older ones, never recorded as done, are years of history, not work).
AFTER_THE_MOVE_DAYS = 183


def current_clocks(case: Case, settings: Settings, today: date) -> list[Clock]:
    """The clocks a reader should see now: the review timetable, the current placement's clocks, the notices
    that the placement before it ended, and an emergency move's IRO notice and care review that were already
    owed when the next move came and are still not done (found from outside: adding the next placement
    silenced a care review nine days overdue). Other clocks of older placements are history."""
    current = case.current_placement()
    if current is None:
        return [k for k in case_clocks(case, settings, today) if k.ref is None]
    ended = {
        p.id for p in case.placements if p.end is not None and p.end >= current.start - timedelta(days=7)
    }
    starts = sorted(p.start for p in case.placements)
    followed = {p.id: next((d for d in starts if d > p.start), None) for p in case.placements}

    def still_owed(k: Clock) -> bool:
        nxt = followed.get(k.ref or "")
        return (
            k.kind in AFTER_THE_MOVE
            and k.done is None
            and (nxt is None or k.due < nxt)
            and (today - k.due).days <= AFTER_THE_MOVE_DAYS
        )

    return [
        k
        for k in case_clocks(case, settings, today)
        if k.ref is None
        or k.ref == current.id
        or (k.kind == "ending-notice" and k.ref in ended)
        or still_owed(k)
    ]


def clocks_as_of(case: Case, settings: Settings, day: date) -> list[Clock]:
    """The clocks as they stood on ``day`` (a meeting's date): the placement then current, nothing done after
    it counted as done; what fell due by six weeks after it (what the meeting could act on), and beyond that the
    next clock of each kind, so the next review is always listed (found from outside: a review due eight weeks
    after the meeting was missing from its minutes while the Clocks tab showed it)."""
    then = [p for p in case.placements if p.start <= day]
    live = [p for p in then if p.end is None or p.end > day]
    current = max(live or then, key=lambda p: p.start, default=None)
    out = []
    later: dict[tuple[str, str | None], Clock] = {}
    for k in case_clocks(case, settings, day):
        if k.ref is not None and (current is None or k.ref != current.id) and k.kind != "ending-notice":
            continue
        if k.kind == "ending-notice" and (current is None or k.due < current.start):
            continue
        if k.due > day + timedelta(days=42):
            key = (k.kind, k.ref)
            if key not in later or k.due < later[key].due:
                later[key] = k
            continue
        out.append(dc.replace(k, done=None) if k.done is not None and k.done > day else k)
    near = {(k.kind, k.ref) for k in out if k.done is None or k.done > day}
    out += [dc.replace(k, done=None) for key, k in later.items() if key not in near]
    return out
