"""A case: its meetings, its actions, its record (placements, the young person's voice, interventions, peers,
forums) and its alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from meetingtui.core.errors import UserError
from meetingtui.core.record.model import Case
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, lit, one_line
from meetingtui.ui.widgets import record_tables as rt
from meetingtui.ui.widgets.record_panel import RecordPanel
from meetingtui.ui.widgets.table import Table

BARS = " ▁▂▃▄▅▆▇█"
FOLLOW_SECONDS = 1.0


def sos_trend(case: Case) -> Text:
    """The Signs of Safety scale meeting by meeting, drawn on a fixed 0–10 scale so the trend reads truly."""
    scored = [(m.date, m.scale) for m in case.meetings_by_date() if m.scale is not None]
    t = Text()
    if not scored:
        t.append("No meeting has scored the scale yet.", style="dim")
        return t
    for d, value in scored:
        t.append(BARS[round(value / 10 * 8)] * 2, style="bold cyan")
        t.append(f" {value}/10 on {d.strftime('%d %b %Y')}   ")
    return t


class CaseScreen(Screen[None]):
    BINDINGS = [
        Binding("m", "schedule", "Schedule meeting", id="case.schedule"),
        Binding("w", "write_minutes", "Write minutes", id="case.minutes"),
        Binding("u", "update_action", "Update action", id="case.update_action"),
        Binding("r", "refresh", "Refresh", id="case.refresh", show=False),
        Binding("q,escape", "back", "Back", id="case.back"),
    ]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(id="case-title", markup=False)
        yield Static(id="case-alerts", markup=False)
        with TabbedContent(id="case-tabs"):
            with TabPane("Meetings", id="tab-meetings"):
                yield Table(id="case-meetings", cursor_type="row", zebra_stripes=True)
                with Vertical(id="sos-trend"):
                    yield Static(
                        "Signs of Safety scale across meetings (0 = nothing keeps them safe, 10 = safe "
                        "enough to close)",
                        classes="pane-title",
                    )
                    yield Static(id="sos-values", markup=False)
            with TabPane("Actions", id="tab-actions"):
                yield Table(id="case-actions", cursor_type="row", zebra_stripes=True)
            with TabPane("Record", id="tab-record"):
                yield RecordPanel(self.case_id, id="record")
            # Below each list, the highlighted row in full: a line longer than the terminal is cut in the table
            # (found from outside: at 120 columns the clocks showed only their names and sources).
            with TabPane("Alerts", id="tab-alerts"):
                yield Table(id="case-alert-list", cursor_type="row", zebra_stripes=True)
                yield Static(id="case-alert-detail", classes="row-detail", markup=False)
            with TabPane("Clocks", id="tab-clocks"):
                yield Table(id="case-clocks", cursor_type="row", zebra_stripes=True)
                yield Static(id="case-clock-detail", classes="row-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        focus_now(self.query_one("#case-meetings", DataTable))
        # Another copy of the app (or the command line) may save this case: a stat a second notices it.
        self.set_interval(FOLLOW_SECONDS, self._follow)
        why = self.ws.repo.read_only_reason(self.case_id)
        if why:  # the owner made it so (a 0400 file, a 0500 cases/ folder): say it now, not at the first save
            self.app.say(  # type: ignore[attr-defined]
                f"Case {self.case_id} is opened read-only: {why}. Changes will be refused.",
                severity="warning",
                timeout=15,
            )

    def _follow(self) -> None:
        """Show what another copy saved, while this screen is the one in front (a form re-reads on opening)."""
        if self.case is None or self.app.screen is not self:
            return
        try:
            changed = self.ws.repo.changed_on_disk(self.case_id)
        except UserError:
            return
        if changed:
            self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        try:
            self.case = self.ws.repo.load_case(self.case_id)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=15)  # type: ignore[attr-defined]
            self.app.pop_screen()
            return
        case = self.case
        today = self.ws.today()
        self.query_one("#case-title", Static).update(Text(clean(rt.case_title(case)), style="bold"))
        self._show_alerts(case)
        rows = []
        for m in sorted(case.meetings, key=lambda m: (m.date, m.start or ""), reverse=True):
            status = m.status + (f" v{m.minutes_version}" if m.status == "approved" else "")
            rows.append((m.id, [m.date.isoformat(), m.start or "", lit(m.title, limit=60), status, m.id]))
        rt.fill(
            self.query_one("#case-meetings", DataTable), ["Date", "Time", "Meeting", "Status", "ID"], rows
        )
        owed = [a for a in case.actions if a.is_open]
        closed = [a for a in case.actions if not a.is_open]
        cols, arows = rt.actions_rows(owed, today, case=case)
        _, crows = rt.actions_rows(closed, today, case=case)
        rt.fill(self.query_one("#case-actions", DataTable), cols, arows + crows)
        self.query_one("#sos-values", Static).update(sos_trend(case))
        self.query_one("#record", RecordPanel).show(case)
        self._show_clocks(case, today)

    def _show_clocks(self, case: Case, today: date) -> None:
        """Every clock running for the case now, with the rule it comes from (the law or a local standard)."""
        from meetingtui.core.rules.clocks import current_clocks

        style = {"overdue": "bold red", "due": "yellow", "late": "magenta", "met": "green"}
        rows = []
        self._clock_lines = []
        for n, k in enumerate(current_clocks(case, self.ws.settings, today)):
            state = k.status(today)
            words = f"late ({k.lateness().removesuffix(' late')})" if state == "late" else state
            done = k.done.isoformat() if k.done else ""
            # What to act on first (status, due, done), the clock's name, and its rule last: the name and the
            # rule are long, and the row in full is below the table.
            rows.append(
                (
                    str(n),
                    [
                        lit(words, style[state]),
                        k.due.isoformat(),
                        done,
                        lit(k.what, limit=90),
                        k.source.short,
                    ],
                )
            )
            met = f", done {done}" if done else ", not done yet"
            self._clock_lines.append(
                f"{k.what}: due {k.due.isoformat()}{met} ({words}). Source: {k.source.full}"
            )
        rt.fill(self.query_one("#case-clocks", DataTable), ["Status", "Due", "Done", "Clock", "Source"], rows)
        self._show_row_detail("#case-clocks", "#case-clock-detail", self._clock_lines)

    _clock_lines: list[str] = []
    _alert_lines: list[str] = []

    @on(DataTable.RowHighlighted, "#case-clocks")
    def _clock_highlighted(self) -> None:
        self._show_row_detail("#case-clocks", "#case-clock-detail", self._clock_lines)

    @on(DataTable.RowHighlighted, "#case-alert-list")
    def _alert_highlighted(self) -> None:
        self._show_row_detail("#case-alert-list", "#case-alert-detail", self._alert_lines)

    def _show_row_detail(self, table_id: str, detail_id: str, lines: list[str]) -> None:
        row = self.query_one(table_id, DataTable).cursor_row
        self.query_one(detail_id, Static).update(clean(lines[row]) if 0 <= row < len(lines) else "")

    def _show_alerts(self, case: Case) -> None:
        """The case's alerts, one line each; on a small terminal only the first few, so the tables keep room."""
        from meetingtui.core.rules.alerts import case_alerts

        alerts = case_alerts(case, self.ws.settings, self.ws.today())
        shown = 3 if self.app.size.height < 30 else 8
        width = max(20, self.app.size.width - 4)
        t = Text()
        for a in alerts[:shown]:
            t.append(
                "⚠ " if a.severity == "overdue" else "• ",
                style="bold red" if a.severity == "overdue" else "yellow",
            )
            t.append(one_line(a.message, width) + "\n")
        if len(alerts) > shown:
            t.append(f"… and {len(alerts) - shown} more (Alerts tab)\n", style="dim")
        t.rstrip()
        widget = self.query_one("#case-alerts", Static)
        widget.update(t)
        widget.display = bool(alerts)
        rt.fill(
            self.query_one("#case-alert-list", DataTable),
            ["", "Alert"],
            [
                (
                    str(n),
                    [
                        lit(
                            "⚠" if a.severity == "overdue" else "•",
                            "bold red" if a.severity == "overdue" else "yellow",
                        ),
                        lit(a.labelled, limit=240),
                    ],
                )
                for n, a in enumerate(alerts)
            ],
        )
        self._alert_lines = [a.message + (f" Source: {a.source}" if a.source else "") for a in alerts]
        self._show_row_detail("#case-alert-list", "#case-alert-detail", self._alert_lines)

    # ------------------------------------------------------------------------------------------- keys
    def _meeting_cursor(self) -> str | None:
        table = self.query_one("#case-meetings", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected, "#case-meetings")
    def _open_meeting(self, event: DataTable.RowSelected) -> None:
        from meetingtui.ui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(self.case_id, str(event.row_key.value)))

    @on(DataTable.RowSelected, "#case-actions")
    def _action_selected(self, event: DataTable.RowSelected) -> None:
        self.update_action(str(event.row_key.value))

    def action_update_action(self) -> None:
        table = self.query_one("#case-actions", DataTable)
        if table.row_count:
            self.update_action(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def update_action(self, action_id: str) -> None:
        from meetingtui.ui.dialogs.status import update_action_status

        update_action_status(self, self.case_id, action_id, self.action_refresh)

    def action_schedule(self) -> None:
        from meetingtui.ui.dialogs.schedule import schedule_dialog

        assert self.case is not None
        offered = schedule_dialog(self.app, self.case)  # type: ignore[arg-type]
        if offered is None:
            return
        dialog, templates = offered

        def done(values: dict[str, Any] | None) -> None:
            from meetingtui.core.meeting.lifecycle import schedule_meeting
            from meetingtui.ui.dialogs.schedule import plan_from

            if not values:
                return
            try:
                m = schedule_meeting(
                    self.ws.repo,
                    self.case_id,
                    plan_from(templates, values),
                    by=self.ws.settings.user,
                )
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self.action_refresh()
            table = self.query_one("#case-meetings", DataTable)
            table.move_cursor(row=table.get_row_index(m.id))
            focus_now(table)
            self.app.say(f"Scheduled {m.title} on {m.date.isoformat()} ({m.id}). Enter opens it.")  # type: ignore[attr-defined]

        self.app.push_screen(dialog, done)

    @work(exclusive=True, group="minutes")
    async def action_write_minutes(self) -> None:
        from meetingtui.ui.minutes_job import export_minutes

        meeting_id = self._meeting_cursor()
        if meeting_id is None:
            self.app.say("No meeting to write minutes for.")  # type: ignore[attr-defined]
            return
        await export_minutes(self, self.case_id, meeting_id)

    def action_back(self) -> None:
        self.app.pop_screen()
