"""The meeting screen's smaller promises (issue 14): the clock cannot be misread, the shared screen follows the
meeting's state, and the screens' modules import each other without a circle."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from meetingtui.core.config.templates import load_templates, meeting_items
from meetingtui.core.exports.room import room_view
from meetingtui.core.meeting import actions, contents, lifecycle
from meetingtui.core.text.durations import elapsed_of_planned, hms
from meetingtui.core.workspace import Workspace

T0 = datetime(2026, 12, 10, 10, 0).astimezone()
SCREENS = Path(__file__).resolve().parent.parent / "meetingtui" / "ui" / "screens"


def schedule(ws: Workspace, on: date = date(2026, 12, 10), start: str | None = "10:00") -> str:
    template = load_templates(ws).get("professionals-meeting")
    plan = lifecycle.MeetingPlan(
        title=template.title, on=on, start=start, items=meeting_items(template), template_id=template.id
    )
    return lifecycle.schedule_meeting(ws.repo, "DEMO-1", plan, by="Martin Cole", now=T0).id


def dispose_all(ws: Workspace, mid: str) -> None:
    case = ws.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m is not None
    for a in actions.pending_dispositions(case, m):
        actions.record_disposition(ws.repo, "DEMO-1", a.id, "done", on=m.date, meeting_id=mid)


# ------------------------------------------------------------------------------------------------ clock


def test_the_meeting_clock_reads_the_same_way_on_both_sides() -> None:
    # 95 s of a 95 min meeting was shown as "01:35 / 1:35:00" and read as 1 h 35 of 1 h 35.
    assert elapsed_of_planned(95, 95 * 60) == "1 min of 1 h 35 min"
    assert elapsed_of_planned(35 * 60, 95 * 60) == "35 min of 1 h 35 min"
    assert elapsed_of_planned(2 * 3600, 2 * 3600) == "2 h of 2 h"
    assert hms(95) == "00:01:35" and hms(95 * 60) == "01:35:00"


# ------------------------------------------------------------------------------------------ import circle


def _imports(path: Path) -> set[str]:
    """Every meetingtui.ui.screens module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("meetingtui.ui.screens.")
        ):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {
                a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("meetingtui.ui.screens.")
            }
    return found


def test_the_screens_import_each_other_without_a_circle() -> None:
    graph = {p.stem: _imports(p) for p in SCREENS.glob("*.py")}
    assert {"meeting", "meeting_commands", "room"} <= set(graph)

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(graph.get(n, ()))
        return seen

    circles = sorted(name for name in graph if name in reach(name))
    assert circles == [], f"modules that import themselves round a circle: {circles}"


def test_screen_modules_stay_under_500_lines() -> None:
    long = {p.name: n for p in SCREENS.glob("*.py") if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}


# -------------------------------------------------------------------------------------------- shared screen


@pytest.mark.parametrize("state", ["draft", "approved", "reopened"])
def test_the_shared_screen_says_the_meeting_ended_and_its_clock_stops(loaded: Workspace, state: str) -> None:
    mid = schedule(loaded)
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0)
    dispose_all(loaded, mid)
    lifecycle.end_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0 + timedelta(minutes=80))
    if state in ("approved", "reopened"):
        lifecycle.approve_minutes(loaded.repo, "DEMO-1", mid, by="Martin Cole")
    if state == "reopened":
        lifecycle.reopen_minutes(loaded.repo, "DEMO-1", mid, by="Martin Cole", reason="typo in A5")
    case = loaded.repo.load_case("DEMO-1")
    m = case.meeting(mid)
    assert m is not None
    later = room_view(case, m, T0 + timedelta(hours=5))
    assert not later.running
    assert later.meeting_seconds == 80 * 60  # stopped at the end, not still counting
    expected = {"draft": "a draft", "approved": "approved", "reopened": "reopened"}[state]
    assert "ended" in later.state and expected in later.state


# ---------------------------------------------------------------------------------------------- corrections


def test_a_decision_recorded_in_error_is_corrected_or_removed_and_the_item_keeps_what_it_said(
    loaded: Workspace,
) -> None:
    from meetingtui.core.errors import Conflict, UserError
    from meetingtui.core.record.model import Decision

    mid = schedule(loaded)
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0)
    key = loaded.repo.load_meeting("DEMO-1", mid).items[1].key
    contents.add_decision(loaded.repo, "DEMO-1", mid, key, Decision(text="No curfew"))
    contents.add_decision(
        loaded.repo, "DEMO-1", mid, key, Decision(text="Refer to NRM", reason="exploitation")
    )
    contents.correct_decision(
        loaded.repo, "DEMO-1", mid, key, 0, Decision(text="No further curfew", reason="it failed"), by="MC"
    )
    with pytest.raises(UserError, match="reason"):
        contents.withdraw_decision(loaded.repo, "DEMO-1", mid, key, 1, by="MC", reason=" ")
    contents.withdraw_decision(
        loaded.repo, "DEMO-1", mid, key, 1, by="MC", reason="recorded under the wrong item"
    )
    item = loaded.repo.load_meeting("DEMO-1", mid).item(key)
    assert item is not None
    assert [d.text for d in item.decisions] == ["No further curfew"]
    assert item.decisions[0].reason == "it failed"
    notes = item.notes or ""
    assert "“No curfew”" in notes and "“No further curfew because it failed”" in notes
    assert "“Refer to NRM because exploitation” removed: recorded under the wrong item" in notes

    # A draft can still be corrected; approved minutes only after a recorded reopen.
    dispose_all(loaded, mid)
    lifecycle.end_meeting(loaded.repo, "DEMO-1", mid, by="MC", now=T0 + timedelta(minutes=60))
    contents.correct_decision(loaded.repo, "DEMO-1", mid, key, 0, Decision(text="No curfew at all"), by="MC")
    lifecycle.approve_minutes(loaded.repo, "DEMO-1", mid, by="MC")
    with pytest.raises(Conflict, match="reopen"):
        contents.correct_decision(loaded.repo, "DEMO-1", mid, key, 0, Decision(text="x"), by="MC")
    with pytest.raises(Conflict, match="reopen"):
        contents.withdraw_decision(loaded.repo, "DEMO-1", mid, key, 0, by="MC", reason="x")


def test_an_action_agreed_in_error_is_corrected_or_removed_and_its_item_keeps_what_it_said(
    loaded: Workspace,
) -> None:
    from meetingtui.core.errors import Conflict

    mid = schedule(loaded)
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0)
    key = loaded.repo.load_meeting("DEMO-1", mid).items[2].key
    due = date(2026, 12, 24)
    a = contents.add_action(
        loaded.repo, "DEMO-1", mid, item_key=key, text="Book the car", owner="Grace Obi", agency=None, due=due
    )
    b = contents.add_action(
        loaded.repo, "DEMO-1", mid, item_key=key, text="Ask J.", owner="Nadia Fenwick", agency=None, due=due
    )
    contents.correct_action(
        loaded.repo,
        "DEMO-1",
        a.id,
        text="Book the car for the visit to the new placement",
        owner="Grace Obi",
        agency="Safeguarding Unit",
        due=date(2026, 12, 18),
        by="MC",
    )
    contents.withdraw_action(loaded.repo, "DEMO-1", b.id, by="MC", reason="duplicate of A2")
    case = loaded.repo.load_case("DEMO-1")
    mine = case.actions_of(mid)
    assert [(x.id, x.text, x.agency, x.due) for x in mine] == [
        (a.id, "Book the car for the visit to the new placement", "Safeguarding Unit", date(2026, 12, 18))
    ]
    m = case.meeting(mid)
    assert m is not None
    notes = m.item(key).notes or ""  # type: ignore[union-attr]
    assert f"action {a.id} was Grace Obi by 2026-12-24: “Book the car”" in notes
    assert f"action {b.id} (Nadia Fenwick by 2026-12-24: “Ask J.”) removed: duplicate of A2" in notes

    dispose_all(loaded, mid)
    lifecycle.end_meeting(loaded.repo, "DEMO-1", mid, by="MC", now=T0 + timedelta(minutes=60))
    lifecycle.approve_minutes(loaded.repo, "DEMO-1", mid, by="MC")
    with pytest.raises(Conflict, match="reopen"):
        contents.withdraw_action(loaded.repo, "DEMO-1", a.id, by="MC", reason="x")
    lifecycle.reopen_minutes(loaded.repo, "DEMO-1", mid, by="MC", reason="owner wrong")
    contents.correct_action(
        loaded.repo, "DEMO-1", a.id, text="Book the car", owner="Nadia Fenwick", agency=None, due=due, by="MC"
    )
    assert loaded.repo.load_case("DEMO-1").action(a.id).owner == "Nadia Fenwick"  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------- scheduling, attendance


def test_a_second_meeting_the_same_day_is_offered_a_time_after_the_first_and_reviews_its_actions(
    loaded: Workspace,
) -> None:
    first = schedule(loaded, start=None)  # booked without a time; it runs 15:12–16:40
    ran = T0.replace(hour=15, minute=12)
    lifecycle.start_meeting(loaded.repo, "DEMO-1", first, by="MC", now=ran)
    key = loaded.repo.load_meeting("DEMO-1", first).items[1].key
    new = [
        contents.add_action(
            loaded.repo,
            "DEMO-1",
            first,
            item_key=key,
            text=f"Task {n}",
            owner="Grace Obi",
            agency=None,
            due=date(2026, 12, 20),
        ).id
        for n in range(4)
    ]
    dispose_all(loaded, first)
    lifecycle.end_meeting(loaded.repo, "DEMO-1", first, by="MC", now=ran.replace(hour=16, minute=40))
    case = loaded.repo.load_case("DEMO-1")
    assert lifecycle.default_start(case.meetings, date(2026, 12, 10)) == "16:45"
    assert lifecycle.default_start(case.meetings, date(2026, 12, 11)) == "10:00"

    second = schedule(loaded, start="10:00")  # the old default, typed anyway
    case = loaded.repo.load_case("DEMO-1")
    m = case.meeting(second)
    assert m is not None
    assert set(new) <= {a.id for a in actions.carried_forward(case, m)}
    # and its dispositions are accepted (not "came before the meeting that agreed it")
    actions.record_disposition(loaded.repo, "DEMO-1", new[0], "done", on=m.date, meeting_id=second)


def test_nobody_arrives_before_the_start_and_someone_added_during_the_meeting_arrived_then(
    loaded: Workspace,
) -> None:
    from meetingtui.core.errors import UserError
    from meetingtui.core.meeting import people

    mid = schedule(loaded)
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="MC", now=T0)
    with pytest.raises(UserError, match="before the meeting started"):
        people.set_attendance(loaded.repo, "DEMO-1", mid, "Grace Obi", "present", arrived="09:40")
    people.set_attendance(loaded.repo, "DEMO-1", mid, "Grace Obi", "present", arrived="10:05")
    later = T0 + timedelta(minutes=25)
    _, added = people.set_attendance(loaded.repo, "DEMO-1", mid, "Dr Ellen Price", "present", now=later)
    assert added.arrived == "10:25"
    stored = {a.name: a.arrived for a in loaded.repo.load_meeting("DEMO-1", mid).attendees}
    assert stored["Grace Obi"] == "10:05" and stored["Dr Ellen Price"] == "10:25"
