"""What a reader of the family's copy and of the young person's own copy notices (a reader test with a
16-year-old and a parent): a withheld part is said to be withheld, never "No notes recorded"; the young
person's version is written to them, lists what was decided and what people will do, greets them without
initials and ends with who to talk to rather than the agencies' handling text; nothing restricted and no peer
gets in."""

from __future__ import annotations

import re

import pytest

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.exports.minutes.readers import ITEM_WITHHELD_LINE, WITHHELD_LINE, withheld_actions
from meetingtui.core.exports.minutes.settle import Unsettled
from meetingtui.core.exports.minutes.words import long_date
from meetingtui.core.exports.minutes.young import first_name, to_you
from meetingtui.core.record.model import Case, Decision
from tests.disclosure_util import allow_all
from tests.docx_util import all_text, headings, reopen, save

S = Settings(user="Chair Person")


def _item_paragraphs(case: Case, meeting_id: str, heading_starts: str, reader: str = "family") -> list[str]:
    """The body paragraphs under one item's heading, up to the next item's heading."""
    doc = reopen(build_minutes(allow_all(case, meeting_id, reader, S), meeting_id, reader=reader, settings=S))
    out: list[str] = []
    inside = False
    for p in doc.paragraphs:
        if p.style is not None and p.style.name == "Heading 1":
            if inside:
                break
            inside = p.text.startswith(heading_starts)
            continue
        if inside and p.text.strip():
            out.append(p.text)
    assert inside or out, f"no item headed {heading_starts!r}"
    return out


# ------------------------------------------------------------------------------------------ the family's


def test_an_item_whose_notes_were_all_withheld_says_so_not_no_notes_recorded(demo: Case) -> None:
    case = demo.copy()
    item = case.meeting("M2").items[0]  # type: ignore[union-attr]
    item.restricted_notes, item.notes = item.notes, None  # what restricting its one paragraph does
    under = _item_paragraphs(case, "M2", "1. Review of actions")
    assert ITEM_WITHHELD_LINE in under
    assert "No notes recorded." not in under
    assert not any("Intelligence sharing" in p or "Contact plan" in p for p in under)
    # The item's words are the version's own words for withheld content, at the top and here.
    assert WITHHELD_LINE.removesuffix(" from this version.") in ITEM_WITHHELD_LINE.replace(
        " on this item", ""
    )


def test_an_item_with_some_notes_withheld_keeps_the_rest_and_says_part_is_withheld(demo: Case) -> None:
    case = demo.copy()
    item = case.meeting("M2").items[1]  # type: ignore[union-attr]
    item.restricted_notes = "Held back: a neighbour's account of the assault."
    under = _item_paragraphs(case, "M2", "2. The emergency move")
    assert under[0].startswith("Emergency move to Larch Lodge") and ITEM_WITHHELD_LINE in under
    assert not any("neighbour's account" in p for p in under)


def test_an_item_with_nothing_recorded_and_nothing_withheld_still_says_no_notes(demo: Case) -> None:
    under = _item_paragraphs(demo.copy(), "M2", "3. Agreed actions")
    assert "No notes recorded." in under and ITEM_WITHHELD_LINE not in under


def test_a_restricted_decision_marks_its_item_in_the_family_version(demo: Case) -> None:
    case = demo.copy()
    case.meeting("M1").items[2].decisions[0].restricted = True  # type: ignore[union-attr]
    under = _item_paragraphs(case, "M1", "3. What has been tried")
    assert ITEM_WITHHELD_LINE in under and not any("No further curfew" in p for p in under)


def test_the_full_version_never_says_an_item_was_withheld(demo: Case) -> None:
    case = demo.copy()
    item = case.meeting("M2").items[0]  # type: ignore[union-attr]
    item.restricted_notes, item.notes = item.notes, None
    assert ITEM_WITHHELD_LINE not in all_text(save(build_minutes(case, "M2", reader="full", settings=S)))


# ----------------------------------------------------------------------------------- the young person's


def _young(case: Case, meeting_id: str) -> tuple[str, list[str]]:
    """The young person's version as text, built with no disclosure decision recorded (the demo needs none),
    and its top-level headings."""
    doc = build_minutes(case, meeting_id, reader="young-person", settings=S)
    return all_text(save(doc)), headings(reopen(doc))


def test_it_lists_an_unrestricted_decision_and_not_a_restricted_one(demo: Case) -> None:
    case = demo.copy()
    m1 = case.meeting("M1")
    assert m1 is not None
    m1.items[2].decisions.append(Decision(text="Ask for a secure placement assessment.", restricted=True))
    m1.items[4].decisions.append(Decision(text="Keep the two friends apart."))  # under the restricted item
    text, heads = _young(case, "M1")
    assert "What was decided" in heads
    assert "No further curfew to be proposed. Why: The curfew coincided with more missing episodes" in text
    assert "secure placement assessment" not in text and "Keep the two friends apart" not in text


def test_a_meeting_with_no_decisions_says_so_under_its_heading(demo: Case) -> None:
    text, heads = _young(demo.copy(), "M2")
    assert "What was decided" in heads and "Nothing new was decided at this meeting." in text


def test_it_is_written_to_them_in_its_own_headings_and_in_the_record_s_words(demo: Case) -> None:
    text, heads = _young(demo.copy(), "M2")
    assert any(re.search(r"\byou\b", h, re.I) for h in heads), heads
    assert "What people will do, and by when" in heads
    # The action agreed here: who, with their role, by when, and "you" where the record says "J.".
    due = long_date(demo.action("A4").due)  # type: ignore[union-attr]
    assert f"Grace Obi (IRO), by {due}: Book the care review" in text
    assert "explain to you how to challenge its decisions" in text
    # Done since the last meeting (the withheld A2 and A3 are not).
    assert (
        "Done by Chris Dale, YOT (the youth offending team) officer: Refer you to the Eastfield motor" in text
    )
    assert "explain to J." not in text and "Refer J." not in text
    text1, _ = _young(demo.copy(), "M1")
    assert "Your wishes and feelings" in text1 and "J.'s wishes" not in text1


def test_it_greets_by_first_name_when_the_case_holds_one_never_by_initials(demo: Case) -> None:
    text, _ = _young(demo.copy(), "M2")
    when = long_date(demo.meeting("M2").date)  # type: ignore[union-attr]
    assert "Hello J.T." not in text
    assert f"Hello. On {when} the people who work with you met" in text
    case = demo.copy()
    case.name = "Jordan T."
    text, _ = _young(case, "M2")
    assert "Hello Jordan. On Wednesday" in text


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("J.T.", None),
        ("JT", None),
        ("J. T.", None),
        ("Jordan", "Jordan"),
        ("Jordan Taylor", "Jordan"),
        ("", None),
    ],
)
def test_first_name_is_only_a_name(demo: Case, name: str, first: str | None) -> None:
    case = demo.copy()
    case.name = name
    assert first_name(case) == first


def test_it_ends_with_who_to_talk_to_not_the_agencies_handling_text(demo: Case) -> None:
    text, heads = _young(demo.copy(), "M2")
    assert S.confidentiality not in text and "need-to-know" not in text
    assert "Not to be shared further without the agreement of the chair" not in text
    assert heads[-1] == "If something is wrong, or you disagree"
    assert "Talk to Nadia Fenwick, your social worker." in text
    assert "Or talk to Grace Obi, your IRO" in text  # the IRO as the record names them
    assert S.advocacy in text and S.challenge in text
    assert "the words OFFICIAL-SENSITIVE at the top and bottom of each page mean it is private" in text


def test_the_protective_marking_is_still_on_every_page(demo: Case) -> None:
    doc = reopen(build_minutes(demo.copy(), "M2", reader="young-person", settings=S))
    for s in doc.sections:
        assert s.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
        assert s.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize("meeting_id", ["M1", "M2"])
def test_no_peer_initials_or_withheld_action_without_any_decision(demo: Case, meeting_id: str) -> None:
    text, _ = _young(demo.copy(), meeting_id)
    for p in demo.peers:
        letters = re.findall(r"[A-Za-z]", p.label)
        assert not re.search(r"(?<![A-Za-z])" + r"\.?\s?".join(letters) + r"(?![A-Za-z])", text), p.label
    for a in withheld_actions(demo):
        assert a.text not in text and not re.search(rf"\b{a.id}\b", text)
    assert "Police intelligence" not in text and "managed contact" not in text.lower()


def test_a_passage_settled_as_written_covers_it_as_printed_to_you(demo: Case) -> None:
    case = demo.copy()
    a4 = case.action("A4")
    assert a4 is not None
    a4.text = "Explain to J. what the MACE panel is."
    with pytest.raises(Unsettled) as err:
        build_minutes(case, "M2", reader="young-person", settings=S)
    assert [h.where for h in err.value.hits] == ["action A4/text"]
    text = all_text(
        save(build_minutes(allow_all(case, "M2", "young-person", S), "M2", reader="young-person", settings=S))
    )
    assert (
        "Explain to you what the MACE (the meeting about children at risk of being exploited) panel is."
        in text
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Book the review and explain to J. how to challenge it.",
            "Book the review and explain to you how to challenge it.",
        ),
        ("J.'s wishes and feelings", "Your wishes and feelings"),
        ("We will tell J.", "We will tell you."),
        ("J. wants to stay near R.K.", "You want to stay near R.K."),
        ("Ask Dr J. Price to see JT.", "Ask Dr J. Price to see you."),
        ("Nadia to visit.", "Nadia to visit."),
    ],
)
def test_to_you(text: str, expected: str) -> None:
    assert to_you(text, "J.T.") == expected


def test_an_owners_role_is_spelt_out_too(demo: Case) -> None:
    """Found from outside: "Done by Chris Dale (YOT officer)" reached a 16-year-old unexplained; the owner's
    role now goes through the glossary like the rest of the text."""
    text, _ = _young(demo.copy(), "M1")
    line = next(x for x in text.splitlines() if x.startswith("Chris Dale, "))
    assert "YOT (the youth offending team) officer" in line


def test_the_demo_shows_what_was_said_to_the_young_person(demo: Case) -> None:
    """The demo shows the ``y:`` text the version is made from (it had none, so a new user saw only titles)."""
    text, _ = _young(demo.copy(), "M2")
    assert "You had to move to Larch Lodge in a hurry, and nobody asked you what you wanted first." in text
    assert "The Eastfield motor project has said yes to you." in text
