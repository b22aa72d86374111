"""The one-line capture: what the minute-taker types becomes actions, decisions, attendance, notes."""

from __future__ import annotations

from datetime import date

import pytest

from meetingtui.core.errors import UserError
from meetingtui.core.meeting.capture import (
    ActionCapture,
    AttendanceCapture,
    DecisionCapture,
    NoteCapture,
    UndoCapture,
    apply_capture,
    parse_capture,
    undo_applied,
)
from meetingtui.core.record.model import Attendee
from meetingtui.core.workspace import Workspace

TODAY = date(2026, 11, 26)  # a Thursday
PEOPLE = [
    Attendee(name="Leah Grant", agency="YOT", attendance="present"),
    Attendee(name="Mo Ahmed", agency="Education", attendance="invited"),
    Attendee(name="Dan Hughes", agency="Police", attendance="present"),
]


def p(line: str, now: str | None = "10:30"):
    return parse_capture(line, PEOPLE, TODAY, now)


def test_action_with_owner_and_relative_due_date() -> None:
    c = p("a: @Leah 14d Refer to motor project")
    assert c == ActionCapture(
        text="Refer to motor project", owner="Leah Grant", agency="YOT", due=date(2026, 12, 10), hints=[]
    )


@pytest.mark.parametrize(
    ("line", "owner", "due"),
    [
        ('a: 2w @"Mo Ahmed" Share the school report', "Mo Ahmed", date(2026, 12, 10)),
        ("a: @Mo_Ahmed fri Share the school report", "Mo Ahmed", date(2026, 11, 27)),
        ("action: @dan 2026-12-01 Share intelligence with MACE", "Dan Hughes", date(2026, 12, 1)),
        ("a: @Priya Book the care review by 4/12", "Priya", date(2026, 12, 4)),
    ],
)
def test_action_forms(line: str, owner: str, due: date) -> None:
    c = p(line)
    assert isinstance(c, ActionCapture) and c.owner == owner and c.due == due


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a: Refer to motor project", "no owner"),
        ("a: @Leah Refer to motor project", "no due date"),
        ("a: @Leah 14d", "not what will be done"),
        ("a: @Leah 2026-01-01 Refer", "in the past"),
        ("zz: hello", "is not a capture"),
        ("d: because nothing", "no decision text"),
    ],
)
def test_vague_or_wrong_captures_are_refused_with_a_reason(line: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        p(line)


def test_non_verb_action_gets_a_smart_hint() -> None:
    c = p("a: @Leah 14d Motor project")
    assert c.hints and "Start with what will be done" in c.hints[0]


def test_decision_with_reason_and_dissent() -> None:
    c = p("d: No further curfew because it increased missing episodes dissent: PC Hughes would keep it")
    assert isinstance(c, DecisionCapture)
    assert c.decision.text == "No further curfew"
    assert c.decision.reason == "it increased missing episodes"
    assert c.decision.dissent == "PC Hughes would keep it"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("d: No further curfew because of exploitation concern", "exploitation concern"),
        ("d: No further curfew due to exploitation concern", "exploitation concern"),
        ("d: No further curfew Because Of the exploitation concern", "the exploitation concern"),
    ],
)
def test_because_of_and_due_to_belong_to_the_reason(line: str, reason: str) -> None:
    """Issue 19: "because of" stored the reason as "of exploitation concern"."""
    c = p(line)
    assert isinstance(c, DecisionCapture)
    assert (c.decision.text, c.decision.reason) == ("No further curfew", reason)


def test_attendance_captures() -> None:
    assert p("present+ Mo Ahmed") == AttendanceCapture(name="Mo Ahmed", attendance="present", arrived="10:30")
    assert p("present+ Jo Bloggs, Advocate, Voices") == AttendanceCapture(
        name="Jo Bloggs", attendance="present", role="Advocate", agency="Voices", arrived="10:30"
    )
    assert p("apologies: Priya Shah - annual leave").reason == "annual leave"
    assert p("late: Leah 10:20").arrived == "10:20"
    assert p("left: Dan").left == "10:30"
    assert p("present+ Mo Ahmed", now=None).arrived is None
    assert isinstance(p("n: Dan to check with MACE"), NoteCapture)
    assert isinstance(p("undo"), UndoCapture)


def test_markup_like_text_is_kept_as_typed() -> None:
    c = p("a: @Leah 14d Write [b]report[/b] and [link=x]send[/]")
    assert c.text == "Write [b]report[/b] and [link=x]send[/]"


def test_apply_and_undo_each_kind(loaded: Workspace) -> None:
    repo, cid, mid = loaded.repo, "DEMO-1", "M2"
    people = repo.load_meeting(cid, mid).attendees
    undo = []
    for line in (
        "a: @Chris 14d Refer J. to the motor project",
        "d: Keep contact with R.K. because protective",
        "n: Chris to ask the club",
        "present+ Mo Ahmed, Designated teacher, Education",
    ):
        applied = apply_capture(repo, cid, mid, "placement", parse_capture(line, people, TODAY, "14:30"))
        undo.append(applied.undo)
    case = repo.load_case(cid)
    m = case.meeting(mid)
    assert case.actions[-1].owner == "Chris Dale" and case.actions[-1].agency == "YOT"
    assert m.item("placement").decisions[-1].reason == "protective"
    assert m.item("placement").notes.endswith("\nChris to ask the club")
    assert m.attendees[-1].name == "Mo Ahmed" and m.attendees[-1].arrived == "14:30"
    # Typing in the notes after a capture is not lost by undoing the capture.
    from meetingtui.core.meeting import people

    for u in reversed(undo):
        undo_applied(repo, cid, mid, u)
    case = repo.load_case(cid)
    m = case.meeting(mid)
    assert len(case.actions) == 4
    assert not m.item("placement").decisions
    assert (
        m.item("placement").notes.startswith("Emergency move")
        and "Chris to ask" not in m.item("placement").notes
    )
    assert all(a.name != "Mo Ahmed" for a in m.attendees)
    assert people.find_attendee(m.attendees, "Chris").attendance == "present"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("late: Dan 25:99", "is not a time"),
        ("left: Nobody Known", "nobody called 'Nobody Known'"),
        ("late: Leah", "give the time"),
    ],
)
def test_attendance_mistakes_do_not_corrupt_the_record(line: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_capture(line, PEOPLE, TODAY, None if "give" in message else "10:30")


def test_full_names_after_the_at_sign_and_owners_not_present() -> None:
    c = p("a: @Mo Ahmed 2w Ring the school about the timetable")
    assert c.owner == "Mo Ahmed" and c.due == date(2026, 12, 10) and c.hints == []
    c = p("a: @Zed 2w Ring the school")
    assert any("not on the attendance list" in h for h in c.hints)


def test_joining_in_the_first_minutes_is_not_a_late_arrival() -> None:
    c = parse_capture("present+ Mo Ahmed", PEOPLE, TODAY, "10:02", late_join=False)
    assert c.arrived is None


def test_typed_dates_never_crash_and_stay_in_range() -> None:
    from meetingtui.core.text.dates import parse_date

    assert parse_date("29/2", date(2028, 3, 1)) == date(2032, 2, 29)
    assert parse_date("29/2", date(2027, 3, 1)) == date(2028, 2, 29)
    for bad in ("31/2", "31/12/9999", "0001-01-01", "99999d"):
        with pytest.raises(UserError):
            parse_date(bad, TODAY)


def test_names_match_whole_words_never_a_longer_name() -> None:
    from meetingtui.core.meeting.people import find_attendee

    people = [
        Attendee(name="Sam Leeming", agency="Police"),
        Attendee(name="Dr Ellen Price"),
        Attendee(name="Leah Grant"),
    ]
    assert find_attendee(people, "Sam Lee") is None
    assert find_attendee(people, "sam leeming").name == "Sam Leeming"
    assert find_attendee(people, "Dr Price").name == "Dr Ellen Price"
    assert find_attendee(people, "Leah").name == "Leah Grant"
    assert find_attendee(people, "Lea").name == "Leah Grant"  # one word: the start of one name, when unique
    assert find_attendee(people, "Le") is None  # Leah or Leeming: not guessed
    c = parse_capture("present+ Sam Lee, Teacher, Education", people, TODAY, "10:30")
    assert c.name == "Sam Lee" and c.agency == "Education"


def test_restricted_and_young_person_lines_go_beside_the_notes_and_undo(loaded: Workspace) -> None:
    repo, cid, mid = loaded.repo, "DEMO-1", "M2"
    people = repo.load_meeting(cid, mid).attendees
    held = repo.load_meeting(cid, mid).item("placement")
    before, said = held.notes, held.young_person  # the demo's own text for the young person
    r = apply_capture(
        repo, cid, mid, "placement", parse_capture("r: Police concern about D.P.", people, TODAY, None)
    )
    y = apply_capture(
        repo, cid, mid, "placement", parse_capture("y: You will see your IRO soon.", people, TODAY, None)
    )
    item = repo.load_meeting(cid, mid).item("placement")
    assert (
        item.restricted_notes == "Police concern about D.P."
        and item.young_person == f"{said}\nYou will see your IRO soon."
    )
    assert item.notes == before and "full version only" in r.message
    undo_applied(repo, cid, mid, y.undo)
    undo_applied(repo, cid, mid, r.undo)
    item = repo.load_meeting(cid, mid).item("placement")
    assert item.restricted_notes is None and item.young_person == said and item.notes == before
