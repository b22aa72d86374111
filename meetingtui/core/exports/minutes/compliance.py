"""The clocks and the corrections in the minutes: what a chair or an independent reviewer checks the record by.

"Compliance" lists every clock as it stood on the meeting's day with the rule it comes from, so the minutes show
whether the reviews, visits and notices the law asks for (and the council's own standards) were on time.
"Version history" shows the draft going out for corrections, each correction and what the chair decided, an
approval before the window closed and why, and each reopen. Both are in the full version only: a correction may
quote a restricted passage, and the clocks are for the professionals.
"""

from __future__ import annotations

from datetime import date

from meetingtui.core.exports.minutes.document import Body, widths
from meetingtui.core.exports.minutes.readers import View
from meetingtui.core.exports.minutes.words import short_date, stamp_words
from meetingtui.core.record.model import parse_stamp
from meetingtui.core.rules.clocks import REGULATIONS, clocks_as_of
from meetingtui.core.rules.workdays import add_working_days

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
        # Source: room for a setting's name whole ("review_days_after_emergency").
        widths(4.8, 5.4, 2.1, 2.2, 2.5),
        first_col_bold=True,
    )
    sources = sorted({k.source.full for k in clocks})
    body.para("Sources: " + "; ".join(sources) + ".")


def _when(at: str) -> tuple[float, str]:
    """A sort key in time order whatever offset each stamp was written with (a stamp that does not parse sorts
    by its text, after the ones that do)."""
    moment = parse_stamp(at)
    return (moment.timestamp(), at) if moment is not None else (float("inf"), at)


def history_lines(view: View) -> list[str]:
    """The version history in the order it happened. The full version names who did what and why, each
    version written, each correction and its outcome, and who the minutes went to; the other versions give
    only what happened when: a reopen's reason or a correction may quote a restricted passage or a third
    party, and they are never scanned by the disclosure check because they never leave in those versions."""
    m, full = view.meeting, view.reader == "full"
    days = view.settings.correction_window_working_days
    lines: list[tuple[tuple[float, str], str]] = []
    sent_to = {c.at: c.recipients for c in m.circulations if c.recipients}
    # Minutes can be circulated only once the meeting has ended, so the first circulation before an approval
    # (or after a reopen) is the draft's, and opens its window, as ``corrections.draft_circulated`` counts it.
    version, state = 1, "draft"
    for e in m.history:
        who = e.by or "not recorded"
        when = stamp_words(e.at) or e.at
        if e.event == "approved":
            state = "approved"
            if full:
                note = f" ({e.note})" if e.note else ""
                lines.append((_when(e.at), f"Version {version} approved by {who} on {when}{note}."))
            else:
                lines.append((_when(e.at), f"Version {version} approved on {when}."))
        elif e.event == "reopened":
            state = "draft"
            version += 1
            if full:
                lines.append(
                    (_when(e.at), f"Reopened by {who} on {when}" + (f": {e.note}" if e.note else "."))
                )
            else:
                lines.append((_when(e.at), f"Reopened on {when} to make version {version}."))
        elif e.event == "minutes circulated":
            opens = ""
            if state == "draft":
                state = "circulated draft"  # only the draft's first circulation opens the window
                sent = parse_stamp(e.at)
                opened = sent.date() if sent is not None else date.fromisoformat(e.at[:10])
                closes = add_working_days(opened, days)
                opens = f"; the draft was out for corrections until {short_date(closes)}"
            if full:
                to = sent_to.get(e.at)
                lines.append(
                    (
                        _when(e.at),
                        f"Minutes circulated by {who} on {when}"
                        + (f" to {', '.join(to)}" if to else "")
                        + opens
                        + ".",
                    )
                )
            else:
                lines.append((_when(e.at), f"Minutes sent out on {when}{opens}."))
    if full:
        for c in m.circulations:
            if c.file is not None:
                label = WRITTEN.get(c.reader, c.reader)
                by = c.by or "not recorded"
                lines.append(
                    (
                        _when(c.at),
                        f"{label} of version {c.version} written by {by} on {stamp_words(c.at) or c.at}.",
                    )
                )
        for item in m.items:
            for n, c in enumerate(item.corrections, start=1):
                outcome = {"accepted": "accepted", "declined": "declined"}.get(
                    c.outcome or "", "not yet decided"
                )
                by = f" by {c.decided_by}" if c.decided_by and c.outcome else ""
                why = f": {c.reason}" if c.reason else ""
                lines.append(
                    (
                        _when(c.at),
                        f"Correction {n} to item {m.item_index(item.key) + 1} ({item.title}), asked by {c.asked_by} "
                        f"on {stamp_words(c.at) or c.at}: “{c.text}” — {outcome}{by}{why}.",
                    )
                )
    lines.sort(key=lambda x: x[0])  # stable: what happened at the same moment keeps the order above
    return [text for _, text in lines]


def version_history(view: View, body: Body) -> None:
    """Version by version, in time order: circulated for corrections, the corrections and their outcomes,
    approved (with the reason when before the window closed), reopened (who and why). No heading over nothing."""
    lines = history_lines(view)
    if not lines:
        return
    body.heading("Version history")
    for line in lines:
        body.bullet(line)
