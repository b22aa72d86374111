"""meetingtui catalogue: the national and local interventions, marked with what one young person has tried."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetingtui.commands._output import add_format, emit, safe, table, to_csv, to_json

if TYPE_CHECKING:
    from meetingtui.core.config.catalogue import Entry
    from meetingtui.core.record.model import Intervention

NAME = "catalogue"
HELP = "list or search the interventions catalogue (national and local), with --case marked as tried"
DESCRIPTION = (
    "The national interventions shipped with meetingtui plus your council's own list (interventions.toml in the "
    "config folder). With --case, each entry shows this young person's outcome when it has been tried."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", metavar="ID", dest="case_id", help="mark entries this young person has tried")
    p.add_argument("--search", metavar="TEXT", help="only entries whose name, aliases or description match")
    add_format(p)
    p.add_argument(
        "--check",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="check catalogue files (no FILE: the national list and your local one); FILE:LINE: problem, exit 2",
    )
    p.add_argument("--example", action="store_true", help="print the example local list, to copy and edit")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.config import catalogue as cat

    if args.example:
        emit(cat.example_text())
        return 0
    ws = workspace(args, read_only=True)
    if args.check is not None:
        return _check(args.check or cat.catalogue_files(ws))
    found = cat.load_catalogue(ws)
    for w in found.warnings:
        print(f"warning: {safe(w)}", file=sys.stderr)
    case = None
    if args.case_id:
        from meetingtui.core.store.base import check_id

        case = ws.repo.summary(check_id(args.case_id))
    entries = cat.search(found.entries, args.search) if args.search else found.entries
    history = {id(e): cat.tried(case, e) for e in entries} if case else {}
    if args.format == "json":
        emit(to_json([_as_json(e, case is not None, history.get(id(e))) for e in entries]))
        return 0
    # Ages, description and evidence are in --format json (and the meeting's panel); a terminal is too narrow.
    headers = ["NAME", "CATEGORY", "AGENCY", "DURATION"] + (["THIS YP"] if case else [])
    rows = [
        [e.name, e.category, _clip(e.agency), _clip(e.duration)]
        + ([_outcome(history[id(e)])] if case else [])
        for e in entries
    ]
    if args.format == "csv":
        emit(to_csv(headers, rows))
        return 0
    if not rows:
        emit(f"No interventions match {safe(args.search)!r}." if args.search else "The catalogue is empty.")
    else:
        emit(table(headers, rows, max_col=60))
    if case is not None and not args.search:
        extra = cat.not_in_catalogue(case, found.entries)
        if extra:
            emit("\nAlso tried (not in the catalogue):")
            emit(table(["NAME", "OUTCOME"], [[iv.name, _outcome(iv)] for iv in extra]))
    return 0


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _outcome(iv: Intervention | None) -> str:
    if iv is None:
        return ""
    if iv.started and iv.ended:
        return f"{iv.outcome} ({iv.started} to {iv.ended})"
    if iv.started or iv.ended:
        return f"{iv.outcome} ({'from' if iv.started else 'until'} {iv.started or iv.ended})"
    return iv.outcome


def _as_json(e: Entry, with_case: bool, iv: Intervention | None) -> dict[str, Any]:
    out = {
        "name": e.name,
        "category": e.category,
        "aliases": e.aliases,
        "agency": e.agency,
        "provider": e.provider,
        "description": e.description,
        "duration": e.duration,
        "ages": e.ages,
        "evidence": e.evidence,
        "source": str(e.source) if e.source else None,
    }
    if with_case:
        out["tried"] = iv.to_dict() if iv is not None else None
    return out


def _check(files: list[Path]) -> int:
    from meetingtui.core.config.catalogue import check_catalogue_file
    from meetingtui.core.config.tomlcheck import ProblemList

    problems = [p for f in files for p in check_catalogue_file(f)]
    if problems:
        raise ProblemList([safe(p) for p in problems])
    emit(f"{len(files)} catalogue file{'s' if len(files) != 1 else ''} OK")
    return 0
