"""Which items and actions each reader sees. One place decides, so no section can leak what its reader should
not see: the sections only ever draw from a ``View``.

- ``full``: everything, restricted items and restricted parts marked as such.
- ``family``: restricted items, their decisions and every action raised under a restricted item (of this
  meeting or an earlier one) left out entirely, and so are the finer restrictions: an item's or a forum's
  ``restricted_notes``, a restricted decision or action, the restricted Signs of Safety lines. The document
  says once that something was withheld.
- ``young-person``: what the family may see, written to the young person (see ``young.py``).
- ``actions``: the actions only, one sheet per agency, for same-day circulation among the professionals.

The readers other than ``full`` and ``actions`` are the ones that leave the professionals (``OUTSIDE``): the
disclosure check (``disclosure.py``) runs over everything they would carry before they are written.
"""

from __future__ import annotations

import dataclasses as dc
import re
from datetime import date

from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import UserError
from meetingtui.core.record.model import Action, ActionUpdate, Case, Item, Meeting
from meetingtui.core.text.show import show

READERS = ("full", "family", "young-person", "actions")
READER_LABELS = {
    "full": "Full version",
    "family": "Version for the young person and family",
    "young-person": "Your own version",
    "actions": "Actions by agency",
}
# The versions that leave the professionals: finer restriction and the disclosure check apply to them.
OUTSIDE = ("family", "young-person")
WITHHELD_LINE = "Some information has been withheld from this version."
# Under an item some of whose notes, decisions or actions were withheld: the same words, for that item (never
# "No notes recorded", which would be untrue when the notes were there and held back).
ITEM_WITHHELD_LINE = "Some information on this item has been withheld from this version."


def check_reader(reader: str) -> str:
    if reader not in READERS:
        raise UserError(f"reader {show(reader)!r} is not one of: {', '.join(READERS)}")
    return reader


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A2 before A10: digit runs compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", text))


def _still_owed_at(action: Action, meeting: Meeting) -> bool:
    """Whether the action was still owed when the meeting took place, judged from its recorded history (not
    its state today), so an old meeting's minutes read the same whenever they are exported."""
    if not action.updates:
        return action.is_open
    before = [u for u in action.updates if u.date < meeting.date]
    return (before[-1].status if before else "open") in ("open", "carried")


def history_at(action: Action, meeting: Meeting) -> list[ActionUpdate]:
    """The action's updates as they stood at this meeting (later ones belong to later minutes)."""
    return [u for u in action.updates if u.date <= meeting.date or u.meeting_id == meeting.id]


def action_at(action: Action, meeting: Meeting) -> Action:
    """The action as it stood at this meeting: its history up to then, and the status and due date that history
    gives. Minutes approved years ago must read the same however the action went on afterwards."""
    then = action.copy()
    then.updates = history_at(then, meeting)
    then.status = then.updates[-1].status if then.updates else "open"
    return then


@dc.dataclass(kw_only=True)
class View:
    """What one reader may see of one meeting. Sections draw only from here, so the filtering is decided once."""

    case: Case
    meeting: Meeting
    reader: str
    settings: Settings
    items: list[Item]
    agreed: list[Action]
    reviewed: list[Action]
    withheld: bool
    # Items shown whose notes, decisions or actions were partly held back from this reader (outside readers).
    held_in: frozenset[str] = frozenset()

    def number(self, item: Item) -> int:
        """The item's number on the agenda: the same in every version, so "item 4" means one thing."""
        return self.meeting.item_index(item.key) + 1

    def shows(self, item_key: str) -> bool:
        return any(i.key == item_key for i in self.items)

    def actions_of(self, item: Item) -> list[Action]:
        return [a for a in self.agreed if a.item_key == item.key]

    def meeting_date(self, meeting_id: str) -> date | None:
        m = self.case.meeting(meeting_id)
        return m.date if m else None


def withheld_actions(case: Case) -> list[Action]:
    """Actions no outside reader sees: restricted themselves, or raised under a restricted item."""
    restricted = {m.id: frozenset(i.key for i in m.items if i.is_restricted) for m in case.meetings}
    return [
        a for a in case.actions if a.is_restricted or a.item_key in restricted.get(a.meeting_id, frozenset())
    ]


def _outside_copy(case: Case, meeting: Meeting) -> tuple[Case, Meeting, bool, set[str]]:
    """The case and meeting with every finer restriction taken out (notes paragraphs, decisions, Signs of
    Safety lines, forums' notes), whether anything was, and the items it was taken from. Built once, so no
    section can reach the text."""
    case = case.copy()
    meeting = next(m for m in case.meetings if m.id == meeting.id)
    cut = False
    held_in: set[str] = set()
    for f in case.forums:
        cut |= bool(f.restricted_notes)
        f.restricted_notes = None
    for name in ("restricted_worries", "restricted_working_well", "restricted_needs_to_happen"):
        cut |= bool(getattr(meeting, name))
        setattr(meeting, name, None)
    for item in meeting.items:
        here = bool(item.restricted_notes and item.restricted_notes.strip())
        here |= any(d.is_restricted for d in item.decisions)
        if here:
            held_in.add(item.key)
        cut |= bool(item.restricted_notes) or here
        item.restricted_notes = None
        item.decisions = [d for d in item.decisions if not d.is_restricted]
    return case, meeting, cut, held_in


def make_view(case: Case, meeting: Meeting, reader: str, settings: Settings) -> View:
    check_reader(reader)
    hide = reader in OUTSIDE
    withheld_ids = {a.id for a in withheld_actions(case)} if hide else set()
    finer = False
    held_in: set[str] = set()
    if hide:
        case, meeting, finer, held_in = _outside_copy(case, meeting)

    def visible(a: Action) -> bool:
        return a.id not in withheld_ids

    order = {m.id: n for n, m in enumerate(case.meetings_by_date())}
    here = order[meeting.id]
    item_pos = {i.key: n for n, i in enumerate(meeting.items)}
    agreed_all = sorted(
        case.actions_of(meeting.id),
        key=lambda a: (item_pos.get(a.item_key or "", len(item_pos)), natural_key(a.id)),
    )
    reviewed_all = sorted(
        (
            a
            for a in case.actions
            if order.get(a.meeting_id, here) < here
            and (a.update_in(meeting.id) is not None or _still_owed_at(a, meeting))
        ),
        key=lambda a: (order[a.meeting_id], natural_key(a.id)),
    )
    agreed_all = [action_at(a, meeting) for a in agreed_all]
    reviewed_all = [action_at(a, meeting) for a in reviewed_all]
    items = [i for i in meeting.items if not (hide and i.is_restricted)]
    agreed = [a for a in agreed_all if visible(a)]
    held_in |= {a.item_key for a in agreed_all if not visible(a) and a.item_key}
    reviewed = [a for a in reviewed_all if visible(a)]
    # The peer map (other children, their risks, where they go) stays on the confidential record: the family's
    # copy never carries it, even under a peers item nobody thought to restrict.
    peer_map_held_back = hide and bool(case.peers) and any(i.item_kind == "peers" for i in items)
    withheld = hide and (
        finer
        or len(items) < len(meeting.items)
        or len(agreed) < len(agreed_all)
        or len(reviewed) < len(reviewed_all)
        or peer_map_held_back
    )
    return View(
        case=case,
        meeting=meeting,
        reader=reader,
        settings=settings,
        items=items,
        agreed=agreed,
        reviewed=reviewed,
        withheld=withheld,
        held_in=frozenset(k for k in held_in if any(i.key == k for i in items)),
    )


def by_agency(view: View) -> list[tuple[str, list[Action]]]:
    """The actions sheet's grouping: what each agency owes after this meeting (agreed here, or reviewed here
    and still owed), agencies in alphabetical order, unassigned last."""
    owed = list(view.agreed) + [
        a
        for a in view.reviewed
        if (u := a.update_in(view.meeting.id)) is None or u.status in ("open", "carried")
    ]
    groups: dict[str, list[Action]] = {}
    for a in owed:
        groups.setdefault((a.agency or "").strip(), []).append(a)
    named = sorted((k for k in groups if k), key=str.casefold)
    out = [(k, groups[k]) for k in named]
    if "" in groups:
        out.append(("", groups[""]))
    return out
