"""A meeting's life through the core API the TUI and CLI share."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting import contents, lifecycle, people
from meetingtui.core.record.model import Decision, Item, Person
from meetingtui.core.workspace import Workspace

T0 = datetime(2026, 12, 10, 10, 0).astimezone()


def _plan(**kw) -> lifecycle.MeetingPlan:
    items = [
        Item(key="welcome", title="Welcome", timebox_minutes=5, kind="attendance"),
        Item(
            key="voice",
            title="Wishes and feelings",
            timebox_minutes=10,
            kind="wishes",
            prompts=["What did J. say?"],
        ),
        Item(key="actions", title="Actions", timebox_minutes=10, kind="actions"),
    ]
    return lifecycle.MeetingPlan(
        title="Professionals meeting",
        on=date(2026, 12, 10),
        start="10:00",
        items=items,
        chair=Person(name="Martin Cole"),
        **kw,
    )


def _scheduled(ws: Workspace) -> str:
    return lifecycle.schedule_meeting(ws.repo, "DEMO-1", _plan(), by="tester", now=T0).id


def test_scheduling_copies_the_agenda_and_last_attendees_and_reviews_owed_actions_first(
    loaded: Workspace,
) -> None:
    m = lifecycle.schedule_meeting(loaded.repo, "DEMO-1", _plan(), by="tester", now=T0)
    assert m.id == "M-2026-12-10"
    assert m.status == "scheduled"
    assert [i.key for i in m.items] == ["previous-actions", "welcome", "voice", "actions"]
    last = loaded.repo.load_meeting("DEMO-1", "M2")
    assert [a.name for a in m.attendees] == [a.name for a in last.attendees]
    assert {a.attendance for a in m.attendees} == {"invited"}
    assert m.history[0].event == "scheduled"
    again = lifecycle.schedule_meeting(loaded.repo, "DEMO-1", _plan(), by="tester", now=T0)
    assert again.id == "M-2026-12-10-2"


def test_a_later_change_to_the_plan_items_does_not_change_the_stored_agenda(loaded: Workspace) -> None:
    plan = _plan()
    m = lifecycle.schedule_meeting(loaded.repo, "DEMO-1", plan, by="t", now=T0)
    plan.items[1].title = "Changed in the template"
    assert loaded.repo.load_meeting("DEMO-1", m.id).item("welcome").title == "Welcome"


def test_starting_and_moving_keeps_time_per_item(loaded: Workspace) -> None:
    mid = _scheduled(loaded)
    m = lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="chair", now=T0)
    assert m.status == "in progress" and m.current_item == "previous-actions"
    lifecycle.go_to_item(loaded.repo, "DEMO-1", mid, "welcome", now=T0 + timedelta(minutes=7))
    m = lifecycle.go_to_item(loaded.repo, "DEMO-1", mid, "voice", now=T0 + timedelta(minutes=9))
    assert m.item("previous-actions").spent_seconds == 7 * 60
    assert m.item("welcome").spent_seconds == 2 * 60
    m = lifecycle.go_to_item(loaded.repo, "DEMO-1", mid, "welcome", now=T0 + timedelta(minutes=10))
    assert lifecycle.item_seconds(m, m.item("welcome"), T0 + timedelta(minutes=11)) == 3 * 60
    assert lifecycle.meeting_seconds(m, T0 + timedelta(minutes=11)) == 11 * 60
    with pytest.raises(Conflict):
        lifecycle.start_meeting(loaded.repo, "DEMO-1", "M2", by="chair")


def test_notes_decisions_and_restricted(loaded: Workspace) -> None:
    mid = _scheduled(loaded)
    contents.save_notes(loaded.repo, "DEMO-1", mid, "voice", "J. wants to stay near his friends.")
    idx = contents.add_decision(
        loaded.repo, "DEMO-1", mid, "voice", Decision(text="Keep contact", reason="Protective")
    )
    contents.set_restricted(loaded.repo, "DEMO-1", mid, "voice", True)
    m = loaded.repo.load_meeting("DEMO-1", mid)
    item = m.item("voice")
    assert item.notes == "J. wants to stay near his friends." and item.restricted
    assert item.decisions[idx].reason == "Protective"
    with pytest.raises(UserError, match="needs its text"):
        contents.add_decision(loaded.repo, "DEMO-1", mid, "voice", Decision(text="  "))


def test_actions_must_have_an_owner_a_due_date_and_text(loaded: Workspace) -> None:
    mid = _scheduled(loaded)
    kw = dict(item_key="voice", agency=None)
    with pytest.raises(UserError, match="owner"):
        contents.add_action(loaded.repo, "DEMO-1", mid, text="Refer", owner=" ", due=date(2026, 12, 20), **kw)
    with pytest.raises(UserError, match="due date"):
        contents.add_action(loaded.repo, "DEMO-1", mid, text="Refer", owner="Chris", due=None, **kw)
    a = contents.add_action(
        loaded.repo,
        "DEMO-1",
        mid,
        text="Refer to motor project",
        owner="Chris Dale",
        due=date(2026, 12, 20),
        **kw,
    )
    assert a.id == "A5" and a.status == "open"
    assert contents.smart_hints("Motor project") and not contents.smart_hints("Refer J. to the motor project")


def test_attendance_late_arrival_and_early_leaver(loaded: Workspace) -> None:
    mid = _scheduled(loaded)
    before, after = people.set_attendance(loaded.repo, "DEMO-1", mid, "Grace", "apologies", reason="Leave")
    assert after.name == "Grace Obi" and after.reason == "Leave" and before.attendance == "invited"
    people.set_attendance(
        loaded.repo, "DEMO-1", mid, "Mo Ahmed", "present", agency="Education", arrived="10:20"
    )
    people.set_attendance(loaded.repo, "DEMO-1", mid, "Chris", "present", left="11:00")
    m = loaded.repo.load_meeting("DEMO-1", mid)
    mo = people.find_attendee(m.attendees, "Mo Ahmed")
    assert mo.arrived == "10:20" and mo.agency == "Education"
    assert people.find_attendee(m.attendees, "chris").left == "11:00"
    people.replace_attendee(loaded.repo, "DEMO-1", mid, "Mo Ahmed", None)
    assert people.find_attendee(loaded.repo.load_meeting("DEMO-1", mid).attendees, "Mo Ahmed") is None


def test_approval_locks_and_reopen_is_recorded_and_raises_the_version(loaded: Workspace) -> None:
    # M2 is a draft in the demo case.
    m = lifecycle.approve_minutes(loaded.repo, "DEMO-1", "M2", by="Martin Cole", now=T0)
    assert m.status == "approved" and m.approved_by == "Martin Cole" and m.minutes_version == 1
    with pytest.raises(Conflict, match="locked"):
        contents.save_notes(loaded.repo, "DEMO-1", "M2", "placement", "changed")
    with pytest.raises(UserError, match="reason"):
        lifecycle.reopen_minutes(loaded.repo, "DEMO-1", "M2", by="Martin Cole", reason=" ")
    lifecycle.reopen_minutes(
        loaded.repo, "DEMO-1", "M2", by="Martin Cole", reason="Correction from YOT", now=T0
    )
    contents.save_notes(loaded.repo, "DEMO-1", "M2", "placement", "corrected")
    m = lifecycle.approve_minutes(loaded.repo, "DEMO-1", "M2", by="Martin Cole", now=T0 + timedelta(hours=1))
    assert m.minutes_version == 2
    assert [e.event for e in m.history][-3:] == ["approved", "reopened", "approved"]
    assert m.events("reopened")[0].note == "Correction from YOT"
