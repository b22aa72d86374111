"""meetingtui present: the shared screen follows a minute-taker in another process, never shows notes or
restricted items, and writes nothing."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.commands.present import open_for_present
from meetingtui.core.workspace import Workspace
from meetingtui.ui.present import PresentApp
from tests.helpers_present import (
    CASE,
    SECRETS,
    TITLES,
    folder_state,
    schedule_live_meeting,
    screen_text,
    widget_text,
)

MINUTE_TAKER = Path(__file__).with_name("minute_taker.py")
# Generous: the screen polls every 0.5 s, so a change shows within a second; a slow CI machine gets slack.
DEADLINE = 5.0


def _args(ws: Workspace) -> argparse.Namespace:
    return argparse.Namespace(data=str(ws.data_dir), config=str(ws.config_dir))


def _assert_no_secret(app: PresentApp) -> None:
    shown = screen_text(app) + widget_text(app)
    leaked = [s for s in SECRETS if s in shown]
    assert not leaked, f"the shared screen showed {leaked}"


async def _until_shown(pilot, app: PresentApp, text: str) -> None:  # type: ignore[no-untyped-def]
    """Poll the rendered screen until ``text`` is on it, checking on every look that nothing secret is."""
    deadline = time.monotonic() + DEADLINE
    while True:
        _assert_no_secret(app)
        if text in screen_text(app):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not on the shared screen after {DEADLINE} s:\n{screen_text(app)}")
        await pilot.pause(0.1)


async def _tell(proc: asyncio.subprocess.Process, *command: str) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(command).encode() + b"\n")
    await proc.stdin.drain()
    answer = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().strip()
    assert answer == "ok", f"minute-taker: {command} -> {answer!r}"


async def _minute_taker(ws: Workspace, meeting_id: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(MINUTE_TAKER),
        str(ws.data_dir),
        str(ws.config_dir),
        CASE,
        meeting_id,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


async def _done(proc: asyncio.subprocess.Process) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    await asyncio.wait_for(proc.wait(), 20)


async def test_follows_a_minute_taker_in_another_process_and_never_shows_restricted_text(
    loaded: Workspace,
) -> None:
    meeting = schedule_live_meeting(loaded)
    proc = await _minute_taker(loaded, meeting.id)
    app = PresentApp(open_for_present(_args(loaded), CASE, meeting.id), CASE, meeting.id)
    try:
        async with app.run_test(size=(140, 45)) as pilot:
            await _until_shown(pilot, app, "The meeting has not started.")
            await _tell(proc, "start")
            await _until_shown(pilot, app, "Review of actions from earlier meetings")
            await _tell(proc, "go", "home")
            await _until_shown(pilot, app, TITLES["home"])
            await _until_shown(pilot, app, "What is working well at home?")
            await _tell(proc, "notes", "home", "PRIVATE-NOTES-4K the minute-taker's own notes")
            await _tell(proc, "decision", "home", "J. stays at Oak House", "the move would break school")
            await _until_shown(pilot, app, "J. stays at Oak House")

            # The chair restricts the item before anything is said under it; then the meeting moves there.
            await _tell(proc, "restrict", "secret")
            await _tell(proc, "notes", "secret", "SECRET-NOTES-7Q third-party information")
            await _tell(proc, "decision", "secret", "SECRET-DECISION-7Q", "SECRET-REASON-7Q")
            await _tell(proc, "action", "secret", "SECRET-ACTION-7Q check the address", "Sam Lee")
            await _tell(proc, "action", "home", "Visit Oak House with J.", "Ana Diaz")
            await _until_shown(pilot, app, "Visit Oak House with J.")
            await _tell(proc, "go", "secret")
            await _until_shown(pilot, app, "This item is restricted and is not shown on the shared screen.")
            await _until_shown(pilot, app, "Item 4 of 5")
            await _tell(proc, "go", "close")
            await _until_shown(pilot, app, TITLES["close"])
            await pilot.pause(0.6)  # another poll after the last change: still nothing secret
            _assert_no_secret(app)
            assert "J. stays at Oak House" in screen_text(app)
    finally:
        await _done(proc)


async def test_opens_and_follows_while_the_minute_taker_holds_the_locks(loaded: Workspace) -> None:
    """No lock taken: a save in progress (case lock held) or a running meeting (session lock) never blocks it."""
    meeting = schedule_live_meeting(loaded)
    proc = await _minute_taker(loaded, meeting.id)
    try:
        await _tell(proc, "start")
        await _tell(proc, "hold")
        app = PresentApp(open_for_present(_args(loaded), CASE, meeting.id), CASE, meeting.id)
        async with app.run_test(size=(140, 45)) as pilot:
            await _until_shown(pilot, app, "Review of actions from earlier meetings")
            await _tell(proc, "release")
            await _tell(proc, "go", "school")
            await _until_shown(pilot, app, TITLES["school"])
    finally:
        await _done(proc)


async def test_shows_nothing_but_the_notice_when_the_meeting_starts_on_a_restricted_item(
    loaded: Workspace,
) -> None:
    from meetingtui.core.meeting import contents, lifecycle

    meeting = schedule_live_meeting(loaded)
    first = meeting.items[0].key
    contents.set_restricted(loaded.repo, CASE, meeting.id, first, True)
    lifecycle.start_meeting(loaded.repo, CASE, meeting.id, by="chair")
    app = PresentApp(open_for_present(_args(loaded), CASE, meeting.id), CASE, meeting.id)
    async with app.run_test(size=(140, 45)) as pilot:
        await _until_shown(pilot, app, "This item is restricted")
        assert meeting.items[0].title not in screen_text(app) + widget_text(app)


async def test_present_writes_nothing_and_quits_on_q(loaded: Workspace) -> None:
    meeting = schedule_live_meeting(loaded)
    from meetingtui.core.meeting import lifecycle

    lifecycle.start_meeting(loaded.repo, CASE, meeting.id, by="chair")
    before = folder_state(loaded.data_dir)
    app = PresentApp(open_for_present(_args(loaded), CASE, meeting.id), CASE, meeting.id)
    async with app.run_test(size=(140, 45)) as pilot:
        await _until_shown(pilot, app, "Review of actions from earlier meetings")
        await pilot.press("f2")  # the high-contrast theme is a display setting: nothing is saved
        await pilot.pause(0.6)  # at least one more poll
        await pilot.press("q")
        await pilot.pause()
        assert app._exit, "q should quit the shared screen"
    assert folder_state(loaded.data_dir) == before


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_escape_and_ctrl_q_quit(loaded: Workspace, key: str) -> None:
    meeting = schedule_live_meeting(loaded)
    app = PresentApp(open_for_present(_args(loaded), CASE, meeting.id), CASE, meeting.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app._exit


def test_unknown_case_or_meeting_is_one_line_exit_2(loaded: Workspace, capsys) -> None:
    assert main(["present", CASE, "NO-SUCH-MEETING"]) == 2
    assert main(["present", "NOPE", "M1"]) == 2
    assert main(["present", "../etc", "M1"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"case {CASE}: no meeting NO-SUCH-MEETING",
        f"case NOPE: not found in {loaded.data_dir / 'cases'}",
        "'../etc' is not a valid case id (letters, digits, - and _, up to 64)",
    ]


def test_a_mistyped_data_folder_is_refused_and_not_created(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo"
    assert main(["--data", str(missing), "present", CASE, "M1"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"{missing}: no data folder there, so no case {CASE} to present (see --data)"
    )
    assert not missing.exists()
