"""What is recorded under a meeting's items: notes (autosaved), restriction, Signs of Safety and other plain
fields, decisions and actions. Each function is one locked read-modify-write, refused on approved minutes.
"""

from __future__ import annotations

import re
from datetime import date

from meetingtui.core.errors import UserError
from meetingtui.core.meeting.lifecycle import edit_meeting, require_editable
from meetingtui.core.record.model import (
    Action,
    Decision,
    Meeting,
)
from meetingtui.core.record.schema import show
from meetingtui.core.store.base import Repository

# The autosave waits this long for the case lock, then keeps the text and tries again on its next tick.
AUTOSAVE_LOCK_TIMEOUT = 1.0


def save_notes(repo: Repository, case_id: str, meeting_id: str, key: str, text: str) -> None:
    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.notes = text if text else None

    edit_meeting(repo, case_id, meeting_id, put, lock_timeout=AUTOSAVE_LOCK_TIMEOUT)


def set_restricted(repo: Repository, case_id: str, meeting_id: str, key: str, restricted: bool) -> None:
    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.restricted = True if restricted else (False if "restricted" in item._given else None)

    edit_meeting(repo, case_id, meeting_id, put)


def set_meeting_fields(repo: Repository, case_id: str, meeting_id: str, **values: object) -> None:
    """Signs of Safety text, scale, next meeting date, distribution: plain fields of the meeting."""
    allowed = {
        "worries",
        "working_well",
        "needs_to_happen",
        "scale",
        "next_meeting",
        "distribution",
        "location",
        "title",
        "start",
        "date",
        "chair",
        "minute_taker",
        "marking",
    }
    unknown = set(values) - allowed
    if unknown:
        raise UserError(f"cannot set {sorted(unknown)[0]} on a meeting")
    scale = values.get("scale")
    if scale is not None and (not isinstance(scale, int) or not 0 <= scale <= 10):
        raise UserError(f"the Signs of Safety scale runs from 0 to 10, not {show(scale)}")

    def put(m: Meeting) -> None:
        for k, v in values.items():
            setattr(m, k, v)

    edit_meeting(repo, case_id, meeting_id, put)


# ------------------------------------------------------------------------------------------ decisions


def add_decision(repo: Repository, case_id: str, meeting_id: str, key: str, decision: Decision) -> int:
    """Record a decision under an item; returns its index there (for undo)."""
    if not decision.text.strip():
        raise UserError("a decision needs its text")

    def put(m: Meeting) -> int:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        item.decisions.append(decision)
        return len(item.decisions) - 1

    return edit_meeting(repo, case_id, meeting_id, put)


def remove_decision(repo: Repository, case_id: str, meeting_id: str, key: str, index: int) -> Decision:
    def put(m: Meeting) -> Decision:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError("that decision is no longer there")
        return item.decisions.pop(index)

    return edit_meeting(repo, case_id, meeting_id, put)


def replace_decision(
    repo: Repository, case_id: str, meeting_id: str, key: str, index: int, decision: Decision
) -> None:
    if not decision.text.strip():
        raise UserError("a decision needs its text")

    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError("that decision is no longer there")
        item.decisions[index] = decision

    edit_meeting(repo, case_id, meeting_id, put)


# -------------------------------------------------------------------------------------------- actions

_VERBISH = re.compile(
    r"^(to\s+)?(a(dd|gree|rrange|sk|ssess|ttend|pply|pproach)|b(ook|uild)|c(all|arry|heck|hase|omplete|onfirm|"
    r"ontact|onsider|onvene|reate|ircula)|d(ecide|eliver|iscuss|raft)|e(mail|nsure|scalate|xplain|xplore)|"
    r"f(ind|ollow|ind)|g(et|ive)|h(old|elp)|i(dentify|nform|nvite|nvestigate)|l(ead|iaise|ook)|m(ake|eet|onitor)|"
    r"n(otify)|o(btain|ffer|rganise|rganize)|p(lan|repare|rovide|ropose|ursue)|r(aise|eview|efer|eport|equest|"
    r"ecord|un|eturn|ecruit|esearch)|s(chedule|end|et|hare|peak|upport|ubmit|ecure|ource)|t(ake|alk|ell|rial)|"
    r"u(pdate|ndertake)|v(isit)|w(rite|ork)|"
    r"ring|phone|text|chase|meet|speak|invite|collate|compile|liaise|seek|note|nominate|identify|allocate|"
    r"apply|escalate|fund|complete|start|stop|end|hold|keep|move|place|pay|print|read|sign|test|train|"
    r"agree|confirm|map|record|re-?refer|re-?assess)\b",
    re.IGNORECASE,
)


def smart_hints(text: str) -> list[str]:
    """Gentle nudges towards SMART actions; owner and due date are enforced separately, these only advise."""
    hints = []
    t = text.strip()
    if t and not _VERBISH.match(t):
        hints.append(
            "Start with what will be done (e.g. 'Refer…', 'Book…', 'Share…') so the action is specific."
        )
    if len(t.split()) < 3:
        hints.append("Say what 'done' looks like, so the next meeting can tell whether it happened.")
    return hints


def validate_action(text: str, owner: str, due: date | None) -> None:
    if not text.strip():
        raise UserError("an action needs its text: what will be done")
    if not owner.strip():
        raise UserError("an action needs one named owner (SMART: who will do it)")
    if due is None:
        raise UserError("an action needs a due date (SMART: by when)")


def add_action(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    *,
    item_key: str | None,
    text: str,
    owner: str,
    agency: str | None,
    due: date | None,
) -> Action:
    validate_action(text, owner, due)
    assert due is not None
    with repo.transaction(case_id) as tx:
        m = tx.meeting(meeting_id)
        require_editable(m)
        if item_key is not None and m.item(item_key) is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(item_key)}")
        action = Action(
            id=tx.next_action_id(),
            meeting_id=meeting_id,
            item_key=item_key,
            text=text.strip(),
            owner=owner.strip(),
            agency=(agency or "").strip() or None,
            due=due,
            status="open",
        )
        tx.put_action(action)
        return action


def edit_action(repo: Repository, case_id: str, action: Action) -> None:
    validate_action(action.text, action.owner, action.due)
    with repo.transaction(case_id) as tx:
        require_editable(tx.meeting(action.meeting_id))
        tx.action(action.id)
        tx.put_action(action)


def delete_action(repo: Repository, case_id: str, action_id: str) -> Action:
    """Remove an action agreed in error (undo of a capture). Only actions of a meeting still being written."""
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        require_editable(tx.meeting(action.meeting_id))
        tx.delete_action(action_id)
        return action
