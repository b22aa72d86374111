"""What the keys of the meeting screen do: running the meeting, the capture line, and the forms.

A mixin of :class:`~meetingtui.ui.screens.meeting.MeetingScreen`, kept apart so the screen's own module is about
layout, state, autosave and following. Event handlers stay on the screen (Textual collects ``@on`` handlers from
widget classes only) and call these methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.actions import SkipAction
from textual.widgets import Input, TextArea

from meetingtui.core import clock
from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.meeting.capture import (
    DecisionCapture,
    UndoCapture,
    apply_capture,
    parse_capture,
    undo_applied,
)
from meetingtui.ui.burst import focus_now
from meetingtui.ui.screens import meeting_view as view
from meetingtui.ui.widgets.agenda import AgendaList
from meetingtui.ui.widgets.capture import CaptureLine
from meetingtui.ui.widgets.item_panel import ItemPanel

if TYPE_CHECKING:
    from meetingtui.core.record.model import Case, Item, Meeting


class MeetingCommands:
    """Needs the screen's ``ws``, ``case``, ``meeting``, ``viewing``, ``follow``, ``reload``, ``flush_notes``."""

    case_id: str
    meeting_id: str
    case: Case | None
    meeting: Meeting | None
    viewing: str | None
    follow: bool
    _undo: list[tuple[object, ...]]
    app: Any
    ws: Any

    if TYPE_CHECKING:

        def query_one(self, *a: Any, **k: Any) -> Any: ...
        def reload(self) -> None: ...
        def flush_notes(self) -> None: ...
        def current(self) -> Item | None: ...
        def _go(self, key: str) -> None: ...

    # ------------------------------------------------------------------------------------------ running
    def _run(self, fn, *args, **kwargs) -> object:  # type: ignore[no-untyped-def]
        """Call a core operation on this meeting, show its error in one line, and redraw; nothing while
        another app runs the meeting (see MeetingClaim)."""
        if not self._still_running():  # type: ignore[attr-defined]
            if not self.follow:
                self.app.say("Not saved: the store cannot be reached; try again", severity="error", timeout=8)  # type: ignore[attr-defined]
            return None
        try:
            result = fn(self.ws.repo, self.case_id, self.meeting_id, *args, **kwargs)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=8)  # type: ignore[attr-defined]
            return None
        self.reload()
        return result

    def lock_editing(self) -> None:
        """Notes and capture follow what is stored (approved minutes are locked), whether or not the last
        approve or reopen went through."""
        locked = self.follow or (self.meeting is not None and self.meeting.is_locked)
        self.query_one("#notes", TextArea).read_only = locked
        self.query_one("#capture", CaptureLine).disabled = locked

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        m = self.meeting
        if m is None:
            return True
        writing = not self.follow and not m.is_locked
        rules = {
            "start": not self.follow and m.status == "scheduled",
            "end": not self.follow and m.status == "in progress",
            "approve": not self.follow and m.status == "draft",
            "ask_correction": not self.follow and m.status == "draft",
            "decide_correction": not self.follow and m.status == "draft",
            "reopen": not self.follow and m.status == "approved",
            "new_action": writing,
            "new_decision": writing,
            "attendance": writing,
            "toggle_restricted": writing,
            "restrict_part": writing,
            "undo": writing and bool(self._undo),
            "capture": writing,
            "edit_notes": writing,
            "edit_sos": writing and self.query_one("#item-panel", ItemPanel).can("edit_sos"),
            "catalogue": self.meeting is not None and bool(self.meeting.items),
        }
        rules.update(getattr(self, "extra_rules", dict)())
        return rules.get(action, True)

    def action_start(self) -> None:
        self._run(lifecycle.start_meeting, by=self.ws.settings.user)
        if self.meeting and self.meeting.status == "in progress":
            self.viewing = self.meeting.current_item
            self.reload()
            self.app.say("Meeting started. Ctrl+↓ / Ctrl+↑ move between items.")  # type: ignore[attr-defined]

    def action_end(self) -> None:
        from meetingtui.core.meeting.actions import pending_dispositions
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
                if self._run(lifecycle.end_meeting, by=self.ws.settings.user) is not None:
                    self._show_summary()

        self.app.push_screen(ConfirmDialog(view.end_question(self.meeting)), answer)

    def _show_summary(self) -> None:
        from meetingtui.ui.dialogs.summary import SummaryDialog

        assert self.case is not None and self.meeting is not None

        def then(what: str | None) -> None:
            if what is not None:
                self.call_later(self.run_action, what)

        self.app.push_screen(SummaryDialog(self.case, self.meeting), then)

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
                self._run(contents.set_restricted, key, now_restricted)

        self.app.push_screen(ConfirmDialog(question), answer)

    def action_restrict_part(self) -> None:
        """Restrict (or lift) one part of this item: the notes typed so far are saved first, so moving a
        paragraph never races the notes editor."""
        from meetingtui.core.meeting import restrict
        from meetingtui.ui.dialogs.restrict import RestrictPartDialog

        self.flush_notes()
        self.reload()
        item = self.current()
        if item is None or self.case is None or self.meeting is None:
            return
        parts = restrict.parts_of(self.case, self.meeting, item)
        if not parts:
            self.app.say("Nothing in this item to restrict yet.", timeout=5)  # type: ignore[attr-defined]
            return
        key = item.key

        def chosen(part: restrict.Part | None) -> None:
            if part is not None:
                said = self._run(restrict.toggle, key, part)
                if said:
                    self.app.say(str(said), timeout=5)  # type: ignore[attr-defined]

        self.app.push_screen(RestrictPartDialog(parts), chosen)

    def action_edit_notes(self) -> None:
        """``i`` reaches the notes from anywhere: from the agenda, a table, or an empty capture line (after
        Ctrl+↓ the capture line may still have the focus). Typed into the notes, or into a capture line holding
        text, it is just the letter."""
        focused = self.app.focused
        capture = self.query_one("#capture", CaptureLine)
        notes = self.query_one("#notes", TextArea)
        if focused is notes or (focused is capture and capture.value):
            raise SkipAction()
        if isinstance(focused, Input | TextArea) and focused is not capture:
            raise SkipAction()
        focus_now(notes)

    def action_leave_editor(self) -> None:
        focus_now(self.query_one("#agenda", AgendaList))

    def typed_unsaved(self) -> str | None:
        """What would be lost by quitting now, in words (the capture line holding text), or None."""
        if self.query_one("#capture", CaptureLine).value.strip():
            return "the capture line"
        return None

    def keep_unsaved(self, key: str) -> bool:
        """Whether to stay because leaving would drop notes the disk refused (saying so). Pressing ``key``
        again leaves without them."""
        self.flush_notes()
        if not self._pending_notes or self._leave_unsaved == key:
            return False
        self._leave_unsaved = key
        self.app.say(  # type: ignore[attr-defined]
            "Notes are NOT saved (the store refuses them, or the meeting is gone): stay, and they are saved "
            "when it allows; "
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
        # The check may have restricted a passage of these very notes (moved into the restricted part): found
        # from outside, the editor kept showing it, and the next keystroke offered to put it back.
        self.reload()

    # ------------------------------------------------------------------------------------------ capture
    def action_capture(self) -> None:
        focus_now(self.query_one("#capture", CaptureLine))

    def capture_line(self, text: str) -> None:
        """Parse, check and store one line of the capture; a line that fails stays to be corrected."""
        assert self.meeting is not None and self.case is not None
        line = self.query_one("#capture", CaptureLine)
        now = clock.now()
        late_join = (
            self.meeting.status == "in progress" and lifecycle.meeting_seconds(self.meeting, now) > 300
        )
        try:
            cap = parse_capture(
                text,
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
            self._claim_or_refuse()  # type: ignore[attr-defined]
            applied = apply_capture(self.ws.repo, self.case_id, self.meeting_id, self.viewing, cap)
        except UserError as exc:
            self.app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
            return  # the line stays as typed, to be corrected
        line.value = ""
        getattr(self, "drop_fixed_errors", lambda: None)()  # the refused line was put right
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
        if not restricted:
            self._warn_of_peers(cap)
        if isinstance(cap, DecisionCapture) and not cap.decision.reason:
            self.app.say(
                "Decision recorded without a reason: add one with d: … because …, or edit it.",
                severity="warning",
                timeout=8,
            )  # type: ignore[attr-defined]

    def _warn_of_peers(self, cap: object) -> None:
        """An open decision or action that names someone on the peer map, typed in a hurry, is third-party text
        in the open record: say so now, while X can still restrict it, not first at the family version."""
        from meetingtui.core.meeting.capture import ActionCapture
        from meetingtui.core.text.peers import case_mentions

        if isinstance(cap, DecisionCapture):
            texts = [cap.decision.text, cap.decision.reason or ""]
        elif isinstance(cap, ActionCapture):
            texts = [cap.text]
        else:
            return
        assert self.case is not None
        peers = case_mentions(self.case)
        if peers is not None and any(peers.search(t) for t in texts):
            self.app.say(  # type: ignore[attr-defined]
                "It names someone on the peer map: the shared screen shows them as [peer], and the family "
                "version's check will stop on it. X restricts it.",
                severity="warning",
                timeout=10,
            )

    def _check_not_effective(self, cap: DecisionCapture) -> None:
        """The case review's lesson: agreeing again what already failed needs a stated reason."""
        from meetingtui.core.config.catalogue import load_catalogue, not_effective_match

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
        self.flush_notes()
        try:
            self._claim_or_refuse()  # type: ignore[attr-defined]  (before taking it off the list)
            undo = self._undo.pop()
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

        def save(values: dict) -> None:
            # Saved from inside the form: a refusal is said there and everything typed stays.
            a = contents.add_action(
                self.ws.repo,
                self.case_id,
                self.meeting_id,
                item_key=self.viewing,
                text=values["text"],
                owner=values["owner"],
                agency=values["agency"],
                due=values["due"],
            )
            self._undo.append(("action", a.id))  # type: ignore[attr-defined]
            self.app.say(f"Action {a.id} agreed: {a.owner} by {a.due}.")  # type: ignore[attr-defined]
            for hint in contents.smart_hints(values["text"]):
                self.app.say("SMART: " + hint, severity="warning", timeout=8)  # type: ignore[attr-defined]

        form = action_form(self.meeting.attendees, self.ws.today())
        form.save = save
        self.app.push_screen(form, self._after_form)

    def _after_form(self, values: dict | None) -> None:
        if values:
            self.reload()

    def action_new_decision(self) -> None:
        from meetingtui.ui.dialogs.records import decision_form

        item = self.current()
        if item is None:
            return
        self.flush_notes()

        def save(values: dict) -> None:
            from meetingtui.core.record.model import Decision

            d = Decision(text=values["text"], reason=values["reason"], dissent=values["dissent"])
            idx = contents.add_decision(self.ws.repo, self.case_id, self.meeting_id, item.key, d)
            self._undo.append(("decision", item.key, idx))

        from meetingtui.core.config.catalogue import load_catalogue

        assert self.case is not None
        entries = load_catalogue(self.ws).entries
        form = decision_form(self.case, item, self.ws.today(), entries=entries)
        form.save = save
        self.app.push_screen(form, self._after_form)

    def action_attendance(self) -> None:
        from meetingtui.ui.dialogs.attendance import AttendanceDialog

        assert self.meeting is not None
        self.flush_notes()
        self.app.push_screen(AttendanceDialog(self.case_id, self.meeting_id), lambda _r: self.reload())

    def action_edit_sos(self) -> None:
        self.query_one("#item-panel", ItemPanel).action_edit_sos()

    def action_catalogue(self) -> None:
        """The catalogue opens on any item (a proposal is recorded under the item shown): looking beyond the
        services at hand is not only for the interventions items."""
        from meetingtui.ui.dialogs.catalogue import CatalogueDialog

        item = self.current()
        if item is None or self.case is None or self.meeting is None:
            return
        writable = not self.follow and not self.meeting.is_locked
        self.app.push_screen(
            CatalogueDialog(self.case, self.meeting, item, writable=writable), lambda _r: self.reload()
        )

    def _notes_replaced(self, key: str, stored: str) -> None:
        """The case was replaced under this meeting (an import or restore with --force) while notes were being
        typed: say so, and let the person choose, instead of saving over what was put there."""
        from meetingtui.ui.dialogs.form import ConfirmDialog

        if self._asking_replaced is not None:
            return
        self._asking_replaced = key
        item = self.meeting.item(key) if self.meeting else None
        title = item.title if item is not None else key
        self.app.say(  # type: ignore[attr-defined]
            f"The case was replaced on disk (an import or restore) while you typed the notes of {title!r}: "
            "nothing was saved over it.",
            severity="warning",
            timeout=15,
        )

        def answer(keep: bool | None) -> None:
            self._asking_replaced = None
            self._base_notes[key] = stored
            if keep:
                self.flush_notes()
            else:
                self._pending_notes.pop(key, None)
                self._refused.pop(key, None)
                # What the box holds is given up too: not taken back as typed before the reload shows the disk's.
                box = self.query_one("#notes", TextArea)
                if self._loaded_notes is not None and self._loaded_notes[0] == key:
                    self._loaded_notes = (key, box.text)
                self.reload()

        self.app.push_screen(
            ConfirmDialog(
                f"The notes of {title!r} were replaced on disk (an import or restore) while you typed.\n"
                "Keep your text (it replaces what is on disk now), or take what is on disk (your text is "
                "discarded)?",
                yes="Keep mine",
                no="Take theirs",
            ),
            answer,
        )
