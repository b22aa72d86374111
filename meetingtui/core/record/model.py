"""The domain model: one young person's case, its meetings and actions.

The records mirror the case-file exchange format (``data/case-file.schema.json``) field for field, so the same
dicts serve as the storage documents and as the exchange format. Each record remembers which keys its source
carried (``_given``): a file that said ``"end": null`` exports ``"end": null`` again, and one that left the key
out leaves it out, which is what lets export followed by import round-trip exactly.

Records are validated at the edges (import, storage load), not here; ``from_dict`` assumes a valid shape and
raises on anything else, which callers turn into a "damaged file" report.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from meetingtui.core.record.fields import Record, internal, many, nullable, record
from meetingtui.core.record.plain import DEFAULT_MARKING, parse_stamp  # noqa: F401 (re-exported)
from meetingtui.core.record.statutory import Notification, Review, ReviewRequest, Visit

# Vocabularies fixed by the case-file schema (a test checks they match it).
PLACEMENT_KINDS = (
    "residential",
    "foster",
    "semi-independent",
    "supported lodgings",
    "secure",
    "family",
    "other",
)
MOVES = ("planned", "emergency")
CATEGORIES = ("national", "local")
OUTCOMES = ("effective", "partly effective", "not effective", "ongoing", "declined", "not started")
RELIABILITY = ("confirmed", "reported", "suspected")
MEETING_STATUSES = ("scheduled", "in progress", "draft", "approved")
ATTENDANCE = ("invited", "present", "apologies", "absent")
ACTION_STATUSES = ("open", "done", "carried", "dropped")
DISCLOSURE_DECISIONS = ("restrict", "rewrite", "allow")
CORRECTION_OUTCOMES = ("accepted", "declined")
NOTIFIED = ("young person", "parents", "IRO", "school", "GP", "health body", "area authority", "other")
EVENTS = (
    "scheduled",
    "started",
    "ended",
    "approved",
    "reopened",
    "actions circulated",
    "minutes circulated",
)
ITEM_KINDS = (
    "notes",
    "attendance",
    "previous-actions",
    "wishes",
    "interventions",
    "alternatives",
    "peers",
    "forums",
    "placement",
    "signs-of-safety",
    "actions",
    "reflection",
)

ItemKind = Literal[
    "notes",
    "attendance",
    "previous-actions",
    "wishes",
    "interventions",
    "alternatives",
    "peers",
    "forums",
    "placement",
    "signs-of-safety",
    "actions",
    "reflection",
]


# --------------------------------------------------------------------------------------------------- people


@record
class Person(Record):
    name: str
    role: str | None = None
    agency: str | None = None
    email: str | None = None
    phone: str | None = None

    def label(self) -> str:
        extra = ", ".join(x for x in (self.role, self.agency) if x)
        return f"{self.name} ({extra})" if extra else self.name


# ------------------------------------------------------------------------------------------- case record


@record
class Placement(Record):
    id: str
    start: date
    end: date | None = nullable()
    kind: str
    provider: str | None = None
    move: str
    iro_notified: date | None = nullable()
    review_held: date | None = nullable()
    wishes_considered: bool | None = None
    relationships_impact: str | None = None
    out_of_area: bool | None = None
    notifications: list[Notification] = many()


@record
class Wish(Record):
    date: date
    recorded_by: str | None = None
    how: str | None = None
    text: str
    # App-only identity (kept in the store, stripped from case files): a second copy finds "the same row" after
    # another inserted or removed rows (see core/record/merge.py).
    uid: str | None = internal()


@record
class Intervention(Record):
    id: str
    name: str
    category: str
    agency: str | None = None
    provider: str | None = None
    started: date | None = nullable()
    ended: date | None = nullable()
    outcome: str
    evidence: str | None = None


@record
class ContactPlan(Record):
    arrangement: str | None = None
    where: str | None = None
    when: str | None = None
    supervised_by: str | None = None
    review_by: date | None = nullable()


@record
class Peer(Record):
    id: str
    label: str
    relationship: str | None = None
    significance: str | None = None
    strengths: str | None = None
    risks: str | None = None
    places: str | None = None
    reliability: str | None = None
    contact_plan: ContactPlan | None = None


@record
class Forum(Record):
    id: str
    name: str
    chair: str | None = None
    agency: str | None = None
    next_date: date | None = nullable()
    link_person: str | None = None
    notes: str | None = None
    # Notes about this forum seen only in the full version (a MACE discussion, police intelligence).
    restricted_notes: str | None = None


# ----------------------------------------------------------------------------------------------- meetings


@record
class Attendee(Record):
    name: str
    role: str | None = None
    agency: str | None = None
    email: str | None = None
    attendance: str = "invited"
    reason: str | None = None
    arrived: str | None = None
    left: str | None = None
    # App-only identity (kept in the store, stripped from case files): a second copy finds "the same row" after
    # another inserted or removed rows (see core/record/merge.py).
    uid: str | None = internal()

    def as_person(self) -> Person:
        return Person(name=self.name, role=self.role, agency=self.agency, email=self.email)


@record
class Decision(Record):
    text: str
    reason: str | None = None
    dissent: str | None = None
    # App-only identity (kept in the store, stripped from case files): a second copy finds "the same row" after
    # another inserted or removed rows (see core/record/merge.py).
    uid: str | None = internal()
    restricted: bool | None = None

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted)


@record
class Correction(Record):
    """A correction an attendee asked for on the draft, and what the chair decided (absent outcome: pending)."""

    asked_by: str
    text: str
    at: str
    outcome: str | None = None
    reason: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None


@record
class DisclosureDecision(Record):
    """The chair's decision on one passage the disclosure check found; reused while the passage is unchanged."""

    where: str
    text: str
    hit: str
    decision: str
    reader: str | None = None
    by: str
    at: str
    note: str | None = None


@record
class Circulation(Record):
    """One version of the minutes written for, or sent to, people: which version, which reader, to whom, when."""

    version: int
    reader: str
    recipients: list[str] = many()
    at: str
    by: str | None = None
    file: str | None = None


@record
class Item(Record):
    key: str
    title: str
    timebox_minutes: int | None = None
    notes: str | None = None
    restricted: bool | None = None
    decisions: list[Decision] = many()
    started_at: str | None = nullable()
    ended_at: str | None = nullable()
    kind: str | None = None
    prompts: list[str] = many()
    # Paragraphs of notes held back from every version but the full one (beside ``notes``, so restricting a
    # paragraph never rewrites the rest).
    restricted_notes: str | None = None
    # What this item means for the young person, written to them: their own version is made from it.
    young_person: str | None = None
    corrections: list[Correction] = many()
    # Seconds spent on the item across visits, so the countdown survives moving back and forth.
    spent_seconds: int | None = internal()

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted)

    @property
    def item_kind(self) -> str:
        return self.kind or "notes"


@record
class Event(Record):
    at: str
    event: str
    by: str | None = None
    note: str | None = None


@record
class Meeting(Record):
    id: str
    template: str | None = None
    title: str
    date: date
    start: str | None = None
    location: str | None = None
    chair: Person | None = None
    minute_taker: Person | None = None
    status: str = "scheduled"
    marking: str | None = None
    attendees: list[Attendee] = many()
    items: list[Item] = many()
    scale: int | None = nullable()
    next_meeting: date | None = nullable()
    approved_at: str | None = nullable()
    approved_by: str | None = None
    started_at: str | None = nullable()
    ended_at: str | None = nullable()
    version: int | None = None
    worries: str | None = None
    working_well: str | None = None
    needs_to_happen: str | None = None
    distribution: list[str] = many()
    history: list[Event] = many()
    # Signs of Safety lines held back from every version but the full one.
    restricted_worries: str | None = None
    restricted_working_well: str | None = None
    restricted_needs_to_happen: str | None = None
    disclosure_decisions: list[DisclosureDecision] = many()
    circulations: list[Circulation] = many()
    # The item the chair is on during a live meeting: followers (present mode, a second TUI) track it.
    current_item: str | None = internal()
    # When the chair moved to the current item, so every screen shows the same countdown.
    current_since: str | None = internal()

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def item_index(self, key: str | None) -> int:
        for n, i in enumerate(self.items):
            if i.key == key:
                return n
        return 0

    @property
    def marking_text(self) -> str:
        return self.marking or DEFAULT_MARKING

    @property
    def minutes_version(self) -> int:
        """The version last approved (or the first)."""
        return self.version or 1

    @property
    def shown_version(self) -> int:
        """The version these minutes are now: a draft reopened after approval is already the next one."""
        if self.status != "approved":
            kinds = [e.event for e in self.history]
            last_approved = max((n for n, k in enumerate(kinds) if k == "approved"), default=-1)
            if last_approved >= 0 and "reopened" in kinds[last_approved:]:
                return self.minutes_version + 1
        return self.minutes_version

    @property
    def is_live(self) -> bool:
        return self.status == "in progress"

    @property
    def is_locked(self) -> bool:
        """Approved minutes are final until someone explicitly reopens them."""
        return self.status == "approved"

    def events(self, kind: str) -> list[Event]:
        return [e for e in self.history if e.event == kind]

    def planned_minutes(self) -> int:
        return sum(i.timebox_minutes or 0 for i in self.items)


@record
class ActionUpdate(Record):
    date: date
    meeting_id: str | None = None
    status: str
    due: date | None = nullable()
    note: str | None = None


@record
class Action(Record):
    id: str
    meeting_id: str
    item_key: str | None = None
    text: str
    owner: str
    agency: str | None = None
    due: date
    status: str = "open"
    updates: list[ActionUpdate] = many()
    restricted: bool | None = None

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted)

    @property
    def is_open(self) -> bool:
        """Still owed: open, or carried to a later date."""
        return self.status in ("open", "carried")

    @property
    def current_due(self) -> date:
        """The due date now in force: the newest carried date, else the original."""
        for u in reversed(self.updates):
            if u.status == "carried" and u.due is not None:
                return u.due
        return self.due

    @property
    def times_carried(self) -> int:
        return sum(1 for u in self.updates if u.status == "carried")

    def update_in(self, meeting_id: str) -> ActionUpdate | None:
        """The disposition recorded for this action in a given meeting, if any."""
        for u in reversed(self.updates):
            if u.meeting_id == meeting_id:
                return u
        return None


# -------------------------------------------------------------------------------------------------- case


@record
class Case(Record):
    id: str
    name: str
    date_of_birth: date | None = None
    legal_status: str | None = None
    looked_after_since: date | None = nullable()
    lead_professional: Person | None = None
    challenge_rights_explained: date | None = nullable()
    notes: str | None = None
    placements: list[Placement] = many()
    wishes: list[Wish] = many()
    interventions: list[Intervention] = many()
    peers: list[Peer] = many()
    forums: list[Forum] = many()
    meetings: list[Meeting] = many()
    actions: list[Action] = many()
    visits: list[Visit] = many()
    review_requests: list[ReviewRequest] = many()
    reviews: list[Review] = many()

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def actions_of(self, meeting_id: str) -> list[Action]:
        return [a for a in self.actions if a.meeting_id == meeting_id]

    def open_actions(self) -> list[Action]:
        return [a for a in self.actions if a.is_open]

    def meetings_by_date(self) -> list[Meeting]:
        return sorted(self.meetings, key=lambda m: (m.date, m.start or ""))

    def current_placement(self) -> Placement | None:
        live = [p for p in self.placements if p.end is None]
        pool = live or self.placements
        return max(pool, key=lambda p: p.start) if pool else None


def now_stamp() -> str:
    """A timestamp with the local offset, to the second, as the schema's date-time wants."""
    from meetingtui.core import clock

    return clock.now().replace(microsecond=0).isoformat()
