"""Case- and accent-insensitive matching, so "Zoe" finds "Zoë" and "chloe" finds "CHLOÉ" (and a typed
apostrophe finds Word's curly one).

Text is decomposed (NFKD), combining marks dropped, case folded and runs of white space made one space. The
search screen needs to show where a match was in the original text, so :func:`fold_with_map` also says which
original character each folded character came from.
"""

from __future__ import annotations

import functools
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


def fold_text(text: str) -> str:
    """The same string as ``fold_with_map(text)[0]``, many times faster: whole-string operations instead of
    a loop per character. Search checks every field with this and maps positions only for the few that match."""
    if text.isascii():
        t = text.lower()
    else:
        t = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
        t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    # Runs of white space become one space (``str.split`` splits on exactly what ``str.isspace`` calls white
    # space), keeping one at either end as the per-character fold does: a scan in C, not a regex per note.
    words = t.split()
    if not words:
        return " " if t else ""
    out = " ".join(words)
    if t[0].isspace():
        out = " " + out
    if t[-1].isspace():
        out += " "
    return out


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The matching form of a short text, cached: agencies and owners repeat across thousands of actions."""
    return fold_text(text)


def needle(query: str) -> str:
    """A search query in matching form, with outer white space dropped."""
    return fold(query).strip()
