"""The live meeting: agenda on the left, the current item in the centre, people and actions on the right, the
capture line at the bottom.

Notes autosave as typed (every 0.4 s while anything is unsaved), so a crash or a closed terminal loses at most
the last moment of typing. If the disk refuses a write, the text stays on screen and in memory, the bar says
UNSAVED, and saving is retried until it works.

A second instance opening a meeting that another is running gets it read-only and follows the other's changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from meetingtui.core import clock
from meetingtui.core import meetings as core
from meetingtui.core.capture import DecisionCapture, UndoCapture, apply_capture, parse_capture, undo_applied
from meetingtui.core.errors import StorageUnavailable, UserError
from meetingtui.core.model import Case, Item, Meeting
from meetingtui.ui.safe import clean, editable, one_line
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


class MeetingScreen(Screen[None]):
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
        if self.follow or self.meeting.is_locked:
            self.query_one("#notes", TextArea).read_only = True
            self.query_one("#capture", CaptureLine).disabled = True
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
        if m is None or self.case is None:
            return
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
            spent = core.item_seconds(m, item, now)
            box = (item.timebox_minutes or 0) * 60
            left = box - spent
            bar.append(" · item " if narrow else "  ·  item ")
            bar.append(
                fmt_clock(left) + (" left" if left >= 0 else " over"),
                style="bold red" if left < 0 else ("bold yellow" if left < 60 else "bold"),
            )
            total = core.meeting_seconds(m, now)
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
        if self._pending_notes and self._unsaved_since is not None:
            bar.append("  UNSAVED – retrying", style="bold white on red")
        self.query_one("#meeting-bar", Static).update(bar)

    # ------------------------------------------------------------------------------------------- notes
    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes or self.follow or self.viewing is None:
            return
        self._pending_notes[self.viewing] = event.text_area.text

    def flush_notes(self) -> None:
        """Save whatever notes are unsaved. Called on a timer, before moving, and when leaving."""
        if not self._pending_notes or self.follow:
            return
        for key, text in list(self._pending_notes.items()):
            try:
                core.save_notes(self.ws.repo, self.case_id, self.meeting_id, key, text)
            except StorageUnavailable as exc:
                import time

                if self._unsaved_since is None:
                    self._unsaved_since = time.monotonic()
                if not self._save_error_shown:
                    self._save_error_shown = True
                    self.app.say(  # type: ignore[attr-defined]
                        f"Notes NOT saved: {exc.reason}. Keep typing: they are kept here and saved as soon as "
                        "the disk allows.",
                        severity="error",
                        timeout=15,
                    )
                self._tick()
                return
            except UserError as exc:
                self._pending_notes.pop(key, None)
                self.app.say(str(exc), severity="error")
                continue
            if self._pending_notes.get(key) == text:
                del self._pending_notes[key]
        if self._unsaved_since is not None:
            self._unsaved_since = None
            self._save_error_shown = False
            self._leave_unsaved = None
            self.app.say("Notes saved again.")
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
            self._run(core.go_to_item, key)
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

    # ------------------------------------------------------------------------------------------ running
    def _run(self, fn, *args, **kwargs) -> object:  # type: ignore[no-untyped-def]
        """Call a core operation on this meeting, show its error in one line, and redraw."""
        try:
            result = fn(self.ws.repo, self.case_id, self.meeting_id, *args, **kwargs)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=8)  # type: ignore[attr-defined]
            return None
        self.reload()
        return result

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        m = self.meeting
        if m is None:
            return True
        writing = not self.follow and not m.is_locked
        rules = {
            "start": not self.follow and m.status == "scheduled",
            "end": not self.follow and m.status == "in progress",
            "approve": not self.follow and m.status == "draft",
            "reopen": not self.follow and m.status == "approved",
            "new_action": writing,
            "new_decision": writing,
            "attendance": writing,
            "toggle_restricted": writing,
            "undo": writing and bool(self._undo),
            "capture": writing,
            "edit_notes": writing,
            "edit_sos": writing and self.query_one("#item-panel", ItemPanel).can("edit_sos"),
            "catalogue": self.query_one("#item-panel", ItemPanel).can("catalogue"),
        }
        return rules.get(action, True)

    def action_start(self) -> None:
        self._run(core.start_meeting, by=self.ws.settings.user)
        if self.meeting and self.meeting.status == "in progress":
            self.viewing = self.meeting.current_item
            self.reload()
            self.app.say("Meeting started. Ctrl+↓ / Ctrl+↑ move between items.")  # type: ignore[attr-defined]

    def action_end(self) -> None:
        from meetingtui.core.actions import pending_dispositions
        from meetingtui.ui.dialogs.form import ConfirmDialog

        assert self.case is not None and self.meeting is not None
        pending = pending_dispositions(self.case, self.meeting)
        if pending:
            self.app.say(  # type: ignore[attr-defined]
                f"Not yet: {len(pending)} earlier action{'s' if len(pending) != 1 else ''} "
                f"({', '.join(a.id for a in pending[:6])}) still need{'s' if len(pending) == 1 else ''} a "
                "disposition: done, carried to a new date, or dropped, each with a reason where needed.",
                severity="error",
                timeout=10,
            )
            review = next((i for i in self.meeting.items if i.kind == "previous-actions"), None)
            if review is not None:
                self._go(review.key)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.flush_notes()
                if self._run(core.end_meeting, by=self.ws.settings.user) is not None:
                    self._show_summary()

        self.app.push_screen(ConfirmDialog("End the meeting? The minutes become a draft."), answer)

    def _show_summary(self) -> None:
        from meetingtui.ui.dialogs.summary import SummaryDialog

        assert self.case is not None and self.meeting is not None
        self.app.push_screen(SummaryDialog(self.case, self.meeting))

    def action_approve(self) -> None:
        """The chair approves: the form names who (the chair by default) so the record says who signed off."""
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        assert self.meeting is not None
        chair = self.meeting.chair.name if self.meeting.chair else self.ws.settings.user

        def done(values: dict | None) -> None:
            if values:
                self._run(core.approve_minutes, by=values["by"])
                self.query_one("#notes", TextArea).read_only = True
                self.query_one("#capture", CaptureLine).disabled = True

        self.app.push_screen(
            FormDialog(
                "Approve these minutes",
                [FieldSpec(name="by", label="Approved by", value=chair, required=True, max_length=200)],
                today=self.ws.today(),
                submit_label="Approve",
                note="Approved minutes are locked; a later change needs a recorded reopen.",
            ),
            done,
        )

    def action_reopen(self) -> None:
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        def done(values: dict | None) -> None:
            if values:
                self._run(core.reopen_minutes, by=self.ws.settings.user, reason=values["reason"])
                self.query_one("#notes", TextArea).read_only = False
                self.query_one("#capture", CaptureLine).disabled = False

        self.app.push_screen(
            FormDialog(
                "Reopen approved minutes",
                [FieldSpec(name="reason", label="Why reopen (recorded)", required=True)],
                today=self.ws.today(),
            ),
            done,
        )

    def action_toggle_restricted(self) -> None:
        from meetingtui.ui.dialogs.form import ConfirmDialog

        item = self.current()
        if item is None:
            return
        key, now_restricted = item.key, not item.restricted
        question = (
            f"Restrict “{item.title}”? Its notes, decisions and actions are left out of the family version and "
            "never shown on the shared screen."
            if now_restricted
            else f"Lift the restriction on “{item.title}”? Its notes, decisions and actions will appear in the "
            "family version and on the shared screen."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self._run(core.set_restricted, key, now_restricted)

        self.app.push_screen(ConfirmDialog(question), answer)

    def action_edit_notes(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def action_leave_editor(self) -> None:
        self.query_one("#agenda", AgendaList).focus()

    def keep_unsaved(self, key: str) -> bool:
        """Whether to stay because leaving would drop notes the disk refused (saying so). Pressing ``key``
        again leaves without them."""
        self.flush_notes()
        if not self._pending_notes or self._leave_unsaved == key:
            return False
        self._leave_unsaved = key
        self.app.say(  # type: ignore[attr-defined]
            "Notes are NOT saved (the disk refuses them): stay, and they are saved when it allows; "
            f"press {key} again to leave WITHOUT them.",
            severity="error",
            timeout=15,
        )
        return True

    def action_close(self) -> None:
        if not self.keep_unsaved("q"):
            self.app.pop_screen()

    def action_room_view(self) -> None:
        from meetingtui.ui.screens.room import RoomScreen

        self.flush_notes()
        self.app.push_screen(RoomScreen(self.case_id, self.meeting_id))

    @work(exclusive=True, group="minutes")
    async def action_write_minutes(self) -> None:
        from meetingtui.ui.minutes_job import export_minutes

        self.flush_notes()
        await export_minutes(self, self.case_id, self.meeting_id)

    # ------------------------------------------------------------------------------------------ capture
    def action_capture(self) -> None:
        self.query_one("#capture", CaptureLine).focus()

    @on(CaptureLine.Left)
    def _capture_left(self) -> None:
        self.query_one("#agenda", AgendaList).focus()

    @on(CaptureLine.Captured)
    def _captured(self, event: CaptureLine.Captured) -> None:
        assert self.meeting is not None and self.case is not None
        line = self.query_one("#capture", CaptureLine)
        now = clock.now()
        late_join = self.meeting.status == "in progress" and core.meeting_seconds(self.meeting, now) > 300
        try:
            cap = parse_capture(
                event.line,
                self.meeting.attendees,
                self.ws.today(),
                now.strftime("%H:%M"),
                late_join=late_join,
            )
            if isinstance(cap, UndoCapture):
                line.value = ""
                self.action_undo()
                return
            if isinstance(cap, DecisionCapture):
                self._check_not_effective(cap)
            self.flush_notes()
            applied = apply_capture(self.ws.repo, self.case_id, self.meeting_id, self.viewing, cap)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
            return  # the line stays as typed, to be corrected
        line.value = ""
        self._undo.append(applied.undo)
        self.reload()
        item = self.current()
        restricted = item is not None and item.restricted and applied.undo[0] in ("action", "decision")
        self.app.say(
            applied.message
            + (
                "  (restricted item: kept out of the family version and the shared screen)"
                if restricted
                else ""
            )
        )  # type: ignore[attr-defined]
        for hint in applied.hints:
            self.app.say("SMART: " + hint, severity="warning", timeout=8)  # type: ignore[attr-defined]
        if isinstance(cap, DecisionCapture) and not cap.decision.reason:
            self.app.say(
                "Decision recorded without a reason: add one with d: … because …, or edit it.",
                severity="warning",
                timeout=8,
            )  # type: ignore[attr-defined]

    def _check_not_effective(self, cap: DecisionCapture) -> None:
        """The case review's lesson: agreeing again what already failed needs a stated reason."""
        from meetingtui.core.catalogue import load_catalogue, not_effective_match

        assert self.case is not None
        match = not_effective_match(self.case, cap.decision.text, load_catalogue(self.ws).entries)
        if match is not None and not cap.decision.reason:
            evidence = f" Evidence: {match.evidence}" if match.evidence else ""
            raise UserError(
                f"{match.name} was judged NOT EFFECTIVE for {self.case.name.rstrip('.')}.{evidence} "
                "Add why the meeting is agreeing it again: d: … because …"
            )

    def action_undo(self) -> None:
        if not self._undo:
            self.app.say("Nothing to undo.")  # type: ignore[attr-defined]
            return
        undo = self._undo.pop()
        self.flush_notes()
        try:
            message = undo_applied(self.ws.repo, self.case_id, self.meeting_id, undo)
        except UserError as exc:
            self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
            return
        self.reload()
        self.app.say("Undone: " + message)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------------------ dialogs
    def action_new_action(self) -> None:
        from meetingtui.ui.dialogs.records import action_form

        assert self.meeting is not None
        self.flush_notes()

        def done(values: dict | None) -> None:
            if not values:
                return
            a = self._run(
                core.add_action,
                item_key=self.viewing,
                text=values["text"],
                owner=values["owner"],
                agency=values["agency"],
                due=values["due"],
            )
            if a is not None:
                self._undo.append(("action", a.id))  # type: ignore[attr-defined]
                self.app.say(f"Action {a.id} agreed: {a.owner} by {a.due}.")  # type: ignore[attr-defined]
                for hint in core.smart_hints(values["text"]):
                    self.app.say("SMART: " + hint, severity="warning", timeout=8)  # type: ignore[attr-defined]

        self.app.push_screen(action_form(self.meeting.attendees, self.ws.today()), done)

    def action_new_decision(self) -> None:
        from meetingtui.ui.dialogs.records import decision_form

        item = self.current()
        if item is None:
            return
        self.flush_notes()

        def done(values: dict | None) -> None:
            if not values:
                return
            from meetingtui.core.model import Decision

            d = Decision(text=values["text"], reason=values["reason"], dissent=values["dissent"])
            idx = self._run(core.add_decision, item.key, d)
            if idx is not None:
                self._undo.append(("decision", item.key, idx))

        from meetingtui.core.catalogue import load_catalogue

        assert self.case is not None
        entries = load_catalogue(self.ws).entries
        self.app.push_screen(decision_form(self.case, item, self.ws.today(), entries=entries), done)

    def action_attendance(self) -> None:
        from meetingtui.ui.dialogs.attendance import AttendanceDialog

        assert self.meeting is not None
        self.flush_notes()
        self.app.push_screen(AttendanceDialog(self.case_id, self.meeting_id), lambda _r: self.reload())

    def action_edit_sos(self) -> None:
        self.query_one("#item-panel", ItemPanel).action_edit_sos()

    def action_catalogue(self) -> None:
        self.query_one("#item-panel", ItemPanel).action_catalogue()

    @on(ItemPanel.Changed)
    def _panel_changed(self) -> None:
        self.reload()
