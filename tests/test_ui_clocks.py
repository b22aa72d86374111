"""The case screen's Clocks tab: every clock running now, with the rule it comes from."""

from __future__ import annotations

from textual.widgets import DataTable, TabbedContent

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.case import CaseScreen


async def test_the_clocks_tab_names_each_clocks_source(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=CaseScreen("DEMO-1"))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if app.screen.query("#case-clocks") and app.screen.query_one("#case-clocks", DataTable).row_count:
                break
            await pilot.pause(0.02)
        app.screen.query_one("#case-tabs", TabbedContent).active = "tab-clocks"
        await pilot.pause(0.05)
        table = app.screen.query_one("#case-clocks", DataTable)
        rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
    sources = {r[1] for r in rows}
    assert "reg 28(2)" in sources  # the first visit in the current placement
    assert "local: review_days_after_emergency = 20" in sources
    assert all(r[4] in ("met", "due", "overdue") or r[4].startswith("late (") for r in rows)
