"""Case files: the exchange format of ``data/case-file.schema.json``, read with every check, written exactly.

Import is all or nothing: the whole file is checked (envelope, schema, cross-references) before anything is
stored, and every problem is reported by JSON path so the sender can fix them all in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from meetingtui.core import disk
from meetingtui.core.errors import UserError
from meetingtui.core.record import migrations
from meetingtui.core.record.model import Case
from meetingtui.core.record.schema import Problem, check_case_file
from meetingtui.core.store.base import Repository

FORMAT = "meetingtui-case"
VERSION = 3
# Every version this meetingtui reads, oldest first; older ones are migrated on import (migrations.py).
READABLE = (1, 2, 3)
MAX_BYTES = 256 * 1024 * 1024


class CaseFileInvalid(UserError):
    """A case file with problems; ``problems`` holds one line each."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.lines()[0] if len(problems) == 1 else f"{source}: {len(problems)} problems")

    def lines(self) -> list[str]:
        """One line per problem, each naming the file and the JSON path (a batch import of many files is read
        line by line); a problem with the whole document is at "(top level)"."""
        return [f"{self.source}: {p.path or '(top level)'}: {p.message}" for p in self.problems]


def read_bytes(path: Path) -> bytes:
    """Read an input file, turning every way it can be unusable into one clear line."""
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a case file")
    if not path.is_file():
        raise UserError(f"{path}: is not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: too large for a case file ({size // (1024 * 1024)} MB)")
        return path.read_bytes()
    except PermissionError:
        raise UserError(f"{path}: permission denied (cannot read it)") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def parse_json(raw: bytes, source: str) -> Any:
    if not raw.strip():
        raise UserError(f"{source}: the file is empty")
    if b"\x00" in raw[:4096]:
        raise UserError(f"{source}: is a binary file, not a JSON case file")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UserError(f"{source}:{line}: not UTF-8 text (save the file as UTF-8)") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in str(exc):  # a \ud800 escape with no partner: text no Unicode encoding can hold
            line, col = _lone_surrogate(raw) or (exc.lineno, exc.colno)
            raise UserError(
                f"{source}: text that is not valid Unicode at line {line} column {col} "
                "(a lone surrogate escape such as \\ud800)"
            ) from None
        raise UserError(f"{source}: not valid JSON ({exc})") from None


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(raw: bytes) -> tuple[int, int] | None:
    """Line and column (from 1) of the first \\uXXXX escape that is half of a surrogate pair on its own."""
    paired_to = -1
    for m in _SURROGATE.finditer(raw):
        if m.start() < paired_to:
            continue  # the low half of the pair just seen
        high = m.group()[3:4].lower() in b"89ab"
        low_next = _SURROGATE.match(raw, m.end())
        if high and low_next and low_next.group()[3:4].lower() in b"cdef":
            paired_to = low_next.end()
            continue
        line = raw.count(b"\n", 0, m.start()) + 1
        return line, m.start() - (raw.rfind(b"\n", 0, m.start()) + 1) + 1
    return None


def parse_case(doc: Any, source: str) -> Case:
    """Check a parsed case file completely and build the case; raises CaseFileInvalid listing every problem."""
    if not isinstance(doc, dict):
        raise CaseFileInvalid(source, [Problem("", "a case file must be a JSON object")])
    if doc.get("format") != FORMAT and "format" in doc:
        raise CaseFileInvalid(
            source, [Problem("format", f"must be {FORMAT!r} (this is not a meetingtui case file)")]
        )
    if isinstance(doc.get("version"), int) and doc["version"] > VERSION:
        raise CaseFileInvalid(
            source,
            [
                Problem(
                    "version", f"{doc['version']} is newer than this meetingtui reads ({VERSION}); upgrade"
                )
            ],
        )
    problems = check_case_file(doc)
    if problems:
        raise CaseFileInvalid(source, problems)
    return Case.from_dict(migrate_case_file(doc)["case"])


def migrate_case_file(doc: dict[str, Any]) -> dict[str, Any]:
    """A checked case file of any readable version as the current version (the input is left unchanged)."""
    if doc.get("version") == 1:
        doc = {**doc, "version": 2, "case": migrations.case_file_v1_to_v2(doc["case"])}
    if doc.get("version") == 2:
        doc = {**doc, "version": 3, "case": migrations.case_file_v2_to_v3(doc["case"])}
    return doc


def load_case_file(path: Path) -> Case:
    return parse_case(parse_json(read_bytes(path), str(path)), str(path))


@dataclass(slots=True)
class ImportResult:
    case: Case
    replaced: bool


def import_case_file(repo: Repository, path: Path, *, replace: bool = False) -> ImportResult:
    case = load_case_file(path)
    existed = repo.has_case(case.id)
    repo.create_case(case, replace=replace)
    return ImportResult(case, existed)


def case_file_dict(repo: Repository, case_id: str, *, now: datetime | None = None) -> dict[str, Any]:
    stamp = (now or datetime.now().astimezone()).replace(microsecond=0).isoformat()
    return {"format": FORMAT, "version": VERSION, "exported_at": stamp, "case": repo.export_dict(case_id)}


def dumps_case_file(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def export_case_file(repo: Repository, case_id: str, out: Path, *, force: bool = False) -> Path:
    raw = dumps_case_file(case_file_dict(repo, case_id))
    return disk.write_user_file(out, raw, force=force, example=f"{case_id}.json")
