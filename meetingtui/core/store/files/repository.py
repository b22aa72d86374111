"""The data folder: one TinyDB file per case, a small derived index per case, and rotating backups.

Layout (all folders 0700, all files 0600)::

    DATA/cases/<ID>.json          the case database (tables: case, meetings, actions, meta)
    DATA/cases/<ID>.lock          the per-case lock taken around every read-modify-write
    DATA/index/<ID>.json          derived: the summary with the actions still owed (cross-case screens)
    DATA/index/<ID>.closed.json   derived: the actions done or dropped
    DATA/index/<ID>.stamp.json    derived: which version of the case file the two describe
    DATA/backups/<ID>/<stamp>.json  the case file as it was before each save-session (newest 10 kept)
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
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from meetingtui.core import disk
from meetingtui.core.errors import Busy, CaseFileDamaged, Conflict, NotFound, StorageUnavailable, UserError
from meetingtui.core.record import migrations
from meetingtui.core.record.model import Case, Meeting
from meetingtui.core.record.schema import check_case_record, show
from meetingtui.core.store.base import ID_RE, WINDOWS_DEVICES, CaseEntry, Repository, check_id
from meetingtui.core.store.files.index import IndexMixin
from meetingtui.core.store.files.storage import AtomicJSONStorage, UnreadableFile
from meetingtui.core.store.files.stored import (
    T_MEETINGS,
    case_dict,
    strip_internal,
    written_problems,
)
from meetingtui.core.store.files.transaction import Transaction

BACKUPS_KEPT = 10
LOCK_TIMEOUT = 15.0


@dataclass(slots=True)
class BackupInfo:
    number: int
    path: Path
    taken: datetime
    size: int


class FileRepository(IndexMixin, Repository):
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
        self._index_cache: dict[str, dict[str, Any]] = {}
        self._closed_cache: dict[str, dict[str, Any]] = {}
        self._stamps: dict[str, dict[str, Any]] = {}
        self._mutex = threading.RLock()

    def _writable(self, case_id: str) -> None:
        if self.read_only:
            raise UserError(f"case {case_id}: opened read-only here; nothing can be saved")

    # ------------------------------------------------------------------------------------------ paths
    def where(self, case_id: str | None = None) -> str:
        return str(self.root if case_id is None else self.case_path(case_id))

    def case_path(self, case_id: str) -> Path:
        return self.cases_dir / f"{check_id(case_id)}.json"

    def case_ids(self) -> list[str]:
        return sorted(
            p.stem
            for p in self.cases_dir.glob("*.json")
            if not p.name.startswith(".") and ID_RE.match(p.stem) and p.stem.upper() not in WINDOWS_DEVICES
        )

    def has_case(self, case_id: str) -> bool:
        return self.case_path(case_id).exists()

    def _storage(self, case_id: str) -> AtomicJSONStorage:
        st = self._storages.get(case_id)
        if st is None:
            st = self._storages[case_id] = AtomicJSONStorage(self.case_path(case_id), sync=self.sync)
        return st

    def _lock(self, case_id: str) -> Any:
        # filelock is imported on the first write: opening the app or a read-only verb never needs it.
        from filelock import FileLock

        lock = self._locks.get(case_id)
        if lock is None:
            lock = self._locks[case_id] = FileLock(
                self.cases_dir / f"{case_id}.lock", timeout=LOCK_TIMEOUT, mode=disk.FILE_MODE
            )
        return lock

    def _db(self, case_id: str) -> TinyDB:
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
            raise NotFound(f"case {case_id}: not found in {self.cases_dir}")
        if not storage.validated:
            migrations.migrate(data, where=str(path))
            try:
                problems = check_case_record(strip_internal(case_dict(data)))
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                raise self._damaged(case_id, f"not a meetingtui case database: {exc}") from None
            if problems:
                raise self._damaged(case_id, f"{problems[0]}") from None
            storage.validated = True
        return data

    def load_case(self, case_id: str) -> Case:
        with self._mutex:
            data = self._checked_data(case_id)
            return Case.from_dict(case_dict(data))

    def load_meeting(self, case_id: str, meeting_id: str) -> Meeting:
        with self._mutex:
            data = self._checked_data(case_id)
            for doc in data.get(T_MEETINGS, {}).values():
                if doc.get("id") == meeting_id:
                    return Meeting.from_dict(doc)
        raise NotFound(f"case {case_id}: no meeting {show(meeting_id)}")

    def export_dict(self, case_id: str) -> dict[str, Any]:
        """The case in exchange form (no app-only state)."""
        with self._mutex:
            data = self._checked_data(case_id)
            return strip_internal(Case.from_dict(case_dict(data)).to_dict())

    def changed_on_disk(self, case_id: str) -> bool:
        """Whether another process wrote the case since we last read it (followers poll this; it is a stat)."""
        return self._storage(case_id).changed_on_disk()

    def claim_session(self, case_id: str, meeting_id: str) -> Any:
        """Claim the right to run a meeting. Held for as long as one TUI has the meeting open for writing;
        the operating system drops it if that process dies, so a crash never leaves a meeting stuck.
        ``None`` means another instance is running it: open it read-only and follow."""
        from filelock import FileLock, Timeout

        self._writable(case_id)
        check_id(case_id)
        check_id(meeting_id, "meeting id")
        lock = FileLock(
            self.cases_dir / f"{case_id}.{meeting_id}.session",
            timeout=0,
            mode=disk.FILE_MODE,
            thread_local=False,
        )
        try:
            lock.acquire()
        except Timeout:
            return None
        except OSError as exc:  # a read-only or full disk: nobody can run the meeting from here
            raise StorageUnavailable(Path(lock.lock_file), exc.strerror or str(exc)) from exc
        return lock

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
            raise NotFound(f"case {case_id}: not found in {self.cases_dir}")
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
                    )
                    if problems:
                        raise UserError(f"case {case_id}: not saved: {problems[0]}")
                    if exists and case_id not in self._backed_up:
                        self._backup(case_id)
            except BaseException:
                storage.rollback()
                raise
            if storage.commit():
                self._backed_up.add(case_id)
                self._refresh_index(case_id)

    @contextlib.contextmanager
    def _locked(self, case_id: str, timeout: float | None = None) -> Iterator[None]:
        """The case lock, with every way of not getting it turned into a one-line error. ``timeout`` shortens
        the wait (the autosave retries on its own rather than freeze the screen)."""
        from filelock import Timeout

        lock = self._lock(case_id)
        try:
            lock.acquire() if timeout is None else lock.acquire(timeout=timeout)
        except Timeout:
            raise Busy(f"case {case_id}: busy (another meetingtui is saving it); try again") from None
        except OSError as exc:  # the lock file cannot be created: a read-only or full disk
            raise StorageUnavailable(Path(lock.lock_file), exc.strerror or str(exc)) from exc
        try:
            yield
        finally:
            lock.release()

    def create_case(self, case: Case, *, replace: bool = False) -> None:
        """Store a whole case (import, demo). Refuses to overwrite an existing case unless ``replace``."""
        self._writable(case.id)
        check_id(case.id)
        if self.has_case(case.id) and not replace:
            raise Conflict(f"case {case.id} already exists (use --replace to overwrite it; a backup is kept)")
        problems = check_case_record(case.to_dict())
        if problems:
            raise UserError(f"case {case.id}: not saved: {problems[0]}")
        with self._mutex, self._locked(case.id):
            if self.has_case(case.id) and not replace:  # created meanwhile by another process
                raise Conflict(
                    f"case {case.id} already exists (use --replace to overwrite it; a backup is kept)"
                )
            if self.has_case(case.id):
                # Backed up raw, so even a damaged file can be repaired by importing over it.
                self._backup(case.id)
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
        out = []
        for cid in self.case_ids():
            try:
                out.append(CaseEntry(cid, Case.from_dict(self.summary_raw(cid))))
            except CaseFileDamaged as exc:
                out.append(CaseEntry(cid, None, exc))
            except UserError as exc:
                out.append(CaseEntry(cid, None, CaseFileDamaged(self.case_path(cid), str(exc))))
        return out

    # ----------------------------------------------------------------------------------------- backups
    def _backup_dir(self, case_id: str) -> Path:
        return self.backups_dir / case_id

    def _backup(self, case_id: str) -> Path | None:
        src = self.case_path(case_id)
        if not src.exists():
            return None
        folder = disk.ensure_dir(self._backup_dir(case_id))
        disk.remove_stale_temps(folder)  # a backup copy cut short by a crash
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        dst = folder / f"{stamp}.json"
        disk.copy_private(src, dst)
        for old in self._backup_files(case_id)[BACKUPS_KEPT:]:
            disk.remove(old)
        return dst

    def _backup_files(self, case_id: str) -> list[Path]:
        folder = self._backup_dir(case_id)
        if not folder.is_dir():
            return []
        return sorted(
            (p for p in folder.glob("*.json") if not p.name.startswith(".")),
            key=lambda p: p.name,
            reverse=True,
        )

    def backups(self, case_id: str) -> list[BackupInfo]:
        """Backups of a case, newest first, numbered from 1 (the number ``restore --from`` takes)."""
        check_id(case_id)
        out = []
        for n, p in enumerate(self._backup_files(case_id), start=1):
            try:
                taken = datetime.strptime(p.stem, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            except ValueError:
                taken = datetime.fromtimestamp(p.stat().st_mtime, UTC)
            out.append(BackupInfo(n, p, taken, p.stat().st_size))
        return out

    def backup_is_good(self, path: Path) -> bool:
        try:
            data = AtomicJSONStorage(path).read()
            if data is None:
                return False
            migrations.migrate(data, where=str(path))
            return not check_case_record(strip_internal(case_dict(data)))
        except (UnreadableFile, UserError, KeyError, TypeError, AttributeError, ValueError):
            return False

    def newest_good_backup(self, case_id: str) -> Path | None:
        for info in self.backups(case_id):
            if self.backup_is_good(info.path):
                return info.path
        return None

    def restore(self, case_id: str, number: int | None = None) -> BackupInfo:
        """Put a backup back (the newest good one by default). The current file is backed up first, even
        if it is damaged, so a restore never destroys anything."""
        self._writable(case_id)
        infos = self.backups(case_id)
        if not infos:
            raise NotFound(f"case {case_id}: no backups in {self._backup_dir(case_id)}")
        if number is None:
            chosen = next((i for i in infos if self.backup_is_good(i.path)), None)
            if chosen is None:
                raise NotFound(f"case {case_id}: none of its {len(infos)} backups is readable")
        else:
            chosen = next((i for i in infos if i.number == number), None)
            if chosen is None:
                raise NotFound(
                    f"case {case_id}: no backup number {number} (there are {len(infos)}; see --list)"
                )
            if not self.backup_is_good(chosen.path):
                raise UserError(f"{chosen.path}: backup {number} is itself unreadable; pick another (--list)")
        raw = chosen.path.read_bytes()
        with self._mutex, self._locked(case_id):
            self._backup(case_id)
            disk.write_atomic(self.case_path(case_id), raw, sync=self.sync)
            self._storages.pop(case_id, None)
            self._index_cache.pop(case_id, None)
            self._closed_cache.pop(case_id, None)
            self._stamps.pop(case_id, None)
            self._checked_data(case_id)
            self._refresh_index(case_id)
        return chosen

    def _damaged(self, case_id: str, reason: str) -> CaseFileDamaged:
        return CaseFileDamaged(self.case_path(case_id), reason, self.newest_good_backup(case_id))
