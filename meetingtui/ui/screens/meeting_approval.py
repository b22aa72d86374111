"""Approving the minutes and the correction window on the meeting screen: who approves, why early, and the
corrections attendees ask for on the draft (kept apart from :mod:`.meeting_commands`, which runs the meeting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetingtui.core.meeting import lifecycle

if TYPE_CHECKING:
    from meetingtui.core.record.model import Meeting


class MeetingApproval:
    """Needs the screen's ``ws``, ``meeting``, ``viewing``, ``app``, ``_run`` and ``lock_editing``."""

    meeting: Meeting | None
    viewing: str | None
    app: Any
    ws: Any

    if TYPE_CHECKING:

        def _run(self, fn: Any, *args: Any, **kwargs: Any) -> object: ...
        def lock_editing(self) -> None: ...

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

        def done(values: dict | None) -> None:
            if values:
                self._run(
                    lifecycle.approve_minutes,
                    by=values["by"],
                    window_days=days,
                    early_reason=values.get("early"),
                )
                self.lock_editing()

        self.app.push_screen(
            FormDialog(
                "Approve these minutes",
                fields,
                today=self.ws.today(),
                submit_label="Approve",
                note=note,
            ),
            done,
        )

    def action_ask_correction(self) -> None:
        """Someone asks for the draft to be changed on the item being viewed: who, and what (kept on the item)."""
        from meetingtui.core.meeting.corrections import ask_correction
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        item = self.meeting.item(self.viewing) if self.meeting and self.viewing else None
        if item is None:
            return

        def done(values: dict | None) -> None:
            if values:
                made = self._run(ask_correction, item.key, asked_by=values["by"], text=values["text"])
                if made:
                    self.app.say(f"Correction {made[1]} recorded on item “{item.title}”.")  # type: ignore[attr-defined]

        self.app.push_screen(
            FormDialog(
                f"Correction asked for: {item.title}",
                [
                    FieldSpec(name="by", label="Asked by", required=True, max_length=200),
                    FieldSpec(name="text", label="What should change", required=True, max_length=20_000),
                ],
                today=self.ws.today(),
                note="The chair accepts or declines it (F); approval waits until every correction is decided.",
            ),
            done,
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

        def done(values: dict | None) -> None:
            if values:
                self._run(
                    decide_correction,
                    item.key,
                    n,
                    outcome=values["outcome"],
                    by=values["by"],
                    reason=values.get("reason"),
                )

        chair = self.meeting.chair.name if self.meeting and self.meeting.chair else self.ws.settings.user
        self.app.push_screen(
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
            done,
        )
