"""Attendance: who is present, who sent apologies (and why), who is absent; late arrivals and early leavers.
Attendance is part of the legal record, so every change is stored at once."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from meetingtui.core import clock
from meetingtui.core.errors import UserError
from meetingtui.core.meeting import people
from meetingtui.core.record.merge import find_row
from meetingtui.core.record.model import Meeting
from meetingtui.ui.burst import focus_now
from meetingtui.ui.dialogs.form import FieldSpec, FormDialog
from meetingtui.ui.safe import clean


class AttendanceDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="att.present"),
        Binding("a", "mark('apologies')", "Apologies", id="att.apologies"),
        Binding("x", "mark('absent')", "Absent", id="att.absent"),
        Binding("l", "timed('arrived')", "Arrived late", id="att.late"),
        Binding("o", "timed('left')", "Left early", id="att.left"),
        Binding("n", "add", "Add person", id="att.add"),
        Binding("enter", "edit", "Edit person", id="att.edit"),
        Binding("delete", "remove", "Remove person", id="att.remove"),
        Binding("escape,ctrl+g", "close", "Done", id="att.close"),
        # ``i`` reaches the notes from anywhere on the meeting screen, this window included.
        Binding("i", "to_notes", "Notes", id="att.notes", show=False),
    ]

    def __init__(self, case_id: str, meeting_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None

    @property
    def ws(self):  # type: ignore[no-untyped-def]
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Attendance", classes="dialog-title")
            yield Static(
                "p present · a apologies · x absent · l arrived late · o left early · n add · Esc done",
                classes="dialog-note",
            )
            yield DataTable(id="attendees", cursor_type="row", zebra_stripes=True)
            # The highlighted person in full: at 80 columns role and agency give way in the table.
            yield Static(id="attendee-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_table()
        focus_now(self.query_one("#attendees", DataTable))

    def refresh_table(self) -> None:
        self.meeting = self.ws.repo.load_meeting(self.case_id, self.meeting_id)
        rows = [
            (
                str(n),
                [
                    a.name,
                    a.role or "",
                    a.agency or "",
                    a.attendance,
                    a.reason or "",
                    a.arrived or "",
                    a.left or "",
                ],
            )
            for n, a in enumerate(self.meeting.attendees)
        ]
        from meetingtui.ui.widgets.panel_tables import fill_fitted

        table = self.query_one("#attendees", DataTable)
        # The dialog is 110 wide, at most 95% of the screen, inside a border and padding.
        width = table.content_size.width or min(110, int(self.app.size.width * 0.95)) - 8
        width -= 2
        cols = ["Name", "Role", "Agency", "Attendance", "Reason", "Arrived", "Left"]
        fill_fitted(table, "attendance", cols, rows, width)
        self._show_detail()

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        table = self.query_one("#attendees", DataTable)
        if self.meeting is None or not 0 <= table.cursor_row < len(self.meeting.attendees):
            self.query_one("#attendee-detail", Static).update("")
            return
        a = self.meeting.attendees[table.cursor_row]
        who = ", ".join(x for x in (a.role, a.agency) if x) or "role and agency not recorded"
        parts = [f"{a.name} ({who})", a.attendance + (f": {a.reason}" if a.reason else "")]
        if a.arrived:
            parts.append(f"arrived {a.arrived}")
        if a.left:
            parts.append(f"left {a.left}")
        self.query_one("#attendee-detail", Static).update(clean(" · ".join(parts)))

    def action_to_notes(self) -> None:
        self.dismiss(None)
        notes = getattr(self.app.screen, "action_edit_notes", None)
        if notes is not None:
            self.app.call_after_refresh(notes)

    def _selected(self) -> str | None:
        table = self.query_one("#attendees", DataTable)
        if not table.row_count or self.meeting is None:
            return None
        return self.meeting.attendees[table.cursor_row].name

    def _store(self, name: str, attendance: str, **kw: Any) -> None:
        try:
            people.set_attendance(self.ws.repo, self.case_id, self.meeting_id, name, attendance, **kw)
        except UserError as exc:
            self.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
        self.refresh_table()

    def action_mark(self, attendance: str) -> None:
        name = self._selected()
        if name is None:
            return
        if attendance in ("apologies", "absent"):
            # Apologies and absences can each have a reason (optional): both are read in the legal record.
            title = f"Apologies from {name}" if attendance == "apologies" else f"{name}: absent"
            label = "Reason" if attendance == "apologies" else "Reason, if known (optional)"
            self.app.push_screen(
                FormDialog(title, [FieldSpec(name="reason", label=label)], today=self.ws.today()),
                lambda v: v is not None and self._store(name, attendance, reason=v["reason"]),
            )
            return
        self._store(name, attendance)

    def action_timed(self, which: str) -> None:
        name = self._selected()
        if name is None:
            return
        now = clock.now().strftime("%H:%M")
        label = "Arrived at" if which == "arrived" else "Left at"
        self.app.push_screen(
            FormDialog(
                f"{name}: {label.lower()}",
                [FieldSpec(name="time", label=label, kind="time", value=now, required=True)],
                today=self.ws.today(),
            ),
            lambda v: v is not None and self._store(name, "present", **{which: v["time"]}),
        )

    def action_add(self) -> None:
        def done(v: dict[str, Any] | None) -> None:
            if v:
                self._store(
                    v["name"],
                    v["attendance"] or "present",
                    role=v["role"],
                    agency=v["agency"],
                    reason=v["reason"],
                )

        self.app.push_screen(
            FormDialog(
                "Add a person",
                [
                    FieldSpec(name="name", label="Name", required=True, max_length=200),
                    FieldSpec(name="role", label="Role", max_length=200),
                    FieldSpec(name="agency", label="Agency", max_length=200),
                    FieldSpec(
                        name="attendance",
                        label="Attendance",
                        kind="select",
                        value="present",
                        options=[
                            ("Present", "present"),
                            ("Apologies", "apologies"),
                            ("Absent", "absent"),
                            ("Invited", "invited"),
                        ],
                    ),
                    FieldSpec(name="reason", label="Reason (apologies / absence)"),
                ],
                today=self.ws.today(),
                validate=_reason_only_when_away,
            ),
            done,
        )

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        name = self._selected()
        if name is None or self.meeting is None:
            return
        shown = self.meeting.attendees[self.query_one("#attendees", DataTable).cursor_row]
        if self.ws.repo.changed_on_disk(self.case_id):
            # Another copy saved meanwhile: the form starts from what it saved.
            self.refresh_table()
        assert self.meeting is not None
        idx = find_row(self.meeting.attendees, shown)
        if idx is None:
            self.app.say(f"{name} was removed from this meeting in another copy.", severity="warning")  # type: ignore[attr-defined]
            return
        old = self.meeting.attendees[idx]
        opened = old.copy()

        def save(v: dict[str, Any]) -> None:
            new = old.copy()
            new.name, new.role, new.agency, new.email = v["name"], v["role"], v["agency"], v["email"]
            people.replace_attendee(self.ws.repo, self.case_id, self.meeting_id, old.name, new, opened=opened)

        form = FormDialog(
            f"Edit {old.name}",
            [
                FieldSpec(name="name", label="Name", value=old.name, required=True, max_length=200),
                FieldSpec(name="role", label="Role", value=old.role, max_length=200),
                FieldSpec(name="agency", label="Agency", value=old.agency, max_length=200),
                FieldSpec(name="email", label="Email", value=old.email, max_length=320),
            ],
            today=self.ws.today(),
            save=save,
        )
        self.app.push_screen(form, lambda _v: self.refresh_table())

    def action_remove(self) -> None:
        from meetingtui.ui.dialogs.form import ConfirmDialog

        name = self._selected()
        if name is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                people.replace_attendee(self.ws.repo, self.case_id, self.meeting_id, name, None)
                self.refresh_table()

        self.app.push_screen(
            ConfirmDialog(
                f"Remove {name} from this meeting's list? (Use x for someone who was invited but absent.)"
            ),
            answer,
        )

    def action_close(self) -> None:
        self.dismiss(None)


def _reason_only_when_away(values: dict[str, Any]) -> dict[str, str] | None:
    """A reason is kept for apologies and absence only (what the legal record reads); typed for someone present
    it was dropped without a word (found from outside: "joined by phone"), so the form says so instead."""
    if (values.get("reason") or "").strip() and (values.get("attendance") or "present") in (
        "present",
        "invited",
    ):
        return {
            "reason": "a reason is kept for apologies or absence only: leave it empty, or choose Apologies or Absent"
        }
    return None
