"""The live meeting: agenda on the left, the current item in the centre, people and actions on the right, the
capture line at the bottom.

Notes autosave as typed (every 0.4 s while anything is unsaved), so a crash or a closed terminal loses at most
the last moment of typing. If the disk refuses a write, the text stays on screen and in memory, the bar says
UNSAVED, and saving is retried until it works.

A second instance opening a meeting that another is running gets it read-only and follows the other's changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from meetingtui.core import clock
from meetingtui.core.errors import Busy, StorageUnavailable, UserError
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.record.model import Case, Item, Meeting
from meetingtui.ui.safe import clean, editable, one_line
from meetingtui.ui.screens.meeting_commands import MeetingCommands
from meetingtui.ui.widgets.agenda import AgendaList
from meetingtui.ui.widgets.capture import CaptureLine
from meetingtui.ui.widgets.item_panel import ItemPanel

AUTOSAVE_SECONDS = 0.4
FOLLOW_SECONDS = 0.5


def fmt_clock(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    s = abs(seconds)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{sign}{h}:{m:02d}:{sec:02d}" if h else f"{sign}{m:02d}:{sec:02d}"


class MeetingScreen(MeetingCommands, Screen[None]):
    BINDINGS = [
        Binding(
            "ctrl+down", "next_item", "Next", id="meeting.next", tooltip="Next agenda item", priority=True
        ),
        Binding(
            "ctrl+up", "prev_item", "Prev", id="meeting.prev", tooltip="Previous agenda item", priority=True
        ),
        Binding(
            "ctrl+l",
            "capture",
            "Capture",
            id="meeting.capture",
            tooltip="Capture line: a: action, d: decision, n: note, present+ …",
            priority=True,
        ),
        Binding(
            "ctrl+t",
            "new_action",
            "Action",
            id="meeting.action",
            tooltip="Add an action (owner, due date, what)",
            priority=True,
        ),
        Binding(
            "ctrl+o",
            "new_decision",
            "Decision",
            id="meeting.decision",
            tooltip="Record a decision with reason and dissent",
            priority=True,
        ),
        Binding(
            "ctrl+g",
            "attendance",
            "People",
            id="meeting.attendance",
            tooltip="Attendance: present, apologies, absent, late, left",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "room_view",
            "Share",
            id="meeting.room",
            tooltip="Shared-screen view for the room",
            priority=True,
        ),
        Binding("s", "start", "Start", id="meeting.start", tooltip="Start the meeting"),
        Binding("e", "end", "End", id="meeting.end", tooltip="End the meeting (minutes become a draft)"),
        Binding(
            "x",
            "toggle_restricted",
            "Restrict",
            id="meeting.restrict",
            tooltip="Restrict this item (not in family minutes or on the shared screen)",
        ),
        Binding("u", "undo", "Undo", id="meeting.undo", show=False, tooltip="Undo the last capture"),
        Binding(
            "i", "edit_notes", "Notes", id="meeting.notes", show=False, tooltip="Type notes for this item"
        ),
        Binding(
            "k",
            "edit_sos",
            "Scale",
            id="meeting.sos",
            show=False,
            tooltip="Signs of Safety columns, scale and next meeting date",
        ),
        Binding(
            "c",
            "catalogue",
            "Catalogue",
            id="meeting.catalogue",
            show=False,
            tooltip="Browse the catalogue of national and local interventions",
        ),
        Binding(
            "w",
            "write_minutes",
            "Minutes",
            id="meeting.minutes",
            show=False,
            tooltip="Write the Word minutes",
        ),
        Binding("a", "approve", "Approve", id="meeting.approve", tooltip="Approve the minutes (locks them)"),
        Binding("o", "reopen", "Reopen", id="meeting.reopen", tooltip="Reopen approved minutes (recorded)"),
        Binding("escape", "leave_editor", "Leave editor", id="meeting.escape", show=False),
        Binding("q", "close", "Back", id="meeting.back", tooltip="Back to the case"),
    ]

    def __init__(
        self, case_id: str, meeting_id: str, *, follow: bool = False, item_key: str | None = None
    ) -> None:
        super().__init__()
        self.case_id = case_id
        self.meeting_id = meeting_id
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.viewing: str | None = item_key  # the item shown (the chair's current one, or one being browsed)
        self.lease = None
        self.follow = follow  # read-only, tracking another instance
        self._pending_notes: dict[str, str] = {}
        self._loaded_notes: tuple[str, str] | None = None
        self._refused: dict[str, str] = {}  # notes the rules refused, kept on screen until changed
        self._loading_notes = False
        self._unsaved_since: float | None = None
        self._save_error_shown = False
        self._leave_unsaved: str | None = None  # the key pressed once to leave with notes unsaved
        self._undo: list[tuple[object, ...]] = []

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(id="meeting-bar", markup=False)
        with Horizontal(id="meeting-body"):
            with Vertical(id="agenda-pane"):
                yield Static("Agenda", classes="pane-title")
                yield AgendaList(id="agenda")
            with VerticalScroll(id="item-pane"):
                yield Static(id="item-title", markup=False)
                yield Static(id="item-prompts", markup=False)
                yield Static("Notes (autosaved as you type; Esc leaves the editor)", classes="pane-title")
                yield TextArea(id="notes", soft_wrap=True, tab_behavior="focus")
                yield Static(id="decisions", markup=False)
                yield ItemPanel(id="item-panel")
            with Vertical(id="side-pane"):
                yield Static("People", classes="pane-title")
                yield Static(id="people", markup=False)
                yield Static("Actions agreed in this meeting", classes="pane-title")
                with VerticalScroll(id="meeting-actions-scroll"):
                    yield Static(id="meeting-actions", markup=False)
        yield CaptureLine(id="capture", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not self.follow:
            try:
                self.lease = self.ws.repo.claim_session(self.case_id, self.meeting_id)
            except StorageUnavailable as exc:  # a read-only or full disk: show the meeting, change nothing
                self.follow = True
                self.app.say(  # type: ignore[attr-defined]
                    f"Cannot save in this data folder ({exc.reason}): the meeting is opened read-only.",
                    severity="error",
                    timeout=15,
                )
            if self.lease is None and not self.follow:
                self.follow = True
                self.app.say(  # type: ignore[attr-defined]
                    "Another meetingtui is running this meeting: opened read-only, following its changes.",
                    severity="warning",
                    timeout=8,
                )
        self.reload()
        assert self.meeting is not None
        self.lock_editing()
        if self.follow:
            self.set_interval(FOLLOW_SECONDS, self._follow_tick)
        else:
            self.set_interval(AUTOSAVE_SECONDS, self.flush_notes)
        self.set_interval(1.0, self._tick)
        # Scroll containers need not take focus: Tab goes agenda → notes → the item's table → capture line.
        for pane in self.query("#item-pane, #meeting-actions-scroll"):
            pane.can_focus = False
        self.query_one("#agenda", AgendaList).focus()

    def on_resize(self) -> None:
        """At 80 columns the side pane would squeeze the notes: hide it; the bar then counts people and actions."""
        self.set_class(self.size.width < 100, "-narrow")
        self._tick()

    def on_unmount(self) -> None:
        self.flush_notes()
        if self.lease is not None:
            self.lease.release()
            self.lease = None

    # ------------------------------------------------------------------------------------------- state
    def reload(self) -> None:
        """Re-read the case and redraw everything except the notes being typed."""
        case = self.ws.repo.load_case(self.case_id)
        meeting = case.meeting(self.meeting_id)
        if meeting is None:
            raise UserError(f"case {self.case_id}: no meeting {self.meeting_id}")
        self.case, self.meeting = case, meeting
        if self.viewing is None or self.follow or meeting.item(self.viewing) is None:
            self.viewing = meeting.current_item or (meeting.items[0].key if meeting.items else None)
        self.query_one("#agenda", AgendaList).show(meeting, current=meeting.current_item or self.viewing)
        self._show_item()
        self._show_people()
        self._show_actions()
        self._tick()
        self.refresh_bindings()

    def current(self) -> Item | None:
        return self.meeting.item(self.viewing) if self.meeting and self.viewing else None

    def _show_item(self) -> None:
        item = self.current()
        assert self.meeting is not None
        notes = self.query_one("#notes", TextArea)
        if item is None:
            self.query_one("#item-title", Static).update("This meeting has no agenda items.")
            return
        n = self.meeting.item_index(item.key) + 1
        title = Text(f"{n}. ", style="bold")
        title.append(clean(item.title), style="bold")
        if item.restricted:
            title.append("   RESTRICTED: left out of family minutes and the shared screen", style="bold red")
        self.query_one("#item-title", Static).update(title)
        prompts = Text()
        for p in item.prompts:
            prompts.append("• ", style="dim")
            prompts.append(clean(p) + "\n", style="italic")
        self.query_one("#item-prompts", Static).update(prompts)
        pending = self._pending_notes.get(item.key)
        text = pending if pending is not None else editable(item.notes)
        self._loaded_notes = (item.key, text)
        if notes.text != text:
            self._loading_notes = True
            notes.load_text(text)
            self._loading_notes = False
        decisions = Text()
        if item.decisions:
            decisions.append("Decisions\n", style="bold")
        for k, d in enumerate(item.decisions, start=1):
            decisions.append(f"{k}. ", style="bold")
            decisions.append(clean(d.text))
            if d.reason:
                decisions.append("  because ", style="dim")
                decisions.append(clean(d.reason))
            if d.dissent:
                decisions.append("  dissent: ", style="bold yellow")
                decisions.append(clean(d.dissent))
            decisions.append("\n")
        self.query_one("#decisions", Static).update(decisions)
        self.query_one("#decisions", Static).display = bool(item.decisions)
        assert self.case is not None
        self.query_one("#item-panel", ItemPanel).show(self.case, self.meeting, item)

    def _show_people(self) -> None:
        assert self.meeting is not None
        marks = {
            "present": ("✓", "green"),
            "apologies": ("~", "yellow"),
            "absent": ("✗", "red"),
            "invited": ("?", "dim"),
        }
        t = Text()
        if not self.meeting.attendees:
            t.append("Nobody yet: ctrl+g, or capture 'present+ Name'", style="dim")
        for a in self.meeting.attendees:
            mark, style = marks.get(a.attendance, ("?", ""))
            t.append(f"{mark} ", style=style)
            t.append(one_line(a.name, 40))
            extra = ", ".join(x for x in (a.agency,) if x)
            if extra:
                t.append(f" ({one_line(extra, 30)})", style="dim")
            if a.attendance == "apologies" and a.reason:
                t.append(f" – {one_line(a.reason, 40)}", style="dim")
            if a.arrived:
                t.append(f" in {a.arrived}", style="cyan")
            if a.left:
                t.append(f" out {a.left}", style="cyan")
            t.append("\n")
        self.query_one("#people", Static).update(t)

    def _show_actions(self) -> None:
        assert self.case is not None and self.meeting is not None
        mine = sorted(self.case.actions_of(self.meeting_id), key=lambda a: (a.due, a.id))
        t = Text()
        if not mine:
            t.append("None yet: ctrl+t, or capture 'a: @Name 14d what'", style="dim")
        for a in mine:
            t.append(f"{a.id} ", style="bold")
            t.append(one_line(a.owner, 30))
            t.append(f" · {a.due.strftime('%d %b')}", style="cyan")
            item = self.meeting.item(a.item_key) if a.item_key else None
            if item is not None and item.restricted:
                t.append(" [R]", style="bold red")
            t.append("\n  " + one_line(a.text, 200) + "\n")
        self.query_one("#meeting-actions", Static).update(t)

    def _tick(self) -> None:
        """The bar: where we are, the item's countdown, the meeting's elapsed against planned."""
        m = self.meeting
        if m is None or self.case is None or not self.query("#meeting-bar"):
            return  # nothing to show yet, or the screen is closing
        now = clock.now()
        narrow = self.has_class("-narrow")
        bar = Text()
        bar.append(f" {one_line(m.title, 24 if narrow else 50)} ", style="bold")
        if not narrow:
            bar.append(f"· {one_line(self.case.name, 20)} · {m.date.isoformat()} ")
        bar.append("· ")
        status_style = {"in progress": "bold green", "draft": "yellow", "approved": "cyan"}.get(m.status, "")
        bar.append(m.status.upper(), style=status_style)
        if self.follow:
            bar.append("  READ-ONLY (following)", style="bold magenta")
        item = m.item(m.current_item) if m.current_item else None
        if m.status == "in progress" and item is not None:
            spent = lifecycle.item_seconds(m, item, now)
            box = (item.timebox_minutes or 0) * 60
            left = box - spent
            bar.append(" · item " if narrow else "  ·  item ")
            bar.append(
                fmt_clock(left) + (" left" if left >= 0 else " over"),
                style="bold red" if left < 0 else ("bold yellow" if left < 60 else "bold"),
            )
            total = lifecycle.meeting_seconds(m, now)
            planned = m.planned_minutes() * 60
            if narrow:
                bar.append(f" · {fmt_clock(total)}/{fmt_clock(planned)}")
            else:
                bar.append(f"  ·  meeting {fmt_clock(total)} / {fmt_clock(planned)}")
            if planned and total > planned:
                bar.append(f"  OVER by {fmt_clock(total - planned)}", style="bold white on red")
        if narrow:
            present = sum(1 for a in m.attendees if a.attendance == "present")
            bar.append(f" · {present} in · {len(self.case.actions_of(m.id))} actions")
        if self._pending_notes and (self._unsaved_since is not None or self._refused):
            bar.append("  UNSAVED – retrying", style="bold white on red")
        self.query_one("#meeting-bar", Static).update(bar)

    # ------------------------------------------------------------------------------------------- notes
    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes or self.follow or self.viewing is None or event.text_area.read_only:
            return
        if self._loaded_notes == (self.viewing, event.text_area.text):
            return  # the echo of loading the item's notes (Changed arrives after load_text returns)
        self._pending_notes[self.viewing] = event.text_area.text

    def flush_notes(self) -> None:
        """Save whatever notes are unsaved. Called on a timer, before moving, and when leaving.

        Text the disk refuses (full, read-only), or that cannot be saved yet (another copy holds the case for
        longer than a moment), stays here and is tried again on the next tick; text the rules refuse (a note
        over the size limit) stays on screen, marked NOT SAVED, until it is changed."""
        import time

        if not self._pending_notes or self.follow:
            return
        for key, text in list(self._pending_notes.items()):
            if self._refused.get(key) == text:
                continue
            try:
                contents.save_notes(self.ws.repo, self.case_id, self.meeting_id, key, text)
            except (StorageUnavailable, Busy) as exc:
                if self._unsaved_since is None:
                    self._unsaved_since = time.monotonic()
                if not self._save_error_shown:
                    self._save_error_shown = True
                    reason = exc.reason if isinstance(exc, StorageUnavailable) else str(exc)
                    self.app.say(  # type: ignore[attr-defined]
                        f"Notes NOT saved: {reason}. Keep typing: they are kept here and saved as soon as "
                        "they can be.",
                        severity="error",
                        timeout=15,
                    )
                self._tick()
                return
            except UserError as exc:
                self._refused[key] = text
                self.app.say(f"Notes NOT saved: {exc}", severity="error", timeout=15)  # type: ignore[attr-defined]
                self._tick()
                continue
            self._refused.pop(key, None)
            if self._pending_notes.get(key) == text:
                del self._pending_notes[key]
        if self._unsaved_since is not None and not self._refused:
            self._unsaved_since = None
            self._save_error_shown = False
            self._leave_unsaved = None
            self.app.say("Notes saved again.")  # type: ignore[attr-defined]
            self._tick()

    # ---------------------------------------------------------------------------------------- following
    def _follow_tick(self) -> None:
        if self.ws.repo.changed_on_disk(self.case_id):
            self.reload()

    # -------------------------------------------------------------------------------------- navigation
    def _go(self, key: str) -> None:
        self.flush_notes()
        assert self.meeting is not None
        self.viewing = key
        if not self.follow and self.meeting.status == "in progress":
            self._run(lifecycle.go_to_item, key)
        else:
            self.query_one("#agenda", AgendaList).show(self.meeting, current=self.meeting.current_item or key)
            self._show_item()

    @on(AgendaList.ItemChosen)
    def _item_chosen(self, event: AgendaList.ItemChosen) -> None:
        if event.key != self.viewing:
            self._go(event.key)

    def _step(self, step: int) -> None:
        if self.meeting is None or not self.meeting.items:
            return
        idx = max(0, min(len(self.meeting.items) - 1, self.meeting.item_index(self.viewing) + step))
        self._go(self.meeting.items[idx].key)

    def action_next_item(self) -> None:
        self._step(1)

    def action_prev_item(self) -> None:
        self._step(-1)

    # ------------------------------------------------------------------------------------- event handlers
    # (the keys' actions are in meeting_commands.MeetingCommands)
    @on(CaptureLine.Left)
    def _capture_left(self) -> None:
        self.query_one("#agenda", AgendaList).focus()

    @on(CaptureLine.Captured)
    def _captured(self, event: CaptureLine.Captured) -> None:
        self.capture_line(event.line)

    @on(ItemPanel.Changed)
    def _panel_changed(self) -> None:
        self.reload()
