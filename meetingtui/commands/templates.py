"""meetingtui templates list | check [FILE...] | show ID: the agenda templates chairs can adapt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.commands._output import FORMATS, emit, safe, table, to_csv, to_json

if TYPE_CHECKING:
    from meetingtui.core.config.templates import Template

NAME = "templates"
HELP = "list, check or show agenda templates (built-in and your own)"
DESCRIPTION = (
    "Agenda templates are TOML files: the built-ins, then your config folder's agendas/, then --templates DIR; "
    "a template with the same id replaces an earlier one. See agendas/README.md for the format."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from meetingtui.commands._parser import _common  # the folder options, so they also work after the action

    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    ls = sub.add_parser("list", help="id, title, items, total minutes and where each template comes from")
    ls.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    ck = sub.add_parser(
        "check",
        help="check template files; FILE:LINE: problem for each, exit 2 if any (no FILE: all of them)",
    )
    ck.add_argument("files", metavar="FILE", nargs="*", type=Path)
    sh = sub.add_parser("show", help="print a template's TOML, to copy into your agendas folder and adapt")
    sh.add_argument("template_id", metavar="ID")
    for action in (ls, ck, sh):
        _common(action)


def run(args: argparse.Namespace) -> int:
    return {"list": _list, "check": _check, "show": _show}[args.action](args)


def _source(t: Template) -> str:
    if t.builtin:
        return "built-in"
    return "user (replaces built-in)" if t.overrides is not None else "user"


def _list(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.config.templates import load_templates

    ws = workspace(args, read_only=True)
    found = load_templates(ws)
    for w in found.warnings:
        print(f"warning: {safe(w)}", file=sys.stderr)
    templates = list(found)
    if args.format == "json":
        emit(
            to_json(
                [
                    {
                        "id": t.id,
                        "title": t.title,
                        "items": len(t.items),
                        "minutes": t.total_minutes,
                        "builtin": t.builtin,
                        "source": str(t.source),
                        "overrides": str(t.overrides) if t.overrides else None,
                        "marking": t.marking,
                        "description": t.description,
                    }
                    for t in templates
                ]
            )
        )
        return 0
    headers = ["ID", "TITLE", "ITEMS", "MINUTES", "SOURCE"]
    rows = [[t.id, t.title, len(t.items), t.total_minutes, _source(t)] for t in templates]
    if args.format == "csv":
        emit(to_csv(headers, rows))
    elif not rows:
        emit("No agenda templates found.")
    else:
        emit(table(headers, rows))
        emit(f"Your own templates: {ws.user_templates}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from meetingtui.core.config.templates import check_all, check_template_file
    from meetingtui.core.config.tomlcheck import ProblemList

    if args.files:
        count = len(args.files)
        problems = [p for f in args.files for p in check_template_file(f)]
    else:
        from meetingtui.cli import workspace

        count, problems = check_all(workspace(args, read_only=True))
    if problems:
        raise ProblemList([safe(p) for p in problems])
    emit(f"{count} template{'s' if count != 1 else ''} OK")
    return 0


def _show(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.config.templates import load_templates, source_text

    template = load_templates(workspace(args, read_only=True)).get(args.template_id)
    emit(source_text(template))
    return 0
