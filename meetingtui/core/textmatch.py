"""Case- and accent-insensitive matching, so "Zoe" finds "Zoë" and "chloe" finds "CHLOÉ" (and a typed
apostrophe finds Word's curly one).

Text is decomposed (NFKD), combining marks dropped, case folded and runs of white space made one space. The
search screen needs to show where a match was in the original text, so :func:`fold_with_map` also says which
original character each folded character came from.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Typographic punctuation that Word puts into pasted text, matched as the plain characters people type.
_PLAIN = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
}


def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    if ch in _PLAIN:
        return _PLAIN[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if not unicodedata.combining(c):
            out.append(c)
    return "".join(out).casefold()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character it came from."""
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for n, ch in enumerate(text):
        # ASCII needs no decomposition; most text is ASCII, and this runs over every note when searching.
        folded = (" " if ch.isspace() else ch.lower()) if ch.isascii() else _fold_char(ch)
        for c in folded:
            if c == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(c)
            where.append(n)
    return "".join(out), where


_TRANSLATE = str.maketrans(_PLAIN)
_SPACES = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """The same string as ``fold_with_map(text)[0]``, several times faster: whole-string operations instead of
    a loop per character. Search checks every field with this and maps positions only for the few that match."""
    if text.isascii():
        t = text.lower()
        if "  " not in t and not any(c in t for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"):
            return t
    else:
        t = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
        t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", t)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The matching form of a short text, cached: agencies and owners repeat across thousands of actions."""
    return fold_text(text)


def needle(query: str) -> str:
    """A search query in matching form, with outer white space dropped."""
    return fold(query).strip()
