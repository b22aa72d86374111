"""The structured parts of an agenda item, rendered as tables: what has been tried, peers and contact plans,
parallel forums, placements and the review clock, Signs of Safety, the review of earlier actions and the young
person's own view.

Each panel draws only from the ``View`` (already filtered for its reader) and the case record, and shows the
record as it stood at the meeting (interventions, placements and wishes dated after it are left out), so old
minutes read the same whenever they are exported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from meetingtui.core.exports.minutes.document import BOLD, ITALIC, PLAIN, Body, Cell, Span, widths
from meetingtui.core.exports.minutes.readers import OUTSIDE, View, history_at, withheld_actions
from meetingtui.core.exports.minutes.words import (
    days,
    due_words,
    peer_label,
    short_date,
    status_words,
    update_words,
)
from meetingtui.core.record.model import Action
from meetingtui.core.rules.due import is_drifting
from meetingtui.core.rules.restricted import restricted_keys, row_is_restricted

# Agenda item kinds that carry a panel, and which panel. Two kinds share the interventions table: the first
# item of either kind shows it, a later one points back to it.
PANEL_OF_KIND = {
    "interventions": "interventions",
    "alternatives": "interventions",
    "peers": "peers",
    "forums": "forums",
    "placement": "placement",
    "signs-of-safety": "signs-of-safety",
    "previous-actions": "previous-actions",
    "wishes": "wishes",
}


def _caption(body: Body, text: str, level: int | None) -> None:
    if level is not None:
        body.heading(text, level)


def drift_spans(a: Action) -> list[Span]:
    if not is_drifting(a):
        return []
    return [(f"\nDRIFTING: carried {a.times_carried} times", BOLD)]


def _range(start: object, end: object, *, open_words: str = "since") -> str:
    if start and end:
        return f"{short_date(start)} to {short_date(end)}"  # type: ignore[arg-type]
    if start:
        return f"{open_words} {short_date(start)}"  # type: ignore[arg-type]
    if end:
        return f"until {short_date(end)}"  # type: ignore[arg-type]
    return "Not recorded"


def interventions(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Interventions tried", level)
    when = view.meeting.date
    tried = [i for i in view.case.interventions if i.started is None or i.started <= when]
    if not tried:
        body.text(None, empty="No interventions recorded before this meeting.")
        return
    rows: list[list[Cell]] = []
    for i in tried:
        by = ", ".join(x for x in (i.provider, i.agency) if x) or "Not recorded"
        rows.append(
            [i.name, i.category, by, _range(i.started, i.ended), i.outcome, i.evidence or "Not recorded"]
        )
    body.table(
        ["Intervention", "National / local", "Provided by", "Dates", "Outcome", "Evidence"],
        rows,
        widths(3.2, 1.7, 3.0, 2.6, 1.9, 4.6),
        first_col_bold=True,
    )


def peers(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Peer relationships and contact plans", level)
    if view.reader in OUTSIDE and view.case.peers:
        body.text(
            None,
            empty="The peer map is kept on the young person's confidential record and is not part of "
            "this version.",
        )
        return
    if not view.case.peers:
        body.text(None, empty="No peer relationships recorded.")
        return
    rows: list[list[Cell]] = []
    for p in view.case.peers:
        about = "\n".join(
            x
            for x in (
                p.relationship,
                p.significance,
                f"Strengths: {p.strengths}" if p.strengths else None,
                f"Risks: {p.risks}" if p.risks else None,
                f"Places: {p.places}" if p.places else None,
                f"Information: {p.reliability}" if p.reliability else None,
            )
            if x
        )
        cp = p.contact_plan
        if cp is None:
            plan: Cell = [("No contact plan recorded", ITALIC)]
            supervised, review = "", ""
        else:
            plan = "\n".join(
                x
                for x in (
                    cp.arrangement,
                    f"Where: {cp.where}" if cp.where else None,
                    f"When: {cp.when}" if cp.when else None,
                )
                if x
            )
            supervised, review = cp.supervised_by or "", short_date(cp.review_by, "Not set")
        rows.append([peer_label(p.label, view.settings.peer_names), about, plan, supervised, review])
    body.table(
        [
            "Peer",
            "Relationship, significance, strengths and risks",
            "Contact plan",
            "Supervised by",
            "Review by",
        ],
        rows,
        widths(1.6, 5.0, 5.4, 2.8, 2.2),
        first_col_bold=True,
    )


def forums(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Parallel forums", level)
    if not view.case.forums:
        body.text(None, empty="No other forums recorded.")
        return
    rows: list[list[Cell]] = []
    for f in view.case.forums:
        link: Cell = f.link_person or [("None: no one carries information to and from this forum", BOLD)]
        notes: Cell = f.notes or ""
        if f.restricted_notes and f.restricted_notes.strip():
            notes = [
                (f"{f.notes}\n" if f.notes else "", PLAIN),
                ("Restricted: ", BOLD),
                (f.restricted_notes, PLAIN),
            ]
        rows.append([f.name, f.chair or "", f.agency or "", short_date(f.next_date, "Not set"), link, notes])
    body.table(
        ["Forum", "Chair", "Agency", "Next date", "Link person", "Notes"],
        rows,
        widths(2.6, 2.9, 2.3, 2.1, 3.2, 3.9),
        first_col_bold=True,
    )
    missing = [f.name for f in view.case.forums if not f.link_person]
    if missing:
        body.para(
            [("No link person: ", BOLD), (", ".join(missing), PLAIN)],
        )


def placement(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Placements and the review clock", level)
    when = view.meeting.date
    allowed = view.settings.review_days_after_emergency
    placements = sorted((p for p in view.case.placements if p.start <= when), key=lambda p: p.start)
    if not placements:
        body.text(None, empty="No placements recorded before this meeting.")
    else:
        rows: list[list[Cell]] = []
        for p in placements:
            move: list[Span] = [(p.move.capitalize(), BOLD if p.move == "emergency" else PLAIN)]
            if p.wishes_considered is not None:
                # On a line of its own: "Emergency;" was one word too wide for the column, split "Emergenc/y;".
                move.append(
                    ("\nwishes considered" if p.wishes_considered else "\nwishes not considered", PLAIN)
                )
            review: Cell
            if p.review_held is not None:
                review = f"Held {short_date(p.review_held)}"
            elif p.move == "emergency":
                due = p.start + timedelta(days=allowed)
                if when > due:
                    review = [
                        (f"Due {short_date(due)} ({allowed} days after the move): ", PLAIN),
                        (f"overdue by {days((when - due).days)} at this meeting", BOLD),
                    ]
                else:
                    review = (
                        f"Due {short_date(due)} ({allowed} days after the move); "
                        f"{days((due - when).days)} left at this meeting"
                    )
            else:
                review = "Not recorded"
            rows.append(
                [
                    ": ".join(x for x in (p.kind.capitalize(), p.provider) if x),
                    # As it stood at the meeting: an end recorded later (the next placement added) is not
                    # shown, so minutes already sent read the same (found from outside: M2's changed).
                    _range(
                        p.start, p.end if p.end is not None and p.end <= when else None, open_words="from"
                    ),
                    move,
                    short_date(p.iro_notified, "Not recorded"),
                    review,
                    p.relationships_impact or "Not recorded",
                ]
            )
        body.table(
            ["Placement", "Dates", "Move", "IRO notified", "Care review", "Impact on relationships"],
            rows,
            widths(2.9, 2.5, 2.7, 1.9, 3.2, 3.8),
            first_col_bold=True,
        )
    told = view.case.challenge_rights_explained
    body.labelled(
        f"{view.case.name} told how to challenge review decisions",
        short_date(told) if told and told <= when else None,
        missing="not recorded",
    )


def signs_of_safety(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Signs of Safety", level)
    m = view.meeting

    def col(text: str | None, held: str | None) -> Cell:
        shown = text if text and text.strip() else None
        if held and held.strip():  # only the full version still has restricted lines
            return [(f"{shown}\n" if shown else "", PLAIN), ("Restricted: ", BOLD), (held, PLAIN)]
        return shown or [("Not recorded", ITALIC)]

    body.table(
        ["What are we worried about?", "What is working well?", "What needs to happen?"],
        [
            [
                col(m.worries, m.restricted_worries),
                col(m.working_well, m.restricted_working_well),
                col(m.needs_to_happen, m.restricted_needs_to_happen),
            ]
        ],
        widths(1, 1, 1),
    )
    if m.scale is None:
        body.labelled("Scale", None, missing="not recorded")
    else:
        body.para(
            [
                ("Scale: ", BOLD),
                (f"{m.scale} out of 10", BOLD),
                (f" (0 = nothing keeps {view.case.name} safe; 10 = safe enough to close the case)", PLAIN),
            ]
        )


def previous_actions(view: View, body: Body, level: int | None) -> None:
    _caption(body, "Review of previous actions", level)
    if not view.reviewed:
        body.text(None, empty="No earlier actions were owed at this meeting.")
        return
    m = view.meeting
    rows: list[list[Cell]] = []
    marks = Marks(view)
    for a in view.reviewed:
        agreed_on = view.meeting_date(a.meeting_id)
        history = "\n".join(
            [f"Agreed {short_date(agreed_on)}, due {short_date(a.due)}"]
            + [update_words(u) for u in history_at(a, m)]
        )
        here = a.update_in(m.id)
        outcome: list[Span]
        if here is None:
            overdue = ", overdue" if a.current_due < m.date else ""
            outcome = [(f"Not reviewed; still owed{overdue}", BOLD)]
        elif here.status == "carried" and here.due is not None:
            outcome = [(f"Carried to {short_date(here.due)}", PLAIN)]
        else:
            outcome = [(here.status.capitalize(), PLAIN)]
        owner = f"{a.owner}\n{a.agency}" if a.agency else a.owner
        rows.append(
            [a.id, a.text, owner, history, outcome + drift_spans(a) + restricted_marks(view, a, marks)]
        )
    body.table(
        ["Ref", "Action", "Owner", "History", "Outcome at this meeting"],
        rows,
        widths(1.3, 5.3, 2.8, 4.6, 3.0),
    )


def wishes(view: View, body: Body, level: int | None) -> None:
    _caption(body, f"{view.case.name}'s view", level)
    when = view.meeting.date
    recorded = sorted((w for w in view.case.wishes if w.date <= when), key=lambda w: w.date)
    if not recorded:
        body.para(f"No wishes and feelings recorded for {view.case.name} before this meeting.", fmt=BOLD)
        return
    body.table(
        ["Date", "Recorded by", "How", "In their words"],
        [[short_date(w.date), w.recorded_by or "", w.how or "", w.text] for w in recorded],
        widths(2.2, 3.0, 3.2, 8.6),
    )
    age = (when - recorded[-1].date).days
    limit = view.settings.wishes_max_age_days
    if age > limit:
        body.para(
            f"The most recent recorded wishes were {days(age)} old at this meeting (more than {limit}).",
            fmt=BOLD,
        )


def _sheet_text(view: View, a: Action) -> Cell:
    """On an agency's sheet an action says where it came from and why it was last carried, so the sheet can be
    read on its own."""
    spans: list[Span] = [(a.text, PLAIN)]
    source = view.case.meeting(a.meeting_id)
    item = source.item(a.item_key) if source and a.item_key else None
    if source and item:
        # An action carried from an earlier meeting names that meeting: "item 5" of a three-item meeting
        # puzzled the agency reading its sheet (found reading the sheets as their readers).
        of = "" if source.id == view.meeting.id else f" of the meeting of {short_date(source.date)}"
        spans.append((f"\nFrom item {source.item_index(item.key) + 1}{of}, {item.title}", ITALIC))
    carried = [u for u in a.updates if u.status == "carried"]
    if carried:
        spans.append((f"\nCarried: {carried[-1].note or 'no reason recorded'}", ITALIC))
    return spans


class Marks:
    """What the marks of a case's actions need, worked out once per table."""

    def __init__(self, view: View) -> None:
        self.secret = restricted_keys(view.case.meetings)
        # Outside readers never get these; the professionals' copies say which must not be passed on.
        self.held = {a.id for a in withheld_actions(view.case)} if view.reader not in OUTSIDE else set()


def restricted_marks(view: View, a: Action, marks: Marks) -> list[Span]:
    """An action from a restricted item (or restricted itself) says so on its row wherever it is listed: this
    meeting's actions, an agency's sheet, the review of earlier actions (found unmarked there by reading the
    full version as a police officer would before forwarding a page). Two lines, as the column is narrow."""
    out: list[Span] = []
    if a.is_restricted or row_is_restricted(
        marks.secret, {"meeting_id": a.meeting_id, "item_key": a.item_key}
    ):
        out.append(("\nRESTRICTED:\ndo not forward", BOLD))
    if a.id in marks.held:
        out.append(("\nNot for the family", BOLD))
    return out


def actions_table(view: View, body: Body, actions: list[Action], *, sheet: bool = False) -> None:
    """Actions with one owner and a due date each; drifting ones (carried more than twice) marked. The
    agency's ``sheet`` drops the agency column (the sheet is for one agency) and says when each was agreed."""
    as_of = view.meeting.date
    marks = Marks(view)
    rows: list[list[Cell]] = []
    for a in actions:
        status: list[Span] = [
            (status_words(a, as_of), PLAIN),
            *drift_spans(a),
            *restricted_marks(view, a, marks),
        ]
        if sheet:
            agreed = (
                "This meeting"
                if a.meeting_id == view.meeting.id
                else short_date(view.meeting_date(a.meeting_id))
            )
            rows.append([a.id, _sheet_text(view, a), a.owner, agreed, due_words(a), status])
        else:
            rows.append([a.id, a.text, a.owner, a.agency or "", due_words(a), status])
    if sheet:
        headers = ["Ref", "Action", "Owner", "Agreed", "Due", "Status"]
        cols = widths(1.4, 6.4, 2.8, 2.3, 2.3, 1.8)
    else:
        headers = ["Ref", "Action", "Owner", "Agency", "Due", "Status"]
        cols = widths(1.4, 6.2, 2.7, 2.4, 2.3, 2.0)
    body.table(headers, rows, cols)


PANELS: dict[str, Callable[[View, Body, int | None], None]] = {
    "interventions": interventions,
    "peers": peers,
    "forums": forums,
    "placement": placement,
    "signs-of-safety": signs_of_safety,
    "previous-actions": previous_actions,
    "wishes": wishes,
}
