"""meetingtui record: the statutory facts recorded between meetings. Each success is one line and lands in the
exported case file; each refusal is one line, exit 2, and leaves the case file exactly as it was."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from meetingtui.cli import main
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Case
from meetingtui.core.workspace import Workspace
from tests.conftest import SAMPLE_TODAY

TODAY = SAMPLE_TODAY  # 2026-11-26: the demo's dates are moved to it
AS_OF = ["--as-of", TODAY.isoformat()]


def _store(tmp_path: Path, case: Case) -> str:
    folder = tmp_path / "store"
    Workspace.open(data=folder, config=tmp_path / "config").repo.create_case(case)
    return str(folder)


@pytest.fixture
def data(tmp_path: Path) -> str:
    """The demo case with none of the statutory facts on record yet: what each command adds is all there is."""
    case = demo_case(TODAY)
    case.visits, case.reviews, case.review_requests, case.looked_after_since = [], [], [], None
    for p in case.placements:
        p.notifications, p.out_of_area = [], None
    return _store(tmp_path, case)


@pytest.fixture
def full(tmp_path: Path) -> str:
    """The demo case as it comes, with whatever facts it already carries."""
    return _store(tmp_path, demo_case(TODAY))


@pytest.fixture
def demo() -> Case:
    return demo_case(TODAY)


def record(capsys: pytest.CaptureFixture[str], data: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["record", *argv, "--data", data, *AS_OF])
    out = capsys.readouterr()
    return code, out.out, out.err


def exported(data: str, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "export.json"
    assert main(["export-case", "DEMO-1", "-o", str(out), "--force", "--data", data]) == 0
    doc = orjson.loads(out.read_bytes())
    assert doc["version"] == 3
    return doc["case"]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _without(case: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k not in keys}


def _placement(case: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in case["placements"] if p["id"] == pid)


def _inserted(rows: list[dict[str, Any]], row: dict[str, Any]) -> list[dict[str, Any]]:
    """``rows`` with ``row`` added where a dated fact goes: after every row of its day or earlier."""
    at = len(rows)
    while at > 0 and rows[at - 1]["date"] > row["date"]:
        at -= 1
    return [*rows[:at], row, *rows[at:]]


# ------------------------------------------------------------------------------------------------- visits


def test_a_visit_is_recorded_with_every_detail(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, err = record(
        capsys,
        data,
        "DEMO-1",
        "visit",
        "--date",
        "2026-11-20",
        "--by",
        "Nadia Fenwick",
        "--placement",
        "P2",
        "--seen-alone",
        "--note",
        "Seen at Larch Lodge; settling in.",
    )
    assert (code, err) == (0, "")
    assert one_line(out) == (
        "Case DEMO-1: recorded visit on 2026-11-20 by Nadia Fenwick to placement P2, seen alone."
    )
    after = exported(data, tmp_path)
    assert after["visits"] == [
        {
            "date": "2026-11-20",
            "by": "Nadia Fenwick",
            "placement_id": "P2",
            "seen_alone": True,
            "note": "Seen at Larch Lodge; settling in.",
        },
    ]
    assert _without(after, "visits") == _without(before, "visits")  # nothing else touched


def test_a_short_visit_and_not_seen_alone(capsys, data: str, tmp_path: Path) -> None:
    code, out, _ = record(capsys, data, "DEMO-1", "visit", "--date", "2026-11-24", "--not-seen-alone")
    assert code == 0
    assert one_line(out) == "Case DEMO-1: recorded visit on 2026-11-24, not seen alone."
    assert exported(data, tmp_path)["visits"][-1] == {"date": "2026-11-24", "seen_alone": False}


def test_visits_are_kept_in_date_order_and_one_recorded_twice_counts_once(
    capsys, data: str, tmp_path: Path
) -> None:
    assert record(capsys, data, "DEMO-1", "visit", "--date", "2026-11-20", "--by", "NF")[0] == 0
    assert record(capsys, data, "DEMO-1", "visit", "--date", "2026-11-05", "--by", "NF")[0] == 0
    code, out, _ = record(capsys, data, "DEMO-1", "visit", "--date", "2026-11-20", "--by", "NF")
    assert code == 0
    assert one_line(out) == "Case DEMO-1: already recorded: visit on 2026-11-20 by NF; nothing changed."
    mine = [v for v in exported(data, tmp_path)["visits"] if v.get("by") == "NF"]
    assert mine == [{"date": "2026-11-05", "by": "NF"}, {"date": "2026-11-20", "by": "NF"}]


def test_today_is_a_date_and_options_may_come_before_the_fact(capsys, data: str, tmp_path: Path) -> None:
    capsys.readouterr()
    assert main(["record", "--data", data, "DEMO-1", "visit", "--date", "today", *AS_OF]) == 0
    assert one_line(capsys.readouterr().out) == f"Case DEMO-1: recorded visit on {TODAY.isoformat()}."


# ----------------------------------------------------------------------------------- reviews and requests


def test_a_review_of_the_care_plan(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, _ = record(
        capsys,
        data,
        "DEMO-1",
        "review",
        "--date",
        "2026-11-25",
        "--by",
        "Grace Obi",
        "--note",
        "Plan agreed.",
    )
    assert code == 0
    assert (
        one_line(out) == "Case DEMO-1: recorded review of the care plan on 2026-11-25 chaired by Grace Obi."
    )
    after = exported(data, tmp_path)
    assert after["reviews"] == [{"date": "2026-11-25", "by": "Grace Obi", "note": "Plan agreed."}]
    assert _without(after, "reviews") == _without(before, "reviews")
    code, out, _ = record(capsys, data, "DEMO-1", "review", "--date", "2026-11-26")
    assert code == 0 and one_line(out) == "Case DEMO-1: recorded review of the care plan on 2026-11-26."
    assert exported(data, tmp_path)["reviews"][1:] == [{"date": "2026-11-26"}]


def test_a_request_for_an_earlier_review(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, _ = record(
        capsys,
        data,
        "DEMO-1",
        "review-request",
        "--date",
        "2026-11-03",
        "--by",
        "Grace Obi",
        "--reason",
        "Emergency move.",
    )
    assert code == 0
    assert one_line(out) == "Case DEMO-1: recorded request for an earlier review on 2026-11-03 by Grace Obi."
    after = exported(data, tmp_path)
    assert after["review_requests"] == [
        {"date": "2026-11-03", "by": "Grace Obi", "reason": "Emergency move."}
    ]
    assert _without(after, "review_requests") == _without(before, "review_requests")


# -------------------------------------------------------------------------------------------- placements


def test_a_notice_of_a_placement_starting_and_of_one_ending(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, _ = record(
        capsys, data, "DEMO-1", "notification", "P2", "--to", "iro", "--date", "2026-11-04", "--by", "NF"
    )
    assert code == 0
    assert (
        one_line(out)
        == "Case DEMO-1: recorded notice to IRO of placement P2 starting, sent on 2026-11-04 by NF."
    )
    code, out, _ = record(
        capsys,
        data,
        "DEMO-1",
        "notification",
        "P1",
        "--to",
        "school",
        "--about",
        "end",
        "--date",
        "2026-11-06",
        "--note",
        "Letter to the designated teacher.",
    )
    assert code == 0
    assert (
        one_line(out) == "Case DEMO-1: recorded notice to school of placement P1 ending, sent on 2026-11-06."
    )
    after = exported(data, tmp_path)
    assert _placement(after, "P2")["notifications"] == [{"to": "IRO", "date": "2026-11-04", "by": "NF"}]
    assert _placement(after, "P1")["notifications"] == [
        {"to": "school", "about": "end", "date": "2026-11-06", "note": "Letter to the designated teacher."},
    ]
    assert _without(after, "placements") == _without(before, "placements")
    # The same notice again (start given, or left to mean start) is already on record.
    code, out, _ = record(
        capsys,
        data,
        "DEMO-1",
        "notification",
        "P2",
        "--to",
        "IRO",
        "--about",
        "start",
        "--date",
        "2026-11-04",
        "--by",
        "NF",
    )
    assert code == 0 and "already recorded" in one_line(out)
    assert exported(data, tmp_path) == after


def test_looked_after_since(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, _ = record(capsys, data, "DEMO-1", "looked-after-since", "2025-03-09")
    assert code == 0 and one_line(out).startswith("Case DEMO-1: recorded looked after since 2025-03-09")
    after = exported(data, tmp_path)
    assert after["looked_after_since"] == "2025-03-09"
    assert _without(after, "looked_after_since") == _without(before, "looked_after_since")
    code, out, _ = record(capsys, data, "DEMO-1", "looked-after-since", "2025-03-09")
    assert code == 0
    assert one_line(out) == "Case DEMO-1: already recorded: looked after since 2025-03-09; nothing changed."
    code, out, _ = record(capsys, data, "DEMO-1", "looked-after-since", "2025-03-01")
    assert one_line(out) == "Case DEMO-1: recorded looked after since 2025-03-01 (was 2025-03-09)."
    assert exported(data, tmp_path)["looked_after_since"] == "2025-03-01"


def test_out_of_area(capsys, data: str, tmp_path: Path) -> None:
    before = exported(data, tmp_path)
    code, out, _ = record(capsys, data, "DEMO-1", "out-of-area", "P2", "yes")
    assert code == 0 and one_line(out) == "Case DEMO-1: recorded placement P2 as out of area."
    after = exported(data, tmp_path)
    assert _placement(after, "P2")["out_of_area"] is True
    assert _without(_placement(after, "P2"), "out_of_area") == _without(
        _placement(before, "P2"), "out_of_area"
    )
    assert _placement(after, "P1") == _placement(before, "P1")
    code, out, _ = record(capsys, data, "DEMO-1", "out-of-area", "P2", "yes")
    assert one_line(out) == "Case DEMO-1: already recorded: placement P2 as out of area; nothing changed."
    code, out, _ = record(capsys, data, "DEMO-1", "out-of-area", "P2", "no")
    assert code == 0 and one_line(out) == "Case DEMO-1: recorded placement P2 as not out of area."
    assert _placement(exported(data, tmp_path), "P2")["out_of_area"] is False


def test_facts_join_those_already_on_record_in_date_order(capsys, full: str, tmp_path: Path) -> None:
    """On the demo as it comes (which may already carry visits, reviews and notices), each new fact goes in
    among the others by its date and nothing else changes."""
    before = exported(full, tmp_path)
    argv = ["visit", "--date", "2026-11-10", "--by", "Test Visitor", "--placement", "P2"]
    assert record(capsys, full, "DEMO-1", *argv)[0] == 0
    argv = ["review", "--date", "2026-11-09", "--by", "Test Chair"]
    assert record(capsys, full, "DEMO-1", *argv)[0] == 0
    argv = ["notification", "P2", "--to", "other", "--date", "2026-11-03", "--note", "Test notice."]
    assert record(capsys, full, "DEMO-1", *argv)[0] == 0
    after = exported(full, tmp_path)
    visit = {"date": "2026-11-10", "by": "Test Visitor", "placement_id": "P2"}
    assert after["visits"] == _inserted(before.get("visits", []), visit)
    assert after["reviews"] == _inserted(
        before.get("reviews", []), {"date": "2026-11-09", "by": "Test Chair"}
    )
    notice = {"to": "other", "date": "2026-11-03", "note": "Test notice."}
    p2_before = _placement(before, "P2")
    assert _placement(after, "P2") == {
        **p2_before,
        "notifications": _inserted(p2_before.get("notifications", []), notice),
    }
    assert _without(after, "visits", "reviews", "placements") == _without(
        before, "visits", "reviews", "placements"
    )
    assert _placement(after, "P1") == _placement(before, "P1")


def test_what_is_recorded_exports_a_file_that_imports_again(capsys, data: str, tmp_path: Path) -> None:
    for argv in (
        ["visit", "--date", "2026-11-20", "--placement", "P2", "--seen-alone"],
        ["review", "--date", "2026-11-25", "--by", "Grace Obi"],
        ["review-request", "--date", "2026-11-03", "--reason", "Move"],
        ["notification", "P2", "--to", "area authority", "--date", "2026-11-05"],
        ["looked-after-since", "2025-03-09"],
        ["out-of-area", "P2", "yes"],
    ):
        assert record(capsys, data, "DEMO-1", *argv)[0] == 0
    case = exported(data, tmp_path)
    other = str(tmp_path / "other")
    assert main(["import", str(tmp_path / "export.json"), "--data", other]) == 0
    assert exported(other, tmp_path) == case


# ------------------------------------------------------------------------------------------------ refusals


def _refusals(demo: Case) -> list[tuple[list[str], str]]:
    dob = demo.date_of_birth
    assert dob is not None
    p1 = next(p for p in demo.placements if p.id == "P1")
    assert p1.end is not None
    before_dob = (dob - timedelta(days=1)).isoformat()
    return [
        (["visit", "--date", "2026-02-30"], "--date: 2026-02-30 is not a real date"),
        (["visit", "--date", "next week"], "--date: 'next week' is not a date"),
        (["visit", "--date", "2026-11-27"], "case DEMO-1: visit on 2026-11-27 is after today (2026-11-26)"),
        (["visit", "--date", "2101-01-01"], "--date: 2101-01-01: the year should be between 1900 and 2100"),
        (["visit", "--date", before_dob], f"is before the date of birth ({dob.isoformat()})"),
        (
            ["visit", "--date", "2026-11-20", "--placement", "P9"],
            "case DEMO-1: no placement P9 (its placements: P1, P2)",
        ),
        (
            ["visit", "--date", "2026-11-20", "--placement", "P 1"],
            "--placement: 'P 1' is not a valid placement id",
        ),
        (
            ["visit", "--date", "2026-11-20", "--placement", "P1"],
            f"is after placement P1 ended ({p1.end.isoformat()})",
        ),
        (
            ["visit", "--date", (p1.start - timedelta(days=1)).isoformat(), "--placement", "P1"],
            f"is before placement P1 started ({p1.start.isoformat()})",
        ),
        (["visit", "--date", "2026-11-20", "--seen-alone", "--not-seen-alone"], "not allowed with argument"),
        (["visit"], "the following arguments are required: --date"),
        (
            ["visit", "--date", "2026-11-20", "--note", "bad \udcff bytes"],
            "--note: contains characters that cannot be stored",
        ),
        (["review", "--date", "2026-11-20", "--by", "  "], "--by: a name is needed (or leave --by out)"),
        (["review", "--date", "2026-11-20", "--by", "x" * 201], "--by: longer than 200 characters (201)"),
        (["review", "--date", before_dob], "case DEMO-1: review on"),
        (["review-request", "--date", "1899-12-31"], "the year should be between 1900 and 2100"),
        (
            ["review-request", "--date", "2026-12-25"],
            "is after today (2026-11-26); record it once it has happened",
        ),
        (
            ["notification", "P2", "--to", "mum", "--date", "2026-11-04"],
            "--to: 'mum' is not one of: young person, parents, IRO, school, GP, health body, area authority, other",
        ),
        (["notification", "P9", "--to", "IRO", "--date", "2026-11-04"], "case DEMO-1: no placement P9"),
        (
            ["notification", "P2", "--to", "IRO", "--date", "2026-11-04", "--about", "middle"],
            "invalid choice: 'middle'",
        ),
        (["notification", "P2", "--date", "2026-11-04"], "the following arguments are required: --to"),
        (["notification", "P2", "--to", "IRO", "--date", "2027-01-01"], "is after today"),
        (["looked-after-since", "2026-13-01"], "looked-after-since: 2026-13-01 is not a real date"),
        (["looked-after-since", before_dob], "case DEMO-1: looked after since"),
        (["out-of-area", "P9", "yes"], "case DEMO-1: no placement P9"),
        (["out-of-area", "P2", "maybe"], "invalid choice: 'maybe'"),
        (["party", "--date", "2026-11-20"], "invalid choice: 'party'"),
    ]


def test_each_refusal_is_one_line_exit_2_and_stores_nothing(capsys, data: str, demo: Case) -> None:
    path = Path(data) / "cases" / "DEMO-1.json"
    stored = path.read_bytes()
    for argv, words in _refusals(demo):
        code, out, err = record(capsys, data, "DEMO-1", *argv)
        assert code == 2, (argv, out, err)
        line = one_line(err)
        assert words in line, (argv, line)
        assert "Traceback" not in err and out == ""
        assert path.read_bytes() == stored, argv
    assert not list((Path(data) / "backups").glob("**/*.json"))  # not even a backup was needed


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["NOPE", "review", "--date", "2026-11-20"], "case NOPE: not found"),
        (["../x", "review", "--date", "2026-11-20"], "is not a valid case id"),
        (
            ["DEMO-1", "review", "--date", "2026-11-20", "--as-of", "someday"],
            "--as-of: 'someday' is not a date",
        ),
    ],
)
def test_a_bad_case_or_as_of_is_refused(capsys, data: str, argv: list[str], words: str) -> None:
    capsys.readouterr()
    assert main(["record", *argv, "--data", data]) == 2
    assert words in one_line(capsys.readouterr().err)


def test_far_dates_are_bad_input(capsys, data: str) -> None:
    capsys.readouterr()
    assert (
        main(["record", "DEMO-1", "visit", "--date", "today", "--as-of", "9999-12-31", "--data", data]) == 2
    )
    assert "the year should be between 1900 and 2100" in one_line(capsys.readouterr().err)


def test_help_lists_every_fact(capsys) -> None:
    assert main(["record", "--help"]) == 0
    out = capsys.readouterr().out
    for fact in ("visit", "review", "review-request", "notification", "looked-after-since", "out-of-area"):
        assert fact in out
    assert main(["--help"]) == 0
    assert "record" in capsys.readouterr().out


def test_the_dates_here_are_the_demo_dates(demo: Case) -> None:
    """The tests above assume the demo's placements as moved to 2026-11-26: P2 from 2026-11-02, P1 before it."""
    p2 = next(p for p in demo.placements if p.id == "P2")
    assert p2.start <= date(2026, 11, 4) and p2.end is None
