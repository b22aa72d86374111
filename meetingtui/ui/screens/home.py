"""Home: every case with its next meeting, open and overdue actions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from meetingtui.core.demo import demo_case
from meetingtui.core.errors import UserError
from meetingtui.core.rules import next_meeting_date, open_and_overdue


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("d", "load_demo", "Load demo case", id="home.demo"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-empty")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cases", DataTable)
        table.add_columns("ID", "Young person", "Next meeting", "Open", "Overdue", "Note")
        self.action_refresh()

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        table = self.query_one("#cases", DataTable)
        table.clear()
        today = self.ws.today()
        entries = self.ws.repo.entries()
        for e in entries:
            if e.summary is None:
                table.add_row(e.case_id, "", "", "", "", "damaged: see restore", key=e.case_id)
                continue
            c = e.summary
            nxt = next_meeting_date(c, today)
            owed, overdue = open_and_overdue(c, today)
            table.add_row(c.id, c.name, nxt.isoformat() if nxt else "", str(owed), str(overdue), "", key=c.id)
        empty = self.query_one("#home-empty", Static)
        empty.display = not entries
        empty.update(
            f"No cases yet in {self.ws.repo.root}.\nPress d to load the fictional demo case, "
            "or import a case file with: meetingtui import FILE"
        )

    def action_load_demo(self) -> None:
        try:
            self.ws.repo.create_case(demo_case(self.ws.today()))
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify("Demo case added.")
        self.action_refresh()

    @on(DataTable.RowSelected, "#cases")
    def open_case(self, event: DataTable.RowSelected) -> None:
        self.notify(f"Case {event.row_key.value}")
