"""A yes/no form of :class:`~meetingtui.core.record.schema.Validator`, compiled once per schema node into
closures, for the common case: a document with nothing wrong.

The validator walks the schema as data and builds a JSON path (``case.meetings[3].items[2].notes``) for every
value it visits, so that a problem can be named. Nearly every document it sees has no problem at all, and then
the paths and the walking are the whole cost: checking five years of a case (1,100,000 values) was half of
building the search index and a good part of every save. :func:`compile_check` turns a node into one function
per schema node that answers only "is this valid?", with no path and no message; the validator asks it first
and walks the slow way only when the answer is no, so every problem is still found and named exactly as before.

It must never say yes where the walk would find a problem: each closure mirrors one branch of
``Validator._check`` (a test compares the two on valid and damaged documents). Saying no too often would only
cost time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]


def compile_check(
    node: dict[str, Any],
    resolve: Callable[[dict[str, Any]], dict[str, Any]],
    memo: dict[int, tuple[dict[str, Any], Check]],
) -> Check:
    """The check for ``node`` (``$ref`` resolved through ``resolve``), made once per node and kept in ``memo``
    (keyed by the node's id, with the node itself so the id cannot be reused while the entry lives)."""
    node = resolve(node)
    got = memo.get(id(node))
    if got is not None:
        return got[1]
    cell: list[Check] = []

    def forward(v: Any) -> bool:  # a node that refers to itself (through $ref) calls what it becomes
        return cell[0](v)

    memo[id(node)] = (node, forward)
    fn = _build(node, resolve, memo)
    cell.append(fn)
    memo[id(node)] = (node, fn)
    return fn


def _build(node: dict[str, Any], resolve: Any, memo: Any) -> Check:
    from meetingtui.core.record.schema import _is_type, _pattern, is_date, is_datetime

    if "oneOf" in node:
        options = [resolve(o) for o in node["oneOf"]]
        non_null = [compile_check(o, resolve, memo) for o in options if o.get("type") != "null"]
        nullable = len(non_null) < len(options)
        if len(non_null) == 1:
            only = non_null[0]
            return lambda v: (v is None and nullable) or only(v)
        return lambda v: (v is None and nullable) or any(f(v) for f in non_null)
    if "const" in node:
        const = node["const"]
        return lambda v: v == const  # the values a schema gives (text, numbers) compare plainly
    if "enum" in node:
        enum = node["enum"]
        return lambda v: v in enum and not isinstance(v, bool)

    t = node.get("type")
    string = _string_check(node, _pattern, is_date, is_datetime)
    number = _number_check(node)
    array = _array_check(node, resolve, memo)
    obj = _object_check(node, resolve, memo)

    if t == "string":
        return (
            (lambda v: isinstance(v, str)) if string is None else (lambda v: isinstance(v, str) and string(v))
        )
    if t == "object":
        return lambda v: isinstance(v, dict) and obj(v)
    if t == "array":
        return (
            (lambda v: isinstance(v, list)) if array is None else (lambda v: isinstance(v, list) and array(v))
        )
    if t in ("integer", "number", "boolean", "null"):
        if t == "boolean" or t == "null" or number is None:
            return lambda v: _is_type(v, t)
        return lambda v: _is_type(v, t) and number(v)
    if t is not None:
        return lambda v: False  # a type the validator does not know: it reports every value

    def any_kind(v: Any) -> bool:
        if isinstance(v, str):
            return string is None or string(v)
        if isinstance(v, int | float) and not isinstance(v, bool):
            return number is None or number(v)
        if isinstance(v, list):
            return array is None or array(v)
        if isinstance(v, dict):
            return obj(v)
        return True

    return any_kind


def _string_check(node: dict[str, Any], pattern_of: Any, is_date: Any, is_datetime: Any) -> Check | None:
    lo, hi = node.get("minLength"), node.get("maxLength")
    pat = pattern_of(node["pattern"]) if node.get("pattern") is not None else None
    fmt = node.get("format")
    fmt_ok = is_date if fmt == "date" else is_datetime if fmt == "date-time" else None
    if lo is None and hi is None and pat is None and fmt_ok is None:
        return None
    if lo is None and pat is None and fmt_ok is None:  # most text: only a length limit
        return lambda v: len(v) <= hi

    def check(v: str) -> bool:
        if lo is not None and len(v) < lo:
            return False
        if hi is not None and len(v) > hi:
            return False
        if pat is not None and not pat.search(v):
            return False
        return fmt_ok is None or fmt_ok(v)

    return check


def _number_check(node: dict[str, Any]) -> Check | None:
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is None and hi is None:
        return None
    return lambda v: not (lo is not None and v < lo) and not (hi is not None and v > hi)


def _array_check(node: dict[str, Any], resolve: Any, memo: Any) -> Check | None:
    items = node.get("items")
    if items is None:
        return None
    item = compile_check(items, resolve, memo)
    return lambda v: all(map(item, v))


def _object_check(node: dict[str, Any], resolve: Any, memo: Any) -> Check:
    props = {k: compile_check(sub, resolve, memo) for k, sub in node.get("properties", {}).items()}
    required = list(node.get("required", []))
    closed = node.get("additionalProperties") is False

    def check(v: dict[str, Any]) -> bool:
        for key in required:
            if key not in v:
                return False
        for key, value in v.items():
            f = props.get(key)
            if f is None:
                if closed:
                    return False
            elif not f(value):
                return False
        return True

    return check
