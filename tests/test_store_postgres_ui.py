"""The terminal app on the team store: home lists its cases, a meeting is run by one writer, and a second
app on the same store (another laptop) follows it live, told of each save by the database (LISTEN/NOTIFY)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from textual.widgets import Static, TextArea

from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.postgres.repository import PostgresRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen

CASE, MEETING = "DEMO-1", "M2"
SIZE = (120, 40)


def team_ws(tmp_path: Path, url: str) -> Workspace:
    ws = Workspace.open(
        store=url, data=tmp_path / "data", config=tmp_path / "config", exports=tmp_path / "exports"
    )
    ws.today_override = date(2026, 11, 26)
    return ws


async def test_home_on_the_team_store_offers_the_demo_and_lists_it(tmp_path: Path, pg_url: str) -> None:
    ws = team_ws(tmp_path, pg_url)
    assert isinstance(ws.repo, PostgresRepository)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert "load the fictional demo case" in str(app.screen.query_one("#home-empty").render())
        await pilot.press("d")
        await pilot.pause(0.3)
    assert PostgresRepository(pg_url).case_ids() == [CASE]
    assert not (tmp_path / "data" / "cases").exists()


async def test_a_second_app_follows_the_meeting_another_laptop_is_running(
    tmp_path: Path, pg_url: str
) -> None:
    runner = PostgresRepository(pg_url)
    runner.create_case(demo_case(date(2026, 11, 26)))
    lease = runner.claim_session(CASE, MEETING)  # the minute-taker's laptop runs the meeting
    assert lease is not None
    try:
        ws = team_ws(tmp_path, pg_url)
        app = make_app(ws, start_screen=MeetingScreen(CASE, MEETING, item_key="placement"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            screen = app.screen
            assert screen.follow
            assert "READ-ONLY (following)" in str(screen.query_one("#meeting-bar", Static).content)
            shown = screen.viewing  # a follower shows the item the meeting is on
            contents.save_notes(runner, CASE, MEETING, shown, "Typed on the other laptop")
            deadline = time.monotonic() + 5
            while screen.query_one("#notes", TextArea).text != "Typed on the other laptop":
                assert time.monotonic() < deadline, "the follower never showed the other laptop's notes"
                await pilot.pause(0.1)
            await pilot.press("i", *"mine")  # a follower writes nothing
            await pilot.pause(0.3)
    finally:
        lease.release()
    assert PostgresRepository(pg_url).load_meeting(CASE, MEETING).item(shown).notes == (
        "Typed on the other laptop"
    )


async def test_the_meeting_is_run_and_saved_on_the_team_store(tmp_path: Path, pg_url: str) -> None:
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    ws = team_ws(tmp_path, pg_url)
    app = make_app(ws, start_screen=MeetingScreen(CASE, MEETING, item_key="placement"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert not app.screen.follow
        assert PostgresRepository(pg_url).claim_session(CASE, MEETING) is None  # held by this app
        await pilot.press("i", *"Said in the room")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.5)
    notes = PostgresRepository(pg_url).load_meeting(CASE, MEETING).item("placement").notes or ""
    assert "Said in the room" in notes
