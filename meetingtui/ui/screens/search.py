"""Find where something was discussed, across every case. Enter opens the place.

Restricted text is left out unless the user asks for it (r): this screen may be on a shared display, and the
results say when restricted matches are included. The best matches come first, a page at a time (m for
more)."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from meetingtui.core.errors import UserError
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, lit
from meetingtui.ui.widgets.record_tables import fill

PAGE = 100


class SearchScreen(Screen[None]):
    """The search runs in a thread worker: the screen never waits for it, shows the best page as soon as the
    index answers, and Esc leaves at once (the worker is told to stop and its results are dropped)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+r", "toggle_restricted", "Include restricted", id="search.restricted", priority=True),
        Binding("m", "more", "More matches", id="search.more"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_restricted = False
        self.hits: list = []
        self.total = 0
        self.newest = 0  # a common word: the newest places were ranked first (see core.search.query.NEWEST)
        self._cancel: threading.Event | None = None
        self._query = ""

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
        focus_now(self.query_one("#q", Input))
        self._state()

    def _state(self, n: int | None = None, *, busy: str = "") -> None:
        t = Text()
        if busy:
            t.append(busy + " ")
        elif n is not None:
            t.append(f"{n} match{'es' if n != 1 else ''}. ")
            if n > len(self.hits):
                among = f" of the newest {self.newest:,}" if self.newest else ""
                t.append(f"Showing the best {len(self.hits)}{among} (m for more). ")
        t.append(
            "Restricted items and peer map INCLUDED (ctrl+r to hide)"
            if self.include_restricted
            else "Restricted items and peer map hidden (ctrl+r to include)",
            style="bold red" if self.include_restricted else "dim",
        )
        self.query_one("#search-state", Static).update(t)

    @on(Input.Submitted, "#q")
    def run_search(self) -> None:
        text = self.query_one("#q", Input).value.strip()
        if not text:
            return
        self._start(text, offset=0)

    def _start(self, text: str, *, offset: int) -> None:
        self._stop()
        self._query = text
        self._cancel = cancel = threading.Event()
        if offset == 0:
            self.hits = []
            fill(self.query_one("#hits", DataTable), ["Case", "Where", "Field", "Text"], [])
        self._state(busy="Searching…")
        self._search(text, self.include_restricted, offset, cancel)

    def _stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
            self.ws.repo.interrupt_search()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, include_restricted: bool, offset: int, cancel: threading.Event) -> None:
        from meetingtui.core.search.index import Cancelled

        def progress(done: int, total: int) -> None:
            if not cancel.is_set():
                self.app.call_from_thread(self._progress, done, total, cancel)

        try:
            result = self.ws.repo.search(
                text,
                include_restricted=include_restricted,
                limit=PAGE,
                offset=offset,
                cancel=cancel,
                progress=progress,
            )
        except Cancelled:
            return
        except UserError as exc:
            if not cancel.is_set():
                self.app.call_from_thread(self._failed, str(exc), cancel)
            return
        if not cancel.is_set():
            self.app.call_from_thread(self._show, result, cancel)

    def _progress(self, done: int, total: int, cancel: threading.Event) -> None:
        if cancel is self._cancel and self.is_attached:
            self._state(busy=f"Bringing the search index up to date: {done} of {total} changed cases…")

    def _failed(self, message: str, cancel: threading.Event) -> None:
        if cancel is self._cancel and self.is_attached:
            self._cancel = None
            self.query_one("#search-state", Static).update(clean(message))

    def _show(self, result, cancel: threading.Event) -> None:  # type: ignore[no-untyped-def]
        if cancel is not self._cancel or not self.is_attached:
            return  # a newer search, or the screen was left
        self._cancel = None
        if result.note:
            self.notify(result.note, severity="warning")
        table = self.query_one("#hits", DataTable)
        first = len(self.hits)
        for n, h in enumerate(result.hits, start=first):
            where = " › ".join(x for x in (h.meeting_title, h.item_title) if x) or "case record"
            table.add_row(
                lit(h.case_id, limit=80),
                lit(where, limit=50),
                lit(h.field, limit=80),
                lit(
                    ("[RESTRICTED] " if h.restricted else "") + h.snippet,
                    "bold red" if h.restricted else "",
                    limit=90,
                ),
                key=str(n),
            )
        self.hits.extend(result.hits)
        self.total = result.total
        self.newest = result.newest
        self._state(result.total)
        if result.hits and first == 0:
            focus_now(table)

    def action_more(self) -> None:
        if self._query and self._cancel is None and self.total > len(self.hits):
            self._start(self._query, offset=len(self.hits))

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
        self._stop()
        self.app.pop_screen()
