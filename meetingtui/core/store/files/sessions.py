"""Who is running a meeting of the file store: a session lock file per meeting, held by the one TUI running
it (``DATA/cases/<ID>.<MEETING>.session``). The operating system drops the lock when that process dies, so a
crash never leaves a meeting stuck; everyone else opens the meeting read-only and follows."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from meetingtui.core import disk
from meetingtui.core.errors import MeetingRunning, StorageUnavailable
from meetingtui.core.store.base import check_id


class SessionLease:
    """The claim on a meeting. Released, it removes its lock file while still holding the lock, so only
    viewing a meeting leaves nothing behind (issue 19); a claimant that opened the old file in that moment
    sees it is no longer the file under that name and steps back."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self.path = Path(lock.lock_file)

    def current(self) -> bool:
        import os

        fd = getattr(getattr(self.lock, "_context", None), "lock_file_fd", None)
        if fd is None:
            return True
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except OSError:
            return False

    def held(self) -> bool:
        """Whether the claim still holds: the operating system keeps the lock while this process lives, unless
        someone removed the lock file from under it (another app could then claim a new one)."""
        return bool(self.lock.is_locked) and self.current()

    def release(self) -> None:
        if self.lock.is_locked and self.current():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.lock.release()


class SessionsMixin:
    """The file store's session locks (mixed into :class:`.repository.FileRepository`)."""

    cases_dir: Path

    def claim_session(self, case_id: str, meeting_id: str) -> Any:
        """Claim the right to run a meeting. Held for as long as one TUI has the meeting open for writing;
        the operating system drops it if that process dies, so a crash never leaves a meeting stuck.
        ``None`` means another instance is running it: open it read-only and follow."""
        from filelock import FileLock, Timeout

        self._writable(case_id)  # type: ignore[attr-defined]
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
        lease = SessionLease(lock)
        if not lease.current():
            # The holder before us removed the file as we opened it: we hold a lock on a name-less file.
            lock.release()
            return None
        return lease

    def live_sessions(self, case_id: str) -> list[str]:
        """The meetings of a case that a live meetingtui is running now (their session lock is held)."""
        from filelock import FileLock, Timeout

        prefix, suffix = f"{check_id(case_id)}.", ".session"
        live = []
        for p in sorted(self.cases_dir.glob(f"{case_id}.*{suffix}")):
            lock = FileLock(p, timeout=0, thread_local=False)
            try:
                lock.acquire()
            except Timeout:
                live.append(p.name[len(prefix) : -len(suffix)])
                continue
            except OSError:  # cannot even open it (a read-only folder): nobody can be writing through it
                continue
            lock.release()
        return live

    def refuse_if_live(self, case_id: str, what: str) -> None:
        live = self.live_sessions(case_id)
        if live:
            raise MeetingRunning(
                f"case {case_id}: meeting {live[0]} is open in a running meetingtui (its session lock is "
                f"held); close it there first, or add --force to {what} the case under it"
            )
