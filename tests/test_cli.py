"""The command line's contract: --help everywhere, exit codes 0/1/2, one clear line on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from meetingtui import cli
from meetingtui.cli import main


def _verbs() -> list[str]:
    _, verbs = cli.build_parser()
    return sorted(verbs)


@pytest.mark.parametrize("verb", _verbs())
def test_every_verb_has_help(verb: str, capsys) -> None:
    assert main([verb, "--help"]) == 0
    assert "usage: meetingtui" in capsys.readouterr().out


def test_usage_errors_are_one_line_and_exit_2(capsys) -> None:
    assert main(["cases", "--bogus"]) == 2
    assert main(["no-such-verb"]) == 2
    assert main(["export-case"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert all(line.startswith("meetingtui") for line in err)


def test_unknown_case_is_a_clear_error(capsys) -> None:
    assert main(["export-case", "NOPE", "-o", "x.json"]) == 2
    assert "case NOPE: not found" in capsys.readouterr().err
    assert main(["export-case", "../etc", "-o", "x.json"]) == 2
    assert "not a valid case id" in capsys.readouterr().err


def test_unexpected_fault_exits_1_and_names_the_log(monkeypatch, capsys, tmp_path: Path) -> None:
    from meetingtui.commands import cases

    def boom(_args):
        raise RuntimeError("secret note text must not be logged")

    monkeypatch.setattr(cases, "run", boom)
    assert main(["cases"]) == 1
    err = capsys.readouterr().err
    assert "unexpected fault (RuntimeError)" in err
    log = tmp_path / "data" / "logs" / "meetingtui.log"
    assert str(log) in err
    text = log.read_text()
    assert "RuntimeError" in text and "secret note text" not in text


def test_python_dash_m_and_the_console_script_both_work(tmp_path: Path) -> None:
    env_bin = Path(sys.executable).parent
    for cmd in (
        [sys.executable, "-m", "meetingtui", "--version"],
        [str(env_bin / "meetingtui"), "--version"],
    ):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        assert out.stdout.startswith("meetingtui ")


def test_cases_lists_id_name_next_meeting_and_counts(capsys, sample_path: Path) -> None:
    assert main(["import", str(sample_path)]) == 0
    capsys.readouterr()
    assert main(["cases", "--as-of", "2026-11-26"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "NAME", "NEXT", "MEETING", "OPEN", "OVERDUE"]
    assert out[2].split() == ["C-0427", "R.M.", "2026-12-10", "3", "2"]


def test_restore_list_and_from(capsys, tmp_path: Path) -> None:
    assert main(["demo"]) == 0
    assert main(["demo", "--replace"]) == 0  # replacing keeps a backup of what was there
    capsys.readouterr()
    assert main(["restore", "DEMO-1", "--list"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[0] == "1"
    assert main(["restore", "DEMO-1", "--from", "1"]) == 0
    assert main(["restore", "DEMO-1", "--from", "9"]) == 2
    assert "no backup number 9" in capsys.readouterr().err


def test_a_bare_meetingtui_opens_the_app_without_building_a_parser() -> None:
    """Nothing to parse: the app starts without argparse (about 5 ms of every start), as ``tui`` would."""
    probe = (
        "import sys; from meetingtui import cli; from meetingtui.commands import tui; "
        "tui.run = lambda args: print(args.verb, getattr(args, 'case', None), 'argparse' in sys.modules) or 7; "
        "sys.exit(cli.main([]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.split()) == (7, ["None", "None", "False"]), done.stderr
