"""meetingtui disclosure CASE_ID MEETING_ID --reader family|young-person: the disclosure check, and settling it."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit, safe

NAME = "disclosure"
HELP = "list what the family or young person's version would disclose, and settle each passage"
DESCRIPTION = (
    "Before the family's or the young person's version is written, every passage it would carry is checked for "
    "the peer map's names and initials, withheld actions (their ids and wording) and the words in the "
    "disclosure_words setting. This lists each passage still to settle, numbered; settle one by restricting it "
    "(only the full version keeps it), rewriting it, or allowing it. Each decision is recorded with who and "
    "when, and an allowed passage stays allowed while it is unchanged. Numbers refer to the list as it stood "
    "before this command changed anything."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("meeting_id", metavar="MEETING_ID")
    p.add_argument("--reader", choices=("family", "young-person"), required=True)
    p.add_argument(
        "--allow", metavar="N", type=int, action="append", default=[], help="allow passage N to go"
    )
    p.add_argument(
        "--restrict", metavar="N", type=int, action="append", default=[], help="restrict passage N"
    )
    p.add_argument(
        "--rewrite",
        metavar=("N", "TEXT"),
        nargs=2,
        action="append",
        default=[],
        help="replace passage N's wording",
    )
    p.add_argument("--by", metavar="NAME", help="who decided (default: you)")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError
    from meetingtui.core.exports.minutes.settle import decide_all, find
    from meetingtui.core.store.base import check_id

    check_id(args.case_id)
    check_id(args.meeting_id, "meeting id")
    # Listing only reads: like the other reading verbs it leaves the data folder exactly as it was.
    ws = workspace(args, read_only=not (args.allow or args.restrict or args.rewrite))
    by = (args.by if args.by is not None else ws.settings.user).strip()
    if not by:
        raise UserError("--by: a name is needed")
    hits = find(ws.repo.load_case(args.case_id), args.meeting_id, args.reader, ws.settings)
    plan: list[tuple[int, str, str | None]] = [(n, "allow", None) for n in args.allow]
    plan += [(n, "restrict", None) for n in args.restrict]
    for n, text in args.rewrite:
        try:
            plan.append((int(n), "rewrite", text))
        except ValueError:
            raise UserError(
                f"--rewrite {safe(n)!r}: give the passage's number, then the new wording"
            ) from None
    numbers = [n for n, _, _ in plan]
    for n in numbers:
        if not 1 <= n <= len(hits):
            raise UserError(f"passage {n}: there are {len(hits)} to settle (numbers 1 to {len(hits)})")
    if len(set(numbers)) < len(numbers):
        raise UserError("each passage can be settled once per command")
    if plan:  # all in one transaction: one refused, nothing is saved (exit 2 means nothing changed)
        decide_all(
            ws.repo,
            args.case_id,
            args.meeting_id,
            [(hits[n - 1], decision, text) for n, decision, text in plan],
            reader=args.reader,
            by=by,
        )
    for n, decision, _text in plan:
        emit(f"{n}. {decision}: {safe(hits[n - 1].where)}")
    if plan:
        hits = find(ws.repo.load_case(args.case_id), args.meeting_id, args.reader, ws.settings)
    if not hits:
        emit(
            f"Case {args.case_id}: nothing left to settle in the {args.reader} version of meeting {args.meeting_id}."
        )
        return 0
    emit(
        f"Case {args.case_id}: {len(hits)} passage{'s' if len(hits) != 1 else ''} to settle in the {args.reader} version:"
    )
    for n, h in enumerate(hits, 1):
        emit(f"{n}. {safe(h.line())}")
    return 0
