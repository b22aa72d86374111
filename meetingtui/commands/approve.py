"""meetingtui approve CASE_ID MEETING_ID: the chair approves the draft minutes (as the TUI's approve does)."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit

NAME = "approve"
HELP = "approve draft minutes (refused while corrections are undecided; inside the window, --early says why)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")
    p.add_argument("--by", metavar="NAME", help="who approves (default: the meeting's chair, else you)")
    p.add_argument(
        "--early",
        metavar="REASON",
        help="why approve before the correction window closes (recorded in the version history)",
    )


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.meeting.lifecycle import approve_minutes

    ws = workspace(args)
    by = args.by
    if not by:
        m = ws.repo.load_meeting(args.case_id, args.meeting_id)
        by = m.chair.name if m.chair else ws.settings.user
    m = approve_minutes(
        ws.repo,
        args.case_id,
        args.meeting_id,
        by=by,
        window_days=ws.settings.correction_window_working_days,
        early_reason=args.early,
    )
    emit(f"Case {args.case_id}: minutes of meeting {m.id} approved by {by} (version {m.minutes_version}).")
    note = m.history[-1].note if m.history and m.history[-1].event == "approved" else None
    if note:  # approved early: say so, as the version history will (found from outside: it went unsaid)
        emit(f"Recorded: {note}.")
    return 0
