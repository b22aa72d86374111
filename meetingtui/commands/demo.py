"""meetingtui demo: add the fictional demo case (dates moved so that it looks current)."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit

NAME = "demo"
HELP = "add the fictional demo case to the data folder"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replace", action="store_true", help="replace the demo case if it is already there")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.record.demo import demo_case

    ws = workspace(args)
    case = demo_case(ws.today())
    ws.repo.create_case(case, replace=args.replace)
    emit(f"Added the demo case {case.id} ({case.name}) to {ws.repo.where()}.")
    return 0
