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
from textual.widget import Widget
from textual.widgets import DataTable, Static

from meetingtui.core.errors import UserError
from meetingtui.core.record import edit
from meetingtui.core.record.merge import find_row
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


def open_row_form(
    host: Widget,
    ws: Any,
    case_id: str,
    shown: Case,
    kind: str,
    key: str | None,
    after: Callable[[], None],
) -> None:
    """Open the form for adding (``key`` None) or editing one row of a record list, shared by the Record tab
        and the meeting's structured panels so a row is edited the same way wherever it is seen.

        The form starts from the case as stored now (a form opened after another copy saved starts from what it
        saved), finds the row the person chose on screen even if another copy moved it, and an edit saves while
        the form is open, so a field changed underneath asks (keep mine / take theirs) with the typing kept, and a
    refused save keeps the form open as typed."""
    today, settings = ws.today(), ws.settings
    shown_wish = shown.wishes[int(key)] if kind == "wishes" and key is not None else None
    case = ws.repo.load_case(case_id) if ws.repo.changed_on_disk(case_id) else shown
    form: FormDialog
    convert: Callable[[dict[str, Any]], Any]
    index: int | None = None
    old: Any = None
    if kind == "wishes":
        if shown_wish is not None:
            index = find_row(case.wishes, shown_wish, int(key or 0))
            if index is None:
                host.app.say("That wish was removed in another copy.", severity="warning")  # type: ignore[attr-defined]
                after()
                return
        old = old_w = case.wishes[index] if index is not None else None
        form, convert = rf.wish_form(old_w, today, settings.user), lambda v: rf.wish_from(v, old_w)
    elif kind == "placements":
        old = old_p = next((p for p in case.placements if p.id == key), None)
        form, convert = rf.placement_form(old_p, today), lambda v: rf.placement_from(v, old_p)
    elif kind == "interventions":
        old = old_i = next((i for i in case.interventions if i.id == key), None)
        form, convert = rf.intervention_form(old_i, today), lambda v: rf.intervention_from(v, old_i)
    elif kind == "peers":
        old = old_f = next((p for p in case.peers if p.id == key), None)
        form = rf.peer_form(old_f, today, names_allowed=settings.peer_names)
        convert = lambda v: rf.peer_from(v, old_f)  # noqa: E731
    else:
        old = old_g = next((f for f in case.forums if f.id == key), None)
        form, convert = rf.forum_form(old_g, today), lambda v: rf.forum_from(v, old_g)
    if key is not None and old is None:
        host.app.say(f"That row of {kind} was removed in another copy.", severity="warning")  # type: ignore[attr-defined]
        after()
        return
    opened = old.copy() if old is not None else None

    def save(values: dict[str, Any]) -> None:
        row = convert(values)
        ending = (
            edit.ended_by(ws.repo.load_case(case_id).placements, row)
            if kind == "placements" and not key
            else []
        )
        edit.save_row(
            ws.repo,
            case_id,
            kind,  # type: ignore[arg-type]
            row,
            index=index,
            peer_names=settings.peer_names,
            opened=opened,
        )
        for p in ending:
            host.app.say(  # type: ignore[attr-defined]
                f"{p.id} ({p.provider or p.kind}) ended on {row.start.isoformat()}, the day {row.id} began: "
                "edit it if it ended another day"
            )

    # Saved while the form is open, new rows too: a save refused (a read-only case, a full disk, a bad value)
    # leaves the form open with everything typed, and says why in it.
    form.save = save
    host.app.push_screen(form, lambda _values: after())


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

    def _fresh(self) -> Case:
        """The case as stored now: a form opened after another copy saved starts from what it saved."""
        if self.case is None or self.ws.repo.changed_on_disk(self.case_id):
            self._reload()
            if self.case is None:
                self.case = self.ws.repo.load_case(self.case_id)
        return self.case

    def _open(self, kind: str, key: str | None) -> None:
        assert self.case is not None
        open_row_form(self, self.ws, self.case_id, self.case, kind, key, self._reload)

    def action_delete(self) -> None:
        table = self._focused_table()
        if table is None:
            return
        key = self._row_key(table)
        if key is None:
            return
        shown = self.case.wishes[int(key)] if table.kind == "wishes" and self.case is not None else None

        def answer(yes: bool | None) -> None:
            if yes:
                try:
                    edit.delete_row(
                        self.ws.repo,
                        self.case_id,
                        table.kind,  # type: ignore[arg-type]
                        int(key) if table.kind == "wishes" else key,
                        shown=shown,
                    )
                except UserError as exc:
                    self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                self._reload()

        self.app.push_screen(
            ConfirmDialog(f"Delete this row from {table.kind}? (a backup of the case is kept)"), answer
        )

    def action_edit_case(self) -> None:
        case = self._fresh()
        opened = case.copy()

        def save(values: dict[str, Any]) -> None:
            edit.save_case_details(
                self.ws.repo, self.case_id, opened=opened, **rf.case_values(values, opened)
            )

        form = rf.case_form(case, self.ws.today())
        form.save = save
        self.app.push_screen(form, lambda _values: self._reload())

    def _reload(self) -> None:
        refresh = getattr(self.screen, "action_refresh", None)
        if refresh is not None:
            refresh()
