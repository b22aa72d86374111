"""Shared fixtures. Every test runs against private temporary folders: never the user's real data."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from meetingtui.core.record.casefile import parse_case
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Case
from meetingtui.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "case-rm.json"
# The date the shared sample and the demo were written for; rules are tested "as of" dates near it.
SAMPLE_TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEETINGTUI_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("MEETINGTUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("MEETINGTUI_EXPORTS", str(tmp_path / "exports"))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.open(data=tmp_path / "data", config=tmp_path / "config", exports=tmp_path / "exports")
    w.today_override = SAMPLE_TODAY
    return w


@pytest.fixture
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip(
            "../shared/samples is not present (a user's clone); the project's own demo case covers this"
        )
    return SAMPLE


@pytest.fixture
def sample_doc(sample_path: Path) -> dict:
    return orjson.loads(sample_path.read_bytes())


@pytest.fixture
def sample_case(sample_doc: dict) -> Case:
    return parse_case(sample_doc, "sample")


@pytest.fixture
def demo() -> Case:
    return demo_case(SAMPLE_TODAY)


@pytest.fixture
def loaded(ws: Workspace, demo: Case) -> Workspace:
    """A workspace holding the demo case."""
    ws.repo.create_case(demo)
    return ws


def copy_sample(dst: Path) -> Path:
    shutil.copy(SAMPLE, dst)
    os.chmod(dst, 0o600)
    return dst


async def until(pilot: Any, test: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until ``test()`` is true (a screen shown, a text drawn, a file written); fail after
    ``timeout`` s. For waits on something observable, in place of a fixed ``pilot.pause``: as soon as it holds on a
    fast machine, and still in time on a loaded one (pytest-xdist runs two tests at once on a 2-core CI)."""
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {timeout} s: {getattr(test, '__name__', test)}")
        await pilot.pause(0.02)


# The throwaway PostgreSQL server (one per session: with pytest-xdist, one per worker, each in its own folder and
# socket) and a fresh database per test: see tests/pg.py.
from tests.pg import pg_server, pg_url  # noqa: E402, F401

# ------------------------------------------------------------------------------------------- hang guard
# One test once waited forever on a real server it meant to stub out, and CI hit its 90-minute limit with no
# word of which test. No test here needs more than a minute, so one that runs past TEST_LIMIT seconds is
# failed with its stack (SIGALRM interrupts the main thread, where pytest and the Pilot event loop run).
TEST_LIMIT = int(os.environ.get("MEETINGTUI_TEST_LIMIT", "240"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    import signal

    def too_long(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{item.nodeid} ran past {TEST_LIMIT} s (MEETINGTUI_TEST_LIMIT): stopped as hung")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TEST_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
