"""The catalogue of national and local interventions, searchable from the "alternatives" item, so the meeting
can look beyond the services at hand. Each entry shows whether this young person has had it and how it went;
Enter proposes one as a decision (which asks for a reason if it was already judged not effective)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from meetingtui.core.record.model import Case, Item, Meeting
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, lit
from meetingtui.ui.widgets.record_tables import OUTCOME_STYLE, fill
from meetingtui.ui.widgets.table import Table

# Words that find something in the national list shipped with the app, so the hint never leads nowhere
# (tests/test_bursts.py checks each one).
HINT_WORDS = ("therapy", "family", "foster", "exploitation")


class CatalogueDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "close", "Close", id="catalogue.close")]

    def __init__(self, case: Case, meeting: Meeting, item: Item, *, writable: bool) -> None:
        super().__init__()
        self.case, self.meeting, self.item = case, meeting, item
        self.writable = writable
        self.entries: list = []
        self.shown: list = []

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("Interventions and alternatives: national and local", classes="dialog-title")
            yield Input(placeholder=f"search (e.g. {', '.join(HINT_WORDS)})", id="cat-q")
            yield Table(id="cat", cursor_type="row", zebra_stripes=True)
            yield Static(id="cat-detail", markup=False)
            yield Static(
                f"Enter proposes the highlighted option as a decision under “{clean(self.item.title)}” · "
                "Esc closes",
                classes="dialog-note",
                markup=False,
            )

    def on_mount(self) -> None:
        from meetingtui.core.config.catalogue import load_catalogue

        cat = load_catalogue(self.ws)
        for w in cat.warnings:
            self.app.say(w, severity="warning", timeout=10)  # type: ignore[attr-defined]
        self.entries = list(cat.entries)
        self._show(self.entries)
        focus_now(self.query_one("#cat-q", Input))

    def _show(self, entries: list) -> None:
        from meetingtui.core.config.catalogue import tried

        self.shown = entries
        rows = []
        for n, e in enumerate(entries):
            had = tried(self.case, e)
            outcome = (
                lit(f"TRIED: {had.outcome}", OUTCOME_STYLE.get(had.outcome, ""))
                if had
                else lit("not tried", "dim")
            )
            rows.append((str(n), [lit(e.name, limit=40), e.category, outcome, lit(e.description, limit=70)]))
        fill(
            self.query_one("#cat", DataTable),
            ["Option", "National/local", "For this young person", "What it is"],
            rows,
        )
        self._detail()

    @on(Input.Changed, "#cat-q")
    def _search(self, event: Input.Changed) -> None:
        from meetingtui.core.config.catalogue import search

        q = event.value.strip()
        self._show(search(self.entries, q) if q else self.entries)

    @on(Input.Submitted, "#cat-q")
    def _to_table(self) -> None:
        focus_now(self.query_one("#cat", DataTable))

    @on(DataTable.RowHighlighted, "#cat")
    def _detail(self) -> None:
        from meetingtui.core.config.catalogue import tried

        table = self.query_one("#cat", DataTable)
        detail = self.query_one("#cat-detail", Static)
        if not table.row_count:
            from meetingtui.core.config.catalogue import local_path

            detail.update(
                "No match. Think wider: what would help that no service here offers? The council's own "
                f"services can be added to {local_path(self.ws)} (an example ships with the app; "
                "meetingtui catalogue --check checks it)."
            )
            return
        e = self.shown[table.cursor_row]
        t = Text()
        t.append(clean(e.name) + "\n", style="bold")
        for label, value in (
            ("What", e.description),
            ("Who", e.provider),
            ("Duration", e.duration),
            ("Ages", e.ages),
            ("Evidence", e.evidence),
        ):
            if value:
                t.append(f"{label}: ", style="bold")
                t.append(clean(value) + "\n")
        had = tried(self.case, e)
        if had:
            t.append(f"This young person: {had.outcome}", style="bold " + OUTCOME_STYLE.get(had.outcome, ""))
            if had.evidence:
                t.append(" – " + clean(had.evidence))
        detail.update(t)

    @on(DataTable.RowSelected, "#cat")
    def _propose(self, event: DataTable.RowSelected) -> None:
        from meetingtui.core.errors import UserError
        from meetingtui.core.meeting import contents
        from meetingtui.core.record.model import Decision
        from meetingtui.ui.dialogs.records import decision_form

        if not self.writable:
            self.app.say("Read-only: this meeting cannot be changed here.")  # type: ignore[attr-defined]
            return
        e = self.shown[int(str(event.row_key.value))]

        def done(values: dict | None) -> None:
            if not values:
                return
            try:
                contents.add_decision(
                    self.ws.repo,
                    self.case.id,
                    self.meeting.id,
                    self.item.key,
                    Decision(text=values["text"], reason=values["reason"], dissent=values["dissent"]),
                )
            except UserError as exc:
                self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
                return
            self.app.say(f"Decision recorded: {values['text']}")  # type: ignore[attr-defined]
            self.dismiss(True)

        self.app.push_screen(
            decision_form(
                self.case, self.item, self.ws.today(), text=f"Pursue {e.name}", entries=self.entries
            ),
            done,
        )

    def action_close(self) -> None:
        self.dismiss(False)
