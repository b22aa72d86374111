"""Rough in-process timing of the tracker and the alerts over generated cases (not a test, not the benchmark).

    .venv/bin/python scripts/time_between.py [CASES] [ACTIONS_PER_CASE]

Builds CASES copies of the demo case, each with ACTIONS_PER_CASE actions of mixed status, agency and history,
in a temporary data folder, then times ``query_actions`` with a few filters, ``all_alerts`` and ``search``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from meetingtui.core.config.settings import Settings
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Action, ActionUpdate
from meetingtui.core.rules.alerts import all_alerts
from meetingtui.core.rules.tracker import ActionFilter, query_actions
from meetingtui.core.search.scan import search
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository

TODAY = date(2026, 11, 26)
AGENCIES = ("Police", "YOT", "Children's Services", "Education", "CAMHS", "Safeguarding Unit", "Health")
OWNERS = (
    "Nadia Fenwick",
    "PC Owen Reid",
    "Chris Dale",
    "Helen Ward",
    "Dr Sam Lee",
    "Grace Obi",
    "Zoë Brontë",
)


def build(root: Path, cases: int, per_case: int) -> Repository:
    rnd = random.Random(7)
    repo = FileRepository(root, sync=False)
    base = demo_case(TODAY)
    for n in range(cases):
        case = base.copy()
        case.id = f"C{n:04d}"
        case.name = f"Y.P.{n}"
        actions = []
        for k in range(per_case):
            status = rnd.choice(("open", "open", "carried", "done", "done", "dropped"))
            due = TODAY + timedelta(days=rnd.randint(-60, 60))
            updates = []
            if status == "carried":
                for c in range(rnd.randint(1, 4)):
                    updates.append(
                        ActionUpdate(
                            date=TODAY - timedelta(days=20 - c),
                            meeting_id="M2",
                            status="carried",
                            due=due + timedelta(days=7 * (c + 1)),
                            note="Carried: waiting for the panel.",
                        )
                    )
            elif status in ("done", "dropped"):
                updates.append(ActionUpdate(date=TODAY - timedelta(days=3), status=status, note="Closed."))
            actions.append(
                Action(
                    id=f"A{k + 1}",
                    meeting_id="M1",
                    item_key="alternatives",
                    text=f"Generated action {k} for case {n}: contact the provider and report back.",
                    owner=rnd.choice(OWNERS),
                    agency=rnd.choice(AGENCIES),
                    due=due,
                    status=status,
                    updates=updates,
                )
            )
        case.actions = actions
        repo.create_case(case)
    return repo


def timed(label: str, fn: Callable[[], object], runs: int = 7) -> None:
    fn()  # warm: first reads parse the index files
    best = float("inf")
    result: object = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    size = len(result) if isinstance(result, list) else "?"
    print(f"{label:<44} best of {runs}: {best * 1000:7.1f} ms  ({size} rows)")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_case = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        repo = build(Path(tmp), cases, per_case)
        print(f"built {cases} cases x {per_case} actions in {time.perf_counter() - t0:.1f} s")
        s = Settings(user="bench")
        timed("query_actions(open)", lambda: query_actions(repo, ActionFilter(status="open"), TODAY))
        timed("query_actions(all)", lambda: query_actions(repo, ActionFilter(status="all"), TODAY))
        timed("query_actions(overdue)", lambda: query_actions(repo, ActionFilter(overdue=True), TODAY))
        timed(
            "query_actions(agency=police, owner=reid)",
            lambda: query_actions(repo, ActionFilter(agency="police", owner="reid"), TODAY),
        )
        timed("all_alerts", lambda: all_alerts(repo, s, TODAY))
        timed("search('motor project') (loads every case)", lambda: search(repo, "motor project"), runs=3)
        fresh = FileRepository(Path(tmp), sync=False)
        t0 = time.perf_counter()
        query_actions(fresh, ActionFilter(status="open"), TODAY)
        print(
            f"{'query_actions(open), cold (new Repository)':<44} {(time.perf_counter() - t0) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
