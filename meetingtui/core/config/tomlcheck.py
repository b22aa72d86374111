"""Reading the TOML files users edit (agenda templates, the interventions catalogue) and naming every problem as
``FILE:LINE: what is wrong``, so a chair with a text editor can go straight to the line.

Syntax errors get their line from tomllib; everything else (a missing field, a wrong type, an unknown kind) from
the scanner in ``tomlpos``. Nothing in a file is ever evaluated: it is parsed as data and checked field by field.
"""

from __future__ import annotations

import dataclasses as dc
import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from meetingtui.core.config.tomlpos import Positions, Where
from meetingtui.core.errors import UserError
from meetingtui.core.text.show import show

MAX_BYTES = 1024 * 1024
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")  # \Z: "$" would accept a final newline
ID_WORDS = "a letter or digit, then letters, digits, - or _; at most 64"
# Control characters break one-line messages and cannot be written to a Word file; tab and newline are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SYNTAX = re.compile(
    r"^(?P<msg>.*) \((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$", re.S
)
_FRIENDLY = {
    "Cannot overwrite a value": "a key is set twice (or a value is overwritten)",
    "Invalid statement": "not a TOML statement (expected key = value, [table] or [[table]])",
    "Invalid value": 'not a valid value (text needs quotes: "...")',
    "Illegal character '\\n'": "the line ends inside text in quotes (is a closing quote missing?)",
}


class ProblemList(UserError):
    """Several problems, one line each (the CLI prints every line and exits 2)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0] if self.problems else "no problems")

    def lines(self) -> list[str]:
        return self.problems


# ------------------------------------------------------------------------------------------------ reading


@dc.dataclass
class TomlDoc:
    """One TOML file, parsed (``data``) or not (``data is None`` and ``problems`` says why)."""

    path: Path
    data: dict[str, Any] | None = None
    text: str = ""
    problems: list[str] = dc.field(default_factory=list)
    _positions: Positions | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.problems

    def line(self, where: Where) -> int:
        if self._positions is None:
            self._positions = Positions(self.text)
        return self._positions.line(where)

    def problem(self, where: Where, message: str) -> None:
        self.problems.append(f"{self.path}:{self.line(where)}: {message}")

    def sort(self) -> None:
        """Problems in line order (checks run field by field, readers go top to bottom)."""
        prefix = len(f"{self.path}:")

        def line_of(problem: str) -> int:
            digits = problem[prefix:].split(":", 1)[0]
            return int(digits) if digits.isdigit() else 0

        self.problems.sort(key=line_of)


def read_toml(path: Path) -> TomlDoc:
    """Read and parse one file; every way it can be unusable becomes one problem line, never an exception."""
    doc = TomlDoc(path)
    try:
        if not path.is_file():
            what = (
                "is a folder, not a file"
                if path.is_dir()
                else "is not a regular file"
                if path.exists()
                else "no such file"
            )
            doc.problems.append(f"{path}: {what}")
            return doc
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(f"{path}: too large ({size // 1024} KB; at most {MAX_BYTES // 1024} KB)")
            return doc
        raw = path.read_bytes()
    except PermissionError:
        doc.problems.append(f"{path}: permission denied (cannot read it)")
        return doc
    except OSError as exc:
        doc.problems.append(f"{path}: cannot read it ({exc.strerror or exc})")
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        doc.problems.append(f"{path}:{line}: not UTF-8 text (save the file as UTF-8)")
        return doc
    return parse_toml_text(path, text.removeprefix("\ufeff"), doc)


def parse_toml_text(path: Path, text: str, doc: TomlDoc | None = None) -> TomlDoc:
    doc = doc or TomlDoc(path)
    doc.text = text
    try:
        doc.data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        doc.problems.append(syntax_problem(path, text, exc))
    except RecursionError:  # tomllib recurses per nesting level: a few hundred nested lists exhaust the stack
        doc.problems.append(f"{path}:1: lists or tables are nested too deeply to read")
    return doc


def syntax_problem(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    m = _SYNTAX.match(str(exc))
    if not m:
        return f"{path}:1: TOML syntax error: {exc}"
    msg = m["msg"]
    declared = re.match(r"^Cannot declare \((.*)\) twice$", msg)
    if declared:
        names = ".".join(p.strip().strip("'\"") for p in declared[1].split(",") if p.strip())
        msg = f"table [{names}] is declared twice"
    else:
        msg = _FRIENDLY.get(msg, msg[:1].lower() + msg[1:])
    if m["line"] is None:
        last = max(1, len(text.splitlines()))
        return f"{path}:{last}: TOML syntax error at the end of the file: {msg}"
    return f"{path}:{m['line']}: TOML syntax error at column {m['col']}: {msg}"


# ----------------------------------------------------------------------------------------------- fields


def unwrap(text: str) -> str:
    """Text wrapped over several lines in a file reads as flowing text: one line break is a space, a blank line
    starts a new paragraph (so minutes and screens wrap it to their own width)."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date or time"
    return type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


class Table:
    """Typed reads of one TOML table, each reporting what is wrong at the right line in the words of the file."""

    def __init__(self, doc: TomlDoc, data: dict[str, Any], where: Where, label: str = "") -> None:
        self.doc = doc
        self.data = data
        self.where = where
        self.label = label

    def say(self, name: str | int | None, message: str) -> None:
        where = self.where if name is None else (*self.where, name)
        self.doc.problem(where, f"{self.label}{message}")

    def line(self, name: str) -> int:
        return self.doc.line((*self.where, name))

    def only(self, allowed: Sequence[str]) -> None:
        for name in self.data:
            if name not in allowed:
                self.say(
                    name,
                    f"unknown field {show(name)}{did_you_mean(name, allowed)} (fields: {', '.join(allowed)})",
                )

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.data:
            if required:
                self.say(None, f"missing required field {name}")
            return None
        return self.data[name]

    def _wrong(self, name: str, want: str, value: Any) -> None:
        got = kind_of(value)
        shown = (
            f' "{show(value)}"'
            if isinstance(value, str | int | float) and not isinstance(value, bool)
            else ""
        )
        self.say(name, f"{name} should be {want}, not {got}{shown}")

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_len: int,
        one_line: bool = True,
        empty_ok: bool = False,
    ) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self._wrong(name, "text in quotes", value)
            return None
        return self.check_text(name, value, max_len=max_len, one_line=one_line, empty_ok=empty_ok)

    def check_text(
        self,
        name: str | int,
        value: str,
        *,
        max_len: int,
        one_line: bool = True,
        empty_ok: bool = False,
        what: str = "",
    ) -> str | None:
        what = what or str(name)
        if not value.strip() and not empty_ok:
            self.say(name, f"{what} must not be empty")
            return None
        if len(value) > max_len:
            self.say(name, f"{what} is too long ({len(value)} characters; at most {max_len})")
            return None
        if _CONTROL.search(value):
            self.say(name, f"{what} contains a control character")
            return None
        if one_line and ("\n" in value or "\r" in value):
            self.say(name, f"{what} must be one line (it contains a line break)")
            return None
        return value

    def ident(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required, max_len=64)
        if value is not None and not ID_RE.match(value):
            self.say(name, f'{name} "{show(value)}" is not a valid id ({ID_WORDS})')
            return None
        return value

    def integer(
        self, name: str, *, required: bool = False, minimum: int, maximum: int, unit: str = ""
    ) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(name, "a whole number", value)
            return None
        if value < minimum:
            self.say(
                name, f"{name} must not be {'negative' if minimum == 0 else f'below {minimum}'} (got {value})"
            )
            return None
        if value > maximum:
            self.say(name, f"{name} must be at most {maximum}{unit} (got {value})")
            return None
        return value

    def boolean(self, name: str, *, default: bool = False) -> bool:
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(name, "true or false", value)
            return default
        return value

    def choice(self, name: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(name, required=required, max_len=200)
        if value is not None and value not in choices:
            self.say(
                name,
                f'{name} "{show(value)}" is not known{did_you_mean(value, choices)}'
                f" (one of: {', '.join(choices)})",
            )
            return None
        return value

    def texts(self, name: str, *, max_len: int, what: str) -> list[str]:
        """A list of text; each element's problem is reported at the element's own line."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(name, "a list of text in quotes", value)
            return []
        out: list[str] = []
        for n, element in enumerate(value):
            sub = Table(self.doc, {}, (*self.where, name), self.label)
            if not isinstance(element, str):
                sub.say(n, f"{what} {n + 1} should be text in quotes, not {kind_of(element)}")
                continue
            ok = sub.check_text(n, element, max_len=max_len, one_line=False, what=f"{what} {n + 1}")
            if ok is not None:
                out.append(ok)
        return out

    def tables(self, name: str, *, required: bool = False, header: str) -> list[tuple[int, dict[str, Any]]]:
        """An array of tables (``[[name]]``), as (index, table) pairs; non-tables are reported and left out."""
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(name, f"a list of [[{header}]] tables", value)
            return []
        out = []
        for n, element in enumerate(value):
            if isinstance(element, dict):
                out.append((n, element))
            else:
                Table(self.doc, {}, (*self.where, name), self.label).say(
                    n,
                    f"{header} {n + 1} should be a [[{header}]] table, not {kind_of(element)}",
                )
        return out
