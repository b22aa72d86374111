"""One app at a time runs a meeting, on the team store too, whatever the network does (found from outside):
the claim is a lock held by a database session of its own, which a dropped network ends. The app that ran the
meeting asks before each save, takes the claim back when it is free, and otherwise follows the app that took
it, keeping what it had not saved; and an agency reading a case never takes the claim from the case's team."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import psycopg
import pytest
from textual.widgets import Static, TextArea

from meetingtui.core.errors import SharedReadOnly
from meetingtui.core.meeting import contents
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.postgres.repository import PostgresRepository
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen
from tests.test_store_postgres_roles import roles  # noqa: F401  (the fixture)
from tests.test_store_postgres_ui import CASE, MEETING, SIZE, team_ws


def drop(url: str, lease: object) -> None:
    """What a dropped Wi-Fi does to the claim: the server ends the session holding it."""
    pid = lease._conn.execute("select pg_backend_pid()").fetchone()[0]  # type: ignore[attr-defined]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select pg_terminate_backend(%s)", (pid,))


def test_a_claim_lost_with_its_session_says_so_and_can_be_taken_again(pg_url: str) -> None:
    repo = PostgresRepository(pg_url, listen=False)
    repo.create_case(demo_case(date(2026, 11, 26)))
    lease = repo.claim_session(CASE, MEETING)
    assert lease is not None and lease.held()
    drop(pg_url, lease)
    assert not lease.held()
    again = repo.claim_session(CASE, MEETING)
    assert again is not None and again.held()
    assert PostgresRepository(pg_url, listen=False).claim_session(CASE, MEETING) is None
    again.release()


def test_an_agency_reading_the_case_never_takes_the_meeting_from_its_team(
    roles: dict[str, str],  # noqa: F811
) -> None:
    police = PostgresRepository(roles["police"], listen=False)
    with pytest.raises(SharedReadOnly, match="shared with you read-only"):
        police.claim_session(CASE, MEETING)
    team = PostgresRepository(roles["team"], listen=False).claim_session(CASE, MEETING)
    assert team is not None  # the chair still runs it
    team.release()


async def test_the_chair_whose_claim_another_app_took_follows_it_and_keeps_what_it_typed(
    tmp_path: Path, pg_url: str
) -> None:
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    other = PostgresRepository(pg_url, listen=False)
    app = make_app(team_ws(tmp_path, pg_url), start_screen=MeetingScreen(CASE, MEETING, item_key="placement"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and not screen.follow
        drop(pg_url, screen.lease)
        taken = other.claim_session(CASE, MEETING)  # a second laptop opens the meeting meanwhile
        assert taken is not None
        contents.save_notes(other, CASE, MEETING, "placement", "Typed on the other laptop")
        await pilot.pause(0.6)  # the chair's screen, with nothing to save, shows what the other app saved
        notes = screen.query_one("#notes", TextArea)
        notes.focus()
        notes.insert(" and typed after the drop", notes.document.end)  # then the chair types, unaware
        await pilot.pause(1.2)
        assert screen.follow
        assert "READ-ONLY (another app runs it now)" in str(screen.query_one("#meeting-bar", Static).content)
        taken.release()
    stored = PostgresRepository(pg_url).load_meeting(CASE, MEETING).item("placement").notes
    assert stored == "Typed on the other laptop"  # not saved over by a second writer
    (kept,) = (tmp_path / "exports").glob("unsaved-notes-DEMO-1-M2-*.txt")
    assert "typed after the drop" in kept.read_text() and stat.S_IMODE(kept.stat().st_mode) == 0o600


async def test_the_chair_whose_claim_dropped_takes_it_back_when_nobody_took_it(
    tmp_path: Path, pg_url: str
) -> None:
    PostgresRepository(pg_url).create_case(demo_case(date(2026, 11, 26)))
    app = make_app(team_ws(tmp_path, pg_url), start_screen=MeetingScreen(CASE, MEETING, item_key="placement"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        drop(pg_url, screen.lease)
        await pilot.press("i", *"typed after the drop")
        await pilot.pause(1.2)
        assert not screen.follow
        assert PostgresRepository(pg_url, listen=False).claim_session(CASE, MEETING) is None  # held again
    notes = PostgresRepository(pg_url).load_meeting(CASE, MEETING).item("placement").notes or ""
    assert "typed after the drop" in notes
