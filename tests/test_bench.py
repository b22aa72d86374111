"""The benchmark stays runnable: its modules import, and its generator writes valid cases through the real
repository (``make bench`` itself is not run here; no timings are asserted)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import pytest

from meetingtui.core.record.schema import check_case_record
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.store.files.stored import case_dict, strip_internal

bench = pytest.importorskip("bench", reason="the bench/ folder ships with a checkout, not the package")
from bench import dataset  # noqa: E402


def test_benchmark_modules_import() -> None:
    for name in (
        "bench.__main__",
        "bench.dataset",
        "bench.docx_baseline",
        "bench.figures",
        "bench.probe",
        "bench.report",
        "bench.search",
    ):
        importlib.import_module(name)


def test_generated_cases_are_valid_and_shaped_as_asked(tmp_path: Path) -> None:
    size = dataset.TINY
    data = dataset.ensure(size, root=tmp_path, today=date(2026, 11, 26))
    repo = FileRepository(data.root)
    ids = repo.case_ids()
    assert ids[0] == dataset.BIG and len(ids) == size.cases
    total = 0
    for cid in ids:
        stored = repo._storage(cid).read()
        assert stored is not None
        assert check_case_record(strip_internal(case_dict(stored))) == []
        case = repo.load_case(cid)
        assert len(case.meetings) == size.meetings
        total += len(case.actions)
    assert total == size.total_actions
    big = repo.load_case(dataset.BIG)
    assert len(big.actions) == size.big_actions
    live = big.meeting(size.live_meeting)
    assert live is not None and live.status == "in progress" and len(live.items) == size.items
    assert len(live.item(dataset.HUGE_ITEM).notes or "") >= size.huge_note_bytes - 2
    assert len(big.meeting(size.minutes_meeting).items) == size.minutes_items
    # A second call with the same seed, size and month reuses the stored dataset.
    assert dataset.ensure(size, root=tmp_path, today=date(2026, 11, 27)).generated_seconds is None


def test_the_same_seed_gives_the_same_cases() -> None:
    first = list(dataset.case_dicts(dataset.TINY, date(2026, 11, 1)))
    again = list(dataset.case_dicts(dataset.TINY, date(2026, 11, 1)))
    assert first == again
