"""The young person's own version: written to them, from the per-item text the minute-taker kept for them.

It greets them (by first name when the case holds one, else just "Hello": never by initials), says what we
talked about (each item's ``young_person`` text, and the other topics they may see), what was decided and why,
what people will do and by when (the actions they may see, agreed here or still owed, with who and the due
date), what was done since the last meeting, the next meeting, and ends with what is meant for them: who to
talk to if something is wrong or they disagree (their social worker and IRO by name where recorded), how to get
an advocate and how to challenge (from the settings), and what the marking on each page means. The agencies'
confidentiality statement is not in it. Where the record names them ("explain to J."), the decisions and
actions say "you", and so does a pronoun plainly meaning them in the same sentence (``to_you``, in
``you.py``). "What people will do" lists only what was still owed as at the meeting; what was done or stopped
by then goes under "Since the last meeting". Abbreviations are spelt out the first time they appear, from the
glossary in the settings; a person's role that needs it reads "Chris Dale, YOT (the youth offending team)
officer", never with brackets inside brackets. It draws only from the ``View`` for ``young-person``, which
has every restriction taken out, and the disclosure check runs over it like the family's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from meetingtui.core.exports.minutes.document import BOLD, ITALIC, PLAIN, Body, Span, clean_line
from meetingtui.core.exports.minutes.readers import View
from meetingtui.core.exports.minutes.words import long_date
from meetingtui.core.exports.minutes.you import is_initials, to_you
from meetingtui.core.record.model import DEFAULT_MARKING, Action, Case, Meeting, Person

Progress = Callable[[float, str], None]

WITHHELD_KIND = (
    "Some of what was talked about is not written here. That is to keep other people's information private, "
    "not because of anything you did. You can ask your social worker or your IRO about it."
)


class Glossary:
    """Spells out each abbreviation the first time it appears in the document: "YOT (the youth offending
    team)", then just "YOT"."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = {k: v for k, v in terms.items() if k.strip() and v.strip()}
        self.used: set[str] = set()
        self.pattern = (
            re.compile(
                r"(?<![A-Za-z])("
                + "|".join(re.escape(k) for k in sorted(self.terms, key=len, reverse=True))
                + r")(?![A-Za-z])"
            )
            if self.terms
            else None
        )

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text

        def expand(m: re.Match[str]) -> str:
            word = m.group(1)
            if word in self.used:
                return word
            self.used.add(word)
            return f"{word} ({self.terms[word]})"

        return self.pattern.sub(expand, text)


# Items that are the meeting's own business: listed as a topic only when the minute-taker wrote them something.
PROCEDURAL = ("attendance", "actions")
_IRO = re.compile(r"(?i)(?<![a-z])(IRO|independent reviewing officer)(?![a-z])")


def first_name(case: Case) -> str | None:
    """The first name the case holds for the young person (its ``name``: initials or an agreed name)."""
    name = " ".join(case.name.split())
    if not name or is_initials(name):
        return None
    first = name.split(" ")[0].rstrip(".,")
    return first if len(first) > 1 and not is_initials(first) else None


def greeting(case: Case) -> str:
    name = first_name(case)
    return f"Hello {name}." if name else "Hello."


def _iro(view: View) -> Person | None:
    """The young person's IRO as the record names them: at this meeting, else at the latest earlier one."""
    earlier = [x for x in view.case.meetings_by_date() if x.date <= view.meeting.date]
    ordered: list[Meeting] = [view.meeting, *reversed([x for x in earlier if x.id != view.meeting.id])]
    for meeting in ordered:
        for a in meeting.attendees:
            if a.role and _IRO.search(a.role):
                return a.as_person()
    return None


# A role's first word that reads in lower case inside a sentence ("Martin Cole (team manager)"); any other
# first word ("Eastfield project worker", "YOT officer") is kept as the record writes it.
_ROLE_TEXT = """
    team social senior designated personal key placement foster residential youth school family police
    virtual deputy head assistant service case support lead principal health education specialist
    practice manager chair teacher advocate mentor carer"""
_ROLE_WORDS = frozenset(_ROLE_TEXT.split())


def role_words(role: str) -> str:
    """A role as it reads inside a sentence: "Team manager" -> "team manager"; "YOT officer" stays."""
    first, space, rest = " ".join(role.split()).partition(" ")
    if first.lower() in _ROLE_WORDS and first[:1].isupper() and first[1:].islower():
        first = first.lower()
    return first + space + rest


def named(name: str, role: str | None, g: Glossary, *, closed: bool = False) -> str:
    """A person with their role, spelt out from the glossary: "Grace Obi (IRO)", or "Chris Dale, YOT (the
    youth offending team) officer" when the spelt-out role has brackets of its own, so brackets never nest
    (a ``closed`` one ends with its comma, as a sentence goes on after it: "..., chaired the meeting")."""
    if not role or not role.strip():
        return name
    words = g(role_words(role))
    if "(" not in words:
        return f"{name} ({words})"
    return f"{name}, {words}" + ("," if closed else "")


def _owner(view: View, a: Action, g: Glossary) -> str:
    """Who owns an action, with the role the record gives them ("Grace Obi (IRO)"), else their agency."""
    people = [*view.meeting.attendees, view.case.lead_professional, view.meeting.chair]
    role = next((p.role for p in people if p is not None and p.name == a.owner and p.role), None)
    return named(g(to_you(a.owner, view.case.name)), role or a.agency, g)


def render_young(view: View, body: Body, progress: Progress) -> None:
    m, case = view.meeting, view.case
    g = Glossary(view.settings.glossary)

    def you(text: str | None) -> str:
        return g(to_you(text or "", case.name))

    body.title(f"Your meeting on {long_date(m.date)}")
    body.para(
        f"{greeting(case)} On {long_date(m.date)} the people who work with you met to talk about how things "
        "are going for you. This is what we talked about, what was decided and what happens next."
    )
    if view.withheld:
        body.para(g(WITHHELD_KIND), fmt=ITALIC)
    progress(0.2, "What we talked about")
    _talked_about(view, body, you)
    progress(0.4, "What was decided")
    body.heading("What was decided")
    decisions = [d for i in view.items for d in i.decisions]
    for d in decisions:
        body.bullet([(you(d.text), PLAIN)] + ([(" Why: ", BOLD), (you(d.reason), PLAIN)] if d.reason else []))
    if not decisions:
        body.para("Nothing new was decided at this meeting.", fmt=ITALIC)
    progress(0.6, "What people will do")
    _next_steps(view, body, you, g)
    _ending(view, body, g)


def _talked_about(view: View, body: Body, you: Callable[[str | None], str]) -> None:
    body.heading("What we talked about")
    told = [i for i in view.items if i.young_person and i.young_person.strip()]
    for item in told:
        body.heading(you(item.title), 2)
        for para in (item.young_person or "").split("\n"):
            if para.strip():
                body.para(you(para))
    others = [i for i in view.items if i not in told and i.item_kind not in PROCEDURAL]
    if others:
        if told:
            body.para("We also talked about:", keep_next=True)
        for item in others:
            body.bullet(you(item.title))
    if not told:
        lead = view.case.lead_professional
        who = f"{lead.name}, your social worker," if lead is not None else "Your social worker"
        body.para(f"{who} can tell you more about any of this.")


def _next_steps(view: View, body: Body, you: Callable[[str | None], str], g: Glossary) -> None:
    """What is still owed as at this meeting (agreed here, or reviewed and open or carried), then what was
    done or stopped by then. Each action's status is the one its history gave at this meeting
    (``action_at``), so an action agreed here and already done is not listed as still to do."""
    m = view.meeting
    owed: list[tuple[Action, date]] = []
    done: list[tuple[Action, str]] = []
    for a in [*view.agreed, *view.reviewed]:
        here = a.update_in(m.id)
        if a.is_open:
            owed.append((a, here.due if here is not None and here.due is not None else a.current_due))
        else:
            done.append((a, a.status))
    body.heading("What people will do, and by when")
    for a, due in owed:
        body.bullet([(_owner(view, a, g), BOLD), (f", by {long_date(due)}: ", PLAIN), (you(a.text), PLAIN)])
    if not owed:
        body.para("Nobody has anything new to do for this meeting.", fmt=ITALIC)
    if done:
        body.heading("Since the last meeting", 2)
        for a, status in done:
            word = "Done by" if status == "done" else "Stopped by"
            here = a.update_in(m.id)
            spans: list[Span] = [(f"{word} {_owner(view, a, g)}: ", BOLD), (you(a.text), PLAIN)]
            if here is not None and here.note:
                spans.append((f" {you(here.note)}", PLAIN))
            body.bullet(spans)
    body.para(
        [("Next meeting: ", BOLD), (long_date(m.next_meeting, "not agreed yet; we will tell you"), PLAIN)],
        spacing=(120, 120),
    )


def _ending(view: View, body: Body, g: Glossary) -> None:
    """What the young person can do about what they have read: meant for them, not the agencies' handling text."""
    case, m = view.case, view.meeting
    body.heading("If something is wrong, or you disagree")
    body.para(
        "If something in here is wrong or missing, or you do not agree with what was decided, you can say so. "
        "You will not get into trouble for it."
    )
    lead = case.lead_professional
    if lead is not None:
        how = ", ".join(x for x in (lead.phone, lead.email) if x)
        role = f", your {role_words(lead.role)}" if lead.role else ""
        body.bullet(
            [("Talk to ", PLAIN), (lead.name, BOLD), (g(role) + (f": {how}" if how else "") + ".", PLAIN)]
        )
    else:
        body.bullet("Talk to your social worker.")
    iro = _iro(view)
    job = " Their job is to check your plan and make sure what you think is listened to."
    if iro is not None:
        how = ", ".join(x for x in (iro.phone, iro.email) if x)
        body.bullet(
            [
                ("Or talk to ", PLAIN),
                (iro.name, BOLD),
                (g(", your IRO") + (f": {how}" if how else "") + "." + job, PLAIN),
            ]
        )
    else:
        body.bullet(g("Or talk to your IRO.") + job)
    # The last lines kept together: read as a young person's own copy, a page 2 holding only "This copy is
    # yours" looked like something had gone missing.
    body.para(g(view.settings.advocacy), keep_next=True)
    body.para(g(view.settings.challenge), keep_next=True)
    if m.chair is not None:
        body.para(f"{named(m.chair.name, m.chair.role, g, closed=True)} chaired the meeting.", keep_next=True)
    marking = clean_line(m.marking) or clean_line(view.settings.marking) or DEFAULT_MARKING
    body.para(
        "This copy is yours. Keep it somewhere safe"
        + (
            f": the words {marking} at the top and bottom of each page mean it is private."
            if marking
            else "."
        ),
        fmt=ITALIC,
        spacing=(240, 0),
    )


def readability(paragraphs: list[str]) -> tuple[float, str]:
    """The Flesch reading ease of the text (textstat, a maintained library) and what the figure means."""
    import textstat

    text = "\n".join(p if p.rstrip().endswith((".", "!", "?", ":")) else p + "." for p in paragraphs)
    score = float(textstat.flesch_reading_ease(text))
    for floor, words in ((80, "easy"), (70, "fairly easy"), (60, "plain English"), (50, "fairly hard")):
        if score >= floor:
            return score, words
    return score, "hard"
