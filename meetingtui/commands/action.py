"""meetingtui action CASE_ID ACTION_ID STATUS: record an action's progress between (or in) meetings."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import add_as_of, as_of, emit

NAME = "action"
HELP = "update an action: done, carried (with --due and --note), dropped (with --note), or open again"
DESCRIPTION = (
    "Record a status change for one action, kept in its history with the date. 'carried' needs --due (a later "
    "date) and --note (the reason); 'dropped' needs --note. With --meeting it is that meeting's disposition of "
    "the action (recording again in the same meeting replaces it)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("action_id", metavar="ACTION_ID")
    p.add_argument("status", choices=("done", "carried", "dropped", "open"))
    p.add_argument("--due", metavar="DATE", help="new due date when carried (2026-12-01, 1/12/2026, 2w, fri)")
    p.add_argument(
        "--note", metavar="TEXT", help="what happened, or the reason (needed for carried and dropped)"
    )
    p.add_argument("--meeting", metavar="ID", help="record it as this meeting's disposition")
    add_as_of(p)


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError
    from meetingtui.core.meeting.actions import record_disposition
    from meetingtui.core.text.dates import parse_date

    today = as_of(args)
    try:
        due = parse_date(args.due, today) if args.due is not None else None
    except UserError as exc:
        raise UserError(f"--due: {exc}") from None  # the option named, as every other date's error does
    ws = workspace(args)
    action = record_disposition(
        ws.repo,
        args.case_id,
        args.action_id,
        args.status,
        on=today,
        due=due,
        note=args.note,
        meeting_id=args.meeting,
    )
    extra = f", now due {action.current_due.isoformat()}" if args.status == "carried" else ""
    emit(f"Case {args.case_id}: action {action.id} {args.status} on {today.isoformat()}{extra}.")
    return 0
