"""Restricting part of an agenda item: one paragraph of its notes, one decision, one action, one Signs of Safety
line, one paragraph of a forum's notes. Whatever is restricted stays in the full version (marked) and is left out
of the family's and the young person's; lifting the restriction puts it back.

A restricted paragraph or line moves beside the text it came from (``restricted_notes``, ``restricted_worries``
...), so the rest of the text is never rewritten; decisions and actions carry a ``restricted`` flag.
"""

from __future__ import annotations

import dataclasses as dc

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.meeting.lifecycle import edit_meeting
from meetingtui.core.record.model import Case, Item, Meeting
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show

SOS = (("worries", "Worried about"), ("working_well", "Working well"), ("needs_to_happen", "Needs to happen"))


@dc.dataclass(frozen=True, slots=True)
class Part:
    kind: str  # note, decision, action, sos, forum
    ref: str  # the field (sos), the decision's number, the action id, the forum id; "" for notes
    text: str
    restricted: bool

    @property
    def label(self) -> str:
        what = {
            "note": "Notes",
            "decision": "Decision",
            "action": f"Action {self.ref}",
            "forum": "Forum notes",
        }
        head = dict(SOS).get(self.ref, "") if self.kind == "sos" else what[self.kind]
        return f"{'[restricted] ' if self.restricted else ''}{head}: {' '.join(self.text.split())[:90]}"


def _paras(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n") if p.strip()]


def parts_of(case: Case, meeting: Meeting, item: Item) -> list[Part]:
    """What of this item can be restricted or lifted, in the order the minutes show it."""
    out = [Part("note", "", p, False) for p in _paras(item.notes)]
    out += [Part("note", "", p, True) for p in _paras(item.restricted_notes)]
    out += [Part("decision", str(n), d.text, d.is_restricted) for n, d in enumerate(item.decisions)]
    out += [
        Part("action", a.id, a.text, a.is_restricted)
        for a in case.actions_of(meeting.id)
        if a.item_key == item.key
    ]
    if item.item_kind == "signs-of-safety":
        for name, _ in SOS:
            out += [Part("sos", name, p, False) for p in _paras(getattr(meeting, name))]
            out += [Part("sos", name, p, True) for p in _paras(getattr(meeting, f"restricted_{name}"))]
    if item.item_kind == "forums":
        for f in case.forums:
            out += [Part("forum", f.id, p, False) for p in _paras(f.notes)]
            out += [Part("forum", f.id, p, True) for p in _paras(f.restricted_notes)]
    return out


def _swap(src: str | None, dst: str | None, para: str) -> tuple[str | None, str]:
    lines = (src or "").split("\n")
    if para not in lines:
        raise Conflict("that text has changed since it was shown; try again")
    lines.remove(para)
    rest = "\n".join(lines).strip("\n") or None
    return rest, (f"{dst}\n{para}" if dst and dst.strip() else para)


def approved_elsewhere(action_id: str, agreed: Meeting) -> Conflict:
    """Restricting an action changes every version of the minutes of the meeting that agreed it. Found from
    outside: restricted through a later draft meeting, it changed approved minutes, no reopen recorded."""
    return Conflict(
        f"action {action_id} was agreed at meeting {agreed.id} ({agreed.date.isoformat()}), whose minutes are "
        "approved: restricting it changes them; reopen that meeting first (recorded), or rewrite the passage "
        "for this version, or allow it"
    )


def toggle(repo: Repository, case_id: str, meeting_id: str, item_key: str, part: Part) -> str:
    """Restrict the part, or lift its restriction; returns a line saying which."""
    done = "Restriction lifted" if part.restricted else "Restricted (full version only)"
    if part.kind in ("action", "forum") and repo.load_meeting(case_id, meeting_id).is_locked:
        raise Conflict(f"meeting {meeting_id}: approved minutes are locked; reopen them first (recorded)")
    if part.kind == "action":
        with repo.transaction(case_id) as tx:
            a = tx.action(part.ref)
            agreed = tx.meeting(a.meeting_id)
            if agreed.id != meeting_id and agreed.is_locked:
                raise approved_elsewhere(a.id, agreed)
            a.restricted = None if part.restricted else True
            tx.put_action(a)
        return f"{done}: action {part.ref}."
    if part.kind == "forum":
        with repo.transaction(case_id) as tx:
            record = tx.record()
            f = next((f for f in record.forums if f.id == part.ref), None)
            if f is None:
                raise UserError(f"case {case_id}: no forum {show(part.ref)}")
            if part.restricted:
                f.restricted_notes, f.notes = _swap(f.restricted_notes, f.notes, part.text)
            else:
                f.notes, f.restricted_notes = _swap(f.notes, f.restricted_notes, part.text)
            tx.put_record(record)
        return f"{done}: a paragraph of {f.name}'s notes."

    def put(m: Meeting) -> None:
        item = m.item(item_key)
        if item is None:
            raise UserError(f"meeting {m.id}: no agenda item {show(item_key)}")
        if part.kind == "note":
            if part.restricted:
                item.restricted_notes, item.notes = _swap(item.restricted_notes, item.notes, part.text)
            else:
                item.notes, item.restricted_notes = _swap(item.notes, item.restricted_notes, part.text)
        elif part.kind == "decision":
            n = int(part.ref)
            if n >= len(item.decisions):
                raise Conflict("that decision has changed since it was shown; try again")
            item.decisions[n].restricted = None if part.restricted else True
        elif part.kind == "sos":
            held = f"restricted_{part.ref}"
            if part.restricted:
                a, b = _swap(getattr(m, held), getattr(m, part.ref), part.text)
                setattr(m, held, a)
                setattr(m, part.ref, b)
            else:
                a, b = _swap(getattr(m, part.ref), getattr(m, held), part.text)
                setattr(m, part.ref, a)
                setattr(m, held, b)

    edit_meeting(repo, case_id, meeting_id, put)
    return f"{done}."
