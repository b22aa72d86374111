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


def _drawn(table: DataTable) -> list[list[tuple[str, object]]]:
    """Every character the table draws, with its style (segment boundaries may differ; what shows may not)."""
    return [
        [(ch, seg.style) for seg in table.render_line(y) for ch in seg.text] for y in range(table.size.height)
    ]


class One(App[None]):
    def __init__(self, kind: type[DataTable]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(id="t", zebra_stripes=True, cursor_type="row")


async def _draw(kind: type[DataTable], rows: list, size: tuple[int, int], cursor: int) -> list:
    app = One(kind)
    async with app.run_test(size=size) as pilot:
        table = app.query_one("#t", DataTable)
        fill(table, COLUMNS, rows)
        table.move_cursor(row=cursor)
        await pilot.pause()
        return _drawn(table)


async def test_cells_are_drawn_exactly_as_textual_draws_them(monkeypatch) -> None:
    from meetingtui.ui.widgets import table as table_module

    direct: list[bool] = []
    original = table_module.one_line

    def counted(*args):  # type: ignore[no-untyped-def]
        lines = original(*args)
        direct.append(lines is not None)
        return lines

    monkeypatch.setattr(table_module, "one_line", counted)
    rows = [
        *ROWS,
        (
            "e",
            [
                "C5",
                Text.assemble(("bold", "bold"), " and ", ("under", "underline red")),
                lit("🙂"),
                lit("end"),
            ],
        ),
        ("f", ["", lit(" spaced  ", "reverse"), lit("⚠", "bold red"), lit("Zoë's wish", "italic")]),
    ]
    for size in ((150, 12), (40, 12)):  # wide, and narrower than the table (scrolled, cropped)
        for cursor in (0, 2):  # the cursor row, the zebra rows and the header each styled their own way
            ours = await _draw(Table, rows, size, cursor)
            assert ours == await _draw(DataTable, rows, size, cursor), (size, cursor)
            assert "L.P." in "".join(ch for ch, _ in ours[1])  # it really drew the rows
    assert (
        direct.count(True) > 100 and direct.count(False) >= 1
    )  # drawn directly, and the two-line cell by Rich


class Highlights(App[None]):
    def __init__(self, kind: type[DataTable]) -> None:
        super().__init__()
        self.kind = kind
        self.seen: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield self.kind(id="t", cursor_type="row")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.seen.append(event.row_key.value)


async def _after_fill(kind: type[DataTable]) -> tuple[list, list, int, list]:
    app = Highlights(kind)
    async with app.run_test(size=(150, 12)) as pilot:
        table = app.query_one("#t", DataTable)
        fill(table, COLUMNS, ROWS)
        await pilot.pause()
        table.move_cursor(row=2)
        await pilot.pause()
        keys = [table.coordinate_to_cell_key((n, 0)).row_key.value for n in range(table.row_count)]
        cells = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
        return keys, cells, table.cursor_row, app.seen


async def test_rows_added_at_once_are_the_rows_add_row_would_add() -> None:
    """Same keys in order, same cells, the cursor and its highlight messages as Textual's add_row gives."""
    ours = await _after_fill(Table)
    assert ours == await _after_fill(DataTable)
    assert ours[0] == ["a", "b", "c", "d"] and ours[2] == 2 and ours[3][-1] == "c"
