"""One search over everything said and recorded: item notes and titles, decisions, actions and their updates,
and the case record (placements, wishes, interventions, peers, forums, notes) of every case.

"Where did we discuss the motor project?" has to work whatever the accents and case, so matching folds both
sides (see :mod:`meetingtui.core.text.textmatch`). Restricted items (third-party information kept out of the
family's copy and off the shared screen), what hangs off them (their decisions, and actions agreed under
them) and the peer map (other children) are left out unless the caller is in a full professional view and asks
for them.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from meetingtui.core.errors import UserError
from meetingtui.core.text.peers import case_mentions
from meetingtui.core.text.textmatch import fold_text, fold_with_map, needle

if (
    TYPE_CHECKING
):  # only read: a search answered from a current index never builds a record (8.5 ms of import)
    from meetingtui.core.record.model import Case, Meeting
    from meetingtui.core.store.base import Repository

BEFORE = 30
AFTER = 50


@dc.dataclass(slots=True)
class Hit:
    case_id: str
    case_name: str
    meeting_id: str | None
    meeting_title: str | None
    item_key: str | None
    item_title: str | None
    # What matched, in words: "item notes", "decision reason", "action A3 text", "peer F1 risks", ...
    field: str
    # The text around the match on one line, control characters made safe; the match is at [start:end].
    snippet: str
    restricted: bool
    start: int = 0
    end: int = 0
    # The record the field belongs to, when it has an id: an action, placement, intervention, peer or forum.
    ref: str | None = None


def snippet_at(text: str, start: int, end: int) -> tuple[str, int, int]:
    """About BEFORE characters before and AFTER after the match, on one line: white space and control
    characters become single spaces. Returns the snippet and where the match is in it."""
    lo, hi = max(0, start - BEFORE), min(len(text), end + AFTER)
    out: list[str] = []
    s = e = 0
    for n in range(lo, hi):
        if n == start:
            s = len(out)
        if n == end:
            e = len(out)
        ch = text[n]
        if ch.isspace() or not ch.isprintable() or 0xD800 <= ord(ch) <= 0xDFFF:
            if out and out[-1] != " ":
                out.append(" ")
            continue
        out.append(ch)
    if end >= hi:
        e = len(out)
    while out and out[-1] == " ":
        out.pop()
    e = min(e, len(out))
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    return head + "".join(out) + tail, s + len(head), e + len(head)


def find(text: str | None, folded_query: str) -> tuple[int, int] | None:
    """Where ``folded_query`` occurs in ``text`` (original character offsets), or None."""
    if not text or not folded_query or folded_query not in fold_text(text):
        return None
    folded, where = fold_with_map(text)
    at = folded.find(folded_query)
    if at < 0:
        return None
    last = at + len(folded_query) - 1
    return where[at], where[last] + 1


@dc.dataclass(slots=True)
class _Where:
    meeting: Meeting | None = None
    item_key: str | None = None
    item_title: str | None = None
    restricted: bool = False
    ref: str | None = None
    #: The field's own date where it has one (a wish, an action update); else its meeting's. What the index
    #: orders places by when a word is found in too many to rank them all (:data:`.query.NEWEST`).
    when: date | None = None


def _fields(case: Case) -> Iterator[tuple[_Where, str, str | None]]:
    """Every searchable text of a case, with where it lives."""
    top = _Where()
    yield top, "case name", case.name
    yield top, "case notes", case.notes
    for p in case.placements:
        w = _Where(ref=p.id)
        yield w, f"placement {p.id} provider", p.provider
        yield w, f"placement {p.id} relationships impact", p.relationships_impact
    for wish in case.wishes:
        w = _Where(ref=wish.date.isoformat(), when=wish.date)
        yield w, f"wishes of {wish.date.isoformat()}", wish.text
        yield w, f"wishes of {wish.date.isoformat()} recorded by", wish.recorded_by
        yield w, f"wishes of {wish.date.isoformat()} how", wish.how
    for i in case.interventions:
        w = _Where(ref=i.id)
        for name in ("name", "agency", "provider", "evidence"):
            yield w, f"intervention {i.id} {name}", getattr(i, name)
    for peer in case.peers:
        # The peer map is other children's information (initials, risks, where they meet): found only where
        # restricted text may be shown, since this screen may be on a shared display.
        w = _Where(ref=peer.id, restricted=True)
        for name in ("label", "relationship", "significance", "strengths", "risks", "places"):
            yield w, f"peer {peer.id} {name}", getattr(peer, name)
        plan = peer.contact_plan
        if plan is not None:
            for name in ("arrangement", "where", "when", "supervised_by"):
                yield w, f"peer {peer.id} contact plan {name.replace('_', ' ')}", getattr(plan, name)
    for f in case.forums:
        w = _Where(ref=f.id)
        for name in ("name", "chair", "agency", "link_person", "notes"):
            yield w, f"forum {f.id} {name.replace('_', ' ')}", getattr(f, name)
        # A forum's restricted notes: found only where restricted text may be shown.
        yield _Where(ref=f.id, restricted=True), f"forum {f.id} restricted notes", f.restricted_notes
    items: dict[tuple[str, str], _Where] = {}
    for m in case.meetings_by_date():
        mw = _Where(meeting=m)
        yield mw, "meeting title", m.title
        yield mw, "what we are worried about", m.worries
        yield mw, "what is working well", m.working_well
        yield mw, "what needs to happen", m.needs_to_happen
        hidden = _Where(meeting=m, restricted=True)
        yield hidden, "what we are worried about (restricted)", m.restricted_worries
        yield hidden, "what is working well (restricted)", m.restricted_working_well
        yield hidden, "what needs to happen (restricted)", m.restricted_needs_to_happen
        for item in m.items:
            iw = _Where(m, item.key, item.title, item.is_restricted)
            items[(m.id, item.key)] = iw
            yield iw, "item title", item.title
            yield iw, "item notes", item.notes
            # Restricted paragraphs and decisions count as restricted wherever their item is open.
            yield _Where(m, item.key, item.title, True), "item notes (restricted)", item.restricted_notes
            for n, d in enumerate(item.decisions, start=1):
                dw = iw if not d.restricted else _Where(m, item.key, item.title, True)
                yield dw, f"decision {n}", d.text
                yield dw, f"decision {n} reason", d.reason
                yield dw, f"decision {n} dissent", d.dissent
    for a in case.actions:
        meeting = case.meeting(a.meeting_id)
        base = items.get((a.meeting_id, a.item_key or ""))
        aw = (
            _Where(meeting, base.item_key, base.item_title, base.restricted or a.is_restricted, a.id)
            if base
            else _Where(meeting, ref=a.id, restricted=a.is_restricted)
        )
        yield aw, f"action {a.id} text", a.text
        yield aw, f"action {a.id} owner", a.owner
        yield aw, f"action {a.id} agency", a.agency
        for u in a.updates:
            yield dc.replace(aw, when=u.date), f"action {a.id} update {u.date.isoformat()}", u.note


def searchable_fields(case: Case) -> Iterator[tuple[_Where, str, str | None]]:
    """Every searchable text of a case with where it lives: the full-text index stores exactly these rows.

    Open text that names someone on the peer map ("trusts his youth worker and R.K.") counts as restricted
    too, found as the disclosure check finds it before a family version: otherwise a search on a shared
    display shows another child's initials the peer map itself keeps hidden."""
    peers = case_mentions(case)
    for where, field, value in _fields(case):
        if peers is not None and not where.restricted and value and peers.search(value):
            where = dc.replace(where, restricted=True)
        yield where, field, value


def search_case(case: Case, text: str, *, include_restricted: bool = False) -> list[Hit]:
    """Matches in one case, in record order (case record, then meetings by date, then actions)."""
    q = needle(text)
    if not q:
        raise UserError("search: give some text to look for")
    hits = []
    for where, field, value in searchable_fields(case):
        if where.restricted and not include_restricted:
            continue
        span = find(value, q)
        if span is None or value is None:
            continue
        snippet, s, e = snippet_at(value, *span)
        m = where.meeting
        hits.append(
            Hit(
                case_id=case.id,
                case_name=case.name,
                meeting_id=m.id if m else None,
                meeting_title=m.title if m else None,
                item_key=where.item_key,
                item_title=where.item_title,
                field=field,
                snippet=snippet,
                restricted=where.restricted,
                start=s,
                end=e,
                ref=where.ref,
            )
        )
    return hits


def search(
    repo: Repository,
    text: str,
    *,
    case_id: str | None = None,
    include_restricted: bool = False,
    on_damaged: Callable[[str, UserError], None] | None = None,
) -> list[Hit]:
    """Matches across every case (or one), cases in id order. A damaged case is skipped and reported to
    ``on_damaged``, unless it is the one case asked for, which raises."""
    if not needle(text):
        raise UserError("search: give some text to look for")
    hits: list[Hit] = []
    for cid in [case_id] if case_id else repo.case_ids():
        try:
            case = repo.load_case(cid)
        except UserError as exc:
            if case_id:
                raise
            if on_damaged is not None:
                on_damaged(cid, exc)
            continue
        hits.extend(search_case(case, text, include_restricted=include_restricted))
    return hits
