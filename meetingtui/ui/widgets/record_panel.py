"""The case record, editable from the keyboard: n adds, Enter edits, Delete removes (after a yes), c edits the
case details. One table per list, in the order the case review's findings come."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from meetingtui.core.errors import UserError
from meetingtui.core.record import edit
from meetingtui.core.record.model import Case
from meetingtui.ui.dialogs import record_forms as rf
from meetingtui.ui.dialogs.form import ConfirmDialog, FormDialog
from meetingtui.ui.safe import clean
from meetingtui.ui.widgets import record_tables as rt

SECTIONS = [
    (
        "placements",
        "Placements and moves: relationships, wishes, the IRO and the review after an emergency move",
    ),
    ("wishes", "The young person's wishes and feelings, in their words"),
    ("interventions", "Interventions tried, with outcome and the evidence for it"),
    ("peers", "Peer group (initials) and managed contact plans"),
    ("forums", "Other forums for this young person, and who links each to this meeting"),
]


class RecordTable(DataTable):
    """A record list; knows which list it shows so the panel's keys act on it."""

    def __init__(self, kind: str, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=f"rec-{kind}", **kwargs)
        self.kind = kind


class RecordPanel(VerticalScroll):
    BINDINGS = [
        Binding("n", "add", "Add row", id="record.add"),
        Binding("enter", "edit", "Edit row", id="record.edit", show=False),
        Binding("delete", "delete", "Delete row", id="record.delete"),
        Binding("c", "edit_case", "Case details", id="record.case"),
    ]

    def __init__(self, case_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case_id = case_id
        self.case: Case | None = None

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(id="rec-details", markup=False)
        for kind, title in SECTIONS:
            yield Static(title, classes="pane-title")
            yield RecordTable(kind)

    def show(self, case: Case) -> None:
        self.case = case
        today, settings = self.ws.today(), self.ws.settings
        details = Text()
        details.append("Case details (c to edit): ", style="bold")
        details.append(clean(rt.case_title(case)))
        details.append("\nChallenge rights last explained: ")
        cre = case.challenge_rights_explained
        details.append(cre.isoformat() if cre else "never recorded", style="" if cre else "bold red")
        self.query_one("#rec-details", Static).update(details)
        tables = {
            "placements": rt.placements_rows(case.placements, settings, today),
            "wishes": rt.wishes_rows(case.wishes),
            "interventions": rt.interventions_rows(case.interventions),
            "peers": rt.peers_rows(case.peers, settings, today),
            "forums": rt.forums_rows(case.forums, today),
        }
        for kind, (cols, rows) in tables.items():
            rt.fill(self.query_one(f"#rec-{kind}", RecordTable), cols, rows)

    # ---------------------------------------------------------------------------------------------- keys
    def _focused_table(self) -> RecordTable | None:
        focused = self.app.focused
        return focused if isinstance(focused, RecordTable) else None

    def _row_key(self, table: RecordTable) -> str | None:
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_add(self) -> None:
        table = self._focused_table()
        self._open(table.kind if table else "placements", None)

    def action_edit(self) -> None:
        table = self._focused_table()
        if table is not None:
            self._open(table.kind, self._row_key(table))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, RecordTable):
            event.stop()
            self._open(event.data_table.kind, str(event.row_key.value))

    def _open(self, kind: str, key: str | None) -> None:
        assert self.case is not None
        today, settings = self.ws.today(), self.ws.settings
        case = self.case
        form: FormDialog
        convert: Callable[[dict[str, Any]], Any]
        index: int | None = None
        if kind == "wishes":
            index = int(key) if key is not None else None
            old_w = case.wishes[index] if index is not None else None
            form, convert = rf.wish_form(old_w, today, settings.user), lambda v: rf.wish_from(v, old_w)
        elif kind == "placements":
            old_p = next((p for p in case.placements if p.id == key), None)
            form, convert = rf.placement_form(old_p, today), lambda v: rf.placement_from(v, old_p)
        elif kind == "interventions":
            old_i = next((i for i in case.interventions if i.id == key), None)
            form, convert = rf.intervention_form(old_i, today), lambda v: rf.intervention_from(v, old_i)
        elif kind == "peers":
            old_f = next((p for p in case.peers if p.id == key), None)
            form = rf.peer_form(old_f, today, names_allowed=settings.peer_names)
            convert = lambda v: rf.peer_from(v, old_f)  # noqa: E731
        else:
            old_g = next((f for f in case.forums if f.id == key), None)
            form, convert = rf.forum_form(old_g, today), lambda v: rf.forum_from(v, old_g)

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                edit.save_row(
                    self.ws.repo,
                    self.case_id,
                    kind,
                    convert(values),
                    index=index,  # type: ignore[arg-type]
                    peer_names=settings.peer_names,
                )
            except UserError as exc:
                self.app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
                return
            self._reload()

        self.app.push_screen(form, done)

    def action_delete(self) -> None:
        table = self._focused_table()
        if table is None:
            return
        key = self._row_key(table)
        if key is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                try:
                    edit.delete_row(
                        self.ws.repo,
                        self.case_id,
                        table.kind,  # type: ignore[arg-type]
                        int(key) if table.kind == "wishes" else key,
                    )
                except UserError as exc:
                    self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                self._reload()

        self.app.push_screen(
            ConfirmDialog(f"Delete this row from {table.kind}? (a backup of the case is kept)"), answer
        )

    def action_edit_case(self) -> None:
        assert self.case is not None

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                edit.save_case_details(self.ws.repo, self.case_id, **rf.case_values(values))
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self._reload()

        self.app.push_screen(rf.case_form(self.case, self.ws.today()), done)

    def _reload(self) -> None:
        refresh = getattr(self.screen, "action_refresh", None)
        if refresh is not None:
            refresh()
