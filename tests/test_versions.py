"""Case-file and stored-data versions: every file an earlier meetingtui wrote still opens, unchanged.

Fixtures, one or more per version (tests/fixtures/):
- case-file-v1-demo.json: the demo as version 1 of meetingtui exported it;
- case-file-v1-shared-sample.json: the shared sample as first agreed (version 1);
- stored-v1-demo.json: a case database as version 1 stored it;
- case-file-v2-demo.json: the demo with every field version 2 added;
- stored-v2-demo.json: that case as version 2 stored it;
- case-file-v3-demo.json: the demo with the case's reviews, which version 3 added.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from meetingtui.cli import main
from meetingtui.core.record import migrations, model
from meetingtui.core.record.casefile import VERSION, CaseFileInvalid, dumps_case_file, parse_case
from meetingtui.core.record.fields import Record
from meetingtui.core.record.schema import case_schema
from meetingtui.core.store.files.repository import FileRepository
from tests.conftest import ROOT, SHARED

FIXTURES = Path(__file__).parent / "fixtures"
V1_FILES = ["case-file-v1-demo.json", "case-file-v1-shared-sample.json"]


def _doc(name: str) -> dict:
    return orjson.loads((FIXTURES / name).read_bytes())


@pytest.mark.parametrize("name", V1_FILES)
def test_a_version_1_file_imports_and_exports_as_the_current_version_unchanged(
    tmp_path: Path, name: str
) -> None:
    data = str(tmp_path / "data")
    old = _doc(name)
    assert old["version"] == 1
    assert main(["import", str(FIXTURES / name), "--data", data]) == 0
    out = tmp_path / "out.json"
    assert main(["export-case", old["case"]["id"], "-o", str(out), "--data", data]) == 0
    new = orjson.loads(out.read_bytes())
    assert new["version"] == VERSION == 3
    assert new["case"] == old["case"]


def test_the_shared_sample_fixture_is_the_shared_sample() -> None:
    shared = SHARED / "samples" / "case-rm.json"
    if not shared.exists():
        pytest.skip("../shared is not present")
    assert (FIXTURES / "case-file-v1-shared-sample.json").read_bytes() == shared.read_bytes()


def test_a_version_2_file_with_every_new_field_round_trips_exactly(tmp_path: Path) -> None:
    doc = _doc("case-file-v2-demo.json")
    case = parse_case(doc, "v2")
    assert case.to_dict() == doc["case"]
    assert case.looked_after_since is not None and case.placements[-1].out_of_area is True
    m1 = case.meetings[0]
    assert m1.items[0].restricted_notes and m1.items[0].young_person and m1.items[0].corrections
    assert m1.disclosure_decisions[0].decision == "allow" and m1.circulations[0].recipients == ["Carer", "J."]
    repo = FileRepository(tmp_path)
    repo.create_case(case)
    assert FileRepository(tmp_path).export_dict(case.id) == doc["case"]


def test_a_version_1_file_may_not_carry_version_2_fields() -> None:
    doc = _doc("case-file-v1-demo.json")
    doc["case"]["looked_after_since"] = "2025-01-01"
    with pytest.raises(CaseFileInvalid) as err:
        parse_case(doc, "f.json")
    assert err.value.lines() == ["f.json: case: unknown field 'looked_after_since'"]


def test_version_2_fields_are_checked_by_path() -> None:
    doc = _doc("case-file-v2-demo.json")
    doc["case"]["meetings"][0]["disclosure_decisions"][0]["decision"] = "ignore"
    doc["case"]["placements"][-1]["out_of_area"] = "yes"
    with pytest.raises(CaseFileInvalid) as err:
        parse_case(doc, "f.json")
    assert err.value.lines() == [
        "f.json: case.placements[1].out_of_area: expected true or false, got text",
        "f.json: case.meetings[0].disclosure_decisions[0].decision: ignore is not one of: restrict, rewrite, allow",
    ]


def test_a_case_stored_by_version_1_opens_unchanged_and_is_then_stored_as_the_current_version(
    tmp_path: Path,
) -> None:
    stored = _doc("stored-v1-demo.json")
    assert stored["meta"]["1"]["schema_version"] == 1
    (tmp_path / "cases").mkdir()
    shutil.copy(FIXTURES / "stored-v1-demo.json", tmp_path / "cases" / "DEMO-1.json")
    repo = FileRepository(tmp_path)
    v1_case = _doc("case-file-v1-demo.json")["case"]
    assert repo.export_dict("DEMO-1") == v1_case
    with repo.transaction("DEMO-1") as tx:
        case = tx.record()
        case.looked_after_since = case.placements[0].start
        tx.put_record(case)
    data = orjson.loads(repo.case_path("DEMO-1").read_bytes())
    assert data["meta"]["1"]["schema_version"] == migrations.CURRENT == 3
    assert (
        FileRepository(tmp_path).export_dict("DEMO-1")["looked_after_since"]
        == case.looked_after_since.isoformat()
    )


@pytest.mark.parametrize("version", [2, 3])
def test_the_published_schema_is_the_shipped_one(version: int) -> None:
    name = f"case-file.schema.v{version}.json"
    shipped = ROOT / "meetingtui" / "core" / "data" / name
    assert (ROOT / "docs" / name).read_bytes() == shipped.read_bytes()


def test_version_3_is_version_2_plus_the_reviews() -> None:
    """Each version only adds: the version 3 schema without the reviews is the version 2 one."""
    v2, v3 = case_schema(2), case_schema(3)
    assert v3["properties"]["version"] == {"const": 3}
    assert v3["$defs"]["case"]["additionalProperties"] is False
    assert v3["$defs"]["review"]["additionalProperties"] is False
    assert v3["$defs"]["review"]["required"] == ["date"]
    rest = {k: v for k, v in v3["$defs"].items() if k != "review"}
    rest["case"] = {
        **rest["case"],
        "properties": {k: v for k, v in rest["case"]["properties"].items() if k != "reviews"},
    }
    assert rest == v2["$defs"]


_DEFS = {
    model.Case: "case",
    model.Placement: "placement",
    model.Notification: "notification",
    model.Visit: "visit",
    model.ReviewRequest: "review_request",
    model.Review: "review",
    model.Forum: "forum",
    model.Item: "item",
    model.Decision: "decision",
    model.Correction: "correction",
    model.Meeting: "meeting",
    model.DisclosureDecision: "disclosure_decision",
    model.Circulation: "circulation",
    model.Action: "action",
}


@pytest.mark.parametrize("cls", list(_DEFS), ids=lambda c: c.__name__)
def test_each_record_has_exactly_the_fields_of_its_schema_definition(cls: type[Record]) -> None:
    props = set(case_schema(VERSION)["$defs"][_DEFS[cls]]["properties"])
    fields = {f.name for f in cls._plan() if not f.internal}
    assert fields == props


def test_new_vocabularies_match_the_schema() -> None:
    defs = case_schema(VERSION)["$defs"]
    assert list(model.DISCLOSURE_DECISIONS) == defs["disclosure_decision"]["properties"]["decision"]["enum"]
    assert list(model.CORRECTION_OUTCOMES) == defs["correction"]["properties"]["outcome"]["enum"]
    assert list(model.NOTIFIED) == defs["notification"]["properties"]["to"]["enum"]


# ------------------------------------------------------------------------------------------------ version 3


def test_a_version_2_file_imports_and_exports_as_version_3_unchanged(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    old = _doc("case-file-v2-demo.json")
    assert old["version"] == 2
    assert main(["import", str(FIXTURES / "case-file-v2-demo.json"), "--data", data]) == 0
    out = tmp_path / "out.json"
    assert main(["export-case", old["case"]["id"], "-o", str(out), "--data", data]) == 0
    new = orjson.loads(out.read_bytes())
    assert new["version"] == VERSION == 3
    assert new["case"] == old["case"]
    assert "reviews" not in new["case"]  # nothing is invented for a file that had none


def test_a_version_3_file_round_trips_exactly(tmp_path: Path) -> None:
    doc = _doc("case-file-v3-demo.json")
    assert doc["version"] == 3
    case = parse_case(doc, "v3")
    assert case.to_dict() == doc["case"]
    assert [(r.date.isoformat(), r.by) for r in case.reviews] == [
        ("2025-04-10", "Grace Obi"),
        ("2025-07-03", "Grace Obi"),
        ("2025-12-18", None),
    ]
    assert case.reviews[0].note and case.reviews[2].note is None
    data = str(tmp_path / "data")
    assert main(["import", str(FIXTURES / "case-file-v3-demo.json"), "--data", data]) == 0
    out = tmp_path / "out.json"
    assert main(["export-case", case.id, "-o", str(out), "--data", data]) == 0
    new = orjson.loads(out.read_bytes())
    # Byte for byte, apart from when it was exported.
    again = dumps_case_file({**new, "exported_at": doc["exported_at"]})
    assert again == (FIXTURES / "case-file-v3-demo.json").read_bytes()


def test_a_version_2_file_may_not_carry_version_3_fields() -> None:
    doc = _doc("case-file-v2-demo.json")
    doc["case"]["reviews"] = [{"date": "2025-04-10"}]
    with pytest.raises(CaseFileInvalid) as err:
        parse_case(doc, "f.json")
    assert err.value.lines() == ["f.json: case: unknown field 'reviews'"]


@pytest.mark.parametrize(
    ("review", "line"),
    [
        ({"by": "Grace Obi"}, "case.reviews[1]: missing required field 'date'"),
        ({"date": "2026-02-30"}, "case.reviews[1].date: 2026-02-30 is not a date (YYYY-MM-DD)"),
        ({"date": "10/04/2025"}, "case.reviews[1].date: 10/04/2025 is not a date (YYYY-MM-DD)"),
        ({"date": "2025-04-10", "by": "x" * 201}, "case.reviews[1].by: is longer than 200 characters (201)"),
        ({"date": "2025-04-10", "chair": "IRO"}, "case.reviews[1]: unknown field 'chair'"),
        ("2025-04-10", "case.reviews[1]: expected an object, got text"),
    ],
)
def test_a_version_3_file_with_a_bad_review_is_refused_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], review: object, line: str
) -> None:
    doc = _doc("case-file-v3-demo.json")
    doc["case"]["reviews"][1] = review
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(doc))
    data = str(tmp_path / "data")
    capsys.readouterr()
    assert main(["import", str(bad), "--data", data]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"{bad}: {line}"]
    assert not FileRepository(Path(data)).has_case("DEMO-1")  # nothing was stored


def test_a_case_stored_by_version_2_opens_unchanged_and_is_then_stored_as_version_3(tmp_path: Path) -> None:
    stored = _doc("stored-v2-demo.json")
    assert stored["meta"]["1"]["schema_version"] == 2
    (tmp_path / "cases").mkdir()
    shutil.copy(FIXTURES / "stored-v2-demo.json", tmp_path / "cases" / "DEMO-1.json")
    repo = FileRepository(tmp_path)
    assert repo.export_dict("DEMO-1") == _doc("case-file-v2-demo.json")["case"]
    with repo.transaction("DEMO-1") as tx:
        case = tx.record()
        case.reviews = [model.Review(date=case.placements[0].review_held)]
        tx.put_record(case)
    data = orjson.loads(repo.case_path("DEMO-1").read_bytes())
    assert data["meta"]["1"]["schema_version"] == migrations.CURRENT == 3
    assert FileRepository(tmp_path).export_dict("DEMO-1")["reviews"] == [{"date": "2025-03-31"}]


def test_a_file_newer_than_version_3_is_refused() -> None:
    doc = _doc("case-file-v3-demo.json")
    doc["version"] = 4
    with pytest.raises(CaseFileInvalid) as err:
        parse_case(doc, "f.json")
    assert err.value.lines() == ["f.json: version: 4 is newer than this meetingtui reads (3); upgrade"]
