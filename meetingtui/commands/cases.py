"""meetingtui cases: the case list with next meeting and open/overdue actions."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import add_as_of, add_format, as_of, emit, table, to_csv, to_json

NAME = "cases"
HELP = "list cases: id, name, next meeting, open and overdue actions"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_format(p)
    add_as_of(p)


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.rules.alerts import overview

    today = as_of(args)
    ws = workspace(args, read_only=True)
    rows = []
    # The overview home reads (kept between starts by the app, judged afresh where it is stale).
    for o in overview(ws.repo, ws.settings, today):
        if o.damaged is not None:
            rows.append([o.case_id, "", "", "", "", f"DAMAGED: {o.damaged}"])
            continue
        nxt = o.next_meeting
        rows.append([o.case_id, o.name, nxt.isoformat() if nxt else "", o.owed, o.overdue, ""])
    headers = ["ID", "NAME", "NEXT MEETING", "OPEN", "OVERDUE", "NOTE"]
    if args.format == "json":
        keys = ["id", "name", "next_meeting", "open", "overdue", "problem"]
        emit(to_json([dict(zip(keys, r, strict=True)) for r in rows]))
    elif args.format == "csv":
        emit(to_csv(headers, rows))
    elif not rows:
        emit(f"No cases in {ws.repo.where()}. Try: meetingtui demo, or meetingtui import FILE")
    else:
        if not any(r[5] for r in rows):
            headers, rows = headers[:5], [r[:5] for r in rows]
        emit(table(headers, rows))
    return 0
