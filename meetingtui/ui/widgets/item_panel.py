"""The structured panel under an agenda item, chosen by the item's kind.

Each kind brings the part of the case record the conversation needs onto the screen: the earlier actions to
dispose of, what has been tried, the peer contact plans, the other forums, the placement and its review clock,
the young person's own words, the Signs of Safety columns and scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from meetingtui.core.record.model import Action, Case, Item, Meeting
from meetingtui.ui.safe import clean
from meetingtui.ui.widgets import record_tables as rt
from meetingtui.ui.widgets.panel_tables import detail, fill_fitted

# The panels that show a list of the case record, and which list: each can add and edit its rows here.
RECORD_KINDS = {
    "wishes": "wishes",
    "interventions": "interventions",
    "alternatives": "interventions",
    "peers": "peers",
    "forums": "forums",
    "placement": "placements",
}


def review_clock(body: Text, case: Case, settings, today) -> None:  # type: ignore[no-untyped-def]
    """The care review an emergency move calls for, with its due date, on its own line (never in a cut cell)."""
    for p in sorted(case.placements, key=lambda p: p.start, reverse=True):
        due = rt.review_due(p, settings)
        if due is None:
            continue
        body.append("Care review after the emergency move on ", style="bold")
        body.append(p.start.isoformat(), style="bold")
        if p.review_held:
            body.append(f": held {p.review_held.isoformat()}\n", style="green")
            return
        late = (today - due).days
        body.append(f": due {due.isoformat()}", style="bold")
        body.append(
            f" · {late} days OVERDUE\n" if late > 0 else f" · {-late} days left\n",
            style="bold red" if late > 0 else "yellow",
        )
        body.append("IRO notified: ")
        body.append(
            p.iro_notified.isoformat() if p.iro_notified else "not yet", "" if p.iro_notified else "bold red"
        )
        body.append("\n")
        return


KIND_TITLES = {
    "attendance": "Confidentiality and attendance",
    "previous-actions": "Earlier actions: Tab to the table, then Enter on each to record its disposition",
    "wishes": "The young person's wishes and feelings",
    "interventions": "What has been tried",
    "alternatives": "Tried already (c: browse the catalogue of national and local options)",
    "peers": "Peer group and managed contact plans",
    "forums": "The other forums for this young person",
    "placement": "Placements, moves and the review clock",
    "signs-of-safety": "Signs of Safety (k: edit the columns and the scale)",
    "actions": "All actions agreed in this meeting",
}


class ItemPanel(Vertical):
    """Shows the structured panel for an item; posts ``Changed`` after it stores something."""

    BINDINGS = [
        Binding("enter", "dispose", "Disposition", id="panel.dispose", show=False),
        Binding(
            "n", "add_row", "Add row", id="panel.add", tooltip="Add a row to this part of the case record"
        ),
    ]

    @dataclass
    class Changed(Message):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.kind: str = "notes"
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.item: Item | None = None
        self._cols: list[str] = []
        self._rows: dict[str, list] = {}
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="panel-title", classes="pane-title", markup=False)
        yield Static(id="panel-text", markup=False)
        yield DataTable(id="panel-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="panel-detail", markup=False)

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def show(self, case: Case, meeting: Meeting, item: Item) -> None:
        self.case, self.meeting, self.item = case, meeting, item
        self.kind = item.item_kind
        title = self.query_one("#panel-title", Static)
        text = self.query_one("#panel-text", Static)
        table = self.query_one("#panel-table", DataTable)
        self.display = self.kind in KIND_TITLES
        if not self.display:
            return
        title.update(KIND_TITLES[self.kind])
        today = self.ws.today()
        settings = self.ws.settings
        body = Text()
        cols: list[str] = []
        rows: list = []
        if self.kind == "attendance":
            body.append(clean(settings.confidentiality), style="italic")
        elif self.kind == "previous-actions":
            from meetingtui.core.meeting.actions import carried_forward, pending_dispositions

            listed = carried_forward(case, meeting)
            pending = pending_dispositions(case, meeting)
            if meeting.is_locked:
                # Approved minutes read as the record stood at the meeting (found from outside: a later
                # meeting's new due date showed in this one's review table).
                from meetingtui.core.exports.minutes.readers import action_at

                listed = [action_at(a, meeting) for a in listed]
            if listed:
                style = "bold yellow" if pending else "green"
                body.append(
                    f"{len(pending)} of {len(listed)} still need a disposition before the meeting can end.",
                    style=style,
                )
            else:
                body.append("No actions were owed from earlier meetings.", style="dim")
            cols, rows = rt.actions_rows(
                listed, today, meeting_id=meeting.id, keep_order=True, limit=0, case=case
            )
        elif self.kind in ("interventions", "alternatives"):
            cols, rows = rt.interventions_rows(case.interventions, limit=0)
            if not case.interventions:
                body.append("No interventions recorded yet (case screen → Record).", style="dim")
        elif self.kind == "peers":
            cols, rows = rt.peers_rows(case.peers, settings, today, limit=0)
        elif self.kind == "forums":
            cols, rows = rt.forums_rows(case.forums, today, limit=0)
            missing = [f.name for f in case.forums if not f.link_person]
            if missing:
                body.append("No link person for: " + ", ".join(clean(m) for m in missing), style="bold red")
        elif self.kind == "placement":
            cols, rows = rt.placements_rows(case.placements, settings, today, limit=0)
            review_clock(body, case, settings, today)
            body.append("Challenge rights last explained: ")
            body.append(
                case.challenge_rights_explained.isoformat() if case.challenge_rights_explained else "never",
                style="" if case.challenge_rights_explained else "bold red",
            )
        elif self.kind == "wishes":
            cols, rows = rt.wishes_rows(case.wishes, limit=0)
            if not case.wishes:
                body.append(
                    "No wishes and feelings recorded. Whose job is it to ask, and by when?", style="bold red"
                )
        elif self.kind == "signs-of-safety":
            for label, value in (
                ("What are we worried about?", meeting.worries),
                ("What is working well?", meeting.working_well),
                ("What needs to happen?", meeting.needs_to_happen),
            ):
                body.append(label + "\n", style="bold")
                body.append((clean(value) if value else "—") + "\n\n")
            body.append("Scale (0 = nothing keeps them safe, 10 = safe enough to close): ", style="bold")
            body.append(str(meeting.scale) if meeting.scale is not None else "not scored")
        elif self.kind == "actions":
            cols, rows = rt.actions_rows(case.actions_of(meeting.id), today, limit=0, case=case)
            body.append("Next meeting: ")
            body.append(
                meeting.next_meeting.isoformat() if meeting.next_meeting else "not set (k to set)",
                style="" if meeting.next_meeting else "yellow",
            )
        if self.kind in RECORD_KINDS and self._writable():
            body.append("\nOn the table (Tab to it): n adds a row, Enter on a row edits it.", style="dim")
        text.update(body)
        table.display = bool(cols)
        self._cols, self._rows = cols, {k: cells for k, cells in rows}
        self._fitted_width = 0
        self._fit()

    def _width(self) -> int:
        """The cells the table may use: its own width once laid out, else the centre column's share."""
        return self.content_size.width or max(40, int(self.app.size.width * 0.44))

    def _fit(self) -> None:
        table = self.query_one("#panel-table", DataTable)
        width = self._width()
        if not self._cols:
            self.query_one("#panel-detail", Static).update("")
            return
        if width != self._fitted_width:
            self._fitted_width = width
            fill_fitted(table, self.kind, self._cols, list(self._rows.items()), width - 2)
        self._show_detail()

    def on_resize(self) -> None:
        if self._cols and self.content_size.width != self._fitted_width:
            self._fit()

    def _show_detail(self) -> None:
        """The card under the table: every field of the highlighted row, whole."""
        table = self.query_one("#panel-table", DataTable)
        card = self.query_one("#panel-detail", Static)
        if not table.row_count:
            card.update("")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        cells = self._rows.get(str(key))
        card.update(detail(self._cols, cells) if cells is not None else "")

    @on(DataTable.RowHighlighted, "#panel-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dispose":
            return self.kind == "previous-actions"
        if action == "add_row":
            return self.kind in RECORD_KINDS and self._writable()
        return True

    def can(self, action: str) -> bool:
        """Whether the screen-level keys for this panel apply to the item shown."""
        if action == "edit_sos":
            return self.kind in ("signs-of-safety", "actions")
        if action == "catalogue":
            return self.kind in ("alternatives", "interventions")
        return False

    def _writable(self) -> bool:
        screen = self.screen
        return (
            not getattr(screen, "follow", False) and self.meeting is not None and not self.meeting.is_locked
        )

    @on(DataTable.RowSelected, "#panel-table")
    def _row(self, event: DataTable.RowSelected) -> None:
        if self.kind == "previous-actions":
            event.stop()
            self._dispose(str(event.row_key.value))
        elif self.kind in RECORD_KINDS:
            event.stop()
            self._edit_row(str(event.row_key.value))

    def action_add_row(self) -> None:
        self._edit_row(None)

    def _edit_row(self, key: str | None) -> None:
        """Add or edit a row of the case record from the meeting, with the Record tab's own form and rules."""
        from meetingtui.ui.widgets.record_panel import open_row_form

        if not self._writable() or self.case is None:
            return
        open_row_form(
            self,
            self.ws,
            self.case.id,
            self.case,
            RECORD_KINDS[self.kind],
            key,
            lambda: self.post_message(self.Changed()),
        )

    def action_dispose(self) -> None:
        table = self.query_one("#panel-table", DataTable)
        if self.kind != "previous-actions" or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._dispose(str(key))

    def _dispose(self, action_id: str, typed: dict | None = None, fresh: Action | None = None) -> None:
        """The meeting's disposition of an earlier action. ``typed`` and ``fresh``: the form again, with what
        was typed, over the action as another copy left it (see ``record_disposition``'s ``seen``)."""
        from meetingtui.ui.dialogs.records import disposition_form

        if not self._writable() or self.case is None or self.meeting is None:
            return
        action = fresh if fresh is not None else self.case.action(action_id)
        if action is None:
            return
        meeting = self.meeting
        seen = [u.copy() for u in action.updates]

        def done(values: dict | None) -> None:
            if not values:
                return
            from meetingtui.core.errors import UserError
            from meetingtui.core.meeting.actions import ChangedElsewhere, record_disposition

            try:
                record_disposition(
                    self.ws.repo,
                    self.case.id,
                    action_id,
                    values["status"],  # type: ignore[union-attr]
                    on=meeting.date if meeting.date <= self.ws.today() else self.ws.today(),
                    due=values.get("due"),
                    note=values.get("note"),
                    meeting_id=meeting.id,
                    seen=seen,
                )
            except ChangedElsewhere as exc:
                self.app.say(str(exc), severity="warning", timeout=15)  # type: ignore[attr-defined]
                self.post_message(self.Changed())
                self._dispose(action_id, typed=values, fresh=exc.action)
                return
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self.post_message(self.Changed())

        self.app.push_screen(disposition_form(action, meeting, self.ws.today(), typed), done)

    def action_edit_sos(self) -> None:
        from meetingtui.core.errors import UserError
        from meetingtui.core.meeting import contents
        from meetingtui.ui.dialogs.records import sos_form

        if not self._writable() or self.meeting is None or self.case is None:
            return
        case_id, meeting_id = self.case.id, self.meeting.id

        def done(values: dict | None) -> None:
            if not values:
                return
            values["distribution"] = [
                ln.strip() for ln in (values["distribution"] or "").splitlines() if ln.strip()
            ]
            try:
                contents.set_meeting_fields(self.ws.repo, case_id, meeting_id, **values)
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self.post_message(self.Changed())

        self.app.push_screen(sos_form(self.meeting, self.ws.today()), done)

    def action_catalogue(self) -> None:
        from meetingtui.ui.dialogs.catalogue import CatalogueDialog

        if self.case is None or self.meeting is None or self.item is None:
            return
        self.app.push_screen(
            CatalogueDialog(self.case, self.meeting, self.item, writable=self._writable()),
            lambda _r: self.post_message(self.Changed()),
        )
