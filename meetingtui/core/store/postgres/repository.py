"""``PostgresRepository``: the repository interface on a PostgreSQL database (see :mod:`.schema`).

Every change is one database transaction on one case: the case's row is locked (``SELECT … FOR UPDATE``), the
change is applied to the document exactly as the file store applies it (the same :class:`Transaction` over
the same tables, so the same checks run before anything is written), and the document, its summary and an
audit row are written together, with the version incremented. A second writer waits for the row lock and
then starts from the first writer's result, so nobody's change is ever lost.

A case shared with this login read-only is read as the server's redacted copy (no restricted content, no peer
map: :mod:`.reads`, schema step 6) and is not locked: a change to it goes to the database's
``meetingtui_agency_save`` (:mod:`.agency`), which stores it only when it is the status and progress of the
actions of an agency the login acts for in that case, and only if nobody saved the case meanwhile.

The live meeting's single writer is a session-level advisory lock held on a connection of its own: the server
drops it when the holder's connection ends, so a crashed TUI never leaves a meeting stuck, just like the
operating system's file lock in the file store.

Followers (a second TUI, ``present``) learn of saves through LISTEN/NOTIFY (:mod:`.follow`); the notification
carries only an opaque token of the case id and the version (NOTIFY is not filtered by the database's access rules), and the follower
re-reads under its own rights.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB

from meetingtui.core.errors import Conflict, MeetingRunning, NotFound, SharedReadOnly, UserError
from meetingtui.core.record import migrations
from meetingtui.core.record.model import Case, Meeting
from meetingtui.core.record.schema import check_case_record, show
from meetingtui.core.store.base import Repository, check_id
from meetingtui.core.store.files.stored import (
    T_MEETINGS,
    agreed_in,
    case_dict,
    split_summary,
    strip_internal,
    written_problems,
)
from meetingtui.core.store.files.transaction import Transaction
from meetingtui.core.store.postgres import agency, documents, reads, schema
from meetingtui.core.store.postgres.connect import Lease, connect, driver, safe_url, wrapped
from meetingtui.core.store.postgres.documents import Cached, DamagedRow
from meetingtui.core.store.postgres.follow import token
from meetingtui.core.store.postgres.summaries import SummariesMixin

LOCK_TIMEOUT = 15.0
CHANNEL = "meetingtui_saved"


class PostgresRepository(SummariesMixin, Repository):
    """The team store. Thread-safe within a process (one connection behind a lock); safe across processes and
    machines (row locks and versions in the database)."""

    supports_backups = False

    def __init__(
        self, url: str, *, read_only: bool = False, listen: bool = True, index_dir: Path | None = None
    ) -> None:
        """``index_dir``: where this machine keeps its search index of the store (see :mod:`.search`);
        without it every search indexes the readable cases in memory for itself."""
        self.url = url
        self.index_dir = index_dir
        self.read_only = read_only
        self._where = safe_url(url)
        self._mutex = threading.RLock()
        # Autocommit: a read is its own statement and never holds a snapshot open; a change opens an explicit
        # transaction (``with conn.transaction()``).
        self._conn = connect(url, autocommit=True, read_only=read_only)
        self._set_loaders(self._conn)
        with wrapped(self._where):
            self.schema_version = schema.check(self._conn, self._where, read_only=read_only)
            self.login = str(self._conn.execute("select current_user").fetchone()[0])
        # case id -> the last document read or written, checked.
        self._docs: dict[str, Cached] = {}
        # case id -> (version, summary, closed, agreed_in)
        self._summaries: dict[str, tuple[int, dict[str, Any], list[Any], list[str]]] = {}
        # case id -> (version, derived column texts) as this process last wrote them
        self._derived: dict[str, tuple[int, dict[str, str]]] = {}
        self._seen: dict[str, int] = {}  # the version this process last read of each case (followers)
        self._follower: Any = None
        self._listen = listen

    @staticmethod
    def _set_loaders(conn: Any) -> None:
        from psycopg.types.json import set_json_loads

        set_json_loads(orjson.loads, conn)

    def _live(self) -> Any:
        """The connection, opened again if the server dropped it (a restart, a network blip during a
        90-minute meeting). Taken once per operation: a transaction never continues on a new connection."""
        if self._conn.closed or self._conn.broken:
            self._conn = connect(self.url, autocommit=True, read_only=self.read_only)
            self._set_loaders(self._conn)
        return self._conn

    @contextlib.contextmanager
    def _begin(self, timeout_ms: int = int(LOCK_TIMEOUT * 1000)) -> Iterator[Any]:
        """A database transaction on a live connection. A connection the server dropped while idle is only
        found out by the first statement: then nothing has been done yet, so it is safe to connect again."""
        psycopg = driver()
        for attempt in (0, 1):
            conn = self._live()
            stack = contextlib.ExitStack()
            try:
                stack.enter_context(conn.transaction())
                conn.execute("select set_config('lock_timeout', %s, true)", (f"{max(timeout_ms, 1)}ms",))
            except psycopg.OperationalError:
                with contextlib.suppress(Exception):
                    stack.close()
                if attempt or not (conn.closed or conn.broken):
                    raise
                continue
            with stack:
                yield conn
            return

    def close(self) -> None:
        with self._mutex:
            if self._follower is not None:
                self._follower.stop()
            self._conn.close()

    def _writable(self, case_id: str) -> None:
        if self.read_only:
            raise UserError(f"case {case_id}: opened read-only here; nothing can be saved")

    def _empty(self) -> bool:
        """A reader on a database nobody has set up yet: it simply holds no cases."""
        return self.schema_version is None

    def _q(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """One read outside any write: autocommitted, so a reader never holds a snapshot open."""
        with self._mutex, wrapped(self._where):
            conn = self._live()
            try:
                return conn.execute(sql, params).fetchall()
            except driver().OperationalError:
                if not (conn.closed or conn.broken):
                    raise
            return self._live().execute(sql, params).fetchall()  # a read is safe to ask again

    # ------------------------------------------------------------------------------------- naming
    def where(self, case_id: str | None = None) -> str:
        return self._where if case_id is None else f"{self._where} case {case_id}"

    def case_ids(self) -> list[str]:
        if self._empty():
            return []
        return [r[0] for r in self._q(reads.CASE_IDS)]

    def _new_search_index(self) -> Any:
        from meetingtui.core.store.postgres.search import TeamSearchIndex

        return TeamSearchIndex(self, self.index_dir)

    def has_case(self, case_id: str) -> bool:
        check_id(case_id)
        if self._empty():
            return False
        return bool(self._q(reads.HAS_CASE, (case_id, case_id)))

    def not_found(self, case_id: str) -> NotFound:
        return NotFound(f"case {case_id}: not found in {self._where}")

    # ------------------------------------------------------------------------------------- reading
    def _checked(self, case_id: str, version: int, data: Any, *, full: bool = True) -> dict[str, Any]:
        """Migrate and check a document read from the database (once per version)."""
        where = self.where(case_id)
        try:
            data, migrated = migrations.migrate(data, where=where)
            problems = check_case_record(strip_internal(case_dict(data)))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise DamagedRow(where, f"not a meetingtui case document: {exc}") from None
        if problems:
            raise DamagedRow(where, str(problems[0]))
        self._docs[case_id] = Cached(version, data, full, migrated)
        return data

    def _held(self, case_id: str, *, full: bool) -> Cached | None:
        cached = self._docs.get(case_id)
        return cached if cached is not None and cached.full == full else None

    def _data(self, case_id: str) -> dict[str, Any]:
        """The current document (read-only: shared with the cache). One round trip, carrying only the parts
        written since this process last read the case (none when it has not changed)."""
        check_id(case_id)
        if self._empty():
            raise self.not_found(case_id)
        team, shared = self._held(case_id, full=True), self._held(case_id, full=False)
        t = team.version if team else -1
        s = shared.version if shared else -1
        rows = self._q(reads.DOCUMENT, (t, t, t, t, case_id, case_id, s))
        if not rows:
            self._docs.pop(case_id, None)
            raise self.not_found(case_id)
        version, rest, parts, full = rows[0]
        self._seen[case_id] = version
        if not full:
            if rest is None and shared is not None:
                return shared.data
            return self._checked(case_id, version, rest, full=False)
        if version == t and team is not None:
            return team.data
        try:
            data = documents.assemble(rest, parts, team)
        except documents.Stale:
            self._docs.pop(case_id, None)
            return self._data(case_id)
        return self._checked(case_id, version, data)

    def load_case(self, case_id: str) -> Case:
        return Case.from_dict(case_dict(self._data(case_id)))

    def load_meeting(self, case_id: str, meeting_id: str) -> Meeting:
        data = self._data(case_id)
        for doc in data.get(T_MEETINGS, {}).values():
            if doc.get("id") == meeting_id:
                return Meeting.from_dict(doc)
        raise NotFound(f"case {case_id}: no meeting {show(meeting_id)}")

    def export_dict(self, case_id: str) -> dict[str, Any]:
        return strip_internal(Case.from_dict(case_dict(self._data(case_id))).to_dict())

    def local_name(self, suffix: str) -> str:
        """A file name for this machine's caches of the store: one per server, database, login and database
        format, so another login's cache is never read."""
        key = f"{self.where()}|{self.login}|{self.schema_version}"
        return f"team-{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.{suffix}"

    def changed_on_disk(self, case_id: str) -> bool:
        """Whether someone saved the case since this process last read it. With LISTEN running this asks
        nothing of the server: the notification already said so."""
        seen = self._seen.get(case_id)
        if self._listen and not self._empty():
            started = self._follower is None
            follower = self._ensure_follower()
            # Just started listening: a save before LISTEN took effect is found by asking once.
            if follower is not None and follower.alive() and not started:
                latest = follower.latest(case_id)
                return latest is not None and (seen is None or latest > seen)
        rows = self._q(reads.VERSION, (case_id, case_id)) if not self._empty() else []
        return (rows[0][0] if rows else None) != seen

    def _ensure_follower(self) -> Any:
        if self._follower is None:
            from meetingtui.core.store.postgres.follow import Follower

            try:
                self._follower = Follower(self.url, CHANNEL)
            except UserError:
                self._listen = False
                return None
        return self._follower

    # ------------------------------------------------------------------------------------- writing
    @contextlib.contextmanager
    def transaction(
        self, case_id: str, *, create: bool = False, lock_timeout: float | None = None
    ) -> Iterator[Transaction]:
        """Lock the case's row, hand out a :class:`Transaction` on its document, and write what it changed
        (document, summary, audit row, version + 1) in the same database transaction."""
        self._writable(case_id)
        check_id(case_id)
        timeout_ms = int(1000 * (LOCK_TIMEOUT if lock_timeout is None else lock_timeout))
        with self._mutex, wrapped(self._where, case_id), self._begin(timeout_ms) as conn:
            version, data, locked = self._locked_doc(conn, case_id)
            if version is None:
                if not create:
                    raise self.not_found(case_id)
                # No row to lock yet: creators of one id queue on a lock of the id itself.
                conn.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"case:{case_id}",))
                version, data, locked = self._locked_doc(conn, case_id)
            storage = documents.Memory(documents.copy_doc(data) if data is not None else {})
            tx = Transaction(TinyDB(storage=lambda: storage), case_id)
            yield tx
            if not storage.dirty:
                return
            problems = written_problems(
                storage.data,
                record=tx.put_record_doc,
                meeting_ids=tx.put_meeting_ids,
                action_ids=tx.put_action_ids,
            )
            if problems:
                raise UserError(f"case {case_id}: not saved: {problems[0]}")
            if not locked and version is not None and data is not None:
                # Shared read-only: an agency's own actions only, through the database's function for it.
                raw, written = documents.encode(storage.data)
                new = agency.save(conn, case_id, self.login, version, data, written, raw)
                if new != version:
                    self._derived.pop(case_id, None)  # the database derived the summary columns itself
                    self._saved(conn, case_id, new, written, full=False)
                return
            base = self._docs.get(case_id)
            if base is None or base.version != version or base.data is not data:
                base = None  # not the stored document this change was made from: write every part
            touched = documents.Touched(tx.put_meeting_ids, bool(tx.put_record_doc or tx.put_action_ids))
            self._write(conn, case_id, version, storage.data, documents.what(tx), base, touched)

    def _locked_doc(self, conn: Any, case_id: str) -> tuple[int | None, dict[str, Any] | None, bool]:
        """The case's row, locked until the transaction ends, with its checked document; or, for a case shared
        with this login read-only, its redacted copy unlocked (False): the database's function for an agency's
        changes locks the row itself and checks the version."""
        team = self._held(case_id, full=True)
        have = team.version if team else -1
        row = conn.execute("select version from cases where id = %s for update", (case_id,)).fetchone()
        if row is not None:
            if row[0] == have:
                return have, team.data, True  # type: ignore[union-attr]
            version, rest, parts, _ = conn.execute(documents.TEAM_PARTS, (have,) * 4 + (case_id,)).fetchone()
            try:
                data = documents.assemble(rest, parts, team)
            except documents.Stale:
                version, rest, parts, _ = conn.execute(
                    documents.TEAM_PARTS, (-1,) * 4 + (case_id,)
                ).fetchone()
                data = documents.assemble(rest, parts, None)
            return version, self._checked(case_id, version, data), True
        shared = self._held(case_id, full=False)
        have = shared.version if shared else -1
        got = conn.execute(reads.SHARED_DOCUMENT, (case_id, have)).fetchone()
        if got is None:
            return None, None, True  # no row yet: a creator's (under the id's own lock)
        if got[1] is None:
            return have, shared.data, False  # type: ignore[union-attr]
        return got[0], self._checked(case_id, got[0], got[1], full=False), False

    def _write(
        self,
        conn: Any,
        case_id: str,
        version: int | None,
        data: dict[str, Any],
        what: str,
        base: Cached | None,
        touched: documents.Touched | None = None,
    ) -> None:
        """Store a checked document at ``version + 1`` (inside the caller's transaction, row locked), sending
        only the parts that differ from ``base``, the stored document the change was made from (None: all).

        A note edit sends its one meeting's row; ``data`` (the record and the actions) and the derived columns
        are rewritten only when they changed: not the summary and the years of closed actions again."""
        change = documents.changes(data, base, touched)
        new = 1 if version is None else version + 1
        rows = []
        for doc_id, doc in change.meetings.items():
            raw, change.meetings[doc_id] = documents.encode(doc)
            rows.append((case_id, doc_id, new, raw))
        rest_raw = None
        if change.rest is not None:
            rest_raw, change.rest = documents.encode(change.rest)
        meetings = {**data.get(T_MEETINGS, {}), **change.meetings}
        data = {k: meetings if k == T_MEETINGS else v for k, v in (change.rest or data).items()}
        data.setdefault(T_MEETINGS, meetings)
        case = case_dict(data)
        summary, closed = split_summary(case)
        derived = {
            "summary": documents.encode(summary)[0],
            "closed": documents.encode(closed)[0],
            "agreed_in": documents.encode(agreed_in(case))[0],
        }
        if version is None:
            conn.execute(
                "insert into cases (id, data, summary, closed, agreed_in) values (%s, %s, %s, %s, %s)",
                (case_id, rest_raw, *derived.values()),
            )
        else:
            before = self._derived.get(case_id)
            changed = {
                k: v
                for k, v in derived.items()
                if before is None or before[0] != version or before[1][k] != v
            }
            if rest_raw is not None:
                changed = {"data": rest_raw, **changed}  # its data_version follows (a trigger)
            sets = "".join(f", {k} = %s" for k in changed)
            conn.execute(
                f"update cases set version = %s{sets}, updated_at = now(), updated_by = current_user where id = %s",
                (new, *changed.values(), case_id),
            )
            if change.rewrite:
                conn.execute("delete from case_meetings where case_id = %s", (case_id,))
            elif change.removed:
                conn.execute(
                    "delete from case_meetings where case_id = %s and doc_id = any(%s)",
                    (case_id, change.removed),
                )
        if len(rows) == 1:
            conn.execute(documents.UPSERT_MEETING, rows[0])
        elif rows:
            with conn.cursor() as cur:
                cur.executemany(documents.UPSERT_MEETING, rows)
        conn.execute("insert into audit (case_id, version, what) values (%s, %s, %s)", (case_id, new, what))
        self._derived[case_id] = (new, derived)
        self._saved(conn, case_id, new, data)

    def _saved(self, conn: Any, case_id: str, new: int, data: dict[str, Any], *, full: bool = True) -> None:
        """Tell followers (sent when the transaction commits) and remember what was written."""
        conn.execute("select pg_notify(%s, %s)", (CHANNEL, f"{token(case_id)} {new}"))
        self._docs[case_id] = Cached(new, data, full)
        self._seen[case_id] = new

    def create_case(self, case: Case, *, replace: bool = False, force: bool = False) -> None:
        """Store a whole case (import, demo, copy). Refuses to overwrite one unless ``replace``, and one whose
        meeting a running meetingtui holds (its session advisory lock) unless ``force``, as the file store."""
        self._writable(case.id)
        meeting_ids = {m.id for m in case.meetings}
        if replace and not force and self.has_case(case.id):
            try:
                meeting_ids |= {m.id for m in self.load_case(case.id).meetings}
            except UserError:
                pass  # a damaged stored case can always be imported over
        check_id(case.id)
        problems = check_case_record(case.to_dict())
        if problems:
            raise UserError(f"case {case.id}: not saved: {problems[0]}")
        exists = f"case {case.id} already exists (use --replace to overwrite it)"
        with self._mutex, wrapped(self._where, case.id), self._begin() as conn:
            conn.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"case:{case.id}",))
            row = conn.execute("select version from cases where id = %s for update", (case.id,)).fetchone()
            if row is not None and not replace:
                raise Conflict(exists)
            if row is not None and not force:
                for mid in sorted(meeting_ids):
                    free = conn.execute(
                        "select pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
                        (f"session:{case.id}/{mid}",),
                    ).fetchone()[0]
                    if not free:
                        raise MeetingRunning(
                            f"case {case.id}: meeting {mid} is open in a running meetingtui (its session lock "
                            "is held); close it there first, or add --force to replace the case under it"
                        )
            storage = documents.Memory({})
            Transaction(TinyDB(storage=lambda: storage), case.id).replace_all(case)
            self._write(
                conn, case.id, row[0] if row else None, storage.data, "replaced" if row else "created", None
            )

    def claim_session(self, case_id: str, meeting_id: str) -> Any:
        """Claim the right to run a meeting: a session advisory lock on a connection of its own, which the
        server releases when that connection ends (the holder quits or dies). ``None`` when another holds it."""
        self._writable(case_id)
        check_id(case_id)
        check_id(meeting_id, "meeting id")
        if not self._empty() and not self._q("select 1 from cases where id = %s", (case_id,)):
            if self.has_case(case_id):  # readable only as the redacted copy: an agency follows, never runs it
                raise SharedReadOnly(self._where, case_id)
            raise self.not_found(case_id)
        conn = connect(self.url, autocommit=True)
        with wrapped(self._where, case_id):
            got = conn.execute(
                "select pg_try_advisory_lock(hashtextextended(%s, 0))", (f"session:{case_id}/{meeting_id}",)
            ).fetchone()[0]
        if not got:
            conn.close()
            return None
        return Lease(conn)


__all__ = ["PostgresRepository", "driver"]
