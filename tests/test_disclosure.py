"""Versions safe to hand over (issue 15): finer restriction, the disclosure check, the young person's version.

Each leak seen in the family version of the demo and the shared sample must be impossible to write without a
recorded decision: the check stops the version, the CLI exits 2 naming each passage, and once the chair has
restricted or allowed each one the written file carries no peer's initials and no withheld action except in a
passage someone allowed, by name and time.
"""

from __future__ import annotations

import re

import pytest

from meetingtui.cli import main
from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.exports.minutes import build_minutes, write_minutes
from meetingtui.core.exports.minutes.disclosure import can_restrict
from meetingtui.core.exports.minutes.readers import withheld_actions
from meetingtui.core.exports.minutes.settle import Unsettled, decide, decide_all, find
from meetingtui.core.exports.minutes.young import readability
from meetingtui.core.record.model import Case, Decision, Peer
from meetingtui.core.workspace import Workspace
from tests.docx_util import all_text, save

S = Settings(user="Chair Person")


def _unsettled(case: Case, meeting_id: str, reader: str = "family") -> list[str]:
    with pytest.raises(Unsettled) as err:
        build_minutes(case, meeting_id, reader=reader, settings=S)
    return err.value.lines()


def test_each_leak_of_the_demo_family_version_is_stopped(demo: Case) -> None:
    lines = "\n".join(_unsettled(demo, "M2") + _unsettled(demo, "M1"))
    # Item 1's notes point at the withheld contact plan and intelligence sharing.
    assert 'review-actions/notes: "Motor project referral done. Contact plan carried.' in lines
    assert "wording of withheld action A2: Contact plan" in lines
    assert "wording of withheld action A3: Intelligence sharing" in lines
    # Signs of Safety: the exploitation worry and the peer R.K.
    assert re.search(r'signs-of-safety/worries: ".*exploiting him\." \(listed word: exploit', lines)
    assert 'signs-of-safety/working well: "J. trusts his youth worker and R.K.' in lines
    assert "peer map: R.K." in lines


def test_each_leak_of_the_shared_sample_family_version_is_stopped(sample_case: Case) -> None:
    first, second = (m.id for m in sample_case.meetings_by_date())
    lines = "\n".join(_unsettled(sample_case, first) + _unsettled(sample_case, second))
    assert 'action A3/text: "Share intelligence on D.P. with the MACE panel."' in lines
    assert "YOT risk panel and MACE both discussing D.P." in lines
    assert (
        'review-actions/notes: "A1 done. A2 carried to 30 November. A3 open." (withheld action A2: A2)'
        in lines
    )


def test_a_peer_shortened_to_one_initial_is_stopped_but_the_young_persons_own_is_not(
    sample_case: Case,
) -> None:
    """Found reading the shared sample's family version as a parent: "R. trusts his key worker and K." went
    out, K. being the peer K.B. The young person (R.M.) is "R." all through the notes: not a peer."""
    first = sample_case.meetings_by_date()[0].id
    lines = "\n".join(_unsettled(sample_case, first))
    assert 'signs-of-safety/working well: "R. trusts his key worker and K.; he attends mentoring' in lines
    assert "(peer map: K.)" in lines
    assert "peer map: R." not in lines


def test_a_placement_begun_after_the_meeting_is_not_asked_about(demo: Case) -> None:
    """Found from outside: M2's family version asked to settle a placement that began twenty days after it
    ("placement P3/relationships … peer map: R.K."), though its minutes never carry it."""
    from datetime import timedelta

    from meetingtui.core.record.model import Placement

    case = demo.copy()
    m2 = case.meeting("M2")
    assert m2 is not None
    later = Placement(
        id="P9",
        start=m2.date + timedelta(days=20),
        kind="foster",
        move="planned",
        relationships_impact="Near R.K.",
    )
    case.placements.append(later)
    assert not any("placement P9" in line for line in _unsettled(case, "M2"))
    later.start = m2.date  # begun by the meeting: shown, so asked about
    assert any("placement P9/relationships" in line for line in _unsettled(case, "M2"))


def test_an_action_of_an_approved_meeting_is_not_restricted_through_a_later_one(
    ws: Workspace, sample_case: Case, capsys
) -> None:
    """Found reading the shared sample: restricting A3 (agreed at the approved 1 Oct meeting) through the
    5 Nov draft changed the approved minutes, no reopen recorded. Refused, nothing saved; rewrite or allow."""
    ws.repo.create_case(sample_case)
    first, second = (m.id for m in sample_case.meetings_by_date())
    assert ws.repo.load_meeting(sample_case.id, first).is_locked
    hits = find(ws.repo.load_case(sample_case.id), second, "family", ws.settings)
    n = next(k for k, h in enumerate(hits, 1) if h.place is not None and h.place.kind == "action")
    args = ["--data", str(ws.data_dir)]
    before = ws.repo.load_case(sample_case.id).to_dict()
    code = main(["disclosure", sample_case.id, second, "--reader", "family", "--restrict", str(n), *args])
    err = capsys.readouterr().err
    assert code == 2 and "whose minutes are approved: restricting it changes them; reopen that meeting" in err
    assert ws.repo.load_case(sample_case.id).to_dict() == before


def test_the_cli_exits_2_listing_each_passage_and_writes_nothing(ws: Workspace, demo: Case, capsys) -> None:
    ws.repo.create_case(demo)
    args = ["--data", str(ws.data_dir), "--exports", str(ws.exports_dir)]
    assert main(["minutes", "DEMO-1", "M2", "--reader", "family", *args]) == 2
    err = capsys.readouterr().err
    assert "the family version of meeting M2 was not written: 2 passages to settle first" in err
    assert '1. review-actions/notes: "Motor project referral done. Contact plan carried.' in err
    assert "meetingtui disclosure DEMO-1 M2 --reader family" in err
    assert not ws.exports_dir.exists() or not any(ws.exports_dir.iterdir())


def _settle_everything(ws: Workspace, case_id: str, meeting_id: str, reader: str) -> None:
    """Restrict what can be restricted, allow the rest, through the CLI as a chair would."""
    args = ["--data", str(ws.data_dir)]
    for _ in range(20):
        hits = find(ws.repo.load_case(case_id), meeting_id, reader, ws.settings)
        if not hits:
            return
        locked = ws.repo.load_meeting(case_id, meeting_id).is_locked  # approved: allow, or reopen first
        place = hits[0].place
        if (
            place is not None and place.kind == "action"
        ):  # an action of an earlier, approved meeting: likewise
            agreed = ws.repo.load_case(case_id).action(place.ref[0]).meeting_id
            locked = locked or ws.repo.load_meeting(case_id, agreed).is_locked
        restrictable = can_restrict(hits[0].place) and hits[0].place.kind != "field"
        verb = "--restrict" if restrictable and not locked else "--allow"
        assert (
            main(
                ["disclosure", case_id, meeting_id, "--reader", reader, verb, "1", "--by", "Jo Chair", *args]
            )
            == 0
        )
    raise AssertionError("not settled")


def _initials(label: str) -> re.Pattern[str]:
    letters = re.findall(r"[A-Za-z]", label)
    return re.compile(r"(?<![A-Za-z])" + r"\.?\s?".join(letters) + r"(?![A-Za-z])")


@pytest.mark.parametrize("which", ["demo", "sample"])
@pytest.mark.parametrize("reader", ["family", "young-person"])
def test_once_settled_no_peer_or_withheld_action_goes_out_without_a_recorded_allow(
    ws: Workspace, demo: Case, request: pytest.FixtureRequest, which: str, reader: str
) -> None:
    case = demo if which == "demo" else request.getfixturevalue("sample_case")
    ws.repo.create_case(case)
    for m in case.meetings:
        _settle_everything(ws, case.id, m.id, reader)
        out = write_minutes(ws, case.id, m.id, reader=reader)
        stored = ws.repo.load_case(case.id)
        allowed = [d.text for d in stored.meeting(m.id).disclosure_decisions if d.decision == "allow"]
        assert all(d.by == "Jo Chair" and d.at for d in stored.meeting(m.id).disclosure_decisions)
        for line in all_text(out).splitlines():
            for k, v in ws.settings.glossary.items():  # the young person's version spells these out
                line = line.replace(f"{k} ({v})", k)
            leaks = [p.label for p in case.peers if _initials(p.label).search(line)]
            leaks += [
                a.id for a in withheld_actions(stored) if re.search(rf"\b{a.id}\b", line) or a.text in line
            ]
            if leaks:
                assert any(t in line or line in t for t in allowed), (line, leaks)


def test_a_decision_is_reused_until_the_passage_changes(ws: Workspace, demo: Case) -> None:
    ws.repo.create_case(demo)
    hits = find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings)
    for h in hits:
        decide(ws.repo, "DEMO-1", "M2", h, "allow", reader="family", by="Jo Chair")
    write_minutes(ws, "DEMO-1", "M2", reader="family")
    write_minutes(ws, "DEMO-1", "M2", reader="family", force=True)  # the next version needs no new decision
    with ws.repo.transaction("DEMO-1") as tx:
        m = tx.meeting("M2")
        m.items[0].notes = (m.items[0].notes or "") + " Contact plan still waiting."
        tx.put_meeting(m)
    with pytest.raises(Unsettled, match="1 passage to settle"):
        write_minutes(ws, "DEMO-1", "M2", reader="family", force=True)


def test_restrict_moves_the_passage_beside_its_text_so_only_the_full_version_keeps_it(
    ws: Workspace, demo: Case
) -> None:
    ws.repo.create_case(demo)
    hits = find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings)
    worry = next(h for h in hits if h.where == "signs-of-safety/worries")
    with pytest.raises(Conflict, match="approved minutes are locked"):
        decide(ws.repo, "DEMO-1", "M1", worry, "restrict", reader="family", by="Jo Chair")
    with ws.repo.transaction("DEMO-1") as tx:
        m = tx.meeting("M1")
        m.status = "draft"
        tx.put_meeting(m)
    decide(ws.repo, "DEMO-1", "M1", worry, "restrict", reader="family", by="Jo Chair")
    m = ws.repo.load_case("DEMO-1").meeting("M1")
    assert m.worries is None and m.restricted_worries == worry.text
    case = ws.repo.load_case("DEMO-1")
    full = all_text(save(build_minutes(case, "M1", reader="full", settings=S)))
    assert "exploiting him" in full and "Restricted: " in full
    assert not any(h.where == "signs-of-safety/worries" for h in find(case, "M1", "family", S))


def _allow_the_rest(ws: Workspace, meeting_id: str, reader: str) -> None:
    for h in find(ws.repo.load_case("DEMO-1"), meeting_id, reader, ws.settings):
        decide(ws.repo, "DEMO-1", meeting_id, h, "allow", reader=reader, by="Jo Chair")


def test_a_rewrite_changes_the_outside_version_and_the_full_version_keeps_the_original(
    ws: Workspace, demo: Case
) -> None:
    """Found from outside: rewriting replaced the passage in the record, so the professionals' minutes (the
    record, read in court years later) lost what was said. The new wording is the family's version's alone."""
    ws.repo.create_case(demo)
    hit = find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings)[0]
    original = hit.text
    decide(
        ws.repo, "DEMO-1", "M2", hit, "rewrite", reader="family", by="Jo Chair", rewrite="Motor project done."
    )
    case = ws.repo.load_case("DEMO-1")
    m = case.meeting("M2")
    assert m.items[0].notes == original  # the record keeps what was said
    d = m.disclosure_decisions[0]
    assert (d.text, d.decision, d.by) == (original, "rewrite", "Jo Chair")
    assert hit.where not in {h.where for h in find(case, "M2", "family", ws.settings)}  # settled
    _allow_the_rest(ws, "M2", "family")
    case = ws.repo.load_case("DEMO-1")
    family = all_text(save(build_minutes(case, "M2", reader="family", settings=S)))
    full = all_text(save(build_minutes(case, "M2", reader="full", settings=S)))
    assert "Motor project done." in family and original not in family
    assert original in full and "Motor project done." not in full
    # A passage changed since it was rewritten is asked about again, never covered by the old wording.
    with ws.repo.transaction("DEMO-1") as tx:
        meeting = tx.meeting("M2")
        meeting.items[0].notes = original.replace("Contact plan carried.", "Contact plan carried again.")
        tx.put_meeting(meeting)
    again = find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings)
    assert hit.where in {h.where for h in again}


def test_approved_minutes_take_a_rewrite_or_an_allow_but_restricting_needs_a_reopen(
    ws: Workspace, demo: Case
) -> None:
    """Found from outside: a chair who approved before writing the family version was told to reopen for any
    decision and lost the whole check. Only restricting changes the minutes."""
    ws.repo.create_case(demo)
    with ws.repo.transaction("DEMO-1") as tx:
        meeting = tx.meeting("M2")
        meeting.status = "approved"
        tx.put_meeting(meeting)
    assert ws.repo.load_meeting("DEMO-1", "M2").is_locked
    hits = find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings)
    with pytest.raises(Conflict, match="reopen them first"):
        decide(ws.repo, "DEMO-1", "M2", hits[0], "restrict", reader="family", by="Jo Chair")
    decide(ws.repo, "DEMO-1", "M2", hits[0], "rewrite", reader="family", by="Jo Chair", rewrite="Reviewed.")
    _allow_the_rest(ws, "M2", "family")
    case = ws.repo.load_case("DEMO-1")
    assert "Reviewed." in all_text(save(build_minutes(case, "M2", reader="family", settings=S)))
    assert hits[0].text in all_text(save(build_minutes(case, "M2", reader="full", settings=S)))


def _hostile(demo: Case) -> Case:
    """Peers by full name, initials written every way, a withheld action mentioned by id and by wording."""
    case = demo.copy()
    case.peers.append(Peer(id="F3", label="Tyler Smith"))
    m2 = case.meeting("M2")
    assert m2 is not None
    m2.items[
        1
    ].notes = "tyler was there.\nT.S. and r k.\nSaw RK and R K at the park.\nSee A3: MAPPA informant."
    m2.items[1].decisions.append(Decision(text="Agree a managed plan; contact plan per A2"))
    m2.working_well = "T S helps."
    return case


def test_a_hostile_case_cannot_slip_a_name_initials_or_a_withheld_action_past(demo: Case) -> None:
    lines = "\n".join(_unsettled(_hostile(demo), "M2"))
    assert '"tyler was there." (peer map: tyler)' in lines
    assert '"T.S. and r k." (peer map: T.S.)' in lines
    assert "peer map: RK" in lines
    assert "withheld action A3: A3" in lines and "listed word: MAPPA" in lines
    assert "placement/decision 1" in lines and "withheld action A2: A2" in lines
    assert '"T S helps." (peer map: T S)' in lines


def test_initials_typed_in_lower_case_are_stopped_but_the_time_of_day_is_not(demo: Case) -> None:
    case = demo.copy()  # its peer map: R.K. and A.M.
    m2 = case.meeting("M2")
    assert m2 is not None
    m2.items[1].notes = "Spoke to r.k.'s mum.\n\nThe review is at 10 a.m. on Friday."
    lines = "\n".join(_unsettled(case, "M2"))
    assert "r.k.'s mum" in lines
    assert "10 a.m." not in lines


def test_finer_restrictions_stay_out_of_outside_versions_and_are_marked_in_the_full_one(demo: Case) -> None:
    case = demo.copy()
    m1 = case.meeting("M1")
    assert m1 is not None
    m1.items[0].restricted_notes = "Held back: the police raised a concern."
    m1.items[2].decisions[0].restricted = True
    m1.restricted_needs_to_happen = "A safety plan about the associate."
    case.forums[0].restricted_notes = "Discussed at the panel in private."
    a1 = case.action("A1")
    assert a1 is not None
    a1.restricted = True
    secret = ["police raised a concern", "No further curfew", "safety plan about the associate"]
    full = all_text(save(build_minutes(case, "M1", reader="full", settings=S)))
    assert all(s in full for s in secret) and "Decision 1 (restricted)" in full
    secret.append("in private")  # M1 has no forums item; it must not appear anyway
    actions = all_text(save(build_minutes(case, "M1", reader="actions", settings=S)))
    assert "Not for the family" in actions
    from tests.disclosure_util import allow_all

    for reader in ("family", "young-person"):
        allow_all(case, "M1", reader, S)
        text = all_text(save(build_minutes(case, "M1", reader=reader, settings=S)))
        assert not any(s in text for s in secret), reader
        assert a1.text not in text


def test_the_young_persons_version_is_written_to_them(ws: Workspace, demo: Case, capsys) -> None:
    case = demo.copy()
    m2 = case.meeting("M2")
    assert m2 is not None
    m2.items[1].young_person = "You moved to a new home. The YOT and your IRO will check you are settled."
    ws.repo.create_case(case)
    args = ["--data", str(ws.data_dir), "--exports", str(ws.exports_dir)]
    assert main(["minutes", "DEMO-1", "M2", "--reader", "young-person", *args]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Readability \(Flesch reading ease, textstat\): \d+, ", out)
    text = all_text(next(ws.exports_dir.iterdir()))
    # The case holds only initials: a neutral greeting, never "Hello J.T." (the reader test's finding).
    assert "Hello. On Wednesday" in text and "Hello J.T." not in text
    assert "This is what we talked about, what was decided and what happens next." in text
    assert "The YOT (the youth offending team) and your IRO" in text
    assert text.count("IRO (your independent reviewing officer)") == 1  # spelt out once, on first use
    assert "What people will do, and by when" in text and "Next meeting" in text and "advocate" in text
    assert "Nadia Fenwick" in text  # who to contact
    assert "not because of anything you did" in text  # something was withheld, kindly said
    assert "Police intelligence" not in text and "R.K." not in text
    # Every page is headed as the first page is, not with the professionals' title (a 16-year-old's reading).
    assert re.search(r"^Your meeting  ·  .*  ·  Version \d", text, re.M) and m2.title not in text


def test_readability_comes_from_textstat() -> None:
    easy, words = readability(["We met today. You will stay at your home. Ask us if you want to talk."])
    hard, _ = readability(
        ["Notwithstanding contemporaneous multi-agency safeguarding considerations, accommodation."]
    )
    assert easy > hard and words in ("easy", "fairly easy")


def test_the_disclosure_verb_refuses_a_number_it_did_not_list(ws: Workspace, demo: Case, capsys) -> None:
    ws.repo.create_case(demo)
    args = ["--data", str(ws.data_dir)]
    assert main(["disclosure", "DEMO-1", "M2", "--reader", "family", "--allow", "9", *args]) == 2
    assert "passage 9: there are 2 to settle (numbers 1 to 2)" in capsys.readouterr().err
    assert ws.repo.load_case("DEMO-1").meeting("M2").disclosure_decisions == []


def test_settings_word_list_is_used(demo: Case) -> None:
    own = Settings(user="t", disclosure_words=["football"])
    with pytest.raises(Unsettled) as err:
        build_minutes(demo, "M2", reader="family", settings=own)
    assert "listed word: football" in "\n".join(err.value.lines())
    assert "listed word: Intelligence" not in "\n".join(err.value.lines())


def test_circulated_records_who_got_which_version_and_a_newer_version_raises_an_alert(
    ws: Workspace, demo: Case
) -> None:
    from meetingtui.core.rules.alerts import case_alerts
    from tests.conftest import SAMPLE_TODAY

    ws.repo.create_case(demo)
    args = ["--data", str(ws.data_dir)]
    sent = ["circulated", "DEMO-1", "M1", "minutes", "--reader", "family", "--to", "Carer A", "--to", "J.T."]
    assert main([*sent, "--by", "Jo Chair", *args]) == 0
    m1 = ws.repo.load_case("DEMO-1").meeting("M1")
    c = m1.circulations[-1]
    assert (c.version, c.reader, c.recipients, c.by) == (1, "family", ["Carer A", "J.T."], "Jo Chair")
    assert not [
        a for a in case_alerts(ws.repo.load_case("DEMO-1"), S, SAMPLE_TODAY) if a.kind == "minutes-superseded"
    ]
    full = all_text(save(build_minutes(ws.repo.load_case("DEMO-1"), "M1", reader="full", settings=S)))
    assert "Carer A" in full  # the distribution list names them
    with ws.repo.transaction("DEMO-1") as tx:
        m = tx.meeting("M1")
        m.version = 2  # approved again as version 2 after a reopening
        tx.put_meeting(m)
    alerts = [
        a for a in case_alerts(ws.repo.load_case("DEMO-1"), S, SAMPLE_TODAY) if a.kind == "minutes-superseded"
    ]
    assert len(alerts) == 1
    assert "version 1 was sent to Carer A, J.T.; version 2 supersedes it" in alerts[0].message


def test_an_agency_sheet_is_complete_on_its_own(demo: Case) -> None:
    text = all_text(save(build_minutes(demo, "M2", reader="actions", settings=S)))
    assert (
        "Report progress to Martin Cole" in text
        and "before the next meeting: Wednesday 16 December 2026" in text
    )
    assert "From item 2, The emergency move and the review clock" in text
    # A2, carried from M1: its item is M1's, and the sheet says so.
    assert re.search(r"From item \d+ of the meeting of [^,]+, Peer group", text), text
    assert "Carried: Delayed by the emergency move." in text
    assert "Not for the family" in text  # A2 and A3 were raised under the restricted peers item


def test_the_home_screen_summary_carries_the_superseded_alert(ws: Workspace, demo: Case) -> None:
    from meetingtui.core.rules.alerts import overview
    from tests.conftest import SAMPLE_TODAY

    ws.repo.create_case(demo)
    assert main(["circulated", "DEMO-1", "M1", "minutes", "--to", "Carer A", "--data", str(ws.data_dir)]) == 0
    with ws.repo.transaction("DEMO-1") as tx:
        m = tx.meeting("M1")
        m.version = 2
        tx.put_meeting(m)
    (row,) = overview(ws.repo, S, SAMPLE_TODAY)
    assert any(a.kind == "minutes-superseded" for a in row.alerts)


async def test_the_meeting_screen_restricts_one_paragraph_of_notes_and_lifts_it_again(
    loaded: Workspace,
) -> None:
    """X on an item lists its paragraphs, decisions and actions; choosing one restricts it (full version only)."""
    from meetingtui.ui.app import make_app
    from meetingtui.ui.dialogs.restrict import RestrictPartDialog
    from meetingtui.ui.screens.meeting import MeetingScreen

    with loaded.repo.transaction("DEMO-1") as tx:
        m = tx.meeting("M2")
        m.items[0].notes = "Motor project referral done.\nContact plan carried."
        tx.put_meeting(m)
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("escape", "X")
        await pilot.pause(0.2)
        assert isinstance(app.screen, RestrictPartDialog)
        assert [p.label for p in app.screen.parts][:2] == [
            "Notes: Motor project referral done.",
            "Notes: Contact plan carried.",
        ]
        await pilot.press("down", "enter")
        await pilot.pause(0.2)
        item = loaded.repo.load_meeting("DEMO-1", "M2").items[0]
        assert (
            item.notes == "Motor project referral done." and item.restricted_notes == "Contact plan carried."
        )
        await pilot.press("X")
        await pilot.pause(0.2)
        assert "[restricted] Notes: Contact plan carried." in [p.label for p in app.screen.parts]
        await pilot.press("down", "enter")
        await pilot.pause(0.2)
    item = loaded.repo.load_meeting("DEMO-1", "M2").items[0]
    assert item.restricted_notes is None and "Contact plan carried." in (item.notes or "")


def test_restricting_a_decision_an_action_and_a_signs_of_safety_line(ws: Workspace, demo: Case) -> None:
    from meetingtui.core.meeting.restrict import Part, toggle

    ws.repo.create_case(demo)
    with pytest.raises(Conflict, match="approved minutes are locked"):
        toggle(ws.repo, "DEMO-1", "M1", "alternatives", Part("action", "A1", "", False))
    with ws.repo.transaction("DEMO-1") as tx:  # reopened, as a chair would before changing approved minutes
        m = tx.meeting("M1")
        m.status = "draft"
        tx.put_meeting(m)
    toggle(
        ws.repo, "DEMO-1", "M1", "tried", Part("decision", "0", "No further curfew to be proposed.", False)
    )
    toggle(ws.repo, "DEMO-1", "M1", "alternatives", Part("action", "A1", "", False))
    line = demo.meeting("M1").worries
    toggle(ws.repo, "DEMO-1", "M1", "welcome", Part("sos", "worries", line, False))
    case = ws.repo.load_case("DEMO-1")
    m1 = case.meeting("M1")
    assert m1.item("tried").decisions[0].restricted is True and case.action("A1").restricted is True
    assert m1.worries is None and m1.restricted_worries == line


def test_restricting_a_decision_after_a_restricted_one_restricts_that_decision(
    ws: Workspace, demo: Case
) -> None:
    """The family version numbers the decisions it shows; a restricted one before it is not there, so the
    passage's number is not its place in the record."""
    case = demo.copy()
    item = case.meeting("M2").items[1]
    item.decisions = [
        Decision(text="Keep the police log on file", restricted=True),
        Decision(text="Share the plan with MACE"),
    ]
    ws.repo.create_case(case)
    hit = next(h for h in find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings) if "MACE" in h.text)
    decide(ws.repo, "DEMO-1", "M2", hit, "restrict", reader="family", by="Jo Chair")
    decisions = ws.repo.load_meeting("DEMO-1", "M2").items[1].decisions
    assert [d.restricted for d in decisions] == [True, True]
    assert hit.text not in {h.text for h in find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings)}


def test_a_row_of_the_case_record_can_be_rewritten_for_the_version_but_not_restricted(
    ws: Workspace, demo: Case
) -> None:
    """Found from outside: the forum's name ("MACE") and a placement's relationships text could only be
    allowed, so the family's copy said J. is discussed at MACE unless the chair abandoned the check."""
    ws.repo.create_case(demo)
    hit = next(
        h
        for h in find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings)
        if h.where == "forum MACE/name"
    )
    with pytest.raises(UserError, match="rewrite it for this version, or allow it"):
        decide(ws.repo, "DEMO-1", "M1", hit, "restrict", reader="family", by="Jo Chair")
    decide(
        ws.repo,
        "DEMO-1",
        "M1",
        hit,
        "rewrite",
        reader="family",
        by="Jo Chair",
        rewrite="A multi-agency panel",
    )
    _allow_the_rest(ws, "M1", "family")
    case = ws.repo.load_case("DEMO-1")
    assert case.forums[[f.id for f in case.forums].index(hit.place.ref[1])].name == "MACE"  # the record
    family = all_text(save(build_minutes(case, "M1", reader="family", settings=S)))
    assert "A multi-agency panel" in family
    assert "MACE" in all_text(save(build_minutes(case, "M1", reader="full", settings=S)))


def test_a_rewording_that_still_names_a_peer_can_be_rewritten_again(ws: Workspace, demo: Case) -> None:
    """Found from outside: the check asked about a rewrite that still named a peer, but a second rewrite was
    ignored, so on approved minutes the only ways out were to allow the peer's initials or stop."""
    ws.repo.create_case(demo)
    hit = next(h for h in find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings) if "R.K." in h.text)
    first = "J. trusts his youth worker and RK."
    decide(ws.repo, "DEMO-1", "M1", hit, "rewrite", reader="family", by="Jo Chair", rewrite=first)
    again = next(
        h for h in find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings) if h.where == hit.where
    )
    assert again.text == first  # asked again: RK is still a peer
    decide(
        ws.repo,
        "DEMO-1",
        "M1",
        again,
        "rewrite",
        reader="family",
        by="Jo Chair",
        rewrite="J. trusts his youth worker.",
    )
    left = find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings)
    assert hit.where not in {h.where for h in left}
    _allow_the_rest(ws, "M1", "family")
    family = all_text(save(build_minutes(ws.repo.load_case("DEMO-1"), "M1", reader="family", settings=S)))
    assert "J. trusts his youth worker." in family and first not in family and hit.text not in family


def test_the_cli_saves_no_decision_when_one_of_them_is_refused(ws: Workspace, demo: Case, capsys) -> None:
    """Found from outside: `--restrict 2 --allow 1` on approved minutes exited 2 (nothing changed, the README
    says) having saved the allow."""
    ws.repo.create_case(demo)
    with ws.repo.transaction("DEMO-1") as tx:
        meeting = tx.meeting("M1")
        meeting.status = "approved"
        tx.put_meeting(meeting)
    before = ws.repo.case_path("DEMO-1").read_bytes()
    hits = find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings)
    n = next(i for i, h in enumerate(hits, 1) if can_restrict(h.place))
    other = next(i for i in range(1, len(hits) + 1) if i != n)
    args = ["--data", str(ws.data_dir), "disclosure", "DEMO-1", "M1", "--reader", "family"]
    assert main([*args, "--restrict", str(n), "--allow", str(other)]) == 2
    assert "reopen them first" in capsys.readouterr().err
    assert ws.repo.case_path("DEMO-1").read_bytes() == before
    assert len(find(ws.repo.load_case("DEMO-1"), "M1", "family", ws.settings)) == len(hits)


def test_two_decisions_of_one_item_are_restricted_in_one_pass(ws: Workspace, demo: Case) -> None:
    """Found in review: the second passage's number was the check's, and after the first was restricted it
    pointed at another decision, so the pass failed ("the passage has changed")."""
    case = demo.copy()
    item = case.meeting("M2").items[1]
    item.decisions = [
        Decision(text="Share the plan with MACE", reason="MACE asked for it"),
        Decision(text="Tell MACE the outcome"),
    ]
    ws.repo.create_case(case)
    hits = [h for h in find(ws.repo.load_case("DEMO-1"), "M2", "family", ws.settings) if "MACE" in h.text]
    assert len(hits) == 3
    decide_all(ws.repo, "DEMO-1", "M2", [(h, "restrict", None) for h in hits], reader="family", by="Jo Chair")
    assert all(d.restricted for d in ws.repo.load_meeting("DEMO-1", "M2").items[1].decisions)
