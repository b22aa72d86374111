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
        # Status, due and done come first, so they are on the screen at 120 columns (found from outside: only
        # the clock's name and source were); the highlighted clock is in full below the table.
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert sum(widths[:3]) < 60
        table.move_cursor(row=next(n for n, r in enumerate(rows) if r[4] == "reg 28(2)"))
        await pilot.pause(0.05)
        detail = str(app.screen.query_one("#case-clock-detail").render())
    sources = {r[4] for r in rows}
    assert "reg 28(2)" in sources  # the first visit in the current placement
    assert "local: review_days_after_emergency = 20" in sources
    assert all(r[0] in ("met", "due", "overdue") or r[0].startswith("late (") for r in rows)
    assert (
        "Care Planning, Placement and Case Review (England) Regulations 2010" in detail and "due " in detail
    )


async def test_the_alerts_tab_shows_the_highlighted_alert_in_full(loaded: Workspace) -> None:
    app = make_app(loaded, start_screen=CaseScreen("DEMO-1"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if (
                app.screen.query("#case-alert-list")
                and app.screen.query_one("#case-alert-list", DataTable).row_count
            ):
                break
            await pilot.pause(0.02)
        app.screen.query_one("#case-tabs", TabbedContent).active = "tab-alerts"
        table = app.screen.query_one("#case-alert-list", DataTable)
        table.focus()
        await pilot.press("down")
        await pilot.pause(0.05)
        detail = str(app.screen.query_one("#case-alert-detail").render())
        case = loaded.repo.load_case("DEMO-1")
    from meetingtui.core.rules.alerts import case_alerts

    second = case_alerts(case, loaded.settings, loaded.today())[1]
    assert len(second.labelled) > 76 and second.message in detail
    if second.source:
        assert second.source in detail
