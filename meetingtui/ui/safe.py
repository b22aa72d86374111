"""User text on screen: always literal. A note containing ``[b]`` or ``[link=...]`` is shown as typed, never
interpreted as markup, and control characters or lone surrogates cannot reach the terminal."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL_MAP = {i: 0x2400 + i for i in range(0x20) if i not in (0x09, 0x0A)}  # show as ␀ ␁ …
_CONTROL_MAP[0x7F] = 0x2421
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str | None) -> str:
    """Printable text: control characters shown as their symbols, lone surrogates as U+FFFD."""
    if not text:
        return ""
    s = text.translate(_CONTROL_MAP)
    if not s.isascii() and _SURROGATE.search(s):  # a scan in C: this runs for every cell of every table
        s = s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return s


def one_line(text: str | None, limit: int = 0) -> str:
    s = clean(text).replace("\n", " ⏎ ").replace("\t", " ")
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def lit(text: str | None, style: str = "", limit: int = 0) -> Text:
    """A rich Text that never interprets markup (for DataTable cells, OptionList prompts, Static)."""
    return Text(one_line(text, limit) if limit else clean(text), style=style, end="")
