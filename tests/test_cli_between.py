"""The between-meetings verbs: actions, action, alerts, circulated, search, ics. Exit 0 on success, 2 with one
line on bad input, and nothing on disk changed when the input is refused."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from meetingtui.cli import main

AS_OF = ["--as-of", "2026-11-26"]


@pytest.fixture
def demo(capsys) -> Path:
    """The demo case, added as the user would (dates shifted to the day the tests pretend is today)."""
    from datetime import date

    from meetingtui.core.record.demo import demo_case
    from meetingtui.core.workspace import Workspace

    ws = Workspace.open()
    ws.repo.create_case(demo_case(date(2026, 11, 26)))
    capsys.readouterr()
    return ws.repo.case_path("DEMO-1")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --------------------------------------------------------------------------------------------------- actions


def test_actions_table_default_open_sorted(capsys, demo: Path) -> None:
    code, out, _ = run(capsys, "actions", *AS_OF)
    assert code == 0
    rows = [line.split()[:4] for line in out.splitlines()[2:]]
    assert [r[1] for r in rows] == ["A3", "A4", "A2"]
    assert rows[0] == ["DEMO-1", "A3", "2026-11-16", "10d"]


def test_actions_filters(capsys, demo: Path) -> None:
    code, out, _ = run(capsys, "actions", "--agency", "POLICE", "--overdue", *AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(d["action_id"], d["owner"], d["days_overdue"]) for d in data] == [("A3", "PC Owen Reid", 10)]
    _, out, _ = run(capsys, "actions", "--status", "all", "--owner", "nadia", "--format", "json")
    assert [d["action_id"] for d in json.loads(out)] == ["A2"]
    _, out, _ = run(capsys, "actions", "--due-within", "7", *AS_OF, "--format", "json")
    assert [d["action_id"] for d in json.loads(out)] == ["A2"]  # carried to 3 Dec
    _, out, _ = run(capsys, "actions", "--status", "done", "--case", "DEMO-1")
    assert "A1" in out and "A3" not in out
    _, out, _ = run(capsys, "actions", "--owner", "nobody")
    assert out.strip() == "No actions match."


def test_actions_csv_to_file_has_bom_header_and_is_private(capsys, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "actions.csv"
    code, out, _ = run(capsys, "actions", *AS_OF, "--format", "csv", "-o", str(target))
    assert code == 0 and "Wrote 3 actions" in out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["action_id"] for r in rows] == ["A3", "A4", "A2"]
    assert rows[0]["overdue"] == "true" and rows[0]["days_overdue"] == "10"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    # No overwrite without --force.
    code, _, err = run(capsys, "actions", "--format", "csv", "-o", str(target))
    assert code == 2 and "already exists" in one_line_error(err)
    assert run(capsys, "actions", "--format", "csv", "-o", str(target), "--force")[0] == 0


def test_actions_csv_neutralises_formulas(capsys, tmp_path: Path) -> None:
    from datetime import date

    from meetingtui.core.workspace import Workspace
    from tests import factory as f

    Workspace.open().repo.create_case(
        f.case(
            meetings=[f.meeting("M1", date(2026, 9, 1))],
            actions=[f.action("A1", "M1", date(2026, 12, 1), text='=HYPERLINK("x")', owner="@bob")],
        )
    )
    _, out, _ = run(capsys, "actions", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["text"] == '\'=HYPERLINK("x")' and row["owner"] == "'@bob"
    assert not out.startswith("\ufeff")  # the BOM is for files, not pipes


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["actions", "--status", "late"], "invalid choice: 'late'"),
        (["actions", "--due-within", "-1"], "must not be negative"),
        (["actions", "--due-within", "soon"], "is not a whole number"),
        (["actions", "--as-of", "2026-02-30"], "--as-of: '2026-02-30' is not a date"),
        (["actions", "--case", "NOPE"], "case NOPE: not found"),
        (["actions", "--case", "../x"], "not a valid case id"),
        (["actions", "-o", "x.json"], "-o writes csv or json"),
        (
            ["actions", "--format", "json", "-o", "/nonexistent/dir/x.json"],
            "/nonexistent/dir: no such folder",
        ),
    ],
)
def test_actions_bad_input(capsys, demo: Path, argv: list[str], needle: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert needle in one_line_error(err)


# ---------------------------------------------------------------------------------------------------- action


def test_action_update_from_the_command_line(capsys, demo: Path) -> None:
    code, out, _ = run(
        capsys, "action", "DEMO-1", "A3", "carried", "--due", "2w", "--note", "MACE moved", *AS_OF
    )
    assert code == 0 and "now due 2026-12-10" in out
    _, out, _ = run(capsys, "actions", "--case", "DEMO-1", "--format", "json", *AS_OF)
    a3 = next(d for d in json.loads(out) if d["action_id"] == "A3")
    assert a3["status"] == "carried" and a3["current_due"] == "2026-12-10" and not a3["overdue"]
    assert a3["updates"][-1] == {
        "date": "2026-11-26",
        "status": "carried",
        "due": "2026-12-10",
        "note": "MACE moved",
    }
    assert run(capsys, "action", "DEMO-1", "A3", "done", *AS_OF)[0] == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["A3", "carried", "--note", "x"], "needs a new due date"),
        (["A3", "carried", "--due", "2026-11-20", "--note", "x"], "must be after 2026-11-26"),
        (["A3", "carried", "--due", "someday", "--note", "x"], "'someday' is not a date"),
        (["A3", "dropped"], "dropping it needs a reason"),
        (["A3", "done", "--due", "2w"], "only goes with 'carried'"),
        (["A1", "done"], "already done"),
        (["A9", "done"], "no action A9"),
        (["A3", "finished"], "invalid choice"),
        (["A3", "done", "--meeting", "M1"], "approved and final"),
    ],
)
def test_action_bad_input_changes_nothing(capsys, demo: Path, argv: list[str], needle: str) -> None:
    before = demo.read_bytes()
    code, _, err = run(capsys, "action", "DEMO-1", *argv, *AS_OF)
    assert code == 2
    assert needle in one_line_error(err)
    assert demo.read_bytes() == before


# ---------------------------------------------------------------------------------------------------- alerts


def test_alerts_as_of_moves_the_boundary(capsys, demo: Path) -> None:
    # The demo's emergency move was on 2 Nov (shifted); the care review falls due 20 days later.
    def review(day: str) -> tuple[str, int]:
        code, out, _ = run(capsys, "alerts", "--as-of", day, "--format", "json")
        assert code == 0
        (a,) = [x for x in json.loads(out) if x["kind"] == "care-review"]
        return a["severity"], a["days"]

    assert review("2026-11-21") == ("due", 1)
    assert review("2026-11-22") == ("due", 0)
    assert review("2026-11-23") == ("overdue", -1)


def test_alerts_table_and_csv(capsys, demo: Path) -> None:
    code, out, _ = run(capsys, "alerts", *AS_OF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["SEVERITY", "CASE", "DUE", "DAYS"]
    assert any(
        "Care review after emergency move to Larch Lodge due 2026-11-22: 4 days overdue" in x for x in lines
    )
    assert any(x.startswith("OVERDUE") and "Police: A3" in x for x in lines)
    _, out, _ = run(capsys, "alerts", *AS_OF, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"care-review", "actions-overdue"} <= {r["kind"] for r in rows}
    assert (
        next(r for r in rows if r["kind"] == "care-review")["days"] == "-4"
    )  # a number, not a neutralised cell


def test_alerts_bad_input(capsys, demo: Path) -> None:
    code, _, err = run(capsys, "alerts", "--case", "NOPE")
    assert code == 2 and "case NOPE: not found" in one_line_error(err)
    code, _, err = run(capsys, "alerts", "--as-of", "tomorrow")
    assert code == 2 and "is not a date" in one_line_error(err)


# ------------------------------------------------------------------------------------------------ circulated


def test_circulated_clears_the_alert(capsys, demo: Path) -> None:
    def kinds() -> set[str]:
        return {a["kind"] for a in json.loads(run(capsys, "alerts", *AS_OF, "--format", "json")[1])}

    assert "actions-circulation" in kinds()
    code, out, _ = run(capsys, "circulated", "DEMO-1", "M2", "actions", "--by", "Priya Nair")
    assert code == 0 and "marked circulated by Priya Nair" in out
    assert "actions-circulation" not in kinds()


def test_circulated_bad_input_changes_nothing(capsys, demo: Path) -> None:
    before = demo.read_bytes()
    for argv, needle in (
        (["DEMO-1", "M9", "actions"], "no meeting M9"),
        (["DEMO-1", "M2", "agenda"], "invalid choice"),
        (["DEMO-1", "M2", "minutes", "--by", ""], "a name is needed"),
    ):
        code, _, err = run(capsys, "circulated", *argv)
        assert code == 2 and needle in one_line_error(err)
    assert demo.read_bytes() == before


# ---------------------------------------------------------------------------------------------------- search


def test_search_excludes_restricted_unless_asked(capsys, demo: Path) -> None:
    code, out, _ = run(capsys, "search", "POLICE INTELLIGENCE")
    assert code == 0 and out.strip() == "No matches (restricted items and the peer map not searched)."
    code, out, _ = run(capsys, "search", "police intelligence", "--include-restricted")
    assert code == 0 and "[RESTRICTED] Peer group and managed contact" in out
    _, out, _ = run(capsys, "search", "motor", "--format", "json", "--case", "DEMO-1")
    hits = json.loads(out)
    assert hits and all(h["case_id"] == "DEMO-1" and not h["restricted"] for h in hits)
    assert {"item notes", "action A1 text"} <= {h["field"] for h in hits}


def test_search_bad_input(capsys, demo: Path) -> None:
    code, _, err = run(capsys, "search", "  ")
    assert code == 2 and "give some text" in one_line_error(err)
    code, _, err = run(capsys, "search", "x", "--format", "csv")
    assert code == 2 and "invalid choice" in one_line_error(err)


# ------------------------------------------------------------------------------------------------------- ics


@pytest.fixture
def scheduled(demo: Path) -> Path:
    from datetime import date

    from meetingtui.core.workspace import Workspace
    from tests import factory as f

    repo = Workspace.open().repo
    with repo.transaction("DEMO-1") as tx:
        tx.put_meeting(
            f.meeting("M3", date(2026, 12, 16), status="scheduled", start="10:00", location="Teams")
        )
    return demo


def test_ics_next_meeting_to_the_exports_folder(capsys, scheduled: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "ics", "DEMO-1", *AS_OF)
    assert code == 0
    target = tmp_path / "exports" / "DEMO-1-M3.ics"
    assert str(target) in out
    data = target.read_bytes()
    assert b"DTSTART;TZID=Europe/London:20261216T100000\r\n" in data
    assert b"J.T." not in data
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    code, _, err = run(capsys, "ics", "DEMO-1", *AS_OF)
    assert code == 2 and "already exists (use --force" in one_line_error(err)
    assert run(capsys, "ics", "DEMO-1", *AS_OF, "--force")[0] == 0


def test_ics_named_meeting_to_stdout(capsys, scheduled: Path) -> None:
    code, out, _ = run(capsys, "ics", "DEMO-1", "M1", "-o", "-")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR\r\n")
    assert "UID:DEMO-1.M1@meetingtui\r\n" in out


def test_ics_errors(capsys, demo: Path) -> None:
    code, _, err = run(capsys, "ics", "DEMO-1", *AS_OF)
    assert code == 2
    assert "no upcoming meeting; the last meeting agreed 2026-12-16: schedule it first" in one_line_error(err)
    code, _, err = run(capsys, "ics", "DEMO-1", "M9")
    assert code == 2 and "no meeting M9" in one_line_error(err)
    code, _, err = run(capsys, "ics", "NOPE")
    assert code == 2 and "case NOPE: not found" in one_line_error(err)


def test_these_verbs_do_not_import_textual_or_docx(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        f"os.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
        "from meetingtui.cli import main\n"
        "for verb in (['actions'], ['alerts'], ['search', 'x']):\n"
        "    assert main(verb) == 0\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "meetingtui.core.rules.alerts" in loaded and "meetingtui.core.search.scan" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "docx")}
