"""disk.write_atomic holds a large replaced file open across the replace and closes it on a thread of its own
(freeing its blocks was most of what os.replace cost a note save): nothing is left open, the new bytes are in
place, and a file that is small, linked twice or not a regular file is never held."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from meetingtui.core import disk

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows cannot replace an open file")


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else len(os.listdir("/dev/fd"))


def _settled(want: int) -> int:
    deadline = time.monotonic() + 5
    while _open_fds() > want and time.monotonic() < deadline:
        time.sleep(0.01)
    return _open_fds()


def test_a_large_replaced_file_is_released_and_nothing_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    big = b"x" * (disk.RELEASE_LATER_BYTES * 2)
    fds = _open_fds()
    for n in range(20):
        disk.write_atomic(path, big + str(n).encode())
        assert path.read_bytes() == big + str(n).encode()
    assert _settled(fds) <= fds
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_only_a_large_regular_file_with_one_name_is_held(tmp_path: Path) -> None:
    big = b"x" * disk.RELEASE_LATER_BYTES
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    assert disk._hold_old(small) is None
    assert disk._hold_old(tmp_path / "missing.json") is None
    linked = tmp_path / "linked.json"
    linked.write_bytes(big)
    os.link(linked, tmp_path / "backup.json")  # replacing it frees nothing
    assert disk._hold_old(linked) is None
    target = tmp_path / "target.json"
    target.write_bytes(big)
    (tmp_path / "link.json").symlink_to(target)
    assert disk._hold_old(tmp_path / "link.json") is None
    fd = disk._hold_old(target)
    assert fd is not None
    os.close(fd)


def test_a_forked_child_closes_through_a_thread_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    big = b"y" * (disk.RELEASE_LATER_BYTES * 2)
    disk.write_atomic(path, big)
    disk.write_atomic(path, big)  # this process's closing thread
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's thread is not here
        try:
            fds = _open_fds()
            for n in range(5):
                disk.write_atomic(path, big + str(n).encode())
            ok = _settled(fds) <= fds and path.read_bytes() == big + b"4"
            os.write(w, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(w)
    got = os.read(r, 1)
    os.close(r)
    os.waitpid(pid, 0)
    assert got == b"1"
