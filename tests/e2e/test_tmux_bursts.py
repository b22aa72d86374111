"""Every form and the capture line typed in a real terminal as ONE ``tmux send-keys`` each (issue 14).

Seen before the fix: ``send-keys "Burst decision alpha" Tab "Burst reason beta gamma" Tab "Burst dissent delta
epsilon" C-s`` saved one run-together decision with no reason, no dissent and its end cut off. Each burst here
is sent without pauses between its keys, then the stored case is checked field by field.

Runs with the suite when tmux is installed (``make e2e`` runs tests/e2e only); skipped otherwise."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from meetingtui.core.store.files.repository import FileRepository
from tests.e2e.tmux import Tmux

pytestmark = pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed")


@pytest.fixture
def term(tmp_path: Path):
    env = {
        "MEETINGTUI_DATA": str(tmp_path / "data"),
        "MEETINGTUI_CONFIG": str(tmp_path / "config"),
        "MEETINGTUI_EXPORTS": str(tmp_path / "exports"),
    }
    exe = Path(sys.executable).parent / "meetingtui"
    subprocess.run([str(exe), "demo"], check=True, env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True)
    t = Tmux(env)
    yield t
    t.stop()


def test_each_form_and_the_capture_line_as_one_send_keys(term: Tmux, tmp_path: Path) -> None:
    term.start("--case", "DEMO-1")
    term.wait_for("Schedule meeting")
    case = FileRepository(tmp_path / "data").load_case("DEMO-1")
    draft = next(m for m in case.meetings if m.status == "draft")
    term.keys("Enter")  # newest first: the draft meeting
    term.wait_for("DRAFT")
    term.keys(
        "C-o",
        "Burst decision alpha",
        "Tab",
        "Burst reason beta gamma",
        "Tab",
        "Burst dissent delta epsilon",
        "C-s",
    )
    term.wait_for("Burst dissent delta epsilon")
    term.keys("C-t", "Refer J. to the motor project", "Tab", "Gra", "Tab", "Tab", "14d", "C-s")
    term.wait_for("Refer J. to the motor project")
    term.keys(
        "C-l",
        "a: @Chris 14d Book the car",
        "Enter",
        "d: No further curfew because of exploitation concern",
        "Enter",
        "Escape",
    )
    term.wait_for("Book the car")
    term.keys("C-g", "n", "Mo Ahmed", "Tab", "Designated teacher", "Tab", "Education", "C-s", "Escape")
    term.wait_for("Mo Ahmed")
    term.keys(
        "c", "therapy", "Enter", "Enter", "Tab", "The family asked for it", "Tab", "Chris would wait", "C-s"
    )
    term.wait_for("Decision recorded: Pursue")
    term.keys("C-q")

    repo = FileRepository(tmp_path / "data")
    case = repo.load_case("DEMO-1")
    meeting = case.meeting(draft.id)
    assert meeting is not None
    decisions = [d for item in meeting.items for d in item.decisions]
    by_text = {d.text: d for d in decisions}
    d = by_text["Burst decision alpha"]
    assert (d.reason, d.dissent) == ("Burst reason beta gamma", "Burst dissent delta epsilon")
    d = by_text["No further curfew"]
    assert d.reason == "exploitation concern"
    pursued = [d for d in decisions if d.text.startswith("Pursue ")]
    assert [(d.reason, d.dissent) for d in pursued] == [("The family asked for it", "Chris would wait")]
    actions = {a.text: a for a in case.actions_of(meeting.id)}
    refer = actions["Refer J. to the motor project"]
    assert refer.owner == "Grace Obi" and refer.due == date.today() + timedelta(days=14)
    assert actions["Book the car"].owner == "Chris Dale"
    mo = next(a for a in meeting.attendees if a.name == "Mo Ahmed")
    assert (mo.role, mo.agency) == ("Designated teacher", "Education")
