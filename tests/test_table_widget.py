"""``widgets.table.Table``: column widths given by ``fill`` instead of Textual measuring every cell.

What a user would notice if it went wrong: a column too narrow (text cut) or too wide, or a table that first
draws with header-wide columns and then jumps when Textual measures on its next idle."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from meetingtui.ui.safe import lit
from meetingtui.ui.widgets.record_tables import fill
from meetingtui.ui.widgets.table import Table

COLUMNS = ["ID", "Young person", "", "Alert"]
ROWS = [
    (
        "a",
        [
            "C0001",
            lit("L.P.", "bold"),
            lit("⚠", "bold red"),
            lit("Notice not sent; 838 days overdue", limit=110),
        ],
    ),
    ("b", ["C0002", lit("Zoë 🙂 Łukasz"), lit("•", "yellow"), "a plain string cell [b]not markup[/b]"]),
    ("c", ["C3", "", "", Text("two\nlines", style="dim")]),
    ("d", ["A-VERY-LONG-CASE-IDENTIFIER", lit("x" * 40, limit=30), "", lit("")]),
]


class Both(App[None]):
    def compose(self) -> ComposeResult:
        yield Table(id="ours")
        yield DataTable(id="plain")


def _widths(table: DataTable) -> list[int]:
    return [c.get_render_width(table) for c in table.ordered_columns]


async def test_widths_equal_textuals_own_measuring_and_hold_from_the_first_frame() -> None:
    app = Both()
    async with app.run_test(size=(150, 20)) as pilot:
        ours, plain = app.query_one("#ours", Table), app.query_one("#plain", DataTable)
        fill(ours, COLUMNS, ROWS)
        fill(plain, COLUMNS, ROWS)
        given = _widths(ours)  # before any idle: what the first frame is drawn with
        await pilot.pause()
        assert _widths(ours) == given == _widths(plain)
        assert given[0] == len("A-VERY-LONG-CASE-IDENTIFIER") + 2  # the widest cell, with the cell padding
        assert str(ours.get_row("b")[3]) == "a plain string cell [b]not markup[/b]"  # literal, as before

        # A redraw with fewer, shorter rows narrows the columns again, as Textual's auto width would not.
        fill(ours, COLUMNS, ROWS[:1])
        await pilot.pause()
        assert _widths(ours)[0] == len("C0001") + 2
        assert ours.row_count == 1


async def test_a_row_with_its_own_height_is_still_measured() -> None:
    app = Both()
    async with app.run_test(size=(150, 20)) as pilot:
        ours = app.query_one("#ours", Table)
        fill(ours, COLUMNS, ROWS)
        ours.add_row("C9", "", "", Text("one\ntwo\nthree"), key="tall", height=None)
        await pilot.pause()
        assert ours.rows["tall"].height == 3
