"""Keys typed faster than the app handles them land where they would have landed one at a time.

Why this exists: Textual 8 takes each key from the app's queue and, unless a *priority* binding claims it, puts it
into the focused widget's queue without waiting. A key that moves focus (Tab, Enter to the next field, a key that
opens or closes a form) is acted on only when the widget gets to it, and by then the keys typed after it are
already queued at the old widget: a burst of ``text Tab text Tab text Ctrl+S`` stored one run-together field with
its end cut off. The fix is made once, here, for every screen and form:

- keys that only type (a printable key into a focused Input or TextArea, with no priority binding) go straight
  on, so typing stays fast;
- every other key waits until everything typed before it has been handled (``settle``), then is handled, and the
  next key waits until the effects of this one (a focus change, a form pushed, mounted and focused) are done.

``settle`` posts a callback to each message pump a key's effects pass through (the focused widget, each of its
ancestors up to the screen — messages bubble one hop at a time — and a newly pushed screen) and waits for it, so
it returns once every message queued before it has been processed. Focus must then move synchronously
(``screen.set_focus``), never through ``Widget.focus()``, which defers the change behind the queued keys:
``focus_now`` does that.

A key no widget used comes back to the app for the non-priority bindings, and Textual queues it behind the keys
typed after it; ``MeetingApp`` takes such a key aside while it is handling one in order and runs it at once
(``MeetingApp.post_message`` and ``_run_caught``).
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from textual import events
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

# A pump that is closing never runs its callbacks; waiting is bounded so a key is late at worst, never stuck.
FLUSH_TIMEOUT = 1.0
timeouts = 0  # how many waits ran out (a test checks that bursts never need the bound)


def focus_now(widget: Widget) -> None:
    """Move focus at once, so the next key typed reaches ``widget`` (``Widget.focus()`` defers it)."""
    widget.screen.set_focus(widget)


def is_typing(app: App, event: events.Key) -> bool:
    """A key that only types into the focused text widget: nothing it does can move focus or open a form."""
    if not event.is_printable:
        return False
    focused = app.focused
    if not isinstance(focused, Input) and not _is_text_area(focused):
        return False
    active = app.screen.active_bindings.get(event.key)
    return active is None or not active.binding.priority


def split_alt(app: App, event: events.Key) -> list[events.Key] | None:
    """Esc then a letter, as two keys, when the terminal's parser joined them into Alt+letter.

    A terminal sends Alt+i as ESC followed by "i"; Textual reads ESC and any character that follows within
    ``ESCDELAY`` (100 ms) as that Alt key. A minute-taker pressing Esc then ``i`` quickly meant two keys: with no
    Alt binding anywhere, the "i" was typed into the capture line or the notes and the Esc lost (found from
    outside). An Alt key that something is bound to stays as it is."""
    name, _, rest = event.key.partition("+")
    if name != "alt" or not rest or event.character is None or len(event.character) != 1:
        return None
    if app.screen.active_bindings.get(event.key) is not None:
        return None
    from textual.keys import _character_to_key

    ch = event.character
    key = ch if ch.isalnum() else _character_to_key(ch)
    return [events.Key("escape", "\x1b"), events.Key(key, ch)]


def _is_text_area(widget: Widget | None) -> bool:
    """Without importing TextArea (its documents and themes were 8-14 ms of every start, and home has none):
    until some screen has imported it, no widget can be one."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


async def _flush(pump: MessagePump) -> None:
    """Wait until ``pump`` has processed every message queued before now."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not pump.call_later(mark):
        return  # closing or closed: nothing more will be processed there
    try:
        await asyncio.wait_for(done, FLUSH_TIMEOUT)
    except TimeoutError:
        global timeouts
        timeouts += 1


def _chain(widget: Widget | None, app: App) -> list[MessagePump]:
    """The pumps a key sent to ``widget`` passes through: the widget, then each ancestor up to its screen."""
    if widget is None or not widget.is_attached:  # gone with a form just closed: nothing more reaches it
        return [app.screen]
    try:
        top = widget.screen
    except NoScreen:
        return [app.screen]
    pumps: list[MessagePump] = []
    node: object = widget
    while isinstance(node, Widget):
        pumps.append(node)
        if node is top:
            break
        node = node.parent
    return pumps


async def settle(app: App, target: Widget | None = None) -> None:
    """Return once everything already sent to ``target`` (default: the focused widget) has been handled, and the
    screen now on top (perhaps a form just pushed, or the screen under one just closed) and its focused widget
    have caught up too."""
    for pump in _chain(target if target is not None else app.focused, app):
        await _flush(pump)
    for _round in range(3):  # a key's effects may push a screen whose first field then takes focus
        screen = app.screen
        focused = screen.focused
        await _flush(screen)
        if focused is not None:
            for pump in _chain(focused, app):
                await _flush(pump)
        if app.screen is screen and screen.focused is focused:
            return
