"""The correction window: circulating the draft opens it, attendees' corrections are recorded per item and
decided with a reason, approval inside the window asks why, and the approval alert counts from its end."""

from __future__ import annotations

from datetime import UTC, date, datetime

import docx
import pytest

from meetingtui.cli import main
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting import corrections as c
from meetingtui.core.meeting.actions import mark_circulated
from meetingtui.core.meeting.lifecycle import approve_minutes
from meetingtui.core.record.model import Item
from meetingtui.core.rules.alerts import case_alerts
from meetingtui.core.workspace import Workspace
from tests import factory as f

D = date


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 10, 0, tzinfo=UTC)


@pytest.fixture
def held(ws: Workspace) -> Workspace:
    """A draft from a meeting on Mon 14 Dec 2026, circulated for corrections on Thu 17 Dec."""
    items = [
        Item(key="placement", title="The placement", kind="notes", notes="Moved on the 5th."),
        Item(key="actions", title="Actions", kind="actions"),
    ]
    ws.repo.create_case(f.case(meetings=[f.meeting("M1", D(2026, 12, 14), items=items)]))
    mark_circulated(ws.repo, "T1", "M1", "minutes", by="Sam", at="2026-12-17T09:00:00+00:00")
    return ws


def test_the_window_closes_10_working_days_after_circulation_over_christmas(held: Workspace) -> None:
    m = held.repo.load_meeting("T1", "M1")
    # 17 Dec 2026 + 10 working days, skipping 25 and 28 Dec and 1 Jan: Tue 5 Jan 2027.
    assert c.window(m, 10) == (D(2026, 12, 17), D(2027, 1, 5))


def test_the_approval_alert_counts_from_the_windows_end(held: Workspace) -> None:
    case = held.repo.load_case("T1")
    s = held.settings

    def kinds(today: date) -> dict[str, tuple[str, int | None]]:
        return {
            a.kind: (a.severity, a.days)
            for a in case_alerts(case, s, today)
            if "minutes" in a.kind or "correction" in a.kind
        }

    assert kinds(D(2027, 1, 5)) == {"correction-window": ("info", 0)}  # the last day
    # The first day the chair may approve without a reason: approval is due, not yet overdue.
    assert kinds(D(2027, 1, 6)) == {"minutes-approval": ("due", 0)}
    assert kinds(D(2027, 1, 7)) == {"minutes-approval": ("overdue", -1)}  # the day after that
    (late,) = [a for a in case_alerts(case, s, D(2027, 1, 7)) if a.kind == "minutes-approval"]
    assert "the correction window closed 2027-01-05" in late.message
    assert late.source_short == "local: correction_window_working_days = 10"


def test_a_correction_is_recorded_on_its_item_and_a_decline_needs_a_reason(held: Workspace) -> None:
    repo = held.repo
    _, n = c.ask_correction(
        repo, "T1", "M1", "placement", asked_by="PC Reid", text="Moved on the 12th", now=at(D(2026, 12, 18))
    )
    assert n == 1
    with pytest.raises(UserError, match="needs a reason"):
        c.decide_correction(repo, "T1", "M1", "placement", 1, outcome="declined", by="Chair")
    with pytest.raises(UserError, match="no agenda item 'nope'"):
        c.ask_correction(repo, "T1", "M1", "nope", asked_by="X", text="y")
    c.decide_correction(
        repo, "T1", "M1", "placement", 1, outcome="declined", by="Chair", reason="Record says 5th"
    )
    (kept,) = repo.load_meeting("T1", "M1").item("placement").corrections
    assert (kept.asked_by, kept.text, kept.outcome, kept.reason, kept.decided_by) == (
        "PC Reid",
        "Moved on the 12th",
        "declined",
        "Record says 5th",
        "Chair",
    )
    with pytest.raises(Conflict, match="already declined"):
        c.decide_correction(repo, "T1", "M1", "placement", 1, outcome="accepted", by="Chair")


def test_approval_waits_for_every_correction_and_inside_the_window_asks_why(held: Workspace) -> None:
    repo = held.repo
    c.ask_correction(repo, "T1", "M1", "placement", asked_by="PC Reid", text="Moved on the 12th")
    with pytest.raises(Conflict, match="1 correction still to accept or decline"):
        approve_minutes(repo, "T1", "M1", by="Chair", now=at(D(2026, 12, 21)))
    c.decide_correction(repo, "T1", "M1", "placement", 1, outcome="accepted", by="Chair")
    with pytest.raises(UserError, match="open until 2027-01-05; approving before it closes needs a reason"):
        approve_minutes(repo, "T1", "M1", by="Chair", now=at(D(2026, 12, 21)))
    assert repo.load_meeting("T1", "M1").status == "draft"
    m = approve_minutes(
        repo, "T1", "M1", by="Chair", now=at(D(2026, 12, 21)), early_reason="Court on Tuesday"
    )
    assert (
        m.history[-1].note == "approved before the correction window closed on 2027-01-05: Court on Tuesday"
    )


def test_after_the_window_approval_needs_no_reason(held: Workspace) -> None:
    m = approve_minutes(held.repo, "T1", "M1", by="Chair", now=at(D(2027, 1, 6)))
    assert m.status == "approved" and m.history[-1].note is None


def test_the_full_minutes_show_the_corrections_and_the_family_version_does_not(
    held: Workspace, tmp_path
) -> None:
    repo = held.repo
    c.ask_correction(
        repo, "T1", "M1", "placement", asked_by="PC Reid", text="Moved on the 12th", now=at(D(2026, 12, 18))
    )
    c.decide_correction(
        repo,
        "T1",
        "M1",
        "placement",
        1,
        outcome="declined",
        by="Chair",
        reason="Record says 5th",
        now=at(D(2026, 12, 18)),
    )
    approve_minutes(repo, "T1", "M1", by="Chair", now=at(D(2026, 12, 21)), early_reason="Court on Tuesday")

    def text(reader: str) -> str:
        out = tmp_path / f"{reader}.docx"
        assert main(["minutes", "T1", "M1", "--reader", reader, "-o", str(out)]) == 0
        return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)

    full = text("full")
    history = full[full.index("Version history") :].splitlines()
    # In the order it happened, the window's dates kept after approval (found from outside: they vanished, and
    # the corrections were listed after the approval they came before).
    circulated = next(n for n, line in enumerate(history) if line.startswith("Minutes circulated by"))
    assert history[circulated].endswith("the draft was out for corrections until 5 Jan 2027.")
    asked = next(n for n, line in enumerate(history) if "Correction 1 to item 1 (The placement)" in line)
    approved = next(n for n, line in enumerate(history) if line.startswith("Version 1 approved by Chair"))
    assert circulated < asked < approved
    assert "“Moved on the 12th” — declined by Chair: Record says 5th." in history[asked]
    assert "approved before the correction window closed on 2027-01-05: Court on Tuesday" in history[approved]
    assert "Compliance: clocks on the day of the meeting" in full
    family = text("family")
    assert "Moved on the 12th" not in family and "Court on Tuesday" not in family
    assert "Compliance" not in family
    # The family's copy says what happened when, without names, reasons or corrections.
    fam_history = family[family.index("Version history") :].splitlines()[1:]
    assert fam_history[0].startswith("Minutes sent out on") and "Version 1 approved on" in fam_history[1]
    assert not [line for line in fam_history if "Chair" in line or "PC Reid" in line]


def test_the_cli_records_decides_lists_and_approves(held: Workspace, capsys) -> None:
    assert main(["correction", "T1", "M1", "ask", "placement", "Moved on the 12th", "--by", "PC Reid"]) == 0
    assert main(["approve", "T1", "M1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "still to accept or decline" in err[0]
    assert main(["correction", "T1", "M1", "decide", "placement", "1", "accepted", "--by", "Chair"]) == 0
    assert main(["correction", "T1", "M1", "list"]) == 0
    out = capsys.readouterr().out
    assert "PC Reid" in out and "accepted" in out and "Moved on the 12th" in out
    assert main(["correction", "T1", "M1", "ask", "nope", "x", "--by", "A"]) == 2
    assert "no agenda item 'nope'" in capsys.readouterr().err
    assert main(["approve", "T1", "M1", "--early", "Court on Monday"]) == 0
    assert "Recorded: approved before the correction window closed on" in capsys.readouterr().out


def test_a_correction_decided_without_by_is_the_chairs(held: Workspace) -> None:
    """Found from outside: ``decide`` without ``--by`` recorded the login ("declined by root") while approve
    and the TUI name the chair."""
    from meetingtui.core.record.model import Person

    with held.repo.transaction("T1") as tx:
        m = tx.meeting("M1")
        m.chair = Person(name="Martin Cole", role="Chair")
        tx.put_meeting(m)
    assert main(["correction", "T1", "M1", "ask", "placement", "Moved on the 12th", "--by", "PC Reid"]) == 0
    assert (
        main(["correction", "T1", "M1", "decide", "placement", "1", "declined", "--reason", "Says 5th"]) == 0
    )
    (item, *_) = held.repo.load_meeting("T1", "M1").items
    assert item.corrections[0].decided_by == "Martin Cole"


async def test_the_tui_asks_why_when_approving_inside_the_window(loaded: Workspace) -> None:
    from textual import events

    from meetingtui.ui.app import make_app
    from meetingtui.ui.dialogs.form import FormDialog
    from meetingtui.ui.screens.meeting import MeetingScreen

    loaded.today_override = date.today()  # the core judges the window by the real clock
    mark_circulated(loaded.repo, "DEMO-1", "M2", "minutes", by="Sam")
    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("a")
        for _ in range(100):
            if isinstance(app.screen, FormDialog):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, FormDialog)
        labels = " ".join(str(w.render()) for w in app.screen.query("Label"))
        assert "Why approve before the window closes" in labels
        # One burst: the name field is filled; Tab to the reason, type it, save.
        for key in ["tab", *"Court tomorrow", "ctrl+s"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(200):
            if loaded.repo.load_meeting("DEMO-1", "M2").status == "approved":
                break
            await pilot.pause(0.02)
    m = loaded.repo.load_meeting("DEMO-1", "M2")
    assert m.status == "approved"
    assert m.history[-1].note and m.history[-1].note.endswith(": Court tomorrow")


async def test_the_tui_records_and_decides_a_correction_typed_in_bursts(loaded: Workspace) -> None:
    from textual import events

    from meetingtui.ui.app import make_app
    from meetingtui.ui.dialogs.form import FormDialog
    from meetingtui.ui.screens.meeting import MeetingScreen

    def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))

    async def until(pilot, test) -> None:  # type: ignore[no-untyped-def]
        for _ in range(250):
            if test():
                return
            await pilot.pause(0.02)
        raise AssertionError("timed out")

    def stored():  # type: ignore[no-untyped-def]
        m = loaded.repo.load_meeting("DEMO-1", "M2")
        return [c for i in m.items for c in i.corrections]

    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        burst(app, ["f", *"PC Reid", "tab", *"Moved on the 12th", "ctrl+s"])
        await until(pilot, lambda: bool(stored()))
        (asked,) = stored()
        assert (asked.asked_by, asked.text, asked.outcome) == ("PC Reid", "Moved on the 12th", None)
        await until(pilot, lambda: not isinstance(app.screen, FormDialog))
        # Decline it: the reason is typed in the same burst as the keys that reach the field.
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press("space", "down", "enter")  # open the select, Accepted → Declined, pick it
        burst(app, ["ctrl+s"])  # declined with no reason: refused in the form, which stays open
        await until(pilot, lambda: "needs a reason" in str(app.screen.query_one("#err-form").render()))
        assert isinstance(app.screen, FormDialog) and stored()[0].outcome is None
        app.screen.query_one("#f-outcome").focus()
        burst(app, ["enter", *"Record says the 5th", "ctrl+s"])  # Enter moves on to the reason
        await until(pilot, lambda: stored()[0].outcome is not None)
    (decided,) = stored()
    assert (decided.outcome, decided.reason) == ("declined", "Record says the 5th")
