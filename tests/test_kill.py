"""Nothing typed is lost: a writer saving through the TUI's own functions is SIGKILLed at random moments, and
after every kill each case opens and holds every save the writer reported before it died.

In CI: ``KILLS`` kills (at least 50, a few seconds). ``make soak`` runs 500 (``MEETINGTUI_SOAK_KILLS``).
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from meetingtui.core import disk
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.files.repository import FileRepository
from tests.conftest import SAMPLE_TODAY
from tests.kill_writer import CASES, Op, apply, observe, plan

KILLS = int(os.environ.get("MEETINGTUI_SOAK_KILLS", "60"))
MAX_DELAY = 0.06  # seconds: a few saves at most, so kills land before, during and after writes
WRITER = Path(__file__).with_name("kill_writer.py")


class Zygote:
    """The forking writer process, read line by line with a deadline (a hung writer fails the test)."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)
        self.buf = b""
        assert self.line() == "ready"

    def line(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not self.sel.select(left):
                raise AssertionError("the writer stopped answering")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError(f"the writer process ended ({self.proc.wait()})")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def run_and_kill(self, seed: int, delay: float) -> int:
        """Start a writer, SIGKILL it after ``delay`` seconds; the number of the last save it reported."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"run {seed}\n".encode())
        self.proc.stdin.flush()
        first = self.line()
        assert first.startswith("pid "), first
        pid = int(first.split()[1])
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        last = -1
        while True:
            line = self.line()
            if line.startswith("ok "):
                last = int(line.split()[1])
            elif line.startswith("exit "):
                status = int(line.split()[2])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
                return last
            else:
                raise AssertionError(f"the writer failed: {line}")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


def _debris(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if disk.TMP_MARK in p.name]


def test_every_reported_save_survives_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    repo = FileRepository(data)
    for cid in CASES:
        case = demo_case(SAMPLE_TODAY)
        case.id = cid
        repo.create_case(case)
    state = observe(repo)
    rng = random.Random(os.environ.get("MEETINGTUI_KILL_SEED", "8"))
    zygote = Zygote(data)
    saves = landed_unreported = 0
    max_delay = MAX_DELAY
    try:
        for kill in range(KILLS):
            seed = rng.randrange(1 << 30)
            last = zygote.run_and_kill(seed, rng.uniform(0, max_delay))
            if last < 0 and max_delay < 0.5:
                max_delay *= 1.1  # a loaded machine saves more slowly: let the kills land among the saves
            elif last > 3:
                max_delay = max(MAX_DELAY, max_delay / 1.1)
            ops: list[Op] = list(islice(plan(seed), last + 2))
            reported, in_flight = apply(state, ops[: last + 1]), apply(state, ops)

            fresh = FileRepository(data)  # as the app starts after the crash
            entries = fresh.entries()
            assert [e.case_id for e in entries] == sorted(CASES)
            assert all(e.damaged is None for e in entries), [str(e.damaged) for e in entries]
            now = observe(fresh)  # every case opens, in full
            # Every reported save is there; at most the one save in flight at the kill landed besides.
            assert now in (reported, in_flight), f"kill {kill} (seed {seed}) after save {last}"
            assert not _debris(data / "cases") and not _debris(data / "index")
            saves += last + 1
            landed_unreported += now == in_flight != reported
            state = now
    finally:
        zygote.close()
    assert saves > KILLS, "the kills came too early to test anything; raise MAX_DELAY"
    # Backups are atomic too: every one of them is a good case file, and no half-written copy is left once
    # the next save-session has run.
    final = FileRepository(data)
    for cid in CASES:
        assert all(final.backup_is_good(b.path) for b in final.backups(cid))
        with final.transaction(cid) as tx:
            tx.put_record(tx.record())
    assert not _debris(data)
    print(f"{KILLS} kills, {saves} reported saves, {landed_unreported} landed unreported")
