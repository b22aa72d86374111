"""A first index build reads cases in other processes (meetingtui.core.search.readers): the index it writes
must be the one a build in this process writes, a damaged case is reported the same, a child that cannot
start or dies only costs speed, and Esc leaves no child running."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import date

import pytest

from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Item
from meetingtui.core.search import readers
from meetingtui.core.search.index import DB_NAME, Cancelled, SearchIndex
from meetingtui.core.workspace import Workspace
from tests import factory as f
from tests.conftest import SAMPLE_TODAY


@pytest.fixture
def cases(ws: Workspace) -> Workspace:
    ws.repo.create_case(demo_case(SAMPLE_TODAY))
    for k in range(6):
        items = [
            Item(key="i1", title="Update", notes=f"curfew talk {k} with R.K."),
            Item(key="i2", title="Private", notes=f"withheld curfew {k}", restricted=True),
        ]
        ws.repo.create_case(f.case(id=f"C{k}", meetings=[f.meeting("M1", date(2026, 1, k + 1), items=items)]))
    (ws.repo.cases_dir / "C9.json").write_text('{"not": "a case"')  # damaged: reported, never indexed
    return ws


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen]:
    """Every child process the test starts, to check none is left running."""
    out: list[subprocess.Popen] = []
    real = subprocess.Popen

    def popen(*a, **kw):  # type: ignore[no-untyped-def]
        out.append(real(*a, **kw))
        return out[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return out


def _build(ws: Workspace, *, parallel: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list[str]]:
    """Every fields row of a fresh build, and the cases reported damaged."""
    monkeypatch.setattr(readers, "PARALLEL_MIN", 2 if parallel else 10**6)
    monkeypatch.setattr(readers, "cpus", lambda: 2)
    db = ws.repo.index_dir / DB_NAME
    db.unlink(missing_ok=True)
    damaged: list[str] = []
    SearchIndex(ws.repo).search("curfew", on_damaged=lambda cid, exc: damaged.append(cid))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM fields ORDER BY id").fetchall()
        assert conn.execute("SELECT count(*) FROM fts_open_docsize").fetchone()[0] > 0
    return rows, damaged


def test_a_build_read_by_other_processes_writes_the_same_index(
    cases: Workspace, monkeypatch: pytest.MonkeyPatch, started: list[subprocess.Popen]
) -> None:
    here, damaged_here = _build(cases, parallel=False, monkeypatch=monkeypatch)
    assert started == []
    read_here: list[str] = []
    load = type(cases.repo).load_case

    def counted(repo, cid):
        read_here.append(cid)
        return load(repo, cid)

    monkeypatch.setattr(type(cases.repo), "load_case", counted)
    there, damaged_there = _build(cases, parallel=True, monkeypatch=monkeypatch)
    assert len(started) == 2 and all(p.poll() is not None for p in started)
    assert set(read_here) == {"C9"}  # the children read every case; only the damaged one is read again here
    assert there == here and len(here) > 20
    assert damaged_there == damaged_here == ["C9"]


def test_a_child_that_cannot_start_or_dies_costs_only_speed(
    cases: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, _ = _build(cases, parallel=False, monkeypatch=monkeypatch)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert _build(cases, parallel=True, monkeypatch=monkeypatch)[0] == here
    monkeypatch.setattr(sys, "executable", "/bin/false")  # starts, reads nothing, writes nothing, exits
    assert _build(cases, parallel=True, monkeypatch=monkeypatch)[0] == here
    monkeypatch.setattr(sys, "executable", "/bin/echo")  # writes something that is no pickle of ours
    assert _build(cases, parallel=True, monkeypatch=monkeypatch)[0] == here


def test_esc_during_a_build_read_elsewhere_leaves_no_child_running(
    cases: Workspace, monkeypatch: pytest.MonkeyPatch, started: list[subprocess.Popen]
) -> None:
    monkeypatch.setattr(readers, "PARALLEL_MIN", 2)
    monkeypatch.setattr(readers, "cpus", lambda: 2)
    cancel = threading.Event()

    def progress(n: int, total: int) -> None:
        if n == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        SearchIndex(cases.repo).search("curfew", cancel=cancel, progress=progress)
    assert started and all(p.poll() is not None for p in started)
    with sqlite3.connect(cases.repo.index_dir / DB_NAME) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 3  # Esc seen before the fourth
    result = SearchIndex(cases.repo).search("curfew", limit=100)
    assert {h.case_id for h in result.hits} >= {f"C{k}" for k in range(6)}
