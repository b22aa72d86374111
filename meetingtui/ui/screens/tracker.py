"""The action tracker over all cases: who owes which action by when. Filters narrow it; Enter updates one."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, Static

from meetingtui.core.errors import UserError
from meetingtui.core.record.model import ACTION_STATUSES
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, lit
from meetingtui.ui.widgets.dropdown import Dropdown
from meetingtui.ui.widgets.record_tables import fill
from meetingtui.ui.widgets.table import Table

STATUS_OPTIONS = [("Owed (open or carried)", "open"), ("All", "all")] + [
    (s.capitalize(), s) for s in ACTION_STATUSES if s != "open"
]


class TrackerScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="tracker.back"),
        Binding("ctrl+u", "update", "Update status", id="tracker.update", priority=True),
        Binding("f5", "refresh", "Refresh", id="tracker.refresh"),
    ]

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static("Action tracker: all cases, by due date", classes="pane-title")
        with Horizontal(id="tracker-filters"):
            yield Input(placeholder="case id", id="f-case")
            yield Input(placeholder="agency", id="f-agency")
            yield Input(placeholder="owner", id="f-owner")
            yield Dropdown(STATUS_OPTIONS, value="open", allow_blank=False, id="f-status")
            yield Checkbox("Overdue", id="f-overdue")
            yield Checkbox("Due this week", id="f-week")
        yield Static(id="tracker-count", markup=False)
        yield Table(id="tracker", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        focus_now(self.query_one("#tracker", DataTable))

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def _filter(self) -> Any:
        from meetingtui.core.rules.tracker import ActionFilter

        def text(wid: str) -> str | None:
            return self.query_one(wid, Input).value.strip() or None

        return ActionFilter(
            case_match=text("#f-case"),
            agency=text("#f-agency"),
            owner=text("#f-owner"),
            status=self.query_one("#f-status", Select).value,  # type: ignore[arg-type]
            overdue=self.query_one("#f-overdue", Checkbox).value,
            due_within_days=7 if self.query_one("#f-week", Checkbox).value else None,
        )

    def action_refresh(self) -> None:
        from meetingtui.core.rules.tracker import query_actions

        today = self.ws.today()
        try:
            rows = query_actions(self.ws.repo, self._filter(), today)
        except UserError as exc:
            self.query_one("#tracker-count", Static).update(clean(str(exc)))
            return
        data = []
        for r in rows:
            a = r.action
            flags = (
                (["OVERDUE " + str(r.days_overdue) + "d"] if r.overdue else [])
                + (["DRIFT"] if r.drift else [])
                + (["RESTRICTED"] if r.restricted else [])
            )
            data.append(
                (
                    f"{r.case_id}/{a.id}",
                    [
                        r.case_id,
                        a.id,
                        lit(a.owner, limit=30),
                        lit(a.agency, limit=25),
                        lit(a.current_due.isoformat(), "bold red" if r.overdue else ""),
                        a.status,
                        lit(" ".join(flags), "bold red" if flags else ""),
                        lit(a.text, limit=80),
                    ],
                )
            )
        fill(
            self.query_one("#tracker", DataTable),
            ["Case", "ID", "Owner", "Agency", "Due", "Status", "Flags", "Action"],
            data,
        )
        overdue = sum(1 for r in rows if r.overdue)
        self.query_one("#tracker-count", Static).update(
            f"{len(rows)} action{'s' if len(rows) != 1 else ''}, {overdue} overdue"
        )

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        self.action_refresh()

    @on(Input.Submitted)
    def _to_table(self) -> None:
        focus_now(self.query_one("#tracker", DataTable))

    @on(DataTable.RowSelected, "#tracker")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self._update(str(event.row_key.value))

    def action_update(self) -> None:
        table = self.query_one("#tracker", DataTable)
        if table.row_count:
            self._update(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def _update(self, key: str) -> None:
        from meetingtui.ui.dialogs.status import update_action_status

        case_id, action_id = key.split("/", 1)
        update_action_status(self, case_id, action_id, self.action_refresh)

    def action_back(self) -> None:
        self.app.pop_screen()
