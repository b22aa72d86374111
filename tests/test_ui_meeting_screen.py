"""The meeting screen in front of the room (issue 14, issue 19): facts readable without scrolling sideways,
every panel editable, corrections, circulation, the clock and the shared screen's state, narrow terminals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from meetingtui.core import clock
from meetingtui.core.config.templates import load_templates, meeting_items
from meetingtui.core.meeting import actions, lifecycle
from meetingtui.core.record.model import Decision
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.corrections import CorrectionDialog
from meetingtui.ui.dialogs.form import FormDialog
from meetingtui.ui.screens.meeting import MeetingScreen
from meetingtui.ui.screens.room import RoomScreen
from tests.conftest import until

T0 = datetime(2026, 12, 10, 10, 0).astimezone()


@pytest.fixture
def live(loaded: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, str]:
    loaded.settings.user = "Martin Cole"
    template = load_templates(loaded).get("professionals-meeting")
    plan = lifecycle.MeetingPlan(
        title=template.title,
        on=date(2026, 12, 10),
        start="10:00",
        items=meeting_items(template),
        template_id=template.id,
    )
    mid = lifecycle.schedule_meeting(loaded.repo, "DEMO-1", plan, by="Martin Cole", now=T0).id
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0)
    monkeypatch.setattr(clock, "now", lambda: T0 + timedelta(minutes=35))
    return loaded, mid


def go(ws: Workspace, mid: str, kind: str) -> str:
    key = next(i.key for i in ws.repo.load_meeting("DEMO-1", mid).items if i.kind == kind)
    lifecycle.go_to_item(ws.repo, "DEMO-1", mid, key, now=T0 + timedelta(minutes=30))
    return key


def shown(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_interventions_show_outcome_and_whole_evidence_at_100_columns(live) -> None:
    ws, mid = live
    go(ws, mid, "interventions")
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one("#panel-table", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Outcome" in labels and "Evidence" in labels
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width + 1
        first = ws.repo.load_case("DEMO-1").interventions[0]
        card = shown(app.screen, "#panel-detail")
        assert first.evidence and " ".join(first.evidence.split()) in " ".join(card.split())
        assert first.outcome in card


async def test_the_placement_item_shows_the_review_clock_with_its_due_date_and_the_alerts(live) -> None:
    ws, mid = live
    go(ws, mid, "placement")
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        text = shown(app.screen, "#panel-text")
        assert "Care review after the emergency move" in text and "due 2026-" in text and "OVERDUE" in text
        assert "due by this meeting" in shown(app.screen, "#alerts-line")
        assert "Care review" in shown(app.screen, "#meeting-alerts")


async def test_the_wishes_panel_adds_and_edits_the_young_persons_words(live) -> None:
    ws, mid = live
    go(ws, mid, "wishes")
    before = len(ws.repo.load_case("DEMO-1").wishes)
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        app.screen.query_one("#panel-table", DataTable).focus()
        await pilot.press("n")
        await pilot.pause(0.2)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-text").load_text("I want to stay near my nan.")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        wishes = ws.repo.load_case("DEMO-1").wishes
        assert len(wishes) == before + 1
        assert any(w.text == "I want to stay near my nan." for w in wishes)
        # Enter on the newest row (first: newest first) edits it
        table = app.screen.query_one("#panel-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#f-text").load_text("I want to stay near my nan and my school.")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any(
                w.text == "I want to stay near my nan and my school."
                for w in ws.repo.load_case("DEMO-1").wishes
            ),
        )
        wishes = ws.repo.load_case("DEMO-1").wishes
        assert len(wishes) == before + 1
        assert any(w.text == "I want to stay near my nan and my school." for w in wishes)


async def test_a_decision_recorded_in_error_is_corrected_from_the_meeting_screen(live) -> None:
    from meetingtui.core.meeting import contents

    ws, mid = live
    key = go(ws, mid, "interventions")
    contents.add_decision(ws.repo, "DEMO-1", mid, key, Decision(text="Mentor weekly"))
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CorrectionDialog)
        await pilot.press("enter")
        await pilot.pause(0.2)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-text").load_text("Review the plan in January")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        item = ws.repo.load_meeting("DEMO-1", mid).item(key)
        assert item is not None and [d.text for d in item.decisions] == ["Review the plan in January"]
        assert "“Mentor weekly”" in (item.notes or "")
        # remove it: r, Delete, a reason
        await pilot.press("r")
        await pilot.pause(0.2)
        await pilot.press("delete")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"wrong item", "ctrl+s")
        await until(
            pilot,
            lambda: "removed: wrong item" in (ws.repo.load_meeting("DEMO-1", mid).item(key).notes or ""),  # type: ignore[union-attr]
        )
        item = ws.repo.load_meeting("DEMO-1", mid).item(key)
        assert item is not None and item.decisions == []
        assert "removed: wrong item" in (item.notes or "")


async def test_the_bar_clock_has_units_on_both_sides(live) -> None:
    ws, mid = live
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "meeting 35 min of 1 h 35 min" in shown(app.screen, "#meeting-bar"))
        assert "meeting 35 min of 1 h 35 min" in shown(app.screen, "#meeting-bar")


async def test_circulation_is_recorded_from_the_meeting_screen(live) -> None:
    ws, mid = live
    case = ws.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m is not None
    for a in actions.pending_dispositions(case, m):
        actions.record_disposition(ws.repo, "DEMO-1", a.id, "done", on=m.date, meeting_id=mid)
    lifecycle.end_meeting(ws.repo, "DEMO-1", mid, by="Martin Cole", now=T0 + timedelta(minutes=40))
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("m")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any(e.event == "actions circulated" for e in ws.repo.load_meeting("DEMO-1", mid).history),
        )
        events = [(e.event, e.by) for e in ws.repo.load_meeting("DEMO-1", mid).history]
        assert ("actions circulated", "Martin Cole") in events


async def test_the_shared_screen_says_approved_and_its_clock_has_stopped(live) -> None:
    ws, mid = live
    case = ws.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m is not None
    for a in actions.pending_dispositions(case, m):
        actions.record_disposition(ws.repo, "DEMO-1", a.id, "done", on=m.date, meeting_id=mid)
    lifecycle.end_meeting(ws.repo, "DEMO-1", mid, by="Martin Cole", now=T0 + timedelta(minutes=20))
    lifecycle.approve_minutes(ws.repo, "DEMO-1", mid, by="Martin Cole")
    app = make_app(ws, start_screen=RoomScreen("DEMO-1", mid, standalone=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        foot = shown(app.screen, "#room-foot")
        assert "approved" in foot and "It ran 20 min" in foot and "running" not in foot


async def test_the_summary_lists_actions_carried_at_this_meeting(live) -> None:
    from meetingtui.ui.dialogs.summary import summary_text

    ws, mid = live
    case = ws.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m is not None
    carried = actions.pending_dispositions(case, m)[0]
    actions.record_disposition(
        ws.repo,
        "DEMO-1",
        carried.id,
        "carried",
        on=m.date,
        due=date(2027, 1, 8),
        note="panel moved",
        meeting_id=mid,
    )
    case = ws.repo.load_case("DEMO-1")
    text = summary_text(case, case.meeting(mid)).plain  # type: ignore[arg-type]
    assert f"{carried.id} {carried.owner} by 2027-01-08" in text and "carried at this meeting" in text


async def test_at_80_columns_people_and_actions_are_one_key_away_and_the_footer_keeps_the_essentials(
    live,
) -> None:
    from textual.widgets._footer import FooterKey

    ws, mid = live
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(80, 24)) as pilot:

        def visible() -> set[str]:
            keys = [k for k in app.screen.query(FooterKey) if "-command-palette" not in k.classes]
            return {k.action for k in keys if 0 < k.region.right <= 80 - 12}  # left of the palette key

        # Textual's Footer composes empty and fills in once the screen's bindings are known: on a loaded machine
        # that is after any fixed pause, so wait for the footer itself.
        await until(pilot, visible)
        side = app.screen.query_one("#side-pane")
        assert not side.display or side.region.width == 0
        assert {"end", "close", "toggle_keys"} <= visible()
        await pilot.press("v")
        await pilot.pause(0.2)
        assert side.region.width > 20
        assert "Nadia Fenwick" in shown(app.screen, "#people")


async def test_the_palette_offers_end_the_meeting_first_for_end_even_in_a_table(live) -> None:
    from textual.fuzzy import Matcher

    ws, mid = live
    go(ws, mid, "interventions")
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        app.screen.query_one("#panel-table", DataTable).focus()
        await pilot.pause(0.1)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        best = max(titles, key=Matcher("end").match)
        assert best.startswith("End the meeting")
        assert titles[0] == "Next agenda item"  # this screen's commands before generic ones
        bindings = [ab.binding.id for ab in app.screen.active_bindings.values()]
        assert bindings[0] and bindings[0].startswith("meeting.")  # F1 lists them first too


async def test_a_fixed_error_disappears_and_toasts_do_not_pile_up(live) -> None:
    ws, mid = live
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        screen.capture_line("a: Refer him somewhere")  # no owner, no due date: refused
        await pilot.pause(0.1)
        assert any(n.severity == "error" for n in app._notifications)
        screen.capture_line("a: @Grace 14d Refer J. to the mentoring scheme")
        await pilot.pause(0.1)
        assert not any(n.severity == "error" for n in app._notifications)
        for n in range(8):
            app.say(f"message {n}")
        await pilot.pause(1.2)  # one tick of the clock
        assert len(list(app._notifications)) <= 3
        assert "message 7" in [n.message for n in app._notifications]


async def test_attendance_reason_and_times_are_readable_at_80_by_24(live) -> None:
    from meetingtui.core.meeting import people
    from meetingtui.ui.dialogs.attendance import AttendanceDialog

    ws, mid = live
    people.set_attendance(ws.repo, "DEMO-1", mid, "Grace Obi", "apologies", reason="at the MACE panel")
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+g")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AttendanceDialog)
        table = app.screen.query_one("#attendees", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert {"Reason", "Arrived", "Left"} <= set(labels)
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width
        row = [Text.assemble(c).plain if isinstance(c, Text) else str(c) for c in table.get_row("1")]
        assert "at the MACE panel" in row
        # Role and agency give way in the table; the highlighted person is shown in full below it.
        await pilot.press("down")
        await pilot.pause(0.1)
        detail = str(app.screen.query_one("#attendee-detail").render())
        grace = ws.repo.load_meeting("DEMO-1", mid).attendees[1]
        assert (
            grace.name in detail and (grace.role or "") in detail and "apologies: at the MACE panel" in detail
        )
        # ``i`` reaches the notes from here too.
        await pilot.press("i")
        await pilot.pause(0.2)
        assert isinstance(app.screen, MeetingScreen) and app.focused is app.screen.query_one("#notes")


async def test_an_action_agreed_in_error_is_removed_from_the_meeting_screen_and_undo_cannot_misfire(
    live,
) -> None:
    from meetingtui.core.meeting import contents

    ws, mid = live
    key = go(ws, mid, "interventions")
    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        app.screen.capture_line("a: @Grace 14d Book the car")
        await pilot.pause(0.1)
        (action,) = ws.repo.load_case("DEMO-1").actions_of(mid)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CorrectionDialog)
        await pilot.press("delete")
        await pilot.pause(0.2)
        await pilot.press(*"agreed twice", "ctrl+s")
        await pilot.pause(0.3)
        assert ws.repo.load_case("DEMO-1").actions_of(mid) == []
        notes = ws.repo.load_meeting("DEMO-1", mid).item(key).notes or ""  # type: ignore[union-attr]
        assert f"action {action.id}" in notes and "removed: agreed twice" in notes
        assert not app.screen.check_action("undo", ())  # nothing left for undo to take back by position
        assert contents.smart_hints("Book the car for the visit") == []


async def test_w_in_the_end_summary_writes_the_minutes_as_its_note_says(loaded) -> None:  # type: ignore[no-untyped-def]
    """Found from outside: the summary said "w writes the minutes; a approves them" and both keys did nothing."""
    from meetingtui.ui.app import make_app
    from meetingtui.ui.dialogs.summary import SummaryDialog
    from meetingtui.ui.minutes_job import ReaderChoice

    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        app.screen._show_summary()
        await pilot.pause(0.1)
        assert isinstance(app.screen, SummaryDialog)
        await pilot.press("w")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReaderChoice)


def test_ending_says_when_nobodys_attendance_is_recorded(demo) -> None:  # type: ignore[no-untyped-def]
    """Found from outside: a meeting ended with everyone still "invited"; who was there is part of the record."""
    from meetingtui.ui.screens.meeting_view import end_question

    m = demo.meeting("M2").copy()
    for a in m.attendees:
        a.attendance = "invited"
    assert end_question(m).startswith("Nobody's attendance is recorded")
    m.attendees[0].attendance = "present"
    assert f"Attendance not recorded for {len(m.attendees) - 1}:" in end_question(m)
    for a in m.attendees:
        a.attendance = "present"
    assert end_question(m) == "End the meeting? The minutes become a draft."


async def test_approved_minutes_review_table_shows_the_due_date_as_it_stood(loaded) -> None:  # type: ignore[no-untyped-def]
    """Found from outside: an approved meeting's review of earlier actions showed a due date set at a later
    meeting; the minutes (and so the screen) read as the record stood at the meeting."""
    from meetingtui.core.meeting.actions import record_disposition
    from meetingtui.ui.app import make_app

    with loaded.repo.transaction("DEMO-1") as tx:
        m2 = tx.meeting("M2")
        m2.status = "approved"
        tx.put_meeting(m2)
    later = date(2027, 1, 15)
    record_disposition(loaded.repo, "DEMO-1", "A3", "carried", on=date(2026, 12, 9), due=later, note="Again")
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one("#panel-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        a3 = next(r for r in rows if r[0] == "A3")
        assert "2026-11-16" in a3 and later.isoformat() not in a3, a3
