"""User text on screen: always literal. A note containing ``[b]`` or ``[link=...]`` is shown as typed, never
interpreted as markup, and control characters or lone surrogates cannot reach the terminal."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL_MAP = {i: 0x2400 + i for i in range(0x20) if i not in (0x09, 0x0A)}  # show as ␀ ␁ …
_CONTROL_MAP[0x7F] = 0x2421
_CONTROL_MAP.update({i: 0xFFFD for i in range(0x80, 0xA0)})  # C1 controls: 0x9B starts an escape sequence too
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str | None) -> str:
    """Printable text: control characters shown as their symbols, a split surrogate pair joined, a lone
    surrogate as U+FFFD."""
    if not text:
        return ""
    s = text.translate(_CONTROL_MAP)
    if not s.isascii() and _SURROGATE.search(s):  # a scan in C: this runs for every cell of every table
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")  # one U+FFFD each
    return s


def editable(text: str | None) -> str:
    """Text for an editor: line breaks made plain, and every other control character shown as its symbol.

    An editor shows what it holds as it is, so an ESC in a note imported from another council's file would
    otherwise reach the terminal as an escape sequence. The symbols are what gets saved if the note is edited.
    """
    return clean((text or "").replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str | None, limit: int = 0) -> str:
    s = clean(text).replace("\n", " ⏎ ").replace("\t", " ")
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


_PATH = re.compile(r"(?<![\w.])/[^\s;,()'\"]+")


def fit(text: str | None, limit: int) -> str:
    """``one_line`` for a message that names files: when it is too long, long paths lose their leading folders
    first ("…/cases/DEMO-1.json"), so the end of the message (what to do next: "meetingtui restore DEMO-1
    --list") survives a data folder deep in someone's home, and only then is the text cut."""
    s = one_line(text)
    for path in sorted({m.group(0) for m in _PATH.finditer(s)}, key=len, reverse=True):
        if len(s) <= limit:
            break
        parts = path.rstrip("/").split("/")
        if len(parts) > 3:
            s = s.replace(path, "…/" + "/".join(parts[-2:]))
    return one_line(s, limit)


def lit(text: str | None, style: str = "", limit: int = 0) -> Text:
    """A rich Text that never interprets markup (for DataTable cells, OptionList prompts, Static)."""
    return Text(one_line(text, limit) if limit else clean(text), style=style, end="")
