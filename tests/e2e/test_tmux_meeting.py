"""The whole meeting through a real terminal (tmux): what a chair and minute-taker do, each step as one burst of keys.

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
    """Each step is ONE ``send-keys``, as a practised chair types: the keys that open a form, fill it and save
    it (or that change the screen and go on typing) arrive together; the stored case is checked at the end."""
    term.start()
    term.wait_for("load the fictional demo case")
    term.keys("d")
    term.wait_for("DEMO-1")
    term.keys("Enter")
    term.wait_for("Schedule meeting")
    term.keys("m", "Tab", "Tab", "2w", "C-s")  # open the form, fill it, save it
    term.wait_for("scheduled")
    term.keys("Enter", "s")  # open the meeting and start it
    term.wait_for("IN PROGRESS")
    term.wait_for("still need a disposition")
    # The demo case owes three earlier actions: Tab to the review table, then Enter, Ctrl+S (Done is the
    # default disposition) and Down for each, all in one burst.
    term.keys("Tab", "Tab", *["Enter", "C-s", "Down"] * 3)
    term.wait_for("0 of 3")
    term.keys("C-Down", "i", "Referral agreed; J. wants to stay near college.")
    term.keys(
        "C-l",
        "a: @Chris 14d Refer J. to the motor project",
        "Enter",
        "d: Keep Larch Lodge because of his college place dissent: PC Reid would move him",
        "Enter",
    )
    term.wait_for("A5 Chris Dale")
    term.keys("Escape")
    term.keys("C-r")
    term.wait_for("Decisions so far")
    term.keys("C-r")
    term.wait_for("Agenda")
    term.keys("e", "y")  # end, and confirm
    term.wait_for("Meeting ended")
    term.keys("Escape")
    term.keys("a", "C-s")  # approve, and confirm
    term.wait_for("APPROVED")
    term.keys("C-q")

    repo = FileRepository(tmp_path / "data")
    case = repo.load_case("DEMO-1")
    meeting = max(case.meetings, key=lambda m: m.date)
    assert meeting.status == "approved"
    assert [a.text for a in case.actions_of(meeting.id)] == ["Refer J. to the motor project"]
    assert case.actions_of(meeting.id)[0].owner == "Chris Dale"
    second = meeting.items[1]
    assert second.notes == "Referral agreed; J. wants to stay near college."
    (decision,) = second.decisions
    assert (decision.text, decision.reason, decision.dissent) == (
        "Keep Larch Lodge",
        "his college place",
        "PC Reid would move him",
    )
    disposed = [u for a in case.actions for u in a.updates if u.meeting_id == meeting.id]
    assert len(disposed) == 3 and {u.status for u in disposed} == {"done"}
