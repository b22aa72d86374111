"""How a peer's label is found in free text: the disclosure check (before a family or young person's version)
and search (on a screen others may see) must agree on what "mentions R.K." means."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _initials_pattern(letters: list[str]) -> str:
    body = r"\.?\s?".join(re.escape(ch) for ch in letters)
    return rf"(?<![A-Za-z]){body}\.?(?![A-Za-z])"


def peer_terms(label: str) -> list[str]:
    """Patterns for one peer's label: initials in any spacing, or a name, its parts and its initials."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", label)
    if not words:
        return []
    if all(len(w) == 1 for w in words) or re.fullmatch(r"[A-Z]{2,3}", label.strip()):
        letters = list("".join(words))
        return [_initials_pattern(letters)]
    out = [rf"(?i)(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" for w in words if len(w) >= 3]
    if len(words) > 1:
        out.append(_initials_pattern([w[0].upper() for w in words]))
    return out


def mentions_any(labels: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of these peers in a text, or None when there are none to find."""
    terms = [t for label in labels for t in peer_terms(label)]
    if not terms:
        return None
    # Each term may carry its own (?i): scoped groups keep a name's case-insensitivity off the initials.
    return re.compile(
        "|".join(f"(?{'i' if t.startswith('(?i)') else ''}:{t.removeprefix('(?i)')})" for t in terms)
    )
