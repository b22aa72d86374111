"""Editing the case record: placements, wishes, interventions, peers and forums, and the case's own details.

Each row is checked against its part of the exchange schema before it is stored, so nothing the app saves can
fail to export or import later.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.record import merge
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

# What a conflict calls each field: the form's own words, so the person knows which box it is.
LABELS: dict[str, dict[str, str]] = {
    "case": {
        "name": "Young person",
        "date_of_birth": "Date of birth",
        "legal_status": "Legal status",
        "lead_professional": "Lead professional",
        "challenge_rights_explained": "Told how to challenge decisions on",
        "notes": "Case notes",
    },
    "placements": {
        "start": "Started",
        "end": "Ended",
        "move": "How the move happened",
        "iro_notified": "IRO notified on",
    },
    "interventions": {"evidence": "Evidence for that judgement"},
    "peers": {"label": "Peer", "contact_plan": "Managed contact plan"},
    "forums": {"name": "Forum", "next_date": "Next date"},
    "wishes": {"text": "In their words", "how": "How"},
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


def ended_by(placements: list[Any], new: Any) -> list[Any]:
    """The placements a new one ends: those still open (no end) that began before it. A young person lives in
    one placement at a time; found from outside, adding the next placement left the last one "now" too, so
    two were current and a visit recorded that day belonged to neither. Adding an earlier placement, or one
    with its own end date (filling in history, a short break), ends nothing."""
    if new.end is not None:
        return []  # a placement already over (history, a short break) is not where they live now
    return [p for p in placements if p.end is None and p.start < new.start and p.id != new.id]


def save_row(
    repo: Repository,
    case_id: str,
    kind: ListName,
    row: Any,
    *,
    index: int | None = None,
    peer_names: bool = False,
    opened: Any = None,
) -> Any:
    """Add (no id / no index) or replace a row of one of the record's lists; returns the stored row.

    ``opened`` is the row as the form showed it: then only the fields the person changed are applied, onto the
    row as stored now (found by its identity, wherever other copies moved it), and a field changed underneath
    too raises :class:`EditConflict` with nothing saved. Without it (undo, the CLI) the row is stored as given.
    """
    if kind not in LISTS:
        raise UserError(f"unknown record list {kind!r}")
    if kind == "peers":
        check_peer_label(row.label, names_allowed=peer_names)
    what = f"case {case_id}: this {LISTS[kind][1]}"

    def again(stored: Any, mine: Any) -> Any:
        if stored is None:  # deleted underneath and kept: added back as a new row
            mine = mine.copy()
            if hasattr(mine, "id"):
                mine.id = ""
            if hasattr(mine, "uid"):
                mine.uid = None
            return save_row(repo, case_id, kind, mine, peer_names=peer_names)
        return save_row(repo, case_id, kind, mine, peer_names=peer_names, opened=stored)

    with repo.transaction(case_id) as tx:
        case = tx.record()
        rows: list[Any] = getattr(case, kind)
        if opened is not None:
            pos = merge.find_row(rows, opened, index)
            if pos is None:
                raise merge.removed_conflict(what, row, again)
            theirs = rows[pos]
            row, conflicts = merge.merge_rows(opened, row, theirs, LABELS.get(kind))
            if conflicts:
                raise merge.EditConflict(what, conflicts, stored=theirs.copy(), merged=row, again=again)
            rows[pos] = row
        elif kind == "wishes":
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
                if kind == "placements":
                    for earlier in ended_by(rows, row):
                        earlier.end = row.start
                rows.append(row)
            else:
                rows[pos] = row
        check_row(kind, row)
        tx.put_record(case)
        return row


def delete_row(repo: Repository, case_id: str, kind: ListName, key: str | int, *, shown: Any = None) -> None:
    """Remove a row. A wish is addressed by position; ``shown`` (the wish as the screen showed it) finds it
    wherever another copy moved it, so a stale screen never deletes the wrong one."""
    with repo.transaction(case_id) as tx:
        case = tx.record()
        rows: list[Any] = getattr(case, kind)
        if kind == "wishes":
            idx = int(key) if shown is None else merge.find_row(rows, shown, int(key))
            if idx is None or not 0 <= idx < len(rows):
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


def save_case_details(repo: Repository, case_id: str, *, opened: Case | None = None, **values: Any) -> Case:
    """Set the case's own details. With ``opened`` (the case as the form showed it) only the fields the person
    changed are applied onto the case as stored now; one changed underneath too raises EditConflict."""
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise UserError(f"cannot set {sorted(unknown)[0]} on a case")

    def again(stored: Any, mine: dict[str, Any]) -> Case:
        return save_case_details(repo, case_id, opened=stored, **mine)

    with repo.transaction(case_id) as tx:
        case = tx.record()
        if opened is not None:
            values, conflicts = merge.merge_values(
                {k: getattr(opened, k) for k in values},
                values,
                {k: getattr(case, k) for k in values},
                LABELS["case"],
            )
            if conflicts:
                raise merge.EditConflict(
                    f"case {case_id}: the case details",
                    conflicts,
                    stored=case.copy(),
                    merged=values,
                    again=again,
                )
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
