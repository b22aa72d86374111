"""Approving the minutes and the correction window on the meeting screen: who approves, why early, and the
corrections attendees ask for on the draft (kept apart from :mod:`.meeting_commands`, which runs the meeting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetingtui.core.meeting import lifecycle

if TYPE_CHECKING:
    from meetingtui.core.record.model import Meeting


class MeetingApproval:
    """Needs the screen's ``ws``, ``meeting``, ``viewing``, ``app``, ``_run`` and ``lock_editing``."""

    case_id: str
    meeting_id: str
    meeting: Meeting | None
    viewing: str | None
    app: Any
    ws: Any

    if TYPE_CHECKING:

        def reload(self) -> None: ...
        def lock_editing(self) -> None: ...
        def _run(self, fn: Any, *args: Any, **kwargs: Any) -> object: ...

    def _form(self, form: Any, save: Any, after: Any = None) -> None:
        """Push a form that saves while open: a refusal is said in the form and everything typed stays."""

        def saving(values: dict[str, Any]) -> None:
            save(self.ws.repo, self.case_id, self.meeting_id, values)

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self.reload()
                if after is not None:
                    after()

        form.save = saving
        self.app.push_screen(form, done)

    def action_approve(self) -> None:
        """The chair approves: the form names who (the chair by default) so the record says who signed off.
        Inside the correction window it also asks why now, which the version history records."""
        from meetingtui.core.meeting.corrections import window
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        assert self.meeting is not None
        chair = self.meeting.chair.name if self.meeting.chair else self.ws.settings.user
        days = self.ws.settings.correction_window_working_days
        span = window(self.meeting, days)
        early = span is not None and self.ws.today() <= span[1]
        fields = [FieldSpec(name="by", label="Approved by", value=chair, required=True, max_length=200)]
        note = "Approved minutes are locked; a later change needs a recorded reopen."
        if early and span is not None:
            fields.append(
                FieldSpec(name="early", label="Why approve before the window closes", required=True)
            )
            note = f"Corrections are open until {span[1].isoformat()}. " + note

        def save(repo: Any, case_id: str, meeting_id: str, values: dict[str, Any]) -> None:
            lifecycle.approve_minutes(
                repo, case_id, meeting_id, by=values["by"], window_days=days, early_reason=values.get("early")
            )

        form = FormDialog(
            "Approve these minutes", fields, today=self.ws.today(), submit_label="Approve", note=note
        )
        self._form(form, save, self.lock_editing)

    def action_ask_correction(self) -> None:
        """Someone asks for the draft to be changed on the item being viewed: who, and what (kept on the item)."""
        from meetingtui.core.meeting.corrections import ask_correction
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        item = self.meeting.item(self.viewing) if self.meeting and self.viewing else None
        if item is None:
            return

        def save(repo: Any, case_id: str, meeting_id: str, values: dict[str, Any]) -> None:
            _, n = ask_correction(
                repo, case_id, meeting_id, item.key, asked_by=values["by"], text=values["text"]
            )
            self.app.say(f"Correction {n} recorded on item “{item.title}”.")

        self._form(
            FormDialog(
                f"Correction asked for: {item.title}",
                [
                    FieldSpec(name="by", label="Asked by", required=True, max_length=200),
                    FieldSpec(name="text", label="What should change", required=True, max_length=20_000),
                ],
                today=self.ws.today(),
                note="The chair accepts or declines it (F); approval waits until every correction is decided.",
            ),
            save,
        )

    def action_decide_correction(self) -> None:
        from meetingtui.core.meeting.corrections import decide_correction
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        item = self.meeting.item(self.viewing) if self.meeting and self.viewing else None
        if item is None:
            return
        waiting = [(n, c) for n, c in enumerate(item.corrections, start=1) if c.outcome is None]
        if not waiting:
            self.app.say(f"No correction waits for a decision on “{item.title}” (f records one).")  # type: ignore[attr-defined]
            return
        n, c = waiting[0]

        def save(repo: Any, case_id: str, meeting_id: str, values: dict[str, Any]) -> None:
            decide_correction(
                repo,
                case_id,
                meeting_id,
                item.key,
                n,
                outcome=values["outcome"],
                by=values["by"],
                reason=values.get("reason"),
            )

        chair = self.meeting.chair.name if self.meeting and self.meeting.chair else self.ws.settings.user
        self._form(
            FormDialog(
                f"Correction {n} on “{item.title}”, asked by {c.asked_by}",
                [
                    FieldSpec(
                        name="outcome",
                        label="Decision",
                        kind="select",
                        options=[("Accepted", "accepted"), ("Declined", "declined")],
                        value="accepted",
                        required=True,
                    ),
                    FieldSpec(name="reason", label="Reason (needed to decline)"),
                    FieldSpec(name="by", label="Decided by", value=chair, required=True, max_length=200),
                ],
                today=self.ws.today(),
                note=f"Asked: {c.text}",
            ),
            save,
        )

    def action_reopen(self) -> None:
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        assert self.meeting is not None
        # Reopening is the chair's act, like approving: the form names them (found from outside: "Reopened by
        # root", the login that typed it); whoever else reopens changes the name.
        chair = self.meeting.chair.name if self.meeting.chair else self.ws.settings.user

        def done(values: dict | None) -> None:
            if values:
                self._run(lifecycle.reopen_minutes, by=values["by"], reason=values["reason"])
                self.lock_editing()

        self.app.push_screen(
            FormDialog(
                "Reopen approved minutes",
                [
                    FieldSpec(name="reason", label="Why reopen (recorded)", required=True),
                    FieldSpec(name="by", label="Reopened by", value=chair, required=True, max_length=200),
                ],
                today=self.ws.today(),
            ),
            done,
        )
