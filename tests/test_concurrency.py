"""Two writers on one case, and a second copy of the app on a running meeting.

Two processes editing the same meeting through the core API lose nothing and corrupt nothing. A second TUI
opening a meeting another instance is running says so, opens it read-only, follows the other's changes and
writes nothing whatever keys are pressed; a crashed instance never leaves a meeting stuck.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import signal
import sys
import time
from datetime import date
from pathlib import Path

from textual.widgets import Static, TextArea

from meetingtui.core.meeting import contents, people
from meetingtui.core.meeting.capture import apply_capture, parse_capture
from meetingtui.core.record.model import Decision
from meetingtui.core.record.schema import check_case_record
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen
from tests.helpers_present import folder_state

CASE, MEETING = "DEMO-1", "M2"
ROUNDS = 12
MINUTE_TAKER = Path(__file__).with_name("minute_taker.py")


def _writer(root: str, tag: str, key: str) -> None:
    """One of two instances editing the same meeting document, each in its own item."""
    repo = FileRepository(Path(root), sync=True)
    for n in range(ROUNDS):
        contents.save_notes(repo, CASE, MEETING, key, f"{tag} notes after round {n}")
        contents.add_decision(repo, CASE, MEETING, key, Decision(text=f"{tag} decision {n}"))
        people.set_attendance(repo, CASE, MEETING, f"Visitor {tag}{n}", "present", agency="YOT")
        cap = parse_capture(f"a: @Chris 14d Refer {tag}{n}", [], date(2026, 11, 26), "10:00")
        apply_capture(repo, CASE, MEETING, key, cap)


def test_two_processes_editing_one_meeting_lose_nothing(loaded: Workspace) -> None:
    root = str(loaded.data_dir)
    ctx = mp.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(root, tag, key))
        for tag, key in (("X", "placement"), ("Y", "actions"))
    ]
    for p in procs:
        p.start()
    # Meanwhile this process edits the case record, as the case screen would.
    repo = FileRepository(loaded.data_dir)
    for n in range(ROUNDS):
        with repo.transaction(CASE) as tx:
            rec = tx.record()
            rec.notes = f"record edit {n}"
            tx.put_record(rec)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    fresh = FileRepository(loaded.data_dir)
    case = fresh.load_case(CASE)
    assert not check_case_record(fresh.export_dict(CASE))
    m = case.meeting(MEETING)
    assert case.notes == f"record edit {ROUNDS - 1}"
    for tag, key in (("X", "placement"), ("Y", "actions")):
        item = m.item(key)
        assert item.notes == f"{tag} notes after round {ROUNDS - 1}"
        assert [d.text for d in item.decisions if d.text.startswith(tag)] == [
            f"{tag} decision {n}" for n in range(ROUNDS)
        ]
        assert {f"Visitor {tag}{n}" for n in range(ROUNDS)} <= {a.name for a in m.attendees}
        texts = [
            a.text for a in case.actions_of(MEETING) if a.item_key == key and a.text.startswith("Refer ")
        ]
        assert sorted(texts) == sorted(f"Refer {tag}{n}" for n in range(ROUNDS))
    assert len({a.id for a in case.actions}) == len(case.actions)  # no action id handed out twice


# -------------------------------------------------------------------------------------- a second TUI


async def _minute_taker(ws: Workspace) -> asyncio.subprocess.Process:
    """Another meetingtui running the meeting: holds its session, saves through the core API."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(MINUTE_TAKER),
        str(ws.data_dir),
        str(ws.config_dir),
        CASE,
        MEETING,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


async def _tell(proc: asyncio.subprocess.Process, *command: str) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(command).encode() + b"\n")
    await proc.stdin.drain()
    answer = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().strip()
    assert answer == "ok", f"minute-taker: {command} -> {answer!r}"


async def _until(pilot, check, what: str, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        await pilot.pause(0.1)


async def test_a_second_tui_follows_the_running_one_and_writes_nothing(loaded: Workspace) -> None:
    proc = await _minute_taker(loaded)
    try:
        await _tell(proc, "go", "placement")  # the follower shows the item the running instance is on
        await _tell(proc, "notes", "placement", "First line from the minute-taker")
        app = make_app(loaded, start_screen=MeetingScreen(CASE, MEETING))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            screen = app.screen
            assert screen.follow
            assert any("read-only, following" in str(n.message) for n in app._notifications)
            assert "READ-ONLY (following)" in str(screen.query_one("#meeting-bar", Static).content)
            assert screen.query_one("#notes", TextArea).text == "First line from the minute-taker"
            before = folder_state(loaded.data_dir)
            # Every way of changing something, pressed in the follower: nothing is written.
            await pilot.press("i", "z", "escape", "ctrl+l", "n", "enter")
            await pilot.press("x", "s", "e", "u", "ctrl+t", "ctrl+o", "ctrl+g", "escape")
            await pilot.pause(0.5)
            assert folder_state(loaded.data_dir) == before
            # The running instance keeps saving; the follower shows it.
            await _tell(proc, "notes", "placement", "Second line, typed in the other instance")
            await _until(
                pilot,
                lambda: (
                    screen.query_one("#notes", TextArea).text == "Second line, typed in the other instance"
                ),
                "the follower shows the other instance's notes",
            )
            await _tell(proc, "decision", "placement", "Stay at Oak House", "school is settled")
            await _until(
                pilot, lambda: "Stay at Oak House" in str(screen.query_one("#decisions").content), "decision"
            )
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        await asyncio.wait_for(proc.wait(), 20)
    stored = FileRepository(loaded.data_dir).load_meeting(CASE, MEETING).item("placement")
    assert stored.notes == "Second line, typed in the other instance"


async def test_a_crashed_instance_never_leaves_the_meeting_stuck(loaded: Workspace) -> None:
    proc = await _minute_taker(loaded)
    await _tell(proc, "notes", "placement", "Typed before the crash")
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    app = make_app(loaded, start_screen=MeetingScreen(CASE, MEETING, item_key="placement"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        assert not screen.follow  # the operating system dropped the dead instance's session lock
        notes = screen.query_one("#notes", TextArea)
        assert notes.text == "Typed before the crash"
        await pilot.press("i", "end", *" and after")
        await pilot.pause(0.5)
    assert FileRepository(loaded.data_dir).load_meeting(CASE, MEETING).item("placement").notes == (
        "Typed before the crash and after"
    )
