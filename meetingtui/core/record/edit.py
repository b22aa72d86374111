"""Editing the case record: placements, wishes, interventions, peers and forums, and the case's own details.

Each row is checked against its part of the exchange schema before it is stored, so nothing the app saves can
fail to export or import later.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.record.fields import Record
from meetingtui.core.record.model import Case, Forum, Intervention, Peer, Placement, Wish
from meetingtui.core.record.schema import case_validator
from meetingtui.core.store.base import Repository

ListName = Literal["placements", "interventions", "peers", "forums", "wishes"]

# Schema definition and id prefix of each list (wishes have no ids: they are addressed by position).
LISTS: dict[str, tuple[type[Record], str, str]] = {
    "placements": (Placement, "placement", "P"),
    "interventions": (Intervention, "intervention", "I"),
    "peers": (Peer, "peer", "F"),
    "forums": (Forum, "forum", "G"),
    "wishes": (Wish, "wish", ""),
}

_NAME_LIKE = re.compile(r"[A-Za-z]{3,}")


def check_row(kind: str, row: Record) -> None:
    """Raise a one-line UserError for the first schema problem of a record row."""
    _cls, schema_def, _prefix = LISTS[kind]
    v = case_validator()
    problems = v.validate(row.to_dict(), node=v.defs[schema_def], path=kind.rstrip("s"))
    if problems:
        raise UserError(str(problems[0]))


def check_peer_label(label: str, *, names_allowed: bool) -> None:
    """Peer maps use initials by default (the national contextual safeguarding toolkit's rule)."""
    if not names_allowed and _NAME_LIKE.search(label):
        raise UserError(
            f"use initials for peers (e.g. K.B.), not {label[:20]!r}; names need the peer_names setting"
        )


def next_id(existing: set[str], prefix: str) -> str:
    n = len(existing) + 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


def save_row(
    repo: Repository,
    case_id: str,
    kind: ListName,
    row: Any,
    *,
    index: int | None = None,
    peer_names: bool = False,
) -> Any:
    """Add (no id / no index) or replace a row of one of the record's lists; returns the stored row."""
    if kind not in LISTS:
        raise UserError(f"unknown record list {kind!r}")
    if kind == "peers":
        check_peer_label(row.label, names_allowed=peer_names)
    with repo.transaction(case_id) as tx:
        case = tx.record()
        rows: list[Any] = getattr(case, kind)
        if kind == "wishes":
            if index is None:
                rows.append(row)
            elif 0 <= index < len(rows):
                rows[index] = row
            else:
                raise NotFound("that wish is no longer there")
        else:
            ids = {r.id for r in rows}
            if not getattr(row, "id", None):
                row.id = next_id(ids, LISTS[kind][2])
            pos = next((n for n, r in enumerate(rows) if r.id == row.id), None)
            if pos is None:
                rows.append(row)
            else:
                rows[pos] = row
        check_row(kind, row)
        tx.put_record(case)
        return row


def delete_row(repo: Repository, case_id: str, kind: ListName, key: str | int) -> None:
    with repo.transaction(case_id) as tx:
        case = tx.record()
        rows: list[Any] = getattr(case, kind)
        if kind == "wishes":
            idx = int(key)
            if not 0 <= idx < len(rows):
                raise NotFound("that wish is no longer there")
            rows.pop(idx)
        else:
            keep = [r for r in rows if r.id != key]
            if len(keep) == len(rows):
                raise NotFound(f"no {kind.rstrip('s')} {key}")
            setattr(case, kind, keep)
        tx.put_record(case)


CASE_FIELDS = (
    "name",
    "date_of_birth",
    "legal_status",
    "lead_professional",
    "challenge_rights_explained",
    "notes",
)


def save_case_details(repo: Repository, case_id: str, **values: Any) -> Case:
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise UserError(f"cannot set {sorted(unknown)[0]} on a case")
    with repo.transaction(case_id) as tx:
        case = tx.record()
        for k, v in values.items():
            setattr(case, k, v)
        if not case.name or not case.name.strip():
            raise UserError("the young person needs a name in the minutes (initials or an agreed name)")
        v = case_validator()
        problems = v.validate(
            {**case.to_dict(), "meetings": [], "actions": []}, node=v.defs["case"], path="case"
        )
        if problems:
            raise UserError(str(problems[0]))
        tx.put_record(case)
        return case


def new_case(repo: Repository, case: Case) -> Case:
    """Create an empty case (from the TUI's new-case form)."""
    v = case_validator()
    problems = v.validate(case.to_dict(), node=v.defs["case"], path="case")
    if problems:
        raise UserError(str(problems[0]))
    repo.create_case(case)
    return case
