"""Alerts: what has slipped, or is about to, across every case (home screen, case screen, ``meetingtui alerts``).

Each rule takes "today" as an argument so that ``--as-of`` can test it at its boundaries. The rules read only
what a case summary holds (no notes, agendas or wish text), so the home screen can run them over hundreds of
cases without opening a case file.

Severity: ``overdue`` — a deadline has passed (or a case file is damaged): act now; ``due`` — needs doing, with
a deadline still ahead or no set date; ``info`` — for awareness (drifting actions). ``days`` is the due date
minus today: negative means overdue by that many calendar days, even for deadlines counted in working days.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from meetingtui.core import bulk
from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import CaseFileDamaged, UserError
from meetingtui.core.rules.due import DRIFT_AFTER_CARRIES, next_meeting_date
from meetingtui.core.rules.restricted import restricted_keys, row_is_restricted
from meetingtui.core.rules.tracker import OPEN_STATUSES, id_key, row_current_due, row_times_carried
from meetingtui.core.store.base import Repository
from meetingtui.core.text.textmatch import fold

if TYPE_CHECKING:
    from meetingtui.core.record.model import Action, Case
    from meetingtui.core.rules.clocks import Source

SEVERITIES = ("overdue", "due", "info")
RESTRICTED_MARK = "[RESTRICTED]"

KINDS = (
    "damaged",
    "actions-overdue",
    "action-drift",
    "iro-notification",
    "care-review",
    "notification",
    "ending-notice",
    "review",
    "visit",
    "plan-change",
    "actions-circulation",
    "minutes-approval",
    "minutes-circulation",
    "contact-plan-review",
    "forum-date",
    "wishes",
    "challenge-rights",
    "correction-window",
)


@dc.dataclass(slots=True)
class Alert:
    kind: str
    severity: str
    case_id: str
    case_name: str
    message: str
    due: date | None = None
    # Due date minus today: negative = overdue by that many days, 0 = due today.
    days: int | None = None
    # What the alert is about: an action id (several joined by commas), a meeting, placement, peer or forum id.
    ref: str | None = None
    agency: str | None = None
    # About an action agreed under a restricted agenda item, or naming someone on the peer map: marked on every
    # list so it is not forwarded.
    restricted: bool = False
    # Which rule the deadline comes from: a regulation, or a local standard naming its setting.
    source: str | None = None
    source_short: str | None = None

    @property
    def labelled(self) -> str:
        """The message with its rule, as lists show it: ``… due 2026-11-09: 3 days left [reg 33(1)]``."""
        return f"{self.message} [{self.source_short}]" if self.source_short else self.message


def _severity(due: date, today: date) -> str:
    return "overdue" if due < today else "due"


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class _Owed(NamedTuple):
    """What the action rules read of an owed action: built from an Action, or straight from a stored row
    (building full records for thousands of late actions would dominate the home screen's refresh)."""

    id: str
    text: str
    owner: str
    agency: str | None
    current_due: date
    times_carried: int
    restricted: bool = False

    @classmethod
    def of(cls, a: Action, restricted: bool = False) -> _Owed:
        return cls(a.id, a.text, a.owner, a.agency, a.current_due, a.times_carried, restricted)

    @classmethod
    def of_row(cls, row: dict[str, Any], restricted: bool = False) -> _Owed:
        due = row_current_due(row) if row.get("updates") else row["due"]
        return cls(
            row["id"],
            row["text"],
            row["owner"],
            row.get("agency"),
            date.fromisoformat(due),
            row_times_carried(row),
            restricted,
        )


class _Rules:
    """The rules for one case. A class only to share the case, settings and today between small methods."""

    def __init__(self, case: Case, settings: Settings, today: date) -> None:
        # The rule modules are imported when a case is first judged: reading the date-stamped overview (home,
        # `meetingtui alerts`) needs only Alert, and their imports (the clocks, calendar, corrections) were
        # about 7 ms of every such start.
        from meetingtui.core.rules import clock_alerts, minutes_alerts

        self._clock, self._minutes = clock_alerts, minutes_alerts
        self.when = clock_alerts.when
        self.case = case
        self.s = settings
        self.today = today
        self.out: list[Alert] = []

    def add(
        self,
        kind: str,
        message: str,
        *,
        due: date | None = None,
        severity: str | None = None,
        ref: str | None = None,
        agency: str | None = None,
        restricted: bool = False,
        source: Source | None = None,
    ) -> None:
        sev = severity or (_severity(due, self.today) if due else "due")
        days = (due - self.today).days if due else None
        if restricted:
            message = f"{RESTRICTED_MARK} {message}"
        src = source or self._clock.rule_source(kind, self.s)
        self.out.append(
            Alert(
                kind,
                sev,
                self.case.id,
                self.case.name,
                message,
                due,
                days,
                ref,
                agency,
                restricted,
                src.full if src else None,
                src.short if src else None,
            )
        )

    # -------------------------------------------------------------------------------------------- actions
    def actions(self, owed: list[_Owed]) -> None:
        late: dict[str, list[_Owed]] = {}
        for a in owed:
            if a.current_due < self.today:
                # "Police" and "police " are one agency; the first spelling met names the group.
                late.setdefault(fold(a.agency or "").strip(), []).append(a)
            if a.times_carried > DRIFT_AFTER_CARRIES:
                self.add(
                    "action-drift",
                    f"{a.id} carried {a.times_carried} times (more than {DRIFT_AFTER_CARRIES}): "
                    f"{_clip(a.text)} ({a.owner}{', ' + a.agency if a.agency else ''})",
                    severity="info",
                    due=a.current_due,
                    ref=a.id,
                    agency=a.agency,
                    restricted=a.restricted,
                )
        for _key, acts in sorted(late.items()):
            agency = (acts[0].agency or "").strip()
            acts.sort(key=lambda a: (a.current_due, id_key(a.id)))
            first = acts[0]
            who = agency or "No agency"
            if len(acts) == 1:
                msg = f"{who}: {first.id} {self.when(first.current_due, self.today)} — {_clip(first.text)} ({first.owner})"
            else:
                ids = ", ".join(a.id for a in acts[:6]) + (", …" if len(acts) > 6 else "")
                msg = f"{who}: {len(acts)} overdue actions ({ids}); oldest {first.id} {self.when(first.current_due, self.today)}"
            self.add(
                "actions-overdue",
                msg,
                due=first.current_due,
                ref=",".join(a.id for a in acts),
                agency=agency or None,
                restricted=any(a.restricted for a in acts),
            )

    def clocks(self) -> None:
        self._clock.clock_alerts(self.case, self.s, self.today, self.add)

    # ---------------------------------------------------------------------------------------- circulation
    def circulation(self, meetings_with_actions: set[str]) -> None:
        self._minutes.circulation_alerts(self.case, self.s, self.today, self.add, meetings_with_actions)

    # ------------------------------------------------------------------------------------ review dates
    def review_dates(self) -> None:
        for peer in self.case.peers:
            plan = peer.contact_plan
            if plan is None or plan.review_by is None or plan.review_by >= self.today:
                continue
            self.add(
                "contact-plan-review",
                f"Contact plan for peer {peer.label} not reviewed; review {self.when(plan.review_by, self.today)}",
                due=plan.review_by,
                ref=peer.id,
                restricted=True,  # it names another child: the peer map is restricted wherever it is shown
            )
        for f in self.case.forums:
            if f.next_date is None or f.next_date >= self.today:
                continue
            ago = (self.today - f.next_date).days
            self.add(
                "forum-date",
                f"{f.name}: its date {f.next_date.isoformat()} passed {self._clock.days_words(ago)} ago; "
                "record what it decided and its next date",
                due=f.next_date,
                ref=f.id,
                agency=f.agency,
            )

    # -------------------------------------------------------------------------------- wishes and rights
    def wishes(self) -> None:
        n = self.s.wishes_max_age_days
        newest = max((w.date for w in self.case.wishes), default=None)
        ahead = [
            m
            for m in self.case.meetings_by_date()
            if m.status == "in progress" or (m.status == "scheduled" and m.date >= self.today)
        ]
        # Only the next meeting: the one the wishes must be gathered for now (later ones follow in turn).
        for m in ahead[:1]:
            if newest is not None and (m.date - newest).days <= n:
                continue
            last = f"last recorded {newest.isoformat()}" if newest else "never recorded"
            self.add(
                "wishes",
                f"YP's wishes {last} (more than {n} days before the meeting on {m.date.isoformat()}); "
                f"record them before it",
                due=m.date,
                severity="due",
                ref=m.id,
            )
        if ahead:
            return
        if newest is None:
            self.add("wishes", "YP's wishes and feelings have never been recorded", severity="overdue")
        elif (self.today - newest).days > n:
            due = newest + timedelta(days=n)
            self.add(
                "wishes",
                f"YP's wishes last recorded {newest.isoformat()}, more than {n} days ago; "
                f"{self.when(due, self.today)}",
                due=due,
            )

    def challenge_rights(self) -> None:
        told = self.case.challenge_rights_explained
        moves = [p.start for p in self.case.placements]
        last_move = max(moves) if moves else None
        if told is None:
            self.add(
                "challenge-rights",
                "YP not yet told how to challenge decisions (advocate, IRO dispute process, complaints)",
                severity="due",
            )
        elif last_move is not None and told < last_move:
            self.add(
                "challenge-rights",
                f"YP not told how to challenge decisions since the move on {last_move.isoformat()} "
                f"(last told {told.isoformat()})",
                severity="due",
            )


def case_alerts(case: Case, settings: Settings, today: date) -> list[Alert]:
    """Every alert for one case (a full case or a summary), most urgent first."""
    secret = restricted_keys(case.meetings)
    owed = [
        _Owed.of(
            a,
            row_is_restricted(
                secret, {"meeting_id": a.meeting_id, "item_key": a.item_key, "restricted": a.restricted}
            ),
        )
        for a in case.actions
        if a.is_open
    ]
    return _alerts(case, settings, today, owed, {a.meeting_id for a in case.actions})


def _alerts(
    case: Case, settings: Settings, today: date, owed: list[_Owed], meetings_with_actions: set[str]
) -> list[Alert]:
    r = _Rules(case, settings, today)
    rules: list[Callable[[], None]] = [
        lambda: r.actions(owed),
        r.clocks,
        lambda: r.circulation(meetings_with_actions),
        r.review_dates,
        r.wishes,
        r.challenge_rights,
    ]
    for rule in rules:
        try:
            rule()
        except OverflowError:
            # A date at the very end of the calendar (possible in an imported file) has no deadline after it:
            # that rule has nothing to say, and the others still run.
            continue
    return sort_alerts(r.out)


@dc.dataclass(slots=True)
class Overview:
    """One line of the home screen: a case's next meeting, how many actions are owed and overdue, and its
    alerts; or, with ``damaged`` set, why it cannot be read."""

    case_id: str
    name: str = ""
    next_meeting: date | None = None
    owed: int = 0
    overdue: int = 0
    alerts: list[Alert] = dc.field(default_factory=list)
    damaged: CaseFileDamaged | None = None


def _from_summary(
    raw: dict[str, Any], settings: Settings, today: date, agreed: set[str] | None = None
) -> Overview:
    """A case's overview from its stored summary, reading the actions as rows: only owed ones that are late
    or drifting can raise an alert, so only those become records (``case_alerts`` gives the same alerts)."""
    today_s = today.isoformat()
    owed: list[_Owed] = []
    with_actions = set(agreed) if agreed is not None else set()
    n_owed = n_late = 0
    secret = restricted_keys(raw.get("meetings", ()))
    for row in raw.get("actions", ()):
        with_actions.add(row["meeting_id"])
        if row["status"] not in OPEN_STATUSES:
            continue
        n_owed += 1
        if row.get("updates"):
            late = row_current_due(row) < today_s
            if late or row_times_carried(row) > DRIFT_AFTER_CARRIES:
                owed.append(
                    _Owed.of_row(
                        row,
                        _row_restricted(secret, row),
                    )
                )
        else:
            late = row["due"] < today_s
            if late:
                owed.append(
                    _Owed.of_row(
                        row,
                        _row_restricted(secret, row),
                    )
                )
        n_late += late
    from meetingtui.core.record.model import Case

    case = Case.from_dict({**raw, "actions": []})
    return Overview(
        case.id,
        case.name,
        next_meeting_date(case, today),
        n_owed,
        n_late,
        _alerts(case, settings, today, owed, with_actions),
    )


def _row_restricted(secret: dict[str, frozenset[str]], row: dict[str, Any]) -> bool:
    return bool(row.get("restricted")) or (bool(secret) and row_is_restricted(secret, row))


def overview_of(repo: Repository, cid: str, settings: Settings, today: date) -> Overview:
    """One case's overview judged from its stored summary; a case that cannot be read says why."""
    try:
        with bulk.scan():
            return _from_summary(repo.summary_raw(cid), settings, today, repo.agreed_in(cid))
    except CaseFileDamaged as exc:
        return Overview(cid, damaged=exc)
    except UserError as exc:
        return Overview(cid, damaged=CaseFileDamaged(Path(repo.where(cid)), str(exc)))
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        reason = f"its summary cannot be read ({exc})"
        return Overview(cid, damaged=CaseFileDamaged(Path(repo.where(cid)), reason))


def overview(repo: Repository, settings: Settings, today: date) -> list[Overview]:
    """Every case's overview, in case-id order. A case that cannot be read is listed with the reason; so is a
    case the store once held and no longer finds. The repository may keep them (the file store's
    date-stamped cache, :mod:`.overview_cache`)."""
    out = list(repo.overviews(settings, today))
    with bulk.scan():
        for cid in repo.missing_case_ids():
            out.append(Overview(cid, damaged=_missing(repo, cid)))
    out.sort(key=lambda o: o.case_id)
    return out


def _missing(repo: Repository, case_id: str) -> CaseFileDamaged:
    """Why a case the store once held is gone (the file store says which backups it has)."""
    try:
        repo.summary_raw(case_id)
    except CaseFileDamaged as exc:
        return exc
    except UserError as exc:
        return CaseFileDamaged(Path(repo.where(case_id)), str(exc))
    return CaseFileDamaged(Path(repo.where(case_id)), "the case file is missing")


def all_alerts(
    repo: Repository, settings: Settings, today: date, *, case_id: str | None = None
) -> list[Alert]:
    """Alerts over every case (or one). A case that cannot be read gives a "damaged" alert and is skipped."""
    out: list[Alert] = []
    if not case_id:
        for o in overview(repo, settings, today):
            if o.damaged is not None:
                out.append(
                    Alert("damaged", "overdue", o.case_id, "", f"Case file cannot be read: {o.damaged}")
                )
            out.extend(o.alerts)
        return sort_alerts(out)
    with bulk.scan():
        try:
            found = _from_summary(repo.summary_raw(case_id), settings, today, repo.agreed_in(case_id)).alerts
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            found = [Alert("damaged", "overdue", case_id, "", f"Case summary cannot be read ({exc})")]
        out.extend(found)
    return sort_alerts(out)


def sort_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """Most urgent first: by severity, then most overdue / soonest due, then case and kind."""
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    big = 10**9
    return sorted(
        alerts,
        key=lambda a: (
            rank.get(a.severity, len(rank)),
            a.days if a.days is not None else big,
            a.case_id,
            KINDS.index(a.kind) if a.kind in KINDS else len(KINDS),
            a.agency or "",
        ),
    )
