"""The whole meeting through a real terminal (tmux): what a chair and minute-taker do, key by key.

Runs with the suite when tmux is installed (``make e2e`` runs only this); skipped otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.core.store.files.repository import FileRepository
from tests.e2e.tmux import Tmux

pytestmark = pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed")


@pytest.fixture
def term(tmp_path: Path):
    t = Tmux(
        {
            "MEETINGTUI_DATA": str(tmp_path / "data"),
            "MEETINGTUI_CONFIG": str(tmp_path / "config"),
            "MEETINGTUI_EXPORTS": str(tmp_path / "exports"),
        }
    )
    yield t
    t.stop()


def test_a_meeting_from_an_empty_data_folder_to_approved_minutes(term: Tmux, tmp_path: Path) -> None:
    term.start()
    term.wait_for("load the fictional demo case")
    term.keys("d")
    term.wait_for("DEMO-1")
    term.keys("Enter")
    term.wait_for("Schedule meeting")
    term.keys("m")
    term.wait_for("Schedule a meeting for J.T.")
    term.keys("Tab")
    term.keys("Tab")
    term.type("2w")
    term.keys("C-s")
    term.wait_for("scheduled")
    term.keys("Enter")
    term.wait_for("SCHEDULED")
    term.keys("s")
    term.wait_for("IN PROGRESS")
    term.wait_for("still need a disposition")
    # The demo case owes three earlier actions. Dispose of each: Tab to the review table, Enter, Ctrl+S
    # (Done is the default disposition).
    owed = 3
    term.keys("Tab")
    term.keys("Tab")
    for done in range(1, owed + 1):
        term.keys("Enter", pause=0.3)
        term.wait_for("Disposition")
        term.keys("C-s", pause=0.3)
        term.wait_for(f"{owed - done} of {owed}")
        term.keys("Down")
    term.wait_for("0 of")
    term.keys("C-Down")
    term.keys("C-l")
    term.type("a: @Chris 14d Refer J. to the motor project")
    term.keys("Enter")
    term.wait_for("A5 Chris Dale")
    term.keys("Escape")
    term.keys("C-r")
    term.wait_for("Decisions so far")
    term.keys("C-r")
    term.wait_for("Agenda")
    term.keys("e")
    term.wait_for("End the meeting?")
    term.keys("y")
    term.wait_for("Meeting ended")
    term.keys("Escape")
    term.keys("a")
    term.wait_for("Approve these minutes")
    term.keys("C-s")
    term.wait_for("APPROVED")
    term.keys("C-q")

    repo = FileRepository(tmp_path / "data")
    case = repo.load_case("DEMO-1")
    meeting = max(case.meetings, key=lambda m: m.date)
    assert meeting.status == "approved"
    assert [a.text for a in case.actions_of(meeting.id)] == ["Refer J. to the motor project"]
