"""No raw control characters on standard output: a note can hold ESC or BEL (pasted, or hostile), and a CSV
piped to a terminal must not recolour it or ring its bell. They become the symbols Unicode keeps for them."""

from __future__ import annotations

from datetime import date

from meetingtui.cli import main
from meetingtui.commands._output import visible
from meetingtui.core.workspace import Workspace
from tests import factory as f


def test_actions_csv_shows_control_characters_as_visible_symbols(ws: Workspace, capsys) -> None:
    ws.repo.create_case(
        f.case(
            id="C1",
            meetings=[f.meeting("M1", date(2026, 10, 1))],
            actions=[
                f.action("A1", "M1", date(2026, 11, 1), text="=cmd|calc esc\x1b[31m bel\x07 del\x7f end")
            ],
        )
    )
    capsys.readouterr()
    assert main(["--data", str(ws.data_dir), "actions", "--format", "csv", "--status", "all"]) == 0
    out = capsys.readouterr().out
    assert not any((ord(c) < 0x20 and c not in "\r\n") or 0x7F <= ord(c) < 0xA0 for c in out), repr(out)
    assert "'=cmd|calc esc␛[31m bel␇ del␡ end" in out


def test_visible_keeps_line_breaks_and_tabs_that_move_nothing() -> None:
    assert visible("a\r\nb\tc\rd\x00e\x85f") == "a\nb\tc␍d␀e�f"
    assert visible("Zoë ✓") == "Zoë ✓"
