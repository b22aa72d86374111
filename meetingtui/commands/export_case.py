"""meetingtui export-case CASE_ID -o FILE: write the case in the exchange format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from meetingtui.commands._output import emit

NAME = "export-case"
HELP = "write a case to a case file (the format import reads)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="file to write, or - for standard output"
    )
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.record.casefile import case_file_dict, dumps_case_file, export_case_file
    from meetingtui.core.store.base import check_id

    check_id(args.case_id)
    ws = workspace(args, read_only=True)
    if args.output == "-":
        sys.stdout.buffer.write(dumps_case_file(case_file_dict(ws.repo, args.case_id)))
        return 0
    out = export_case_file(ws.repo, args.case_id, Path(args.output), force=args.force)
    emit(f"Wrote {out} (private: readable only by you).")
    return 0
