"""meetingtui record CASE_ID FACT ...: record a statutory fact between meetings (the facts the clocks read)."""

from __future__ import annotations

import argparse
from datetime import date

from meetingtui.commands._output import add_as_of, as_of, emit, safe

NAME = "record"
HELP = (
    "record a statutory fact: a visit, a review, a review request, a notice, looked after since, out of area"
)
DESCRIPTION = (
    "Record one of the facts the statutory clocks read, between meetings: a visit by the social worker (reg 28), "
    "a review of the care plan (reg 33), the IRO asking for an earlier review, a written notice of a placement "
    "starting or ending (regs 13 and 14), when the young person became looked after, and whether a placement "
    "is out of area. Dates must have happened (not after today, not before the date of birth). Recording a "
    "fact already on record changes nothing."
)
DATE_HELP = "when (2026-11-20; or 20/11/2026, today)"
NOTIFIED_HELP = "who was told: young person, parents, IRO, school, GP, health body, area authority or other"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from meetingtui.commands._parser import _common

    p.add_argument("case_id", metavar="CASE_ID")
    sub = p.add_subparsers(dest="fact", metavar="FACT", required=True, parser_class=type(p))

    def fact(name: str, help: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help, description=help)
        _common(q)
        add_as_of(q)
        return q

    q = fact("visit", "a statutory visit by the social worker (reg 28)")
    q.add_argument("--date", required=True, metavar="DATE", help=DATE_HELP)
    q.add_argument("--by", metavar="NAME", help="who visited")
    q.add_argument("--placement", metavar="ID", help="the placement visited (default: the one it falls in)")
    alone = q.add_mutually_exclusive_group()
    alone.add_argument(
        "--seen-alone",
        dest="seen_alone",
        action="store_const",
        const=True,
        help="the young person was seen alone",
    )
    alone.add_argument(
        "--not-seen-alone",
        dest="seen_alone",
        action="store_const",
        const=False,
        help="they were not seen alone",
    )
    q.add_argument("--note", metavar="TEXT")

    q = fact("review", "a review of the care plan chaired by the IRO (reg 33)")
    q.add_argument("--date", required=True, metavar="DATE", help=DATE_HELP)
    q.add_argument("--by", metavar="NAME", help="who chaired it")
    q.add_argument("--note", metavar="TEXT")

    q = fact("review-request", "the IRO asking for a review earlier than the timetable (reg 33)")
    q.add_argument("--date", required=True, metavar="DATE", help=DATE_HELP)
    q.add_argument("--by", metavar="NAME", help="who asked")
    q.add_argument("--reason", metavar="TEXT")

    q = fact("notification", "a written notice of a placement starting or ending (regs 13 and 14)")
    q.add_argument("placement_id", metavar="PLACEMENT_ID")
    q.add_argument("--to", required=True, metavar="WHO", help=NOTIFIED_HELP)
    q.add_argument("--date", required=True, metavar="DATE", help=DATE_HELP)
    q.add_argument("--about", choices=("start", "end"), help="the placement starting (default) or ending")
    q.add_argument("--by", metavar="NAME", help="who sent it")
    q.add_argument("--note", metavar="TEXT")

    q = fact("looked-after-since", "when the young person became looked after")
    q.add_argument("date", metavar="DATE", help=DATE_HELP)

    q = fact("out-of-area", "whether a placement is outside the council's own area (reg 13(4))")
    q.add_argument("placement_id", metavar="PLACEMENT_ID")
    q.add_argument("answer", choices=("yes", "no"))


def _date(text: str, option: str, today: date) -> date:
    from meetingtui.core.errors import UserError
    from meetingtui.core.text.dates import parse_date

    try:
        return parse_date(text, today)
    except UserError as exc:
        raise UserError(f"{option}: {exc}") from None


def _by(name: str | None, word: str) -> str:
    return f" {word} {safe(name)}" if name else ""


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.record import statutory_edit as se
    from meetingtui.core.store.base import check_id

    today = as_of(args)
    check_id(args.case_id)
    case = f"Case {args.case_id}"
    if args.fact == "visit":
        on = _date(args.date, "--date", today)
        ws = workspace(args)
        v, added = se.record_visit(
            ws.repo,
            args.case_id,
            on=on,
            today=today,
            by=args.by,
            placement_id=args.placement,
            seen_alone=args.seen_alone,
            note=args.note,
        )
        where = f" to placement {v.placement_id}" if v.placement_id else ""
        alone = {True: ", seen alone", False: ", not seen alone", None: ""}[v.seen_alone]
        what = f"visit on {on.isoformat()}{_by(v.by, 'by')}{where}{alone}"
    elif args.fact == "review":
        on = _date(args.date, "--date", today)
        ws = workspace(args)
        r, added = se.record_review(ws.repo, args.case_id, on=on, today=today, by=args.by, note=args.note)
        what = f"review of the care plan on {on.isoformat()}{_by(r.by, 'chaired by')}"
    elif args.fact == "review-request":
        on = _date(args.date, "--date", today)
        ws = workspace(args)
        q, added = se.record_review_request(
            ws.repo, args.case_id, on=on, today=today, by=args.by, reason=args.reason
        )
        what = f"request for an earlier review on {on.isoformat()}{_by(q.by, 'by')}"
    elif args.fact == "notification":
        on = _date(args.date, "--date", today)
        to = se.notified(args.to)
        ws = workspace(args)
        n, added = se.record_notification(
            ws.repo,
            args.case_id,
            args.placement_id,
            to=to,
            on=on,
            today=today,
            about=args.about,
            by=args.by,
            note=args.note,
        )
        ending = "ending" if n.about == "end" else "starting"
        sent = f"sent on {on.isoformat()}{_by(n.by, 'by')}"
        what = f"notice to {n.to} of placement {args.placement_id} {ending}, {sent}"
    elif args.fact == "looked-after-since":
        on = _date(args.date, "looked-after-since", today)
        ws = workspace(args)
        before, added = se.set_looked_after_since(ws.repo, args.case_id, on, today=today)
        was = f" (was {before.isoformat()})" if added and before is not None else ""
        what = f"looked after since {on.isoformat()}"
        return _said(case, what + was, added)
    else:  # out-of-area
        ws = workspace(args)
        out = args.answer == "yes"
        _before, added = se.set_out_of_area(ws.repo, args.case_id, args.placement_id, out)
        state = "as out of area" if out else "as not out of area"
        what = f"placement {args.placement_id} {state}"
        return _said(case, what, added)
    return _said(case, what, added)


def _said(case: str, what: str, added: bool) -> int:
    emit(f"{case}: recorded {what}." if added else f"{case}: already recorded: {what}; nothing changed.")
    return 0
