"""meetingtui actions: the action tracker on the command line (table for people, csv/json for other tools)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from meetingtui.commands._output import add_as_of, add_format, as_of, emit, safe, table, to_csv, to_json
from meetingtui.commands._write import nonnegative, write_output

NAME = "actions"
HELP = "list agreed actions across cases, soonest due first (filters: case, agency, owner, status, overdue)"
DESCRIPTION = (
    "List agreed actions across all cases (or one), sorted by the due date in force (a carried action's "
    "newest date). Agency and owner match any part of the name, ignoring case and accents."
)

CSV_HEADERS = [
    "case_id",
    "case_name",
    "action_id",
    "meeting_id",
    "text",
    "owner",
    "agency",
    "due",
    "current_due",
    "status",
    "times_carried",
    "overdue",
    "days_overdue",
    "drift",
    "last_update",
    "last_note",
    "restricted",
]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", metavar="ID", help="only this case")
    p.add_argument("--agency", metavar="A", help="agency contains A (e.g. police)")
    p.add_argument("--owner", metavar="NAME", help="owner contains NAME")
    p.add_argument(
        "--status",
        choices=("open", "done", "carried", "dropped", "all"),
        default="open",
        help="open = still owed (open or carried); default open",
    )
    p.add_argument("--overdue", action="store_true", help="only owed actions past their due date")
    p.add_argument(
        "--due-within",
        metavar="N",
        type=nonnegative,
        help="only owed actions due in the next N days (with --overdue: both)",
    )
    add_as_of(p)
    add_format(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write csv or json to FILE (private, 0600)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _record(t: Any) -> dict[str, Any]:
    """One exported row, straight from the stored action (no typed record: thousands of rows stay quick)."""
    r = t.row
    updates = r.get("updates", [])
    last = updates[-1] if updates else None
    return {
        "case_id": t.case_id,
        "case_name": t.case_name,
        "action_id": r["id"],
        "meeting_id": r["meeting_id"],
        "item_key": r.get("item_key"),
        "text": r["text"],
        "owner": r["owner"],
        "agency": r.get("agency"),
        "due": r["due"],
        "current_due": t.current_due.isoformat(),
        "status": r["status"],
        "times_carried": sum(1 for u in updates if u.get("status") == "carried"),
        "overdue": t.overdue,
        "days_overdue": t.days_overdue,
        "drift": t.drift,
        "updates": updates,
        "last_update": last["date"] if last else None,
        "last_note": last.get("note") if last else None,
        # From a restricted agenda item: not to be forwarded beyond the meeting (issue 13).
        "restricted": t.restricted,
    }


def _cell(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else value


def _status(t: Any) -> str:
    a = t.action
    if a.times_carried:
        return f"{a.status} ×{a.times_carried}" + (" DRIFT" if t.drift else "")
    return a.status


def run(args: argparse.Namespace) -> int:
    import sys

    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError
    from meetingtui.core.rules.tracker import ActionFilter, query_actions

    if args.output and args.format == "table":
        raise UserError("actions: -o writes csv or json; add --format csv or --format json")
    today = as_of(args)
    flt = ActionFilter(
        case_id=args.case,
        agency=args.agency,
        owner=args.owner,
        status=args.status,
        overdue=args.overdue,
        due_within_days=args.due_within,
    )
    ws = workspace(args, read_only=True)

    def damaged(cid: str, exc: UserError) -> None:
        print(f"meetingtui actions: case {cid} skipped: {exc}", file=sys.stderr)

    rows = query_actions(ws.repo, flt, today, on_damaged=damaged)
    if args.format == "table":
        if not rows:
            emit("No actions match.")
            return 0
        emit(
            table(
                ["CASE", "ACTION", "DUE", "LATE", "STATUS", "OWNER", "AGENCY", "TEXT"],
                [
                    [
                        t.case_id,
                        t.action.id,
                        t.current_due.isoformat(),
                        f"{t.days_overdue}d" if t.overdue else "",
                        _status(t),
                        t.action.owner,
                        t.action.agency or "",
                        ("[RESTRICTED] " if t.restricted else "") + t.action.text,
                    ]
                    for t in rows
                ],
            )
        )
        return 0
    records = [_record(t) for t in rows]
    if args.format == "json":
        text = to_json(records)
    else:
        text = to_csv(
            CSV_HEADERS,
            [[_cell(r[h]) for h in CSV_HEADERS] for r in records],
            bom=bool(args.output and args.output != "-"),
        )
    if args.output and args.output != "-":
        out = write_output(Path(args.output), text.encode("utf-8"), force=args.force)
        emit(f"Wrote {len(rows)} actions to {safe(out)} (private: readable only by you).")
    else:
        emit(text)
    return 0
