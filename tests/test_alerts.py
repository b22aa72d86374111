"""Every alert rule at its boundary: the day before, the day of and the day after, over weekends and bank
holidays (25-28 Dec 2026, Easter 2027)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetingtui.core.config.settings import Settings
from meetingtui.core.record.model import Case, Wish
from meetingtui.core.rules.alerts import Alert, all_alerts, case_alerts
from meetingtui.core.rules.clock_alerts import when
from meetingtui.core.workspace import Workspace
from tests import factory as f

D = date


def alerts_of(c: Case, today: date, kind: str, settings: Settings | None = None) -> list[Alert]:
    return [a for a in case_alerts(c, settings or Settings(user="t"), today) if a.kind == kind]


def state(c: Case, today: date, kind: str, settings: Settings | None = None) -> tuple[str, int | None] | None:
    """(severity, days) of the one alert of a kind, or None when the rule is quiet."""
    found = alerts_of(c, today, kind, settings)
    assert len(found) <= 1, found
    return (found[0].severity, found[0].days) if found else None


def test_a_quiet_case_has_no_alerts() -> None:
    assert case_alerts(f.case(), Settings(user="t"), D(2026, 11, 26)) == []


# ------------------------------------------------------------------------------------------ overdue actions


def test_overdue_action_day_before_of_after() -> None:
    c = f.case(meetings=[f.meeting("M1", D(2026, 11, 1))], actions=[f.action("A1", "M1", D(2026, 12, 24))])
    assert state(c, D(2026, 12, 23), "actions-overdue") is None
    assert state(c, D(2026, 12, 24), "actions-overdue") is None
    assert state(c, D(2026, 12, 25), "actions-overdue") == ("overdue", -1)
    msg = alerts_of(c, D(2026, 12, 28), "actions-overdue")[0].message
    assert msg.startswith("Police: A1 due 2026-12-24: 4 days overdue")


def test_overdue_actions_are_grouped_by_agency_and_use_the_carried_date() -> None:
    c = f.case(
        meetings=[f.meeting("M1", D(2026, 9, 1))],
        actions=[
            f.action("A1", "M1", D(2026, 10, 1)),
            f.action("A2", "M1", D(2026, 10, 5)),
            f.action("A3", "M1", D(2026, 10, 2), agency="YOT"),
            # Carried to a later date: not overdue although its first date has passed.
            f.action(
                "A4",
                "M1",
                D(2026, 10, 1),
                status="carried",
                updates=[f.carried(D(2026, 10, 1), D(2026, 12, 1))],
            ),
            f.action("A5", "M1", D(2026, 10, 1), status="done"),
            f.action("A6", "M1", D(2026, 10, 9), agency="police "),
        ],
    )
    found = alerts_of(c, D(2026, 11, 26), "actions-overdue")
    assert [(a.agency, a.ref) for a in found] == [("Police", "A1,A2,A6"), ("YOT", "A3")]
    assert (
        found[0].message
        == "Police: 3 overdue actions (A1, A2, A6); oldest A1 due 2026-10-01: 56 days overdue"
    )
    assert found[0].days == -56


def test_drift_after_more_than_two_carries() -> None:
    ups = [f.carried(D(2026, 9, n), D(2026, 12, 20)) for n in (1, 2, 3)]
    c = f.case(
        meetings=[f.meeting("M1", D(2026, 8, 1))],
        actions=[
            f.action("A1", "M1", D(2026, 8, 20), status="carried", updates=ups[:2]),
            f.action("A2", "M1", D(2026, 8, 20), status="carried", updates=ups),
            f.action("A3", "M1", D(2026, 8, 20), status="done", updates=ups),
        ],
    )
    found = alerts_of(c, D(2026, 11, 26), "action-drift")
    assert [(a.ref, a.severity) for a in found] == [("A2", "info")]
    assert "carried 3 times" in found[0].message


# ------------------------------------------------------------------------------------------ emergency move


def test_iro_notification_one_working_day_over_a_weekend() -> None:
    c = f.case(placements=[f.placement(D(2026, 12, 18))])  # a Friday
    assert state(c, D(2026, 12, 19), "iro-notification") == ("due", 2)  # due Monday 21st
    assert state(c, D(2026, 12, 20), "iro-notification") == ("due", 1)
    assert state(c, D(2026, 12, 21), "iro-notification") == ("due", 0)
    assert state(c, D(2026, 12, 22), "iro-notification") == ("overdue", -1)


def test_iro_notification_over_christmas_bank_holidays() -> None:
    c = f.case(placements=[f.placement(D(2026, 12, 24))])  # 25 Fri and 28 Mon are bank holidays
    assert alerts_of(c, D(2026, 12, 24), "iro-notification")[0].due == D(2026, 12, 29)
    assert state(c, D(2026, 12, 28), "iro-notification") == ("due", 1)
    assert state(c, D(2026, 12, 29), "iro-notification") == ("due", 0)
    assert state(c, D(2026, 12, 30), "iro-notification") == ("overdue", -1)


def test_iro_notification_over_easter_2027() -> None:
    c = f.case(placements=[f.placement(D(2027, 3, 25))])  # Thursday before Good Friday
    assert alerts_of(c, D(2027, 3, 25), "iro-notification")[0].due == D(2027, 3, 30)
    assert state(c, D(2027, 3, 29), "iro-notification") == ("due", 1)  # Easter Monday: not yet late
    assert state(c, D(2027, 3, 31), "iro-notification") == ("overdue", -1)


def test_iro_notified_or_planned_move_is_quiet() -> None:
    assert (
        state(
            f.case(placements=[f.placement(D(2026, 12, 18), iro_notified=D(2026, 12, 18))]),
            D(2027, 1, 5),
            "iro-notification",
        )
        is None
    )
    assert (
        state(
            f.case(placements=[f.placement(D(2026, 12, 18), move="planned")]),
            D(2027, 1, 5),
            "iro-notification",
        )
        is None
    )


def test_care_review_clock_calendar_days() -> None:
    c = f.case(
        placements=[f.placement(D(2026, 10, 20), provider="Northgate Flats", iro_notified=D(2026, 10, 21))]
    )
    assert state(c, D(2026, 11, 8), "care-review") == ("due", 1)
    assert state(c, D(2026, 11, 9), "care-review") == ("due", 0)
    assert state(c, D(2026, 11, 10), "care-review") == ("overdue", -1)
    assert alerts_of(c, D(2026, 11, 26), "care-review")[0].message == (
        "Care review after emergency move to Northgate Flats due 2026-11-09: 17 days overdue"
    )
    assert "due today (2026-11-09)" in alerts_of(c, D(2026, 11, 9), "care-review")[0].message


def test_care_review_days_is_a_setting() -> None:
    c = f.case(placements=[f.placement(D(2026, 10, 20))])
    s = Settings(user="t", review_days_after_emergency=10)
    assert alerts_of(c, D(2026, 10, 20), "care-review", s)[0].due == D(2026, 10, 30)


def test_care_review_held_or_superseded_is_quiet() -> None:
    held = f.case(placements=[f.placement(D(2026, 10, 20), review_held=D(2026, 11, 2))])
    assert state(held, D(2026, 12, 1), "care-review") is None
    moved_on = f.case(
        placements=[
            f.placement(D(2026, 10, 20), end=D(2026, 11, 1)),
            f.placement(D(2026, 11, 1), move="planned", pid="P2"),
        ]
    )
    assert state(moved_on, D(2026, 12, 1), "care-review") is None


# ------------------------------------------------------------------------------------------ circulation


def _held(when_: date, **kw) -> Case:
    return f.case(
        meetings=[f.meeting("M1", when_, **kw)], actions=[f.action("A1", "M1", when_ + timedelta(days=60))]
    )


def test_actions_circulated_within_one_working_day_friday_meeting() -> None:
    c = _held(D(2026, 12, 18))  # Friday: due Monday
    assert state(c, D(2026, 12, 18), "actions-circulation") == ("due", 3)
    assert state(c, D(2026, 12, 20), "actions-circulation") == ("due", 1)
    assert state(c, D(2026, 12, 21), "actions-circulation") == ("due", 0)
    assert state(c, D(2026, 12, 22), "actions-circulation") == ("overdue", -1)


def test_actions_circulation_over_christmas_and_easter() -> None:
    c = _held(D(2026, 12, 24))
    assert state(c, D(2026, 12, 28), "actions-circulation") == ("due", 1)
    assert state(c, D(2026, 12, 29), "actions-circulation") == ("due", 0)
    assert state(c, D(2026, 12, 30), "actions-circulation") == ("overdue", -1)
    e = _held(D(2027, 3, 25))
    assert alerts_of(e, D(2027, 3, 25), "actions-circulation")[0].due == D(2027, 3, 30)


def test_actions_circulation_cleared_by_the_record_and_needs_actions() -> None:
    sent = _held(D(2026, 12, 18), history=[f.event("actions circulated", "2026-12-18T15:00:00+00:00")])
    assert state(sent, D(2027, 1, 10), "actions-circulation") is None
    with_minutes = _held(
        D(2026, 12, 18), history=[f.event("minutes circulated", "2026-12-30T15:00:00+00:00")]
    )
    assert state(with_minutes, D(2027, 1, 10), "actions-circulation") is None
    none_agreed = f.case(meetings=[f.meeting("M1", D(2026, 12, 18))])
    assert state(none_agreed, D(2027, 1, 10), "actions-circulation") is None
    not_held = _held(D(2026, 12, 18), status="scheduled")
    assert state(not_held, D(2027, 1, 10), "actions-circulation") is None


def test_draft_minutes_approved_within_ten_working_days() -> None:
    c = _held(D(2026, 12, 18))  # 10 working days, skipping 25 and 28 Dec and 1 Jan: Wed 6 Jan 2027
    assert state(c, D(2027, 1, 5), "minutes-approval") == ("due", 1)
    assert state(c, D(2027, 1, 6), "minutes-approval") == ("due", 0)
    assert state(c, D(2027, 1, 7), "minutes-approval") == ("overdue", -1)
    approved = _held(D(2026, 12, 18), status="approved")
    assert state(approved, D(2027, 1, 7), "minutes-approval") is None


def test_minutes_approval_days_is_a_setting() -> None:
    c = _held(D(2026, 11, 2))
    s = Settings(user="t", minutes_approval_working_days=5)
    assert alerts_of(c, D(2026, 11, 2), "minutes-approval", s)[0].due == D(2026, 11, 9)


def test_approved_minutes_must_be_circulated_after_approval() -> None:
    approved = [f.event("approved", "2026-12-01T10:00:00+00:00")]
    c = _held(D(2026, 11, 20), status="approved", history=approved)
    assert state(c, D(2026, 12, 2), "minutes-circulation") == ("due", None)
    draft_only = [*approved, f.event("minutes circulated", "2026-11-23T10:00:00+00:00")]
    c = _held(D(2026, 11, 20), status="approved", history=draft_only)
    assert state(c, D(2026, 12, 2), "minutes-circulation") == ("due", None)
    after = [*approved, f.event("minutes circulated", "2026-12-01T11:00:00+00:00")]
    c = _held(D(2026, 11, 20), status="approved", history=after)
    assert state(c, D(2026, 12, 2), "minutes-circulation") is None


# ------------------------------------------------------------------------------------------ review dates


def test_contact_plan_review_date_passed() -> None:
    c = f.case(peers=[f.peer(D(2026, 11, 16))])
    assert state(c, D(2026, 11, 15), "contact-plan-review") is None
    assert state(c, D(2026, 11, 16), "contact-plan-review") is None
    assert state(c, D(2026, 11, 17), "contact-plan-review") == ("overdue", -1)
    assert state(f.case(peers=[f.peer(None)]), D(2026, 11, 17), "contact-plan-review") is None


def test_forum_date_passed_on_a_weekend() -> None:
    c = f.case(forums=[f.forum(D(2026, 11, 28))])  # a Saturday
    assert state(c, D(2026, 11, 27), "forum-date") is None
    assert state(c, D(2026, 11, 28), "forum-date") is None
    assert state(c, D(2026, 11, 29), "forum-date") == ("overdue", -1)
    assert (
        "YOT risk panel: its date 2026-11-28 passed 1 day ago"
        in alerts_of(c, D(2026, 11, 29), "forum-date")[0].message
    )


# ------------------------------------------------------------------------------------------ wishes and rights


def test_wishes_age_judged_against_today_without_an_upcoming_meeting() -> None:
    c = f.case(wishes=[Wish(date=D(2026, 8, 28), text="x"), Wish(date=D(2026, 5, 1), text="older")])
    assert state(c, D(2026, 11, 25), "wishes") is None  # 89 days
    assert state(c, D(2026, 11, 26), "wishes") is None  # 90 days
    assert state(c, D(2026, 11, 27), "wishes") == ("overdue", -1)
    assert state(f.case(wishes=[]), D(2026, 11, 27), "wishes") == ("overdue", None)


def test_wishes_judged_against_the_upcoming_meeting() -> None:
    meeting = f.meeting("M3", D(2026, 12, 10), status="scheduled")

    def with_wish(d: date) -> Case:
        return f.case(wishes=[Wish(date=d, text="x")], meetings=[meeting])

    assert state(with_wish(D(2026, 9, 12)), D(2026, 11, 26), "wishes") is None  # 89 days before
    assert state(with_wish(D(2026, 9, 11)), D(2026, 11, 26), "wishes") is None  # 90 days before
    stale = alerts_of(with_wish(D(2026, 9, 10)), D(2026, 11, 26), "wishes")  # 91 days before
    assert [(a.severity, a.due, a.days, a.ref) for a in stale] == [("due", D(2026, 12, 10), 14, "M3")]
    assert "record them before it" in stale[0].message
    # A meeting already held is not upcoming: the rule falls back to today.
    held = f.case(wishes=[Wish(date=D(2026, 9, 10), text="x")], meetings=[f.meeting("M1", D(2026, 11, 20))])
    assert state(held, D(2026, 11, 26), "wishes") is None


def test_wishes_age_is_a_setting() -> None:
    c = f.case(wishes=[Wish(date=D(2026, 10, 1), text="x")])
    assert state(c, D(2026, 11, 26), "wishes", Settings(user="t", wishes_max_age_days=30)) == ("overdue", -26)


def test_challenge_rights_since_the_last_move() -> None:
    move = [f.placement(D(2026, 10, 20), iro_notified=D(2026, 10, 20), review_held=D(2026, 11, 1))]
    assert state(
        f.case(placements=move, challenge_rights_explained=D(2026, 10, 19)),
        D(2026, 11, 26),
        "challenge-rights",
    ) == ("due", None)
    assert (
        state(
            f.case(placements=move, challenge_rights_explained=D(2026, 10, 20)),
            D(2026, 11, 26),
            "challenge-rights",
        )
        is None
    )
    assert (
        state(
            f.case(placements=move, challenge_rights_explained=D(2026, 10, 21)),
            D(2026, 11, 26),
            "challenge-rights",
        )
        is None
    )
    assert state(
        f.case(placements=move, challenge_rights_explained=None), D(2026, 11, 26), "challenge-rights"
    ) == ("due", None)


def test_when_wording() -> None:
    assert when(D(2026, 11, 9), D(2026, 11, 26)) == "due 2026-11-09: 17 days overdue"
    assert when(D(2026, 11, 25), D(2026, 11, 26)) == "due 2026-11-25: 1 day overdue"
    assert when(D(2026, 11, 27), D(2026, 11, 26)) == "due 2026-11-27: 1 day left"


# ------------------------------------------------------------------------------------------ across cases


def test_sample_case_shows_overdue_care_review_and_police_action(ws: Workspace, sample_path) -> None:
    from meetingtui.core.record.casefile import import_case_file

    import_case_file(ws.repo, sample_path)
    found = all_alerts(ws.repo, ws.settings, D(2026, 11, 26))
    review = [a for a in found if a.kind == "care-review"]
    assert [(a.severity, a.days, a.due) for a in review] == [("overdue", -17, D(2026, 11, 9))]
    assert (
        review[0].message
        == "Care review after emergency move to Northgate Flats due 2026-11-09: 17 days overdue"
    )
    police = [a for a in found if a.kind == "actions-overdue" and a.agency == "Police"]
    assert [(a.ref, a.days) for a in police] == [("A3", -42)]


def test_demo_case_shows_overdue_care_review_and_police_action(loaded: Workspace) -> None:
    today = D(2026, 11, 26)  # the demo is shifted so its dates look current on this day
    found = all_alerts(loaded.repo, loaded.settings, today)
    review = [a for a in found if a.kind == "care-review"]
    assert len(review) == 1 and review[0].severity == "overdue" and review[0].days < 0
    assert "Care review after emergency move to Larch Lodge" in review[0].message
    police = [a for a in found if a.kind == "actions-overdue" and a.agency == "Police"]
    assert [a.ref for a in police] == ["A3"] and police[0].severity == "overdue"
    assert found[0].severity == "overdue"  # most urgent first


def test_summary_and_full_case_give_the_same_alerts(loaded: Workspace) -> None:
    today = D(2026, 11, 26)
    full = case_alerts(loaded.repo.load_case("DEMO-1"), loaded.settings, today)
    assert all_alerts(loaded.repo, loaded.settings, today) == full
    summary = case_alerts(loaded.repo.summary("DEMO-1"), loaded.settings, today)
    assert summary == full


def test_a_damaged_case_is_reported_and_the_others_still_alert(loaded: Workspace) -> None:
    bad = loaded.repo.cases_dir / "BROKEN.json"
    bad.write_bytes(b"{not json")
    found = all_alerts(loaded.repo, loaded.settings, D(2026, 11, 26))
    damaged = [a for a in found if a.kind == "damaged"]
    assert [(a.case_id, a.severity) for a in damaged] == [("BROKEN", "overdue")]
    assert "damaged" in damaged[0].message
    assert any(a.kind == "care-review" and a.case_id == "DEMO-1" for a in found)


@pytest.mark.parametrize("kind", ["care-review", "actions-overdue"])
def test_case_filter(loaded: Workspace, kind: str) -> None:
    found = all_alerts(loaded.repo, loaded.settings, D(2026, 11, 26), case_id="DEMO-1")
    assert {a.case_id for a in found} == {"DEMO-1"} and any(a.kind == kind for a in found)


def test_the_stored_summary_path_matches_the_full_case_rules(ws: Workspace) -> None:
    """all_alerts reads actions as stored rows; it must say exactly what case_alerts says on the full case."""
    late_carried = [f.carried(D(2026, 9, 2), D(2026, 10, 20))]
    drifting = [f.carried(D(2026, 9, n), D(2026, 12, 20)) for n in (1, 2, 3)]
    c = f.case(
        meetings=[f.meeting("M1", D(2026, 9, 1))],
        actions=[
            f.action("A1", "M1", D(2026, 10, 1)),
            f.action("A2", "M1", D(2026, 9, 10), status="carried", updates=late_carried),
            f.action("A3", "M1", D(2026, 9, 10), status="carried", updates=drifting, agency=None),
            f.action("A4", "M1", D(2026, 12, 30)),
            f.action("A5", "M1", D(2026, 9, 30), status="dropped"),
        ],
    )
    ws.repo.create_case(c)
    today = D(2026, 11, 26)
    got = all_alerts(ws.repo, ws.settings, today)
    assert got == case_alerts(ws.repo.load_case("T1"), ws.settings, today)
    assert {(a.kind, a.ref) for a in got if a.kind in ("actions-overdue", "action-drift")} == {
        ("actions-overdue", "A1,A2"),
        ("action-drift", "A3"),
    }


def test_home_overview_counts_what_the_full_case_rules_count(loaded: Workspace) -> None:
    """The home screen's line per case: next meeting, owed and overdue actions and alerts, as the full case
    gives them; a damaged file is listed with its reason instead."""
    from meetingtui.core.rules.alerts import overview
    from meetingtui.core.rules.due import next_meeting_date, open_and_overdue

    (loaded.repo.cases_dir / "BROKEN.json").write_bytes(b"{not json")
    today = D(2026, 11, 26)
    broken, demo = overview(loaded.repo, loaded.settings, today)
    assert broken.case_id == "BROKEN" and broken.damaged is not None and "damaged" in str(broken.damaged)
    full = loaded.repo.load_case("DEMO-1")
    assert demo.damaged is None and demo.name == full.name
    assert demo.next_meeting == next_meeting_date(full, today)
    assert (demo.owed, demo.overdue) == open_and_overdue(full, today) and demo.overdue > 0
    assert demo.alerts == case_alerts(full, loaded.settings, today)
