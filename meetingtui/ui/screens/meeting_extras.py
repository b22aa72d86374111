"""More keys of the meeting screen: correcting what was recorded in error, recording circulation, and the
people-and-actions column at narrow widths.

A mixin of :class:`~meetingtui.ui.screens.meeting.MeetingScreen` (like ``meeting_commands``), kept apart so
each module stays small. Its bindings are in ``EXTRA_BINDINGS`` (Textual reads BINDINGS from widget classes
only); the screen adds them to its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents

if TYPE_CHECKING:
    from meetingtui.core.record.model import Case, Meeting
    from meetingtui.ui.dialogs.corrections import Pick

TOASTS_KEPT = 3

EXTRA_BINDINGS = [
    Binding(
        "r",
        "correct",
        "Correct",
        id="meeting.correct",
        tooltip="Correct or remove a decision or action recorded in error (kept in the item's notes)",
    ),
    Binding(
        "m",
        "circulated",
        "Circulated",
        id="meeting.circulated",
        show=False,
        tooltip="Record that the actions or the minutes were sent out",
    ),
    Binding(
        "v",
        "toggle_side",
        "People/actions",
        id="meeting.side",
        tooltip="Show or hide the people and the actions agreed (narrow terminals)",
    ),
]


class MeetingExtras:
    """Needs the screen's ``ws``, ``case``, ``meeting``, ``viewing``, ``follow``, ``reload``, ``flush_notes``."""

    case_id: str
    meeting_id: str
    case: Case | None
    meeting: Meeting | None
    viewing: str | None
    follow: bool
    app: Any
    ws: Any

    if TYPE_CHECKING:

        def reload(self) -> None: ...
        def flush_notes(self) -> None: ...
        def set_class(self, add: bool, *names: str) -> Any: ...
        def has_class(self, *names: str) -> bool: ...

    def extra_rules(self) -> dict[str, bool]:
        m = self.meeting
        writing = m is not None and not self.follow and not m.is_locked
        return {
            "correct": writing,
            "circulated": m is not None and not self.follow and m.status in ("draft", "approved"),
            "toggle_side": True,
        }

    def _say_error(self, exc: UserError) -> None:
        self.app.say(str(exc), severity="error", timeout=10)

    # ------------------------------------------------------------------------------------------ correct
    def action_correct(self) -> None:
        from meetingtui.ui.dialogs.corrections import CorrectionDialog

        assert self.case is not None and self.meeting is not None
        self.flush_notes()
        self.app.push_screen(CorrectionDialog(self.case, self.meeting, self.viewing), self._picked)

    def _picked(self, pick: Pick | None) -> None:
        if pick is None or self.case is None or self.meeting is None:
            return
        if pick.what == "remove":
            self._ask_removal(pick)
        elif pick.kind == "decision":
            self._edit_decision(pick)
        else:
            self._edit_action(pick)

    def _edit_decision(self, pick: Pick) -> None:
        from meetingtui.core.config.catalogue import load_catalogue
        from meetingtui.core.record.model import Decision
        from meetingtui.ui.dialogs.records import decision_form

        assert self.case is not None and self.meeting is not None
        item = self.meeting.item(pick.item_key)
        if item is None or not 0 <= pick.index < len(item.decisions):
            return
        old = item.decisions[pick.index]

        def done(values: dict | None) -> None:
            if not values:
                return
            new = Decision(text=values["text"], reason=values["reason"], dissent=values["dissent"])
            self._store(
                contents.correct_decision,
                self.ws.repo,
                self.case_id,
                self.meeting_id,
                pick.item_key,
                pick.index,
                new,
                by=self.ws.settings.user,
                done="Decision corrected; the item's notes keep what it said before.",
            )

        entries = load_catalogue(self.ws).entries
        self.app.push_screen(
            decision_form(self.case, item, self.ws.today(), entries=entries, decision=old), done
        )

    def _edit_action(self, pick: Pick) -> None:
        from meetingtui.ui.dialogs.records import action_form

        assert self.case is not None and self.meeting is not None
        action = self.case.action(pick.action_id)
        if action is None:
            return

        def done(values: dict | None) -> None:
            if not values:
                return
            self._store(
                contents.correct_action,
                self.ws.repo,
                self.case_id,
                pick.action_id,
                text=values["text"],
                owner=values["owner"],
                agency=values["agency"],
                due=values["due"],
                by=self.ws.settings.user,
                done=f"Action {pick.action_id} corrected; its item's notes keep what it said before.",
            )

        self.app.push_screen(action_form(self.meeting.attendees, self.ws.today(), action), done)

    def _ask_removal(self, pick: Pick) -> None:
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        what = f"action {pick.action_id}" if pick.kind == "action" else f"decision {pick.index + 1}"

        def done(values: dict | None) -> None:
            if not values:
                return
            by, reason = self.ws.settings.user, values["reason"]
            if pick.kind == "action":
                self._store(
                    contents.withdraw_action,
                    self.ws.repo,
                    self.case_id,
                    pick.action_id,
                    by=by,
                    reason=reason,
                    done=f"Action {pick.action_id} removed; its item's notes say what it was and why.",
                )
            else:
                self._store(
                    contents.withdraw_decision,
                    self.ws.repo,
                    self.case_id,
                    self.meeting_id,
                    pick.item_key,
                    pick.index,
                    by=by,
                    reason=reason,
                    done="Decision removed; the item's notes say what it was and why.",
                )

        self.app.push_screen(
            FormDialog(
                f"Remove {what}, recorded in error",
                [FieldSpec(name="reason", label="Why (kept with the item)", required=True, max_length=500)],
                today=self.ws.today(),
                submit_label="Remove",
            ),
            done,
        )

    def _store(self, fn: Any, *args: Any, done: str, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except UserError as exc:
            self._say_error(exc)
            return
        # Undo takes back captures by position; after a correction those positions may name something else.
        getattr(self, "_undo", []).clear()
        self.drop_fixed_errors()
        self.reload()
        self.app.say(done)

    # -------------------------------------------------------------------------------------- circulation
    def action_circulated(self) -> None:
        from meetingtui.core.meeting.actions import mark_circulated
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        def done(values: dict | None) -> None:
            if not values:
                return
            try:
                mark_circulated(self.ws.repo, self.case_id, self.meeting_id, values["what"], by=values["by"])
            except UserError as exc:
                self._say_error(exc)
                return
            self.reload()
            self.app.say(f"Recorded: {values['what']} circulated by {values['by']}.")

        self.app.push_screen(
            FormDialog(
                "Record that this meeting's actions or minutes were sent out",
                [
                    FieldSpec(
                        name="what",
                        label="What was sent",
                        kind="select",
                        required=True,
                        value="actions",
                        options=[("The actions (same day)", "actions"), ("The minutes", "minutes")],
                    ),
                    FieldSpec(
                        name="by", label="Sent by", required=True, value=self.ws.settings.user, max_length=200
                    ),
                ],
                today=self.ws.today(),
                submit_label="Record",
                note="Recorded now, in the meeting's history; the circulation alerts then clear.",
            ),
            done,
        )

    # ------------------------------------------------------------------------------------ notifications
    def drop_fixed_errors(self) -> None:
        """An error the chair has just put right (a refused capture, a form that failed) no longer applies:
        take its toast away, so what stays on screen is true. A disk refusal stays while notes are unsaved."""
        if getattr(self, "_pending_notes", None):
            return
        stale = [n for n in self.app._notifications if n.severity == "error"]
        for n in stale:
            self.app._unnotify(n, refresh=False)
        if stale:
            self.app._refresh_notifications()

    def cap_toasts(self) -> None:
        """Toasts sit over the current item's corner: never more than a few at once, the newest kept."""
        live = list(self.app._notifications)
        for n in live[:-TOASTS_KEPT]:
            self.app._unnotify(n, refresh=False)
        if len(live) > TOASTS_KEPT:
            self.app._refresh_notifications()

    # ------------------------------------------------------------------------------------ narrow widths
    def action_toggle_side(self) -> None:
        """At narrow widths the people and actions replace the item while shown; wider, they hide or show."""
        self.set_class(not self.has_class("-side"), "-side")
