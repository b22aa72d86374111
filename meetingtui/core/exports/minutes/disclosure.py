"""The disclosure check: before a version that leaves the professionals is written, every passage it would carry
is scanned for what must not reach the family or the young person without the chair saying so.

It stops on:
- the names and initials in the peer map (other children), however they are written (``R.K.``, ``RK``, ``R K``);
- the ids of withheld actions (restricted, or raised under a restricted item) and their wording (two neighbouring
  words of the action, in either order and any ending: "intelligence sharing" points at "Share intelligence");
- the words in the ``disclosure_words`` setting (intelligence, MACE, MAPPA, informant, exploit…), which is also
  where a council lists other third parties' names.

Each hit names its place (``item/field``) and the passage. The chair restricts the passage (it moves beside the
text it came from, into the restricted part, so only the full version keeps it), rewrites it, or allows it;
the decision is recorded on the meeting (who, when, for which passage) and reused while the passage is
unchanged. Passages come from the reader's ``View`` (already filtered), and a last pass over the built document
catches anything a section renders that the passages did not name (place ``document``).
"""

from __future__ import annotations

import dataclasses as dc
import itertools
import re
from collections.abc import Iterator
from functools import cache

from meetingtui.core.exports.minutes.readers import OUTSIDE, View, withheld_actions
from meetingtui.core.record.model import Case, DisclosureDecision
from meetingtui.core.text.peers import compile_term, own_initial, peer_terms

# Words too common to tie a passage to an action on their own.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "him",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "who",
        "what",
        "when",
        "where",
        "which",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "each",
        "about",
        "after",
        "before",
        "than",
        "then",
        "there",
        "these",
        "those",
        "been",
        "being",
        "also",
        "can",
        "could",
        "should",
        "would",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "done",
        "agree",
        "agreed",
        "ask",
        "asked",
        "make",
        "made",
        "take",
        "get",
        "got",
        "give",
        "given",
    ]
)


@dc.dataclass(frozen=True, slots=True)
class Place:
    """Where a passage lives in the record, so restricting or rewriting it changes exactly that text."""

    kind: str  # item-notes, item-young, decision, action, update, sos, forum-notes, field, row
    ref: tuple[str, ...]  # the ids needed to find it (item key, action id, forum id, field name...)
    paragraph: int | None = None  # the paragraph within a multi-paragraph text


def can_restrict(place: Place | None) -> bool:
    """Whether restricting can move the passage aside in the record: the meeting's own text, not its title
    or place, nor a row of the case record (those are rewritten for the version, or allowed)."""
    if place is None or place.kind == "row":
        return False
    return not (place.kind == "field" and place.ref[0] == "meeting")


@dc.dataclass(frozen=True, slots=True)
class Passage:
    where: str  # as the chair reads it: item/field
    text: str
    place: Place | None  # None: found only in the built document


@dc.dataclass(frozen=True, slots=True)
class Hit:
    """One passage with what the check matched in it; the chair settles the passage as a whole."""

    where: str
    text: str
    found: tuple[tuple[str, str], ...]  # (what matched, as written; why: peer map, listed word...)
    place: Place | None

    @property
    def hits(self) -> list[str]:
        return [what for what, _ in self.found]

    def line(self) -> str:
        why = "; ".join(f"{w}: {what}" for what, w in self.found)
        return f'{self.where}: "{_short(self.text)}" ({why})'


def _short(text: str, limit: int = 160) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- terms


@dc.dataclass(frozen=True, slots=True)
class Term:
    pattern: re.Pattern[str]
    why: str


def word_term(word: str) -> str:
    """A listed word finds its longer forms ("exploit": "exploiting"); a short acronym only itself."""
    w = word.strip()
    if len(w) <= 4 and w.isupper():
        return rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])"
    return rf"(?i)(?<![A-Za-z]){re.escape(w)}"


def _stem(word: str) -> str:
    w = word.lower()
    for end in ("ing", "ed", "es", "s", "e"):
        if len(w) > len(end) + 3 and w.endswith(end):
            return w[: -len(end)]
    return w


def _content(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _STOP and len(w) >= 3]


def _pairs(text: str) -> set[frozenset[str]]:
    words = _content(text)
    return {frozenset(p) for p in itertools.pairwise(words) if p[0] != p[1]}


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def terms_for(case: Case, words: list[str]) -> list[Term]:
    out: list[Term] = []
    own = own_initial(case.name)
    for p in case.peers:
        out += [Term(compile_term(t), "peer map") for t in peer_terms(p.label, own)]
    for a in withheld_actions(case):
        out.append(
            Term(_compile(rf"(?<![A-Za-z0-9]){re.escape(a.id)}(?![A-Za-z0-9])"), f"withheld action {a.id}")
        )
    out += [Term(_compile(word_term(w)), "listed word") for w in words if w.strip()]
    return out


def scan(text: str, terms: list[Term], withheld: dict[str, set[frozenset[str]]]) -> list[tuple[str, str]]:
    """(what matched, why) for each thing in ``text`` that must not go out unsettled, in order of kind."""
    found: list[tuple[str, str]] = []
    for t in terms:
        m = t.pattern.search(text)
        if m:
            found.append((m.group(0).strip(), t.why))
    if withheld:
        words = re.findall(r"[A-Za-z]+", text)
        here = _pairs(text)
        for aid, pairs in withheld.items():
            common = here & pairs
            if common:
                stems = sorted(common, key=sorted)[0]
                shown = " ".join(w for w in words if _stem(w) in stems and w.lower() not in _STOP)
                found.append((shown or " ".join(sorted(stems)), f"wording of withheld action {aid}"))
    return found


# ------------------------------------------------------------------------------------------- passages


def _paras(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n") if p.strip()]


def passages(view: View) -> Iterator[Passage]:
    """Every passage of free text the reader's version carries, with its place in the record."""
    if view.reader == "young-person":
        yield from _young_passages(view)
        return
    m, case = view.meeting, view.case
    yield Passage("meeting/title", m.title, Place("field", ("meeting", "title")))
    if m.location:
        yield Passage("meeting/location", m.location, Place("field", ("meeting", "location")))
    for a in m.attendees:
        if a.reason:
            yield Passage(f"attendance/{a.name}", a.reason, Place("row", ("attendee", a.name)))
    for item in view.items:
        k = item.key
        yield Passage(f"{k}/title", item.title, Place("field", ("item", k, "title")))
        for n, para in enumerate(_paras(item.notes)):
            yield Passage(f"{k}/notes", para, Place("item-notes", (k,), n))
        for n, d in enumerate(item.decisions, 1):
            for part in (d.text, d.reason, d.dissent):
                if part:
                    yield Passage(f"{k}/decision {n}", part, Place("decision", (k, str(n - 1))))
    for name, label in (
        ("worries", "worries"),
        ("working_well", "working well"),
        ("needs_to_happen", "needs"),
    ):
        for n, para in enumerate(_paras(getattr(m, name))):
            yield Passage(f"signs-of-safety/{label}", para, Place("sos", (name,), n))
    for a in [*view.agreed, *view.reviewed]:
        yield Passage(f"action {a.id}/text", a.text, Place("action", (a.id,)))
        for u in a.updates:
            if u.note:
                yield Passage(f"action {a.id}/update", u.note, Place("action", (a.id,)))
    # The record's tables appear only under an item of their kind; the document pass covers the rest.
    from meetingtui.core.exports.minutes.panels import PANEL_OF_KIND

    shown = {PANEL_OF_KIND.get(i.item_kind) for i in view.items}
    # The case record's rows ("row" places) can be rewritten for this version or allowed; they are not text of
    # the meeting that restricting could move aside.
    for f in case.forums if "forums" in shown else []:
        yield Passage(f"forum {f.name}/name", f.name, Place("row", ("forum", f.id)))
        for n, para in enumerate(_paras(f.notes)):
            yield Passage(f"forum {f.name}/notes", para, Place("forum-notes", (f.id,), n))
    # As the panels show them: what was recorded by the meeting's date (found from outside: a placement that
    # began after the meeting was asked about, though its minutes never carry it).
    when = m.date
    for w in case.wishes if "wishes" in shown else []:
        if w.date > when:
            continue
        yield Passage(f"wishes {w.date.isoformat()}", w.text, Place("row", ("wish", w.date.isoformat())))
    for p in case.placements if "placement" in shown else []:
        if p.relationships_impact and p.start <= when:
            yield Passage(
                f"placement {p.id}/relationships", p.relationships_impact, Place("row", ("placement", p.id))
            )
    for i in case.interventions if "interventions" in shown else []:
        if i.evidence and (i.started is None or i.started <= when):
            yield Passage(f"intervention {i.name}/evidence", i.evidence, Place("row", ("intervention", i.id)))
    for n, who in enumerate(m.distribution, 1):
        yield Passage(f"distribution/{n}", who, Place("row", ("distribution", str(n - 1))))


def _young_passages(view: View) -> Iterator[Passage]:
    """The young person's version carries less: their text per item, the other topics' titles, decisions, the
    actions they may see (agreed here, or reviewed here with the note of what was done)."""
    from meetingtui.core.exports.minutes.young import PROCEDURAL

    for item in view.items:
        k = item.key
        told = bool(item.young_person and item.young_person.strip())
        if told or item.item_kind not in PROCEDURAL:
            yield Passage(f"{k}/title", item.title, Place("field", ("item", k, "title")))
        for n, para in enumerate(_paras(item.young_person)):
            yield Passage(f"{k}/young person", para, Place("item-young", (k,), n))
        for n, d in enumerate(item.decisions, 1):
            for part in (d.text, d.reason):
                if part:
                    yield Passage(f"{k}/decision {n}", part, Place("decision", (k, str(n - 1))))
    for a in [*view.agreed, *view.reviewed]:
        yield Passage(f"action {a.id}/text", a.text, Place("action", (a.id,)))
        here = a.update_in(view.meeting.id)
        if here is not None and here.note:
            yield Passage(f"action {a.id}/update", here.note, Place("action", (a.id,)))


# ---------------------------------------------------------------------------------------------- check


def is_settled(decisions: list[DisclosureDecision], hit: Hit, reader: str) -> bool:
    """Whether every match in the passage was allowed for this reader while the passage read exactly so."""
    allowed = {
        d.hit
        for d in decisions
        if d.decision == "allow"
        and d.where == hit.where
        and d.text == hit.text
        and d.reader in (None, reader)
    }
    return all(what in allowed for what in hit.hits)


def check(view: View, original: Case, document_text: list[str] | None = None) -> tuple[list[Hit], list[Hit]]:
    """(unsettled, settled) hits in what ``view`` would carry. ``original`` is the whole case (the view's copy
    has the finer restrictions taken out, but the peer map and withheld actions are read from the whole).
    ``document_text``: the built document's paragraphs, for the last pass."""
    if view.reader not in OUTSIDE:
        return [], []
    terms = terms_for(original, view.settings.disclosure_words)
    withheld = {a.id: _pairs(a.text) for a in withheld_actions(original)}
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for p in passages(view):
        found = scan(p.text, terms, withheld)
        if found and (p.where, p.text) not in seen:
            seen.add((p.where, p.text))
            hits.append(Hit(p.where, p.text, tuple(found), p.place))
    covered = [h.text for h in hits]
    if view.reader == "young-person":
        # That version names the young person "you" ("explain to J." reads "explain to you"): a passage settled
        # as written covers the same passage as it is printed.
        from meetingtui.core.exports.minutes.young import to_you

        covered += [to_you(c, view.case.name) for c in covered]
    for para in document_text or []:
        if view.reader == "young-person":
            # The glossary's own words ("MACE (the meeting about children at risk of being exploited)") are
            # the council's, not the record's: the passage is checked as it was written.
            for k, v in view.settings.glossary.items():
                para = para.replace(f"{k} ({v})", k)
        found = scan(para, terms, withheld)
        if found and not any(c in para or para in c for c in covered) and ("document", para) not in seen:
            seen.add(("document", para))
            hits.append(Hit("document", para, tuple(found), None))
    decisions = view.meeting.disclosure_decisions
    unsettled = [h for h in hits if not is_settled(decisions, h, view.reader)]
    settled = [h for h in hits if is_settled(decisions, h, view.reader)]
    return unsettled, settled
