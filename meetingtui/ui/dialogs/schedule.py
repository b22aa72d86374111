"""Scheduling a meeting from an agenda template: template, date, time, place, chair and minute-taker."""

from __future__ import annotations

from typing import Any

from textual.app import App

from meetingtui.core.errors import UserError
from meetingtui.core.meeting.lifecycle import MeetingPlan, default_start
from meetingtui.core.record.model import Case, Person
from meetingtui.core.text.dates import parse_date
from meetingtui.ui.dialogs.form import FieldSpec, FormDialog


def _templates(app: App) -> Any:
    from meetingtui.core.config.templates import load_templates

    ts = load_templates(app.ws)  # type: ignore[attr-defined]
    for w in ts.warnings:
        app.say(w, severity="warning", timeout=10)  # type: ignore[attr-defined]
    return ts


def schedule_dialog(app: App, case: Case) -> tuple[FormDialog, Any] | None:
    """The form, and the templates it offers (read once: the plan is built from the same set)."""
    ts = _templates(app)
    if not ts.templates:
        app.say("No agenda templates could be loaded.", severity="error")  # type: ignore[attr-defined]
        return None
    ws = app.ws  # type: ignore[attr-defined]
    last = max(case.meetings, key=lambda m: (m.date, m.start or ""), default=None)
    chair = last.chair if last and last.chair else None
    taker = last.minute_taker if last and last.minute_taker else None
    first = next(iter(ts.templates.values()))
    options = [(f"{t.title} ({t.total_minutes} min)", t.id) for t in ts.templates.values()]

    offered = {"start": default_start(case.meetings, ws.today())}

    def retitle(name: str, value: Any, form: FormDialog) -> None:
        if name == "template" and value in ts.templates:
            form.set_value("title", ts.templates[value].title)
        if name == "date" and form.raw("start") == offered["start"]:
            # A second meeting the same day: offer a time after the last one (unless a time was typed).
            try:
                on = parse_date(str(value or ""), ws.today())
            except UserError:
                return
            if on is not None:
                offered["start"] = default_start(case.meetings, on)
                form.set_value("start", offered["start"])

    dialog = FormDialog(
        f"Schedule a meeting for {case.name}",
        [
            FieldSpec(
                name="template",
                label="Agenda template",
                kind="select",
                value=first.id,
                required=True,
                options=options,
            ),
            FieldSpec(name="title", label="Title", value=first.title, required=True, max_length=300),
            FieldSpec(
                name="date", label="Date", kind="date", required=True, placeholder="2026-12-10, 2w, thu"
            ),
            FieldSpec(name="start", label="Start time", kind="time", value=offered["start"]),
            FieldSpec(
                name="location", label="Place or call", max_length=300, value=last.location if last else None
            ),
            FieldSpec(name="chair", label="Chair", value=chair.name if chair else None, max_length=200),
            FieldSpec(
                name="chair_role", label="Chair's role", value=chair.role if chair else None, max_length=200
            ),
            FieldSpec(
                name="minute_taker",
                label="Minute-taker",
                value=taker.name if taker else ws.settings.user,
                max_length=200,
            ),
        ],
        today=ws.today(),
        on_change=retitle,
        note="Attendees are copied from the last meeting; earlier actions still owed are reviewed first.",
    )
    return dialog, ts


def plan_from(ts: Any, values: dict[str, Any]) -> MeetingPlan:
    from meetingtui.core.config.templates import meeting_items

    template = ts.get(values["template"])
    return MeetingPlan(
        title=values["title"],
        on=values["date"],
        start=values["start"],
        location=values["location"],
        chair=Person(name=values["chair"], role=values["chair_role"]) if values["chair"] else None,
        minute_taker=Person(name=values["minute_taker"]) if values["minute_taker"] else None,
        template_id=template.id,
        marking=template.marking,
        items=meeting_items(template),
    )
