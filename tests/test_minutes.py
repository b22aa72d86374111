"""The Word minutes, opened again with python-docx: structure, text, header and footer, what each reader sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from docx.shared import Mm

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import READERS
from meetingtui.core.exports.minutes import build_minutes as _build_minutes
from meetingtui.core.exports.minutes.document import TEXT_WIDTH
from meetingtui.core.exports.minutes.readers import WITHHELD_LINE
from meetingtui.core.exports.minutes.words import short_date
from meetingtui.core.record.model import Action, ActionUpdate, Case, Item
from tests.disclosure_util import allow_all
from tests.docx_util import (
    W,
    all_text,
    headings,
    parts,
    reopen,
    save,
    table_rows,
    table_with_header,
    tables_with_header,
)

S = Settings(user="tester")


def build_minutes(case: Case, meeting_id: str, *, reader: str, settings: Settings, **kw):  # type: ignore[no-untyped-def]
    """The minutes with the disclosure check settled (these tests are about the rest; test_disclosure is
    about the check)."""
    allow_all(case, meeting_id, reader, settings)
    return _build_minutes(case, meeting_id, reader=reader, settings=settings, **kw)


def build(case: Case, meeting_id: str, reader: str = "full", settings: Settings = S):
    return reopen(build_minutes(case, meeting_id, reader=reader, settings=settings))


def agenda_headings(doc) -> list[str]:
    return [h for h in headings(doc) if h[:1].isdigit()]


# ------------------------------------------------------------------------------------------- structure


def test_full_minutes_follow_the_agenda_with_real_styles(demo: Case) -> None:
    doc = build(demo, "M1")
    m = demo.meeting("M1")
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == m.title
    expected = [
        f"{n}. {i.title}" + (" (restricted)" if i.restricted else "") for n, i in enumerate(m.items, 1)
    ]
    assert agenda_headings(doc) == expected
    h1 = headings(doc)
    # Attendance comes before the agenda; the closing parts after it, in this order.
    assert h1.index("Attendance") < h1.index(expected[0])
    tail = h1[h1.index(expected[-1]) + 1 :]
    assert tail == [
        "Signs of Safety",
        "Actions agreed at this meeting",
        "Next meeting",
        "Distribution",
        "Compliance: clocks on the day of the meeting",
        "Version history",
    ]
    assert "Decisions" in headings(doc, 2) and "Interventions tried" in headings(doc, 2)


def test_title_block_names_the_young_person_chair_and_minute_taker(demo: Case) -> None:
    doc = build(demo, "M1")
    block = dict((r[0], r[1]) for r in table_rows(doc.tables[0]))
    assert block["Young person"] == "J.T. (case DEMO-1)"
    assert block["Chair"] == "Martin Cole (Team manager, Children's Services)"
    assert block["Minute-taker"].startswith("Priya Nair")
    assert block["Time"] == "10:00 to 11:28"
    assert block["Place"] == "Town Hall room 2 and Teams"
    assert block["Status"].startswith("Approved by Martin Cole on ")
    assert block["Version"] == "1"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert S.confidentiality in text


def test_attendance_table_lists_everyone_with_apologies_reasons(demo: Case) -> None:
    rows = table_with_header(build(demo, "M1"), "Name", "Role")
    assert rows[0] == ["Name", "Role", "Agency", "Attendance"]
    people = {r[0]: r[3] for r in rows[1:]}
    assert len(people) == len(demo.meeting("M1").attendees)
    assert people["Helen Ward"] == "Apologies (Teaching commitment)"
    assert people["Dr Sam Lee"] == "Absent"
    assert people["PC Owen Reid"] == "Present; arrived 10:15"


def test_decisions_carry_reason_and_dissent(demo: Case) -> None:
    text = [p.text for p in build(demo, "M1").paragraphs]
    i = text.index("Decision 1: No further curfew to be proposed.")
    assert text[i + 1] == "Reason: The curfew coincided with more missing episodes at night."
    assert text[i + 2].startswith("Dissent: PC Reid (Police)")


def test_actions_tables_per_item_and_at_the_end(demo: Case) -> None:
    doc = build(demo, "M1")
    tables = tables_with_header(doc, "Ref", "Action")
    agreed = {a.id for a in demo.actions_of("M1")}
    end = tables[-1]
    assert end[0] == ["Ref", "Action", "Owner", "Agency", "Due", "Status"]
    assert {r[0] for r in end[1:]} == agreed
    per_item = [r[0] for t in tables[:-1] for r in t[1:]]
    assert sorted(per_item) == sorted(agreed)  # each action also under the item that raised it


def test_structured_tables_render_at_their_items(demo: Case) -> None:
    doc = build(demo, "M1")
    tried = table_with_header(doc, "Intervention")
    assert [r[0] for r in tried[1:]] == [i.name for i in demo.interventions]
    assert tried[1][4] == "not effective" and "4 of 14 panel sessions" in tried[1][5]
    peers = table_with_header(doc, "Peer")
    assert [r[0] for r in peers[1:]] == ["R.K.", "A.M."]
    assert "Where: Eastfield FC and the youth centre" in peers[1][2]
    view = table_with_header(doc, "Date", "Recorded by")
    assert "Nobody asks me" in view[1][3]
    # The alternatives item points back to the interventions table instead of repeating it.
    assert "See the table under item 3." in [p.text for p in doc.paragraphs]
    sos = table_with_header(doc, "What are we worried about?")
    assert "Thefts from vehicles" in sos[1][0]
    assert any(p.text.startswith("Scale: 3 out of 10") for p in doc.paragraphs)


def test_previous_actions_review_shows_history_and_outcome(demo: Case) -> None:
    doc = build(demo, "M2")
    rows = table_with_header(doc, "Ref", "Action")
    assert rows[0] == ["Ref", "Action", "Owner", "History", "Outcome at this meeting"]
    by_ref = {r[0]: r for r in rows[1:]}
    assert set(by_ref) == {"A1", "A2", "A3"}
    a2 = demo.action("A2")
    assert "carried to" in by_ref["A2"][3] and "Delayed by the emergency move" in by_ref["A2"][3]
    assert by_ref["A2"][4].startswith("Carried to")
    assert a2.updates[0].due is not None
    assert by_ref["A3"][4].startswith("Carried to")
    # An earlier action the meeting did not get to is shown as such, not silently dropped.
    unreviewed = demo.copy()
    a3 = unreviewed.action("A3")
    a3.updates, a3.status = [], "open"
    rows = table_with_header(build(unreviewed, "M2"), "Ref", "Action")
    assert {r[0]: r for r in rows[1:]}["A3"][4].startswith("Not reviewed; still owed, overdue")
    assert by_ref["A1"][4] == "Done"


def test_a_placement_ended_after_the_meeting_reads_as_it_stood_then(demo: Case) -> None:
    """Found from outside: adding the next placement (which ends the open one) changed the dates of the
    placement in the minutes of an earlier meeting, already sent: "from 9 Nov" became "9 Nov to 8 Dec"."""
    case = demo.copy()
    m2 = case.meeting("M2")
    move = next(p for p in case.placements if p.move == "emergency")
    before = [r[1] for r in table_with_header(build(case, "M2"), "Placement")[1:]]
    move.end = m2.date + timedelta(days=20)
    assert [r[1] for r in table_with_header(build(case, "M2"), "Placement")[1:]] == before
    move.end = m2.date  # ended by the day of the meeting: shown
    assert any(
        r[1].endswith(f"to {short_date(m2.date)}")
        for r in table_with_header(build(case, "M2"), "Placement")[1:]
    )


def test_placement_review_clock_counts_days_overdue_at_the_meeting(demo: Case) -> None:
    case = demo.copy()
    m2 = case.meeting("M2")
    move = next(p for p in case.placements if p.move == "emergency")
    m2.date = move.start + timedelta(days=25)
    rows = table_with_header(build(case, "M2"), "Placement")
    emergency = next(r for r in rows[1:] if r[2].startswith("Emergency"))
    assert "wishes not considered" in emergency[2]
    assert "overdue by 5 days at this meeting" in emergency[4]
    settings = Settings(user="t", review_days_after_emergency=30)
    rows = table_with_header(build(case, "M2", settings=settings), "Placement")
    emergency = next(r for r in rows[1:] if r[2].startswith("Emergency"))
    assert "5 days left at this meeting" in emergency[4]


def test_forum_without_a_link_person_is_flagged(demo: Case) -> None:
    case = demo.copy()
    case.meeting("M2").items.insert(1, Item(key="forums", title="Other forums", kind="forums"))
    doc = build(case, "M2")
    rows = table_with_header(doc, "Forum")
    mace = next(r for r in rows[1:] if r[0] == "MACE")
    assert mace[4].startswith("None: no one carries information")
    assert "No link person: MACE" in [p.text for p in doc.paragraphs]


def test_drifting_actions_are_marked(demo: Case) -> None:
    case = demo.copy()
    a = case.action("A2")  # agreed at M1; carried three times before M2
    a.status = "carried"
    a.updates = [
        ActionUpdate(
            date=a.due + timedelta(days=3 * n), status="carried", due=a.due + timedelta(days=3 * n + 3)
        )
        for n in range(3)
    ]
    review = table_with_header(build(case, "M2"), "Ref", "Action")
    a2 = next(r for r in review[1:] if r[0] == "A2")
    assert "DRIFTING: carried 3 times" in a2[4]


def test_old_minutes_read_the_same_whatever_happened_next(demo: Case) -> None:
    """M1 was approved on 2 October: what M2 later decided about its actions is not part of M1's minutes."""
    end = tables_with_header(build(demo, "M1"), "Ref", "Action")[-1]
    status = {r[0]: r[5] for r in end[1:]}
    assert status["A1"].startswith("open") and status["A2"].startswith("open")
    due = {r[0]: r[4] for r in end[1:]}
    assert "first due" not in due["A2"]


def test_peers_are_named_by_initials_unless_the_settings_allow_names(demo: Case) -> None:
    case = demo.copy()
    case.peers[0].label = "Ryan Kelly"
    text = all_text(save(build_minutes(case, "M1", reader="full", settings=S)))
    assert "R.K." in text and "Ryan Kelly" not in text
    named = Settings(user="t", peer_names=True)
    assert "Ryan Kelly" in all_text(save(build_minutes(case, "M1", reader="full", settings=named)))


def test_signs_of_safety_item_renders_at_the_item_not_again_at_the_end(demo: Case) -> None:
    case = demo.copy()
    case.meeting("M1").items.insert(
        2, Item(key="sos", title="Signs of Safety discussion", kind="signs-of-safety")
    )
    doc = build(case, "M1")
    assert "Signs of Safety" not in headings(doc)
    assert "Signs of Safety" in headings(doc, 2)


# ------------------------------------------------------------------------------ page, header, footer


@pytest.mark.parametrize("reader", READERS)
def test_every_section_has_the_marking_and_page_fields_on_a4(demo: Case, reader: str) -> None:
    doc = build(demo, "M2", reader)
    assert doc.sections
    for s in doc.sections:
        assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
        assert s.left_margin == s.right_margin and s.left_margin >= Mm(15)
        assert not s.header.is_linked_to_previous and not s.footer.is_linked_to_previous
        head = [p.text for p in s.header.paragraphs]
        foot = [p.text for p in s.footer.paragraphs]
        assert head[0] == "OFFICIAL-SENSITIVE" and foot[-1] == "OFFICIAL-SENSITIVE"
        assert s.header.paragraphs[0].alignment is not None and s.header.paragraphs[0].alignment == 1
        title = "Your meeting" if reader == "young-person" else "Review after the emergency move"
        assert title in head[1] and "Version 1" in head[1]
        assert "Version 1" in foot[0] and "Page " in foot[0] and " of " in foot[0]
        instr = [t.text.strip() for t in s.footer._element.iter(f"{W}instrText")]
        assert instr == ["PAGE", "SECTIONPAGES" if reader == "actions" else "NUMPAGES"]


def test_draft_is_watermarked_and_approved_is_not(demo: Case) -> None:
    draft = build(demo, "M2")
    head = draft.sections[0].header
    assert "DRAFT" in head.paragraphs[1].text
    assert 'string="DRAFT"' in head._element.xml
    approved = build(demo, "M1")
    head = approved.sections[0].header
    assert "DRAFT" not in "".join(p.text for p in head.paragraphs)
    assert "DRAFT" not in head._element.xml


def test_marking_comes_from_the_meeting_else_the_settings(demo: Case) -> None:
    case = demo.copy()
    case.meeting("M2").marking = None
    doc = build(case, "M2", settings=Settings(user="t", marking="OFFICIAL"))
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL"
    case.meeting("M2").marking = "SECRET-ISH"
    assert build(case, "M2").sections[0].footer.paragraphs[-1].text == "SECRET-ISH"


def test_confidentiality_statement_comes_from_the_settings(demo: Case) -> None:
    own = Settings(user="t", confidentiality="Shared under the Eastshire information sharing agreement.")
    for reader in READERS:
        text = all_text(save(build_minutes(demo, "M2", reader=reader, settings=own)))
        # The young person's own version ends with what is meant for them, not the agencies' handling text.
        assert ("Shared under the Eastshire information sharing agreement." in text) == (
            reader != "young-person"
        )
        assert S.confidentiality not in text


def test_version_number_is_shown(demo: Case) -> None:
    case = demo.copy()
    case.meeting("M1").version = 3
    doc = build(case, "M1")
    assert "Version 3" in doc.sections[0].header.paragraphs[1].text
    assert dict(table_rows(doc.tables[0]))["Version"] == "3"
    assert doc.core_properties.version == "3"


def test_document_properties(demo: Case) -> None:
    raw = save(build_minutes(demo, "M1", reader="family", settings=S))
    doc = reopen(build_minutes(demo, "M1", reader="family", settings=S))
    cp = doc.core_properties
    assert cp.title == "Minutes: Professionals meeting: interventions not working"
    assert (
        cp.author == cp.last_modified_by == "tester"
    )  # the app's user, not the template's or the minute-taker
    assert "family" in cp.subject and demo.name in cp.subject
    assert cp.created is not None and cp.keywords == "OFFICIAL-SENSITIVE"
    xml = parts(raw)
    props = (xml["docProps/core.xml"] + xml["docProps/app.xml"]).decode()
    assert "DEMO-1" not in props and "M1" not in props
    assert "Microsoft" not in props and "Normal.dotm" not in props and "meetingtui" in props
    assert not any(name.startswith("customXml/") for name in parts(save(doc)))
    # Found from outside: a lastPrinted of 2000-01-01 and the template's revision-save ids were still there.
    assert "lastPrinted" not in props and "2000-01-01" not in props
    assert b"w:rsid" not in xml["word/settings.xml"]
    allowed = Settings(user="tester", case_id_in_properties=True)
    assert "DEMO-1" in build(demo, "M1", "family", allowed).core_properties.subject


def test_tables_have_fixed_widths_and_a_repeating_header_row(demo: Case) -> None:
    doc = build(demo, "M1")
    for t in doc.tables:
        tbl = t._tbl
        grid = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        assert sum(grid) == TEXT_WIDTH
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        assert t.style.name == "Table Grid"
    actions = [t for t in doc.tables if t.rows[0].cells[0].text == "Ref"][-1]
    assert actions.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_short_rows_stay_whole_and_long_rows_may_break_across_pages(demo: Case) -> None:
    case = demo.copy()
    case.interventions[0].evidence = "Long evidence. " * 400
    doc = build(case, "M1")
    rows = [r for t in doc.tables if t.rows[0].cells[0].text == "Intervention" for r in t.rows[1:]]
    kept = [r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in rows]
    assert kept == [False, True, True]


def test_three_hundred_actions_stay_one_readable_table(demo: Case) -> None:
    case = demo.copy()
    m = case.meeting("M2")
    m.items = [Item(key=f"i{n}", title=f"Item {n}", notes=f"Notes for item {n}.") for n in range(30)]
    case.actions = [a for a in case.actions if a.meeting_id != "M2"] + [
        Action(
            id=f"B{n}",
            meeting_id="M2",
            item_key=f"i{n % 30}",
            text=f"Action number {n} with enough words to wrap in the column.",
            owner=f"Owner {n % 7}",
            agency=f"Agency {n % 5}",
            due=m.date + timedelta(days=n % 40),
        )
        for n in range(300)
    ]
    doc = build(case, "M2")
    end = [t for t in tables_with_header(doc, "Ref", "Action") if t[0][3] == "Agency"][-1]
    assert len(end) == 301
    assert [r[0] for r in end[1:4]] == ["B0", "B30", "B60"]  # agenda order, then natural id order
    assert len(agenda_headings(doc)) == 30


# ------------------------------------------------------------------------------------------ readers


def restricted_strings(case: Case) -> list[str]:
    """Everything the family must not see in the demo: the restricted item, its actions, and the peer details
    (third-party information) shown only under that item."""
    out: list[str] = []
    restricted = {(m.id, i.key) for m in case.meetings for i in m.items if i.restricted}
    for m in case.meetings:
        for i in m.items:
            if i.restricted:
                out += [i.title, i.notes or ""] + [d.text for d in i.decisions]
    out += [a.text for a in case.actions if (a.meeting_id, a.item_key) in restricted]
    for p in case.peers:
        out += [x for x in (p.significance, p.risks, p.places, p.strengths) if x]
        if p.contact_plan:
            out += [x for x in (p.contact_plan.arrangement, p.contact_plan.where, p.contact_plan.when) if x]
    return [s for s in out if s]


@pytest.mark.parametrize("meeting_id", ["M1", "M2"])
def test_family_version_contains_nothing_restricted_anywhere(demo: Case, meeting_id: str) -> None:
    secrets = restricted_strings(demo)
    assert any(s.startswith("Police intelligence on A.M.") for s in secrets)
    family = all_text(save(build_minutes(demo, meeting_id, reader="family", settings=S)))
    leaks = [s for s in secrets if s in family]
    assert not leaks
    assert "Police intelligence" not in family and "managed contact plan for J. and R.K." not in family
    assert family.count(WITHHELD_LINE) == 1
    full = all_text(save(build_minutes(demo, meeting_id, reader="full", settings=S)))
    assert WITHHELD_LINE not in full
    if meeting_id == "M1":
        assert "Police intelligence on A.M." in full  # the check above is not vacuous


def test_family_keeps_agenda_numbers_and_professionals_names(demo: Case) -> None:
    doc = build(demo, "M1", "family")
    m = demo.meeting("M1")
    assert agenda_headings(doc) == [f"{n}. {i.title}" for n, i in enumerate(m.items, 1) if not i.restricted]
    names = {r[0] for r in table_with_header(doc, "Name", "Role")[1:]}
    assert names == {a.name for a in m.attendees}
    assert not any(t.rows[0].cells[0].text == "Peer" for t in doc.tables)


def test_family_review_drops_actions_raised_under_an_earlier_restricted_item(demo: Case) -> None:
    rows = table_with_header(build(demo, "M2", "family"), "Ref", "Action")
    assert {r[0] for r in rows[1:]} == {"A1"}  # A2 and A3 were raised under the restricted peers item


def test_family_without_restricted_items_says_nothing_was_withheld(demo: Case) -> None:
    case = demo.copy()
    case.peers = []
    for m in case.meetings:
        for i in m.items:
            i.restricted = None
    text = all_text(save(build_minutes(case, "M1", reader="family", settings=S)))
    assert WITHHELD_LINE not in text and "Police intelligence" in text


def test_family_never_carries_the_peer_map_even_under_an_unrestricted_item(demo: Case) -> None:
    case = demo.copy()
    for m in case.meetings:
        for i in m.items:
            i.restricted = None
    family = all_text(save(build_minutes(case, "M1", reader="family", settings=S)))
    full = all_text(save(build_minutes(case, "M1", reader="full", settings=S)))
    for secret in ("Money and status", "Believed to pay younger boys", "Car park behind the retail park"):
        assert secret in full and secret not in family
    assert WITHHELD_LINE in family and "confidential record" in family


def test_actions_reader_gives_each_agency_its_own_page(demo: Case) -> None:
    doc = build(demo, "M2", "actions")
    sheets = headings(doc)
    assert sheets == [
        "Actions for Children's Services",
        "Actions for Police",
        "Actions for Safeguarding Unit",
    ]
    # Each agency's sheet is its own section: named in the footer, pages counted from 1 ("Page 1 of 1").
    assert len(doc.sections) == 3
    for s, agency in zip(doc.sections, ["Children's Services", "Police", "Safeguarding Unit"], strict=True):
        assert s.footer.paragraphs[0].text.startswith(f"Actions for {agency}  ·  Version 1  ·  Page ")
        assert [t.text.strip() for t in s.footer._element.iter(f"{W}instrText")] == ["PAGE", "SECTIONPAGES"]
        assert s._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
        assert s.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    tables = tables_with_header(doc, "Ref", "Action")
    assert [[r[0] for r in t[1:]] for t in tables] == [["A2"], ["A3"], ["A4"]]
    assert tables[0][0] == ["Ref", "Action", "Owner", "Agreed", "Due", "Status"]
    assert tables[2][1][3] == "This meeting"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Police intelligence" not in text  # notes are not part of the actions sheet


def test_actions_reader_with_nothing_owed_says_so(demo: Case) -> None:
    case = demo.copy()
    case.actions = []
    doc = build(case, "M1", "actions")
    assert "No actions are owed after this meeting." in [p.text for p in doc.paragraphs]


def test_progress_is_reported_in_order(demo: Case) -> None:
    seen: list[tuple[float, str]] = []
    build_minutes(demo, "M1", reader="full", settings=S, progress=lambda f, msg: seen.append((f, msg)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and len(seen) > 5
    assert all(isinstance(msg, str) and msg for _, msg in seen)


def test_unknown_meeting_or_reader_is_a_clear_error(demo: Case) -> None:
    from meetingtui.core.errors import NotFound, UserError

    with pytest.raises(NotFound, match="no meeting NOPE"):
        build_minutes(demo, "NOPE", reader="full", settings=S)
    with pytest.raises(UserError, match="reader 'court' is not one of: full, family, young-person, actions"):
        build_minutes(demo, "M1", reader="court", settings=S)


def test_old_minutes_show_the_record_as_it_stood_at_the_meeting(demo: Case) -> None:
    """An intervention started after the meeting is not in its minutes, however late they are exported."""
    case = demo.copy()
    case.interventions[0].started = date(2030, 1, 1)
    rows = table_with_header(build(case, "M1"), "Intervention")
    assert case.interventions[0].name not in [r[0] for r in rows[1:]]


def test_the_shared_sample_renders_every_version(sample_case: Case) -> None:
    for m in sample_case.meetings:
        for reader in READERS:
            doc = build(sample_case, m.id, reader)
            assert doc.sections[0].header.paragraphs[0].text == (m.marking or "OFFICIAL-SENSITIVE")
        family = all_text(save(build_minutes(sample_case, m.id, reader="family", settings=S)))
        assert not [s for s in restricted_strings(sample_case) if s in family]


def test_a_late_start_and_a_reopened_version_are_on_the_record(demo: Case) -> None:
    from meetingtui.core.record.model import Event

    case = demo.copy()
    m = case.meeting("M1")
    m.started_at = m.started_at.replace("T10:01", "T10:24")
    m.history += [
        Event(
            at="2026-10-05T09:00:00+01:00", event="reopened", by="Martin Cole", note="YOT corrected an action"
        ),
        Event(at="2026-10-05T10:00:00+01:00", event="approved", by="Martin Cole"),
    ]
    m.version = 2
    text = all_text(save(build_minutes(case, "M1", reader="full", settings=S)))
    assert "Scheduled 10:00; held 10:24 to 11:28" in text
    assert "Reopened by Martin Cole" in text and "YOT corrected an action" in text
    assert "Version 2 approved by Martin Cole" in text
    # A reopen's reason may name a peer or quote intelligence: the other versions say only what happened when
    # (found from outside: "PC Reid asked to add the MACE intelligence on A.M." reached the family's copy).
    for reader in ("family", "young-person"):
        other = all_text(save(build_minutes(case, "M1", reader=reader, settings=S)))
        assert "YOT corrected an action" not in other
        if reader == "family":
            assert "Reopened on" in other and "Reopened by" not in other


def test_a_column_is_widened_to_hold_its_longest_word_whole() -> None:
    """Found from outside: rendered tables broke words ("Emergenc / y", "Safeguardin / g Unit") in narrow
    columns; widths now move to a column from those with room to spare, and the table keeps its width."""
    from meetingtui.core.exports.minutes.document import TABLE_SIZE, fit_words, widths

    given = widths(1.4, 6.2, 2.7, 2.4, 2.3, 2.0)
    rows = [
        [
            "A4",
            "Book the care review due after the emergency move",
            "Grace Obi",
            "Safeguarding Unit",
            "25 Nov 2026",
            "open",
        ]
    ]
    got = fit_words(["Ref", "Action", "Owner", "Agency", "Due", "Status"], rows, given, TABLE_SIZE)
    assert sum(got) == sum(given)
    assert got[3] > given[3] and got[3] >= len("Safeguarding") * TABLE_SIZE * 13 // 2
    assert got[1] < given[1]  # the action text wraps a little more instead
    # Without room for every word, no column gives away what its own words need.
    tight = [["Safeguarding-and-Children's-Partnership"] * 6]
    need = 16 * TABLE_SIZE * 13 // 2 + 230  # a word's width is counted up to 16 characters
    got = fit_words(None, tight, given, TABLE_SIZE)
    assert sum(got) == sum(given) and all(g >= need for g, w in zip(got, given, strict=True) if w >= need)
