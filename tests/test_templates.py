"""Agenda templates: the built-ins, the FILE:LINE checker, and which template wins when ids clash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from meetingtui.core.config import paths
from meetingtui.core.config.templates import check_template_file, load_templates, meeting_items
from meetingtui.core.errors import NotFound
from meetingtui.core.record.model import ITEM_KINDS, Meeting
from meetingtui.core.record.schema import check_case_record
from meetingtui.core.workspace import Workspace

BUILTIN_IDS = [
    "professionals-meeting",
    "peer-group-contact",
    "multi-agency-coordination",
    "emergency-move-review",
    "case-reflection",
]

GOOD = """\
id = "mine"
title = "My meeting"
description = "For testing."

[[items]]
key = "welcome"
title = "Welcome"
kind = "attendance"
timebox_minutes = 5
prompts = ["Who is here?"]

[[items]]
key = "actions"
title = "Actions"
kind = "actions"
timebox_minutes = 10
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check(tmp_path: Path, text: str) -> list[str]:
    return check_template_file(write(tmp_path / "t", "t.toml", text))


def at(tmp_path: Path, line: int, message: str) -> str:
    return f"{tmp_path / 't' / 't.toml'}:{line}: {message}"


# ------------------------------------------------------------------------------------------------ built-ins


def test_the_five_builtins_are_found_in_order(ws: Workspace) -> None:
    found = load_templates(ws)
    assert found.warnings == []
    assert list(found.templates) == BUILTIN_IDS
    assert all(t.builtin and t.source.parent == paths.builtin_agendas_dir() for t in found)


@pytest.mark.parametrize("path", sorted(paths.builtin_agendas_dir().glob("*.toml")), ids=lambda p: p.name)
def test_every_builtin_passes_the_checker(path: Path) -> None:
    assert check_template_file(path) == []


def test_builtins_have_realistic_lengths_and_the_items_the_case_review_asks_for(ws: Workspace) -> None:
    found = load_templates(ws)
    for t in found:
        assert 45 <= t.total_minutes <= 120, (t.id, t.total_minutes)
        kinds = [i.kind for i in t.items]
        assert kinds[0] == "attendance", t.id  # confidentiality is read at the start
        assert kinds[-1] == "actions", t.id  # agreed actions and the next meeting close every meeting
        assert all(i.prompts for i in t.items), t.id
        assert all(p.rstrip().endswith(("?", ".")) for i in t.items for p in i.prompts), t.id
    pm = found.get("professionals-meeting")
    assert [i.kind for i in pm.items] == [
        "attendance",
        "wishes",
        "previous-actions",
        "interventions",
        "alternatives",
        "peers",
        "forums",
        "placement",
        "signs-of-safety",
        "actions",
    ]
    assert any("0 to 10" in p for p in pm.item("safety").prompts)  # type: ignore[union-attr]
    for tid in (
        "professionals-meeting",
        "peer-group-contact",
        "multi-agency-coordination",
        "emergency-move-review",
    ):
        assert "previous-actions" in [i.kind for i in found.get(tid).items], tid
    move = found.get("emergency-move-review")
    assert {"wishes", "placement"} <= {i.kind for i in move.items}
    assert any("IRO" in p for i in move.items for p in i.prompts)
    assert any("challenge" in i.title.lower() for i in move.items)
    reflection = found.get("case-reflection")
    assert [i.key for i in reflection.items if i.restricted] == ["hypothesis", "patterns"]


def test_all_item_kinds_are_used_by_some_builtin(ws: Workspace) -> None:
    used = {i.kind for t in load_templates(ws) for i in t.items}
    assert used == set(ITEM_KINDS) - {"notes"}


def test_the_readme_example_is_a_valid_template(tmp_path: Path) -> None:
    readme = (paths.builtin_agendas_dir() / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# agendas/education-placement\.toml\n.*?)```", readme, re.S)
    assert example is not None
    assert check(tmp_path, example[1]) == []


# ------------------------------------------------------------------------------------------------ checker


def test_a_good_template_has_no_problems(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD) == []


def test_missing_fields_point_at_the_table_they_belong_in(tmp_path: Path) -> None:
    text = GOOD.replace('title = "My meeting"\n', "").replace("timebox_minutes = 10\n", "")
    assert check(tmp_path, text) == [
        at(tmp_path, 1, "missing required field title"),
        at(tmp_path, 11, "item 2: missing required field timebox_minutes"),  # its [[items]] line,
    ]
    assert check(tmp_path, 'id = "x"\ntitle = "X"\n') == [at(tmp_path, 1, "missing required field items")]
    assert check(tmp_path, 'id = "x"\ntitle = "X"\nitems = []\n') == [
        at(tmp_path, 3, "a template needs at least one [[items]] table")
    ]


def test_wrong_types_name_the_field_and_what_it_got(tmp_path: Path) -> None:
    text = (
        GOOD.replace('title = "Welcome"', "title = 3")
        .replace("timebox_minutes = 10", 'timebox_minutes = "10"')
        .replace('prompts = ["Who is here?"]', 'prompts = "Who is here?"\nrestricted = "yes"')
    )
    assert check(tmp_path, text) == [
        at(tmp_path, 7, 'item 1: title should be text in quotes, not a whole number "3"'),
        at(tmp_path, 10, 'item 1: prompts should be a list of text in quotes, not text "Who is here?"'),
        at(tmp_path, 11, 'item 1: restricted should be true or false, not text "yes"'),
        at(tmp_path, 17, 'item 2: timebox_minutes should be a whole number, not text "10"'),
    ]
    assert check(tmp_path, GOOD.replace("timebox_minutes = 5", "timebox_minutes = 7.5")) == [
        at(tmp_path, 9, 'item 1: timebox_minutes should be a whole number, not a decimal number "7.5"')
    ]
    assert check(tmp_path, GOOD.replace('[[items]]\nkey = "actions"', '[items2]\nkey = "actions"')) == [
        at(
            tmp_path,
            12,
            'unknown field items2; did you mean "items"? (fields: id, title, description, marking, items)',
        )
    ]


def test_a_prompt_problem_points_at_its_own_line(tmp_path: Path) -> None:
    long = "x" * 2001
    text = GOOD.replace('prompts = ["Who is here?"]', f'prompts = [\n  "Fine?",\n  42,\n  "{long}",\n]')
    assert check(tmp_path, text) == [
        at(tmp_path, 12, "item 1: prompt 2 should be text in quotes, not a whole number"),
        at(tmp_path, 13, "item 1: prompt 3 is too long (2001 characters; at most 2000)"),
    ]


def test_duplicate_item_keys(tmp_path: Path) -> None:
    text = GOOD.replace('key = "actions"', 'key = "welcome"')
    assert check(tmp_path, text) == [
        at(tmp_path, 13, 'item 2: key "welcome" is already used on line 6 (item keys must be unique)')
    ]


def test_duplicate_toml_keys_are_syntax_errors_with_their_line(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "actions"', 'kind = "actions"\nkind = "notes"')
    assert check(tmp_path, text) == [
        at(tmp_path, 16, "TOML syntax error at column 15: a key is set twice (or a value is overwritten)")
    ]


def test_unknown_kind_suggests_the_nearest(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "actions"', 'kind = "action"')
    assert check(tmp_path, text) == [
        at(
            tmp_path,
            15,
            'item 2: kind "action" is not known; did you mean "actions"? (one of: '
            + ", ".join(ITEM_KINDS)
            + ")",
        )
    ]


def test_only_one_review_of_previous_actions(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "attendance"', 'kind = "previous-actions"').replace(
        'kind = "actions"', 'kind = "previous-actions"'
    )
    assert check(tmp_path, text) == [
        at(tmp_path, 15, "item 2: only one previous-actions item per template (the first is on line 8)")
    ]


def test_timebox_limits(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD.replace("timebox_minutes = 5", "timebox_minutes = -5")) == [
        at(tmp_path, 9, "item 1: timebox_minutes must not be negative (got -5)")
    ]
    assert check(tmp_path, GOOD.replace("timebox_minutes = 5", "timebox_minutes = 601")) == [
        at(tmp_path, 9, "item 1: timebox_minutes must be at most 600 minutes (got 601)")
    ]
    assert check(tmp_path, GOOD.replace("timebox_minutes = 5", "timebox_minutes = 0")) == []


def test_ids_keys_and_misspelt_fields(tmp_path: Path) -> None:
    text = GOOD.replace('id = "mine"', 'id = "my meeting"').replace(
        'key = "welcome"', 'key = "wel/come"\ntimebox = 5'
    )
    words = "(a letter or digit, then letters, digits, - or _; at most 64)"
    assert check(tmp_path, text) == [
        at(tmp_path, 1, f'id "my meeting" is not a valid id {words}'),
        at(tmp_path, 6, f'item 1: key "wel/come" is not a valid id {words}'),
        at(
            tmp_path,
            7,
            'item 1: unknown field timebox; did you mean "timebox_minutes"? '
            "(fields: key, title, kind, timebox_minutes, prompts, restricted)",
        ),
    ]


def test_titles_must_be_one_nonempty_line(tmp_path: Path) -> None:
    text = GOOD.replace('title = "My meeting"', 'title = "  "').replace(
        'title = "Actions"', 'title = """Two\nlines"""'
    )
    assert check(tmp_path, text) == [
        at(tmp_path, 2, "title must not be empty"),
        at(tmp_path, 14, "item 2: title must be one line (it contains a line break)"),
    ]


def test_nothing_in_a_template_is_evaluated(tmp_path: Path) -> None:
    text = GOOD.replace('title = "Welcome"', "title = \"__import__('os').system('touch pwned')\"")
    assert check(tmp_path, text) == []
    assert not (tmp_path / "pwned").exists()


# ------------------------------------------------------------------------------------------------ loading


def test_user_templates_override_builtins_in_place_and_extras_override_both(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    ws = Workspace.open(data=tmp_path / "data", config=tmp_path / "config", templates=extra)
    write(ws.user_templates, "pm.toml", GOOD.replace('id = "mine"', 'id = "case-reflection"'))
    write(ws.user_templates, "mine.toml", GOOD)
    write(extra, "mine-again.toml", GOOD.replace('title = "My meeting"', 'title = "Extra wins"'))
    found = load_templates(ws)
    assert found.warnings == []
    assert list(found.templates) == [*BUILTIN_IDS, "mine"]
    reflection = found.get("case-reflection")
    assert not reflection.builtin and reflection.title == "My meeting"
    assert reflection.overrides == paths.builtin_agendas_dir() / "05-case-reflection.toml"
    mine = found.get("mine")
    assert mine.title == "Extra wins" and mine.source == extra / "mine-again.toml"
    assert mine.overrides == ws.user_templates / "mine.toml"


def test_a_broken_user_template_is_skipped_with_a_warning(ws: Workspace) -> None:
    write(ws.user_templates, "good.toml", GOOD)
    bad = write(ws.user_templates, "bad.toml", GOOD.replace("timebox_minutes = 5", "timebox_minutes = -5"))
    broken = write(ws.user_templates, "broken.toml", 'id = "x"\ntitle = \n')
    # A broken copy of a built-in must not hide the built-in.
    write(ws.user_templates, "pm.toml", 'id = "professionals-meeting"\ntitle = "Mine"\n')
    found = load_templates(ws)
    assert list(found.templates) == [*BUILTIN_IDS, "mine"]
    assert found.get("professionals-meeting").builtin
    assert found.warnings == [
        f"{bad}:9: item 1: timebox_minutes must not be negative (got -5) "
        f"(template skipped; meetingtui templates check {bad})",
        f'{broken}:2: TOML syntax error at column 9: not a valid value (text needs quotes: "...") '
        f"(template skipped; meetingtui templates check {broken})",
        f"{ws.user_templates / 'pm.toml'}:1: missing required field items "
        f"(template skipped; meetingtui templates check {ws.user_templates / 'pm.toml'})",
    ]


def test_the_same_id_twice_in_one_folder_keeps_the_first(ws: Workspace) -> None:
    write(ws.user_templates, "a.toml", GOOD)
    write(ws.user_templates, "b.toml", "\n" + GOOD.replace("My meeting", "Second"))
    found = load_templates(ws)
    assert found.get("mine").title == "My meeting"
    assert found.warnings == [
        f'{ws.user_templates / "b.toml"}:2: template id "mine" is also used by a.toml in the same folder '
        "(template skipped)"
    ]


def test_a_missing_templates_folder_is_a_warning(tmp_path: Path) -> None:
    ws = Workspace.open(data=tmp_path / "data", config=tmp_path / "config", templates=tmp_path / "nope")
    found = load_templates(ws)
    assert list(found.templates) == BUILTIN_IDS
    assert found.warnings == [f"{tmp_path / 'nope'}: --templates no such folder; no templates loaded from it"]


def test_get_names_the_known_templates(ws: Workspace) -> None:
    with pytest.raises(
        NotFound, match=r"template nope: not found \(known: professionals-meeting, peer-group"
    ):
        load_templates(ws).get("nope")


def test_marking_comes_from_the_template_or_the_settings(ws: Workspace) -> None:
    write(ws.user_templates, "a.toml", GOOD.replace('description = "For testing."', 'marking = "OFFICIAL"'))
    ws.settings.marking = "OFFICIAL-SENSITIVE PERSONAL"
    found = load_templates(ws)
    assert found.get("mine").marking == "OFFICIAL"
    assert found.get("professionals-meeting").marking == "OFFICIAL-SENSITIVE PERSONAL"


# ------------------------------------------------------------------------------------------------ meetings


def test_meeting_items_copy_the_template_and_are_valid_case_file_items(ws: Workspace, demo) -> None:
    found = load_templates(ws)
    for n, t in enumerate(found):
        items = meeting_items(t)
        assert [(i.key, i.title, i.kind, i.timebox_minutes, i.prompts) for i in items] == [
            (i.key, i.title, i.kind, i.timebox_minutes, i.prompts) for i in t.items
        ]
        items[0].prompts.append("changed in the meeting")
        assert "changed in the meeting" not in t.items[0].prompts  # the meeting owns its copy
        demo.meetings.append(Meeting(id=f"T{n}", template=t.id, title=t.title, date=ws.today(), items=items))
    assert check_case_record(demo.to_dict()) == []
    reflection = meeting_items(found.get("case-reflection"))
    assert [i.key for i in reflection if i.is_restricted] == ["hypothesis", "patterns"]
    assert "restricted" not in reflection[0].to_dict()


def test_a_missing_builtin_folder_is_reported(ws: Workspace, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths, "builtin_agendas_dir", lambda: tmp_path / "gone")
    write(ws.user_templates, "mine.toml", GOOD)
    found = load_templates(ws)
    assert list(found.templates) == ["mine"]
    assert found.warnings == [
        f"{tmp_path / 'gone'}: the built-in templates folder is missing (reinstall meetingtui)"
    ]
