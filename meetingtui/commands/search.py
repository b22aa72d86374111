"""meetingtui search TEXT: where was something discussed? Notes, decisions, actions and case records."""

from __future__ import annotations

import argparse
import dataclasses as dc

from meetingtui.commands._output import emit, table, to_json

NAME = "search"
HELP = "find text in notes, decisions, actions and case records (ignores case and accents)"
DESCRIPTION = (
    "Find where something was discussed, across every case (or one). Matching ignores case and accents; the "
    "best matches come first (words and the beginnings of words). "
    "Restricted items (third-party information), their decisions, the actions agreed under them, the peer "
    "map (other children) and open text naming someone on it are left out unless you add "
    "--include-restricted; only do that where nobody else can see your screen."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", metavar="TEXT", help="what to look for")
    p.add_argument("--case", metavar="ID", help="only this case")
    p.add_argument(
        "--include-restricted",
        action="store_true",
        help="also search restricted items and the peer map (full professional view)",
    )
    p.add_argument(
        "--limit",
        metavar="N",
        type=_limit,
        default=50,
        help="show the N best matches (default 50); the rest are counted",
    )
    p.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default table)"
    )
    p.add_argument(
        "--update-index",
        action="store_true",
        help="write the search index in the data folder while searching (a search otherwise leaves the folder "
        "as it was, and indexes what is missing or stale in memory, every time)",
    )


def _limit(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of matches (1 or more)")
    return int(value)


def run(args: argparse.Namespace) -> int:
    import sys

    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError

    ws = workspace(args, read_only=not args.update_index)

    def damaged(cid: str, exc: UserError) -> None:
        print(f"meetingtui search: case {cid} skipped: {exc}", file=sys.stderr)

    result = ws.repo.search(
        args.text,
        case_id=args.case,
        include_restricted=args.include_restricted,
        limit=args.limit,
        on_damaged=damaged,
    )
    if result.note:
        print(f"meetingtui {result.note}", file=sys.stderr)
    hits = result.hits
    more = (
        f"{result.more} more match{'es' if result.more != 1 else ''} not shown (--limit {result.total} shows all)."
        if result.more
        else ""
    )
    if more and result.newest:
        more += f" So many that the newest {result.newest:,} are ranked first, the older after them."
    if args.format == "json":
        emit(to_json([dc.asdict(h) for h in hits]))
        if more:
            print(f"meetingtui search: {more}", file=sys.stderr)
        return 0
    if not hits:
        hidden = "" if args.include_restricted else " (restricted items and the peer map not searched)"
        emit(f"No matches{hidden}.")
        return 0
    rows = []
    for h in hits:
        where = h.item_title or h.meeting_title or ""
        if h.restricted:
            where = f"[RESTRICTED] {where}"
        rows.append([h.case_id, h.meeting_id or "", where, h.field, h.snippet])
    emit(table(["CASE", "MEETING", "WHERE", "FIELD", "TEXT"], rows, max_col=90))
    if more:
        emit(more)
    return 0
