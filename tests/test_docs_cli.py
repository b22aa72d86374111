"""The command-line reference cannot fall behind the parsers.

The parsers are built from the code (``meetingtui.cli.build_parser``, as ``meetingtui --help`` builds them), not
by running ``meetingtui``, so this takes a fraction of a second. It checks that:

- every verb has a section ``### `meetingtui VERB``` in docs/cli.md, and every option its ``--help`` shows (and
  each sub-action's: ``store copy --from``, ``record CASE_ID visit --date``…) is in an option table of that
  section; the folder options every verb takes are in the table of options every verb takes;
- every verb has a row in README.md's table of verbs that names the verb's own options and its sub-actions;
- the place ``serve --help`` sends readers to (the README, about a reverse proxy) exists, and the links between
  these pages land on a heading.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from meetingtui.cli import VERBS, _common, build_parser
from meetingtui.commands import serve

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
HELP_OPTIONS = {"-h", "--help"}


def folder_options() -> set[str]:
    """The options ``cli._common`` gives every verb (documented once, not per verb)."""
    p = argparse.ArgumentParser(add_help=False)
    _common(p)
    return {s for a in p._actions for s in a.option_strings}


COMMON = folder_options()


def shown(parser: argparse.ArgumentParser) -> list[list[str]]:
    """The options ``parser --help`` shows, each as its option strings, without help and the folder options."""
    return [
        list(a.option_strings)
        for a in parser._actions
        if a.option_strings
        and a.help != argparse.SUPPRESS
        and not set(a.option_strings) & (HELP_OPTIONS | COMMON)
    ]


def sub_actions(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            found.update(a.choices)
    return found


def verb_parsers() -> dict[str, argparse.ArgumentParser]:
    root, _ = build_parser()
    return sub_actions(root)


PARSERS = verb_parsers()


def sections(text: str, pattern: str) -> dict[str, str]:
    """Text under each heading matching ``pattern`` (one group: the name), up to the next heading of the same
    level or higher (its own sub-headings stay in)."""
    found: dict[str, str] = {}
    for m in re.finditer(pattern, text, flags=re.M):
        level = len(m.group(0)) - len(m.group(0).lstrip("#"))
        body = text[m.end() :]
        stop = re.search(rf"^#{{1,{level}}} ", body, flags=re.M)
        found[m.group(1)] = body[: stop.start()] if stop else body
    return found


def first_cells(text: str) -> list[str]:
    """The first cell of every table row (a ``|`` inside a code span is written ``\\|``)."""
    cells = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|[-| :]+\|?", line.strip()):
            cells.append(re.split(r"(?<!\\)\|", line)[1])
    return cells


def in_code(option: str, cells: list[str]) -> bool:
    """Whether a cell starts a code span with ``option`` (so ``--as`` is not found in ``--as-of``)."""
    pattern = re.compile("`" + re.escape(option) + r"(?![\w-])")
    return any(pattern.search(cell) for cell in cells)


def as_word(word: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text) is not None


def doc_text() -> str:
    return CLI_DOC.read_text(encoding="utf-8")


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def verb_sections() -> dict[str, str]:
    return sections(doc_text(), r"^### `meetingtui ([a-z-]+)`\s*$")


def readme_cli() -> str:
    text = readme_text()
    start = text.index("\n## The command line")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def readme_rows(verb: str) -> list[str]:
    """The first cells of README's verb table that name ``verb`` in a code span (```action``` is not
    ```actions```)."""
    pattern = re.compile("`" + re.escape(verb) + r"(?![\w-])")
    return [cell for cell in first_cells(readme_cli()) if pattern.search(cell)]


# --- docs/cli.md -------------------------------------------------------------------------------------------


def test_every_verb_has_a_section_and_no_section_is_stale() -> None:
    found = verb_sections()
    assert sorted(set(VERBS) - set(found)) == [], (
        "verbs with no '### `meetingtui VERB`' section in docs/cli.md"
    )
    assert sorted(set(found) - set(VERBS)) == [], "docs/cli.md has sections for verbs that do not exist"


@pytest.mark.parametrize("verb", list(VERBS))
def test_every_option_of_the_verb_is_in_its_section(verb: str) -> None:
    section = verb_sections().get(verb)
    assert section is not None, f"docs/cli.md has no section '### `meetingtui {verb}`'"
    cells = first_cells(section)
    parser = PARSERS[verb]
    missing = [s for opts in shown(parser) for s in opts if not in_code(s, cells)]
    for name, sub in sub_actions(parser).items():
        if not as_word(name, section):
            missing.append(f"{name} (sub-action)")
        missing += [f"{name} {s}" for opts in shown(sub) for s in opts if not in_code(s, cells)]
    assert missing == [], f"docs/cli.md, section {verb}: not in an option table: {missing}"


def test_the_options_every_verb_takes_are_listed_once() -> None:
    common = sections(doc_text(), r"^## (Options every verb takes)\s*$")
    assert common, "docs/cli.md has no '## Options every verb takes'"
    cells = first_cells(common["Options every verb takes"])
    root, _ = build_parser()
    everywhere = COMMON | HELP_OPTIONS | {s for opts in shown(root) for s in opts}
    assert sorted(s for s in everywhere if not in_code(s, cells)) == []


def test_a_missing_option_is_noticed() -> None:
    """The check above can fail: the same section without one option's row no longer has it."""
    section = verb_sections()["serve"]
    without = "\n".join(line for line in section.splitlines() if not line.startswith("| `--allow-remote"))
    assert in_code("--allow-remote", first_cells(section))
    assert not in_code("--allow-remote", first_cells(without))


# --- README.md ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", list(VERBS))
def test_the_readme_table_names_every_verb_with_its_options(verb: str) -> None:
    rows = readme_rows(verb)
    assert rows, f"README.md's table of verbs has no row for `{verb}`"
    text = " ".join(rows)
    parser = PARSERS[verb]
    missing = [opts[-1] for opts in shown(parser) if not any(as_word(s, text) for s in opts)]
    missing += [f"{name} (sub-action)" for name in sub_actions(parser) if not as_word(name, text)]
    assert missing == [], f"README.md's row for {verb} leaves out {missing}"


def test_the_readme_names_the_folder_options_and_links_the_full_reference() -> None:
    text = readme_cli()
    assert sorted(s for s in COMMON if not as_word(s, text)) == []
    assert "(docs/cli.md)" in text


def test_serve_help_points_to_a_reverse_proxy_section_that_exists() -> None:
    assert "README" in serve.DESCRIPTION and "reverse proxy" in serve.DESCRIPTION
    found = sections(readme_text(), r"^#{2,4} (.*reverse proxy.*)$")
    assert found, "serve --help says to see the README about a reverse proxy; README.md has no such heading"
    body = " ".join(found.values())
    for needed in ("--allow-remote", "--public-url", "--token-file", "Host", "Origin", "TLS", "/ws"):
        assert needed in body, f"README's reverse-proxy section does not say what serve needs about {needed}"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M)}


@pytest.mark.parametrize("page", [README, CLI_DOC])
def test_links_to_headings_land(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", text):
        where = (page.parent / target).resolve() if target else page
        if where.suffix == ".md" and anchor not in anchors(where):
            broken.append(f"{target}#{anchor}")
    assert broken == []
