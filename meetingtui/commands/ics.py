"""meetingtui ics CASE_ID [MEETING_ID]: a calendar invitation for the next meeting (no sensitive detail)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from meetingtui.commands._output import add_as_of, as_of, emit, safe
from meetingtui.commands._write import write_output

NAME = "ics"
HELP = "write an iCalendar (.ics) invitation for a case's next meeting"
DESCRIPTION = (
    "Write an iCalendar file for a meeting (the next upcoming one unless MEETING_ID is given): a neutral "
    "title, the time, the place and the case reference only. No names, notes or agenda go into it."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID", nargs="?", help="default: the next upcoming meeting")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write, or - for standard output (default: the exports folder)",
    )
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    add_as_of(p)


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core import disk
    from meetingtui.core.errors import NotFound
    from meetingtui.core.exports.ics import meeting_ics
    from meetingtui.core.rules.due import next_meeting_date, upcoming_meeting
    from meetingtui.core.store.base import check_id

    check_id(args.case_id)
    if args.meeting_id is not None:
        check_id(args.meeting_id, "meeting id")
    today = as_of(args)
    ws = workspace(args, read_only=True)
    case = ws.repo.load_case(args.case_id)
    if args.meeting_id is not None:
        meeting = case.meeting(args.meeting_id)
        if meeting is None:
            raise NotFound(f"case {case.id}: no meeting {safe(args.meeting_id)}")
    else:
        meeting = upcoming_meeting(case, today)
        if meeting is None:
            agreed = next_meeting_date(case, today)
            hint = f"; the last meeting agreed {agreed.isoformat()}: schedule it first" if agreed else ""
            raise NotFound(
                f"case {case.id}: no upcoming meeting{hint} (or name one: ics {case.id} MEETING_ID)"
            )
    data = meeting_ics(case, meeting, ws.settings)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if args.output:
        out = write_output(Path(args.output), data, force=args.force, example=f"{case.id}-{meeting.id}.ics")
    else:
        folder = disk.ensure_dir(ws.exports_dir, tighten=False)
        out = write_output(folder / f"{case.id}-{meeting.id}.ics", data, force=args.force)
    emit(
        f"Wrote {safe(out)} for {meeting.date.isoformat()} {meeting.start or '(no time set)'} (private: readable only by you)."
    )
    return 0
