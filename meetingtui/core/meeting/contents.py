"""What is recorded under a meeting's items: notes (autosaved), restriction, Signs of Safety and other plain
fields, decisions and actions. Each function is one locked read-modify-write, refused on approved minutes.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting.lifecycle import edit_meeting, require_editable, stamp
from meetingtui.core.record import merge
from meetingtui.core.record.model import (
    Action,
    Decision,
    Item,
    Meeting,
)
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show

# The autosave waits this long for the case lock, then keeps the text and tries again on its next tick.
AUTOSAVE_LOCK_TIMEOUT = 1.0


class NotesReplaced(Conflict):
    """The stored notes are not the ones the editor started from: the case was replaced under a running meeting
    (``import --replace --force``, ``restore --force``). ``stored`` is what is on disk now."""

    def __init__(self, meeting_id: str, key: str, stored: str) -> None:
        self.key = key
        self.stored = stored
        super().__init__(
            f"meeting {meeting_id}: the notes of item {show(key)} were replaced on disk (an import or restore) "
            "since this editor read them; not saved over them"
        )


def save_notes(
    repo: Repository, case_id: str, meeting_id: str, key: str, text: str, *, base: str | None = None
) -> None:
    """Store an item's notes. With ``base`` (the notes as the editor last read or saved them), refuse with
    :class:`NotesReplaced` when the stored notes are something else: the one running meeting is the only writer
    of its notes, so a difference means the case was replaced under it, and typing must not silently undo that."""

    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        if base is not None and (item.notes or "") != base:
            raise NotesReplaced(m.id, key, item.notes or "")
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
    repo: Repository,
    case_id: str,
    meeting_id: str,
    key: str,
    index: int,
    decision: Decision,
    *,
    opened: Decision | None = None,
) -> None:
    """Correct a decision. With ``opened`` (the decision as the form showed it) it is found again wherever other
    copies moved it, only the fields the person changed are applied, and a field changed underneath too raises
    EditConflict with nothing saved."""
    if not decision.text.strip():
        raise UserError("a decision needs its text")
    what = f"meeting {meeting_id}: this decision"

    def again(stored: Decision | None, mine: Decision) -> None:
        if stored is None:  # removed underneath and kept: recorded again
            mine = mine.copy()
            mine.uid = None
            add_decision(repo, case_id, meeting_id, key, mine)
            return
        replace_decision(repo, case_id, meeting_id, key, index, mine, opened=stored)

    def put(m: Meeting) -> None:
        item = m.item(key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(key)}")
        if opened is not None:
            pos = merge.find_row(item.decisions, opened, index)
            if pos is None:
                raise merge.removed_conflict(what, decision, again)
            theirs = item.decisions[pos]
            row, conflicts = merge.merge_rows(opened, decision, theirs, DECISION_LABELS)
            if conflicts:
                raise merge.EditConflict(what, conflicts, stored=theirs.copy(), merged=row, again=again)
            item.decisions[pos] = row  # type: ignore[assignment]
            return
        if not 0 <= index < len(item.decisions):
            raise UserError("that decision is no longer there")
        item.decisions[index] = decision

    edit_meeting(repo, case_id, meeting_id, put)


DECISION_LABELS = {"text": "Decision", "reason": "Reason", "dissent": "Dissent"}
ACTION_LABELS = {"text": "What will be done", "owner": "Owner", "agency": "Agency", "due": "Due"}

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


def edit_action(repo: Repository, case_id: str, action: Action, *, opened: Action | None = None) -> None:
    """Store an edited action. With ``opened`` (the action as the form showed it) only the fields the person
    changed are applied onto the action as stored now; a field changed underneath too raises EditConflict."""
    validate_action(action.text, action.owner, action.due)
    what = f"case {case_id}: action {action.id}"

    def again(stored: Action | None, mine: Action) -> None:
        if stored is None:
            raise UserError(f"{what}: deleted in another copy; add it again if it is still needed")
        edit_action(repo, case_id, mine, opened=stored)

    with repo.transaction(case_id) as tx:
        require_editable(tx.meeting(action.meeting_id))
        theirs = tx.action(action.id)
        if opened is not None:
            merged, conflicts = merge.merge_rows(opened, action, theirs, ACTION_LABELS)
            if conflicts:
                raise merge.EditConflict(what, conflicts, stored=theirs, merged=merged, again=again)
            action = merged  # type: ignore[assignment]
            validate_action(action.text, action.owner, action.due)
        tx.put_action(action)


def delete_action(repo: Repository, case_id: str, action_id: str) -> Action:
    """Remove an action agreed in error (undo of a capture). Only actions of a meeting still being written."""
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        require_editable(tx.meeting(action.meeting_id))
        tx.delete_action(action_id)
        return action


# ---------------------------------------------------------------------------------------------- corrections
# A decision or an action recorded in error is corrected or removed while the minutes are a draft (or during
# the meeting); approved minutes need a recorded reopen first (edit_meeting refuses them). Each correction is
# written into the item's own record as a dated line, so what was said before the change is not lost: the
# case-file format has no per-item history list (a schema change is a later version's work), and the item's
# notes are where the minutes already keep what happened under that item.

CORRECTION_MARK = "Correction"


def _quote(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return "“" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "”"


def _log_correction(item: Item, by: str, at: str, what: str) -> None:
    """Append one dated line to the item's notes: ``Correction 10:42 (Martin Cole): …``."""
    line = f"{CORRECTION_MARK} {at[:10]} {at[11:16]} ({by.strip() or 'not recorded'}): {what}"
    item.notes = (item.notes.rstrip() + "\n" if item.notes else "") + line


def _decision_words(d: Decision) -> str:
    words = d.text
    if d.reason:
        words += " because " + d.reason
    if d.dissent:
        words += "; dissent: " + d.dissent
    return _quote(words)


def correct_decision(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    key: str,
    index: int,
    decision: Decision,
    *,
    by: str,
    now: datetime | None = None,
) -> Decision:
    """Replace a decision recorded wrongly; the item keeps a line saying what it said before. Returns the old one."""
    if not decision.text.strip():
        raise UserError("a decision needs its text")
    at = stamp(now)

    def put(m: Meeting) -> Decision:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError(f"meeting {m.id}: that decision is no longer there")
        old = item.decisions[index]
        if old == decision:
            return old
        item.decisions[index] = decision
        _log_correction(
            item, by, at, f"decision {index + 1} was {_decision_words(old)}; now {_decision_words(decision)}."
        )
        return old

    return edit_meeting(repo, case_id, meeting_id, put)


def withdraw_decision(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    key: str,
    index: int,
    *,
    by: str,
    reason: str,
    now: datetime | None = None,
) -> Decision:
    """Remove a decision recorded in error, with the reason; the item keeps a line saying what was removed."""
    if not reason.strip():
        raise UserError("removing a decision needs a reason (it is kept with the item)")
    at = stamp(now)

    def put(m: Meeting) -> Decision:
        item = m.item(key)
        if item is None or not 0 <= index < len(item.decisions):
            raise UserError(f"meeting {m.id}: that decision is no longer there")
        old = item.decisions.pop(index)
        _log_correction(item, by, at, f"decision {_decision_words(old)} removed: {reason.strip()}.")
        return old

    return edit_meeting(repo, case_id, meeting_id, put)


def _action_words(a: Action) -> str:
    agency = f" ({a.agency})" if a.agency else ""
    return f"{a.owner}{agency} by {a.due.isoformat()}: {_quote(a.text)}"


def _item_for(m: Meeting, action: Action) -> Item | None:
    """Where an action's correction is kept: its item, else the meeting's actions item, else the first."""
    item = m.item(action.item_key) if action.item_key else None
    if item is None:
        item = next((i for i in m.items if i.kind == "actions"), None)
    return item or (m.items[0] if m.items else None)


def correct_action(
    repo: Repository,
    case_id: str,
    action_id: str,
    *,
    text: str,
    owner: str,
    agency: str | None,
    due: date | None,
    by: str,
    now: datetime | None = None,
) -> Action:
    """Change what an action agreed in this meeting says (text, owner, agency, due); its item keeps the old."""
    validate_action(text, owner, due)
    assert due is not None
    at = stamp(now)
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        m = tx.meeting(action.meeting_id)
        require_editable(m)
        before = _action_words(action)
        action.text, action.owner = text.strip(), owner.strip()
        action.agency, action.due = (agency or "").strip() or None, due
        after = _action_words(action)
        if after == before:
            return action
        item = _item_for(m, action)
        if item is not None:
            _log_correction(item, by, at, f"action {action.id} was {before}; now {after}.")
            tx.put_meeting(m)
        tx.put_action(action)
        return action


def withdraw_action(
    repo: Repository, case_id: str, action_id: str, *, by: str, reason: str, now: datetime | None = None
) -> Action:
    """Remove an action agreed in error, with the reason; its item keeps a line saying what was removed.

    Refused once a later meeting or the tracker has recorded progress on it: then it is no error but history,
    and the way to end it is a disposition (dropped, with a reason)."""
    if not reason.strip():
        raise UserError("removing an action needs a reason (it is kept with the item)")
    at = stamp(now)
    with repo.transaction(case_id) as tx:
        action = tx.action(action_id)
        m = tx.meeting(action.meeting_id)
        require_editable(m)
        if action.updates:
            raise UserError(
                f"action {action.id} already has progress recorded; drop it with a reason instead of removing it"
            )
        item = _item_for(m, action)
        if item is not None:
            _log_correction(
                item, by, at, f"action {action.id} ({_action_words(action)}) removed: {reason.strip()}."
            )
            tx.put_meeting(m)
        tx.delete_action(action_id)
        return action
