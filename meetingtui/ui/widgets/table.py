"""A DataTable that sizes and draws the one-line cells ``record_tables.fill`` gives it without Rich's general
machinery.

Why: at start, home (200 cases, 100 alerts) spent most of its time in two places inside Textual's DataTable:

- measuring every cell of every new row through Rich's measuring protocol to size auto-width columns (1,800
  measurements, about 24 ms, and after the first frame, so home first drew with header-wide columns and then
  jumped). ``fill`` already holds every cell as a one-line ``Text``: it gives each column its width (the widest
  cell in terminal cells, as Textual measures) and this table skips measuring rows that cannot change anything
  else (one line high, no row label).
- drawing each visible cell through ``console.render_lines(Styled(Padding(cell)))``: about 100-200 µs a cell,
  some 30 ms for home's first frame. A one-line ``Text`` that fits its column is drawn here directly: padding,
  the text's own segments, the space after it, and the same pre- and post-styles applied, which is what that
  pipeline produces. Anything else (a wider cell, a tab or line break, a justified or non-text cell, a taller
  row) goes through Textual's own path unchanged.

``_render_cell`` is Textual 8.2.8's (pinned in pyproject) with only that last step changed; tests compare
widths and every drawn character and style with a plain DataTable's, so an upgrade that changes either fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.renderables.styled import Styled
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey


class Table(DataTable):
    def set_lines(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Show ``rows`` (one line each) in a table just cleared of rows: each column as wide as its label or
        its widest cell, in terminal cells as Textual measures, then the rows added at once."""
        for n, column in enumerate(self.ordered_columns):
            widest = (_width(cells[n]) for _, cells in rows if n < len(cells))
            column.width = max(cell_len(column.label.plain), *widest, 0)
            column.auto_width = False
        self.add_lines(rows)

    def add_lines(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """``add_row(*cells, key=key)`` for each of ``rows`` (one line high, no label), with the cursor checked
        and an idle asked for once, not once a row: Textual's add_row does both every time (8 ms of home's 300
        rows). Textual 8.2.8's add_row otherwise; a test compares the result with add_row's."""
        columns = self.ordered_columns
        was_empty = self.row_count == 0
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            self._row_locations[row_key] = self.row_count
            self._data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self.columns and not any(c.auto_width for c in self.columns.values()):
            rows = self.rows
            new_rows = [
                k
                for k in new_rows
                if (r := rows.get(k)) is not None and (r.auto_height or r.label is not None)
            ]
        super()._update_dimensions(new_rows)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        # Textual 8.2.8's DataTable._render_cell, but for the call to ``one_line``.
        is_header_cell = row_index == -1
        is_row_label_cell = column_index == -1
        is_fixed_style_cell = (
            not is_header_cell
            and not is_row_label_cell
            and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        )
        row_key = self._header_row_key if is_header_cell else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell_cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        if cell_cache_key not in self._cell_render_cache:
            base_style += Style.from_meta({"row": row_index, "column": column_index})
            row_label, row_cells = self._get_row_renderables(row_index)
            if is_row_label_cell:
                cell = row_label if row_label is not None else ""
            else:
                cell = row_cells[column_index]
            component_style, post_style = self._get_styles_to_render_cell(
                is_header_cell,
                is_row_label_cell,
                is_fixed_style_cell,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            measuring = False  # an auto-height row not yet measured: its height is what the cell needs
            if is_header_cell:
                row_height = self.header_height
            else:
                row = self.rows[row_key]
                measuring = row.auto_height and row.height == 0
                row_height = 0 if measuring else row.height
            pre = base_style + component_style
            lines = one_line(self.app.console, cell, width, row_height, self.cell_padding, pre, post_style)
            if lines is None:
                if measuring:
                    options = self.app.console_options.update_width(width)
                else:
                    options = self.app.console_options.update_dimensions(width, row_height)
                if row_height == 1:
                    options = options.update(no_wrap=True)
                lines = self.app.console.render_lines(
                    Styled(Padding(cell, (0, self.cell_padding)), pre_style=pre, post_style=post_style),
                    options,
                )
            self._cell_render_cache[cell_cache_key] = lines
        return self._cell_render_cache[cell_cache_key]


def one_line(
    console: Console, cell: RenderableType, width: int, height: int, pad: int, pre: Style, post: Style
) -> SegmentLines | None:
    if height != 1 or type(cell) is not Text or cell.justify not in (None, "default", "left"):
        return None
    plain = cell.plain
    inner = width - 2 * pad
    used = cell_len(plain)
    if used > inner or "\n" in plain or "\t" in plain:
        return None
    segments = [Segment(" " * pad)] if pad else []
    drawn = cell.render(console, end="")
    if cell.style:  # Text.render leaves the text's own style to its caller (Rich joins it in as a span)
        base = console.get_style(cell.style)
        drawn = Segment.apply_style(drawn, base)
    segments += drawn
    if inner > used:
        segments.append(Segment(" " * (inner - used)))
    if pad:
        segments.append(Segment(" " * pad))
    return [list(Segment.apply_style(segments, pre, post))]


def _width(cell: Text) -> int:
    """The width Textual would measure for a cell: its widest line, in terminal cells."""
    plain = cell.plain
    if "\n" in plain:
        return max(cell_len(line) for line in plain.splitlines())
    return cell_len(plain)
