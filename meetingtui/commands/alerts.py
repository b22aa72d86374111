"""meetingtui alerts: what has slipped or is about to, across all cases (or one)."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import add_as_of, add_format, as_of, emit, table, to_csv, to_json

NAME = "alerts"
HELP = (
    "list alerts: overdue actions, the statutory clocks (reviews, visits, placement notices) and local "
    "standards, minutes, review dates, wishes; each names its source"
)
DESCRIPTION = (
    "List alerts, most urgent first. DAYS is the due date minus today: negative means overdue by that many "
    "days. Use --as-of to see the alerts as they would be on another day."
)
HEADERS = [
    "severity",
    "case_id",
    "case_name",
    "kind",
    "due",
    "days",
    "agency",
    "ref",
    "restricted",
    "message",
    "source",
]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", metavar="ID", help="only this case")
    add_as_of(p)
    add_format(p)


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.rules.alerts import all_alerts

    today = as_of(args)
    ws = workspace(args, read_only=True)
    alerts = all_alerts(ws.repo, ws.settings, today, case_id=args.case)
    if args.format in ("json", "csv"):
        # Every field is a plain value: read them directly (``dataclasses.asdict`` deep-copies each one,
        # 40 ms for 2,000 alerts), and only for the formats that print them all.
        records = [{h: getattr(a, h) for h in HEADERS} for a in alerts]
        for r, a in zip(records, alerts, strict=True):
            r["due"] = a.due.isoformat() if a.due else None
        if args.format == "json":
            emit(to_json(records))
        else:
            emit(to_csv(HEADERS, [list(r.values()) for r in records]))
    elif not alerts:
        emit(f"No alerts as of {today.isoformat()}.")
    else:
        rows = [
            [
                a.severity.upper(),
                a.case_id,
                a.due.isoformat() if a.due else "",
                a.days if a.days is not None else "",
                a.message,
                a.source_short or "",
            ]
            for a in alerts
        ]
        emit(table(["SEVERITY", "CASE", "DUE", "DAYS", "MESSAGE", "SOURCE"], rows, max_col=140))
        sources = sorted({a.source for a in alerts if a.source and a.source != a.source_short})
        emit("\nSources:\n" + "\n".join(f"  {s}" for s in sources))
    return 0
