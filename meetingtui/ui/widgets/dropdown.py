"""The app's dropdown: Textual's Select with its focus moves made at once (see :class:`Dropdown`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.widgets import Select


class Dropdown(Select[Any]):
    """A dropdown whose own focus moves happen at once. Select gives focus back to itself when an option is
    chosen (and to its list when opened) through ``Widget.focus()``, which queues the move on the app behind
    the keys already there (``ui.burst``). A terminal delivers a burst in pieces, so the move landed among the
    keys typed after it: found from outside, "↓ ↓ Enter Tab 2w Tab Intelligence now cleared… Ctrl+S" saved
    the reason as "Intell" and typed the rest into the dropdown."""

    def focus(self, scroll_visible: bool = True) -> Dropdown:
        if self.is_attached:
            self.screen.set_focus(self, scroll_visible=scroll_visible)
        return self

    def on_mount(self) -> None:
        from textual.widgets._select import SelectOverlay

        for overlay in self.query(SelectOverlay):
            overlay.focus = partial(_focus_at_once, overlay)  # type: ignore[method-assign]


def _focus_at_once(widget: Any, scroll_visible: bool = True) -> Any:
    if widget.is_attached:
        widget.screen.set_focus(widget, scroll_visible=scroll_visible)
    return widget
