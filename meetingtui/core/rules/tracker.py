"""The action tracker: every agreed action across all cases, filtered and sorted by the due date in force.

Between meetings this is where agencies see what they owe. It scans the per-case summaries as plain dicts
(``Repository.summary_raw``) and builds typed ``Action`` records only for the rows it keeps, because a council
can hold tens of thousands of actions and the screen must refresh instantly.
"""

from __future__ import annotations

import dataclasses as dc
import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from meetingtui.core import bulk
from meetingtui.core.errors import UserError
from meetingtui.core.rules.due import DRIFT_AFTER_CARRIES
from meetingtui.core.rules.restricted import restricted_keys, row_is_restricted
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show
from meetingtui.core.text.textmatch import fold, needle

if TYPE_CHECKING:
    from meetingtui.core.record.model import Action

OPEN_STATUSES = ("open", "carried")
STATUS_FILTERS = ("open", "done", "carried", "dropped", "all")

Row = Mapping[str, Any]


def row_current_due(row: Row) -> str:
    """``Action.current_due`` on a stored dict, as its ISO text (which sorts like the date)."""
    for u in reversed(row.get("updates") or ()):
        if u.get("status") == "carried" and u.get("due"):
            return u["due"]
    return row["due"]


def row_times_carried(row: Row) -> int:
    return sum(1 for u in row.get("updates") or () if u.get("status") == "carried")


def id_key(action_id: str) -> tuple[int, str]:
    """Orders A2 before A10 (ids are a letter and a number, or at least of similar shape)."""
    return len(action_id), action_id


class TrackedAction:
    """One row of the tracker. ``action`` (the typed record) is built on first use: a query can keep tens of
    thousands of rows, and a screen shows a page of them."""

    __slots__ = (
        "_action",
        "_due",
        "_row",
        "case_id",
        "case_name",
        "current_due",
        "days_overdue",
        "drift",
        "overdue",
        "restricted",
    )

    def __init__(
        self,
        case_id: str,
        case_name: str,
        row: Row,
        *,
        due: str,
        current_due: date,
        overdue: bool,
        days_overdue: int,
        drift: bool,
        restricted: bool = False,
    ) -> None:
        self.case_id = case_id
        self.case_name = case_name
        self._row = row
        self._action: Action | None = None
        self._due = due
        self.current_due = current_due
        self.overdue = overdue
        self.days_overdue = days_overdue
        self.drift = drift
        # Agreed under a restricted agenda item: every list marks it, so it is not forwarded by mistake.
        self.restricted = restricted

    @property
    def row(self) -> Row:
        """The stored action as it is in the case file (read-only): for exports that need no typed record."""
        return self._row

    @property
    def action(self) -> Action:
        if self._action is None:
            from meetingtui.core.record.model import Action

            self._action = Action.from_dict(self._row)
        return self._action

    @property
    def action_id(self) -> str:
        return self._row["id"]

    def __repr__(self) -> str:
        return (
            f"TrackedAction({self.case_id}/{self.action_id}, due {self.current_due}, overdue={self.overdue})"
        )


@dc.dataclass(kw_only=True)
class ActionFilter:
    """What the tracker shows. ``status``: None or "all" = every status, "open" = still owed (open or carried).

    ``overdue`` and ``due_within_days`` both narrow to owed actions; given together they list both kinds (what
    needs chasing now and what falls due soon).
    """

    case_id: str | None = None
    # Part of a case id, any case (the tracker screen's filter box): unlike case_id, never an error.
    case_match: str | None = None
    agency: str | None = None
    owner: str | None = None
    status: str | None = None
    overdue: bool = False
    due_within_days: int | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUS_FILTERS:
            raise UserError(f"status {show(self.status)!r} is not one of: {', '.join(STATUS_FILTERS)}")
        if self.due_within_days is not None and self.due_within_days < 0:
            raise UserError(f"due within {self.due_within_days} days: the number must not be negative")
        if self.due_within_days is not None and self.due_within_days > 3660:
            raise UserError(f"due within {self.due_within_days} days: at most 3660 (ten years)")

    def statuses(self) -> tuple[str, ...] | None:
        if self.status in (None, "all"):
            return None
        if self.status == "open":
            return OPEN_STATUSES
        return (self.status,)


_due_key = operator.attrgetter("_due")


def _scan(
    repo: Repository,
    ids: Iterable[str],
    on_damaged: Callable[[str, UserError], None] | None,
    strict: bool,
    closed: bool,
) -> Iterable[tuple[str, dict[str, Any], Iterable[dict[str, Any]]]]:
    """Each readable case's summary and the action rows to look at: the owed ones, plus the closed ones only
    when the filter can match them (they live in a file of their own, read only then)."""
    for cid in ids:
        try:
            raw = repo.summary_raw(cid)
            rows: Iterable[dict[str, Any]] = raw.get("actions", ())
            if closed:
                rows = [*rows, *repo.closed_actions_raw(cid)]
        except UserError as exc:
            if strict:
                raise
            if on_damaged is not None:
                on_damaged(cid, exc)
            continue
        yield cid, raw, rows


def query_actions(
    repo: Repository,
    flt: ActionFilter,
    today: date,
    *,
    on_damaged: Callable[[str, UserError], None] | None = None,
) -> list[TrackedAction]:
    """Actions matching ``flt``, soonest due first. A case that cannot be read is skipped (and reported to
    ``on_damaged``) unless it is the one case asked for, which raises."""
    statuses = flt.statuses()
    agency = needle(flt.agency) if flt.agency else None
    owner = needle(flt.owner) if flt.owner else None
    today_s = today.isoformat()
    try:
        soon_s = (
            (today + timedelta(days=flt.due_within_days)).isoformat()
            if flt.due_within_days is not None
            else None
        )
    except OverflowError:  # a far --as-of: bad input, not a fault
        raise UserError(
            f"due within {flt.due_within_days} days of {today.isoformat()}: goes past 9999-12-31, the last "
            "date meetingtui can hold"
        ) from None
    by_date = flt.overdue or soon_s is not None
    ids = [flt.case_id] if flt.case_id else repo.case_ids()
    if flt.case_match:
        wanted = fold(flt.case_match)
        ids = [cid for cid in ids if wanted in fold(cid)]

    out: list[TrackedAction] = []
    parse = date.fromisoformat
    with bulk.scan():
        wants_closed = not by_date and (statuses is None or any(x not in OPEN_STATUSES for x in statuses))
        for cid, raw, stored in _scan(repo, ids, on_damaged, strict=bool(flt.case_id), closed=wants_closed):
            name = raw.get("name", "")
            secret = restricted_keys(raw.get("meetings", ()))
            rows = []
            for row in stored:
                status = row["status"]
                if statuses is not None and status not in statuses:
                    continue
                if by_date and status not in OPEN_STATUSES:
                    continue  # overdue and due soon both mean still owed
                ups = row.get("updates")
                due = row_current_due(row) if ups else row["due"]
                late = due < today_s and status in OPEN_STATUSES
                if by_date:
                    soon = soon_s is not None and today_s <= due <= soon_s and status in OPEN_STATUSES
                    if not ((flt.overdue and late) or soon):
                        continue
                if agency is not None and agency not in fold(row.get("agency") or ""):
                    continue
                if owner is not None and owner not in fold(row["owner"]):
                    continue
                when = parse(due)
                rows.append(
                    TrackedAction(
                        cid,
                        name,
                        row,
                        due=due,
                        current_due=when,
                        overdue=late,
                        days_overdue=(today - when).days if late else 0,
                        drift=bool(ups) and row_times_carried(row) > DRIFT_AFTER_CARRIES,
                        restricted=bool(row.get("restricted"))
                        or (bool(secret) and row_is_restricted(secret, row)),
                    )
                )
            # Within a case by id (A2 before A10); case ids come sorted; the stable sort by due keeps both
            # orders for equal dates. Sorting on a stored string avoids building a key tuple for every row.
            rows.sort(key=lambda t: id_key(t._row["id"]))
            out.extend(rows)
    if on_damaged is not None and not flt.case_id:
        for cid in repo.missing_case_ids():  # deleted from the data folder: said, not silently left out
            try:
                repo.summary_raw(cid)
            except UserError as exc:
                on_damaged(cid, exc)
    out.sort(key=_due_key)
    return out
