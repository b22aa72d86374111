"""The case backups of the file store: what is copied when, and what is kept.

A backup is a byte copy of a case file in ``DATA/backups/<ID>/<stamp>-<kind>.json``:

- ``session``: the file as it was just before a session's first save (a TUI run, one CLI verb);
- ``point``: a restore point taken just after a save while a meeting runs: after each decision, action or
  change of a meeting's status, and after notes at most every :data:`POINT_EVERY` seconds (an autosave every
  0.4 s copies nothing; a 1 MB case costs one copy every few minutes);
- ``replace`` / ``restore``: the file as it was before an import over it or a restore.

What is kept (:func:`retained`): every backup of the last hour, the newest of each hour for a day, the newest of
each day for a month, always the newest :data:`KEEP_NEWEST` whatever their age, at most :data:`KEEP_AT_MOST`;
and always the newest backup taken before the current meeting started, so crashes and restore points during
a meeting can never push out the state of the case from before it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from meetingtui.core import clock, disk
from meetingtui.core.errors import NotFound, StorageUnavailable, UserError
from meetingtui.core.record import migrations
from meetingtui.core.record.plain import parse_stamp
from meetingtui.core.store.files.filebytes import UnreadableFile
from meetingtui.core.store.files.stored import case_dict, check_record, strip_internal

KEEP_NEWEST = 10
KEEP_AT_MOST = 100
POINT_EVERY = 180.0  # seconds of notes between two restore points
STAMP = "%Y%m%dT%H%M%S%fZ"
BACKUP_KINDS = {
    "session": "before a session's first save",
    "point": "restore point after a save",
    "replace": "before an import replaced it",
    "restore": "before a restore",
}


@dataclass(slots=True)
class BackupInfo:
    number: int
    path: Path
    taken: datetime
    size: int
    kind: str = "session"


def parse_name(path: Path) -> tuple[datetime | None, str]:
    """The time and kind a backup's name records (names from before kinds existed are ``session``)."""
    stamp, _, kind = path.stem.partition("-")
    try:
        taken: datetime | None = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        taken = None
    return taken, kind if kind in BACKUP_KINDS else "session"


def retained(taken: list[datetime], now: datetime, protect: set[int] = frozenset()) -> set[int]:  # type: ignore[assignment]
    """Which backups to keep, by position in ``taken`` (newest first): see the module docstring."""
    keep = set(range(min(KEEP_NEWEST, len(taken))))
    hours: set[tuple[int, int, int, int]] = set()
    days: set[tuple[int, int, int]] = set()
    for n, t in enumerate(taken):
        age = now - t
        if age <= timedelta(hours=1):
            keep.add(n)
        elif age <= timedelta(days=1):
            bucket = (t.year, t.month, t.day, t.hour)
            if bucket not in hours:
                hours.add(bucket)
                keep.add(n)
        elif age <= timedelta(days=31):
            day = (t.year, t.month, t.day)
            if day not in days:
                days.add(day)
                keep.add(n)
    return set(sorted(keep)[:KEEP_AT_MOST]) | set(protect)


def meeting_started(data: dict[str, Any] | None) -> datetime | None:
    """When the most recently started meeting of the case began (the "current meeting"), from stored data."""
    starts = []
    for doc in (data or {}).get("meetings", {}).values():
        at = parse_stamp(doc.get("started_at")) if isinstance(doc, dict) and doc.get("started_at") else None
        if at is not None:
            starts.append(at if at.tzinfo is not None else at.astimezone())
    return max(starts, default=None)


class BackupsMixin:
    """The backup half of the file repository (which provides the paths, the storage and the checks)."""

    backups_dir: Path
    _last_backup: dict[str, datetime]

    def _backup_dir(self, case_id: str) -> Path:
        return self.backups_dir / case_id

    def _backup(self, case_id: str, kind: str = "session") -> Path | None:
        """Copy the case file as it is now; ``None`` (and nothing written) when there is no file to copy."""
        src = self.case_path(case_id)  # type: ignore[attr-defined]
        if not src.exists():
            return None
        folder = disk.ensure_dir(self._backup_dir(case_id))
        disk.remove_stale_temps(folder)  # a backup copy cut short by a crash
        now = clock.now().astimezone(UTC)
        dst = folder / f"{now.strftime(STAMP)}-{kind}.json"
        while dst.exists() or any(folder.glob(f"{now.strftime(STAMP)}*.json")):  # a stopped clock in tests
            now += timedelta(microseconds=1)
            dst = folder / f"{now.strftime(STAMP)}-{kind}.json"
        disk.copy_private(src, dst)
        self._last_backup[case_id] = now
        self._prune(case_id, now)
        return dst

    def _prune(self, case_id: str, now: datetime) -> None:
        infos = self.backups(case_id)
        started = meeting_started(self._stored_data(case_id))
        protect: set[int] = set()
        if started is not None:
            # A point is a copy after a save; the others are copies from just before one (the save that started
            # the meeting is stamped a moment before its backup is taken, under the lock).
            slack = timedelta(seconds=20)
            before = next(
                (
                    n
                    for n, i in enumerate(infos)
                    if i.taken < started or (i.kind != "point" and i.taken < started + slack)
                ),
                None,
            )
            if before is not None:
                protect.add(before)
        keep = retained([i.taken for i in infos], now, protect)
        for n, info in enumerate(infos):
            if n not in keep:
                disk.remove(info.path)

    def _stored_data(self, case_id: str) -> dict[str, Any] | None:
        """The case's tables as last read (to find the current meeting), or None when unreadable."""
        try:
            return self._storage(case_id).read()  # type: ignore[attr-defined]
        except Exception:  # a damaged file: nothing to protect by, the newest backups are kept anyway
            return None

    def _restore_point(self, case_id: str, *, milestone: bool) -> None:
        """After a save: copy the new file when it recorded a decision or an action, or when notes have been
        saved for :data:`POINT_EVERY` seconds since the last copy. Never fails the save it follows."""
        last = self._last_backup.get(case_id)
        now = clock.now().astimezone(UTC)
        if not milestone and last is not None and (now - last).total_seconds() < POINT_EVERY:
            return
        if not milestone and last is None:
            self._last_backup[case_id] = now  # the session backup was taken by another instance
            return
        with contextlib.suppress(StorageUnavailable, OSError):
            self._backup(case_id, "point")

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
        from meetingtui.core.store.base import check_id

        check_id(case_id)
        out = []
        for n, p in enumerate(self._backup_files(case_id), start=1):
            try:
                st = p.stat()
            except FileNotFoundError:  # pruned by another process meanwhile
                continue
            taken, kind = parse_name(p)
            out.append(BackupInfo(n, p, taken or datetime.fromtimestamp(st.st_mtime, UTC), st.st_size, kind))
        return out


@dataclass(slots=True)
class Restored:
    """What a restore did: the backup put back, and the copy kept of the file it replaced (``None`` when
    there was no file to replace: a case deleted from cases/)."""

    info: BackupInfo
    previous: Path | None


class RestoreMixin:
    """Checking and putting back backups (mixed into :class:`.repository.FileRepository`, which provides
    the lock, the storage and the derived index)."""

    def backup_is_good(self, path: Path) -> bool:
        try:
            from meetingtui.core.store.files.storage import AtomicJSONStorage

            data = AtomicJSONStorage(path).read()
            if data is None:
                return False
            migrations.migrate(data, where=str(path))
            return not check_record(strip_internal(case_dict(data)))
        except (UnreadableFile, UserError, KeyError, TypeError, AttributeError, ValueError):
            return False

    def newest_good_backup(self, case_id: str) -> Path | None:
        for info in self.backups(case_id):
            if self.backup_is_good(info.path):
                return info.path
        return None

    def restore(self, case_id: str, number: int | None = None, *, force: bool = False) -> Restored:
        """Put a backup back (the newest good one by default). The current file is backed up first, even
        if it is damaged, so a restore never destroys anything. Refused while a meeting of the case is running
        in a live meetingtui, unless ``force``."""
        self._writable(case_id)
        if not force:
            self.refuse_if_live(case_id, "restore")
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
            previous = self._backup(case_id, "restore")
            disk.write_atomic(self.case_path(case_id), raw, sync=self.sync)
            self._storages.pop(case_id, None)
            self._forget_index(case_id)
            self._checked_data(case_id)
            self._refresh_index(case_id)
        return Restored(chosen, previous)
