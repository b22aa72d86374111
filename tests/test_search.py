"""Search: everywhere something was said, ignoring case and accents, and never showing restricted text unless
the caller is in a full view."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.core.errors import UserError
from meetingtui.core.record.model import Decision, Intervention, Item
from meetingtui.core.search.scan import search, search_case, snippet_at
from meetingtui.core.store.base import Repository
from meetingtui.core.text.textmatch import fold_text, fold_with_map
from meetingtui.core.workspace import Workspace
from tests import factory as f


@pytest.fixture
def repo(ws: Workspace) -> Repository:
    items = [
        Item(key="open", title="Education update", notes="Zoë from the virtual school: PEP moved to March."),
        Item(
            key="secret",
            title="Police intelligence",
            restricted=True,
            notes="Third-party report about the motor project manager.",
            decisions=[
                Decision(text="Share with MACE", reason="Exploitation risk", dissent="YOT: premature")
            ],
        ),
    ]
    ws.repo.create_case(
        f.case(
            id="C1",
            name="A.B.",
            notes="Likes the MOTOR project.",
            interventions=[
                Intervention(
                    id="I1", name="Motor project", category="local", outcome="ongoing", evidence="Attends"
                )
            ],
            peers=[f.peer(None)],
            meetings=[f.meeting("M1", date(2026, 10, 1), items=items, worries="Missing at night")],
            actions=[
                f.action("A1", "M1", date(2026, 11, 1), item_key="open", text="Ask Zoe about the PEP"),
                f.action("A2", "M1", date(2026, 11, 1), item_key="secret", text="Pass the report to MACE"),
            ],
        )
    )
    ws.repo.create_case(f.case(id="C2", name="C.D.", notes="Motor-project waiting list."))
    return ws.repo


def _where(hits) -> list[tuple[str, str, bool]]:
    return [(h.case_id, h.field, h.restricted) for h in hits]


def test_case_and_accent_insensitive_both_ways(repo: Repository) -> None:
    assert _where(search(repo, "ZOE")) == [("C1", "item notes", False), ("C1", "action A1 text", False)]
    assert _where(search(repo, "zoë")) == _where(search(repo, "ZOE"))
    hit = search(repo, "zoe")[0]
    assert hit.snippet[hit.start : hit.end] == "Zoë"
    assert (hit.meeting_id, hit.item_key, hit.item_title) == ("M1", "open", "Education update")


def test_restricted_items_decisions_and_actions_only_in_full_view(repo: Repository) -> None:
    assert search(repo, "MACE") == []
    assert search(repo, "premature") == []
    full = search(repo, "mace", include_restricted=True)
    assert _where(full) == [
        ("C1", "decision 1", True),
        ("C1", "action A2 text", True),
    ]
    assert _where(search(repo, "exploitation", include_restricted=True)) == [
        ("C1", "decision 1 reason", True)
    ]
    assert _where(search(repo, "premature", include_restricted=True)) == [("C1", "decision 1 dissent", True)]
    # The same words in an open part of the record are found either way.
    motor = search(repo, "motor project")
    assert _where(motor) == [("C1", "case notes", False), ("C1", "intervention I1 name", False)]
    assert ("C1", "item notes", True) in _where(search(repo, "motor project", include_restricted=True))


def test_case_record_and_meeting_fields(repo: Repository) -> None:
    assert _where(search(repo, "missing at")) == [("C1", "what we are worried about", False)]
    assert _where(search(repo, "attends")) == [("C1", "intervention I1 evidence", False)]


def test_the_peer_map_is_searched_only_in_full_view(repo: Repository) -> None:
    """Other children's initials and contact plans are third-party information: a search on a shared display
    must not show them, as it does not show restricted items."""
    assert search(repo, "k.b.") == []
    assert search(repo, "weekly") == []
    full = search(repo, "k.b.", include_restricted=True)
    assert _where(full) == [("C1", "peer F1 label", True)]
    assert full[0].ref == "F1"
    assert _where(search(repo, "weekly", include_restricted=True)) == [
        ("C1", "peer F1 contact plan arrangement", True)
    ]


def test_open_text_naming_a_peer_is_searched_only_in_full_view(repo: Repository) -> None:
    """Found from outside: the demo's open "what is working well" line names R.K., and a search with the peer
    map hidden showed it. Open text naming a peer, in any spacing of the initials, is held back the same way,
    as the disclosure check holds it back from the family version; text naming nobody is unaffected."""
    with repo.transaction("C1") as tx:
        m = tx.meeting("M1")
        m.working_well = "Out late with K B most nights, but goes to college"
        tx.put_meeting(m)
        a = tx.action("A1")
        a.text = "Ask k.b.'s youth worker about college"  # typed in lower case: still the initials
        tx.put_action(a)
    assert search(repo, "out late") == []
    assert _where(search(repo, "out late", include_restricted=True)) == [("C1", "what is working well", True)]
    assert search(repo, "youth worker") == []
    assert _where(search(repo, "youth worker", include_restricted=True)) == [("C1", "action A1 text", True)]
    assert repo.search("out late").total == 0  # the index agrees with the scan
    assert [h.restricted for h in repo.search("out late", include_restricted=True).hits] == [True]


def test_case_filter_and_empty_query(repo: Repository) -> None:
    assert {h.case_id for h in search(repo, "motor")} == {"C1", "C2"}
    assert {h.case_id for h in search(repo, "motor", case_id="C2")} == {"C2"}
    with pytest.raises(UserError, match="give some text"):
        search(repo, "   ")


def test_damaged_case_skipped(repo: Repository) -> None:
    (repo.cases_dir / "BAD.json").write_bytes(b"[]")
    seen: list[str] = []
    assert search(repo, "motor", on_damaged=lambda cid, exc: seen.append(cid))
    assert seen == ["BAD"]


def test_snippet_is_one_safe_line_around_the_match() -> None:
    text = "x" * 100 + " before\n\n\tthe \x1b[31mMATCH\x07 after " + "y" * 100
    start = text.index("MATCH")
    snippet, s, e = snippet_at(text, start, start + 5)
    assert snippet[s:e] == "MATCH"
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "\n" not in snippet and "\x1b" not in snippet and "\x07" not in snippet
    assert "before the [31mMATCH after" in snippet
    short, s, e = snippet_at("Motor", 0, 5)
    assert (short, s, e) == ("Motor", 0, 5)


def test_a_match_across_a_line_break(ws: Workspace) -> None:
    c = f.case(notes="Refer to the motor\nproject next week")
    assert [h.snippet for h in search_case(c, "MOTOR PROJECT")] == ["Refer to the motor project next week"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_fast_fold_equals_the_mapped_fold(text: str) -> None:
    assert fold_text(text) == fold_with_map(text)[0]
    folded, where = fold_with_map(text)
    assert len(where) == len(folded) and where == sorted(where)
