"""Forms for the case record rows. Each builds a FormDialog from a row and turns the values back into a row."""

from __future__ import annotations

import dataclasses as dc
from datetime import date
from typing import Any, TypeVar

from meetingtui.core.record.fields import Record
from meetingtui.core.record.model import (
    CATEGORIES,
    MOVES,
    OUTCOMES,
    PLACEMENT_KINDS,
    RELIABILITY,
    Case,
    ContactPlan,
    Forum,
    Intervention,
    Peer,
    Person,
    Placement,
    Wish,
)
from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

R = TypeVar("R", bound=Record)


def merged(cls: type[R], old: R | None, values: dict[str, Any]) -> R:
    """A row from a form: the old row with the form's values over it, or a new row (its id given on saving)."""
    if old is None:
        names = {f.name for f in dc.fields(cls)}
        start: dict[str, Any] = {"id": ""} if "id" in names else {}
        return cls(**start, **{k: v for k, v in values.items() if k in names})
    row = old.copy()
    for k, v in values.items():
        setattr(row, k, v)
    return row


def _opts(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def placement_form(p: Placement | None, today: date) -> FormDialog:
    p = p or Placement(id="", start=today, kind="residential", move="planned")
    return FormDialog(
        "Placement" + (f" {p.id}" if p.id else " (new)"),
        [
            FieldSpec(name="start", label="Started", kind="date", value=p.start, required=True),
            FieldSpec(name="end", label="Ended (empty if current)", kind="date", value=p.end),
            FieldSpec(
                name="kind",
                label="Kind",
                kind="select",
                value=p.kind,
                required=True,
                options=_opts(PLACEMENT_KINDS),
            ),
            FieldSpec(name="provider", label="Provider", value=p.provider, max_length=200),
            FieldSpec(
                name="move",
                label="How the move happened",
                kind="select",
                value=p.move,
                required=True,
                options=_opts(MOVES),
            ),
            FieldSpec(name="iro_notified", label="IRO notified on", kind="date", value=p.iro_notified),
            FieldSpec(
                name="review_held",
                label="Care review held on (after this move)",
                kind="date",
                value=p.review_held,
            ),
            FieldSpec(
                name="wishes_considered",
                label="Were the young person's wishes considered?",
                kind="select",
                value=p.wishes_considered,
                options=[("Yes", True), ("No", False)],
            ),
            FieldSpec(
                name="relationships_impact",
                label="Impact on relationships with professionals and friends",
                kind="area",
                value=p.relationships_impact,
            ),
        ],
        today=today,
        validate=lambda v: {"end": "ends before it starts"} if v["end"] and v["end"] < v["start"] else None,
    )


def placement_from(values: dict[str, Any], old: Placement | None) -> Placement:
    return merged(Placement, old, values)


def intervention_form(i: Intervention | None, today: date, name: str = "") -> FormDialog:
    i = i or Intervention(id="", name=name, category="local", outcome="not started")
    return FormDialog(
        "Intervention" + (f" {i.id}" if i.id else " (new)"),
        [
            FieldSpec(name="name", label="Name", value=i.name or None, required=True, max_length=200),
            FieldSpec(
                name="category",
                label="National or local",
                kind="select",
                value=i.category,
                required=True,
                options=_opts(CATEGORIES),
            ),
            FieldSpec(name="agency", label="Agency", value=i.agency, max_length=200),
            FieldSpec(name="provider", label="Provider", value=i.provider, max_length=200),
            FieldSpec(name="started", label="Started", kind="date", value=i.started),
            FieldSpec(name="ended", label="Ended", kind="date", value=i.ended),
            FieldSpec(
                name="outcome",
                label="Outcome",
                kind="select",
                value=i.outcome,
                required=True,
                options=_opts(OUTCOMES),
            ),
            FieldSpec(
                name="evidence",
                label="Evidence for that judgement",
                kind="area",
                value=i.evidence,
                help="Record evidence, not just names: what changed, and how do we know?",
            ),
        ],
        today=today,
    )


def intervention_from(values: dict[str, Any], old: Intervention | None) -> Intervention:
    return merged(Intervention, old, values)


def peer_form(p: Peer | None, today: date, *, names_allowed: bool) -> FormDialog:
    p = p or Peer(id="", label="")
    plan = p.contact_plan or ContactPlan()
    return FormDialog(
        "Peer" + (f" {p.id}" if p.id else " (new)"),
        [
            FieldSpec(
                name="label",
                label="Peer (initials)" if not names_allowed else "Peer",
                value=p.label or None,
                required=True,
                max_length=50,
                placeholder="e.g. K.B.",
            ),
            FieldSpec(name="relationship", label="Relationship", value=p.relationship, max_length=200),
            FieldSpec(
                name="significance",
                label="Emotional role and significance for the young person",
                kind="area",
                value=p.significance,
            ),
            FieldSpec(name="strengths", label="Strengths", kind="area", value=p.strengths),
            FieldSpec(name="risks", label="Risks", kind="area", value=p.risks),
            FieldSpec(name="places", label="Places", kind="area", value=p.places),
            FieldSpec(
                name="reliability",
                label="How reliable is this information?",
                kind="select",
                value=p.reliability,
                options=_opts(RELIABILITY),
            ),
            FieldSpec(
                name="arrangement",
                label="Managed contact: arrangement",
                kind="area",
                value=plan.arrangement,
                help="Plan contact rather than separation where the friendship matters to the young person.",
            ),
            FieldSpec(name="where", label="Where", value=plan.where, max_length=500),
            FieldSpec(name="when", label="When", value=plan.when, max_length=500),
            FieldSpec(name="supervised_by", label="Supervised by", value=plan.supervised_by, max_length=200),
            FieldSpec(name="review_by", label="Review the plan by", kind="date", value=plan.review_by),
        ],
        today=today,
    )


PLAN_FIELDS = ("arrangement", "where", "when", "supervised_by", "review_by")


def peer_from(values: dict[str, Any], old: Peer | None) -> Peer:
    row = merged(Peer, old, {k: v for k, v in values.items() if k not in PLAN_FIELDS})
    if any(values[k] is not None for k in PLAN_FIELDS):
        plan = row.contact_plan or ContactPlan()
        for k in PLAN_FIELDS:
            setattr(plan, k, values[k])
        row.contact_plan = plan
    else:
        row.contact_plan = None
    return row


def forum_form(f: Forum | None, today: date) -> FormDialog:
    f = f or Forum(id="", name="")
    return FormDialog(
        "Forum" + (f" {f.id}" if f.id else " (new)"),
        [
            FieldSpec(
                name="name",
                label="Forum",
                value=f.name or None,
                required=True,
                max_length=200,
                suggestions=[
                    "LAC review",
                    "PEP",
                    "Strategy meeting",
                    "MACE",
                    "YOT risk panel",
                    "MAPPA",
                    "CIN",
                    "Channel",
                ],
                placeholder="LAC review, PEP, MACE, YOT risk panel, …",
            ),
            FieldSpec(name="chair", label="Chair", value=f.chair, max_length=200),
            FieldSpec(name="agency", label="Agency", value=f.agency, max_length=200),
            FieldSpec(name="next_date", label="Next date", kind="date", value=f.next_date),
            FieldSpec(
                name="link_person",
                label="Link person (carries information between the forums)",
                value=f.link_person,
                max_length=200,
            ),
            FieldSpec(name="notes", label="Notes", kind="area", value=f.notes),
        ],
        today=today,
    )


def forum_from(values: dict[str, Any], old: Forum | None) -> Forum:
    return merged(Forum, old, values)


def wish_form(w: Wish | None, today: date, user: str) -> FormDialog:
    return FormDialog(
        "The young person's wishes and feelings",
        [
            FieldSpec(name="date", label="Date", kind="date", value=w.date if w else today, required=True),
            FieldSpec(
                name="recorded_by", label="Recorded by", value=w.recorded_by if w else user, max_length=200
            ),
            FieldSpec(
                name="how",
                label="How",
                value=w.how if w else None,
                max_length=200,
                placeholder="in person, through an advocate, app, letter",
            ),
            FieldSpec(
                name="text", label="In their words", kind="area", value=w.text if w else None, required=True
            ),
        ],
        today=today,
    )


def wish_from(values: dict[str, Any], old: Wish | None) -> Wish:
    return merged(Wish, old, values)


def case_form(case: Case | None, today: date, *, new: bool = False) -> FormDialog:
    lead = case.lead_professional if case and case.lead_professional else Person(name="")
    fields = []
    if new:
        fields.append(
            FieldSpec(
                name="id",
                label="Case id (letters, digits, - and _)",
                required=True,
                max_length=64,
                placeholder="e.g. C-0427",
            )
        )
    fields += [
        FieldSpec(
            name="name",
            label="Young person (initials or agreed name, as the minutes will say)",
            value=case.name if case else None,
            required=True,
            max_length=200,
        ),
        FieldSpec(
            name="date_of_birth",
            label="Date of birth",
            kind="date",
            value=case.date_of_birth if case else None,
        ),
        FieldSpec(
            name="legal_status",
            label="Legal status",
            value=case.legal_status if case else None,
            max_length=200,
            placeholder="s20 accommodated, s31 care order, care leaver",
        ),
        FieldSpec(name="lead_name", label="Lead professional", value=lead.name or None, max_length=200),
        FieldSpec(name="lead_role", label="Lead professional's role", value=lead.role, max_length=200),
        FieldSpec(name="lead_agency", label="Lead professional's agency", value=lead.agency, max_length=200),
        FieldSpec(
            name="challenge_rights_explained",
            label="Told how to challenge decisions on",
            kind="date",
            value=case.challenge_rights_explained if case else None,
            help="Advocate, IRO dispute process, complaints: when was the young person last told?",
        ),
    ]
    if not new:
        fields.append(
            FieldSpec(name="notes", label="Case notes", kind="area", value=case.notes if case else None)
        )

    def check(values: dict[str, Any]) -> dict[str, str] | None:
        from meetingtui.core.store.base import ID_RE

        if new and not ID_RE.match(values["id"] or ""):
            return {"id": "letters, digits, - and _ only (up to 64), starting with a letter or digit"}
        if values["date_of_birth"] and values["date_of_birth"] > today:
            return {"date_of_birth": "is in the future"}
        return None

    return FormDialog("New case" if new else "Case details", fields, today=today, validate=check)


def case_values(values: dict[str, Any], old: Case | None = None) -> dict[str, Any]:
    """Form values → case fields (the lead professional is one Person). The lead's details the form does not
    show (email, phone) are kept from ``old``: otherwise every save would look like a change to the lead, and
    a second copy's edit of them would be reported as a conflict or lost."""
    out = {k: values[k] for k in ("name", "date_of_birth", "legal_status", "challenge_rights_explained")}
    if "notes" in values:
        out["notes"] = values["notes"]
    lead = None
    if values["lead_name"]:
        before = old.lead_professional if old is not None else None
        lead = before.copy() if before is not None else Person(name=values["lead_name"])
        lead.name, lead.role, lead.agency = values["lead_name"], values["lead_role"], values["lead_agency"]
    out["lead_professional"] = lead
    return out
