"""Tables of the case record (interventions, peers, forums, placements, wishes, actions), shared by the case
screen and the meeting's structured panels so both always show the same thing the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from meetingtui.core.config.settings import Settings
from meetingtui.core.rules.due import is_drifting
from meetingtui.core.rules.restricted import restricted_keys, row_is_restricted
from meetingtui.ui.safe import lit
from meetingtui.ui.widgets.table import Table

if TYPE_CHECKING:
    from meetingtui.core.record.model import Action, Case, Forum, Intervention, Peer, Placement, Wish

OUTCOME_STYLE = {
    "effective": "green",
    "partly effective": "yellow",
    "not effective": "bold red",
    "ongoing": "cyan",
    "declined": "magenta",
    "not started": "dim",
}


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def fill(table: DataTable, columns: Sequence[str], rows: Iterable[tuple[str, Sequence[Text | str]]]) -> None:
    """Replace a table's contents, keeping the cursor row where it was."""
    rows = list(rows)
    cursor = table.cursor_row
    try:  # the row's key, so a redraw after another program added a case stays on the same case
        held = table.coordinate_to_cell_key((cursor, 0)).row_key.value if table.row_count else None
    except Exception:  # no such row: fall back to its number
        held = None
    cells_of = [[c if isinstance(c, Text) else lit(c, limit=80) for c in cells] for _, cells in rows]
    if [str(c.label) for c in table.columns.values()] == list(columns):
        table.clear()
    else:
        table.clear(columns=True)
        for label in columns:  # Text, not markup: shown as written (and Rich's emoji table not loaded)
            table.add_column(Text(label))
    lines = [(key, cells) for (key, _), cells in zip(rows, cells_of, strict=True)]
    if isinstance(table, Table):  # widths from the rows, drawn and added without Textual's per-cell work
        table.set_lines(lines)
    else:
        for key, cells in lines:
            table.add_row(*cells, key=key)
    if table.row_count:
        keys = [key for key, _ in rows]
        if held is not None and held in keys:
            cursor = keys.index(held)
        table.move_cursor(row=min(cursor, table.row_count - 1))


def interventions_rows(
    items: list[Intervention], *, limit: int = 80
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    """``limit`` cuts long text for one-line tables; 0 keeps it whole (the meeting's wrapping cells)."""
    cols = ["Intervention", "National/local", "Agency / provider", "From", "To", "Outcome", "Evidence"]
    rows = []
    for i in items:
        who = " / ".join(x for x in (i.agency, i.provider) if x)
        rows.append(
            (
                i.id,
                [
                    i.name,
                    i.category,
                    who,
                    _d(i.started),
                    _d(i.ended),
                    lit(i.outcome, OUTCOME_STYLE.get(i.outcome, "")),
                    lit(i.evidence, limit=limit),
                ],
            )
        )
    return cols, rows


def peer_label(peer: Peer, settings: Settings) -> str:
    return peer.label


def peers_rows(
    peers: list[Peer], settings: Settings, today: date, *, limit: int = 60
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    cols = [
        "Peer",
        "Relationship",
        "Significance",
        "Reliability",
        "Contact plan",
        "Where / when",
        "Supervised by",
        "Review by",
    ]
    rows = []
    for p in peers:
        plan = p.contact_plan
        review = plan.review_by if plan else None
        review_cell = lit(_d(review), "bold red" if review and review < today else "")
        rows.append(
            (
                p.id,
                [
                    peer_label(p, settings),
                    p.relationship or "",
                    lit(p.significance, limit=limit),
                    p.reliability or "",
                    lit(plan.arrangement if plan else "no plan", "" if plan else "yellow", limit=limit),
                    " / ".join(x for x in ((plan.where, plan.when) if plan else ()) if x),
                    plan.supervised_by or "" if plan else "",
                    review_cell,
                ],
            )
        )
    return cols, rows


def forums_rows(
    forums: list[Forum], today: date, *, limit: int = 60
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    cols = ["Forum", "Chair", "Agency", "Next date", "Link person", "Notes"]
    rows = []
    for f in sorted(forums, key=lambda f: (f.next_date or date.max, f.name)):
        link = lit(f.link_person) if f.link_person else lit("NO LINK PERSON", "bold red")
        nxt = lit(_d(f.next_date), "bold red" if f.next_date and f.next_date < today else "")
        rows.append((f.id, [f.name, f.chair or "", f.agency or "", nxt, link, lit(f.notes, limit=limit)]))
    return cols, rows


def review_due(p: Placement, settings: Settings) -> date | None:
    """The care review an emergency move calls for, by the local standard (default 20 days)."""
    if p.move != "emergency":
        return None
    return p.start + timedelta(days=settings.review_days_after_emergency)


def placements_rows(
    placements: list[Placement], settings: Settings, today: date, *, limit: int = 80
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    cols = [
        "From",
        "To",
        "Kind",
        "Provider",
        "Move",
        "IRO notified",
        "Review held / due",
        "Wishes considered",
        "Impact on relationships",
    ]
    rows = []
    for p in sorted(placements, key=lambda p: p.start, reverse=True):
        due = review_due(p, settings)
        if p.review_held:
            review = lit(f"held {_d(p.review_held)}")
        elif due:
            late = (today - due).days
            review = lit(
                f"due {_d(due)}" + (f" · {late}d OVERDUE" if late > 0 else f" · {-late}d left"),
                "bold red" if late > 0 else "yellow",
            )
        else:
            review = lit("")
        move = lit(p.move, "bold yellow" if p.move == "emergency" else "")
        wishes = {True: "yes", False: lit("NO", "bold red"), None: ""}[p.wishes_considered]
        rows.append(
            (
                p.id,
                [
                    _d(p.start),
                    _d(p.end) or "now",
                    p.kind,
                    p.provider or "",
                    move,
                    _d(p.iro_notified) or lit("not yet", "bold red" if p.move == "emergency" else ""),
                    review,
                    wishes,
                    lit(p.relationships_impact, limit=limit),
                ],
            )
        )
    return cols, rows


def wishes_rows(
    wishes: list[Wish], *, limit: int = 120
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    cols = ["Date", "Recorded by", "How", "In their words"]
    rows = [
        (str(n), [_d(w.date), w.recorded_by or "", w.how or "", lit(w.text, limit=limit)])
        for n, w in sorted(enumerate(wishes), key=lambda t: t[1].date, reverse=True)
    ]
    return cols, rows


def actions_rows(
    actions: list[Action],
    today: date,
    *,
    meeting_id: str | None = None,
    keep_order: bool = False,
    limit: int = 100,
    case: Case | None = None,
) -> tuple[list[str], list[tuple[str, list[Text | str]]]]:
    """``case`` marks the restricted ones (on their own or by their item) [R] in the status, as every
    other list of actions does, so none is read out or forwarded by mistake."""
    cols = ["ID", "Owner", "Agency", "Due", "Status", "Action"]
    rows = []
    hidden = restricted_keys(case.meetings) if case is not None else {}
    # keep_order: the review of earlier actions keeps one order while dispositions change the due dates.
    for a in actions if keep_order else sorted(actions, key=lambda a: (a.current_due, a.id)):
        due = a.current_due
        overdue = a.is_open and due < today
        status = a.status
        here = a.update_in(meeting_id) if meeting_id else None
        if here is not None:
            status = f"{here.status} here"
        flags = []
        if overdue:
            flags.append("OVERDUE")
        if is_drifting(a):
            flags.append("DRIFT")
        if case is not None and row_is_restricted(
            hidden, {"restricted": a.restricted, "meeting_id": a.meeting_id, "item_key": a.item_key}
        ):
            flags.append("[R]")  # short: the status column is narrow at 80 columns; [R] as in the agenda
        status_cell = lit(" ".join([status, *flags]), "bold red" if flags else "")
        rows.append(
            (
                a.id,
                [
                    a.id,
                    a.owner,
                    a.agency or "",
                    lit(due.isoformat(), "bold red" if overdue else ""),
                    status_cell,
                    lit(a.text, limit=limit),
                ],
            )
        )
    return cols, rows


def case_title(case: Case) -> str:
    lead = case.lead_professional.label() if case.lead_professional else "no lead professional"
    bits = [case.name, case.id, case.legal_status or "", f"lead: {lead}"]
    return " · ".join(b for b in bits if b)
