"""Sending keys as one burst, the way a fast typist, a paste through tmux or a busy laptop delivers them.

``pilot.press`` waits for the app to go idle after every key, which hides the bug these tests are about: keys that
follow a focus change going to the old place. ``burst`` posts every key to the app's queue at once, with no pause,
then waits."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App

NAMED = {"tab", "shift+tab", "enter", "escape", "space", "up", "down", "left", "right", "delete", "backspace"}


def _key_of(ch: str) -> str:
    if ch.isalnum():
        return ch
    if ch == " ":
        return "space"
    return unicodedata.name(ch).lower().replace("-", "_").replace(" ", "_")


def key_events(*parts: str) -> list[events.Key]:
    """Each part is a named key (``tab``, ``ctrl+s``) or text typed character by character."""
    out: list[events.Key] = []
    for part in parts:
        if part in NAMED or part.startswith(("ctrl+", "shift+")) or (part[:1] == "f" and part[1:].isdigit()):
            out.append(events.Key(part, " " if part == "space" else None))
        else:
            out.extend(events.Key(_key_of(ch), ch) for ch in part)
    return out


async def burst(app: App, pilot, *parts: str, settle: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    """Post all keys in one go (nothing handled in between), then let the app catch up."""
    for event in key_events(*parts):
        app.post_message(event)
    await pilot.pause()
    await pilot.pause(settle)
