"""The per-case write lock (store/files/locks.py): the same flock on the same file that filelock takes, so it
excludes another instance, and an older meetingtui using FileLock, in either direction; re-entrant for its
holder; FileLock where flock is missing."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from meetingtui.core.store.files.locks import CaseLock, LockTimeout

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FileLock itself is used on Windows")


def test_it_excludes_another_instance_until_released_and_is_reentrant(tmp_path: Path) -> None:
    path = tmp_path / "C1.lock"
    one, two = CaseLock(path, timeout=5), CaseLock(path, timeout=5)
    one.acquire()
    one.acquire()  # the holder again (nested)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    t = time.monotonic()
    with pytest.raises(LockTimeout):
        two.acquire(timeout=0.1)
    assert time.monotonic() - t >= 0.1
    one.release()
    with pytest.raises(LockTimeout):  # still held once
        two.acquire(timeout=0)
    one.release()
    two.acquire(timeout=0)
    assert two.is_locked and not one.is_locked
    two.release()
    assert path.exists()  # left in place, as filelock leaves it: waiters share one inode


def test_the_lock_file_it_creates_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o277)  # would leave a new file 0400, which could not be opened for writing again
    try:
        lock = CaseLock(tmp_path / "C1.lock", timeout=1)
        lock.acquire()
        lock.release()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "C1.lock").stat().st_mode) == 0o600
    lock.acquire()  # and it opens again
    lock.release()


def test_it_and_filelock_exclude_each_other(tmp_path: Path) -> None:
    path = tmp_path / "C1.lock"
    ours, theirs = CaseLock(path, timeout=5), FileLock(path, timeout=5, mode=0o600)
    theirs.acquire()
    with pytest.raises(LockTimeout):
        ours.acquire(timeout=0.1)
    theirs.release()
    ours.acquire(timeout=0)
    with pytest.raises(Timeout):
        theirs.acquire(timeout=0.1)
    ours.release()
    theirs.acquire(timeout=0)
    theirs.release()


def test_an_older_meetingtui_holding_the_case_makes_a_save_busy(tmp_path: Path) -> None:
    from meetingtui.core.errors import Busy
    from meetingtui.core.record.demo import demo_case
    from meetingtui.core.store.files.repository import FileRepository

    demo = demo_case()
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, filelock; lk = filelock.FileLock(sys.argv[1], timeout=5, mode=0o600); lk.acquire();"
            " print('held', flush=True); sys.stdin.read()",
            str(tmp_path / "cases" / f"{demo.id}.lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Busy, match="busy"), repo.transaction(demo.id, lock_timeout=0.2):
            pass
    finally:
        holder.communicate("")
    with repo.transaction(demo.id, lock_timeout=1):  # free once the other process let go
        pass


def test_a_file_system_without_flock_gets_filelock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    real = fcntl.flock

    def no_flock(fd: int, op: int) -> None:
        if op & fcntl.LOCK_EX:
            raise OSError(errno.ENOLCK, "No locks available")
        real(fd, op)

    monkeypatch.setattr(fcntl, "flock", no_flock)
    calls: list[float] = []
    lock = CaseLock(tmp_path / "C1.lock", timeout=5)
    monkeypatch.setattr(lock, "_acquire_fallback", lambda wait: calls.append(wait))
    lock.acquire(timeout=0.5)
    assert calls == [0.5] and lock._fallback is not None and lock._fd is None
