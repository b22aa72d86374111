"""The young person's own version: written to them, from the per-item text the minute-taker kept for them.

It says what we talked about and what we decided for you (each item's ``young_person`` text, and the decisions),
what happens next and when (the actions they may see, with who and by when, and the next meeting), who to
contact, how to get an advocate and how to challenge a decision (both from the settings), and, where something
was withheld, a kind sentence saying so. Abbreviations are spelt out the first time they appear, from the
glossary in the settings. It draws only from the ``View`` for ``young-person``, which has every restriction
taken out, and the disclosure check runs over it like the family's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from meetingtui.core.exports.minutes.document import BOLD, ITALIC, PLAIN, Body
from meetingtui.core.exports.minutes.readers import View
from meetingtui.core.exports.minutes.words import long_date

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


def render_young(view: View, body: Body, progress: Progress) -> None:
    m, case = view.meeting, view.case
    g = Glossary(view.settings.glossary)
    body.title(f"Your meeting on {long_date(m.date)}")
    stop = "" if case.name.endswith(".") else "."
    body.para(f"Hello {case.name}{stop} This is what we talked about and what we decided for you.")
    if view.withheld:
        body.para(g(WITHHELD_KIND), fmt=ITALIC)
    body.heading("What we talked about")
    told = [i for i in view.items if i.young_person and i.young_person.strip()]
    if told:
        for item in told:
            body.heading(g(item.title), 2)
            for para in item.young_person.split("\n"):  # type: ignore[union-attr]
                if para.strip():
                    body.para(g(para))
    else:
        body.para("Your social worker will tell you about the meeting.", fmt=ITALIC)
    progress(0.4, "What we decided")
    decisions = [d for i in view.items for d in i.decisions]
    if decisions:
        body.heading("What we decided")
        for d in decisions:
            body.bullet(g(d.text) + (f" Why: {g(d.reason)}" if d.reason else ""))
    progress(0.6, "What happens next")
    body.heading("What happens next")
    for a in view.agreed:
        body.bullet(f"{a.owner} will do this by {long_date(a.current_due)}: {g(a.text)}")
    body.para(
        [("Next meeting: ", BOLD), (long_date(m.next_meeting, "not agreed yet; we will tell you"), PLAIN)]
    )
    body.heading("Who to contact")
    lead = case.lead_professional
    if lead is not None:
        how = ", ".join(x for x in (lead.phone, lead.email) if x)
        body.para(
            f"{lead.name}"
            + (f", your {lead.role.lower()}" if lead.role else "")
            + (f": {how}" if how else "")
        )
    if m.chair is not None:
        body.para(f"{m.chair.name} chaired the meeting" + (f" ({g(m.chair.role)})" if m.chair.role else ""))
    body.heading("Getting help and saying you disagree")
    body.para(g(view.settings.advocacy))
    body.para(g(view.settings.challenge))
    body.para([("Confidentiality. ", BOLD), (view.settings.confidentiality, ITALIC)], spacing=(240, 0))


def readability(paragraphs: list[str]) -> tuple[float, str]:
    """The Flesch reading ease of the text (textstat, a maintained library) and what the figure means."""
    import textstat

    text = "\n".join(p if p.rstrip().endswith((".", "!", "?", ":")) else p + "." for p in paragraphs)
    score = float(textstat.flesch_reading_ease(text))
    for floor, words in ((80, "easy"), (70, "fairly easy"), (60, "plain English"), (50, "fairly hard")):
        if score >= floor:
            return score, words
    return score, "hard"
