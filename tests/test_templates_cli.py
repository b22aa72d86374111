"""meetingtui templates list / check / show, as a chair would use them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from meetingtui.cli import main
from tests.test_templates import GOOD, write


def test_list_shows_items_minutes_and_source(capsys) -> None:
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "TITLE", "ITEMS", "MINUTES", "SOURCE"]
    rows = {line.split()[0]: line.split() for line in out[2:7]}
    assert list(rows) == [
        "professionals-meeting",
        "peer-group-contact",
        "multi-agency-coordination",
        "emergency-move-review",
        "case-reflection",
    ]
    assert rows["professionals-meeting"][-3:] == ["10", "95", "built-in"]
    assert rows["emergency-move-review"][-3:] == ["7", "55", "built-in"]
    assert out[7].startswith("Your own templates: ")


def test_list_warns_on_stderr_about_a_broken_user_template_and_lists_the_rest(tmp_path: Path, capsys) -> None:
    agendas = tmp_path / "config" / "agendas"
    write(agendas, "mine.toml", GOOD)
    write(agendas, "reflection.toml", GOOD.replace('id = "mine"', 'id = "case-reflection"'))
    bad = write(agendas, "bad.toml", GOOD.replace('kind = "actions"', 'kind = "todo"'))
    assert main(["templates", "list"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f'warning: {bad}:15: item 2: kind "todo" is not known')
    assert "template skipped" in captured.err
    lines = captured.out.splitlines()
    assert lines[6].split() == [
        "case-reflection",
        "My",
        "meeting",
        "2",
        "15",
        "user",
        "(replaces",
        "built-in)",
    ]
    assert lines[7].split() == ["mine", "My", "meeting", "2", "15", "user"]


def test_list_as_json(capsys) -> None:
    assert main(["templates", "list", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["minutes"] for d in data] == [95, 60, 65, 55, 60]
    assert all(d["builtin"] and d["marking"] == "OFFICIAL-SENSITIVE" for d in data)


def test_check_all_ok(capsys) -> None:
    assert main(["templates", "check"]) == 0
    assert capsys.readouterr().out == "5 templates OK\n"


def test_check_reports_every_problem_and_exits_2(tmp_path: Path, capsys) -> None:
    a = write(tmp_path, "a.toml", GOOD.replace("timebox_minutes = 5", "timebox_minutes = -1"))
    b = write(tmp_path, "b.toml", GOOD.replace('title = "Actions"', "title = "))
    good = write(tmp_path, "good.toml", GOOD)
    assert main(["templates", "check", str(a), str(good), str(b)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{a}:9: item 1: timebox_minutes must not be negative (got -1)",
        f'{b}:14: TOML syntax error at column 9: not a valid value (text needs quotes: "...")',
    ]
    assert main(["templates", "check", str(good)]) == 0
    assert capsys.readouterr().out == "1 template OK\n"
    assert main(["templates", "check", str(tmp_path / "none.toml")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'none.toml'}: no such file\n"


def test_check_without_files_covers_user_and_extra_folders(tmp_path: Path, capsys) -> None:
    write(tmp_path / "config" / "agendas", "mine.toml", GOOD)
    extra = tmp_path / "extra"
    bad = write(extra, "x.toml", GOOD.replace('key = "actions"', 'key = "welcome"'))
    assert main(["templates", "check", "--templates", str(extra)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f'{bad}:13: item 2: key "welcome" is already used on line 6 (item keys must be unique)'
    ]
    bad.unlink()
    assert main(["templates", "check", "--templates", str(extra)]) == 0
    assert capsys.readouterr().out == "6 templates OK\n"


def test_show_prints_the_toml_to_copy(tmp_path: Path, capsys) -> None:
    assert main(["templates", "show", "emergency-move-review"]) == 0
    text = capsys.readouterr().out
    assert tomllib.loads(text)["id"] == "emergency-move-review"
    copy = write(
        tmp_path / "config" / "agendas", "move.toml", text.replace("Emergency move review", "Our move")
    )
    assert main(["templates", "list", "--format", "json"]) == 0
    data = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert data["emergency-move-review"]["title"] == "Our move"
    assert data["emergency-move-review"]["source"] == str(copy)
    assert main(["templates", "show", "nope"]) == 2
    assert "template nope: not found (known: professionals-meeting" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["templates", "list"], ["catalogue", "--search", "order"]])
def test_these_verbs_do_not_import_textual(tmp_path: Path, argv: list[str]) -> None:
    code = (
        "import os, sys\n"
        f"os.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
        f"os.environ['MEETINGTUI_CONFIG'] = {str(tmp_path)!r}\n"
        "from meetingtui.cli import main\n"
        f"main({argv!r})\n"
        "print('textual' in sys.modules, 'meetingtui.core.config.tomlcheck' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "False True"
