"""A minute-taker to be killed: saves notes, decisions, actions and captures through the functions the TUI
calls, on a real Repository with fsync on, and reports each save on stdout only after it has returned.

Run as a "zygote" so the kill test pays Python's start-up once, not once per kill::

    python tests/kill_writer.py DATA

It imports everything, prints ``ready``, then for each ``run SEED`` line on stdin forks a writer, prints
``pid PID``, waits for the writer to die and prints ``exit PID STATUS``. The writer prints ``ok N`` after the
N-th operation of ``plan(SEED)`` returned, forever, until it is killed. Because ``exit`` is printed after the
writer is reaped, every ``ok`` the writer managed to write comes before it in the pipe.

``plan`` and ``apply`` are shared with the test: the same seed gives the same operations, so the test knows
exactly what each reported save must have left on disk.
"""

from __future__ import annotations

import copy
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from meetingtui.core.meeting import contents
from meetingtui.core.meeting.capture import (
    ActionCapture,
    DecisionCapture,
    NoteCapture,
    apply_capture,
    parse_capture,
)
from meetingtui.core.record.model import Attendee, Decision
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository

CASES = ("DEMO-1", "DEMO-B")
MEETING = "M2"  # a draft in the demo case: editable, with attendees for '@Chris'
KEYS = ("review-actions", "placement", "actions")
ATTENDEES = [Attendee(name="Chris Dale", agency="YOT"), Attendee(name="Grace Obi")]
TODAY = date(2026, 11, 26)
WORDS = [
    "the",
    "young",
    "person",
    "said",
    "school",
    "is",
    "better",
    "since",
    "the",
    "move",
    "but",
    "evenings",
    "are",
    "hard",
]


@dataclass(frozen=True, slots=True)
class Op:
    kind: str  # notes | capture | decision | action
    case_id: str
    key: str
    text: str


def _typing(rng: random.Random, tag: str) -> str:
    """Notes as a minute-taker's autosave sees them: mostly a few hundred words, now and then a long paste
    (which widens the window in which a kill lands mid-write)."""
    n = rng.choice((3, 40, 400, 400, 4000)) if rng.random() > 0.05 else 40_000
    body = " ".join(rng.choice(WORDS) for _ in range(n))
    return f"[{tag}] {body} é 😀 مرحبا"


def plan(seed: int) -> Iterator[Op]:
    """The writer's operations for one seed: endless, deterministic."""
    rng = random.Random(seed)
    n = 0
    while True:
        tag = f"{seed:x}-{n}"
        case_id = rng.choice(CASES)
        key = rng.choice(KEYS)
        r = rng.random()
        if r < 0.55:
            yield Op("notes", case_id, key, _typing(rng, tag))
        elif r < 0.65:
            yield Op("capture", case_id, key, f"n: Dan to check with the MACE chair {tag}")
        elif r < 0.75:
            yield Op("capture", case_id, key, f"d: Keep the plan {tag} because it works {tag}")
        elif r < 0.85:
            yield Op("capture", case_id, key, f"a: @Chris 14d Refer J. to the motor project {tag}")
        elif r < 0.93:
            yield Op("decision", case_id, key, f"Decided {tag}")
        else:
            yield Op("action", case_id, key, f"Book the review {tag}")
        n += 1


def perform(repo: Repository, op: Op) -> None:
    """One save, exactly as the meeting screen makes it."""
    if op.kind == "notes":
        contents.save_notes(repo, op.case_id, MEETING, op.key, op.text)
    elif op.kind == "capture":
        cap = parse_capture(op.text, ATTENDEES, TODAY, "10:00")
        apply_capture(repo, op.case_id, MEETING, op.key, cap)
    elif op.kind == "decision":
        contents.add_decision(repo, op.case_id, MEETING, op.key, Decision(text=op.text, reason="safer"))
    else:
        contents.add_action(
            repo,
            op.case_id,
            MEETING,
            item_key=op.key,
            text=op.text,
            owner="Grace Obi",
            agency=None,
            due=TODAY,
        )


# --------------------------------------------------------------------------------------------- the model

State = dict[str, dict[str, Any]]


def observe(repo: Repository) -> State:
    """What the test compares: every item's notes and decisions, and the meeting's actions, in each case."""
    out: State = {}
    for cid in CASES:
        case = repo.load_case(cid)
        m = case.meeting(MEETING)
        assert m is not None
        out[cid] = {
            "notes": {i.key: i.notes for i in m.items},
            "decisions": {i.key: [d.text for d in i.decisions] for i in m.items},
            "actions": sorted(a.text for a in case.actions_of(MEETING)),
        }
    return out


def apply(state: State, ops: list[Op]) -> State:
    """The state after ``ops``, computed without storage."""
    st = copy.deepcopy(state)
    for op in ops:
        s = st[op.case_id]
        if op.kind == "notes":
            s["notes"][op.key] = op.text or None
        elif op.kind == "decision":
            s["decisions"][op.key].append(op.text)
        elif op.kind == "action":
            s["actions"] = sorted([*s["actions"], op.text])
        else:
            cap = parse_capture(op.text, ATTENDEES, TODAY, "10:00")
            if isinstance(cap, NoteCapture):
                old = s["notes"][op.key]
                s["notes"][op.key] = (old + "\n" if old else "") + cap.text
            elif isinstance(cap, DecisionCapture):
                s["decisions"][op.key].append(cap.decision.text)
            elif isinstance(cap, ActionCapture):
                s["actions"] = sorted([*s["actions"], cap.text.strip()])
    return st


# -------------------------------------------------------------------------------------------- processes


def _write(line: str) -> None:
    # One write per line: a line shorter than PIPE_BUF reaches the pipe whole or not at all.
    os.write(1, (line + "\n").encode())


def writer(data: Path, seed: int) -> None:
    repo = FileRepository(data, sync=True)
    lease = repo.claim_session(CASES[0], MEETING)  # the meeting screen holds one while it runs
    assert lease is not None
    for n, op in enumerate(plan(seed)):
        perform(repo, op)
        _write(f"ok {n}")


def main() -> int:
    data = Path(sys.argv[1])
    _write("ready")
    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                writer(data, seed)
            except BaseException as exc:  # a writer must never fail on its own: report it, the test fails
                _write(f"error {type(exc).__name__}: {exc}"[:400])
                code = 3
            os._exit(code)
        _write(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _write(f"exit {pid} {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
