"""Find where something was discussed, across every case. Enter opens the place.

Restricted text is left out unless the user asks for it (r): this screen may be on a shared display, and the
results say when restricted matches are included."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from meetingtui.core.errors import UserError
from meetingtui.ui.safe import clean, lit
from meetingtui.ui.widgets.record_tables import fill


class SearchScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+r", "toggle_restricted", "Include restricted", id="search.restricted", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_restricted = False
        self.hits: list = []

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static("Search notes, decisions, actions and case records of every case", classes="pane-title")
        yield Input(placeholder="words to find (accents and case ignored), Enter to search", id="q")
        yield Static(id="search-state", markup=False)
        yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#q", Input).focus()
        self._state()

    def _state(self, n: int | None = None) -> None:
        t = Text()
        if n is not None:
            t.append(f"{n} match{'es' if n != 1 else ''}. ")
        t.append(
            "Restricted items INCLUDED (ctrl+r to hide)"
            if self.include_restricted
            else "Restricted items hidden (ctrl+r to include)",
            style="bold red" if self.include_restricted else "dim",
        )
        self.query_one("#search-state", Static).update(t)

    @on(Input.Submitted, "#q")
    def run_search(self) -> None:
        from meetingtui.core.search.scan import search

        text = self.query_one("#q", Input).value.strip()
        if not text:
            return
        try:
            self.hits = search(self.ws.repo, text, include_restricted=self.include_restricted)
        except UserError as exc:
            self.query_one("#search-state", Static).update(clean(str(exc)))
            return
        rows = []
        for n, h in enumerate(self.hits):
            where = " › ".join(x for x in (h.meeting_title, h.item_title) if x) or "case record"
            rows.append(
                (
                    str(n),
                    [
                        h.case_id,
                        lit(where, limit=50),
                        h.field,
                        lit(
                            ("[RESTRICTED] " if h.restricted else "") + h.snippet,
                            "bold red" if h.restricted else "",
                            limit=90,
                        ),
                    ],
                )
            )
        fill(self.query_one("#hits", DataTable), ["Case", "Where", "Field", "Text"], rows)
        self._state(len(self.hits))
        if rows:
            self.query_one("#hits", DataTable).focus()

    def action_toggle_restricted(self) -> None:
        self.include_restricted = not self.include_restricted
        self._state()
        self.run_search()

    @on(DataTable.RowSelected, "#hits")
    def _open(self, event: DataTable.RowSelected) -> None:
        from meetingtui.ui.screens.case import CaseScreen
        from meetingtui.ui.screens.meeting import MeetingScreen

        hit = self.hits[int(str(event.row_key.value))]
        self.app.push_screen(CaseScreen(hit.case_id))
        if hit.meeting_id:
            self.app.push_screen(MeetingScreen(hit.case_id, hit.meeting_id, item_key=hit.item_key))

    def action_back(self) -> None:
        self.app.pop_screen()
