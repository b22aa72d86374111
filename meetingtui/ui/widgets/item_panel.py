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

from meetingtui.core.record.model import Case, Item, Meeting
from meetingtui.ui.safe import clean
from meetingtui.ui.widgets import record_tables as rt

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

    BINDINGS = [Binding("enter", "dispose", "Disposition", id="panel.dispose", show=False)]

    @dataclass
    class Changed(Message):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.kind: str = "notes"
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.item: Item | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="panel-title", classes="pane-title", markup=False)
        yield Static(id="panel-text", markup=False)
        yield DataTable(id="panel-table", cursor_type="row", zebra_stripes=True)

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
            if listed:
                style = "bold yellow" if pending else "green"
                body.append(
                    f"{len(pending)} of {len(listed)} still need a disposition before the meeting can end.",
                    style=style,
                )
            else:
                body.append("No actions were owed from earlier meetings.", style="dim")
            cols, rows = rt.actions_rows(listed, today, meeting_id=meeting.id, keep_order=True)
            cols, rows = rt.compact_actions(cols, rows)
        elif self.kind in ("interventions", "alternatives"):
            cols, rows = rt.interventions_rows(case.interventions)
            if not case.interventions:
                body.append("No interventions recorded yet (case screen → Record).", style="dim")
        elif self.kind == "peers":
            cols, rows = rt.peers_rows(case.peers, settings, today)
        elif self.kind == "forums":
            cols, rows = rt.forums_rows(case.forums, today)
            missing = [f.name for f in case.forums if not f.link_person]
            if missing:
                body.append("No link person for: " + ", ".join(clean(m) for m in missing), style="bold red")
        elif self.kind == "placement":
            cols, rows = rt.placements_rows(case.placements, settings, today)
            body.append("Challenge rights last explained: ")
            body.append(
                case.challenge_rights_explained.isoformat() if case.challenge_rights_explained else "never",
                style="" if case.challenge_rights_explained else "bold red",
            )
        elif self.kind == "wishes":
            cols, rows = rt.wishes_rows(case.wishes)
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
            cols, rows = rt.compact_actions(*rt.actions_rows(case.actions_of(meeting.id), today))
            body.append("Next meeting: ")
            body.append(
                meeting.next_meeting.isoformat() if meeting.next_meeting else "not set (k to set)",
                style="" if meeting.next_meeting else "yellow",
            )
        text.update(body)
        table.display = bool(cols)
        if cols:
            rt.fill(table, cols, rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dispose":
            return self.kind == "previous-actions"
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

    def action_dispose(self) -> None:
        table = self.query_one("#panel-table", DataTable)
        if self.kind != "previous-actions" or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._dispose(str(key))

    def _dispose(self, action_id: str) -> None:
        from meetingtui.ui.dialogs.records import disposition_form

        if not self._writable() or self.case is None or self.meeting is None:
            return
        action = self.case.action(action_id)
        if action is None:
            return
        meeting = self.meeting

        def done(values: dict | None) -> None:
            if not values:
                return
            from meetingtui.core.errors import UserError
            from meetingtui.core.meeting.actions import record_disposition

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
                )
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self.post_message(self.Changed())

        self.app.push_screen(disposition_form(action, meeting, self.ws.today()), done)

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
