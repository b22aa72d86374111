"""A value as it may appear in a one-line message. Apart from :mod:`meetingtui.core.record.schema` (which
re-exports it), so a message about a mistyped id does not import the whole schema check."""

from __future__ import annotations

from typing import Any


def show(value: Any, limit: int = 40) -> str:
    """A value as it may appear in a one-line message: short, and with control characters escaped."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        text = "".join(
            ch if ch.isprintable() and not (0xD800 <= ord(ch) <= 0xDFFF) else f"\\u{ord(ch):04x}"
            for ch in text
        )
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return show(str(value), limit)
