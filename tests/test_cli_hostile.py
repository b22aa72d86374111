"""Hostile input and a failing disk on the command line (issues 13 §4 and 19): one line each, the right exit
status, never a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from meetingtui.cli import main
from meetingtui.core import disk
from meetingtui.core.record.demo import demo_case
from meetingtui.core.workspace import Workspace
from tests.conftest import SAMPLE_TODAY


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in cap.err, cap.err
    return lines[0]


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO])
def test_a_disk_that_refuses_exits_3_not_2(
    err: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()

    def refuse(path: Path) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(disk, "before_replace", refuse)
    assert main(["action", "DEMO-1", "A4", "done", "--as-of", "2026-11-26"]) == 3
    assert os.strerror(err) in _one_line(capsys)


def test_bad_input_still_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["demo"]) == 0
    assert main(["minutes", "DEMO-1", "M1", "--exports", str(blocker / "sub")]) == 2
    assert "in the way" in _one_line(capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["actions", "--due-within", "30", "--as-of", "9999-12-20"],
        ["actions", "--due-within", "3660", "--as-of", "9990-01-01", "--format", "json"],
        ["action", "DEMO-1", "A1", "carried", "--due", "3m", "--note", "x", "--as-of", "9999-12-20"],
        ["action", "DEMO-1", "A1", "carried", "--due", "2w", "--note", "x", "--as-of", "9999-12-30"],
        ["action", "DEMO-1", "A1", "carried", "--due", "fri", "--note", "x", "--as-of", "9999-12-31"],
        ["action", "DEMO-1", "A1", "carried", "--due", "tomorrow", "--note", "x", "--as-of", "9999-12-31"],
    ],
)
def test_far_dates_are_bad_input(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(argv) == 2
    assert "9999-12-31" in _one_line(capsys)


def _case_file(tmp_path: Path, name: str, edit) -> Path:  # type: ignore[no-untyped-def]
    doc = {"format": "meetingtui-case", "version": 3, "case": demo_case(SAMPLE_TODAY).to_dict()}
    edit(doc)
    path = tmp_path / name
    path.write_bytes(orjson.dumps(doc))
    return path


def test_every_schema_problem_line_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def two_problems(doc: dict) -> None:
        doc["case"]["actions"][1]["due"] = "soon"
        doc["case"]["actions"][2]["status"] = "??"

    path = _case_file(tmp_path, "case.json", two_problems)
    assert main(["import", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: case.actions[1].due: ")
    assert lines[1].startswith(f"{path}: case.actions[2].status: ")


def test_a_missing_case_object_gets_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case_file(tmp_path, "nocase.json", lambda d: d.pop("case"))
    assert main(["import", str(path)]) == 2
    assert _one_line(capsys) == f"{path}: (top level): missing required field 'case'"


def test_a_lone_surrogate_is_named_as_text_that_is_not_unicode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "surrogate.json"
    # A proper pair (an emoji) on line 2 is fine; the lone high half on line 3 is what is wrong.
    path.write_bytes(b'{"format": "meetingtui-case",\n "a": "\\ud83d\\ude00",\n "b": "ok \\ud800 x"}')
    assert main(["import", str(path)]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"{path}: text that is not valid Unicode at line 3 column 11")
    assert "low surrogate" not in line


def test_an_ignored_setting_is_said_on_standard_error_by_every_verb(ws: Workspace, capsys) -> None:  # type: ignore[no-untyped-def]
    """Found from outside: an unknown key or a bad value in config.toml was reported only by the TUI; a verb
    applied the default in silence."""
    ws.config_dir.mkdir(parents=True, exist_ok=True)
    (ws.config_dir / "config.toml").write_text(
        'review_days_after_emergency = "x"\nfavourite_colour = "red"\n'
    )
    assert main(["--config", str(ws.config_dir), "cases"]) == 0
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert any("review_days_after_emergency" in line for line in err)
    assert any("unknown setting 'favourite_colour'" in line for line in err)
    assert all(line.startswith("meetingtui: warning: ") for line in err)
    assert "warning" not in captured.out
