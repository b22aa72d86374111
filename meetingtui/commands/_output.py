"""Printing for the CLI: aligned tables for people, CSV and JSON for other tools.

Cell text is made terminal-safe (control characters escaped) so a note cannot move the cursor or change colours
in the reader's terminal.
"""

from __future__ import annotations

import functools
import io
import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import orjson

FORMATS = ("table", "csv", "json")


def safe(text: Any) -> str:
    s = "" if text is None else str(text)
    # Most cells, ASCII or not ("—", "’" in messages): nothing to replace, no per-character loop. A lone
    # surrogate is not printable, so a printable string has nothing the loop below would change.
    if s.isprintable():
        return s
    return "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else ("↵" if ch in "\r\n" else " ")
        for ch in s
    )


@functools.lru_cache(maxsize=4096)
def _char_width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1


# Characters outside ASCII: found by the regular expression engine, so a message with one dash is measured
# by looking up one character, not each of its 70 (2,000 alerts: 140,000 lookups).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _width(s: str) -> int:
    if s.isascii():  # printable ASCII (cells are made safe first): one column per character
        return len(s)
    wide = _NON_ASCII.findall(s)
    return len(s) - len(wide) + sum(map(_char_width, wide))


def _clip(s: str, n: int) -> str:
    if _width(s) <= n:
        return s
    if s.isascii():
        return s[: n - 1] + "…"
    out, w = [], 0
    for c in s:
        cw = _char_width(c)
        if w + cw > n - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _cell(value: Any, max_col: int) -> tuple[str, int]:
    """A cell made safe and clipped, with its width (measured once: 2,000 alerts are 13,000 cells)."""
    s = safe(value)
    if s.isascii():
        n = len(s)
        return (s, n) if n <= max_col else (s[: max_col - 1] + "…", max_col)
    w = _width(s)
    if w <= max_col:
        return s, w
    s = _clip(s, max_col)
    return s, _width(s)


def _column(values: Sequence[Any], max_col: int) -> list[tuple[str, int]]:
    """One column's cells. A column of printable ASCII (most: ids, dates, numbers, plain messages) is checked
    as one string and measured by ``len``, without a call per cell (2,000 alerts are 13,000 cells)."""
    strs = ["" if v is None else v if type(v) is str else str(v) for v in values]
    blob = "".join(strs)
    if blob.isascii() and blob.isprintable():
        return [(t, len(t)) if len(t) <= max_col else (t[: max_col - 1] + "…", max_col) for t in strs]
    return [
        ((t, len(t)) if len(t) <= max_col else (t[: max_col - 1] + "…", max_col))
        if t.isascii() and t.isprintable()
        else _cell(t, max_col)
        for t in strs
    ]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_col: int = 60) -> str:
    if rows and all(len(r) == len(headers) for r in rows):
        columns = [_column(col, max_col) for col in zip(*rows, strict=True)]
        return _by_columns(headers, columns)
    cells = [[_cell(c, max_col) for c in r] for r in rows]
    widths = [_width(h) for h in headers]
    for r in cells:
        for n, (_, w) in enumerate(r):
            if w > widths[n]:
                widths[n] = w

    def line(values: Sequence[tuple[str, int]]) -> str:
        return "  ".join(v + " " * (widths[n] - w) for n, (v, w) in enumerate(values)).rstrip()

    out = [line([(h, _width(h)) for h in headers]), line([("-" * w, w) for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def _by_columns(headers: Sequence[str], columns: list[list[tuple[str, int]]]) -> str:
    """The same lines as ``table`` builds row by row, padded a column at a time."""
    widths = [max(_width(h), max(w for _, w in col)) for h, col in zip(headers, columns, strict=True)]
    padded = [[v + " " * (width - w) for v, w in col] for col, width in zip(columns, widths, strict=True)]
    head = [h + " " * (width - _width(h)) for h, width in zip(headers, widths, strict=True)]
    out = ["  ".join(head).rstrip(), "  ".join("-" * w for w in widths).rstrip()]
    out += ["  ".join(r).rstrip() for r in zip(*padded, strict=True)]
    return "\n".join(out)


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, bom: bool = False) -> str:
    buf = io.StringIO()
    import csv  # only for --format csv: half a millisecond of every other verb's start

    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if c is None else _csv_cell(str(c)) if not _is_number(c) else c for c in r])
    return ("\ufeff" if bom else "") + buf.getvalue()


def _is_number(c: Any) -> bool:
    """Numbers cannot carry a formula; a negative one (days overdue) must stay a number for the spreadsheet."""
    return isinstance(c, int | float) and not isinstance(c, bool)


def visible(s: str) -> str:
    """Control characters as the symbols Unicode keeps for showing them (ESC as ␛, BEL as ␇, DEL as ␡), so a
    CSV piped to a terminal cannot move the cursor or change colours, and the reader still sees something was
    there. Line breaks and tabs stay: a quoted CSV cell may hold them, and they move nothing."""
    if s.isprintable():
        return s
    s = s.replace("\r\n", "\n")
    return "".join(
        ch
        if ch.isprintable() or ch in "\n\t"
        else chr(0x2400 + ord(ch))
        if ord(ch) < 0x20
        else "␡"
        if ord(ch) == 0x7F
        else "�"
        if unicodedata.category(ch) in ("Cc", "Cs")
        else ch
        for ch in s
    )


def _csv_cell(s: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell starting with = + - @ is shown as text; control
    characters become visible symbols (see :func:`visible`)."""
    s = s.encode("utf-8", "replace").decode("utf-8") if any(0xD800 <= ord(c) <= 0xDFFF for c in s) else s
    s = visible(s)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def to_json(data: Any) -> str:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str).decode()


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def add_format(parser: Any, default: str = "table") -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default=default, help=f"output format (default {default})"
    )


def add_as_of(parser: Any) -> None:
    parser.add_argument(
        "--as-of", metavar="DATE", default=None, help="judge dates as if today were DATE (YYYY-MM-DD)"
    )


def as_of(args: Any):  # type: ignore[no-untyped-def]
    from datetime import date

    value = getattr(args, "as_of", None)
    if not value:
        return date.today()
    from meetingtui.core.errors import UserError
    from meetingtui.core.record.schema import is_date  # only for a date given: the schema is 1 ms to import

    if not is_date(value):
        raise UserError(f"--as-of: {safe(value)!r} is not a date (YYYY-MM-DD)")
    return date.fromisoformat(value)
