"""disk.write_derived (the index's stamp): whole or absent, never half of each, to a reader at any moment;
private; no temp file left behind."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import orjson

from meetingtui.core import disk


def test_it_writes_and_replaces_a_private_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "index" / "C1.stamp.json"
    disk.write_derived(path, b'{"v": 1}')
    disk.write_derived(path, b'{"v": 2}')
    assert path.read_bytes() == b'{"v": 2}'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["C1.stamp.json"]


def test_a_reader_sees_a_whole_file_or_none_never_a_mixture(tmp_path: Path) -> None:
    path = tmp_path / "C1.stamp.json"
    bodies = [orjson.dumps({"n": n, "pad": "x" * (n % 7) * 300}) for n in range(300)]
    disk.write_derived(path, bodies[0])
    seen: list[bytes | None] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(path.read_bytes())
            except FileNotFoundError:
                seen.append(None)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for body in bodies:
            disk.write_derived(path, body)
    finally:
        stop.set()
        reader.join()
    known = set(bodies)
    assert all(s is None or s in known for s in seen)
    assert path.read_bytes() == bodies[-1]


def test_two_writers_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "C1.stamp.json"
    mine, theirs = b'{"who": "mine"}', b'{"who": "theirs", "more": true}'

    def write(body: bytes) -> None:
        for _ in range(200):
            disk.write_derived(path, body)

    writers = [threading.Thread(target=write, args=(b,)) for b in (mine, theirs)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert path.read_bytes() in (mine, theirs)
    assert [p.name for p in tmp_path.iterdir()] == ["C1.stamp.json"]
    assert os.name != "posix" or not [p for p in tmp_path.iterdir() if disk.TMP_MARK in p.name]
