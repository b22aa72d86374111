"""meetingtui circulated CASE_ID MEETING_ID actions|minutes: record when a meeting's actions or minutes went out."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit

NAME = "circulated"
HELP = "record that a meeting's actions or minutes were circulated (clears the circulation alert)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")
    p.add_argument("what", choices=("actions", "minutes"))
    p.add_argument("--by", metavar="NAME", help="who sent them (default: you)")
    p.add_argument("--to", metavar="NAME", action="append", default=[], help="a recipient (repeat for each)")
    p.add_argument(
        "--reader",
        choices=("full", "family", "young-person", "actions"),
        help="which version was sent (default: full for minutes, actions for actions)",
    )


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.meeting.actions import mark_circulated

    ws = workspace(args)
    by = args.by if args.by is not None else ws.settings.user
    meeting = mark_circulated(
        ws.repo, args.case_id, args.meeting_id, args.what, by=by, recipients=args.to, reader=args.reader
    )
    emit(
        f"Case {args.case_id}: {args.what} of meeting {meeting.id} ({meeting.date.isoformat()}) marked circulated by {by}"
        + (f" to {', '.join(args.to)}." if args.to else ".")
    )
    if args.what == "minutes":
        from meetingtui.core.meeting.corrections import window

        span = window(meeting, ws.settings.correction_window_working_days)
        if span is not None:
            emit(
                f"Corrections to the draft are open until {span[1].isoformat()} "
                f"(meetingtui correction {args.case_id} {meeting.id} ask ITEM TEXT --by NAME)."
            )
    return 0
