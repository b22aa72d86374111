"""The index's queries and the hits they give, apart from :mod:`.index` (which keeps the file current).

Every query is one FTS5 phrase (see :func:`meetingtui.core.search.index.match_expression`) over the two FTS
tables, or, when FTS5 finds nothing, ``instr`` over every field's folded text; each row found becomes a
:class:`~meetingtui.core.search.scan.Hit` with the snippet the old scan would cut.
"""

from __future__ import annotations

import functools
import re
import sqlite3

from meetingtui.core.search.scan import Hit, find, snippet_at

_COLUMNS = "f.case_id, f.case_name, f.meeting_id, f.meeting_title, f.item_key, f.item_title, f.field, f.ref, f.restricted, f.text"


def run_query(
    conn: sqlite3.Connection, schemas: list[str], params: dict, upto: int, *, fts: bool
) -> tuple[list[tuple], int]:
    """Restricted rows are in their own FTS table (the flag is also on each row): the family-safe view
    never even reads them, and a one-word query is counted by FTS5 alone. A query of one word (letters
    and digits only) needs no second check: a word starting with it is exactly where the scan finds it
    at the start of a word."""
    found: list[tuple] = []
    total = 0
    simple = fts and params["q"].isalnum()
    for s in schemas:
        skip = "f.case_id NOT IN (SELECT case_id FROM temp.skip)" if s == "main" else "1"
        case = "(:c IS NULL OR f.case_id = :c)"
        if fts:
            tables = [f"{s}.fts_open"] + ([f"{s}.fts_restricted"] if params["r"] else [])
            # The table-valued form: a schema-qualified ``main.fts MATCH`` is not accepted by SQLite.
            ranked = " UNION ALL ".join(f"SELECT rowid, rank FROM {t}(:m)" for t in tables)
            src = f"({ranked}) AS t JOIN {s}.fields f ON f.id = t.rowid"
            cond = f"{case} AND {skip}" + ("" if simple else " AND instr(f.folded, :q) > 0")
            order, rank = "t.rank, f.case_id, f.seq", "t.rank"
            skipping = s == "main" and conn.execute("SELECT 1 FROM temp.skip LIMIT 1").fetchone()
            if simple and params["c"] is None and not skipping:
                for t in tables:
                    total += conn.execute(f"SELECT count(*) FROM {t}(:m)", params).fetchone()[0]
                top = top_ranked(conn, s, tables, params, upto)
                if top is not None:
                    found += top
                    continue
            else:
                total += conn.execute(f"SELECT count(*) FROM {src} WHERE {cond}", params).fetchone()[0]
        else:
            src, order, rank = f"{s}.fields f", "f.case_id, f.seq", "0"
            cond = f"instr(f.folded, :q) > 0 AND (:r OR f.restricted = 0) AND {case} AND {skip}"
            total += conn.execute(f"SELECT count(*) FROM {src} WHERE {cond}", params).fetchone()[0]
        found += conn.execute(
            f"SELECT {_COLUMNS}, {rank}, f.seq FROM {src} WHERE {cond} ORDER BY {order} LIMIT {int(upto)}",
            params,
        ).fetchall()
    if len(schemas) > 1:
        found.sort(key=lambda r: (r[-2], r[0], r[-1]))
    return found[:upto], total


def top_ranked(
    conn: sqlite3.Connection, s: str, tables: list[str], params: dict, upto: int
) -> list[tuple] | None:
    """The first page of a one-word query, exactly as the joined ``ORDER BY rank, case_id, seq`` gives it,
    without joining and sorting every match (33,000 for a common word: 66 ms → 50 ms): FTS5 picks the best
    rows of each table, and only those rows are read and put in order. When rows tied in rank cross the
    page's edge (their order needs their case and place), more are picked until the tie is whole: notes
    written alike tie often, and the full query that used to answer then took three times as long
    (found in make bench after the peer map left the open table). ``None`` only when the tie is too big."""
    # Every attempt ranks every match (that is FTS5's cost); fetching a few hundred pairs more costs nothing
    # beside it, so the first attempt already takes enough for the ties seen in practice.
    limit = 8 * upto + 1
    while True:
        picked: list[tuple[int, float]] = []
        edges: list[float] = []  # per table that has more rows: the rank of the first one not picked
        for t in tables:
            got = conn.execute(
                f"SELECT rowid, rank FROM {t}(:m) ORDER BY rank LIMIT {limit}", params
            ).fetchall()
            if len(got) == limit:
                picked += got[:-1]
                edges.append(got[-1][1])
            else:
                picked += got
        picked.sort(key=lambda r: r[1])
        if len(picked) < upto:
            break  # every table gave all it has (a table with more gave at least `upto`)
        cut = picked[upto - 1][1]
        if not any(edge <= cut for edge in edges):
            picked = [r for r in picked if r[1] <= cut]
            break
        if limit > 64 * upto + 1000:
            return None
        limit = 8 * limit
    ranks = dict(picked)
    if not ranks:
        return []
    marks = ",".join("?" * len(ranks))
    rows = conn.execute(
        f"SELECT {_COLUMNS}, f.seq, f.id FROM {s}.fields f WHERE f.id IN ({marks})", list(ranks)
    ).fetchall()
    out = [(*r[:-2], ranks[r[-1]], r[-2]) for r in rows]
    out.sort(key=lambda r: (r[-2], r[0], r[-1]))
    return out[:upto]


@functools.lru_cache(maxsize=64)
def _ascii_pattern(q: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in q.split(" ")), re.IGNORECASE | re.ASCII)


def _span(text: str, q: str) -> tuple[int, int] | None:
    """Where the scan's :func:`find` would put the match, without folding the whole field character by
    character: for ASCII text and query the fold is only lower case and runs of white space, which a regular
    expression matches directly (a page of snippets from long notes would otherwise cost more than the query)."""
    if text.isascii() and q.isascii():
        m = _ascii_pattern(q).search(text)
        return (m.start(), m.end()) if m else None
    return find(text, q)


def hit_of(row: tuple, q: str) -> Hit | None:
    case_id, case_name, meeting_id, meeting_title, item_key, item_title, field, ref, restricted = row[:9]
    text = row[9]
    span = _span(text, q)
    if span is None:
        return None
    snippet, s, e = snippet_at(text, *span)
    return Hit(
        case_id=case_id,
        case_name=case_name,
        meeting_id=meeting_id,
        meeting_title=meeting_title,
        item_key=item_key,
        item_title=item_title,
        field=field,
        snippet=snippet,
        restricted=bool(restricted),
        start=s,
        end=e,
        ref=ref,
    )
