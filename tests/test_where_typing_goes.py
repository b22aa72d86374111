"""Where typing goes is always visible, and typed text is never dropped by a key (issue 14).

The mode label names NOTES (item n), CAPTURE, FORM or COMMANDS; ``i`` reaches the notes from anywhere; Ctrl+Q
with typed text asks first; Escape on the capture line keeps its text (↑ brings it back)."""

from __future__ import annotations

from textual.widgets import Select, TextArea

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.form import ConfirmDialog, FormDialog
from meetingtui.ui.screens.meeting import MeetingScreen
from tests.burst_keys import burst

SIZE = (120, 40)


def _mode(app) -> str:  # type: ignore[no-untyped-def]
    screen = next(s for s in app.screen_stack if isinstance(s, MeetingScreen))
    return str(screen.query_one("#mode").content)


async def test_the_mode_label_follows_every_key_and_i_reaches_the_notes_from_the_capture_line(
    loaded: Workspace,
) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert _mode(app) == "COMMANDS"
        await burst(app, pilot, "ctrl+l")
        assert _mode(app) == "CAPTURE"
        # Seen: after the capture line and Ctrl+↓, "i" and the note went into the capture line.
        await burst(app, pilot, "n: first", "enter", "ctrl+down", "i", "Typed into the notes")
        assert _mode(app) == "NOTES (item 2)"
        assert app.screen.query_one("#capture").value == ""
        # At the end of what is there (found from outside: typed at the very start, running into line one).
        assert app.screen.query_one("#notes", TextArea).text.startswith("Emergency move")
        assert app.screen.query_one("#notes", TextArea).text.endswith("not yet booked.Typed into the notes")
        await burst(app, pilot, "ctrl+o")
        assert _mode(app) == "FORM"
        await burst(app, pilot, "escape")
        assert _mode(app) == "NOTES (item 2)"
        await burst(app, pilot, "escape")
        assert _mode(app) == "COMMANDS"
    stored = loaded.repo.load_meeting("DEMO-1", "M2")
    assert stored.item("placement").notes.endswith("not yet booked.Typed into the notes")
    assert stored.item("review-actions").notes.rstrip().endswith("first")


async def test_i_after_a_captured_note_types_after_it_not_in_front_of_the_first_line(
    loaded: Workspace,
) -> None:
    """Found from outside: ``n: …`` Enter, Esc, ``i`` and typing put the text at the very start of the notes
    (the reload after the capture put the cursor there)."""
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await burst(app, pilot, "ctrl+l", "n: captured G80", "enter", "escape", "i", "typed H80")
        await burst(app, pilot, "escape", "ctrl+down", "ctrl+up", "i", " R3")
    notes = loaded.repo.load_meeting("DEMO-1", "M2").item("review-actions").notes or ""
    assert notes.startswith("Motor project referral done.")
    assert "captured G80" in notes and notes.index("captured G80") < notes.index("typed H80")
    assert notes.rstrip().endswith("typed H80 R3")


async def test_escape_then_a_letter_within_escdelay_is_two_keys_not_alt(loaded: Workspace) -> None:
    """A terminal's ESC and a letter 100 ms apart reach Textual as Alt+letter; nothing here binds Alt, so they
    are the two keys the person pressed (found from outside: ``Escape i`` typed "i" into the capture line)."""
    from textual import events

    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await burst(app, pilot, "ctrl+l", "n: burst note I80", "enter")
        app.post_message(events.Key("alt+i", "i"))  # what the parser makes of ESC "i" typed quickly
        await burst(app, pilot, "burst notes J80")
        assert app.screen.query_one("#capture").value == ""
        assert _mode(app) == "NOTES (item 1)"
        await burst(app, pilot, "escape")
    notes = loaded.repo.load_meeting("DEMO-1", "M2").item("review-actions").notes or ""
    assert notes.rstrip().endswith("burst note I80burst notes J80") or notes.rstrip().endswith(
        "burst note I80\nburst notes J80"
    )


async def test_escape_on_the_capture_line_keeps_the_text_and_up_brings_it_back(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        before = loaded.repo.case_path("DEMO-1").read_bytes()
        await burst(app, pilot, "ctrl+l", "d: Keep the contact plan because it protects him", "escape")
        capture = app.screen.query_one("#capture")
        assert capture.value == ""
        assert loaded.repo.case_path("DEMO-1").read_bytes() == before  # nothing saved
        await burst(app, pilot, "ctrl+l", "up")
        assert capture.value == "d: Keep the contact plan because it protects him"


async def test_ctrl_q_asks_first_when_a_form_or_the_capture_line_holds_text(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await burst(app, pilot, "ctrl+l", "a: @Chris 14d Refer", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        await burst(app, pilot, "n")  # keep typing
        assert app.screen.query_one("#capture").value == "a: @Chris 14d Refer"
        await burst(app, pilot, "escape", "ctrl+o", "A decision half typed", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        assert "the form" in str(app.screen.question)
        await burst(app, pilot, "y")
    assert not app.is_running


async def test_ctrl_q_with_nothing_typed_quits_at_once(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await burst(app, pilot, "ctrl+q")
    assert not app.is_running


async def test_enter_on_a_dropdown_moves_to_the_next_field(loaded: Workspace) -> None:
    """Issue 19: Enter on a Select reopened it instead of moving on, as the README says every form does."""
    from meetingtui.ui.screens.case import CaseScreen

    app = make_app(loaded, start_screen=CaseScreen("DEMO-1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await burst(app, pilot, "m")
        form = app.screen
        assert isinstance(form, FormDialog) and isinstance(form.focused, Select)
        await burst(app, pilot, "enter")
        assert form.focused is form.query_one("#f-title")
        assert not form.query_one("#f-template", Select).expanded
