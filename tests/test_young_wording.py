"""The young person's version as a 16-year-old reads it (found by a tester reading the demo's): a pronoun for
them follows their name into "you" ("check you know your advocate's name", not "you ... his") and one for
someone else does not; a role spelt out from the glossary never puts brackets inside brackets; the chair's
role sits by their name; and "What people will do" lists only what was still owed as at the meeting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.exports.minutes.words import long_date
from meetingtui.core.exports.minutes.young import to_you
from meetingtui.core.record.model import Action, ActionUpdate, Case, Person
from tests.disclosure_util import allow_all
from tests.docx_util import reopen

S = Settings(user="Chair Person")


def _paragraphs(case: Case, meeting_id: str) -> list[tuple[str, str]]:
    """(style, text) of each non-empty body paragraph of the young person's version."""
    case = allow_all(case, meeting_id, "young-person", S)
    doc = reopen(build_minutes(case, meeting_id, reader="young-person", settings=S))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs if p.text.strip()]


def _under(paras: list[tuple[str, str]], heading: str) -> list[str]:
    """The paragraphs under a heading, up to the next heading of any level."""
    start = next(n for n, (_, text) in enumerate(paras) if text == heading)
    out: list[str] = []
    for style, text in paras[start + 1 :]:
        if style.startswith("Heading"):
            break
        out.append(text)
    return out


# ------------------------------------------------------------------------------------------- pronouns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The tester's sentence: the name became "you", the pronoun did not.
        ("Check J. knows his advocate's name.", "Check you know your advocate's name."),
        (
            "Ask J. whether he wants his mum at the review.",
            "Ask you whether you want your mum at the review.",
        ),
        ("J. says he doesn't want to move.", "You say you don't want to move."),
        ("J. said he's been happier at school.", "You said you've been happier at school."),
        ("J. wants to stay where she is.", "You want to stay where you are."),
        (
            "Explain to J. how he can challenge the decision and who his IRO is.",
            "Explain to you how you can challenge the decision and who your IRO is.",
        ),
        ("Ask J. about her new school.", "Ask you about your new school."),
        ("Tell J. we will call her back.", "Tell you we will call you back."),
        (
            "Make sure J. knows he can have an advocate, and that his views count.",
            "Make sure you know you can have an advocate, and that your views count.",
        ),
        (
            "Refer J. to the Eastfield motor project and tell him when he can start.",
            "Refer you to the Eastfield motor project and tell you when you can start.",
        ),
        ("J. and his carer agreed it.", "You and your carer agreed it."),
    ],
)
def test_a_pronoun_for_the_young_person_after_their_name_becomes_you(text: str, expected: str) -> None:
    assert to_you(text, "J.T.") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Never named in the sentence: the pronoun may be anyone's.
        ("Chris will call his manager.", "Chris will call his manager."),
        ("She will book the room and tell him.", "She will book the room and tell him."),
        # Named in an earlier sentence only.
        ("J. wants to stay. He likes the school.", "You want to stay. He likes the school."),
        # Before the name: not yet about them.
        ("Before he leaves, Chris will see J.", "Before he leaves, Chris will see you."),
        # Someone else named after them: what follows may be theirs.
        ("Tell J. that Chris will call him.", "Tell you that Chris will call him."),
        ("J.'s mum says he was out late.", "Your mum says he was out late."),
        ("J. wants to stay near R.K. and his family.", "You want to stay near R.K. and his family."),
        ("Ask J. whether the IRO has called him.", "Ask you whether the IRO has called him."),
        # "he" was them, so "him" after it is someone else (it would say "himself").
        ("Ask J. if he wants us to call him.", "Ask you if you want us to call him."),
        ("Nadia will tell J. she can call her any time.", "Nadia will tell you you can call her any time."),
        # "her" that could be either ("her mum" or "her" the person): left.
        ("Ask J. to tell her mum.", "Ask you to tell her mum."),
        # The other of he and she is someone else.
        ("J. says he told her about his move.", "You say you told her about your move."),
    ],
)
def test_a_pronoun_that_may_be_someone_elses_is_left(text: str, expected: str) -> None:
    assert to_you(text, "J.T.") == expected


def test_the_record_s_own_words_are_unchanged_where_it_never_names_them() -> None:
    for text in ("Nadia to visit.", "Chris will call his manager and tell her.", "His mum was there."):
        assert to_you(text, "J.T.") == text


def test_an_action_that_names_them_and_their_pronoun_reads_to_them(demo: Case) -> None:
    case = demo.copy()
    due = case.meeting("M2").date + timedelta(days=14)  # type: ignore[union-attr]
    case.actions.append(
        Action(
            id="A5",
            meeting_id="M2",
            item_key="actions",
            text="Check J. knows his advocate's name.",
            owner="Nadia Fenwick",
            agency="Children's Services",
            due=due,
        )
    )
    owed = _under(_paragraphs(case, "M2"), "What people will do, and by when")
    assert any(p.endswith(f", by {long_date(due)}: Check you know your advocate's name.") for p in owed), owed
    assert not any(re.search(r"\b(his|him|he)\b", p) for p in owed), owed


# ------------------------------------------------------------------------------------- people and roles


def _no_nested_brackets(paras: list[tuple[str, str]]) -> None:
    for _, text in paras:
        assert not re.search(r"\([^()]*\(", text), text


def test_a_role_spelt_out_from_the_glossary_never_nests_brackets(demo: Case) -> None:
    """Found from outside: "Chris Dale (YOT (the youth offending team) officer)"."""
    paras = _paragraphs(demo.copy(), "M1")
    _no_nested_brackets(paras)
    due = long_date(demo.action("A1").due)  # type: ignore[union-attr]
    owed = _under(paras, "What people will do, and by when")
    assert owed[0].startswith(f"Chris Dale, YOT (the youth offending team) officer, by {due}: Refer you")
    # Once spelt out, the role is short again and goes back in brackets.
    m2 = _paragraphs(demo.copy(), "M2")
    _no_nested_brackets(m2)
    assert any(t.startswith("Grace Obi (IRO), by") for _, t in m2)


def test_the_chair_s_role_sits_by_their_name(demo: Case) -> None:
    """Found from outside: "Martin Cole chaired the meeting (Team manager)."."""
    texts = [t for _, t in _paragraphs(demo.copy(), "M2")]
    assert "Martin Cole (team manager) chaired the meeting." in texts
    assert not any("chaired the meeting (" in t for t in texts)
    case = demo.copy()
    case.meeting("M2").chair = Person(name="Sam Reed", role="CAMHS lead")  # type: ignore[union-attr]
    texts = [t for _, t in _paragraphs(case, "M2")]
    assert (
        "Sam Reed, CAMHS (the children and young people's mental health service) lead, chaired the meeting."
        in texts
    )
    case.meeting("M2").chair = Person(name="Sam Reed")  # type: ignore[union-attr]
    assert "Sam Reed chaired the meeting." in [t for _, t in _paragraphs(case, "M2")]


# --------------------------------------------------------------------------------------------- actions


def _agreed_at_m2(case: Case, status: str | None, on_day: int) -> Action:
    """An action agreed at M2, with a disposition recorded ``on_day`` days after the meeting (0: at it)."""
    m2 = case.meeting("M2")
    assert m2 is not None
    a = Action(
        id="A6",
        meeting_id="M2",
        item_key="actions",
        text="Give J. the advocacy service's leaflet.",
        owner="Grace Obi",
        agency="Safeguarding Unit",
        due=m2.date + timedelta(days=7),
    )
    if status is not None:
        when = m2.date + timedelta(days=on_day)
        a.updates = [ActionUpdate(date=when, meeting_id="M2" if on_day == 0 else None, status=status)]
        a.status = status
    case.actions.append(a)
    return a


def test_an_action_already_done_at_the_meeting_is_not_listed_as_still_to_do(demo: Case) -> None:
    """Found from outside: an action agreed and done at the meeting was under "What people will do"."""
    case = demo.copy()
    _agreed_at_m2(case, "done", 0)
    paras = _paragraphs(case, "M2")
    owed = _under(paras, "What people will do, and by when")
    assert not any("advocacy service's leaflet" in p for p in owed), owed
    assert any(p.startswith("Grace Obi (IRO), by") and "Book the care review" in p for p in owed)
    done = _under(paras, "Since the last meeting")
    assert "Done by Grace Obi (IRO): Give you the advocacy service's leaflet." in done


def test_an_action_stopped_at_the_meeting_says_so(demo: Case) -> None:
    case = demo.copy()
    _agreed_at_m2(case, "dropped", 0)
    paras = _paragraphs(case, "M2")
    assert not any("leaflet" in p for p in _under(paras, "What people will do, and by when"))
    assert any(p.startswith("Stopped by Grace Obi") for p in _under(paras, "Since the last meeting"))


def test_an_action_done_after_the_meeting_was_still_owed_at_it(demo: Case) -> None:
    """The minutes read as at the meeting (``action_at``): done a week later, it was still to do then."""
    case = demo.copy()
    _agreed_at_m2(case, "done", 7)
    owed = _under(_paragraphs(case, "M2"), "What people will do, and by when")
    assert any("Give you the advocacy service's leaflet." in p for p in owed), owed


def test_an_earlier_action_marked_done_on_the_meeting_day_is_not_listed_as_still_to_do(demo: Case) -> None:
    """Marked done in the tracker that day (not as the meeting's disposition): done as at the meeting."""
    case = demo.copy()
    a1 = case.action("A1")
    assert a1 is not None
    a1.updates = [ActionUpdate(date=case.meeting("M2").date, status="done")]  # type: ignore[union-attr]
    paras = _paragraphs(case, "M2")
    assert not any("Eastfield" in p for p in _under(paras, "What people will do, and by when"))
    assert any(p.startswith("Done by Chris Dale") for p in _under(paras, "Since the last meeting"))
