"""Editing the case record through the core (what the Record tab calls), and its trip through the case file."""

from __future__ import annotations

from datetime import date

import pytest

from meetingtui.core.errors import UserError
from meetingtui.core.record import edit
from meetingtui.core.record.casefile import parse_case
from meetingtui.core.record.model import Case, ContactPlan, Forum, Intervention, Peer, Person, Placement, Wish
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace


def test_rows_get_ids_are_checked_and_round_trip_through_the_case_file(loaded: Workspace) -> None:
    repo = loaded.repo
    p = edit.save_row(
        repo,
        "DEMO-1",
        "placements",
        Placement(
            id="",
            start=date(2026, 11, 20),
            kind="foster",
            move="emergency",
            wishes_considered=False,
            relationships_impact="Forty miles from school",
        ),
    )
    i = edit.save_row(
        repo,
        "DEMO-1",
        "interventions",
        Intervention(id="", name="Staying Close", category="national", outcome="not started"),
    )
    f = edit.save_row(
        repo,
        "DEMO-1",
        "peers",
        Peer(
            id="",
            label="T.W.",
            contact_plan=ContactPlan(arrangement="Supervised at the youth club", review_by=date(2027, 1, 10)),
        ),
    )
    g = edit.save_row(repo, "DEMO-1", "forums", Forum(id="", name="Channel", agency="Council"))
    edit.save_row(repo, "DEMO-1", "wishes", Wish(date=date(2026, 11, 25), text="I want to see my nan."))
    assert (p.id, i.id, f.id, g.id) == ("P3", "I4", "F3", "G5")
    exported = {"format": "meetingtui-case", "version": 3, "case": repo.export_dict("DEMO-1")}
    again = parse_case(exported, "round trip")
    assert again.peers[-1].contact_plan.review_by == date(2027, 1, 10)
    assert again.wishes[-1].text == "I want to see my nan."
    assert again.placements[-1].move == "emergency"


def test_the_next_placement_ends_the_one_still_open_and_an_earlier_one_ends_nothing(
    loaded: Workspace,
) -> None:
    """Found from outside: adding the next placement left the demo's Larch Lodge "now" too, two current."""
    repo = loaded.repo
    before = repo.load_case("DEMO-1")
    (open_,) = [p for p in before.placements if p.end is None]
    start = date(2026, 12, 8)

    def add(begins: date, ends: date | None = None, kind: str = "foster") -> Placement:
        row = Placement(id="", start=begins, end=ends, kind=kind, move="planned")
        return edit.save_row(repo, "DEMO-1", "placements", row)

    def ends() -> dict[str, date | None]:
        return {p.id: p.end for p in repo.load_case("DEMO-1").placements}

    new = add(start)
    after = repo.load_case("DEMO-1")
    assert ends()[open_.id] == start and after.current_placement().id == new.id
    assert [p.id for p in after.placements if p.end is None] == [new.id]
    old = add(date(2020, 1, 6), date(2020, 6, 1), "family")  # history filled in afterwards: nothing ends
    assert ends()[new.id] is None and ends()[old.id] == date(2020, 6, 1)
    brief = add(date(2027, 1, 4), date(2027, 1, 8), "other")  # a short break with its own end: nor does it
    assert ends()[new.id] is None and ends()[brief.id] == date(2027, 1, 8)


def test_edit_and_delete_rows(loaded: Workspace) -> None:
    repo = loaded.repo
    case = repo.load_case("DEMO-1")
    forum = case.forums[2]
    forum.link_person = "PC Owen Reid"
    edit.save_row(repo, "DEMO-1", "forums", forum)
    edit.save_row(repo, "DEMO-1", "wishes", Wish(date=date(2026, 8, 18), text="edited"), index=0)
    edit.delete_row(repo, "DEMO-1", "peers", "F2")
    case = repo.load_case("DEMO-1")
    assert case.forums[2].link_person == "PC Owen Reid" and len(case.forums) == 4
    assert case.wishes[0].text == "edited"
    assert [p.id for p in case.peers] == ["F1"]
    with pytest.raises(UserError, match="no peer F9"):
        edit.delete_row(repo, "DEMO-1", "peers", "F9")


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        ("peers", Peer(id="", label="Kieran Smith"), "use initials"),
        ("peers", Peer(id="", label="X." * 26), "longer than 50"),
        (
            "interventions",
            Intervention(id="", name="", category="local", outcome="ongoing"),
            "must not be empty",
        ),
        (
            "placements",
            Placement(id="", start=date(2026, 1, 1), kind="castle", move="planned"),
            "castle is not one of",
        ),
    ],
)
def test_bad_rows_are_refused_with_one_line_and_nothing_stored(loaded: Workspace, kind, row, message) -> None:
    before = loaded.repo.case_path("DEMO-1").read_bytes()
    with pytest.raises(UserError, match=message):
        edit.save_row(loaded.repo, "DEMO-1", kind, row)
    assert loaded.repo.case_path("DEMO-1").read_bytes() == before


def test_peer_names_are_allowed_only_by_setting(loaded: Workspace) -> None:
    edit.save_row(loaded.repo, "DEMO-1", "peers", Peer(id="", label="Kieran S"), peer_names=True)
    assert loaded.repo.load_case("DEMO-1").peers[-1].label == "Kieran S"


def test_case_details_and_new_cases(ws: Workspace) -> None:
    edit.new_case(ws.repo, Case(id="C-9", name="A.B."))
    edit.save_case_details(
        ws.repo,
        "C-9",
        lead_professional=Person(name="Sam Okafor", role="Social worker"),
        challenge_rights_explained=date(2026, 11, 1),
    )
    case = ws.repo.load_case("C-9")
    assert case.lead_professional.role == "Social worker"
    assert case.challenge_rights_explained == date(2026, 11, 1)
    with pytest.raises(UserError, match="needs a name"):
        edit.save_case_details(ws.repo, "C-9", name=" ")
    with pytest.raises(UserError, match="already exists"):
        edit.new_case(ws.repo, Case(id="C-9", name="Z.Z."))


def test_the_sample_flags_both_ineffective_interventions_when_proposed_again(sample_case: Case) -> None:
    from meetingtui.core.config.catalogue import not_effective_match

    assert not_effective_match(sample_case, "Another Referral Order").id == "I1"
    assert not_effective_match(sample_case, "Curfew with electronic monitoring again").id == "I4"
    assert (
        not_effective_match(sample_case, "Multisystemic Therapy") is None
    )  # declined, not judged ineffective


def test_clearing_case_details_sticks(loaded: Workspace) -> None:
    edit.save_case_details(
        loaded.repo, "DEMO-1", notes=None, legal_status=None, date_of_birth=None, lead_professional=None
    )
    case = FileRepository(loaded.repo.root).load_case("DEMO-1")
    assert (case.notes, case.legal_status, case.date_of_birth, case.lead_professional) == (
        None,
        None,
        None,
        None,
    )


def test_form_values_become_rows_new_or_edited(loaded: Workspace) -> None:
    from meetingtui.ui.dialogs import record_forms as rf

    p = rf.placement_from(
        {
            "start": date(2026, 11, 1),
            "end": None,
            "kind": "foster",
            "provider": "Ash family",
            "move": "planned",
            "iro_notified": None,
            "review_held": None,
            "wishes_considered": True,
            "relationships_impact": None,
        },
        None,
    )
    w = rf.wish_from(
        {"date": date(2026, 11, 2), "recorded_by": "N.F.", "how": None, "text": "Stay near K."}, None
    )
    i = rf.intervention_from(
        {
            "name": "Motor project",
            "category": "local",
            "agency": None,
            "provider": None,
            "started": None,
            "ended": None,
            "outcome": "ongoing",
            "evidence": None,
        },
        None,
    )
    for kind, row in (("placements", p), ("wishes", w), ("interventions", i)):
        edit.save_row(loaded.repo, "DEMO-1", kind, row)
    old = loaded.repo.load_case("DEMO-1").forums[0]
    edited = rf.forum_from(
        {
            "name": old.name,
            "chair": "New chair",
            "agency": old.agency,
            "next_date": None,
            "link_person": old.link_person,
            "notes": None,
        },
        old,
    )
    assert edited.id == old.id and edited.chair == "New chair" and old.chair != "New chair"
    case = loaded.repo.load_case("DEMO-1")
    assert case.placements[-1].provider == "Ash family" and case.wishes[-1].text == "Stay near K."
    assert case.interventions[-1].outcome == "ongoing"
