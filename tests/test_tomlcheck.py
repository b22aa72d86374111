"""The line locator and the reader behind every FILE:LINE message for user-edited TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.core.config.tomlcheck import Table, parse_toml_text, read_toml
from meetingtui.core.config.tomlpos import Positions

TRICKY = '''\
# a comment with key = "x" and [[items]] in it
id = "t"   # trailing comment
"quoted key" = 'v'
description = """
key = "not a key"
[[items]]
""\"""
literal = \'\'\'
[[items]] still text # not a comment
\'\'\'

[[items]]
key = "a"
prompts = [
  "one, with a comma",  # comment
  """two
lines""",
  'three',
]

[[items]]
key = "b"
inline = { x = 1, y.z = [1,
  2] }
when = 1979-05-27 07:32:00Z

[[items.notes]]
text = "first"

[[items.notes]]
text = "second"

[table]
dotted.key = 3
'''


def test_tricky_text_is_valid_toml() -> None:
    data = tomllib.loads(TRICKY)
    assert len(data["items"]) == 2  # the [[items]] inside strings are text, not tables


@pytest.mark.parametrize(
    ("where", "line"),
    [
        (("id",), 2),
        (("quoted key",), 3),
        (("description",), 4),
        (("literal",), 8),
        (("items", 0), 12),
        (("items", 0, "key"), 13),
        (("items", 0, "prompts"), 14),
        (("items", 0, "prompts", 0), 15),
        (("items", 0, "prompts", 1), 16),
        (("items", 0, "prompts", 2), 18),
        (("items", 1), 21),
        (("items", 1, "key"), 22),
        (("items", 1, "inline", "y", "z", 1), 24),
        (("items", 1, "when"), 25),
        (("items", 1, "notes", 0, "text"), 28),
        (("items", 1, "notes", 1), 30),
        (("items", 1, "notes", 1, "text"), 31),
        (("table", "dotted", "key"), 34),
        # Not in the file: the nearest parent that is (where a missing field belongs).
        (("items", 1, "title"), 21),
        (("items", 0, "prompts", 9), 14),
        (("nothing",), 1),
    ],
)
def test_positions_find_keys_headers_and_elements(where: tuple, line: int) -> None:
    assert Positions(TRICKY).line(where) == line


def test_positions_with_windows_line_endings() -> None:
    text = TRICKY.replace("\n", "\r\n")
    tomllib.loads(text)
    assert Positions(text).line(("items", 1, "key")) == 22
    assert Positions(text).line(("items", 0, "prompts", 2)) == 18


def test_inline_array_of_tables_positions() -> None:
    text = 'items = [\n  { key = "a" },\n  { key = "b",\n    title = "B" },\n]\n'
    p = Positions(text)
    assert p.line(("items", 1)) == 3
    assert p.line(("items", 1, "title")) == 4


def _problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "t.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return read_toml(path).problems


def test_syntax_errors_name_their_line(tmp_path: Path) -> None:
    f = tmp_path / "t.toml"
    assert _problems(tmp_path, "a = 1\nb = tru\n") == [
        f'{f}:2: TOML syntax error at column 5: not a valid value (text needs quotes: "...")'
    ]
    assert _problems(tmp_path, "a = 1\n\na = 2\n") == [
        f"{f}:3: TOML syntax error at column 6: a key is set twice (or a value is overwritten)"
    ]
    assert _problems(tmp_path, "[t]\nx = 1\n[t]\ny = 2\n") == [
        f"{f}:3: TOML syntax error at column 3: table [t] is declared twice"
    ]
    assert _problems(tmp_path, 'a = 1\nb = """never closed\nmore\n') == [
        f"{f}:3: TOML syntax error at the end of the file: unterminated string"
    ]


def test_unreadable_files_are_one_line_each(tmp_path: Path) -> None:
    f = tmp_path / "t.toml"
    assert _problems(tmp_path, b'a = "ok"\nb = "\xff"\n') == [
        f"{f}:2: not UTF-8 text (save the file as UTF-8)"
    ]
    assert read_toml(tmp_path / "missing.toml").problems == [f"{tmp_path / 'missing.toml'}: no such file"]
    assert read_toml(tmp_path).problems == [f"{tmp_path}: is a folder, not a file"]
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (1024 * 1024 + 10))
    assert read_toml(big).problems == [f"{big}: too large (1024 KB; at most 1024 KB)"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = read_toml(_write(tmp_path, "\ufeffa = 1\n"))
    assert doc.ok and doc.data == {"a": 1}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_table_reads_report_at_the_value_line(tmp_path: Path) -> None:
    text = 'a = "x"\n\nn = -1\nflag = "yes"\nname = "two\\nlines"\nbell = "\\u0007"\nlist = ["ok", 5]\n'
    doc = parse_toml_text(tmp_path / "t.toml", text)
    t = Table(doc, doc.data or {}, ())
    assert t.integer("n", minimum=0, maximum=10) is None
    assert t.boolean("flag") is False
    assert t.text("name", max_len=100) is None
    assert t.text("bell", max_len=100, one_line=False) is None
    assert t.texts("list", max_len=100, what="entry") == ["ok"]
    assert t.text("missing", required=True, max_len=10) is None
    f = tmp_path / "t.toml"
    assert doc.problems == [
        f"{f}:3: n must not be negative (got -1)",
        f'{f}:4: flag should be true or false, not text "yes"',
        f"{f}:5: name must be one line (it contains a line break)",
        f"{f}:6: bell contains a control character",
        f"{f}:7: entry 2 should be text in quotes, not a whole number",
        f"{f}:1: missing required field missing",
    ]


def test_absurd_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    f = _write(tmp_path, "a = " + "[" * 600 + "]" * 600 + "\n")
    assert read_toml(f).problems == [f"{f}:1: lists or tables are nested too deeply to read"]
    assert Positions("a = " + "[" * 100_000).line(("a",)) == 1


_TOMLISH = st.text(alphabet=st.sampled_from(list("ab =[]{}.,#\"'\\\n\r\t1-_xé")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(_TOMLISH)
def test_the_scanner_finishes_on_any_text(text: str) -> None:
    p = Positions(text)
    assert 1 <= p.line(("a", 0, "b")) <= text.count("\n") + 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | _TOMLISH.map(str.encode))
def test_reading_any_bytes_gives_data_or_problems_never_an_exception(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("h") / "t.toml"
    path.write_bytes(raw)
    doc = read_toml(path)
    assert (doc.data is not None) or (len(doc.problems) == 1 and doc.problems[0].startswith(f"{path}:"))


_NOISE = st.sampled_from(["", "# note: key = 1\n", "\n", "# [[items]]\n"])
_VALUE = st.sampled_from(
    [
        '"plain"',
        "'literal [[items]]'",
        '"""\nkey = "inside"\n[[items]]\n"""',
        "'''\n# not a comment\n'''",
        '"with \\" quote"',
        "[\n  'a',\n  # c\n  \"b\",\n]",
        "{ x = 1, y = [1,\n 2] }",
        "1979-05-27 07:32:00Z",
        "-5",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NOISE, _VALUE, _NOISE), min_size=1, max_size=6), st.booleans())
def test_every_item_key_is_found_on_its_own_line(items: list[tuple[str, str, str]], crlf: bool) -> None:
    parts = ['id = "t"\n']
    for n, (before, value, after) in enumerate(items):
        parts.append(f'{before}[[items]]\n{before}other = {value}\n{after}key = "k{n}"\n{after}')
    text = "".join(parts)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = tomllib.loads(text)
    assert [i["key"] for i in data["items"]] == [f"k{n}" for n in range(len(items))]
    lines = text.split("\n")
    p = Positions(text)
    for n in range(len(items)):
        assert lines[p.line(("items", n, "key")) - 1].startswith(f'key = "k{n}"')
        assert lines[p.line(("items", n)) - 1].startswith("[[items]]")
