"""meetingtui correction CASE_ID MEETING_ID ask|decide|list: the corrections attendees ask for on draft minutes."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit, table

NAME = "correction"
HELP = "record a correction asked for on draft minutes, accept or decline one, or list them"
DESCRIPTION = (
    "Circulating the draft minutes opens a correction window (setting correction_window_working_days, "
    "default 10). Record each correction on its agenda item (ask), then accept or decline it with a reason "
    "(decide). Approval waits until every correction is decided."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")
    sub = p.add_subparsers(dest="correction_verb", metavar="ACTION", required=True, parser_class=type(p))
    ask = sub.add_parser("ask", help="record a correction someone asked for")
    ask.add_argument("item", metavar="ITEM", help="the agenda item's key (see list)")
    ask.add_argument("text", metavar="TEXT", help="what should change")
    ask.add_argument("--by", metavar="NAME", required=True, help="who asked")
    decide = sub.add_parser("decide", help="accept or decline a correction")
    decide.add_argument("item", metavar="ITEM")
    decide.add_argument("number", metavar="N", type=int, help="the correction's number on the item")
    decide.add_argument("outcome", choices=("accepted", "declined"))
    decide.add_argument("--reason", metavar="TEXT", help="why (needed to decline)")
    decide.add_argument("--by", metavar="NAME", help="who decided (default: the meeting's chair, else you)")
    sub.add_parser("list", help="list the corrections and the window")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.meeting import corrections as c

    verb = args.correction_verb
    ws = workspace(args, read_only=verb == "list")
    days = ws.settings.correction_window_working_days
    if verb == "ask":
        m, n = c.ask_correction(
            ws.repo, args.case_id, args.meeting_id, args.item, asked_by=args.by, text=args.text
        )
        emit(
            f"Case {args.case_id}: correction {n} on item {args.item} of meeting {m.id} recorded ({args.by})."
        )
        return 0
    if verb == "decide":
        by = args.by
        if not by:  # deciding is the chair's, as approving is (see approve)
            held = ws.repo.load_meeting(args.case_id, args.meeting_id)
            by = held.chair.name if held.chair else ws.settings.user
        m = c.decide_correction(
            ws.repo,
            args.case_id,
            args.meeting_id,
            args.item,
            args.number,
            outcome=args.outcome,
            by=by,
            reason=args.reason,
        )
        emit(
            f"Case {args.case_id}: correction {args.number} on item {args.item} of meeting {m.id} {args.outcome}."
        )
        return 0
    m = ws.repo.load_meeting(args.case_id, args.meeting_id)
    span = c.window(m, days)
    if m.status != "draft":
        emit(f"Meeting {m.id} is {m.status}: no correction window is open.")
    elif span is None:
        emit(f"Meeting {m.id}: no correction window yet (the draft has not been circulated).")
    else:
        state = "open" if ws.today() <= span[1] else "closed"
        emit(f"Meeting {m.id}: correction window {state}, {span[0].isoformat()} to {span[1].isoformat()}.")
    rows = [
        [i.key, n, x.asked_by, x.at[:10], x.outcome or "undecided", x.text, x.reason or ""]
        for i in m.items
        for n, x in enumerate(i.corrections, start=1)
    ]
    if rows:
        emit(table(["ITEM", "N", "ASKED BY", "ON", "OUTCOME", "CORRECTION", "REASON"], rows, max_col=80))
    else:
        emit("No corrections recorded.")
    return 0
