"""meetingtui import FILE [FILE ...]: check every case file completely, then store all of them or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from meetingtui.commands._output import emit, safe

NAME = "import"
HELP = "import a case file (all or nothing; --replace to overwrite an existing case)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FILE", nargs="+", help="meetingtui case files (.json), one or more")
    p.add_argument(
        "--replace", action="store_true", help="overwrite a case with the same id (a backup is kept)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="with --replace: replace even while a meetingtui is running one of the case's meetings",
    )


def run(args: argparse.Namespace) -> int:
    """A batch is checked whole before anything is stored: every problem in every file, each line naming its
    file, and nothing imported while any file has one (so a council moving fifty cases never ends up with some
    moved and some not, and one list of what to fix)."""
    import sys

    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError
    from meetingtui.core.record.casefile import load_case_file

    cases, problems, seen = [], [], {}
    for name in args.files:
        try:
            case = load_case_file(Path(name))  # checked before the data folder is even opened
        except UserError as exc:
            problems += exc.lines() if hasattr(exc, "lines") else [str(exc)]
            continue
        if case.id in seen:
            problems.append(f"{name}: case {safe(case.id)} is also in {seen[case.id]}; import it once")
            continue
        seen[case.id] = name
        cases.append(case)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        if len(args.files) > 1:
            print(f"Nothing imported: {len(args.files)} files, problems in some of them.", file=sys.stderr)
        return 2
    ws = workspace(args)
    if not args.replace:
        there = [c.id for c in cases if ws.repo.has_case(c.id)]
        if there and len(cases) > 1:
            raise UserError(
                f"already stored: {', '.join(safe(i) for i in there)} (use --replace to overwrite; a backup is "
                "kept); nothing imported"
            )
    for case in cases:
        existed = ws.repo.has_case(case.id)
        ws.repo.create_case(case, replace=args.replace, force=args.force)
        verb = "Replaced" if existed else "Imported"
        emit(
            f"{verb} case {safe(case.id)} ({safe(case.name)}): {len(case.meetings)} meetings, "
            f"{len(case.actions)} actions."
        )
    return 0
