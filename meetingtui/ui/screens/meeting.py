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
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from meetingtui.core import clock
from meetingtui.core.errors import ReadOnlyCase, SharedReadOnly, StorageUnavailable, UserError
from meetingtui.core.meeting import lifecycle
from meetingtui.core.record.model import Case, Item, Meeting
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean, editable
from meetingtui.ui.screens import meeting_view as view
from meetingtui.ui.screens.meeting_approval import MeetingApproval
from meetingtui.ui.screens.meeting_claim import AUTOSAVE_SECONDS, FOLLOW_SECONDS, MeetingClaim
from meetingtui.ui.screens.meeting_commands import MeetingCommands
from meetingtui.ui.screens.meeting_extras import MeetingExtras
from meetingtui.ui.screens.meeting_keys import MEETING_BINDINGS
from meetingtui.ui.screens.meeting_notes import MeetingNotes
from meetingtui.ui.widgets.agenda import AgendaList
from meetingtui.ui.widgets.capture import CaptureBar, CaptureLine
from meetingtui.ui.widgets.item_panel import KIND_TITLES, ItemPanel

# At 80 columns the footer cannot hold every key: these come first so start, end, back and help stay visible.
FOOTER_FIRST_WHEN_NARROW = ("start", "end", "approve", "reopen", "close", "toggle_keys", "toggle_side")


class MeetingScreen(
    MeetingNotes, MeetingClaim, MeetingExtras, MeetingCommands, MeetingApproval, Screen[None]
):
    BINDINGS = MEETING_BINDINGS

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
        self.read_only_why = "following"  # after READ-ONLY in the bar: another copy, or a refusing disk
        self._pending_notes: dict[str, str] = {}
        self._loaded_notes: tuple[str, str] | None = None
        # Each item's notes as stored when this screen last read or saved them: a save from another base means
        # the case was replaced under the meeting (see contents.save_notes), and the person is asked.
        self._base_notes: dict[str, str] = {}
        self._asking_replaced: str | None = None
        self._refused: dict[str, str] = {}  # notes the rules refused, kept on screen until changed
        self._loading_notes = False
        self._unsaved_since: float | None = None
        self._save_error_shown = False
        self._leave_unsaved: str | None = None  # the key pressed once to leave with notes unsaved
        self._undo: list[tuple[object, ...]] = []
        self._timer = None  # autosaving, or following another app
        self._shown_summary: object = None

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        # The width classes before the first styling: set only on resize, every open styled and laid out the
        # whole screen twice (the resize that follows mounting then changes nothing).
        self._set_width_classes(self.app.size.width)
        yield Static(id="meeting-bar", markup=False)
        with Horizontal(id="meeting-body"):
            with Vertical(id="agenda-pane"):
                yield Static("Agenda", classes="pane-title")
                yield AgendaList(id="agenda")
            with VerticalScroll(id="item-pane"):
                yield Static(id="item-title", markup=False)
                yield Static(id="alerts-line", markup=False)
                yield Static(id="item-prompts", markup=False)
                yield Static("Notes (autosaved as you type; Esc leaves the editor)", classes="pane-title")
                yield TextArea(id="notes", soft_wrap=True, tab_behavior="focus")
                yield Static(id="decisions", markup=False)
                yield ItemPanel(id="item-panel")
                yield Static(id="meeting-alerts", markup=False)
            with Vertical(id="side-pane"):
                yield Static("People", classes="pane-title")
                yield Static(id="people", markup=False)
                yield Static("Actions agreed in this meeting", classes="pane-title")
                with VerticalScroll(id="meeting-actions-scroll"):
                    yield Static(id="meeting-actions", markup=False)
        yield CaptureBar(id="capture-bar")  # the mode (NOTES, CAPTURE, FORM, COMMANDS), then the capture line
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not self.follow:
            try:
                self.lease = self.ws.repo.claim_session(self.case_id, self.meeting_id)
            except StorageUnavailable as exc:  # a read-only or full disk: show the meeting, change nothing
                self.follow = True
                self.read_only_why = "cannot save here"  # no other copy is running it: nothing to follow
                if isinstance(exc, SharedReadOnly):  # an agency on the team store: it follows the chair's app
                    self.read_only_why = "shared with you read-only"
                self.app.say(  # type: ignore[attr-defined]
                    f"Opened read-only: {exc.reason}. Nothing is saved while it stays so."
                    if isinstance(exc, ReadOnlyCase | SharedReadOnly)
                    else f"Cannot save in this data folder ({exc.reason}): the meeting is opened read-only.",
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
            self._timer = self.set_interval(FOLLOW_SECONDS, self._follow_tick)
        else:
            self._timer = self.set_interval(AUTOSAVE_SECONDS, self._autosave_tick)
        self.set_interval(1.0, self._tick)
        # Scroll containers need not take focus: Tab goes agenda → notes → the item's table → capture line.
        for pane in self.query("#item-pane, #meeting-actions-scroll"):
            pane.can_focus = False
        focus_now(self.query_one("#agenda", AgendaList))

    def on_resize(self) -> None:
        """At 80 columns the side pane would squeeze the notes: hide it (``v`` shows it in the agenda's place);
        the bar then counts people and actions."""
        if self._set_width_classes(self.size.width):
            self.refresh_bindings()
        self._tick()

    def _set_width_classes(self, width: int) -> bool:
        """``-narrow`` below 100 columns, ``-medium`` (narrower side columns: the centre needs room) below 130;
        whether ``-narrow`` changed."""
        narrow = width < 100
        self.set_class(100 <= width < 130, "-medium")
        if narrow == self.has_class("-narrow"):
            return False
        self.set_class(narrow, "-narrow")
        return True

    @property
    def active_bindings(self):  # type: ignore[no-untyped-def]
        """This screen's own keys before the focused widget's cursor keys, in the footer, F1 and the palette;
        at narrow widths start, end, back and help first so the footer keeps them."""
        found = super().active_bindings
        narrow = self.has_class("-narrow")

        def rank(entry):  # type: ignore[no-untyped-def]
            action = entry[1].binding.action
            if narrow and action in FOOTER_FIRST_WHEN_NARROW:
                return (0, FOOTER_FIRST_WHEN_NARROW.index(action))
            own = (entry[1].binding.id or "").startswith("meeting.")
            return (1 if own else 2 if entry[1].node is self else 3, 0)

        return dict(sorted(found.items(), key=rank))

    def on_unmount(self) -> None:
        self.flush_notes()
        if self.lease is not None:
            self.lease.release()
            self.lease = None

    # ------------------------------------------------------------------------------------------- state
    def reload(self, *, from_disk: bool = False) -> None:
        """Re-read the case and redraw everything except the notes being typed.

        ``from_disk``: another program saved the case. Only this screen writes a running meeting's notes, so
        saved notes that changed there were replaced (an import or restore forced under the meeting): the
        person is told, and where to find what they had typed, rather than seeing it vanish in silence."""
        self._sync_typed_notes()
        case = self.ws.repo.load_case(self.case_id)
        self._shown_summary = self.ws.repo.summary_raw(self.case_id)  # what the screen shows (read-only)
        meeting = case.meeting(self.meeting_id)
        if meeting is None:
            raise UserError(f"case {self.case_id}: no meeting {self.meeting_id}")
        self.case, self.meeting = case, meeting
        replaced: list[str] = []
        for it in meeting.items:
            stored = it.notes or ""
            if it.key in self._pending_notes and self._base_notes.get(it.key, stored) != stored:
                self._notes_replaced(it.key, stored)
            elif it.key not in self._pending_notes or it.key not in self._base_notes:
                if from_disk and self._base_notes.get(it.key, stored) != stored:
                    replaced.append(it.title)
                self._base_notes[it.key] = stored
        if replaced and not self.follow:
            more = f" and {len(replaced) - 1} more" if len(replaced) > 1 else ""
            files = self.ws.repo.supports_backups  # the team store keeps no backups: its audit says who
            earlier = (
                f"what was saved before is in the backups: meetingtui restore {self.case_id} --list"
                if files
                else "the store's audit says who saved the case and when"
            )
            self.app.say(  # type: ignore[attr-defined]
                f"Notes of {replaced[0][:60]!r}{more} changed {'on disk ' if files else ''}by another program "
                f"(an import or restore?); {earlier}",
                severity="warning",
                timeout=20,
            )
        if self.viewing is None or meeting.item(self.viewing) is None:
            self.viewing = meeting.current_item or (meeting.items[0].key if meeting.items else None)
        elif self.follow and meeting.current_item is not None:
            # A follower moves with the chair; while the chair is on an item its copy leaves out (an agency's
            # redacted copy names none), it stays where it was rather than jumping to the first item.
            self.viewing = meeting.current_item
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
        line, full = self._alerts_text()
        self.query_one("#alerts-line", Static).update(line)
        self.query_one("#meeting-alerts", Static).update(full)
        self.set_class(item.item_kind in KIND_TITLES and item.item_kind != "attendance", "-panel")
        prompts = Text()
        for p in item.prompts:
            prompts.append("• ", style="dim")
            prompts.append(clean(p) + "\n", style="italic")
        self.query_one("#item-prompts", Static).update(prompts)
        pending = self._pending_notes.get(item.key)
        text = pending if pending is not None else editable(item.notes)
        previous = self._loaded_notes[0] if self._loaded_notes else None
        self._loaded_notes = (item.key, text)
        if notes.text != text:
            row, col = notes.cursor_location
            at_end = (row, col) == notes.document.end
            self._loading_notes = True
            notes.load_text(text)
            self._loading_notes = False
            # load_text puts the cursor at the very start, where `i` then typed in front of the first line
            # (found from outside). Typing goes on at the end, unless the person had put the cursor elsewhere
            # in this same item's notes: it stays there.
            if previous != item.key or at_end:
                notes.move_cursor(notes.document.end)
            else:
                last = notes.document.line_count - 1
                row = min(row, last)
                notes.move_cursor((row, min(col, len(notes.document.get_line(row)))))
        decisions = Text()
        if item.decisions:
            decisions.append("Decisions\n", style="bold")
        for k, d in enumerate(item.decisions, start=1):
            decisions.append(f"{k}. ", style="bold")
            decisions.append(clean(d.text))
            if d.reason:
                decisions.append("  reason: ", style="dim")
                decisions.append(clean(d.reason))
            if d.dissent:
                decisions.append("  dissent: ", style="bold yellow")
                decisions.append(clean(d.dissent))
            decisions.append("\n")
        self.query_one("#decisions", Static).update(decisions)
        self.query_one("#decisions", Static).display = bool(item.decisions)
        assert self.case is not None
        self.query_one("#item-panel", ItemPanel).show(self.case, self.meeting, item)

    def _alerts_text(self) -> tuple[Text, Text]:
        assert self.case is not None and self.meeting is not None
        return view.alerts_text(self.case, self.meeting, self.ws.settings, self.ws.today())

    def _show_people(self) -> None:
        assert self.meeting is not None
        self.query_one("#people", Static).update(view.people_text(self.meeting))

    def _show_actions(self) -> None:
        assert self.case is not None and self.meeting is not None
        self.query_one("#meeting-actions", Static).update(view.actions_text(self.case, self.meeting))

    def _tick(self) -> None:
        """The bar: where we are, the item's countdown, the meeting's elapsed against planned."""
        m = self.meeting
        if m is None or self.case is None or not self.query("#meeting-bar"):
            return  # nothing to show yet, or the screen is closing
        self.cap_toasts()
        unsaved = bool(self._pending_notes) and (self._unsaved_since is not None or bool(self._refused))
        bar = view.bar_text(
            self.case,
            m,
            clock.now(),
            narrow=self.has_class("-narrow"),
            width=self.size.width,
            unsaved=unsaved,
            read_only=self.read_only_why if self.follow else None,
        )
        self.query_one("#meeting-bar", Static).update(bar)

    # ------------------------------------------------------------------------------------------- notes
    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes or self.follow or self.viewing is None or event.text_area.read_only:
            return
        if self._loaded_notes == (self.viewing, event.text_area.text):
            return  # the echo of loading the item's notes (Changed arrives after load_text returns)
        self._pending_notes[self.viewing] = event.text_area.text

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
    def _capture_left(self, event: CaptureLine.Left) -> None:
        focus_now(self.query_one("#agenda", AgendaList))
        if event.kept:
            self.app.say("Capture line set aside, nothing saved: Ctrl+L then ↑ brings it back.")  # type: ignore[attr-defined]

    @on(CaptureLine.Captured)
    def _captured(self, event: CaptureLine.Captured) -> None:
        self.capture_line(event.line)

    @on(ItemPanel.Changed)
    def _panel_changed(self) -> None:
        self.reload()
