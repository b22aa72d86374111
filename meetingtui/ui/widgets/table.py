"""A DataTable whose column widths are worked out by ``record_tables.fill`` from the rows it adds.

Why: Textual's DataTable measures every cell of every new row on its next idle, through Rich's measuring
protocol, to size its auto-width columns. For home with 200 cases and 100 alerts that was 1,800 measurements and
about 24 ms of a 400 ms start, paid again on every redraw; the tracker and search pay it for thousands of rows.
``fill`` already holds every cell as a one-line ``Text``, so it gives each column its width (the widest cell,
measured as Textual would: terminal cells of the text) and this table skips the measuring for rows that cannot
change anything else: one line high and without a row label. A row with an automatic height or a label is
measured as before. Textual is pinned (pyproject), and a test compares the widths with a plain DataTable's.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class Table(DataTable):
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self.columns and not any(c.auto_width for c in self.columns.values()):
            rows = self.rows
            new_rows = [
                k
                for k in new_rows
                if (r := rows.get(k)) is not None and (r.auto_height or r.label is not None)
            ]
        super()._update_dimensions(new_rows)


def text_width(cell: Text) -> int:
    """The width Textual would measure for a cell: its widest line, in terminal cells."""
    plain = cell.plain
    if "\n" in plain:
        return max(cell_len(line) for line in plain.splitlines())
    return cell_len(plain)
