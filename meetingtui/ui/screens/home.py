"""Home: every case with its next meeting, open and overdue actions, and the alerts that must not be missed."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from meetingtui.core.errors import UserError
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, lit
from meetingtui.ui.widgets.record_tables import fill
from meetingtui.ui.widgets.table import Table

HOME_ALERTS = 100
#: How often home asks the store whether anything changed (a stat per case, or one query on the team store).
WATCH_SECONDS = 3.0


class HomeScreen(Screen[None]):
    _stamp: object = None  # what the store looked like when home last read it (``_watch_store``)
    BINDINGS = [
        Binding("n", "new_case", "New case", id="home.new"),
        Binding("t", "tracker", "Action tracker", id="home.tracker"),
        Binding("slash,ctrl+f", "search", "Search", id="home.search"),
        Binding("d", "load_demo", "Load demo case", id="home.demo"),
        Binding("r", "refresh", "Refresh", id="home.refresh", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-empty", markup=False)
        with Vertical(id="home-body"):
            yield Table(id="cases", cursor_type="row", zebra_stripes=True)
            yield Static("Alerts", classes="pane-title", id="alerts-title")
            yield Table(id="alerts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        focus_now(self.query_one("#cases", DataTable))
        self.set_interval(WATCH_SECONDS, self._watch_store)

    def _stamp_now(self) -> object:
        try:
            return (
                self.ws.repo.contents_stamp(),
                self.ws.today(),
            )  # alerts count days: a new day redraws too
        except UserError:
            return None  # the store is out of reach: keep what is shown; asked again next time

    def _watch_store(self) -> None:
        """Redraw when another program changed a case: found from outside, home went on showing the old counts
        and alerts until it was left and come back to."""
        if not self.is_current:
            return  # redrawn on return (on_screen_resume)
        stamp = self._stamp_now()
        if stamp is not None and stamp != self._stamp:
            self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "load_demo":
            from meetingtui.core.record.demo import DEMO_ID

            return not self.ws.repo.has_case(DEMO_ID)
        return True

    def action_refresh(self) -> None:
        from meetingtui.core.rules.alerts import overview

        rows: list[tuple[str, list[Any]]] = []
        alerts = []
        self._stamp = self._stamp_now()  # before reading: a save while it reads is seen next time
        entries = overview(self.ws.repo, self.ws.settings, self.ws.today())
        for c in entries:
            if c.damaged is not None:
                rows.append(
                    (
                        c.case_id,
                        [c.case_id, "", "", "", "", lit("DAMAGED: restore from a backup", "bold red")],
                    )
                )
                alerts.append((c.case_id, "overdue", str(c.damaged)))
                continue
            alerts += [(c.case_id, a.severity, a.labelled) for a in c.alerts]
            rows.append(
                (
                    c.case_id,
                    [
                        c.case_id,
                        lit(c.name, limit=30),
                        c.next_meeting.isoformat() if c.next_meeting else "",
                        str(c.owed),
                        lit(str(c.overdue), "bold red" if c.overdue else ""),
                        lit(
                            f"{len(c.alerts)} alerts" if c.alerts else "",
                            "yellow" if c.alerts else "",
                        ),
                    ],
                )
            )
        fill(
            self.query_one("#cases", DataTable),
            ["ID", "Young person", "Next meeting", "Open", "Overdue", "Alerts"],
            rows,
        )
        order = {"overdue": 0, "due": 1, "info": 2}
        alerts.sort(key=lambda a: (order.get(a[1], 3), a[0]))
        total = len(alerts)
        # The most urgent first, and a screenful is what a person reads: the case screen has each case's in full.
        alerts = alerts[:HOME_ALERTS]
        fill(
            self.query_one("#alerts", DataTable),
            ["Case", "", "Alert"],
            [
                (
                    f"{n}",
                    [
                        cid,
                        lit("⚠" if sev == "overdue" else "•", "bold red" if sev == "overdue" else "yellow"),
                        lit(msg, limit=110),
                    ],
                )
                for n, (cid, sev, msg) in enumerate(alerts)
            ],
        )
        self.query_one("#alerts-title", Static).update(
            f"Alerts ({total})"
            if total <= HOME_ALERTS
            else f"Alerts: the {HOME_ALERTS} most urgent of {total} (each case screen lists its own)"
        )
        empty = self.query_one("#home-empty", Static)
        empty.display = not entries
        self.query_one("#home-body").display = bool(entries)
        empty.update(
            Text.assemble(
                ("No cases yet", "bold"),
                f" in {clean(self.ws.repo.where())}.\n\n",
                ("d", "bold reverse"),
                "  load the fictional demo case (a 16-year-old after an emergency move)\n",
                ("n", "bold reverse"),
                "  start a new case\n\n",
                "Or import a case file from the command line: meetingtui import FILE",
            )
        )
        self.refresh_bindings()

    def action_load_demo(self) -> None:
        from meetingtui.core.record.demo import demo_case

        try:
            case = demo_case(self.ws.today())
            self.ws.repo.create_case(case)
        except UserError as exc:
            self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
            return
        self.app.say(f"Demo case {case.id} added. Enter opens it.")  # type: ignore[attr-defined]
        self.action_refresh()
        focus_now(self.query_one("#cases", DataTable))

    def action_new_case(self) -> None:
        from meetingtui.core.record.edit import new_case
        from meetingtui.core.record.model import Case
        from meetingtui.ui.dialogs.record_forms import case_form, case_values

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                case = Case(id=values["id"], **case_values(values))
                new_case(self.ws.repo, case)
            except UserError as exc:
                self.app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
                return
            self.action_refresh()
            self._open(case.id)
            if any(len(w.strip(".")) >= 3 for w in case.name.split()):
                self.app.say(  # type: ignore[attr-defined]
                    f"The minutes will name the young person “{case.name}”. Most councils use initials or an agreed "
                    "name (c on the Record tab changes it).",
                    severity="warning",
                    timeout=10,
                )

        self.app.push_screen(case_form(None, self.ws.today(), new=True), done)

    @on(DataTable.RowSelected, "#cases")
    def _case_chosen(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    @on(DataTable.RowSelected, "#alerts")
    def _alert_chosen(self, event: DataTable.RowSelected) -> None:
        table = self.query_one("#alerts", DataTable)
        self._open(str(table.get_row(event.row_key)[0]))

    def _open(self, case_id: str) -> None:
        from meetingtui.ui.screens.case import CaseScreen

        try:
            self.ws.repo.load_case(case_id)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=15)  # type: ignore[attr-defined]
            return
        self.app.push_screen(CaseScreen(case_id))

    def action_tracker(self) -> None:
        from meetingtui.ui.screens.tracker import TrackerScreen

        self.app.push_screen(TrackerScreen())

    def action_search(self) -> None:
        from meetingtui.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())
