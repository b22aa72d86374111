"""A form's fields as a person sees them after leaving them (found from outside, issue 14)."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.app import App
from textual.widgets import Input

from meetingtui.ui.dialogs.form import FieldSpec, FormDialog


async def test_a_long_value_is_shown_from_its_start_once_the_field_is_left() -> None:
    app: App[None] = App()
    long_text = "Refer J. to the motor project at Eastfield and agree the transport with his carers " * 2
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(
            FormDialog(
                "An action",
                [FieldSpec(name="what", label="What"), FieldSpec(name="who", label="Who")],
                today=date(2026, 11, 26),
            )
        )
        await pilot.pause(0.2)
        what = app.screen.query_one("#f-what", Input)
        for ch in long_text:  # typed as a burst (pilot.press waits after each of 170 keys)
            app.post_message(events.Key(ch, ch))
        await pilot.pause(0.3)
        await pilot.pause(0.1)
        assert what.scroll_offset.x > 0  # typing keeps the end in view
        await pilot.press("tab")
        await pilot.pause(0.1)
        assert app.screen.focused is not what
        assert what.scroll_offset.x == 0 and what.value == long_text
