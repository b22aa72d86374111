"""Three-way merge of one edit, so a second copy of the app never overwrites another's change.

A form holds three versions of what it edits: the record as the form opened it (*base*), the person's values
(*mine*) and the record as stored when they save (*theirs*, re-read inside the case's lock). Only the fields the
person changed are applied, onto *theirs*; a field changed both here and underneath, to different values, is a
conflict: nothing is saved, and the caller asks the person (keep mine / take theirs / keep both) and calls
:meth:`EditConflict.resolve`, which saves again against the record as it was found.

Rows of the record's lists are found again by their identity: an ``id`` (placements, interventions, peers,
forums, actions) or the app-internal ``uid`` (wishes, attendees, decisions; kept in the store, never in an
exported case file). A row stored before uids existed is found by its content instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.record.fields import Record

Choice = Literal["mine", "theirs", "both"]
#: The pseudo-field of a conflict where the whole row was removed by another copy.
WHOLE_ROW = "(row)"


def new_uid() -> str:
    """A row identity unlikely to repeat: two copies adding rows at once must never pick the same one.
    ``secrets`` is imported here, on the first new row: a read-only start never pays for it (and OpenSSL)."""
    import secrets

    return secrets.token_hex(4)


def give_uids(rows: Sequence[Any]) -> None:
    """Give every row without one an app-internal uid (called when rows are stored)."""
    for r in rows:
        if not getattr(r, "uid", None):
            r.uid = new_uid()


@dataclass(slots=True)
class FieldConflict:
    """One field changed both in this copy and underneath, to different values."""

    field: str
    label: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def can_keep_both(self) -> bool:
        """Only text can hold both versions (a date or a choice is one value)."""
        return (
            isinstance(self.mine, str | None)
            and isinstance(self.theirs, str | None)
            and self.field != WHOLE_ROW
        )

    def both(self) -> str:
        """Both texts, the stored one first, so nothing either person wrote is lost."""
        theirs, mine = self.theirs or "", self.mine or ""
        sep = "\n\n" if "\n" in theirs or "\n" in mine else " / "
        return f"{theirs}{sep}{mine}"


class EditConflict(Conflict):
    """Raised inside the save's transaction (which therefore stores nothing) when fields conflict.

    ``stored`` is what is stored now (the base of the next attempt), ``merged`` is that with every change of this
    copy that did not conflict, and ``again(stored, mine)`` saves a resolved version through the same function.
    """

    def __init__(
        self,
        what: str,
        conflicts: list[FieldConflict],
        *,
        stored: Any,
        merged: Any,
        again: Callable[[Any, Any], Any],
    ) -> None:
        names = ", ".join(c.label for c in conflicts)
        super().__init__(f"{what}: changed in another copy meanwhile ({names}); nothing saved yet")
        self.what = what
        self.conflicts = conflicts
        self.stored = stored
        self.merged = merged
        self.again = again

    @property
    def removed(self) -> bool:
        return any(c.field == WHOLE_ROW for c in self.conflicts)

    def resolve(self, choices: dict[str, Choice]) -> Any:
        """Save with each conflict settled; may raise a new EditConflict if the record changed again."""
        missing = [c.label for c in self.conflicts if c.field not in choices]
        if missing:
            raise UserError(f"choose for {missing[0]}: keep mine, take theirs or keep both")
        if self.removed:
            return self.again(None, self.merged) if choices[WHOLE_ROW] != "theirs" else None
        mine = self.merged.copy()
        for c in self.conflicts:
            choice = choices[c.field]
            if choice == "both" and not c.can_keep_both:
                raise UserError(f"{c.label}: only text can keep both; keep mine or take theirs")
            value = c.mine if choice == "mine" else c.theirs if choice == "theirs" else c.both()
            if isinstance(mine, dict):
                mine[c.field] = value
            else:
                setattr(mine, c.field, value)
        return self.again(self.stored, mine)


def _label(name: str, labels: dict[str, str] | None) -> str:
    return (labels or {}).get(name, name.replace("_", " ").capitalize())


def merge_values(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], labels: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[FieldConflict]]:
    """Field by field: ``theirs`` with each value this copy changed (``mine`` differs from ``base``) applied,
    and the fields where both changed to different values."""
    merged = dict(theirs)
    conflicts: list[FieldConflict] = []
    for name, m in mine.items():
        b, t = base.get(name), theirs.get(name)
        if m in (b, t):
            continue  # not changed here, or changed to the same value underneath
        if t == b:
            merged[name] = m
        else:
            conflicts.append(FieldConflict(name, _label(name, labels), b, m, t))
    return merged, conflicts


def fields_of(row: Record) -> list[str]:
    """The fields a person can edit: everything exchanged except the row's identity."""
    return [f.name for f in row._plan() if not f.internal and f.name != "id"]


def merge_rows(
    base: Record, mine: Record, theirs: Record, labels: dict[str, str] | None = None
) -> tuple[Record, list[FieldConflict]]:
    """:func:`merge_values` over a row's fields; the result is a copy of ``theirs`` (its identity kept)."""
    names = fields_of(theirs)
    values, conflicts = merge_values(
        {n: getattr(base, n) for n in names},
        {n: getattr(mine, n) for n in names},
        {n: getattr(theirs, n) for n in names},
        labels,
    )
    out = theirs.copy()
    for n in names:
        if values[n] != getattr(theirs, n):
            setattr(out, n, values[n])
    return out, conflicts


def find_row(rows: Sequence[Any], opened: Any, hint: int | None = None) -> int | None:
    """Where the row a form opened is now: by ``id``, else by ``uid``, else (a row stored before uids existed)
    the row equal to it, preferring the position it was at. None when another copy removed it."""
    rid = getattr(opened, "id", None)
    if rid:
        return next((n for n, r in enumerate(rows) if getattr(r, "id", None) == rid), None)
    uid = getattr(opened, "uid", None)
    if uid:
        found = next((n for n, r in enumerate(rows) if getattr(r, "uid", None) == uid), None)
        if found is not None:
            return found
    same = [n for n, r in enumerate(rows) if r == opened and not (uid and getattr(r, "uid", None))]
    if hint is not None and hint in same:
        return hint
    return same[0] if same else None


def removed_conflict(what: str, mine: Any, again: Callable[[Any, Any], Any]) -> EditConflict:
    """The row this copy edited was deleted by another: keep mine adds it back, take theirs leaves it deleted."""
    c = FieldConflict(WHOLE_ROW, "the whole row", mine, "(your edit)", "(deleted in the other copy)")
    return EditConflict(what, [c], stored=None, merged=mine, again=again)
