"""A second copy of meetingtui saving underneath the TUI (issue 13 §1), through the real screens.

The "other copy" is a second repository object on the same data folder, as another process would have: the
app notices its saves only through the file. Typing is posted as bursts of keys (style.md).
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from meetingtui.core.record import edit
from meetingtui.core.record.model import Forum
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import MeetingApp, make_app
from meetingtui.ui.dialogs.conflict import ConflictDialog
from meetingtui.ui.dialogs.form import FormDialog
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.widgets.record_panel import RecordPanel, RecordTable
from tests.conftest import until

SIZE = (120, 40)
CASE = "DEMO-1"


async def burst(app: MeetingApp, pilot: Pilot, text: str) -> None:
    """Type as a person does: keys posted one after another without waiting for the screen."""
    for ch in text:
        key = "space" if ch == " " else ch
        app.post_message(events.Key(key, ch))
    await pilot.pause(0.2)


async def open_record(app: MeetingApp, pilot: Pilot) -> CaseScreen:
    await pilot.pause(0.3)
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    screen.query_one("#case-tabs").active = "tab-record"
    await pilot.pause(0.1)
    return screen


def conflict_text(app: MeetingApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_case_details_conflict_is_asked_and_escape_keeps_the_typing(loaded: Workspace) -> None:
    other = FileRepository(loaded.data_dir)
    lead = other.load_case(CASE).lead_professional
    assert lead is not None
    lead.email = "lead@example.org"  # not on the form: saving the form must keep it
    edit.save_case_details(other, CASE, lead_professional=lead)
    app = make_app(loaded, case_id=CASE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_record(app, pilot)
        screen.query_one("#rec-placements", RecordTable).focus()
        await pilot.press("c")
        await pilot.pause(0.2)
        form = app.screen
        assert isinstance(form, FormDialog)
        # The other copy saves the same field and another one while this form is open.
        opened = other.load_case(CASE)
        edit.save_case_details(other, CASE, opened=opened, legal_status="s31 AAA-legal", notes="AAA note")
        field = form.query_one("#f-legal_status", Input)
        field.focus()
        await pilot.pause(0.1)
        field.cursor_position = len(field.value)
        await burst(app, pilot, " BBB-legal")
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConflictDialog)
        shown = conflict_text(app)
        assert "Legal status" in shown and "s31 care order BBB-legal" in shown and "s31 AAA-legal" in shown
        assert other.load_case(CASE).legal_status == "s31 AAA-legal"  # nothing saved yet
        await pilot.press("escape")  # back to the form, the typing still there
        await pilot.pause(0.2)
        assert app.screen is form
        assert form.query_one("#f-legal_status", Input).value == "s31 care order BBB-legal"
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("m")  # keep mine
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CaseScreen)
                and "s31 care order BBB-legal" in str(app.screen.query_one("#rec-details", Static).render())
            ),
        )
        assert isinstance(app.screen, CaseScreen)
        assert "s31 care order BBB-legal" in str(app.screen.query_one("#rec-details", Static).render())
    case = FileRepository(loaded.data_dir).load_case(CASE)
    assert case.legal_status == "s31 care order BBB-legal"
    assert case.notes == "AAA note"  # the other copy's change of a field this copy did not touch survives
    assert case.lead_professional is not None and case.lead_professional.email == "lead@example.org"


async def test_placement_conflict_take_theirs(loaded: Workspace) -> None:
    other = FileRepository(loaded.data_dir)
    app = make_app(loaded, case_id=CASE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_record(app, pilot)
        table = screen.query_one("#rec-placements", RecordTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("P1"))
        await pilot.press("enter")
        await pilot.pause(0.2)
        form = app.screen
        assert isinstance(form, FormDialog)
        p1 = next(p for p in other.load_case(CASE).placements if p.id == "P1")
        theirs = p1.copy()
        theirs.provider = "Hollis family (changed elsewhere)"
        theirs.relationships_impact = "kept in touch with school friends"
        edit.save_row(other, CASE, "placements", theirs, opened=p1)
        field = form.query_one("#f-provider", Input)
        field.focus()
        await pilot.pause(0.1)
        field.cursor_position = len(field.value)
        await burst(app, pilot, " mine")
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConflictDialog)
        assert "Provider" in conflict_text(app)
        await pilot.press("t")  # take theirs
        await until(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert isinstance(app.screen, CaseScreen)
    p = next(p for p in FileRepository(loaded.data_dir).load_case(CASE).placements if p.id == "P1")
    assert p.provider == "Hollis family (changed elsewhere)"
    assert p.relationships_impact == "kept in touch with school friends"


async def test_the_case_screen_shows_another_copys_save_and_forms_start_from_it(loaded: Workspace) -> None:
    other = FileRepository(loaded.data_dir)
    app = make_app(loaded, case_id=CASE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_record(app, pilot)
        edit.save_case_details(other, CASE, opened=other.load_case(CASE), legal_status="care leaver ZZZ")
        edit.save_row(other, CASE, "forums", Forum(id="", name="Channel panel"))

        def shown() -> bool:  # the screen looks at the file's stamp every second
            details = str(screen.query_one("#rec-details", Static).render())
            forums = screen.query_one("#rec-forums", DataTable)
            rows = [str(forums.get_row_at(r)[0]) for r in range(forums.row_count)]
            return "care leaver ZZZ" in details and any("Channel panel" in r for r in rows)

        await until(pilot, shown)
        details = str(screen.query_one("#rec-details", Static).render())
        assert "care leaver ZZZ" in details
        forums = screen.query_one("#rec-forums", DataTable)
        assert any("Channel panel" in str(forums.get_row_at(r)[0]) for r in range(forums.row_count))
        # Saved again underneath, and the form opened at once: it starts from what is stored.
        edit.save_case_details(other, CASE, opened=other.load_case(CASE), legal_status="s20 YYY")
        screen.query_one(RecordPanel).focus()
        await pilot.press("c")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#f-legal_status", Input).value == "s20 YYY"


async def test_an_action_changed_from_the_cli_while_the_chair_types_shows_on_the_meeting_screen(
    loaded: Workspace,
) -> None:
    """Found from outside: while notes were typed without a pause, each save started from the stored case
    (the CLI's change in it) and so never counted as another program's change: the chair's screen went on
    showing the action open and the old alert count for as long as the typing went on."""
    from meetingtui.core.meeting.actions import record_disposition
    from meetingtui.ui.screens.meeting import MeetingScreen

    app = make_app(loaded, start_screen=MeetingScreen(CASE, "M2", item_key="placement"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.case is not None
        assert screen.case.action("A4").status == "open"  # type: ignore[union-attr]
        screen.query_one("#notes").focus()
        for n in range(6):  # typing on, a burst every 0.25 s: never a tick with nothing to save
            await burst(app, pilot, f" word{n}")
            await pilot.pause(0.05)
            if n == 1:
                record_disposition(
                    FileRepository(loaded.data_dir), CASE, "A4", "done", on=loaded.today(), note="by the CLI"
                )
        assert screen.case.action("A4").status == "done"  # type: ignore[union-attr]
        await pilot.pause(0.6)
        assert "word5" in (
            FileRepository(loaded.data_dir).load_meeting(CASE, "M2").item("placement").notes or ""
        )


async def test_a_follower_stays_on_its_item_while_the_meeting_names_none(loaded: Workspace) -> None:
    """Found from outside on the team store: while the chair was on an item an agency's copy leaves out (so its
    copy names no current item), the agency's follower jumped to item 1 on every save. A follower moves with
    the chair's item, and stays where it is while there is none to move to (here: a draft meeting)."""
    from meetingtui.core.meeting import contents
    from meetingtui.ui.screens.meeting import MeetingScreen

    app = make_app(loaded, start_screen=MeetingScreen(CASE, "M2", follow=True, item_key="placement"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.viewing == "placement"
        contents.save_notes(
            FileRepository(loaded.data_dir), CASE, "M2", "actions", "saved by the chair's app"
        )
        await until(pilot, lambda: screen.meeting.item("actions").notes == "saved by the chair's app")  # type: ignore[union-attr]
        assert screen.viewing == "placement"


async def test_an_action_updated_elsewhere_while_its_form_is_open_is_said_and_the_typing_kept(
    loaded: Workspace,
) -> None:
    """Found from outside: the case screen's update form saved "carried" over a "done" typed at the command
    line meanwhile, said "A4: carried." and nothing else, its history still reading "none"."""
    from meetingtui.core.meeting.actions import record_disposition
    from meetingtui.ui.screens.tracker import TrackerScreen

    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TrackerScreen))
        table = app.screen.query_one("#tracker", DataTable)
        table.focus()
        row = next(r for r in range(table.row_count) if str(table.get_row_at(r)[1]) == "A4")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        from tests.burst_keys import burst as keys

        await keys(app, pilot, "down", "down", "enter", "tab", "2w", "tab", "Waiting for the panel")
        assert app.screen.raw("status") == "carried"  # type: ignore[attr-defined]
        other = FileRepository(loaded.data_dir)  # another process: the command line
        record_disposition(other, CASE, "A4", "done", on=loaded.today(), note="Done at the panel")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        form = app.screen
        assert isinstance(form, FormDialog)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "A4: updated in another copy while you were deciding" in said and "Done at the panel" in said
        assert form.raw("note") == "Waiting for the panel" and form.raw("status") == "carried"
        assert "done (Done at the panel)" in " ".join(str(w.render()) for w in form.query(Static))
        assert loaded.repo.load_case(CASE).action("A4").status == "done"  # nothing saved over it
        await pilot.press("ctrl+s")  # it still stands: saved now, after the done
        await until(pilot, lambda: not isinstance(app.screen, FormDialog))
    a4 = FileRepository(loaded.data_dir).load_case(CASE).action("A4")
    assert [u.status for u in a4.updates][-2:] == ["done", "carried"] and a4.status == "carried"
