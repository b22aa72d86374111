"""meetingtui present CASE_ID MEETING_ID: the shared screen in a terminal of its own, read-only.

The chair shares this window on the call while the minute-taker types in another terminal (or on another
machine with the same data folder). It follows the stored meeting, so it needs no session lock and writes
nothing: opening it must not even leave a backup or an index file behind.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from meetingtui.core.workspace import Workspace

NAME = "present"
HELP = "show a meeting's shared screen read-only, following the minute-taker live"
DESCRIPTION = (
    "Show the shared screen of one meeting (current item, its questions, the timer, decisions and actions "
    "so far), following the live meeting as the minute-taker types elsewhere. Read-only: no lock is taken and "
    "nothing is written. Notes and restricted items are never shown. Keys: q, Esc or Ctrl+Q quit; F2 high "
    "contrast."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")


def open_for_present(args: argparse.Namespace, case_id: str, meeting_id: str) -> Workspace:
    """Open the workspace for reading one meeting, refusing early (one line) if there is nothing to show.

    A data folder that does not exist is refused by name: a mistyped --data would otherwise read as "no such
    case". The workspace is opened read-only, so nothing in the data folder is created or changed.
    """
    from meetingtui.cli import workspace
    from meetingtui.core.errors import NotFound
    from meetingtui.core.store.base import check_id
    from meetingtui.core.store.files.repository import FileRepository

    check_id(case_id)
    check_id(meeting_id, "meeting id")
    ws = workspace(args, read_only=True)
    root = ws.data_dir
    if isinstance(ws.repo, FileRepository) and not root.is_dir():
        raise NotFound(f"{root}: no data folder there, so no case {case_id} to present (see --data)")
    ws.repo.load_meeting(case_id, meeting_id)  # not found / damaged: a one-line UserError
    return ws


def run(args: argparse.Namespace) -> int:
    ws = open_for_present(args, args.case_id, args.meeting_id)
    from meetingtui.ui.present import PresentApp  # textual is imported only once there is something to show

    app = PresentApp(ws, args.case_id, args.meeting_id)
    app.run()
    return int(app.return_code or 0)
