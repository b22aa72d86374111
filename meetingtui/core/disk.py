"""Private files, written atomically. The only module that creates, replaces or removes files on disk.

Data about children: every folder is 0700 and every file 0600 whatever the umask, and a file is either the old
version or the new one, never half of each (temp file in the same folder, fsync, ``os.replace``, fsync folder).
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meetingtui.core.errors import StorageUnavailable

DIR_MODE = 0o700
FILE_MODE = 0o600
TMP_MARK = ".tmp-"

# Test seam: called between the temp file's fsync and os.replace (tests kill the process here).
before_replace: Callable[[Path], None] | None = None


def ensure_dir(path: Path, *, tighten: bool = True) -> Path:
    """Create a private folder (and its parents). ``tighten`` also takes group and other access off an existing
    folder: right for meetingtui's own folders, wrong for a folder the user named for one export. It never adds
    access: a folder the owner made read-only (0500) stays so, and the cases in it open read-only."""
    if not tighten:
        # The common case, before every atomic write: the folder is there (one stat, not one per parent).
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(os.stat(path).st_mode):
                return path
    try:
        # Each missing parent is made private too (Path.mkdir gives parents the umask's 0755): a config
        # folder that did not exist must not appear world-readable around the private one inside it.
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if not path.is_dir():
            raise NotADirectoryError(path)
        mode = stat.S_IMODE(path.stat().st_mode) if tighten and os.name == "posix" else DIR_MODE
        if mode & 0o077:
            path.chmod(mode & DIR_MODE)
    except (FileExistsError, NotADirectoryError) as exc:
        raise StorageUnavailable(
            path, "a file is in the way where a folder should be", bad_input=True
        ) from exc
    except OSError as exc:
        raise StorageUnavailable(path, exc.strerror or str(exc)) from exc
    return path


def read_only_reason(path: Path) -> str | None:
    """Why the owner has made ``path`` (a case file) unwritable, judged by its mode and its folder's, not by
    trying (root could write anyway): ``None`` when it may be saved."""
    if os.name != "posix":
        return None
    for p, what in ((path.parent, f"its folder {path.parent.name}/"), (path, "the file")):
        try:
            mode = stat.S_IMODE(p.stat().st_mode)
        except OSError:
            continue
        if not mode & stat.S_IWUSR:
            return f"{what} is read-only (mode {mode:04o})"
    return None


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def _write_temp(tmp: Path, data: bytes, *, sync: bool) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` so a crash at any moment leaves the old file or the new one."""
    ensure_dir(path.parent, tighten=False)
    tmp = temp_name(path)
    try:
        _write_temp(tmp, data, sync=sync)
        if before_replace is not None:
            before_replace(path)
        old = _hold_old(path)
        try:
            os.replace(tmp, path)
            if sync:
                _fsync_dir(path.parent)
        finally:
            if old is not None:
                _close_later(old)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageUnavailable(path, exc.strerror or str(exc)) from exc


# A replaced file's blocks are freed when its last name and descriptor go: for a case file of 600 KB that is
# 0.6-0.7 ms of the kernel's time (ext4), most of what os.replace cost a note save. Holding the old file open
# across the replace and closing it on a thread of its own moves that work off the save (the kernel does it,
# without the GIL). Small files are not worth a descriptor.
RELEASE_LATER_BYTES = 64 * 1024
_closer: Any = None  # the queue the closing thread reads; started on first use, again in a forked child
_closer_lock = threading.Lock()


def _after_fork() -> None:  # the parent's thread is not in the child
    global _closer, _closer_lock
    _closer, _closer_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _hold_old(path: Path) -> int | None:
    """An open descriptor on the file ``path`` names now, when it is a large regular file with one name."""
    if os.name != "posix":  # Windows cannot replace a file that is open
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_size >= RELEASE_LATER_BYTES:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _close_later(fd: int) -> None:
    global _closer
    try:
        with _closer_lock:
            if _closer is None:
                import queue

                q: queue.SimpleQueue[int] = queue.SimpleQueue()
                threading.Thread(
                    target=_close_each, args=(q,), name="meetingtui-release", daemon=True
                ).start()
                _closer = q
            _closer.put(fd)
    except Exception:  # no thread to be had (the interpreter shutting down): close it here
        with contextlib.suppress(OSError):
            os.close(fd)


def _close_each(q: Any) -> None:
    while True:
        fd = q.get()
        with contextlib.suppress(OSError):
            os.close(fd)


def write_derived(path: Path, data: bytes) -> None:
    """Write a small derived file that readers treat as missing when it is absent or unreadable (the index's
    stamp), not fsynced: whole or not there, never half of each.

    On POSIX the old file is unlinked before the new one is renamed in. Renamed over an existing file, ext4 starts
    writing the new file's data at once (auto_da_alloc, against the empty files a crash would otherwise leave):
    0.3-0.5 ms of every note save. Renamed to a free name it does not. A reader in between finds no file, and
    after a crash the file may be empty or gone: both read as missing, and what it describes is rebuilt."""
    if os.name != "posix":  # Windows cannot unlink a file another process has open
        write_atomic(path, data, sync=False)
        return
    ensure_dir(path.parent, tighten=False)
    tmp = temp_name(path)
    try:
        _write_temp(tmp, data, sync=False)
        if before_replace is not None:
            before_replace(path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.rename(tmp, path)  # over a file another writer renamed in meanwhile: replaced, as os.replace would
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageUnavailable(path, exc.strerror or str(exc)) from exc


def write_new(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write an export: private, atomic, and refusing to replace an existing file unless asked."""
    if path.exists() and not overwrite:
        from meetingtui.core.errors import Conflict

        raise Conflict(f"{path}: already exists (use --force to overwrite)")
    write_atomic(path, data)


def write_user_file(path: Path, data: bytes, *, force: bool, example: str) -> Path:
    """Write a file the user named (an export): private, atomic, never over an existing file unless ``force``,
    and a one-line error when the name is a folder or the folder is missing or not writable."""
    from meetingtui.core.errors import UserError

    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name (e.g. {path / example})")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder")
    if not os.access(path.parent, os.W_OK):
        raise UserError(f"{path.parent}: permission denied (cannot write there)")
    write_new(path, data, overwrite=force)
    return path


def copy_private(src: Path, dst: Path) -> None:
    write_atomic(dst, src.read_bytes())


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path, *, older_than: float = 3600.0) -> list[Path]:
    """Delete temp files left by a crashed writer. A temp file of a live process is left alone (it may be
    mid-write); one whose process is gone, or that is older than an hour, is debris."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:  # missing or unreadable: nothing to clear
        return removed
    now = time.time()
    for p in entries:
        if TMP_MARK not in p.name or not p.name.startswith("."):
            continue
        try:
            pid = int(p.name.rsplit(TMP_MARK, 1)[1].split("-", 1)[0])
        except ValueError:
            pid = -1
        try:
            age = now - p.stat().st_mtime
        except FileNotFoundError:
            continue
        if pid > 0 and _pid_alive(pid) and age < older_than:
            continue
        with contextlib.suppress(OSError):  # best effort: a read-only disk keeps its debris, and still opens
            p.unlink()
            removed.append(p)
    return removed
