"""The meeting's structured panels as wrapping tables that fit the centre column, plus a detail card.

The Record tab can afford one wide line per row; the meeting screen's centre column cannot, and a chair must
not scroll sideways to read an intervention's outcome or the young person's own words. So each kind names the
columns the conversation needs (always shown, long text wrapping inside its cell), the ones added while there
is room, and everything else goes into a detail card under the table for the highlighted row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from meetingtui.ui.safe import clean


@dataclass(frozen=True)
class Fit:
    need: tuple[str, ...]  # always shown
    wrap: tuple[str, ...]  # of those shown, the ones that wrap and share the spare width
    extra: tuple[str, ...] = ()  # added, in order, while the column is wide enough


FITS: dict[str, Fit] = {
    "previous-actions": Fit(("ID", "Owner", "Due", "Status", "Action"), ("Action",), ("Agency",)),
    "actions": Fit(("ID", "Owner", "Due", "Status", "Action"), ("Action",)),
    "interventions": Fit(
        ("Intervention", "Outcome", "Evidence"),
        ("Intervention", "Evidence"),
        ("Agency / provider", "From", "To"),
    ),
    "wishes": Fit(("Date", "In their words"), ("In their words",), ("How", "Recorded by")),
    "placement": Fit(
        ("From", "Move", "Review held / due"),
        ("Review held / due", "Impact on relationships"),
        ("To", "IRO notified", "Kind", "Impact on relationships"),
    ),
    "peers": Fit(("Peer", "Contact plan", "Review by"), ("Contact plan",), ("Relationship", "Reliability")),
    "forums": Fit(("Forum", "Next date", "Link person"), ("Forum",), ("Chair", "Notes")),
}
FITS["alternatives"] = FITS["interventions"]
# The attendance form: at 80 columns the reason and the times must stay readable (role and agency give way).
FITS["attendance"] = Fit(
    ("Name", "Attendance", "Reason", "Arrived", "Left"), ("Name", "Reason"), ("Agency", "Role")
)

WRAP_MIN = 16  # room for an optional column is judged leaving the wrapping ones at least this wide
WRAP_FLOOR = 8  # in a very narrow centre column the wrapping ones share what is left, down to this
CELL_PAD = 2  # DataTable's padding either side of a cell
NATURAL_MAX = 18  # a short column never takes more than this
SHORT_FLOOR = 8  # nor, when space is short, less than this


def _plain(cell: Text | str) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _natural(label: str, rows: Sequence[tuple[str, Sequence[Text | str]]], index: int) -> int:
    longest = max((len(_plain(cells[index])) for _, cells in rows), default=0)
    return min(NATURAL_MAX, max(len(label), longest))


def choose_columns(
    kind: str, cols: Sequence[str], rows: Sequence[tuple[str, Sequence[Text | str]]], width: int
) -> list[tuple[int, int | None]]:
    """(column index, fixed width or None for natural) for the columns shown in ``width`` cells."""
    fit = FITS.get(kind)
    if fit is None:
        return [(i, None) for i in range(len(cols))]
    index = {c: i for i, c in enumerate(cols)}
    shown = [c for c in fit.need if c in index]

    def cost(names: list[str]) -> int:
        fixed = sum(_natural(c, rows, index[c]) + CELL_PAD for c in names if c not in fit.wrap)
        return fixed + sum(WRAP_MIN + CELL_PAD for c in names if c in fit.wrap)

    for extra in fit.extra:
        if extra in index and extra not in shown and cost([*shown, extra]) <= width:
            shown.append(extra)
    shown.sort(key=lambda c: index[c])  # the record's own column order
    fixed = {c: _natural(c, rows, index[c]) for c in shown if c not in fit.wrap}
    wrapping = [c for c in shown if c in fit.wrap]
    # Too narrow for the short columns at their natural width: the widest give way (their cells wrap too).
    budget = width - (WRAP_MIN + CELL_PAD) * len(wrapping) - CELL_PAD * len(fixed)
    # Only columns of words give way: a date or an id broken across lines reads wrong.
    words = {c for c in fixed if any(" " in _plain(cells[index[c]]).strip() for _, cells in rows)}
    while words and sum(fixed.values()) > budget:
        widest = max(words, key=lambda c: fixed[c])
        if fixed[widest] <= SHORT_FLOOR:
            break
        fixed[widest] -= 1
    spare = width - sum(w + CELL_PAD for w in fixed.values()) - CELL_PAD * len(wrapping)
    # The last wrapping column named (the evidence, the action, the young person's words) holds the most text.
    weights = {c: (2 if c == fit.wrap[-1] and len(wrapping) > 1 else 1) for c in wrapping}
    total = sum(weights.values()) or 1
    out: list[tuple[int, int | None]] = []
    for c in shown:
        if c in fixed:
            out.append((index[c], fixed[c]))
        else:
            out.append((index[c], max(WRAP_FLOOR, spare * weights[c] // total)))
    return out


def fill_fitted(
    table: DataTable,
    kind: str,
    cols: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Text | str]]],
    width: int,
) -> None:
    """Fill ``table`` with the chosen columns; rows grow to show their wrapped text. Keeps the cursor row."""
    chosen = choose_columns(kind, cols, rows, width)
    cursor = table.cursor_row
    table.clear(columns=True)
    for i, w in chosen:
        table.add_column(cols[i], width=w, key=cols[i])
    for key, cells in rows:
        shown = [_cell(cells[i]) for i, _ in chosen]
        tall = any(w is not None and len(_plain(cells[i])) > w for i, w in chosen)
        table.add_row(*shown, key=key, height=None if tall else 1)
    if table.row_count:
        table.move_cursor(row=min(cursor, table.row_count - 1))


def _cell(cell: Text | str) -> Text:
    return cell.copy() if isinstance(cell, Text) else Text(clean(cell), end="")


def detail(cols: Sequence[str], cells: Sequence[Text | str]) -> Text:
    """Every field of one row, whole and wrapping: the card under the table for the highlighted row."""
    t = Text()
    for label, cell in zip(cols, cells, strict=False):
        value = _plain(cell).strip()
        if not value:
            continue
        if t:
            t.append("\n")
        t.append(f"{label}: ", style="bold")
        t.append_text(cell.copy() if isinstance(cell, Text) else Text(clean(value)))
    return t
