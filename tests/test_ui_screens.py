"""Pilot tests of the screens around the meeting: home, new case, case record, tracker, search, catalogue."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.catalogue import CatalogueDialog
from meetingtui.ui.dialogs.form import FormDialog
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.meeting import MeetingScreen
from meetingtui.ui.screens.search import SearchScreen
from meetingtui.ui.screens.tracker import TrackerScreen
from meetingtui.ui.widgets.record_panel import RecordTable
from tests.conftest import until

SIZE = (120, 40)


def cells(table: DataTable, col: int = 0) -> list[str]:
    return [str(table.get_row_at(r)[col]) for r in range(table.row_count)]


async def test_empty_data_offers_the_demo_and_alerts_show_on_home(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert "load the fictional demo case" in str(app.screen.query_one("#home-empty").render())
        await pilot.press("d")
        await pilot.pause(0.2)
        assert cells(app.screen.query_one("#cases", DataTable)) == ["DEMO-1"]
        alerts = " ".join(cells(app.screen.query_one("#alerts", DataTable), 2))
        assert "Care review after emergency move to Larch Lodge" in alerts
        assert "Police: A3" in alerts


async def test_new_case_from_the_keyboard(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await pilot.press("n")
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"bad id", "ctrl+s")  # a space is not allowed in an id
        await pilot.pause(0.1)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*("backspace",) * 6, *"C-1", "tab", *"K.L.", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert isinstance(app.screen, CaseScreen)
    assert ws.repo.load_case("C-1").name == "K.L."


async def test_case_record_rows_are_added_and_edited_from_the_keyboard(loaded: Workspace) -> None:
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, CaseScreen)
        app.screen.query_one("#case-tabs").active = "tab-record"
        await pilot.pause(0.1)
        app.screen.query_one("#rec-peers", RecordTable).focus()
        await pilot.press("n")
        await pilot.pause(0.1)
        await pilot.press(*"Kieran Smith", "ctrl+s")  # a name, not initials: refused
        await pilot.pause(0.1)
        form = app.screen  # the refusal is said in the form, which stays open with what was typed
        assert isinstance(form, FormDialog)
        assert "use initials" in str(form.query_one("#err-form").render())
        assert "Kieran Smith" in [i.value for i in form.query(Input)]
        await pilot.press("escape")
        await pilot.pause(0.1)
        await pilot.press("y")  # discard what was typed
        await pilot.pause(0.1)
        assert isinstance(app.screen, CaseScreen)
        app.screen.query_one("#rec-forums", RecordTable).focus()
        await pilot.press("n")
        await pilot.pause(0.1)
        await pilot.press(*"Channel", "ctrl+s")
        await pilot.pause(0.2)
        assert "NO LINK PERSON" in " ".join(cells(app.screen.query_one("#rec-forums", RecordTable), 4))
    case = loaded.repo.load_case("DEMO-1")
    assert [p.label for p in case.peers] == ["R.K.", "A.M."]
    assert case.forums[-1].name == "Channel" and case.forums[-1].id == "G5"


async def test_proposing_again_what_was_not_effective_needs_a_reason(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+o")
        await pilot.pause(0.1)
        await pilot.press(*"Extend the curfew", "ctrl+s")
        await pilot.pause(0.1)
        form = app.screen
        assert isinstance(form, FormDialog)
        message = str(form.query_one("#err-reason").render())
        assert "NOT EFFECTIVE" in message and "Seven breaches" in message
        await pilot.press("tab", *"Court condition", "ctrl+s")
        await pilot.pause(0.2)
    item = loaded.repo.load_meeting("DEMO-1", "M2").items[0]
    assert item.decisions[-1].text == "Extend the curfew" and item.decisions[-1].reason == "Court condition"


async def test_the_catalogue_marks_what_was_tried(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        app.screen.viewing = "alternatives"
        app.screen.reload()
        await pilot.press("c")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CatalogueDialog)
        await pilot.press(*"referral")
        await pilot.pause(0.1)
        table = app.screen.query_one("#cat", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert "Referral Order" in row[0] and "TRIED: not effective" in row[2]


async def test_tracker_filters_and_updates(loaded: Workspace) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("t")
        await pilot.pause(0.2)
        assert isinstance(app.screen, TrackerScreen)
        table = app.screen.query_one("#tracker", DataTable)
        assert cells(table, 1) == ["A3", "A4", "A2"]
        app.screen.query_one("#f-agency", Input).focus()
        await pilot.press(*"police", "enter")
        await pilot.pause(0.2)
        assert cells(table, 1) == ["A3"]
        await pilot.press("enter")  # open the update form for A3; Done is the default
        await pilot.pause(0.1)
        await pilot.press("tab", "tab", *"Shared at MACE", "ctrl+s")
        await pilot.pause(0.2)
        assert cells(table, 1) == []
    a3 = loaded.repo.load_case("DEMO-1").action("A3")
    assert a3.status == "done" and a3.updates[-1].note == "Shared at MACE"


async def test_search_hides_restricted_text_until_asked(loaded: Workspace) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("slash")
        await pilot.pause(0.1)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"intelligence", "enter")
        await pilot.pause(0.2)
        hits = app.screen.query_one("#hits", DataTable)
        shown = " ".join(cells(hits, 3))
        assert "Police intelligence on A.M." not in shown  # the restricted peers item
        assert hits.row_count >= 1  # the (unrestricted) action about sharing intelligence
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        assert "Police intelligence on A.M." in " ".join(cells(hits, 3))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen | CaseScreen))
        assert isinstance(app.screen, MeetingScreen | CaseScreen)


async def test_search_shows_the_peer_map_only_when_restricted_text_is_included(loaded: Workspace) -> None:
    """The search screen may be on a shared display: another child's initials are not shown until Ctrl+R."""
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("slash", *"R.K.", "enter")
        await pilot.pause(0.3)
        hits = app.screen.query_one("#hits", DataTable)
        assert not [f for f in cells(hits, 2) if f.startswith("peer ")]
        assert "peer map hidden" in str(app.screen.query_one("#search-state").render())
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        assert "peer F1 label" in cells(hits, 2)
        assert "[RESTRICTED]" in " ".join(cells(hits, 3))


async def test_minutes_from_the_case_screen_in_a_worker_with_a_notification(loaded: Workspace) -> None:
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("w")  # the highlighted meeting: the newest (M2, a draft)
        await pilot.pause(0.2)
        await pilot.press("down", "enter")  # the family version
        from meetingtui.ui.dialogs.disclosure import DisclosureDialog

        asked = []
        for _ in range(80):
            await pilot.pause(0.1)
            if isinstance(app.screen, DisclosureDialog):
                # The check shows each passage before the family's copy is written: restrict the first.
                asked.append(app.screen.hit.where)
                await pilot.press("r" if len(asked) == 1 else "a")
            if any("Minutes written" in str(n.message) for n in app._notifications):
                break
        assert asked and asked[0] == "review-actions/notes"
        m2 = loaded.repo.load_case("DEMO-1").meeting("M2")
        assert "Contact plan carried" in (m2.items[0].restricted_notes or "")
        assert {d.decision for d in m2.disclosure_decisions} == {"restrict", "allow"}
        written = [str(n.message) for n in app._notifications if "Minutes written" in str(n.message)]
        assert written and written[0].endswith("_M2_family_v1_draft.docx")
        # Again: the file exists, so the app asks before overwriting it.
        await pilot.press("w")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        from meetingtui.ui.dialogs.form import ConfirmDialog

        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
    files = list(loaded.exports_dir.iterdir())
    assert [f.name.endswith("_M2_family_v1_draft.docx") for f in files] == [True]
    assert (files[0].stat().st_mode & 0o777) == 0o600


async def test_home_redraws_when_another_program_changes_the_store(loaded: Workspace, monkeypatch) -> None:
    """Found from outside: home went on showing the old cases, counts and alerts after a CLI verb or another
    laptop changed them, until it was left and come back to."""
    from meetingtui.core.record.demo import demo_case
    from meetingtui.core.store.files.repository import FileRepository
    from meetingtui.ui.screens import home

    monkeypatch.setattr(home, "WATCH_SECONDS", 0.1)
    app = make_app(loaded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one("#cases")
        assert table.row_count == 1
        other = FileRepository(loaded.data_dir)  # another process's view of the same folder
        second = demo_case(loaded.today())
        second.id = "OTHER-2"
        other.create_case(second)
        for _ in range(50):
            await pilot.pause(0.05)
            if table.row_count == 2:
                break
        assert table.row_count == 2


async def test_the_first_frame_drawn_is_home_with_its_cases(loaded: Workspace) -> None:
    """Home is the app's first screen, drawn in the first frame Textual writes. Pushed over Textual's blank
    screen it was first drawn inside the start-up batch (a frame thrown away), and the one a user saw came
    about 100 ms later. A frame Textual writes: outside a batch update, with something to draw."""
    app = make_app(loaded)
    first: list[tuple[str, int]] = []
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None and not app._batch_count and not first:
            table = screen.query("#cases")
            first.append((type(screen).__name__, table.first().row_count if table else -1))
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert first == [("HomeScreen", 1)]
        assert len(app.screen_stack) == 1  # nothing under home: Escape and pop_screen cannot leave it blank
