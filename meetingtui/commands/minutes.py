"""meetingtui minutes CASE_ID MEETING_ID: write the Word minutes of one meeting, in a version for a reader."""

from __future__ import annotations

import argparse
from pathlib import Path

from meetingtui.commands._output import emit, safe

NAME = "minutes"
HELP = "write the Word minutes of a meeting (full, family, young-person or actions-by-agency version)"
DESCRIPTION = (
    "Write the minutes of one meeting as a Word file. Versions: full (everything), family (restricted items, "
    "restricted paragraphs, decisions, actions and Signs of Safety lines left out, with a line saying so), "
    "young-person (written to them from each item's text for them, with what happens next and how to challenge), "
    "actions (one sheet per agency). The family and young-person versions are written only once the disclosure "
    "check has nothing unsettled (see meetingtui disclosure); otherwise each passage is listed and the exit "
    "status is 2. Without -o "
    "the file goes into the exports folder, named from the date, case and meeting. Files are private (0600) "
    "and never overwritten without --force."
)
READERS = (
    "full",
    "family",
    "young-person",
    "actions",
)  # kept equal to core.minutes.READERS by a test; no docx import here


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")
    p.add_argument("-o", "--output", metavar="FILE", default=None, help="write exactly this .docx file")
    p.add_argument("--reader", choices=READERS, default="full", help="which version (default full)")
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.errors import StorageUnavailable
    from meetingtui.core.exports.minutes import write_minutes
    from meetingtui.core.store.base import check_id

    check_id(args.case_id)
    check_id(args.meeting_id, "meeting id")
    # Writable: writing a version records which version went to which reader, by whom and when. A data
    # folder this account may only read still gives the minutes (the note then says it was not recorded).
    try:
        ws = workspace(args, read_only=False)
    except StorageUnavailable:
        ws = workspace(args, read_only=True)
    notes: list[str] = []
    out = write_minutes(
        ws,
        args.case_id,
        args.meeting_id,
        reader=args.reader,
        out=Path(args.output) if args.output else None,
        force=args.force,
        notes=notes,
    )
    emit(f"Wrote {safe(out)} (private: readable only by you).")
    for line in notes:
        emit(line)
    return 0
