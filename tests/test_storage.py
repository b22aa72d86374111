"""Crash safety and concurrency of the per-case storage."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest

from meetingtui.core import disk
from meetingtui.core.record.model import Action, Case
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.store.files.storage import AtomicJSONStorage


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_a_write_killed_between_temp_file_and_replace_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    target.write_bytes(b'{"case": {"1": {"id": "old"}}}')
    code = f"""
import os, signal
from pathlib import Path
from meetingtui.core import disk
disk.before_replace = lambda p: os.kill(os.getpid(), signal.SIGKILL)
disk.write_atomic(Path({str(target)!r}), b'{{"case": {{"1": {{"id": "new"}}}}}}')
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert orjson.loads(target.read_bytes()) == {"case": {"1": {"id": "old"}}}
    leftovers = [p for p in tmp_path.iterdir() if disk.TMP_MARK in p.name]
    assert leftovers, "the killed writer should have left its temp file behind"
    disk.remove_stale_temps(tmp_path)
    assert not [p for p in tmp_path.iterdir() if disk.TMP_MARK in p.name]


def test_stale_temp_files_are_removed_when_the_repository_opens(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir(parents=True)
    stale = cases / ".X.json.tmp-999999999-abcd"  # no such process
    stale.write_bytes(b"half")
    FileRepository(tmp_path)
    assert not stale.exists()


def test_temp_file_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f".X.json{disk.TMP_MARK}{os.getpid()}-abcd"
    mine.write_bytes(b"in progress")
    disk.remove_stale_temps(tmp_path)
    assert mine.exists()


def test_files_are_private_whatever_the_umask(tmp_path: Path, demo: Case) -> None:
    old = os.umask(0)
    try:
        repo = FileRepository(tmp_path / "data")
        repo.create_case(demo)
        with repo.transaction(demo.id) as tx:  # a second save-session takes a backup
            tx.put_record(tx.record())
    finally:
        os.umask(old)
    for p in (tmp_path / "data").rglob("*"):
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    assert _mode(tmp_path / "data") == 0o700


def test_storage_rereads_a_file_another_process_changed(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    a, b = AtomicJSONStorage(path), AtomicJSONStorage(path)
    a.write({"t": {"1": {"v": 1}}})
    assert b.read() == {"t": {"1": {"v": 1}}}
    a.write({"t": {"1": {"v": 2}}})
    assert b.read() == {"t": {"1": {"v": 2}}}


def _insert_actions(root: str, case_id: str, prefix: str, n: int) -> None:
    repo = FileRepository(Path(root), sync=False)
    for i in range(n):
        with repo.transaction(case_id) as tx:
            tx.put_action(
                Action(
                    id=f"{prefix}{i}", meeting_id="M1", text=f"Do {i}", owner="Someone", due=date(2026, 12, 1)
                )
            )


def test_two_processes_inserting_into_one_case_lose_nothing(tmp_path: Path, demo: Case) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_insert_actions, args=(str(tmp_path), demo.id, p, 25)) for p in ("X", "Y")]
    for p in procs:
        p.start()
    # Meanwhile this process keeps its own long-lived repository writing too.
    _insert_actions(str(tmp_path), demo.id, "Z", 10)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    ids = {a.id for a in FileRepository(tmp_path).load_case(demo.id).actions}
    for prefix, n in (("X", 25), ("Y", 25), ("Z", 10)):
        assert {f"{prefix}{i}" for i in range(n)} <= ids
    assert len(ids) == len(demo.actions) + 60


def test_a_long_lived_repository_sees_another_writers_insert(tmp_path: Path, demo: Case) -> None:
    r1, r2 = FileRepository(tmp_path), FileRepository(tmp_path)
    r1.create_case(demo)
    r1.load_case(demo.id)  # r1 caches the file
    with r2.transaction(demo.id) as tx:
        tx.put_action(Action(id="B1", meeting_id="M1", text="Other", owner="O", due=date(2026, 12, 1)))
    with r1.transaction(demo.id) as tx:
        tx.put_action(Action(id="B2", meeting_id="M1", text="Mine", owner="M", due=date(2026, 12, 1)))
    ids = {a.id for a in FileRepository(tmp_path).load_case(demo.id).actions}
    assert {"B1", "B2"} <= ids


def test_a_failed_write_changes_nothing_on_disk(
    tmp_path: Path, demo: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    before = repo.case_path(demo.id).read_bytes()

    def full(*_a: object, **_k: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    from meetingtui.core.errors import StorageUnavailable

    with pytest.raises(StorageUnavailable, match="No space left"), repo.transaction(demo.id) as tx:
        rec = tx.record()
        rec.name = "changed"
        tx.put_record(rec)
    monkeypatch.undo()
    assert repo.case_path(demo.id).read_bytes() == before
    assert repo.load_case(demo.id).name == demo.name
    assert not [p for p in repo.cases_dir.iterdir() if disk.TMP_MARK in p.name]
