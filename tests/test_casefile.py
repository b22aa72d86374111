"""Import and export of case files: all or nothing, every problem by JSON path, exact round trips."""

from __future__ import annotations

import copy
from pathlib import Path

import orjson
import pytest

from meetingtui.cli import main
from meetingtui.core.record.casefile import CaseFileInvalid, parse_case
from meetingtui.core.record.demo import demo_case
from meetingtui.core.store.files.repository import FileRepository


def _problems(doc: dict) -> list[str]:
    with pytest.raises(CaseFileInvalid) as err:
        parse_case(doc, "f.json")
    return err.value.lines()


@pytest.fixture
def doc() -> dict:
    d = demo_case()
    return {"format": "meetingtui-case", "version": 3, "case": d.to_dict()}


def test_a_batch_is_checked_whole_and_imported_all_or_nothing(tmp_path: Path, doc: dict, capsys) -> None:
    """Issue 19 (found from outside): ``import a.json b.json`` was refused as unrecognised arguments."""
    second = copy.deepcopy(doc)
    second["case"]["id"] = "DEMO-2"
    bad = copy.deepcopy(doc)
    bad["case"]["id"] = "DEMO-3"
    bad["case"]["actions"][0]["due"] = "soon"
    a, b, c = (
        _write(tmp_path, doc, "a.json"),
        _write(tmp_path, second, "b.json"),
        _write(tmp_path, bad, "c.json"),
    )
    data = tmp_path / "data"
    assert main(["import", str(a), str(c), str(b), "--data", str(data)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err and all(line.startswith(f"{c}: ") for line in err[:-1]) and "Nothing imported" in err[-1]
    assert not (data / "cases").exists() or not list((data / "cases").glob("*.json"))
    assert main(["import", str(a), str(a), "--data", str(data)]) == 2
    assert "also in" in capsys.readouterr().err
    assert main(["import", str(a), str(b), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Imported case DEMO-1" in out and "Imported case DEMO-2" in out
    assert {p.stem for p in (data / "cases").glob("*.json")} == {"DEMO-1", "DEMO-2"}
    assert main(["import", str(a), str(b), "--data", str(data)]) == 2  # both there: nothing touched
    assert "already stored: DEMO-1, DEMO-2" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["case"]["actions"][3].__setitem__("due", "2026-02-30"),
            "case.actions[3].due: 2026-02-30 is not a date",
        ),
        (
            lambda d: d["case"]["actions"][0].__setitem__("due", "1/12/2026"),
            "case.actions[0].due: 1/12/2026 is not a date",
        ),
        (lambda d: d["case"]["actions"][0].pop("owner"), "case.actions[0]: missing required field 'owner'"),
        (
            lambda d: d["case"]["actions"][0].__setitem__("colour", "red"),
            "case.actions[0]: unknown field 'colour'",
        ),
        (
            lambda d: d["case"]["actions"][0].__setitem__("status", "finished"),
            "case.actions[0].status: finished is not one of: open, done, carried, dropped",
        ),
        (lambda d: d["case"].__setitem__("name", 7), "case.name: expected text, got a number"),
        (lambda d: d["case"].__setitem__("name", ""), "case.name: must not be empty"),
        (lambda d: d["case"].__setitem__("id", "has space"), "case.id: has space is not a valid id"),
        (
            lambda d: d["case"]["meetings"][0].__setitem__("scale", 11),
            "case.meetings[0].scale: 11 is above the maximum 10",
        ),
        (
            lambda d: d["case"]["meetings"][0].__setitem__("start", "25:00"),
            "case.meetings[0].start: 25:00 is not a time",
        ),
        (
            lambda d: d["case"]["meetings"][0].__setitem__("approved_at", "yesterday"),
            "case.meetings[0].approved_at: yesterday is not a date and time",
        ),
        (
            lambda d: d["case"]["meetings"][0]["items"][0].__setitem__("timebox_minutes", -5),
            "case.meetings[0].items[0].timebox_minutes: -5 is below the minimum 0",
        ),
        (
            lambda d: d["case"]["meetings"][0]["items"][0].__setitem__("kind", "gossip"),
            "case.meetings[0].items[0].kind: gossip is not one of",
        ),
        (
            lambda d: d["case"]["peers"][0].__setitem__("label", "x" * 51),
            "case.peers[0].label: is longer than 50",
        ),
        (
            lambda d: d["case"]["actions"].append(copy.deepcopy(d["case"]["actions"][0])),
            "case.actions[4].id: id A1 is used twice (first at [0])",
        ),
        (
            lambda d: d["case"]["actions"][0].__setitem__("meeting_id", "M9"),
            "case.actions[0].meeting_id: M9 names no meeting in this file",
        ),
        (
            lambda d: d["case"]["actions"][0].__setitem__("item_key", "nope"),
            "case.actions[0].item_key: nope names no item of meeting M1",
        ),
        (
            lambda d: d["case"]["actions"][0]["updates"][0].__setitem__("meeting_id", "M9"),
            "case.actions[0].updates[0].meeting_id: M9 names no meeting in this file",
        ),
        (
            lambda d: d["case"]["meetings"][0]["items"].append(
                copy.deepcopy(d["case"]["meetings"][0]["items"][0])
            ),
            "case.meetings[0].items[7].key: item key welcome is used twice",
        ),
        (lambda d: d.__setitem__("version", 4), "version: 4 is newer than this meetingtui reads"),
        (lambda d: d.__setitem__("format", "other"), "format: must be 'meetingtui-case'"),
        (lambda d: d.pop("case"), "(top level): missing required field 'case'"),
        (
            lambda d: d["case"]["placements"][0].__setitem__("wishes_considered", "yes"),
            "case.placements[0].wishes_considered: expected true or false, got text",
        ),
    ],
)
def test_each_problem_is_named_by_its_json_path(doc: dict, edit, expected: str) -> None:
    edit(doc)
    lines = _problems(doc)
    # Every line names the file first: a batch import of many files is read line by line.
    assert all(line.startswith("f.json: ") for line in lines), lines
    assert any(line.startswith(f"f.json: {expected}") for line in lines), lines


def test_all_problems_are_reported_at_once(doc: dict) -> None:
    doc["case"]["actions"][0]["due"] = "2026-13-01"
    doc["case"]["actions"][1]["status"] = "??"
    doc["case"]["forums"][0]["colour"] = 1
    assert len(_problems(doc)) == 3


def _write(tmp_path: Path, doc: object, name: str = "c.json") -> Path:
    p = tmp_path / name
    p.write_bytes(orjson.dumps(doc))
    return p


def _snapshot(root: Path) -> dict[str, bytes]:
    return (
        {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else {}
    )


def test_import_stores_nothing_when_anything_is_wrong(tmp_path: Path, doc: dict, capsys) -> None:
    doc["case"]["actions"][3]["due"] = "2026-02-30"
    data = tmp_path / "data"
    before = _snapshot(data)
    assert main(["import", str(_write(tmp_path, doc)), "--data", str(data)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{tmp_path / 'c.json'}: case.actions[3].due: 2026-02-30 is not a date (YYYY-MM-DD)"]
    assert _snapshot(data) == before
    assert not (data / "cases" / "DEMO-1.json").exists()


def test_import_then_export_round_trips_the_sample_exactly(
    tmp_path: Path, sample_path: Path, sample_doc: dict
) -> None:
    """The shared sample is a version 1 file: it comes back as the current version with its case unchanged."""
    data = str(tmp_path / "data")
    assert main(["import", str(sample_path), "--data", data]) == 0
    out = tmp_path / "out.json"
    assert main(["export-case", "C-0427", "-o", str(out), "--data", data]) == 0
    exported = orjson.loads(out.read_bytes())
    for d in (exported, sample_doc):
        d.pop("exported_at", None)
    assert sample_doc["version"] == 1 and exported["version"] == 3
    assert exported["case"] == sample_doc["case"]


def test_round_trip_keeps_a_case_after_the_app_has_edited_it(tmp_path: Path, doc: dict) -> None:
    repo = FileRepository(tmp_path)
    case = parse_case(doc, "x")
    repo.create_case(case)
    with repo.transaction(case.id) as tx:
        m = tx.meeting("M1")
        m.current_item = "voice"  # app-only state must not leak into the exchange format
        m.items[0].spent_seconds = 30
        tx.put_meeting(m)
    exported = repo.export_dict(case.id)
    assert exported == doc["case"]
    parse_case({"format": "meetingtui-case", "version": 3, "case": exported}, "again")


def test_importing_an_existing_case_asks_for_replace(tmp_path: Path, doc: dict, capsys) -> None:
    f = _write(tmp_path, doc)
    data = str(tmp_path / "data")
    assert main(["import", str(f), "--data", data]) == 0
    assert main(["import", str(f), "--data", data]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["import", str(f), "--data", data, "--replace"]) == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary", "is a binary file"),
        (b"{not json", "not valid JSON"),
        (b"[" * 5000 + b"]" * 5000, "not valid JSON"),
        (b"[1, 2]", "a case file must be a JSON object"),
    ],
)
def test_unusable_files_give_one_line(tmp_path: Path, content: bytes, expected: str, capsys) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    assert main(["import", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]


def test_missing_file_and_folder(tmp_path: Path, capsys) -> None:
    assert main(["import", str(tmp_path / "nope.json")]) == 2
    assert main(["import", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "no such file" in err[0] and "is a folder" in err[1]


def test_export_refuses_to_overwrite_without_force(tmp_path: Path, doc: dict, capsys) -> None:
    data = str(tmp_path / "data")
    main(["import", str(_write(tmp_path, doc)), "--data", data])
    out = tmp_path / "o.json"
    out.write_text("keep me")
    assert main(["export-case", "DEMO-1", "-o", str(out), "--data", data]) == 2
    assert out.read_text() == "keep me"
    assert main(["export-case", "DEMO-1", "-o", str(out), "--data", data, "--force"]) == 0
    assert (out.stat().st_mode & 0o777) == 0o600
