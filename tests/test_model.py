"""The typed model against the exchange schema: exact round trips, and vocabularies that match the schema."""

from __future__ import annotations

from meetingtui.core.record import model
from meetingtui.core.record.model import Action, ActionUpdate, Case, Intervention
from meetingtui.core.record.schema import case_schema
from tests.conftest import ROOT, SHARED


def test_sample_round_trips_exactly_through_the_model(sample_doc: dict) -> None:
    case = Case.from_dict(sample_doc["case"])
    assert case.to_dict() == sample_doc["case"]


def test_demo_round_trips_exactly(demo: Case) -> None:
    assert Case.from_dict(demo.to_dict()).to_dict() == demo.to_dict()


def test_explicit_null_and_absent_keys_are_both_kept() -> None:
    a = Intervention.from_dict(
        {"id": "I1", "name": "x", "category": "local", "outcome": "ongoing", "ended": None}
    )
    assert a.to_dict() == {"id": "I1", "name": "x", "category": "local", "outcome": "ongoing", "ended": None}
    b = Intervention.from_dict({"id": "I1", "name": "x", "category": "local", "outcome": "ongoing"})
    assert "ended" not in b.to_dict()


def test_vocabularies_match_the_schema() -> None:
    defs = case_schema()["$defs"]
    assert list(model.PLACEMENT_KINDS) == defs["placement"]["properties"]["kind"]["enum"]
    assert list(model.MOVES) == defs["placement"]["properties"]["move"]["enum"]
    assert list(model.OUTCOMES) == defs["intervention"]["properties"]["outcome"]["enum"]
    assert list(model.RELIABILITY) == defs["peer"]["properties"]["reliability"]["enum"]
    assert list(model.MEETING_STATUSES) == defs["meeting"]["properties"]["status"]["enum"]
    assert list(model.ATTENDANCE) == defs["attendee"]["properties"]["attendance"]["enum"]
    assert list(model.ACTION_STATUSES) == defs["action"]["properties"]["status"]["enum"]
    assert list(model.EVENTS) == defs["event"]["properties"]["event"]["enum"]
    assert list(model.ITEM_KINDS) == defs["item"]["properties"]["kind"]["enum"]


def test_shipped_schema_is_the_shared_one() -> None:
    shared = SHARED / "case-file.schema.json"
    if not shared.exists():
        import pytest

        pytest.skip("../shared is not present")
    shipped = ROOT / "meetingtui" / "core" / "data" / "case-file.schema.json"
    assert shipped.read_bytes() == shared.read_bytes()


def test_carried_due_date_is_the_newest_carried_date() -> None:
    from datetime import date

    a = Action(id="A1", meeting_id="M1", text="Do it", owner="X", due=date(2026, 1, 1))
    a.updates.append(ActionUpdate(date=date(2026, 1, 2), status="carried", due=date(2026, 2, 1)))
    a.updates.append(ActionUpdate(date=date(2026, 2, 2), status="carried", due=date(2026, 3, 1)))
    assert a.current_due == date(2026, 3, 1)
    assert a.times_carried == 2


def test_decoding_refuses_what_is_not_a_record() -> None:
    import pytest

    with pytest.raises(TypeError, match="Intervention expects an object, got list"):
        Intervention.from_dict([])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Intervention: unknown field 'colour'"):
        Intervention.from_dict(
            {"id": "I1", "name": "x", "category": "local", "outcome": "ongoing", "colour": 1}
        )
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'outcome'"):
        Intervention.from_dict({"id": "I1", "name": "x", "category": "local"})


def test_defaults_are_fresh_and_app_state_stays_out_of_exchange() -> None:
    from meetingtui.core.record.model import Item, Meeting

    m = Meeting.from_dict(
        {
            "id": "M1",
            "title": "t",
            "date": "2026-01-01",
            "current_item": "k1",
            "items": [{"key": "k1", "title": "x"}],
        }
    )
    other = Meeting.from_dict({"id": "M2", "title": "t", "date": "2026-01-01"})
    assert m.status == "scheduled" and other.attendees == [] and other.attendees is not m.attendees
    assert "current_item" not in m.to_dict() and m.to_dict(internal=True)["current_item"] == "k1"
    assert isinstance(m.items[0], Item) and m.items[0].decisions == []
    assert "decisions" not in m.to_dict()["items"][0]
