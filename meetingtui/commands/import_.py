"""meetingtui import FILE: check a case file completely, then store all of it or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from meetingtui.commands._output import emit, safe

NAME = "import"
HELP = "import a case file (all or nothing; --replace to overwrite an existing case)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a meetingtui case file (.json)")
    p.add_argument(
        "--replace", action="store_true", help="overwrite a case with the same id (a backup is kept)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="with --replace: replace even while a meetingtui is running one of the case's meetings",
    )


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.record.casefile import load_case_file

    case = load_case_file(Path(args.file))  # checked before the data folder is even opened
    ws = workspace(args)
    existed = ws.repo.has_case(case.id)
    ws.repo.create_case(case, replace=args.replace, force=args.force)
    verb = "Replaced" if existed else "Imported"
    emit(
        f"{verb} case {safe(case.id)} ({safe(case.name)}): {len(case.meetings)} meetings, "
        f"{len(case.actions)} actions."
    )
    return 0
