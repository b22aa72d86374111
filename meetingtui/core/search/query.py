"""The index's queries and the hits they give, apart from :mod:`.index` (which keeps the file current).

Every query is one FTS5 phrase (see :func:`match_expression`) over the two FTS
tables, or, when FTS5 finds nothing, ``instr`` over every field's folded text; each row found becomes a
:class:`~meetingtui.core.search.scan.Hit` with the snippet the old scan would cut.
"""

from __future__ import annotations

import dataclasses as dc
import functools
import re
import sqlite3

from meetingtui.core.search.scan import Hit, find, snippet_at

_COLUMNS = "f.case_id, f.case_name, f.meeting_id, f.meeting_title, f.item_key, f.item_title, f.field, f.ref, f.restricted, f.text"


@dc.dataclass(slots=True)
class SearchResult:
    """One page of hits, best first, and how many there are in all."""

    hits: list[Hit]
    total: int
    offset: int = 0
    #: One line for the user when the index could not be used (no FTS5 here): the search still ran.
    note: str | None = None
    #: Found in so many places that the newest this many were ranked first, the older after (0: all together).
    newest: int = 0

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.hits))


NO_FTS_NOTE = "search: this Python's SQLite has no FTS5; searched every case without the index (slower)"
#: A read-only search that indexed this many cases in memory says so: each later search pays it again.
MANY_STALE = 10


def stale_note(n: int) -> str:
    return (
        f"search: {n} cases were indexed for this search alone: the index in the data folder is missing or "
        "out of date, and a search only reads. Add --update-index once (or search in the app) to write it; "
        "later searches are then quick"
    )


def match_expression(q: str) -> str:
    """The folded query as one FTS5 phrase with its last word a prefix: FTS5 splits it into words with the
    index's own tokenizer, and nothing in it (quotes, ``*``, ``OR``, ``NEAR(``, ``-``) is read as syntax."""
    return '"' + q.replace('"', '""') + '" *'


#: A word found in more places than this has its newest this many ranked first (best match first), then the
#: older ones: FTS5's bm25 costs about a microsecond a match, so ranking all 33,000 places of "curfew" in five
#: years of 200 cases was most of a search (40-120 ms), while the newest 2,000 rank in 3 ms. For a chair the
#: newest places are the ones wanted first; the rest follow, ranked, on the later pages.
NEWEST = 2000


def run_query(
    conn: sqlite3.Connection, schemas: list[str], params: dict, upto: int, *, fts: bool
) -> tuple[list[tuple], int, int]:
    """Restricted rows are in their own FTS table (the flag is also on each row): the family-safe view
    never even reads them, and a one-word query is counted by FTS5 alone. A query of one word (letters
    and digits only) needs no second check: a word starting with it is exactly where the scan finds it
    at the start of a word. Rows come best first: the newest :data:`NEWEST` places by rank, then the rest
    by rank (every row's "tier" is whether its id, dated, is older than the newest places' last). Returns
    the rows, how many match, and how many of the newest were ranked first (0: all ranked together)."""
    simple = fts and params["q"].isalnum()
    parts = [_Part(conn, s, params, fts=fts, simple=simple) for s in schemas]
    total = sum(p.count() for p in parts)
    cut = _newest_cut(parts) if fts and total > NEWEST else 0
    found: list[tuple] = []
    for part in parts:
        found += part.rows(upto, cut)
    if len(parts) > 1:
        found.sort(key=_order)
    return found[:upto], total, NEWEST if cut else 0


def _order(row: tuple) -> tuple:
    return (row[-3], row[-2], row[0], row[-1])  # tier, rank, case, place in the case


class _Part:
    """One schema's share of a query (the index file, or this run's in-memory rows)."""

    def __init__(self, conn: sqlite3.Connection, s: str, params: dict, *, fts: bool, simple: bool) -> None:
        self.conn, self.s, self.params, self.fts, self.simple = conn, s, params, fts, simple
        skip = "f.case_id NOT IN (SELECT case_id FROM temp.skip)" if s == "main" else "1"
        case = "(:c IS NULL OR f.case_id = :c)"
        self.skipping = bool(s == "main" and conn.execute("SELECT 1 FROM temp.skip LIMIT 1").fetchone())
        if fts:
            self.tables = [f"{s}.fts_open"] + ([f"{s}.fts_restricted"] if params["r"] else [])
            self.cond = f"{case} AND {skip}" + ("" if simple else " AND instr(f.folded, :q) > 0")
        else:
            self.tables = []
            self.cond = f"instr(f.folded, :q) > 0 AND (:r OR f.restricted = 0) AND {case} AND {skip}"
        #: FTS5 alone answers: no case, place or other run's rows to leave out.
        self.alone = simple and params["c"] is None and not self.skipping

    def _src(self, ranked: bool, where: str = "") -> str:
        """The matching rows joined to their fields (the table-valued form: a schema-qualified
        ``main.fts MATCH`` is not accepted by SQLite); ``ranked``: with FTS5's rank (bm25, a cost per row)."""
        cols = "rowid, rank" if ranked else "rowid"
        found = " UNION ALL ".join(f"SELECT {cols} FROM {t}(:m){where}" for t in self.tables)
        return f"({found}) AS t JOIN {self.s}.fields f ON f.id = t.rowid"

    def count(self) -> int:
        if not self.fts:
            sql = f"SELECT count(*) FROM {self.s}.fields f WHERE {self.cond}"
        elif self.alone:
            return sum(
                self.conn.execute(f"SELECT count(*) FROM {t}(:m)", self.params).fetchone()[0]
                for t in self.tables
            )
        else:
            sql = f"SELECT count(*) FROM {self._src(False)} WHERE {self.cond}"
        return self.conn.execute(sql, self.params).fetchone()[0]

    def newest(self) -> list[int]:
        """The ids of this part's newest :data:`NEWEST` matches (FTS5 reads its doclist backwards)."""
        if self.alone:
            sql = " UNION ALL ".join(
                f"SELECT * FROM (SELECT rowid FROM {t}(:m) ORDER BY rowid DESC LIMIT {NEWEST})"
                for t in self.tables
            )
        else:
            sql = f"SELECT f.id FROM {self._src(False)} WHERE {self.cond} ORDER BY f.id DESC LIMIT {NEWEST}"
        return [r[0] for r in self.conn.execute(sql, self.params)]

    def rows(self, upto: int, cut: int) -> list[tuple]:
        """This part's first ``upto`` rows in order, each ``(*columns, tier, rank, seq)``."""
        p = {**self.params, "cut": cut}
        if not self.fts:
            sql = f"SELECT {_COLUMNS}, 0, 0, f.seq FROM {self.s}.fields f WHERE {self.cond}"
            return self.conn.execute(f"{sql} ORDER BY f.case_id, f.seq LIMIT {int(upto)}", p).fetchall()
        if self.alone:
            top = top_ranked(self.conn, self.s, self.tables, p, upto)
            if top is not None:
                return top
        if cut and upto <= NEWEST:
            # The whole page is among the newest places: only they are ranked.
            src, tier = self._src(True, " WHERE rowid >= :cut"), "0 AS tier"
        else:
            src, tier = self._src(True), "(t.rowid < :cut) AS tier"
        sql = f"SELECT {_COLUMNS}, {tier}, t.rank, f.seq FROM {src} WHERE {self.cond}"
        return self.conn.execute(
            f"{sql} ORDER BY tier, t.rank, f.case_id, f.seq LIMIT {int(upto)}", p
        ).fetchall()


def _newest_cut(parts: list[_Part]) -> int:
    """The id of the :data:`NEWEST`-th newest match over every part: the rows at or above it are ranked first."""
    ids = sorted((i for p in parts for i in p.newest()), reverse=True)
    return ids[NEWEST - 1] if len(ids) >= NEWEST else 0


def top_ranked(
    conn: sqlite3.Connection, s: str, tables: list[str], params: dict, upto: int
) -> list[tuple] | None:
    """The first page of a one-word query, exactly as the joined ``ORDER BY tier, rank, case_id, seq`` gives
    it, without joining and sorting every match: FTS5 picks the best rows of each table among the newest
    places (``params["cut"]``, 0 for all), and only those rows are read and put in order. When rows tied in
    rank cross the page's edge (their order needs their case and place), more are picked until the tie is
    whole: notes written alike tie often, and the full query that used to answer then took three times as
    long (found in make bench after the peer map left the open table). ``None`` when the tie is too big, or
    the page reaches past the newest places (the full query then answers)."""
    # Every attempt ranks every match it considers (that is FTS5's cost); fetching a few hundred pairs more
    # costs nothing beside it, so the first attempt already takes enough for the ties seen in practice.
    limit = 8 * upto + 1
    while True:
        picked: list[tuple[int, float]] = []
        edges: list[float] = []  # per table that has more rows: the rank of the first one not picked
        for t in tables:
            got = conn.execute(
                f"SELECT rowid, rank FROM {t}(:m) WHERE rowid >= :cut ORDER BY rank LIMIT {limit}", params
            ).fetchall()
            if len(got) == limit:
                picked += got[:-1]
                edges.append(got[-1][1])
            else:
                picked += got
        picked.sort(key=lambda r: r[1])
        if len(picked) < upto:
            if params["cut"]:
                return None  # the older places follow the newest on this page
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
    out = [(*r[:-2], 0, ranks[r[-1]], r[-2]) for r in rows]
    out.sort(key=_order)
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
