"""Which items and actions each reader sees. One place decides, so no section can leak what its reader should
not see: the sections only ever draw from a ``View``.

- ``full``: everything, restricted items marked as such.
- ``family``: restricted items, their decisions and every action raised under a restricted item (of this
  meeting or an earlier one) left out entirely; the document says once that something was withheld.
- ``actions``: the actions only, one sheet per agency, for same-day circulation among the professionals.
"""

from __future__ import annotations

import dataclasses as dc
import re
from datetime import date

from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import UserError
from meetingtui.core.record.model import Action, ActionUpdate, Case, Item, Meeting
from meetingtui.core.record.schema import show

READERS = ("full", "family", "actions")
READER_LABELS = {
    "full": "Full version",
    "family": "Version for the young person and family",
    "actions": "Actions by agency",
}
WITHHELD_LINE = "Some information has been withheld from this version."


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


def make_view(case: Case, meeting: Meeting, reader: str, settings: Settings) -> View:
    check_reader(reader)
    restricted = {m.id: frozenset(i.key for i in m.items if i.is_restricted) for m in case.meetings}
    hide = reader == "family"

    def visible(a: Action) -> bool:
        return not (hide and a.item_key in restricted.get(a.meeting_id, frozenset()))

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
    reviewed = [a for a in reviewed_all if visible(a)]
    # The peer map (other children, their risks, where they go) stays on the confidential record: the family's
    # copy never carries it, even under a peers item nobody thought to restrict.
    peer_map_held_back = hide and bool(case.peers) and any(i.item_kind == "peers" for i in items)
    withheld = hide and (
        len(items) < len(meeting.items)
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
