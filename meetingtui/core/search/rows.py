"""What the full-text index holds (:mod:`.index` keeps it current): each case's rows in the scan's order, their
dated ids, and FTS5 filled from them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from meetingtui.core.errors import UserError
from meetingtui.core.search.scan import searchable_fields
from meetingtui.core.text.textmatch import fold_text

if TYPE_CHECKING:
    from meetingtui.core.record.model import Case


#: A row's id is its date's day number shifted left this far, plus a count within the day: ids in date order,
#: so "the newest places a word is found" is FTS5 reading its doclist backwards (see :data:`.query.NEWEST`).
DAY_SHIFT = 24


def case_day(case: Case) -> date:
    """The date a case's own record (name, notes, placements, peers, …) is filed under: its newest meeting or
    wish, as recent as what was last said in it; a case with neither, today (it is new)."""
    days = [m.date for m in case.meetings] + [w.date for w in case.wishes]
    return max(days) if days else date.today()


def rows_of(case: Case) -> Iterator[tuple[int, tuple]]:
    """The index rows of a case with each row's day number: every non-empty searchable field, in the scan's
    order."""
    seq = 0
    own = case_day(case).toordinal()
    for where, field, value in searchable_fields(case):
        if not value:
            continue
        m = where.meeting
        seq += 1
        when = where.when or (m.date if m else None)
        yield (
            when.toordinal() if when else own,
            (
                case.id,
                seq,
                case.name,
                m.id if m else None,
                m.title if m else None,
                where.item_key,
                where.item_title,
                field,
                where.ref,
                int(where.restricted),
                value,
                fold_text(value),
            ),
        )


def dated_ids(
    conn: sqlite3.Connection, schema: str, days: list[int], counters: dict[int, int] | None = None
) -> list[int]:
    """An unused id for each row, in its day's range (one look-up of the day's highest id per day).
    ``counters``: the next id of each day, kept by a bulk build over tables that started empty (no look-ups)."""
    nxt: dict[int, int] = {} if counters is None else counters
    out = []
    for day in days:
        n = nxt.get(day)
        if n is None and counters is not None:
            n = day << DAY_SHIFT
        elif n is None:
            lo = day << DAY_SHIFT
            top = conn.execute(
                f"SELECT max(id) FROM {schema}.fields WHERE id >= ? AND id < ?", (lo, lo + (1 << DAY_SHIFT))
            ).fetchone()[0]
            n = lo if top is None else top + 1
        if n >= (day + 1) << DAY_SHIFT:
            raise UserError(f"search index: more than {1 << DAY_SHIFT:,} fields dated one day")
        out.append(n)
        nxt[day] = n + 1
    return out


FTS_TABLES = (("fts_open", "= 0"), ("fts_restricted", "!= 0"))


def fill_fts(conn: sqlite3.Connection, schema: str) -> None:
    """Every row of ``fields`` into the (empty) FTS tables, in one statement per table and one transaction.

    Why not per case: FTS5 keeps the words of a transaction in memory and must write them out whenever a row
    id comes that is lower than the last, which per case (ids are dated, and every case spans five years) is
    at every case: 400 small segments to merge. Read whole, ``fields`` comes in id order and the words are
    written out once: 4.2 s against 2.2 s for the SQL of a 200-case build."""
    with conn:
        for table, restricted in FTS_TABLES:
            conn.execute(
                f"INSERT INTO {schema}.{table} (rowid, folded) SELECT id, folded FROM {schema}.fields"
                f" WHERE restricted {restricted}"
            )
