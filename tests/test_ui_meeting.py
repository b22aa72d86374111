"""A whole meeting driven from the keyboard alone, from template to approved minutes, checked in storage."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, TextArea

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.form import ConfirmDialog, FormDialog
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.home import HomeScreen
from meetingtui.ui.screens.meeting import MeetingScreen
from meetingtui.ui.screens.room import RoomScreen

SIZE = (120, 40)


async def settle(pilot, t: float = 0.05) -> None:
    await pilot.pause(t)


async def dispose(pilot, app, status_presses: int, *fields: str) -> None:
    """In the focused earlier-actions table: Enter opens the form; the disposition Select starts at Done."""
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, FormDialog)
    if status_presses:
        await pilot.press("space")  # open the select (Enter moves to the next field)
        for _ in range(status_presses):
            await pilot.press("down")
        await pilot.press("enter")
    for text in fields:
        await pilot.press("tab")
        await pilot.press(*text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_whole_meeting_from_the_keyboard(loaded: Workspace) -> None:
    ws = loaded
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # open the demo case
        await settle(pilot, 0.2)
        assert isinstance(app.screen, CaseScreen)

        # Schedule from the professionals-meeting template, two weeks ahead.
        await pilot.press("m")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab", "tab", "2", "w", "ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, CaseScreen)
        mid = "M-2026-12-10"
        stored = ws.repo.load_meeting("DEMO-1", mid)
        assert stored.items[0].kind == "previous-actions"
        assert stored.template == "professionals-meeting"

        # Newest first: the new meeting is the highlighted row.
        await pilot.press("enter")
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.meeting_id == mid
        await pilot.press("s")
        await settle(pilot, 0.2)
        assert ws.repo.load_meeting("DEMO-1", mid).status == "in progress"

        # The gate: ending now is refused while earlier actions lack a disposition.
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 0.2)
        assert ws.repo.load_meeting("DEMO-1", mid).status == "in progress"
        assert any("still need" in str(n.message) for n in app._notifications)

        # Dispose of the three earlier actions from the panel's table.
        screen.query_one("#panel-table", DataTable).focus()
        await settle(pilot)
        await dispose(pilot, app, 0)  # A3: done
        await pilot.press("down")
        await dispose(pilot, app, 1, "3w", "IRO away")  # A4: carried
        await pilot.press("down")
        await dispose(pilot, app, 2, "", "Replaced")  # A2: dropped

        # Next item; type notes; capture an action and a decision; mark attendance.
        await pilot.press("ctrl+down")
        await settle(pilot, 0.1)
        await pilot.press("i")
        await pilot.press(*"Read. [b]x[/b]")
        await settle(pilot, 0.6)  # autosave interval
        await pilot.press("ctrl+l")
        await pilot.press(*"a: @Chris 14d Refer J.", "enter")
        await settle(pilot, 0.1)
        await pilot.press("ctrl+l")
        await pilot.press(*"d: Keep it because of the risk", "enter")
        await settle(pilot, 0.1)
        # Issue 19(b): the reason reads as typed, never "because the risk".
        shown_decisions = str(screen.query_one("#decisions").render())
        assert "Keep it  reason: the risk" in shown_decisions and "because the risk" not in shown_decisions
        await pilot.press("ctrl+l")
        await pilot.press(*"apologies: Grace - leave", "enter")
        await settle(pilot, 0.1)

        # The shared screen is one key away and comes back to the same place.
        await pilot.press("ctrl+r")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, RoomScreen)
        await pilot.press("ctrl+r")
        await settle(pilot, 0.1)
        assert app.screen is screen and screen.viewing == "welcome"

        # End (now allowed), see the summary, approve.
        await pilot.press("escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, 0.3)
        assert ws.repo.load_meeting("DEMO-1", mid).status == "draft"
        await pilot.press("a")  # from the summary, as its note says
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # approved by: the chair, by default
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)

    case = ws.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m.status == "approved" and m.approved_by == "Martin Cole" and m.minutes_version == 1
    assert m.item("welcome").notes == "Read. [b]x[/b]"
    assert m.item("welcome").decisions[0].reason == "the risk"
    assert next(a for a in m.attendees if a.name == "Grace Obi").reason == "leave"
    new = case.actions_of(mid)
    assert [(a.owner, a.agency, a.due) for a in new] == [("Chris Dale", "YOT", date(2026, 12, 10))]
    assert case.action("A3").update_in(mid).status == "done"
    carried = case.action("A4").update_in(mid)
    assert carried.status == "carried" and carried.due == date(2026, 12, 17) and carried.note
    assert case.action("A2").update_in(mid).status == "dropped"
    assert [e.event for e in m.history] == ["scheduled", "started", "ended", "approved"]


async def test_undo_the_last_capture(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        before = len(loaded.repo.load_case("DEMO-1").actions)
        await pilot.press("ctrl+l", *"a: @Chris 2w Book it", "enter")
        await settle(pilot, 0.1)
        assert len(loaded.repo.load_case("DEMO-1").actions) == before + 1
        await pilot.press("escape", "u")
        await settle(pilot, 0.1)
        assert len(loaded.repo.load_case("DEMO-1").actions) == before


async def test_a_capture_naming_a_peer_in_an_open_item_is_warned_of(loaded: Workspace) -> None:
    """Found from outside: "Ask R.K. to join the youth project" went into the open record without a word; the
    family version's check was the first to stop on it. The minute-taker is told at once, while X can still
    restrict it; a line naming nobody on the peer map gets no such warning."""
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        item = app.screen.current()
        assert item is not None and not item.restricted

        def warned() -> bool:
            return any("peer map" in str(n.message) for n in app._notifications)

        await pilot.press("ctrl+l", *"a: @Chris 2w Book it", "enter")
        await settle(pilot, 0.1)
        assert not warned()
        await pilot.press("ctrl+l", *"d: Share the plan because A.M. is a risk", "enter")
        await settle(pilot, 0.1)
        assert warned()


async def test_escape_cancels_a_half_typed_capture_and_bad_captures_stay_for_correction(
    loaded: Workspace,
) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        before = loaded.repo.case_path("DEMO-1").read_bytes()
        await pilot.press("ctrl+l", *"a: @Chris Refer")  # no due date
        await pilot.press("enter")
        await settle(pilot)
        capture = app.screen.query_one("#capture")
        assert capture.value == "a: @Chris Refer"
        assert any("no due date" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        assert capture.value == ""
        assert loaded.repo.case_path("DEMO-1").read_bytes() == before


async def test_approved_minutes_are_read_only_until_reopened(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M1"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        notes = app.screen.query_one("#notes", TextArea)
        assert notes.read_only
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"Typo", "ctrl+s")
        await settle(pilot, 0.2)
        assert not notes.read_only
    m = loaded.repo.load_meeting("DEMO-1", "M1")
    assert m.status == "draft" and m.events("reopened")[0].note == "Typo"
    # The chair's act, not the login's.
    assert m.chair is not None and m.events("reopened")[0].by == m.chair.name


async def test_a_second_instance_opens_a_running_meeting_read_only(loaded: Workspace) -> None:
    lease = loaded.repo.claim_session("DEMO-1", "M2")  # "another instance" holds the meeting
    try:
        app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, 0.2)
            screen = app.screen
            assert screen.follow
            assert screen.query_one("#notes", TextArea).read_only
            assert any("read-only" in str(n.message) for n in app._notifications)
            # The other instance writes; the follower shows it within its poll interval.
            from meetingtui.core.meeting import contents

            contents.save_notes(
                loaded.repo.__class__(loaded.repo.root), "DEMO-1", "M2", "review-actions", "New line"
            )
            await settle(pilot, 0.8)
            assert screen.query_one("#notes", TextArea).text == "New line"
    finally:
        lease.release()
