"""meetingtui demo: add the fictional demo case (dates moved so that it looks current)."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit

NAME = "demo"
HELP = "add the fictional demo case to the data folder"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replace", action="store_true", help="replace the demo case if it is already there")
    p.add_argument(
        "--force",
        action="store_true",
        help="with --replace: even while a meetingtui runs one of its meetings",
    )


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.record.demo import demo_case

    ws = workspace(args)
    case = demo_case(ws.today())
    ws.repo.create_case(case, replace=args.replace, force=args.force)
    emit(f"Added the demo case {case.id} ({case.name}) to {ws.repo.where()}.")
    return 0
