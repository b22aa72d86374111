"""The chair's new wording for a passage the disclosure check stopped on, put into the outside reader's copy only.

A rewrite is a decision about what the family or the young person is told, not a change to the record: the
professionals' minutes are the record (they may be read in court years later), so the full version keeps what
was said as it was said. Found from outside: rewriting used to replace the passage in the case itself, so the
full version lost it and only the decision's log kept the original.

The decision (``disclosure_decisions``: where, the passage, ``decision = "rewrite"``, the reader) carries the
new wording in its note, as every version of meetingtui has written it (``Rewritten as: …``). When a version
for that reader is built, each passage that still reads exactly as it did when it was rewritten is replaced in
the reader's copy (:class:`~meetingtui.core.exports.minutes.readers.View`, already a copy). A passage changed
since is not: the check then stops on it again, as it does for an allowed passage that changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetingtui.core.exports.minutes.disclosure import Place
    from meetingtui.core.exports.minutes.readers import View
    from meetingtui.core.record.model import DisclosureDecision

REWRITTEN = "Rewritten as: "


def note_for(wording: str) -> str:
    return f"{REWRITTEN}{wording}"


def wordings(decisions: list[DisclosureDecision], reader: str) -> dict[tuple[str, str], str]:
    """(where, passage) -> the new wording given for this reader; a later decision on the same passage wins."""
    out: dict[tuple[str, str], str] = {}
    for d in decisions:
        if d.decision == "rewrite" and d.reader in (None, reader) and (d.note or "").startswith(REWRITTEN):
            out[(d.where, d.text)] = (d.note or "")[len(REWRITTEN) :]
    return out


def apply(view: View) -> int:
    """Put each rewritten passage's new wording into the reader's copy; returns how many were."""
    from meetingtui.core.exports.minutes.disclosure import passages

    table = wordings(view.meeting.disclosure_decisions, view.reader)
    if not table:
        return 0
    done = 0
    # A wording can itself be rewritten (the first still named a peer, and the check asked about it): each
    # round applies what the last one produced, until nothing more applies. Bounded, in case two decisions
    # rewrite a passage back and forth.
    for _round in range(len(table) + 1):
        changed = 0
        for p in list(passages(view)):
            new = table.get((p.where, p.text))
            if new is not None and new != p.text and p.place is not None and _put(view, p.place, p.text, new):
                changed += 1
        if not changed:
            break
        done += changed
    return done


def _para(text: str | None, para: str, new: str) -> tuple[str | None, bool]:
    lines = (text or "").split("\n")
    if para not in lines:
        return text, False
    return "\n".join(new if line == para else line for line in lines), True


def _put(view: View, place: Place, text: str, new: str) -> bool:
    """``text`` replaced by ``new`` where the passage lives in the view (its items, actions and case are the
    reader's copies: the record is never touched)."""
    m = view.meeting
    kind, ref = place.kind, place.ref
    if kind in ("item-notes", "item-young"):
        item = next((i for i in view.items if i.key == ref[0]), None)
        if item is None:
            return False
        field = "notes" if kind == "item-notes" else "young_person"
        changed, ok = _para(getattr(item, field), text, new)
        setattr(item, field, changed)
        return ok
    if kind == "sos":
        changed, ok = _para(getattr(m, ref[0]), text, new)
        setattr(m, ref[0], changed)
        return ok
    if kind == "decision":
        item = next((i for i in view.items if i.key == ref[0]), None)
        n = int(ref[1])
        if item is None or n >= len(item.decisions):
            return False
        d = item.decisions[n]
        for attr in ("text", "reason", "dissent"):
            if getattr(d, attr) == text:
                setattr(d, attr, new)
                return True
        return False
    if kind == "action":
        found = False
        for a in (*view.agreed, *view.reviewed):
            if a.id != ref[0]:
                continue
            if a.text == text:
                a.text, found = new, True
            for u in a.updates:
                if u.note == text:
                    u.note, found = new, True
        return found
    if kind == "forum-notes":
        forum = next((f for f in view.case.forums if f.id == ref[0]), None)
        if forum is None:
            return False
        forum.notes, ok = _para(forum.notes, text, new)
        return ok
    if kind == "row":
        return _put_row(view, ref, text, new)
    if kind == "field":
        if ref[0] == "item":
            item = next((i for i in view.items if i.key == ref[1]), None)
            if item is None or item.title != text:
                return False
            item.title = new
            return True
        if getattr(m, ref[1], None) != text:
            return False
        setattr(m, ref[1], new)
        return True
    return False


def _put_row(view: View, ref: tuple[str, ...], text: str, new: str) -> bool:
    """A row of the case record or the meeting's lists, in the reader's copy."""
    table, key = ref
    case, m = view.case, view.meeting
    if table == "forum":
        row: Any = next((f for f in case.forums if f.id == key), None)
        attr = "name"
    elif table == "wish":
        row = next((w for w in case.wishes if w.date.isoformat() == key and w.text == text), None)
        attr = "text"
    elif table == "placement":
        row = next((p for p in case.placements if p.id == key), None)
        attr = "relationships_impact"
    elif table == "intervention":
        row = next((i for i in case.interventions if i.id == key), None)
        attr = "evidence"
    elif table == "attendee":
        row = next((a for a in m.attendees if a.name == key), None)
        attr = "reason"
    elif table == "distribution":
        n = int(key)
        if n < len(m.distribution) and m.distribution[n] == text:
            m.distribution[n] = new
            return True
        return False
    else:
        return False
    if row is None or getattr(row, attr) != text:
        return False
    setattr(row, attr, new)
    return True
