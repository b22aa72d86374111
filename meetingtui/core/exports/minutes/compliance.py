"""The clocks and the corrections in the minutes: what a chair or an independent reviewer checks the record by.

"Compliance" lists every clock as it stood on the meeting's day with the rule it comes from, so the minutes show
whether the reviews, visits and notices the law asks for (and the council's own standards) were on time.
"Version history" shows the draft going out for corrections, each correction and what the chair decided, an
approval before the window closed and why, and each reopen. Both are in the full version only: a correction may
quote a restricted passage, and the clocks are for the professionals.
"""

from __future__ import annotations

from meetingtui.core.exports.minutes.document import Body, widths
from meetingtui.core.exports.minutes.readers import View
from meetingtui.core.exports.minutes.words import short_date, stamp_words
from meetingtui.core.meeting.corrections import window
from meetingtui.core.record.model import Meeting
from meetingtui.core.rules.clocks import REGULATIONS, clocks_as_of

WRITTEN = {
    "full": "The full version",
    "family": "The family version",
    "young-person": "The young person's version",
    "actions": "The actions by agency",
}


def compliance_section(view: View, body: Body) -> None:
    if view.reader != "full":
        return
    m, s = view.meeting, view.settings
    clocks = clocks_as_of(view.case, s, m.date)
    body.heading("Compliance: clocks on the day of the meeting")
    if not s.statutory_clocks:
        body.para(
            f"The statutory clocks of the {REGULATIONS} are switched off in this council's settings "
            "(statutory_clocks = false, for a council outside England); only local standards are listed."
        )
    if not clocks:
        body.text(None, empty="No clocks were running (no looked-after date or placement is recorded).")
        return
    rows = []
    for k in clocks:
        state = k.status(m.date)
        words = {"met": "Met", "due": "Due", "overdue": "Overdue"}.get(
            state
        ) or f"Late ({k.lateness().removesuffix(' late')})"
        rows.append([k.what, k.source.short, short_date(k.due), short_date(k.done, "Not yet"), words])
    body.table(
        ["Clock", "Source", "Due", "Done", "Status"],
        rows,
        widths(6.6, 3.4, 2.3, 2.3, 2.6),
        first_col_bold=True,
    )
    sources = sorted({k.source.full for k in clocks})
    body.para("Sources: " + "; ".join(sources) + ".")


def has_history(m: Meeting) -> bool:
    return bool(
        m.events("reopened")
        or any(i.corrections for i in m.items)
        or any(e.note for e in m.events("approved"))
        or (m.events("minutes circulated") and m.status != "scheduled")
        or bool(m.circulations)
    )


def version_history(view: View, body: Body) -> None:
    """Version by version: circulated for corrections, the corrections and their outcomes, approved (with the
    reason when before the window closed), reopened (who and why)."""
    m = view.meeting
    body.heading("Version history")
    version = 1
    for e in m.history:
        who = e.by or "not recorded"
        when = stamp_words(e.at) or e.at
        if e.event == "approved":
            note = f" ({e.note})" if e.note and view.reader == "full" else ""
            body.bullet(f"Version {version} approved by {who} on {when}{note}.")
        elif e.event == "reopened":
            version += 1
            body.bullet(f"Reopened by {who} on {when}" + (f": {e.note}" if e.note else "."))
        elif e.event == "minutes circulated":
            body.bullet(f"Minutes circulated by {who} on {when}.")
    span = window(m, view.settings.correction_window_working_days)
    if span is not None:
        body.bullet(f"Draft out for corrections from {short_date(span[0])} to {short_date(span[1])}.")
    if view.reader != "full":
        return
    for c in m.circulations:
        if not c.recipients:
            label = WRITTEN.get(c.reader, c.reader)
            body.bullet(
                f"{label} of version {c.version} written by {c.by or 'not recorded'} on {stamp_words(c.at) or c.at}."
            )
    for item in m.items:
        for n, c in enumerate(item.corrections, start=1):
            outcome = {"accepted": "accepted", "declined": "declined"}.get(c.outcome or "", "not yet decided")
            by = f" by {c.decided_by}" if c.decided_by and c.outcome else ""
            why = f": {c.reason}" if c.reason else ""
            body.bullet(
                f"Correction {n} to item {m.item_index(item.key) + 1} ({item.title}), asked by {c.asked_by} on "
                f"{stamp_words(c.at) or c.at}: “{c.text}” — {outcome}{by}{why}."
            )
