"""Checks a case file against the exchange schema and its cross-reference rules, naming each problem by path.

A small interpreter for the subset of JSON Schema the case-file schema uses (type, const, enum, required,
additionalProperties, properties, items, $ref, oneOf-with-null, pattern, min/maxLength, minimum/maximum, and
the date / date-time formats). Hand-written rather than a general validator so that every message reads as a
sentence a council officer can act on, e.g. ``case.actions[3].due: 2026-02-30 is not a date``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from meetingtui.core.text.show import show

SCHEMA_RESOURCE = "case-file.schema.json"

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$",
)

# Friendlier wording for the schema's patterns than the raw expressions.
_PATTERN_WORDS = {
    "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$": "is not a valid id (a letter or digit, then letters, digits, - or _; at most 64)",
    "^([01][0-9]|2[0-3]):[0-5][0-9]$": "is not a time (HH:MM, 24-hour)",
}


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema means it: its "$" is the end of the text, where Python's "$" also
    matches before a final newline (so "A1\n" would pass as an id)."""
    return re.compile(
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a case file: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def _is_type(value: Any, t: str) -> bool:
    if t == "string":
        return isinstance(value, str)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "null":
        return value is None
    return False


def is_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_datetime(text: str) -> bool:
    if not _DATETIME_RE.match(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Validator:
    """Walks a document against a schema, collecting problems rather than stopping at the first."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self._fast: dict[int, Any] = {}  # node id -> (node, its yes/no check): see schema_fast

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref}")
            node = self.defs[ref.removeprefix("#/$defs/")]
        return node

    def validate(self, doc: Any, *, node: dict[str, Any] | None = None, path: str = "") -> list[Problem]:
        """Every problem, named by path. A compiled yes/no check runs first (:mod:`.schema_fast`): a valid
        document, nearly always the case, is then never walked with paths (five times quicker)."""
        node = self.schema if node is None else node
        got = self._fast.get(id(node))
        if got is None:
            from meetingtui.core.record.schema_fast import compile_check

            got = self._fast[id(node)] = (node, compile_check(node, self._resolve, self._fast))
        if got[1](doc):
            return []
        problems: list[Problem] = []
        self._check(doc, node, path, problems)
        return problems

    def _check(self, value: Any, node: dict[str, Any], path: str, out: list[Problem]) -> None:
        node = self._resolve(node)
        if "oneOf" in node:
            options = [self._resolve(o) for o in node["oneOf"]]
            non_null = [o for o in options if o.get("type") != "null"]
            if value is None and len(non_null) < len(options):
                return
            if len(non_null) == 1:
                self._check(value, non_null[0], path, out)
                return
            for o in non_null:
                if not self.validate(value, node=o, path=path):
                    return
            out.append(Problem(path, f"{show(value)} does not match any allowed form"))
            return
        if "const" in node:
            if value != node["const"]:
                out.append(Problem(path, f"must be {show(node['const'])}, not {show(value)}"))
            return
        if "enum" in node:
            if value not in node["enum"] or isinstance(value, bool):
                choices = ", ".join(show(c) for c in node["enum"])
                out.append(Problem(path, f"{show(value)} is not one of: {choices}"))
            return
        t = node.get("type")
        if t is not None and not _is_type(value, t):
            out.append(Problem(path, f"expected {_TYPE_WORDS.get(t, t)}, got {_kind(value)}"))
            return
        if isinstance(value, str):
            self._check_string(value, node, path, out)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in node and value < node["minimum"]:
                out.append(Problem(path, f"{show(value)} is below the minimum {node['minimum']}"))
            if "maximum" in node and value > node["maximum"]:
                out.append(Problem(path, f"{show(value)} is above the maximum {node['maximum']}"))
        elif isinstance(value, list):
            items = node.get("items")
            if items is not None:
                for n, v in enumerate(value):
                    self._check(v, items, join(path, n), out)
        elif isinstance(value, dict):
            self._check_object(value, node, path, out)

    def _check_string(self, value: str, node: dict[str, Any], path: str, out: list[Problem]) -> None:
        if "minLength" in node and len(value) < node["minLength"]:
            out.append(Problem(path, "must not be empty" if node["minLength"] == 1 else "is too short"))
            return
        if "maxLength" in node and len(value) > node["maxLength"]:
            out.append(Problem(path, f"is longer than {node['maxLength']} characters ({len(value)})"))
            return
        pattern = node.get("pattern")
        if pattern is not None and not _pattern(pattern).search(value):
            out.append(
                Problem(path, f"{show(value)} {_PATTERN_WORDS.get(pattern, 'does not match ' + pattern)}")
            )
            return
        fmt = node.get("format")
        if fmt == "date" and not is_date(value):
            out.append(Problem(path, f"{show(value)} is not a date (YYYY-MM-DD)"))
        elif fmt == "date-time" and not is_datetime(value):
            out.append(
                Problem(
                    path, f"{show(value)} is not a date and time with offset (e.g. 2026-10-01T10:00:00+01:00)"
                )
            )

    def _check_object(
        self, value: dict[str, Any], node: dict[str, Any], path: str, out: list[Problem]
    ) -> None:
        props: dict[str, Any] = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                out.append(Problem(path, f"missing required field {key!r}"))
        if node.get("additionalProperties") is False:
            for key in value:
                if key not in props:
                    out.append(Problem(path, f"unknown field {show(key)!r}"))
        for key, sub in props.items():
            if key in value:
                self._check(value[key], sub, join(path, key), out)


SCHEMA_RESOURCES = {1: SCHEMA_RESOURCE, 2: "case-file.schema.v2.json", 3: "case-file.schema.v3.json"}
CURRENT_SCHEMA = 3


@functools.cache
def case_schema(version: int = CURRENT_SCHEMA) -> dict[str, Any]:
    """The case-file schema of one format version, shipped inside the package. Version 1 is a copy of the
    shared one as first agreed (a test keeps them equal); versions 2 and 3 are also published as
    docs/case-file.schema.v2.json and docs/case-file.schema.v3.json."""
    from meetingtui.core.config.paths import package_data

    raw = package_data(SCHEMA_RESOURCES[version]).read_bytes()
    return orjson.loads(raw)


@functools.cache
def case_validator(version: int = CURRENT_SCHEMA) -> Validator:
    return Validator(case_schema(version))


def _dupes(items: list[Any], key: str, path: str, what: str) -> list[Problem]:
    seen: dict[Any, int] = {}
    out = []
    for n, it in enumerate(items):
        if not isinstance(it, dict) or key not in it:
            continue
        k = it[key]
        if k in seen:
            out.append(
                Problem(join(join(path, n), key), f"{what} {show(k)} is used twice (first at [{seen[k]}])")
            )
        else:
            seen[k] = n
    return out


def cross_reference_problems(case: dict[str, Any]) -> list[Problem]:
    """The rules the schema's description adds: unique ids, and references that name things in the file.

    Of a meeting, only its id and its items' keys are read: a save that keeps those (a note edit) skips this
    pass (``stored.written_problems``). A new rule reading more of a meeting must narrow that skip too."""
    out: list[Problem] = []
    for name, key in (
        ("placements", "id"),
        ("interventions", "id"),
        ("peers", "id"),
        ("forums", "id"),
        ("meetings", "id"),
        ("actions", "id"),
    ):
        out += _dupes(case.get(name, []), key, f"case.{name}", "id")
    meetings = {m["id"]: m for m in case.get("meetings", []) if isinstance(m, dict) and "id" in m}
    item_keys: dict[Any, set[Any]] = {}  # per meeting, made once: 300 actions may name one meeting's items
    for n, m in enumerate(case.get("meetings", [])):
        if isinstance(m, dict):
            out += _dupes(m.get("items", []), "key", f"case.meetings[{n}].items", "item key")
    for n, a in enumerate(case.get("actions", [])):
        if not isinstance(a, dict):
            continue
        apath = f"case.actions[{n}]"
        mid = a.get("meeting_id")
        meeting = meetings.get(mid)
        if mid is not None and meeting is None:
            out.append(Problem(join(apath, "meeting_id"), f"{show(mid)} names no meeting in this file"))
        key = a.get("item_key")
        if meeting is not None and key is not None:
            keys = item_keys.get(mid)
            if keys is None:
                keys = item_keys[mid] = {
                    i.get("key") for i in meeting.get("items", []) if isinstance(i, dict)
                }
            if key not in keys:
                out.append(
                    Problem(join(apath, "item_key"), f"{show(key)} names no item of meeting {show(mid)}")
                )
        for u, upd in enumerate(a.get("updates", [])):
            if isinstance(upd, dict) and "meeting_id" in upd and upd["meeting_id"] not in meetings:
                out.append(
                    Problem(
                        f"{apath}.updates[{u}].meeting_id",
                        f"{show(upd['meeting_id'])} names no meeting in this file",
                    )
                )
    return out


def check_case_file(doc: Any) -> list[Problem]:
    """Every problem with a whole case file (envelope, schema, cross-references); empty when it is valid.
    A file is checked against the schema of the version it says it is (the current one when it does not say)."""
    version = doc.get("version") if isinstance(doc, dict) else None
    known = version if version in SCHEMA_RESOURCES and not isinstance(version, bool) else CURRENT_SCHEMA
    problems = case_validator(known).validate(doc)
    if problems:
        return problems
    return cross_reference_problems(doc["case"])


def check_case_record(case: Any) -> list[Problem]:
    """The same checks for the bare ``case`` object, as stored on disk (always the current version: stored data
    is migrated before it is checked)."""
    v = case_validator()
    problems = v.validate(case, node=v.defs["case"], path="case")
    if problems:
        return problems
    return cross_reference_problems(case)
