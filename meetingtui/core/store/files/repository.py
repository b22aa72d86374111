"""The data folder: one TinyDB file per case, a small derived index per case, and rotating backups.

Layout (all folders 0700, all files 0600)::

    DATA/cases/<ID>.json          the case database (tables: case, meetings, actions, meta)
    DATA/cases/<ID>.lock          the per-case lock taken around every read-modify-write
    DATA/index/<ID>.json          derived: the summary with the actions still owed (cross-case screens)
    DATA/index/<ID>.closed.json   derived: the actions done or dropped
    DATA/index/<ID>.stamp.json    derived: which version of the case file the two describe
    DATA/backups/<ID>/<stamp>-<kind>.json  copies of the case file (see backups.py: when, and what is kept)
    DATA/logs/meetingtui.log      faults only, never note text

Every change goes through :meth:`Repository.transaction`: take the case lock, re-read the file if another
process changed it, apply the change, check it against the schema, write once atomically, release. So two
processes never lose each other's writes, a killed process leaves the old file or the new one, and nothing is
ever written that the next start would call damaged.

``Repository(root, read_only=True)`` is for verbs that only read (lists, exports, the shared screen): it creates
no folder, removes no debris, takes no backup and keeps the derived index in memory, so reading leaves the data
folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetingtui.core import disk
from meetingtui.core.errors import (
    Busy,
    CaseFileDamaged,
    CaseFileMissing,
    Conflict,
    NotFound,
    ReadOnlyCase,
    StorageUnavailable,
    UserError,
)
from meetingtui.core.record import migrations
from meetingtui.core.store.base import ID_RE, WINDOWS_DEVICES, CaseEntry, Repository, check_id
from meetingtui.core.store.files.backups import BackupsMixin, RestoreMixin
from meetingtui.core.store.files.filebytes import UnreadableFile, file_key
from meetingtui.core.store.files.index import IndexMixin
from meetingtui.core.store.files.sessions import SessionsMixin
from meetingtui.core.store.files.stored import (
    T_MEETINGS,
    case_dict,
    check_record,
    identify_rows,
    strip_internal,
    written_problems,
)
from meetingtui.core.text.show import show

if TYPE_CHECKING:
    from tinydb import TinyDB

    from meetingtui.core.record.model import Case, Meeting
    from meetingtui.core.store.files.storage import AtomicJSONStorage

    # Imported by the first write (see ``transaction``): a read-only verb never needs it, nor what it
    # imports (the merge rules and ``secrets`` with hashlib's OpenSSL), about 6 ms of every start.
    from meetingtui.core.store.files.transaction import Transaction

LOCK_TIMEOUT = 15.0


class FileRepository(RestoreMixin, SessionsMixin, BackupsMixin, IndexMixin, Repository):
    """The embedded store: a data folder of per-case TinyDB files. Thread-safe within a process; lock-safe
    across processes (one file lock per case)."""

    supports_backups = True

    def __init__(self, root: Path, *, sync: bool = True, read_only: bool = False) -> None:
        self.root = Path(root)
        self.sync = sync
        self.read_only = read_only
        self.cases_dir = self.root / "cases"
        self.index_dir = self.root / "index"
        self.backups_dir = self.root / "backups"
        self.logs_dir = self.root / "logs"
        if self.root.exists() and not self.root.is_dir():
            raise UserError(f"{self.root}: is not a folder (the data folder; see --data)")
        if not read_only:
            for d in (self.root, self.cases_dir, self.index_dir, self.backups_dir):
                disk.ensure_dir(d)
            disk.remove_stale_temps(self.cases_dir)
            disk.remove_stale_temps(self.index_dir)
        self._storages: dict[str, AtomicJSONStorage] = {}
        self._locks: dict[str, Any] = {}
        self._backed_up: set[str] = set()
        self._last_backup: dict[str, datetime] = {}
        self._index_cache: dict[str, dict[str, Any]] = {}
        self._closed_cache: dict[str, dict[str, Any]] = {}
        self._stamps: dict[str, dict[str, Any]] = {}
        self._index_parts: dict[str, Any] = {}
        self._mutex = threading.RLock()

    def _writable(self, case_id: str) -> None:
        if self.read_only:
            raise UserError(f"case {case_id}: opened read-only here; nothing can be saved")
        why = self.read_only_reason(case_id)
        if why is not None:
            raise ReadOnlyCase(self.case_path(case_id), why)

    def read_only_reason(self, case_id: str) -> str | None:
        """Why the owner has made this case read-only (the file at 0400, cases/ at 0500), or None."""
        return disk.read_only_reason(self.case_path(case_id))

    # ------------------------------------------------------------------------------------------ paths
    def where(self, case_id: str | None = None) -> str:
        return str(self.root if case_id is None else self.case_path(case_id))

    def case_path(self, case_id: str) -> Path:
        return self.cases_dir / f"{check_id(case_id)}.json"

    def case_ids(self) -> list[str]:
        # Names, not Path objects: every start, ``alerts`` and search lists the folder, and pathlib's glob
        # was 3.4 ms of it for 200 cases. A folder that is not there or not readable lists nothing, as glob.
        try:
            names = os.listdir(self.cases_dir)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return []
        return sorted(
            stem
            for n in names
            if n.endswith(".json")
            and not n.startswith(".")
            and ID_RE.match(stem := n[: -len(".json")])
            and stem.upper() not in WINDOWS_DEVICES
        )

    def has_case(self, case_id: str) -> bool:
        return self.case_path(case_id).exists()

    def _storage(self, case_id: str) -> AtomicJSONStorage:
        st = self._storages.get(case_id)
        if st is None:
            # TinyDB is imported with the first case read: home, ``alerts`` and search read only the index.
            from meetingtui.core.store.files.storage import AtomicJSONStorage

            st = self._storages[case_id] = AtomicJSONStorage(self.case_path(case_id), sync=self.sync)
        return st

    def _lock(self, case_id: str) -> Any:
        # The lock's module is imported on the first write: opening the app or a read-only verb never needs it.
        from meetingtui.core.store.files.locks import CaseLock

        lock = self._locks.get(case_id)
        if lock is None:
            lock = self._locks[case_id] = CaseLock(self.cases_dir / f"{case_id}.lock", timeout=LOCK_TIMEOUT)
        return lock

    def _db(self, case_id: str) -> TinyDB:
        from tinydb import TinyDB

        storage = self._storage(case_id)
        # A fresh TinyDB per operation: its tables cache next ids and query results, which would go stale
        # when another process writes the file. The storage underneath keeps the parsed data cached.
        return TinyDB(storage=lambda: storage)

    # ----------------------------------------------------------------------------------------- reading
    def _checked_data(self, case_id: str) -> dict[str, Any]:
        """The case's TinyDB data, read (or reused) and checked for shape; raises CaseFileDamaged."""
        storage = self._storage(case_id)
        path = storage.path
        try:
            data = storage.read()
        except UnreadableFile as exc:
            raise self._damaged(case_id, exc.reason) from None
        if data is None:
            raise self._missing(case_id)
        if not storage.validated:
            migrations.migrate(data, where=str(path))
            try:
                problems = check_record(strip_internal(case_dict(data)))
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                raise self._damaged(case_id, f"not a meetingtui case database: {exc}") from None
            if problems:
                raise self._damaged(case_id, f"{problems[0]}") from None
            identify_rows(data)
            storage.validated = True
        return data

    def load_case(self, case_id: str) -> Case:
        with self._mutex:
            data = self._checked_data(case_id)
            from meetingtui.core.record.model import Case

            return Case.from_dict(case_dict(data))

    def load_meeting(self, case_id: str, meeting_id: str) -> Meeting:
        with self._mutex:
            data = self._checked_data(case_id)
            for doc in data.get(T_MEETINGS, {}).values():
                if doc.get("id") == meeting_id:
                    from meetingtui.core.record.model import Meeting

                    return Meeting.from_dict(doc)
        raise NotFound(f"case {case_id}: no meeting {show(meeting_id)}")

    def export_dict(self, case_id: str) -> dict[str, Any]:
        """The case in exchange form (no app-only state)."""
        with self._mutex:
            data = self._checked_data(case_id)
            from meetingtui.core.record.model import Case

            return strip_internal(Case.from_dict(case_dict(data)).to_dict())

    def contents_stamp(self) -> object:
        """Each case file's name and stat: one directory read (0.5 ms for 200 cases)."""
        try:
            with os.scandir(self.cases_dir) as found:
                return frozenset((e.name, *file_key(e.stat())) for e in found if e.name.endswith(".json"))
        except OSError:
            return None

    def changed_on_disk(self, case_id: str) -> bool:
        """Whether another process wrote the case since we last read it (followers poll this; it is a stat)."""
        return self._storage(case_id).changed_on_disk()

    # ----------------------------------------------------------------------------------------- writing
    @contextlib.contextmanager
    def transaction(
        self, case_id: str, *, create: bool = False, lock_timeout: float | None = None
    ) -> Iterator[Transaction]:
        """Lock the case, hand out a :class:`Transaction`, and write everything it changed in one go.

        Nothing touches the disk until the change is complete and checked: a change that is refused (bad input,
        a schema limit) leaves no backup and no file behind. The backup of the session is taken just before
        the first write, while the lock is held, so it is the file exactly as it was before this session."""
        self._writable(case_id)
        path = self.case_path(case_id)
        if not create and not path.exists():  # before locking: a mistyped id leaves no lock file behind
            raise self._missing(case_id)
        # Imported before the lock: a first write's imports inside it held other writers back.
        from meetingtui.core.store.files.transaction import Transaction

        with self._mutex, self._locked(case_id, lock_timeout):
            storage = self._storage(case_id)
            exists = path.exists()
            if exists:
                self._checked_data(case_id)
            elif not create:
                raise NotFound(f"case {case_id}: not found in {self.cases_dir}")
            storage.begin()
            try:
                tx = Transaction(self._db(case_id), case_id)
                yield tx
                if storage.pending_write is not None:
                    problems = written_problems(
                        storage.pending_write,
                        record=tx.put_record_doc,
                        meeting_ids=tx.put_meeting_ids,
                        action_ids=tx.put_action_ids,
                        # The data passed the whole check when read (validated; not re-read since).
                        references_kept=exists and storage.validated and tx.meetings_only,
                    )
                    if problems:
                        raise UserError(f"case {case_id}: not saved: {problems[0]}")
                    if exists and case_id not in self._backed_up:
                        self._backup(case_id)
            except BaseException:
                storage.rollback()
                # The index held in memory may share documents with the data the refused change edited.
                self._forget_index(case_id)
                raise
            before = storage.key  # the file the change was made to
            try:
                written = storage.commit()
            except BaseException:  # not written (a full disk): as for a refused change
                self._forget_index(case_id)
                raise
            if written:
                self._backed_up.add(case_id)
                if exists and tx.meetings_only:
                    self._refresh_index(case_id, meetings=tx.put_meeting_ids, before=before)
                else:
                    self._refresh_index(case_id)
                self._restore_point(case_id, milestone=tx.milestone)

    @contextlib.contextmanager
    def _locked(self, case_id: str, timeout: float | None = None) -> Iterator[None]:
        """The case lock, with every way of not getting it turned into a one-line error. ``timeout`` shortens
        the wait (the autosave retries on its own rather than freeze the screen)."""
        from meetingtui.core.store.files.locks import LockTimeout

        lock = self._lock(case_id)
        try:
            lock.acquire() if timeout is None else lock.acquire(timeout=timeout)
        except LockTimeout:
            raise Busy(f"case {case_id}: busy (another meetingtui is saving it); try again") from None
        except OSError as exc:  # the lock file cannot be created: a read-only or full disk
            raise StorageUnavailable(Path(lock.lock_file), exc.strerror or str(exc)) from exc
        try:
            yield
        finally:
            lock.release()

    def create_case(self, case: Case, *, replace: bool = False, force: bool = False) -> None:
        """Store a whole case (import, demo). Refuses to overwrite an existing case unless ``replace``, and
        to overwrite one whose meeting is running in a live meetingtui unless ``force``."""
        self._writable(case.id)
        check_id(case.id)
        if self.has_case(case.id) and not replace:
            raise Conflict(f"case {case.id} already exists (use --replace to overwrite it; a backup is kept)")
        problems = check_record(case.to_dict())
        if problems:
            raise UserError(f"case {case.id}: not saved: {problems[0]}")
        from meetingtui.core.store.files.transaction import Transaction

        with self._mutex, self._locked(case.id):
            if self.has_case(case.id) and not replace:  # created meanwhile by another process
                raise Conflict(
                    f"case {case.id} already exists (use --replace to overwrite it; a backup is kept)"
                )
            if self.has_case(case.id):
                if not force:
                    self.refuse_if_live(case.id, "replace")
                # Backed up raw, so even a damaged file can be repaired by importing over it.
                self._backup(case.id, "replace")
                self._backed_up.add(case.id)
            storage = self._storage(case.id)
            storage.begin()
            try:
                Transaction(self._db(case.id), case.id).replace_all(case)
            except BaseException:
                storage.rollback()
                raise
            storage.commit()
            self._refresh_index(case.id)

    def entries(self) -> list[CaseEntry]:
        """Every case as a summary with its owed actions (what a case list shows), or with the reason it
        cannot be read (the others stay usable)."""
        from meetingtui.core.record.model import Case

        out = []
        for cid in self.case_ids():
            try:
                out.append(CaseEntry(cid, Case.from_dict(self.summary_raw(cid))))
            except CaseFileDamaged as exc:
                out.append(CaseEntry(cid, None, exc))
            except UserError as exc:
                out.append(CaseEntry(cid, None, CaseFileDamaged(self.case_path(cid), str(exc))))
        for cid in self.missing_case_ids():
            out.append(CaseEntry(cid, None, self._missing(cid)))  # type: ignore[arg-type]
        out.sort(key=lambda e: e.case_id)
        return out

    # ----------------------------------------------------------------------------------------- overview
    def overviews(self, settings: Any, today: Any) -> Any:
        """From the persisted, date-stamped overview (:mod:`meetingtui.core.rules.overview_cache`)."""
        from meetingtui.core.rules.overview_cache import overviews

        return overviews(self, settings, today)

    # ----------------------------------------------------------------------------------------- search
    def _new_search_index(self) -> Any:
        """The full-text index beside the case files (``index/search.sqlite3``)."""
        from meetingtui.core.search.index import SearchIndex

        return SearchIndex(self)

    def missing_case_ids(self) -> list[str]:
        """Cases the derived index still describes whose case file is gone from cases/ (deleted or moved)."""
        # Names and os.path, not Path objects: this runs on every start and every ``alerts`` (600 index files,
        # 200 cases), where pathlib's parsing was most of its 4.5 ms.
        try:
            names = os.listdir(self.index_dir)
        except OSError:
            return []
        cases = str(self.cases_dir)
        ids = {n[: -len(".stamp.json")] for n in names if n.endswith(".stamp.json")}
        return sorted(
            cid for cid in ids if ID_RE.match(cid) and not os.path.exists(os.path.join(cases, f"{cid}.json"))
        )

    def _missing(self, case_id: str) -> NotFound | CaseFileMissing:
        """Not found: a mistyped id, or (when the index still knows it) a case file deleted under us."""
        if self._stamp_path(case_id).exists():
            return CaseFileMissing(self.case_path(case_id), self.newest_good_backup(case_id))
        return NotFound(f"case {case_id}: not found in {self.cases_dir}")

    def _damaged(self, case_id: str, reason: str) -> CaseFileDamaged:
        return CaseFileDamaged(self.case_path(case_id), reason, self.newest_good_backup(case_id))
