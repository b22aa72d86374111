"""Dispositions, the carry-forward into the next meeting, the gate before ending it, and "mark circulated"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetingtui.core.errors import Conflict, NotFound, UserError
from meetingtui.core.meeting.actions import (
    carried_forward,
    mark_circulated,
    pending_dispositions,
    record_disposition,
    require_dispositions,
)
from meetingtui.core.record.model import Meeting
from meetingtui.core.store.base import Repository
from meetingtui.core.workspace import Workspace
from tests import factory as f

M1, M2, M3 = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 5)


@pytest.fixture
def repo(ws: Workspace) -> Repository:
    """M1 agreed A1-A4; M2 (held) reviewed them and agreed A5; M3 is the next meeting, not yet held."""
    ws.repo.create_case(
        f.case(
            id="C1",
            meetings=[
                f.meeting("M1", M1, status="approved"),
                f.meeting("M2", M2),
                f.meeting("M3", M3, status="scheduled"),
            ],
            actions=[
                f.action("A1", "M1", date(2026, 9, 20), status="done", updates=[_u(M2, "done", "M2")]),
                f.action(
                    "A2",
                    "M1",
                    date(2026, 9, 15),
                    status="carried",
                    updates=[f.carried(M2, date(2026, 10, 30), "M2")],
                ),
                f.action("A3", "M1", date(2026, 9, 10)),
                f.action("A4", "M1", date(2026, 9, 12), status="dropped", updates=[_u(M2, "dropped", "M2")]),
                f.action("A5", "M2", date(2026, 10, 20)),
            ],
        )
    )
    return ws.repo


def _u(on: date, status: str, mid: str | None = None):
    from meetingtui.core.record.model import ActionUpdate

    return ActionUpdate(date=on, meeting_id=mid, status=status, note="noted")


def _ids(actions) -> list[str]:
    return [a.id for a in actions]


def _meeting(repo: Repository, mid: str) -> Meeting:
    return repo.load_case("C1").meeting(mid)  # type: ignore[return-value]


def _raw(repo: Repository) -> bytes:
    return repo.case_path("C1").read_bytes()


# ------------------------------------------------------------------------------------------- carry-forward


def test_carried_forward_lists_what_earlier_meetings_left_open(repo: Repository) -> None:
    case = repo.load_case("C1")
    # M3 reviews what is still owed from M1 and M2, by the due date in force: A5 (20 Oct), A2 (carried to 30 Oct).
    # A3 was never disposed at M2: it is still owed (due 10 Sep), so it comes first.
    assert _ids(carried_forward(case, case.meeting("M3"))) == ["A3", "A5", "A2"]
    # M2 reviews M1's four actions, including those it has already disposed of (they stay listed).
    assert _ids(carried_forward(case, case.meeting("M2"))) == ["A3", "A4", "A2", "A1"]
    assert _ids(pending_dispositions(case, case.meeting("M2"))) == ["A3"]
    assert carried_forward(case, case.meeting("M1")) == []


def test_order_does_not_move_while_the_chair_records(repo: Repository) -> None:
    before = _ids(carried_forward(repo.load_case("C1"), _meeting(repo, "M3")))
    record_disposition(
        repo, "C1", "A3", "carried", on=M3, due=date(2027, 1, 31), note="later", meeting_id="M3"
    )
    case = repo.load_case("C1")
    assert _ids(carried_forward(case, case.meeting("M3"))) == before


def test_gate_counts_and_clears(repo: Repository) -> None:
    case = repo.load_case("C1")
    with pytest.raises(
        Conflict, match=r"meeting M3: 3 earlier actions still need a disposition .*: A3, A5, A2"
    ):
        require_dispositions(case, case.meeting("M3"))
    record_disposition(repo, "C1", "A3", "done", on=M3, meeting_id="M3")
    record_disposition(repo, "C1", "A5", "dropped", on=M3, note="No longer needed", meeting_id="M3")
    case = repo.load_case("C1")
    with pytest.raises(Conflict, match="1 earlier action still needs a disposition"):
        require_dispositions(case, case.meeting("M3"))
    record_disposition(
        repo, "C1", "A2", "carried", on=M3, due=date(2026, 12, 1), note="Panel moved", meeting_id="M3"
    )
    case = repo.load_case("C1")
    require_dispositions(case, case.meeting("M3"))
    assert pending_dispositions(case, case.meeting("M3")) == []
    assert _ids(carried_forward(case, case.meeting("M3"))) == ["A3", "A5", "A2"]  # still listed


def test_closed_between_meetings_is_still_confirmed_at_the_next(repo: Repository) -> None:
    record_disposition(repo, "C1", "A5", "done", on=date(2026, 10, 25), note="Sent to panel")
    case = repo.load_case("C1")
    assert case.action("A5").status == "done"
    assert "A5" in _ids(pending_dispositions(case, case.meeting("M3")))


def test_reopened_at_a_later_meeting_is_carried_forward_again(repo: Repository) -> None:
    record_disposition(repo, "C1", "A1", "open", on=M3, note="Referral bounced", meeting_id="M3")
    case = repo.load_case("C1")
    assert "A1" in _ids(carried_forward(case, case.meeting("M3")))
    assert case.action("A1").status == "open"


# --------------------------------------------------------------------------------------------- dispositions


def test_carried_adds_an_update_with_date_due_and_reason(repo: Repository) -> None:
    a = record_disposition(
        repo, "C1", "A3", "carried", on=M3, due=date(2026, 12, 1), note="  Waiting  ", meeting_id="M3"
    )
    assert a.status == "carried" and a.current_due == date(2026, 12, 1)
    stored = repo.load_case("C1").action("A3")
    assert stored == a
    assert [(u.date, u.meeting_id, u.status, u.due, u.note) for u in stored.updates] == [
        (M3, "M3", "carried", date(2026, 12, 1), "Waiting")
    ]


def test_same_meeting_replaces_its_earlier_disposition(repo: Repository) -> None:
    record_disposition(
        repo, "C1", "A3", "carried", on=M3, due=date(2026, 12, 1), note="Waiting", meeting_id="M3"
    )
    a = record_disposition(repo, "C1", "A3", "done", on=M3, note="Actually done yesterday", meeting_id="M3")
    assert [(u.meeting_id, u.status) for u in a.updates] == [("M3", "done")]
    assert a.status == "done" and a.current_due == date(2026, 9, 10)
    assert repo.load_case("C1").action("A3") == a


def test_between_meetings_updates_stack(repo: Repository) -> None:
    record_disposition(repo, "C1", "A5", "carried", on=date(2026, 10, 21), due=date(2026, 11, 1), note="a")
    a = record_disposition(
        repo, "C1", "A5", "carried", on=date(2026, 10, 22), due=date(2026, 11, 2), note="b"
    )
    assert [u.due for u in a.updates] == [date(2026, 11, 1), date(2026, 11, 2)]
    assert a.times_carried == 2


@pytest.mark.parametrize(
    ("status", "kw", "message"),
    [
        ("carried", {"note": "x"}, "action A3: carrying it needs a new due date"),
        ("carried", {"due": date(2026, 12, 1)}, "action A3: carrying it needs a reason"),
        ("carried", {"due": date(2026, 12, 1), "note": "   "}, "action A3: carrying it needs a reason"),
        ("carried", {"due": M3, "note": "x"}, "must be after 2026-11-05"),
        ("carried", {"due": date(2026, 11, 1), "note": "x"}, "must be after 2026-11-05"),
        ("dropped", {}, "action A3: dropping it needs a reason"),
        ("done", {"due": date(2026, 12, 1)}, "a new due date only goes with 'carried'"),
        ("late", {}, "status 'late' is not one of"),
    ],
)
def test_bad_dispositions_are_refused_and_change_nothing(repo: Repository, status, kw, message) -> None:
    before = _raw(repo)
    with pytest.raises(UserError, match=message):
        record_disposition(repo, "C1", "A3", status, on=M3, meeting_id="M3", **kw)
    assert _raw(repo) == before


def test_other_refusals(repo: Repository) -> None:
    before = _raw(repo)
    with pytest.raises(NotFound, match="no action A99"):
        record_disposition(repo, "C1", "A99", "done", on=M3)
    with pytest.raises(NotFound, match="no meeting M9"):
        record_disposition(repo, "C1", "A3", "done", on=M3, meeting_id="M9")
    with pytest.raises(Conflict, match="meeting M1 is approved and final"):
        record_disposition(repo, "C1", "A3", "done", on=M3, meeting_id="M1")
    with pytest.raises(UserError, match="came before the meeting that agreed it"):
        record_disposition(repo, "C1", "A5", "done", on=M3, meeting_id="M1")
    with pytest.raises(UserError, match="before the meeting that agreed it"):
        record_disposition(repo, "C1", "A5", "done", on=date(2026, 9, 30))
    with pytest.raises(UserError, match=r"must be after the meeting \(2026-11-05\)"):
        record_disposition(repo, "C1", "A3", "carried", on=M2, due=M3, note="x", meeting_id="M3")
    with pytest.raises(UserError, match="action A1: already done"):
        record_disposition(repo, "C1", "A1", "done", on=M3)
    with pytest.raises(UserError, match="not a valid action id"):
        record_disposition(repo, "C1", "../x", "done", on=M3)
    with pytest.raises(UserError, match="cannot be stored"):
        record_disposition(repo, "C1", "A3", "done", on=M3, note="bad \ud800")
    assert _raw(repo) == before


# ------------------------------------------------------------------------------------------- circulated


def test_mark_circulated_records_the_event_and_clears_the_alert(repo: Repository, ws: Workspace) -> None:
    from meetingtui.core.rules.alerts import all_alerts

    def kinds() -> set[str]:
        return {a.kind for a in all_alerts(repo, ws.settings, date(2026, 10, 10)) if a.ref == "M2"}

    assert "actions-circulation" in kinds()
    m = mark_circulated(repo, "C1", "M2", "actions", by="Alex Byrne", at="2026-10-02T09:00:00+01:00")
    assert [(e.event, e.by, e.at) for e in m.history] == [
        ("actions circulated", "Alex Byrne", "2026-10-02T09:00:00+01:00")
    ]
    assert _meeting(repo, "M2").history == m.history
    assert "actions-circulation" not in kinds()
    m = mark_circulated(repo, "C1", "M2", "minutes", by="Alex Byrne")
    assert m.history[-1].event == "minutes circulated"


def test_mark_circulated_refusals(repo: Repository) -> None:
    before = _raw(repo)
    with pytest.raises(Conflict, match="M3 has not ended yet"):
        mark_circulated(repo, "C1", "M3", "actions", by="A")
    with pytest.raises(UserError, match="actions or minutes"):
        mark_circulated(repo, "C1", "M2", "agenda", by="A")
    with pytest.raises(UserError, match="a name is needed"):
        mark_circulated(repo, "C1", "M2", "actions", by="  ")
    with pytest.raises(UserError, match="cannot have been circulated on 2026-09-30"):
        mark_circulated(repo, "C1", "M2", "actions", by="A", at="2026-09-30T10:00:00+01:00")
    with pytest.raises(UserError, match="not a date and time"):
        mark_circulated(repo, "C1", "M2", "actions", by="A", at="yesterday")
    assert _raw(repo) == before


def test_a_status_decided_on_a_stale_view_is_refused_naming_what_changed(loaded: Workspace) -> None:
    """``seen``: the updates the person deciding saw. One added meanwhile (another copy, the command line), or
    this meeting's disposition changed meanwhile, makes the decision stale: refused, nothing stored, the other
    update named."""
    from meetingtui.core.meeting.actions import ChangedElsewhere

    repo, today = loaded.repo, loaded.today()
    seen = list(repo.load_case("DEMO-1").action("A4").updates)
    record_disposition(repo, "DEMO-1", "A4", "done", on=today, note="Done at the panel")
    with pytest.raises(ChangedElsewhere, match=r"A4: updated in another copy .*done \(Done at the panel\)"):
        record_disposition(
            repo, "DEMO-1", "A4", "carried", on=today, due=today + timedelta(days=14), note="x", seen=seen
        )
    a4 = repo.load_case("DEMO-1").action("A4")
    assert a4.status == "done" and len(a4.updates) == len(seen) + 1
    record_disposition(repo, "DEMO-1", "A4", "open", on=today, note="Reopened", seen=list(a4.updates))
    assert repo.load_case("DEMO-1").action("A4").status == "open"


def test_a_meetings_disposition_replaced_by_another_copy_meanwhile_is_not_lost(loaded: Workspace) -> None:
    """Found from outside: the chair's "done" in the meeting replaced, without a word, the "carried" another
    copy had just recorded for the same meeting (a disposition in a meeting replaces that meeting's earlier
    one, so the count of updates did not change)."""
    from meetingtui.core.meeting.actions import ChangedElsewhere

    repo, today = loaded.repo, loaded.today()
    mid = "M2"
    record_disposition(repo, "DEMO-1", "A3", "done", on=today, note="first", meeting_id=mid)
    seen = list(repo.load_case("DEMO-1").action("A3").updates)
    record_disposition(  # another copy, same meeting: replaces "first"
        repo,
        "DEMO-1",
        "A3",
        "carried",
        on=today,
        due=today + timedelta(days=14),
        note="CLI carried",
        meeting_id=mid,
    )
    with pytest.raises(ChangedElsewhere, match="CLI carried"):
        record_disposition(repo, "DEMO-1", "A3", "done", on=today, note="chair", meeting_id=mid, seen=seen)
    assert repo.load_case("DEMO-1").action("A3").update_in(mid).note == "CLI carried"  # kept, not replaced
