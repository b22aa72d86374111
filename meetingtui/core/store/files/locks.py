"""The per-case write lock: an exclusive ``flock`` on ``DATA/cases/<ID>.lock`` around every read-modify-write.

filelock's FileLock spent 0.3-0.4 ms of Python on each acquire and release (fork tracking, a registry of holders,
the path made canonical each time): a twentieth of a note save. On POSIX this takes the very same lock directly:
``flock`` on the same file, which filelock also uses there, so instances of either kind (an older meetingtui
included) still exclude each other. Elsewhere (Windows), or on a file system without ``flock``, FileLock is used.

Not for threads: the repository takes it under its own mutex. Re-entrant for the holder, like FileLock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import Any

from meetingtui.core import disk

POLL_SECONDS = 0.02
# What flock raises on a file system that does not offer it (some network shares).
NO_FLOCK = {errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOLCK, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


class LockTimeout(Exception):
    """Another writer held the lock for longer than the wait allowed."""


class CaseLock:
    def __init__(self, path: Path, *, timeout: float) -> None:
        self.lock_file = str(path)
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0
        self._fallback: Any = None if os.name == "posix" else self._file_lock()

    @property
    def is_locked(self) -> bool:
        return self._depth > 0 if self._fallback is None else bool(self._fallback.is_locked)

    def _file_lock(self) -> Any:
        from filelock import FileLock

        return FileLock(self.lock_file, timeout=self.timeout, mode=disk.FILE_MODE)

    def acquire(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds (the lock's own by default; negative: for ever)."""
        wait = self.timeout if timeout is None else timeout
        if self._fallback is not None:
            self._acquire_fallback(wait)
            return
        if self._depth:
            self._depth += 1
            return
        import fcntl

        fd = self._open()
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    left = deadline - time.monotonic()
                    if wait >= 0 and left <= 0:
                        raise LockTimeout(self.lock_file) from None
                    time.sleep(POLL_SECONDS if wait < 0 else min(POLL_SECONDS, left))
        except OSError as exc:
            os.close(fd)
            if exc.errno not in NO_FLOCK:
                raise
            self._fallback = self._file_lock()
            self._acquire_fallback(wait)
            return
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1

    def _open(self) -> int:
        """The lock file, opened for writing; made 0600 whatever the umask when this creates it."""
        flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            return os.open(self.lock_file, flags)
        except FileNotFoundError:
            pass
        try:
            fd = os.open(self.lock_file, flags | os.O_CREAT | os.O_EXCL, disk.FILE_MODE)
        except FileExistsError:  # another writer created it meanwhile
            return os.open(self.lock_file, flags)
        with contextlib.suppress(OSError):
            os.fchmod(fd, disk.FILE_MODE)
        return fd

    def _acquire_fallback(self, wait: float) -> None:
        from filelock import Timeout

        try:
            self._fallback.acquire(timeout=wait)
        except Timeout:
            raise LockTimeout(self.lock_file) from None

    def release(self) -> None:
        if self._fallback is not None and self._depth == 0:
            self._fallback.release()
            return
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth:
            return
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)  # closing drops the lock in any case
