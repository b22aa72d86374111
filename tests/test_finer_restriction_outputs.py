"""Finer restriction reaches every output, not only the minutes: a restricted paragraph, decision, action,
Signs of Safety line or forum note is not searched unless asked, never on the shared screen or in an invite,
and marked RESTRICTED on every list of actions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from meetingtui.cli import main
from meetingtui.core.exports.room import room_view
from meetingtui.core.record.model import Decision, Forum, Item
from meetingtui.core.workspace import Workspace
from tests import factory as f

SECRETS = ["zulupara", "zuludec", "zuluact", "zuluforum", "zulusos"]


@pytest.fixture
def held(ws: Workspace) -> Workspace:
    item = Item(
        key="open",
        title="An open item",
        kind="notes",
        notes="Nothing secret here.",
        restricted_notes="The zulupara paragraph.",
        decisions=[Decision(text="Open decision"), Decision(text="The zuludec decision", restricted=True)],
    )
    meeting = f.meeting(
        "M1",
        date(2026, 11, 20),
        status="in progress",
        items=[item],
        current_item="open",
        restricted_worries="zulusos worry",
        next_meeting=date(2026, 12, 18),
    )
    case = f.case(
        meetings=[meeting, f.meeting("M2", date(2026, 12, 18), status="scheduled")],
        forums=[Forum(id="F1", name="MACE panel", notes="Meets monthly", restricted_notes="zuluforum note")],
        actions=[
            f.action("A1", "M1", date(2026, 11, 1), item_key="open", text="An open action"),
            f.action(
                "A2", "M1", date(2026, 11, 1), item_key="open", text="The zuluact action", restricted=True
            ),
        ],
    )
    ws.repo.create_case(case)
    return ws


def _out(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("word", SECRETS)
def test_search_finds_restricted_parts_only_when_asked(held: Workspace, capsys, word: str) -> None:
    assert word not in _out(capsys, "search", word, "--format", "json").lower()
    assert word in _out(capsys, "search", word, "--include-restricted", "--format", "json").lower()


def test_the_shared_screen_shows_no_restricted_decision_or_action(held: Workspace) -> None:
    case = held.repo.load_case("T1")
    v = room_view(case, case.meeting("M1"), datetime(2026, 11, 20, 10, tzinfo=UTC))
    shown = json.dumps([d.text for d in v.decisions] + [a.text for a in v.actions])
    assert "Open decision" in shown and "An open action" in shown
    assert not any(w in shown for w in SECRETS)


def test_lists_of_actions_mark_a_restricted_action(held: Workspace, capsys) -> None:
    rows = json.loads(_out(capsys, "actions", "--format", "json", "--as-of", "2026-11-26"))
    assert {r["action_id"]: r["restricted"] for r in rows} == {"A1": False, "A2": True}
    alerts = json.loads(_out(capsys, "alerts", "--format", "json", "--as-of", "2026-11-26"))
    (late,) = [a for a in alerts if a["kind"] == "actions-overdue"]
    assert late["restricted"] is True and late["message"].startswith("[RESTRICTED]")


def test_an_invitation_carries_none_of_it(held: Workspace, capsys) -> None:
    text = _out(capsys, "ics", "T1", "M2", "-o", "-", "--as-of", "2026-11-26").lower()
    assert "begin:vcalendar" in text
    assert not any(w in text for w in SECRETS)
