"""Recording the statutory facts between meetings: visits, reviews of the care plan, the IRO's requests for an
earlier review, notices of a placement starting or ending, when the young person became looked after, and
whether a placement is out of area (the facts :mod:`meetingtui.core.rules.clocks` reads).

Each writer checks everything before it stores anything, in one transaction, and raises a one-line
:class:`UserError` naming the case, the fact and what is wrong. Recording a fact exactly as it is already on
record changes nothing (running a command twice does not count a visit twice).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.record.model import NOTIFIED, Case, Placement
from meetingtui.core.record.schema import case_validator, show
from meetingtui.core.record.statutory import Notification, Review, ReviewRequest, Visit
from meetingtui.core.store.base import Repository, check_id
from meetingtui.core.text.dates import EARLIEST, LATEST

BY_MAX = 200
TEXT_MAX = 1_000_000
ABOUT = ("start", "end")


# ------------------------------------------------------------------------------------------------- checks


def clean_by(value: str | None, what: str = "--by") -> str | None:
    """A name as given (spaces collapsed), or None when not given; refused when empty or too long."""
    if value is None:
        return None
    name = " ".join(value.split())
    if not name:
        raise UserError(f"{what}: a name is needed (or leave {what} out)")
    if len(name) > BY_MAX:
        raise UserError(f"{what}: longer than {BY_MAX} characters ({len(name)})")
    _storable(name, what)
    return name


def clean_text(value: str | None, what: str) -> str | None:
    """A note as given (trimmed), or None when not given or blank."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > TEXT_MAX:
        raise UserError(f"{what}: longer than {TEXT_MAX} characters ({len(text)})")
    _storable(text, what)
    return text


def _storable(text: str, what: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise UserError(f"{what}: contains characters that cannot be stored (not valid UTF-8 text)")


def notified(value: str) -> str:
    """The schema's name for whoever a notice went to (case-insensitive: ``iro`` is the IRO)."""
    for name in NOTIFIED:
        if name.lower() == " ".join(value.split()).lower():
            return name
    raise UserError(f"--to: {show(value)!r} is not one of: {', '.join(NOTIFIED)}")


def check_fact_date(case: Case, on: date, what: str, today: date) -> None:
    """A fact that happened: a real date in the young person's life, and not after today."""
    if not EARLIEST <= on.year <= LATEST:
        raise UserError(
            f"case {case.id}: {what} on {on.isoformat()}: the year should be between {EARLIEST} and {LATEST}"
        )
    dob = case.date_of_birth
    if dob is not None and on < dob:
        raise UserError(
            f"case {case.id}: {what} on {on.isoformat()} is before the date of birth ({dob.isoformat()})"
        )
    if on > today:
        raise UserError(
            f"case {case.id}: {what} on {on.isoformat()} is after today ({today.isoformat()}); "
            "record it once it has happened"
        )


def placement_of(case: Case, placement_id: str) -> Placement:
    check_id(placement_id, "placement id")
    for p in case.placements:
        if p.id == placement_id:
            return p
    known = ", ".join(p.id for p in case.placements)
    raise NotFound(
        f"case {case.id}: no placement {placement_id} "
        + (f"(its placements: {known})" if known else "(it has no placements)")
    )


def _check_row(case_id: str, row: Any, schema_def: str, what: str) -> None:
    """The schema's own check of the new row: what is stored always exports and imports again."""
    v = case_validator()
    problems = v.validate(row.to_dict(), node=v.defs[schema_def], path=what)
    if problems:
        raise UserError(f"case {case_id}: {problems[0]}")


def _add(rows: list[Any], row: Any) -> bool:
    """Add a dated row in date order (after rows of the same day); False when it is already there."""
    if any(r == row for r in rows):
        return False
    at = len(rows)
    while at > 0 and rows[at - 1].date > row.date:
        at -= 1
    rows.insert(at, row)
    return True


def _append(
    repo: Repository, case_id: str, field: str, row: Any, schema_def: str, what: str, today: date
) -> tuple[Any, bool]:
    check_id(case_id)
    _check_row(case_id, row, schema_def, what)
    with repo.transaction(case_id) as tx:
        case = tx.record()
        check_fact_date(case, row.date, what, today)
        if isinstance(row, Visit) and row.placement_id is not None:
            _check_visit_placement(case, row)
        added = _add(getattr(case, field), row)
        if added:
            tx.put_record(case)
        return row, added


def _check_visit_placement(case: Case, visit: Visit) -> None:
    p = placement_of(case, visit.placement_id or "")
    if visit.date < p.start:
        raise UserError(
            f"case {case.id}: visit on {visit.date.isoformat()} is before placement {p.id} started "
            f"({p.start.isoformat()})"
        )
    if p.end is not None and visit.date > p.end:
        raise UserError(
            f"case {case.id}: visit on {visit.date.isoformat()} is after placement {p.id} ended "
            f"({p.end.isoformat()})"
        )


# ------------------------------------------------------------------------------------------------ writers


def record_visit(
    repo: Repository,
    case_id: str,
    *,
    on: date,
    today: date,
    by: str | None = None,
    placement_id: str | None = None,
    seen_alone: bool | None = None,
    note: str | None = None,
) -> tuple[Visit, bool]:
    """A statutory visit by the social worker (reg 28). Returns the visit and whether it was new."""
    if placement_id is not None:
        try:
            check_id(placement_id, "placement id")
        except UserError as exc:
            raise UserError(f"--placement: {exc}") from None
    visit = Visit(
        date=on,
        by=clean_by(by),
        placement_id=placement_id,
        seen_alone=seen_alone,
        note=clean_text(note, "--note"),
    )
    return _append(repo, case_id, "visits", visit, "visit", "visit", today)


def record_review(
    repo: Repository,
    case_id: str,
    *,
    on: date,
    today: date,
    by: str | None = None,
    note: str | None = None,
) -> tuple[Review, bool]:
    """A review of the care plan chaired by the IRO (reg 33)."""
    review = Review(date=on, by=clean_by(by), note=clean_text(note, "--note"))
    return _append(repo, case_id, "reviews", review, "review", "review", today)


def record_review_request(
    repo: Repository,
    case_id: str,
    *,
    on: date,
    today: date,
    by: str | None = None,
    reason: str | None = None,
) -> tuple[ReviewRequest, bool]:
    """The IRO asking for a review earlier than the timetable (reg 33)."""
    request = ReviewRequest(date=on, by=clean_by(by), reason=clean_text(reason, "--reason"))
    return _append(repo, case_id, "review_requests", request, "review_request", "review request", today)


def record_notification(
    repo: Repository,
    case_id: str,
    placement_id: str,
    *,
    to: str,
    on: date,
    today: date,
    about: str | None = None,
    by: str | None = None,
    note: str | None = None,
) -> tuple[Notification, bool]:
    """A written notice of a placement starting (reg 13) or ending (reg 14)."""
    check_id(case_id)
    check_id(placement_id, "placement id")
    if about is not None and about not in ABOUT:
        raise UserError(f"--about: {show(about)!r} is not one of: {', '.join(ABOUT)}")
    notice = Notification(
        to=notified(to), about=about, date=on, by=clean_by(by), note=clean_text(note, "--note")
    )
    _check_row(case_id, notice, "notification", "notification")
    with repo.transaction(case_id) as tx:
        case = tx.record()
        p = placement_of(case, placement_id)
        ending = "ending" if about == "end" else "starting"
        check_fact_date(case, on, f"notice of placement {p.id} {ending}", today)
        same = [
            n
            for n in p.notifications
            if (n.to, n.about or "start", n.date, n.by, n.note)
            == (notice.to, about or "start", on, notice.by, notice.note)
        ]
        if same:
            return same[0], False
        _add(p.notifications, notice)
        tx.put_record(case)
        return notice, True


def set_looked_after_since(
    repo: Repository, case_id: str, on: date, *, today: date
) -> tuple[date | None, bool]:
    """When the young person became looked after. Returns the date it replaced and whether it changed."""
    check_id(case_id)
    with repo.transaction(case_id) as tx:
        case = tx.record()
        check_fact_date(case, on, "looked after since", today)
        before = case.looked_after_since
        if before == on:
            return before, False
        case.looked_after_since = on
        tx.put_record(case)
        return before, True


def set_out_of_area(
    repo: Repository, case_id: str, placement_id: str, out_of_area: bool
) -> tuple[bool | None, bool]:
    """Whether a placement is outside the council's own area (reg 13(4)). Returns what it was and whether it
    changed."""
    check_id(case_id)
    with repo.transaction(case_id) as tx:
        case = tx.record()
        p = placement_of(case, placement_id)
        before = p.out_of_area
        if before is out_of_area:
            return before, False
        p.out_of_area = out_of_area
        tx.put_record(case)
        return before, True
