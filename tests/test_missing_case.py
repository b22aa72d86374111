"""A case file deleted from cases/ is reported (as a damaged file is) by ``cases``, ``actions`` and ``alerts``,
and ``restore`` brings it back from its backups without claiming to have backed up a file that was not there
(issue 13 §3)."""

from __future__ import annotations

import orjson
import pytest

from meetingtui.cli import main
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace

CASE = "DEMO-1"


@pytest.fixture
def deleted(capsys: pytest.CaptureFixture[str]) -> FileRepository:
    """DEMO-1 saved in a second session (so it has a backup), then its file deleted."""
    assert main(["demo"]) == 0
    assert main(["action", CASE, "A4", "done", "--as-of", "2026-11-26"]) == 0
    repo = Workspace.open().repo
    repo.case_path(CASE).unlink()
    capsys.readouterr()
    return repo  # type: ignore[return-value]


def test_cases_actions_and_alerts_say_a_case_file_is_missing(
    deleted: FileRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cases", "--format", "json"]) == 0
    rows = orjson.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [CASE] and "missing" in rows[0]["problem"]
    assert "restore DEMO-1 --list" in rows[0]["problem"]

    assert main(["actions"]) == 0
    err = capsys.readouterr().err
    assert f"case {CASE} skipped" in err and "missing" in err

    assert main(["alerts", "--format", "json"]) == 0
    damaged = [a for a in orjson.loads(capsys.readouterr().out) if a["kind"] == "damaged"]
    assert [a["case_id"] for a in damaged] == [CASE] and "missing" in damaged[0]["message"]


def test_restore_offers_the_backups_of_a_deleted_case_and_says_nothing_was_there_to_keep(
    deleted: FileRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", CASE, "--list"]) == 0
    assert "ok" in capsys.readouterr().out
    before = len(deleted.backups(CASE))
    assert main(["restore", CASE]) == 0
    out = capsys.readouterr().out
    assert "backed up first" not in out and "no case file to replace" in out
    assert len(deleted.backups(CASE)) == before  # and indeed no backup of a file that was not there
    assert main(["cases", "--format", "json"]) == 0
    assert orjson.loads(capsys.readouterr().out)[0]["problem"] == ""


def test_a_mistyped_case_id_is_still_just_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["cases", "--format", "json"]) == 0
    assert [r["problem"] for r in orjson.loads(capsys.readouterr().out)] == [""]
    assert main(["alerts", "--case", "NOPE"]) == 2
    assert "not found" in capsys.readouterr().err


def test_the_home_screen_lists_a_missing_case_as_damaged(deleted: FileRepository) -> None:
    from meetingtui.core.rules.alerts import overview

    ws = Workspace.open()
    rows = overview(ws.repo, ws.settings, ws.today())
    assert [(o.case_id, o.damaged is not None) for o in rows] == [(CASE, True)]
    assert "missing" in str(rows[0].damaged) and "restore DEMO-1 --list" in str(rows[0].damaged)
