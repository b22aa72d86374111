"""The forms of a meeting: an action, a decision, a disposition of an earlier action, Signs of Safety.

Each returns a ``FormDialog`` whose validator holds the practice rules (SMART actions, reasons for carrying or
dropping, a reason for agreeing again something already judged not effective).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from meetingtui.core.meeting.people import find_attendee
from meetingtui.core.record.model import Action, ActionUpdate, Attendee, Case, Decision, Item, Meeting
from meetingtui.core.text.dates import HELP as DATE_HELP
from meetingtui.ui.dialogs.form import FieldSpec, FormDialog


def action_form(attendees: list[Attendee], today: date, action: Action | None = None) -> FormDialog:
    """Text, owner (from the attendees or typed), agency filled in from the owner, due date in any form."""
    names = [a.name for a in attendees]

    def fill_agency(name: str, value: Any, form: FormDialog) -> None:
        if name != "owner" or not value:
            return
        who = find_attendee(attendees, str(value))
        if who is not None and who.agency and not form.raw("agency"):
            form.set_value("agency", who.agency)

    def check(values: dict[str, Any]) -> dict[str, str] | None:
        problems = {}
        if values["due"] is not None and values["due"] < today:
            problems["due"] = f"{values['due'].isoformat()} is in the past"
        who = find_attendee(attendees, values["owner"] or "")
        if who is not None:
            values["owner"] = who.name
            values["agency"] = values["agency"] or who.agency
        return problems

    return FormDialog(
        "Action (SMART: one owner, a due date, what will be done)"
        if action is None
        else f"Edit action {action.id}",
        [
            FieldSpec(
                name="text",
                label="What will be done",
                required=True,
                value=action.text if action else None,
                placeholder="e.g. Refer J. to the motor project and report back",
                max_length=5000,
            ),
            FieldSpec(
                name="owner",
                label="Owner (one named person)",
                required=True,
                value=action.owner if action else None,
                suggestions=names,
                placeholder="start typing a name: " + ", ".join(names[:4]),
                complete=lambda typed: getattr(find_attendee(attendees, typed), "name", None),
            ),
            FieldSpec(name="agency", label="Agency", value=action.agency if action else None),
            FieldSpec(
                name="due",
                label="Due",
                kind="date",
                required=True,
                value=action.due if action else None,
                placeholder="2026-12-01, 14d, 2w, fri",
                help="Accepts " + DATE_HELP,
            ),
        ],
        today=today,
        validate=check,
        on_change=fill_agency,
    )


def decision_form(
    case: Case,
    item: Item,
    today: date,
    text: str | None = None,
    entries: list[Any] | None = None,
    decision: Decision | None = None,
) -> FormDialog:
    """A decision with its reason and any dissent. Agreeing again something this young person has already had,
    and that was judged not effective, needs a reason: the case review found agencies layering on what had
    already failed. With ``decision`` it edits that one (a correction)."""

    def check(values: dict[str, Any]) -> dict[str, str] | None:
        from meetingtui.core.config.catalogue import not_effective_match

        match = not_effective_match(case, values["text"] or "", entries)
        if match is not None and not (values["reason"] or "").strip():
            evidence = f" Evidence: {match.evidence}" if match.evidence else ""
            return {
                "reason": f"{match.name} was judged NOT EFFECTIVE for {case.name.rstrip('.')}.{evidence} "
                "Record why the meeting is agreeing it again."
            }
        return None

    return FormDialog(
        f"{'Correct the decision' if decision else 'Decision'} under: {item.title}",
        [
            FieldSpec(
                name="text",
                label="Decision",
                required=True,
                kind="area",
                value=decision.text if decision else text,
            ),
            FieldSpec(
                name="reason", label="Reason", kind="area", value=decision.reason if decision else None
            ),
            FieldSpec(
                name="dissent",
                label="Dissent (who and why)",
                kind="area",
                value=decision.dissent if decision else None,
                placeholder="e.g. PC Hughes (Police): would keep curfew as an option",
            ),
        ],
        today=today,
        validate=check,
    )


def _disposition_options(meeting: Meeting | None) -> list[tuple[str, str]]:
    """In a meeting, a disposition is done, carried or dropped. Between meetings an action can also be reopened."""
    options = [("Done", "done"), ("Carried to a new date", "carried"), ("Dropped", "dropped")]
    return options if meeting is not None else [*options, ("Reopened (still open)", "open")]


def disposition_form(
    action: Action, meeting: Meeting | None, today: date, typed: dict[str, Any] | None = None
) -> FormDialog:
    """Done / carried (new date and a reason) / dropped (a reason): in a meeting's review of earlier actions, or
    from the tracker between meetings (``meeting`` None). ``typed``: what was typed in a form that could not be
    saved (the action changed meanwhile), shown again over the new history."""
    history = "; ".join(
        f"{u.date.isoformat()} {u.status}"
        + (f" to {u.due.isoformat()}" if u.due else "")
        + (f" ({u.note})" if u.note else "")
        for u in action.updates
    )
    current = action.update_in(meeting.id) if meeting is not None else None
    if typed is not None:
        current = ActionUpdate(date=today, status=typed["status"], due=typed["due"], note=typed["note"])

    def check(values: dict[str, Any]) -> dict[str, str] | None:
        status = values["status"]
        problems = {}
        if status == "carried":
            if values["due"] is None:
                problems["due"] = "carrying needs a new due date"
            elif values["due"] < today:
                problems["due"] = "the new due date is in the past"
            if not (values["note"] or "").strip():
                problems["note"] = "carrying needs a reason"
        if status == "dropped" and not (values["note"] or "").strip():
            problems["note"] = "dropping needs a reason"
        return problems

    return FormDialog(
        f"{action.id}: {action.text}",
        [
            FieldSpec(
                name="status",
                label="Disposition",
                kind="select",
                required=True,
                value=current.status if current else None,
                options=_disposition_options(meeting),
            ),
            FieldSpec(
                name="due",
                label="New due date (when carried)",
                kind="date",
                value=current.due if current else None,
                placeholder="14d, 2w, 2026-12-01",
            ),
            FieldSpec(
                name="note", label="Reason / note", kind="area", value=current.note if current else None
            ),
        ],
        today=today,
        validate=check,
        note=f"Owner {action.owner}{' (' + action.agency + ')' if action.agency else ''}, due "
        f"{action.current_due.isoformat()}. History: {history or 'none'}",
    )


def sos_form(meeting: Meeting, today: date) -> FormDialog:
    return FormDialog(
        "Signs of Safety and the next meeting",
        [
            FieldSpec(name="worries", label="What are we worried about?", kind="area", value=meeting.worries),
            FieldSpec(
                name="working_well", label="What is working well?", kind="area", value=meeting.working_well
            ),
            FieldSpec(
                name="needs_to_happen",
                label="What needs to happen?",
                kind="area",
                value=meeting.needs_to_happen,
            ),
            FieldSpec(
                name="scale",
                label="Scale 0–10 (0 = nothing keeps them safe, 10 = safe enough to close)",
                kind="int",
                value=meeting.scale,
                minimum=0,
                maximum=10,
            ),
            FieldSpec(
                name="next_meeting", label="Date of the next meeting", kind="date", value=meeting.next_meeting
            ),
            FieldSpec(
                name="distribution",
                label="Distribution of the minutes (one per line)",
                kind="area",
                value="\n".join(meeting.distribution) or None,
                help="Who receives the minutes, and anything agreed about onward sharing.",
            ),
        ],
        today=today,
    )
