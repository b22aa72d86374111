"""Settling the disclosure check's hits: the chair restricts a passage, rewrites it, or allows it to go.

Every decision is recorded on the meeting (``disclosure_decisions``: where, the passage, what matched, the
decision, the reader, who and when), whatever it was, so the record shows why a version said what it said.
Restricting moves the passage into the restricted text beside it (an item's or a forum's ``restricted_notes``,
a Signs of Safety ``restricted_*`` line) or sets the ``restricted`` flag of a decision or an action, so only the
full version keeps it. Rewriting and allowing change no text of the record: a rewrite's new wording goes into
the outside version only (:mod:`.rewording`), and both are reused by later versions while the passage stays
exactly as it was.
"""

from __future__ import annotations

from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.exports.minutes import disclosure, rewording
from meetingtui.core.exports.minutes.readers import OUTSIDE
from meetingtui.core.meeting import restrict
from meetingtui.core.record.model import (
    DISCLOSURE_DECISIONS,
    Case,
    DisclosureDecision,
    Item,
    Meeting,
    now_stamp,
)
from meetingtui.core.store.base import Repository
from meetingtui.core.text.show import show


class Unsettled(UserError):
    """A version for outside readers with passages the chair has not decided on: nothing is written."""

    def __init__(self, case_id: str, meeting_id: str, reader: str, hits: list[disclosure.Hit]) -> None:
        self.hits = hits
        self.hint = (
            f"settle each with: meetingtui disclosure {case_id} {meeting_id} --reader {reader} "
            "--allow N | --restrict N | --rewrite N TEXT"
        )
        super().__init__(
            f"case {case_id}: the {reader} version of meeting {meeting_id} was not written: "
            f"{len(hits)} passage{'s' if len(hits) != 1 else ''} to settle first"
        )

    def lines(self) -> list[str]:
        return [str(self), *(f"{n}. {h.line()}" for n, h in enumerate(self.hits, 1)), self.hint]


def find(case: Case, meeting_id: str, reader: str, settings: Settings) -> list[disclosure.Hit]:
    """The unsettled hits of this meeting's version for ``reader``: its passages and the built document's."""
    meeting = case.meeting(meeting_id)
    if meeting is None:
        raise UserError(f"case {case.id}: no meeting {show(meeting_id)}")
    if reader not in OUTSIDE:
        raise UserError(f"the disclosure check is for {' and '.join(OUTSIDE)} versions, not {show(reader)}")
    from meetingtui.core.exports.minutes import build_minutes  # the document pass needs the built version

    try:
        build_minutes(case, meeting_id, reader=reader, settings=settings)
    except Unsettled as exc:
        return exc.hits
    return []


def _move(text: str | None, para: str) -> tuple[str | None, bool]:
    """``text`` without the paragraph ``para`` (None when nothing is left), and whether it was there."""
    lines = (text or "").split("\n")
    if para not in lines:
        return text, False
    lines.remove(para)
    rest = "\n".join(lines).strip("\n")
    return (rest or None), True


def _add(text: str | None, para: str) -> str:
    return f"{text}\n{para}" if text and text.strip() else para


def _item(meeting: Meeting, key: str) -> Item:
    item = meeting.item(key)
    if item is None:
        raise Conflict(f"meeting {meeting.id}: no item {show(key)} (the record changed; run the check again)")
    return item


def decide(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    hit: disclosure.Hit,
    decision: str,
    *,
    reader: str,
    by: str,
    rewrite: str | None = None,
) -> list[DisclosureDecision]:
    """Apply and record one decision on one passage (one record per thing it matched), in one transaction."""
    return decide_all(repo, case_id, meeting_id, [(hit, decision, rewrite)], reader=reader, by=by)


def _refusal(hit: disclosure.Hit, decision: str, rewrite: str | None) -> UserError | None:
    """Why this decision cannot be taken whatever the meeting's state, or None."""
    if decision not in DISCLOSURE_DECISIONS:
        return UserError(f"{show(decision)!r} is not one of: {', '.join(DISCLOSURE_DECISIONS)}")
    if decision == "rewrite" and not (rewrite and rewrite.strip()):
        return UserError(f"{hit.where}: give the new wording to rewrite it")
    if "\n" in (rewrite or ""):
        return UserError(f"{hit.where}: the new wording must be one paragraph")
    if decision != "allow" and hit.place is None:
        done = "rewritten" if decision == "rewrite" else "restricted"
        return UserError(
            f"{hit.where}: this text is not a passage of the minutes that can be {done} here (it comes from "
            "elsewhere in the record, such as a circulation); change it where it is recorded, or allow it"
        )
    if decision == "restrict" and not disclosure.can_restrict(hit.place):
        return UserError(
            f"{hit.where}: this is not text of the meeting that restricting can move aside; rewrite it for "
            "this version, or allow it"
        )
    return None


def decide_all(
    repo: Repository,
    case_id: str,
    meeting_id: str,
    plan: list[tuple[disclosure.Hit, str, str | None]],
    *,
    reader: str,
    by: str,
) -> list[DisclosureDecision]:
    """Apply and record several decisions (passage, decision, new wording) in one transaction: all of them, or
    none when any is refused (found from outside: the CLI exited 2 having saved the decisions before the
    refused one)."""
    for hit, decision, rewrite in plan:
        refused = _refusal(hit, decision, rewrite)
        if refused is not None:
            raise refused
    records: list[DisclosureDecision] = []
    with repo.transaction(case_id) as tx:
        meeting = tx.meeting(meeting_id)
        # Only restricting changes the record (the passage moves into its restricted part): approved minutes
        # are reopened for that. A rewrite, like allowing, decides what the outside version says (rewording.py).
        if meeting.is_locked and any(decision == "restrict" for _, decision, _ in plan):
            raise Conflict(
                f"meeting {meeting_id}: approved minutes are locked; reopen them first (recorded) to restrict "
                "this passage, or rewrite it for this version, or allow it"
            )
        stamp = now_stamp()
        for hit, decision, rewrite in plan:
            if decision == "restrict":
                assert hit.place is not None
                if not _restrict(tx, meeting, hit.place, hit.text):
                    raise Conflict(f"{hit.where}: the passage has changed since the check; run it again")
            records += [
                DisclosureDecision(
                    where=hit.where,
                    text=hit.text,
                    hit=what,
                    decision=decision,
                    reader=reader,
                    by=by,
                    at=stamp,
                    note=rewording.note_for(rewrite or "") if decision == "rewrite" else None,
                )
                for what in dict.fromkeys(hit.hits)
            ]
        meeting.disclosure_decisions.extend(records)
        tx.put_meeting(meeting)
    return records


def _restrict(tx, meeting: Meeting, place: disclosure.Place, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Move the passage into the restricted part beside it (or flag its decision, action or item), so only the
    full version keeps it; False when it is no longer there as the check saw it."""
    kind = place.kind
    if kind in ("item-notes", "item-young"):
        item = _item(meeting, place.ref[0])
        field = "notes" if kind == "item-notes" else "young_person"
        rest, ok = _move(getattr(item, field), text)
        if ok:
            setattr(item, field, rest)
            item.restricted_notes = _add(item.restricted_notes, text)
        return ok
    if kind == "sos":
        (name,) = place.ref
        rest, ok = _move(getattr(meeting, name), text)
        if ok:
            setattr(meeting, name, rest)
            held = f"restricted_{name}"
            setattr(meeting, held, _add(getattr(meeting, held), text))
        return ok
    if kind == "decision":
        item = _item(meeting, place.ref[0])
        # Numbered as the outside version shows them: the restricted decisions are not there.
        # The number is the check's, taken before this batch: an earlier decision restricted now has left the
        # list, so the passage is found by its text, the numbered one first.
        shown = [d for d in item.decisions if not d.is_restricted]
        n = int(place.ref[1])
        order = ([shown[n]] if n < len(shown) else []) + shown
        found = next((d for d in order if text in (d.text, d.reason, d.dissent)), None)
        if found is None:
            return text in {
                x for d in item.decisions if d.is_restricted for x in (d.text, d.reason, d.dissent)
            }
        found.restricted = True
        return True
    if kind == "action":
        action = tx.action(place.ref[0])
        agreed = tx.meeting(action.meeting_id)
        if agreed.id != meeting.id and agreed.is_locked:
            raise restrict.approved_elsewhere(action.id, agreed)
        action.restricted = True
        tx.put_action(action)
        return True
    if kind == "forum-notes":
        record = tx.record()
        forum = next((f for f in record.forums if f.id == place.ref[0]), None)
        if forum is None:
            return False
        rest, ok = _move(forum.notes, text)
        if ok:
            forum.notes = rest
            forum.restricted_notes = _add(forum.restricted_notes, text)
        tx.put_record(record)
        return ok
    if kind == "field" and place.ref[0] == "item":
        _item(meeting, place.ref[1]).restricted = True
        return True
    return False
