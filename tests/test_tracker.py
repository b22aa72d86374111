"""The action tracker: filters, sort by the due date in force, overdue days and drift, across cases."""

from __future__ import annotations

from datetime import date

import pytest

from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.record.model import Action, ActionUpdate
from meetingtui.core.rules.tracker import ActionFilter, query_actions
from meetingtui.core.store.base import Repository
from meetingtui.core.workspace import Workspace
from tests import factory as f

TODAY = date(2026, 11, 26)


@pytest.fixture
def repo(ws: Workspace) -> Repository:
    m = [f.meeting("M1", date(2026, 9, 1))]
    ws.repo.create_case(
        f.case(
            id="C1",
            name="A.A.",
            meetings=m,
            actions=[
                f.action("A1", "M1", date(2026, 11, 20), agency="Police", owner="PC Zoë Hart"),
                f.action("A2", "M1", date(2026, 12, 1), agency="Children's Services", owner="Sam Okafor"),
                f.action(
                    "A10",
                    "M1",
                    date(2026, 10, 1),
                    status="carried",
                    agency="YOT",
                    owner="Leah Grant",
                    updates=[f.carried(date(2026, 10, 1), date(2026, 11, 27), "M1")],
                ),
                f.action("A3", "M1", date(2026, 10, 1), status="done", agency="Police", owner="Dan Hughes"),
                f.action(
                    "A4", "M1", date(2026, 10, 2), status="dropped", agency="Education", owner="Mo Ahmed"
                ),
            ],
        )
    )
    ws.repo.create_case(
        f.case(
            id="C2",
            name="B.B.",
            meetings=m,
            actions=[
                f.action("A1", "M1", date(2026, 11, 20), agency="POLICE (CSE team)", owner="Dan Hughes"),
                f.action(
                    "A2",
                    "M1",
                    date(2026, 9, 1),
                    status="carried",
                    updates=[f.carried(date(2026, 9, n), date(2026, 12, 24), "M1") for n in (1, 2, 3)],
                ),
            ],
        )
    )
    return ws.repo


def ids(rows) -> list[str]:
    return [f"{t.case_id}/{t.action.id}" for t in rows]


def test_all_sorted_by_due_date_in_force(repo: Repository) -> None:
    rows = query_actions(repo, ActionFilter(), TODAY)
    assert ids(rows) == ["C1/A3", "C1/A4", "C1/A1", "C2/A1", "C1/A10", "C1/A2", "C2/A2"]
    assert [t.current_due for t in rows][:2] == [date(2026, 10, 1), date(2026, 10, 2)]
    carried = next(t for t in rows if t.action_id == "A10")
    assert carried.current_due == date(2026, 11, 27) and not carried.overdue


def test_open_means_open_or_carried(repo: Repository) -> None:
    assert ids(query_actions(repo, ActionFilter(status="open"), TODAY)) == [
        "C1/A1",
        "C2/A1",
        "C1/A10",
        "C1/A2",
        "C2/A2",
    ]
    assert ids(query_actions(repo, ActionFilter(status="done"), TODAY)) == ["C1/A3"]
    assert ids(query_actions(repo, ActionFilter(status="dropped"), TODAY)) == ["C1/A4"]
    assert ids(query_actions(repo, ActionFilter(status="carried"), TODAY)) == ["C1/A10", "C2/A2"]
    assert len(query_actions(repo, ActionFilter(status="all"), TODAY)) == 7


def test_overdue_days_and_drift(repo: Repository) -> None:
    rows = query_actions(repo, ActionFilter(overdue=True), TODAY)
    assert [(x, t.days_overdue) for x, t in zip(ids(rows), rows, strict=True)] == [("C1/A1", 6), ("C2/A1", 6)]
    # A closed action is never overdue, whatever its date.
    assert all(not t.overdue for t in query_actions(repo, ActionFilter(status="done"), TODAY))
    drifting = [t for t in query_actions(repo, ActionFilter(), TODAY) if t.drift]
    assert ids(drifting) == ["C2/A2"]


def test_overdue_boundary(repo: Repository) -> None:
    flt = ActionFilter(case_id="C1", overdue=True)
    assert ids(query_actions(repo, flt, date(2026, 11, 20))) == []
    assert ids(query_actions(repo, flt, date(2026, 11, 21))) == ["C1/A1"]


def test_due_within_days(repo: Repository) -> None:
    # Due from today to today + 5: the carried A10 (27 Nov) and A2 (1 Dec); not the overdue ones.
    assert ids(query_actions(repo, ActionFilter(due_within_days=5), TODAY)) == ["C1/A10", "C1/A2"]
    assert ids(query_actions(repo, ActionFilter(due_within_days=0), date(2026, 11, 27))) == ["C1/A10"]
    both = query_actions(repo, ActionFilter(due_within_days=5, overdue=True), TODAY)
    assert ids(both) == ["C1/A1", "C2/A1", "C1/A10", "C1/A2"]


def test_agency_and_owner_ignore_case_and_accents(repo: Repository) -> None:
    assert ids(query_actions(repo, ActionFilter(agency="police"), TODAY)) == [
        "C1/A3",
        "C1/A1",
        "C2/A1",
        "C2/A2",
    ]
    assert ids(query_actions(repo, ActionFilter(agency="cse"), TODAY)) == ["C2/A1"]
    assert ids(query_actions(repo, ActionFilter(owner="ZOE"), TODAY)) == ["C1/A1"]
    assert ids(query_actions(repo, ActionFilter(owner="hughes", status="open"), TODAY)) == ["C2/A1"]
    # A typographic apostrophe (pasted from Word) matches a typed one.
    assert ids(query_actions(repo, ActionFilter(agency="children’s"), TODAY)) == ["C1/A2"]


def test_case_filter_and_unknown_case(repo: Repository) -> None:
    assert {t.case_id for t in query_actions(repo, ActionFilter(case_id="C2"), TODAY)} == {"C2"}
    assert query_actions(repo, ActionFilter(case_id="C2"), TODAY)[0].case_name == "B.B."
    with pytest.raises(NotFound):
        query_actions(repo, ActionFilter(case_id="NOPE"), TODAY)


def test_bad_filter_values_are_user_errors() -> None:
    with pytest.raises(UserError, match="status 'late' is not one of"):
        ActionFilter(status="late")
    with pytest.raises(UserError, match="must not be negative"):
        ActionFilter(due_within_days=-1)


def test_a_damaged_case_is_skipped_and_reported(repo: Repository) -> None:
    (repo.cases_dir / "BAD.json").write_bytes(b"\x00garbage")
    seen: list[str] = []
    rows = query_actions(repo, ActionFilter(), TODAY, on_damaged=lambda cid, exc: seen.append(cid))
    assert seen == ["BAD"] and len(rows) == 7
    with pytest.raises(UserError, match="damaged"):
        query_actions(repo, ActionFilter(case_id="BAD"), TODAY)


@pytest.mark.parametrize(
    "row",
    [
        {"id": "A1", "meeting_id": "M1", "text": "t", "owner": "o", "due": "2026-01-02", "status": "open"},
        {
            "id": "A2",
            "meeting_id": "M1",
            "item_key": "k",
            "text": "t",
            "owner": "o",
            "agency": "Police",
            "due": "2026-01-02",
            "status": "carried",
            "updates": [
                {
                    "date": "2026-01-02",
                    "meeting_id": "M2",
                    "status": "carried",
                    "due": "2026-02-01",
                    "note": "n",
                },
                {"date": "2026-01-03", "status": "open", "due": None},
            ],
        },
        {
            "id": "A3",
            "meeting_id": "M1",
            "text": "t",
            "owner": "o",
            "due": "2026-01-02",
            "status": "open",
            "updates": [],
        },
    ],
)
def test_stored_action_rows_decode_and_write_back_exactly(row: dict) -> None:
    action = Action.from_dict(row)
    assert action.to_dict() == row
    assert all(isinstance(u, ActionUpdate) for u in action.updates)


def test_tracked_action_builds_the_record_from_stored_data(repo: Repository) -> None:
    row = query_actions(repo, ActionFilter(case_id="C2"), TODAY)[-1]
    assert row.action == repo.load_case("C2").action("A2")
    assert row.action is row.action  # built once
