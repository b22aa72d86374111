"""The full-text index: SQLite FTS5 (Python's own ``sqlite3``) over every searchable text of every case, so
"where did we discuss curfew?" over five years of 200 cases answers in milliseconds instead of folding every
note of every case character by character.

The case files stay the only source of truth. ``DATA/index/search.sqlite3`` (0600) is derived: each case's
rows are stamped with the content (a hash) of the case file they were read from, and before every search the
stamps are checked (a stat per case; a hash only when the stat changed). A stale case has its rows rebuilt —
one case's rows, so a save costs nothing here and the next search re-reads just that case. A missing, corrupt or
older-format index file is simply rebuilt. Keyed on content, a copied or restored data folder (``cp -a``, a new
inode) keeps its index.

Matching is the old scan's (:mod:`meetingtui.core.search.scan`), which is kept as the oracle: the index holds
each field's folded text (case, accents, curly quotes and runs of white space folded exactly as the scan does),
FTS5 finds the candidates — the query is one phrase, its last word a prefix, so user text is never FTS syntax
and a hostile query cannot error — and ``instr`` on the folded text keeps exactly the places the scan finds.
Text found only inside a word ("otor" in "motor") is found when nothing else is: the index then checks every
field (still in SQLite, not Python). Snippets are cut from the original text as the scan cuts them.

Restricted rows carry a flag and are filtered at query time, so a full view and a family-safe view share one
index. A read-only process (``meetingtui search``) never writes the file: it reads the index as it is and
indexes the stale cases in memory for that run only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.core import disk
from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.search.query import (
    MANY_STALE,
    SearchResult,
    hit_of,
    match_expression,
    run_query,
    stale_note,
)
from meetingtui.core.search.rows import FTS_TABLES, dated_ids, fill_fts, rows_of
from meetingtui.core.text.textmatch import needle

if TYPE_CHECKING:
    from meetingtui.core.store.base import Repository

#: The index's own format: a file written by another version is rebuilt, never migrated.
SEARCH_VERSION = 9  # 9: a peer's first initial alone ("K.") names them (open text with it is restricted)
# 8: row ids in date order (the newest places of a common word are ranked first)
# 7: and initials typed in lower case ("k.b.'s") name a peer too
# 6: open text naming a peer is indexed as restricted
# 5: the peer map is indexed as restricted (a v4 file shows it to every search)
# 4: no insert triggers (a v3 file has them and would index new rows twice)
# 3: restricted paragraphs, decisions, actions and forum notes are indexed as restricted
DB_NAME = "search.sqlite3"
DEFAULT_LIMIT = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS {s}.cases (case_id TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {s}.fields (
    id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, seq INTEGER NOT NULL, case_name TEXT, meeting_id TEXT,
    meeting_title TEXT, item_key TEXT, item_title TEXT, field TEXT NOT NULL, ref TEXT,
    restricted INTEGER NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS {s}.fields_case ON fields(case_id, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS {s}.fts_open USING fts5(
    folded, content='fields', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS {s}.fts_restricted USING fts5(
    folded, content='fields', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS {s}.fields_ad AFTER DELETE ON fields WHEN old.restricted = 0 BEGIN
    INSERT INTO fts_open(fts_open, rowid, folded) VALUES ('delete', old.id, old.folded); END;
CREATE TRIGGER IF NOT EXISTS {s}.fields_ad_r AFTER DELETE ON fields WHEN old.restricted != 0 BEGIN
    INSERT INTO fts_restricted(fts_restricted, rowid, folded) VALUES ('delete', old.id, old.folded); END;
"""
# No insert trigger: a case's new rows reach FTS5 in one ``INSERT … SELECT`` per table (``_reindex``; a first build,
# all cases' in one, ``fill_fts``), which tokenizes them four times faster than a trigger firing once per row.
# Row ids are dated (``DAY_SHIFT``), given by ``_reindex``, not max + 1.


class Cancelled(Exception):
    """The caller gave up (Esc on the search screen); nothing half-done is left behind."""


@functools.cache
def fts5_available() -> bool:
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as c:
            c.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    except sqlite3.Error:
        return False
    return True


def digest(raw: bytes) -> str:
    import hashlib  # only for a case whose file changed: OpenSSL's load is 2.5 ms of a search process

    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _stat_key(st: os.stat_result) -> str:
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def _once(report: Callable[[str, UserError], None]) -> Callable[[str, UserError], None]:
    """``report`` called at most once per case."""
    seen: set[str] = set()

    def once(cid: str, exc: UserError) -> None:
        if cid not in seen:
            seen.add(cid)
            report(cid, exc)

    return once


class SearchIndex:
    """The index of one repository, kept in ``folder`` (the file store's ``index/`` by default). One connection
    per search: safe to use from a worker thread. Without a folder every search indexes in memory for itself
    (correct, and as slow as the scan). How a case is known to have changed is the one thing a backend
    decides (:meth:`stale`): here, the case file's stat and then its content; the team store, its version."""

    def __init__(self, repo: Repository, folder: Path | None = None, *, name: str = DB_NAME) -> None:
        self.repo = repo
        self.folder: Path | None = folder if folder is not None else getattr(repo, "index_dir", None)
        self.path = self.folder / name if self.folder is not None else None
        self.writable = self.folder is not None and not repo.read_only
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    # ------------------------------------------------------------------------------------- opening
    def _open_disk(self, **build) -> sqlite3.Connection | None:
        """The index file, checked for format (and built first when a writable process finds none);
        ``None`` when there is none this process may use."""
        if self.path is None or self.folder is None:
            return None
        if not self.writable:
            if not self.path.is_file():
                return None
            try:
                conn = sqlite3.connect(
                    f"file:{self.path}?mode=ro", uri=True, timeout=10, check_same_thread=False
                )
                if conn.execute("PRAGMA user_version").fetchone()[0] != SEARCH_VERSION:
                    conn.close()
                    return None
                conn.execute("SELECT count(*) FROM cases").fetchone()
                return conn
            except sqlite3.Error:
                return None
        disk.ensure_dir(self.folder)
        conn = self._open_existing()
        if conn is None and self._build(**build):
            conn = self._open_existing()
        return conn

    def _open_existing(self) -> sqlite3.Connection | None:
        """The index file when it is there and of this version; a corrupt, truncated or other-format file is
        deleted (it is derived: the case files rebuild it)."""
        if self.path is None or not self.path.exists():
            return None
        conn = None
        try:
            if os.name == "posix":
                os.chmod(self.path, disk.FILE_MODE)
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SEARCH_VERSION:
                raise sqlite3.DatabaseError("another version's index")
            conn.execute("SELECT count(*) FROM cases").fetchone()
            return conn
        except FileNotFoundError:
            return None  # another process replaced it between the check and the chmod: no harm
        except sqlite3.DatabaseError:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            for p in (self.path, self.path.with_name(DB_NAME + "-journal")):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
            return None

    def _build(self, **refresh_kw) -> bool:
        """A missing index is built whole in a file of its own and renamed into place: no journal on disk and
        no fsync per case (a crash leaves only a temp file, never a half-written index). Cancelled (Esc), the
        cases indexed so far are kept: the file is valid and the rest are simply stale. ``False`` when it
        could not be written (the search then runs in memory)."""
        assert self.folder is not None and self.path is not None  # only a writable index is built
        disk.remove_stale_temps(self.folder)
        tmp = disk.temp_name(self.path)
        cancel = refresh_kw.get("cancel")
        conn = None
        cancelled = False
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, disk.FILE_MODE))
            conn = sqlite3.connect(tmp, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = MEMORY")  # a rollback (Esc mid-case) still works
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(SCHEMA.format(s="main"))
            conn.execute(f"PRAGMA user_version = {SEARCH_VERSION}")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS skip (case_id TEXT PRIMARY KEY)")
            with self._lock:
                self._conn = conn
            try:
                self.refresh(conn, ["main"], bulk=True, **refresh_kw)
            except (Cancelled, sqlite3.OperationalError):
                if cancel is None or not cancel.is_set():
                    raise
                cancelled = True
            finally:
                with self._lock:
                    self._conn = (
                        None  # what follows makes the cases read so far searchable: Esc cannot stop it
                    )
            if cancelled:
                fill_fts(conn, "main")  # rolled back whole if Esc interrupted it in refresh: still empty
        except (OSError, sqlite3.Error):
            self._discard(conn, tmp)
            return False
        except BaseException:
            self._discard(conn, tmp)
            raise
        installed = self._install(conn, tmp)
        if cancelled:
            raise Cancelled()
        return installed

    @staticmethod
    def _discard(conn: sqlite3.Connection | None, tmp: Path) -> None:
        if conn is not None:
            conn.close()
        disk.remove(tmp)

    def _install(self, conn: sqlite3.Connection, tmp: Path) -> bool:
        """The built file made durable and renamed over the index path (atomically: a reader sees the old
        file or the new one, whole)."""
        assert self.path is not None
        try:
            conn.commit()
            conn.close()
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except (OSError, sqlite3.Error):
            self._discard(conn, tmp)
            return False
        return True

    def _connect(self, **build) -> tuple[sqlite3.Connection, list[str]]:
        """A connection whose ``main`` is the index file (or nothing) and, when read-only, a ``mem`` schema
        for this run's rows. Returns the connection and the schemas to query. ``build`` (the refresh's
        callbacks) is used when there is no index file yet and a writable process builds it."""
        disk_conn = self._open_disk(**build)
        if disk_conn is not None and self.writable:
            conn = disk_conn
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS skip (case_id TEXT PRIMARY KEY)")
            return conn, ["main"]
        conn = disk_conn or sqlite3.connect(":memory:", check_same_thread=False)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("ATTACH ':memory:' AS mem")
        conn.executescript(SCHEMA.format(s="mem"))
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS skip (case_id TEXT PRIMARY KEY)")
        return conn, (["main", "mem"] if disk_conn is not None else ["mem"])

    # ------------------------------------------------------------------------------------- freshness
    def refresh(
        self,
        conn: sqlite3.Connection,
        schemas: list[str],
        *,
        case_id: str | None = None,
        on_damaged: Callable[[str, UserError], None] | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
        bulk: bool = False,
    ) -> int:
        """Bring the index up to date with the case files: a stat per case, a hash when the stat changed,
        and one case's rows rebuilt for each case that really changed. Returns how many were.

        ``bulk``: the target's tables are empty (a first build, or this run's memory), so FTS5 is filled once
        at the end instead of once per case (see :func:`fill_fts`). Cancelled part-way, the FTS tables are
        left empty: the caller fills them or throws the tables away."""
        target = schemas[-1]  # the file when writable, this run's memory when read-only
        stored = (
            {r[0]: (r[1], r[2]) for r in conn.execute("SELECT case_id, stat, digest FROM main.cases")}
            if "main" in schemas
            else {}
        )
        if case_id:
            self.check_case(case_id)
        ids = [case_id] if case_id else self.repo.case_ids()
        if not case_id and target == "main":
            for gone in set(stored) - set(ids):
                with conn:
                    conn.execute("DELETE FROM fields WHERE case_id = ?", (gone,))
                    conn.execute("DELETE FROM cases WHERE case_id = ?", (gone,))
        conn.execute("DELETE FROM temp.skip")
        if "main" in schemas and target != "main":
            conn.executemany("INSERT INTO temp.skip VALUES (?)", [(c,) for c in set(stored) - set(ids)])
        stale = self.stale(conn, target, stored, ids)
        read = self.read_elsewhere([cid for cid, _, _ in stale]) if bulk and stale else None
        counters: dict[int, int] | None = {} if bulk else None
        try:
            for n, (cid, key, d) in enumerate(stale):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                if progress is not None:
                    progress(n, len(stale))
                rows = next(read)[1] if read is not None else None
                self._reindex(
                    conn,
                    target,
                    cid,
                    key,
                    d,
                    on_damaged=on_damaged,
                    single=bool(case_id),
                    fts=not bulk,
                    rows=rows,
                    counters=counters,
                )
                if target != "main":
                    conn.execute("INSERT OR IGNORE INTO temp.skip VALUES (?)", (cid,))
        finally:
            if read is not None:
                read.close()
        if bulk:
            fill_fts(conn, target)
        return len(stale)

    def read_elsewhere(self, ids: list[str]) -> Iterator[tuple[str, list | None]] | None:
        """The rows of many cases read by other processes, in order (:mod:`.readers`); None to read them here
        (a few cases, one core). The team store reads here: its cases come from the server."""
        from meetingtui.core.search import readers  # a search of an index already built never needs it

        n = readers.reader_count(len(ids))
        root = getattr(self.repo, "root", None)
        return readers.read_elsewhere(root, ids, n) if n and root is not None else None

    def check_case(self, case_id: str) -> None:
        """``NotFound`` for a case the repository does not hold (one case's search of a mistyped id)."""
        if not self.repo.case_path(case_id).exists():
            raise NotFound(f"case {case_id}: not found in {self.repo.cases_dir}")

    def stale(
        self, conn: sqlite3.Connection, target: str, stored: dict[str, tuple[str, str]], ids: list[str]
    ) -> list[tuple[str, str, str]]:
        """The cases whose rows must be rebuilt, each with the (stat, digest) stamp to store: a stat per case
        file, its content hashed only when the stat changed (a touched but unchanged file is only restamped)."""
        stale: list[tuple[str, str, str]] = []
        # Joined as text: the ids are the store's own (checked when listed), and a Path per case was as
        # much as the stat itself (2 ms of a search for 200 cases).
        folder = os.fspath(self.repo.cases_dir)  # type: ignore[attr-defined]
        for cid in ids:
            path = os.path.join(folder, f"{cid}.json")
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue
            have = stored.get(cid)
            key = _stat_key(st)
            if have is not None and have[0] == key:
                continue
            try:
                with open(path, "rb") as fh:
                    d = digest(fh.read())
            except OSError:
                d = ""
            if have is not None and have[1] == d:
                if target == "main":
                    with conn:
                        conn.execute("UPDATE cases SET stat = ? WHERE case_id = ?", (key, cid))
                continue
            stale.append((cid, key, d))
        return stale

    def _reindex(
        self,
        conn: sqlite3.Connection,
        schema: str,
        cid: str,
        key: str,
        d: str,
        *,
        on_damaged: Callable[[str, UserError], None] | None,
        single: bool,
        fts: bool = True,
        rows: list[tuple[int, tuple]] | None = None,
        counters: dict[int, int] | None = None,
    ) -> None:
        """One case's rows replaced (``rows`` when another process has read them already)."""
        try:
            if rows is None:
                rows = list(rows_of(self.repo.load_case(cid)))
        except UserError as exc:
            if single:
                raise
            if on_damaged is not None:
                on_damaged(cid, exc)
            rows = []
            key = d = ""  # never trusted: a damaged case is tried again (and reported) on every search
        with conn:
            if counters is None:  # a bulk build's tables started empty: nothing to delete
                conn.execute(f"DELETE FROM {schema}.fields WHERE case_id = ?", (cid,))
            ids = dated_ids(conn, schema, [day for day, _ in rows], counters)
            conn.executemany(
                f"INSERT INTO {schema}.fields (id, case_id, seq, case_name, meeting_id, meeting_title, item_key,"
                " item_title, field, ref, restricted, text, folded) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(i, *row) for i, (_, row) in zip(ids, rows, strict=True)],
            )
            if fts:
                # One statement per table: FTS5 tokenizes the case's rows four times faster than a trigger.
                for table, restricted in FTS_TABLES:
                    conn.execute(
                        f"INSERT INTO {schema}.{table} (rowid, folded) SELECT id, folded FROM {schema}.fields"
                        f" WHERE case_id = ? AND restricted {restricted}",
                        (cid,),
                    )
            conn.execute(f"INSERT OR REPLACE INTO {schema}.cases VALUES (?, ?, ?)", (cid, key, d))

    def rebuild(self) -> int:
        """Index every case from scratch (the benchmark's build figure); returns the number of rows."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        conn, schemas = self._connect()
        try:
            self.refresh(conn, schemas)
            return conn.execute(f"SELECT count(*) FROM {schemas[-1]}.fields").fetchone()[0]
        finally:
            conn.close()

    # ------------------------------------------------------------------------------------- querying
    def search(
        self,
        text: str,
        *,
        case_id: str | None = None,
        include_restricted: bool = False,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        on_damaged: Callable[[str, UserError], None] | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> SearchResult:
        q = needle(text)
        if not q:
            raise UserError("search: give some text to look for")
        if on_damaged is not None:
            on_damaged = _once(on_damaged)  # a first build and then the search itself both read every case
        conn = None
        try:
            conn, schemas = self._connect(
                case_id=case_id, on_damaged=on_damaged, cancel=cancel, progress=progress
            )
            with self._lock:
                self._conn = conn
            indexed = self.refresh(
                conn,
                schemas,
                case_id=case_id,
                on_damaged=on_damaged,
                cancel=cancel,
                progress=progress,
                bulk=schemas[-1] == "mem",  # this connection's own memory: empty until now
            )
            in_memory = indexed if schemas[-1] != "main" else 0
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            params = {"q": q, "m": match_expression(q), "r": int(include_restricted), "c": case_id}
            found: list[tuple] = []
            total = newest = 0
            if any(ch.isalnum() for ch in q):
                with contextlib.suppress(sqlite3.OperationalError):
                    found, total, newest = run_query(conn, schemas, params, limit + offset, fts=True)
            if total == 0:
                found, total, newest = run_query(conn, schemas, params, limit + offset, fts=False)
        except sqlite3.OperationalError as exc:
            if cancel is not None and cancel.is_set():
                raise Cancelled() from exc
            raise
        finally:
            with self._lock:
                self._conn = None
            if conn is not None:
                conn.close()
        hits = [h for row in found[offset : offset + limit] if (h := hit_of(row, q)) is not None]
        return SearchResult(
            hits,
            total,
            offset,
            note=stale_note(in_memory) if in_memory >= MANY_STALE else None,
            newest=newest,
        )

    def interrupt(self) -> None:
        """Stop a query running in another thread at once (Esc)."""
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()
