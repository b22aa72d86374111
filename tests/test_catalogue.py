"""The interventions catalogue: the national seed, a council's local list, and what this young person tried."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.core.config import catalogue as cat
from meetingtui.core.record.model import Case, Intervention
from meetingtui.core.workspace import Workspace

NATIONAL_NAMES = [
    "Multisystemic Therapy",
    "Treatment Foster Care",
    "No Wrong Door",
    "Staying Close",
    "Out-of-court disposals",
    "Referral Order",
    "Youth Rehabilitation Order",
    "Intensive Supervision and Surveillance",
    "Curfew with electronic monitoring",
    "National Referral Mechanism referral",
    "Secure accommodation",
    "Independent advocacy",
]


def local(ws: Workspace, text: str) -> Path:
    path = cat.local_path(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_example(ws: Workspace) -> Path:
    return local(ws, cat.example_text())


# ------------------------------------------------------------------------------------------------ the files


def test_the_shipped_files_pass_the_checker() -> None:
    assert cat.check_catalogue_file(cat.national_path()) == []
    assert cat.check_catalogue_file(cat.local_example_path()) == []


def test_the_national_seed_covers_the_domain_list_with_evidence(ws: Workspace) -> None:
    found = cat.load_catalogue(ws)
    assert found.warnings == []
    assert [e.name for e in found.entries] == NATIONAL_NAMES
    assert all(e.category == "national" and e.description and e.evidence for e in found.entries)
    mst = found.get("mst")
    assert mst is not None and mst.ages == "11 to 17" and mst.duration == "3 to 5 months"
    assert "no advantage over usual services" in mst.evidence
    assert "\n" not in mst.description  # wrapped lines in the file read as one paragraph
    assert "last resort" in found.get("Secure accommodation").description.lower()  # type: ignore[union-attr]


def test_the_local_list_adds_entries_and_replaces_same_named_national_ones(ws: Workspace) -> None:
    path = local(
        ws,
        'interventions = [\n  { name = "Motor project", agency = "YOT" },\n'
        '  { name = "referral  ORDER", provider = "Eastfield YOT panel" },\n]\n',
    )
    found = cat.load_catalogue(ws)
    assert found.warnings == []
    names = [e.name for e in found.entries]
    assert names[5] == "referral  ORDER" and names[-1] == "Motor project"
    assert len(names) == len(NATIONAL_NAMES) + 1
    motor = found.get("motor project")
    assert motor is not None and motor.category == "local" and motor.source == path
    assert found.entries[5].provider == "Eastfield YOT panel"


def test_the_example_local_list_loads(ws: Workspace) -> None:
    with_example(ws)
    found = cat.load_catalogue(ws)
    assert found.warnings == []
    local_names = [e.name for e in found.entries if e.category == "local"]
    assert local_names == [
        "Motor project",
        "Mentoring by people with lived experience",
        "Sports and youth work",
        "Education or training placement",
        "Reflective supervision for practitioners",
    ]


def test_a_broken_local_file_is_a_warning_not_a_crash(ws: Workspace) -> None:
    path = local(ws, '[[interventions]]\nname = "Motor project\n')
    found = cat.load_catalogue(ws)
    assert [e.name for e in found.entries] == NATIONAL_NAMES
    assert found.warnings == [
        f"{path}:2: TOML syntax error at column 22: the line ends inside text in quotes "
        "(is a closing quote missing?) "
        "(nothing from it was used; meetingtui catalogue --check)"
    ]


def test_a_bad_entry_is_left_out_and_the_good_ones_kept(ws: Workspace) -> None:
    path = local(
        ws,
        '[[interventions]]\nname = "Motor project"\n\n'
        '[[interventions]]\nname = "Boxing club"\ncategory = "regional"\n\n'
        '[[interventions]]\nname = "Mentoring"\n',
    )
    found = cat.load_catalogue(ws)
    assert [e.name for e in found.entries][-2:] == ["Motor project", "Mentoring"]
    assert found.warnings == [
        f'{path}:6: intervention 2: category "regional" is not known; did you mean "national"? (one of: national, local) '
        "(entries with problems were left out; meetingtui catalogue --check)"
    ]


def test_each_problem_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text(
        "[[interventions]]\n"  # 1
        'name = "Motor project"\n'  # 2
        'aliases = "Car project"\n'  # 3
        "\n"
        "[[interventions]]\n"  # 5
        'agency = "YOT"\n'  # 6
        'descripton = "typo"\n'  # 7
        "\n"
        "[[interventions]]\n"  # 9
        'name = "MOTOR  project"\n'  # 10
        'evidence = """\n'  # 11
        f"{'x' * 2001}\n"
        '"""\n',
        encoding="utf-8",
    )
    assert cat.check_catalogue_file(path) == [
        f'{path}:3: intervention 1: aliases should be a list of text in quotes, not text "Car project"',
        f"{path}:5: intervention 2: missing required field name",
        f'{path}:7: intervention 2: unknown field descripton; did you mean "description"? '
        "(fields: name, aliases, category, agency, provider, description, duration, ages, evidence)",
        f'{path}:10: intervention 3: "MOTOR  project" is already in this file on line 2',
        f"{path}:11: intervention 3: evidence is too long (2002 characters; at most 2000)",
    ]


# ------------------------------------------------------------------------------------------------ matching


def test_normalise_ignores_case_accents_and_punctuation() -> None:
    assert cat.normalise("Sports & Youth-work") == "sports and youth work"
    assert cat.normalise("  Référral   ÖRDER! ") == "referral order"
    assert cat.normalise("Mentoring (lived experience)") == "mentoring lived experience"


def test_search_is_case_and_accent_insensitive_names_first() -> None:
    entries = cat.national_entries()

    def names(text: str) -> list[str]:
        return [e.name for e in cat.search(entries, text)]

    assert names("RÉFÉRRAL ord") == ["Referral Order"]
    assert names("mst") == ["Multisystemic Therapy"]  # an alias
    assert names("county lines") == ["National Referral Mechanism referral"]  # the description
    assert names("police") == ["No Wrong Door", "Out-of-court disposals"]  # the description and the agency
    # Name and alias matches come before description matches, each in catalogue order.
    assert names("order") == [
        "Referral Order",
        "Youth Rehabilitation Order",
        "Secure accommodation",  # alias "Secure accommodation order"
        "Intensive Supervision and Surveillance",  # description
        "Curfew with electronic monitoring",  # description
    ]
    assert names("") == NATIONAL_NAMES
    assert names("zzz") == []


def test_tried_on_the_demo_case(ws: Workspace, demo: Case) -> None:
    with_example(ws)
    found = cat.load_catalogue(ws)
    by_name = {e.name: cat.tried(demo, e) for e in found.entries}
    assert by_name["Referral Order"].id == "I1"  # type: ignore[union-attr]
    assert by_name["Curfew with electronic monitoring"].id == "I2"  # type: ignore[union-attr]
    assert by_name["Sports and youth work"].outcome == "partly effective"  # type: ignore[union-attr]
    assert {n for n, iv in by_name.items() if iv is not None} == {
        "Referral Order",
        "Curfew with electronic monitoring",
        "Sports and youth work",
    }
    assert cat.not_in_catalogue(demo, found.entries) == []
    assert [iv.name for iv in cat.not_in_catalogue(demo, cat.national_entries())] == ["Sports and youth work"]


def test_tried_returns_the_most_recent_of_several(demo: Case) -> None:
    demo.interventions.append(
        Intervention(
            id="I9",
            name="Referral Order (second)",
            category="national",
            started=date(2026, 10, 1),
            ended=None,
            outcome="ongoing",
        )
    )
    entry = cat.Catalogue(cat.national_entries()).get("Referral Order")
    assert entry is not None
    assert cat.tried(demo, entry).id == "I9"  # type: ignore[union-attr]
    assert [iv.id for iv in cat.tried_all(demo, entry)] == ["I9", "I1"]


@pytest.mark.parametrize(
    ("proposal", "expected"),
    [
        ("Referral Order", "I1"),
        ("another referral order with a new panel", "I1"),
        ("Curfew", "I2"),
        ("Extend the curfew to weekends", "I2"),
        ("Electronic tag at night", "I2"),  # an alias of the catalogue entry the history entry is
        ("Sports and youth work", None),  # partly effective: no warning
        ("Motor project", None),
        ("Order", None),
        ("", None),
    ],
)
def test_not_effective_match_on_the_demo_case(demo: Case, proposal: str, expected: str | None) -> None:
    found = cat.not_effective_match(demo, proposal)
    assert (found.id if found else None) == expected
    if found:
        assert found.outcome == "not effective" and found.evidence


def test_local_aliases_count_when_the_catalogue_is_passed(ws: Workspace, demo: Case) -> None:
    demo.interventions[2].outcome = "not effective"  # Sports and youth work
    assert cat.not_effective_match(demo, "youth work again") is None  # no such alias nationally
    with_example(ws)
    entries = cat.load_catalogue(ws).entries
    assert cat.not_effective_match(demo, "youth work again", entries).id == "I3"  # type: ignore[union-attr]


def test_the_shared_sample(ws: Workspace, sample_case: Case) -> None:
    with_example(ws)
    found = cat.load_catalogue(ws)
    mst = cat.tried(sample_case, found.get("MST"))  # type: ignore[arg-type]
    assert mst is not None and mst.outcome == "declined"
    assert (
        cat.not_effective_match(sample_case, "MST", found.entries) is None
    )  # declined is not "not effective"
    assert cat.not_effective_match(sample_case, "a referral order", found.entries).id == "I1"  # type: ignore[union-attr]
    assert cat.not_effective_match(sample_case, "curfew", found.entries).id == "I4"  # type: ignore[union-attr]
    mentoring = found.get("Mentoring by people with lived experience")
    assert cat.tried(sample_case, mentoring).id == "I2"  # type: ignore[arg-type, union-attr]
    assert cat.not_in_catalogue(sample_case, found.entries) == []


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_marks_what_the_case_tried(loaded: Workspace, capsys) -> None:
    assert main(["catalogue", "--case", "DEMO-1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["NAME", "CATEGORY", "AGENCY", "DURATION", "THIS", "YP"]
    referral = next(line for line in out if line.startswith("Referral Order"))
    assert "not effective (" in referral
    assert not any("not effective" in line for line in out if line.startswith("Multisystemic"))
    assert out[-4:-2] == ["Also tried (not in the catalogue):", "NAME                   OUTCOME"]
    assert out[-1].startswith("Sports and youth work  partly effective (from ")


def test_cli_search_and_json(loaded: Workspace, capsys) -> None:
    assert main(["catalogue", "--case", "DEMO-1", "--search", "curfew", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in data] == [
        "Curfew with electronic monitoring",
        "Youth Rehabilitation Order",  # a curfew can be one of its requirements
        "Intensive Supervision and Surveillance",
    ]
    assert data[0]["tried"]["outcome"] == "not effective"
    assert data[0]["evidence"] and data[0]["ages"] == "10 to 17"
    assert data[1]["tried"] is None
    assert main(["catalogue", "--search", "nothing like it"]) == 0
    assert capsys.readouterr().out == "No interventions match 'nothing like it'.\n"
    assert main(["catalogue", "--case", "NOPE"]) == 2
    assert "case NOPE: not found" in capsys.readouterr().err


def test_cli_check(ws: Workspace, tmp_path: Path, capsys) -> None:
    assert main(["catalogue", "--check"]) == 0
    assert capsys.readouterr().out == "1 catalogue file OK\n"
    path = with_example(ws)
    assert main(["catalogue", "--check"]) == 0
    assert capsys.readouterr().out == "2 catalogue files OK\n"
    path.write_text('[[interventions]]\nname = ""\n', encoding="utf-8")
    assert main(["catalogue", "--check"]) == 2
    assert capsys.readouterr().err == f"{path}:2: intervention 1: name must not be empty\n"
    assert main(["catalogue", "--check", str(cat.local_example_path())]) == 0
    # The live list is still broken: listing warns on stderr and still works.
    assert main(["catalogue"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"warning: {path}:2: intervention 1: name must not be empty")
    assert "Referral Order" in captured.out


def test_cli_example_is_the_file_to_copy(capsys) -> None:
    assert main(["catalogue", "--example"]) == 0
    data = tomllib.loads(capsys.readouterr().out)
    assert data["interventions"][0]["name"] == "Motor project"
