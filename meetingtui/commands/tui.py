"""meetingtui (no verb) or meetingtui tui: open the terminal app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

NAME = "tui"
HELP = "open the terminal app (the default when no verb is given)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", metavar="CASE_ID", help="open this case straight away")


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.ui.app import make_app  # textual is imported only for the TUI

    app = make_app(workspace(args), case_id=getattr(args, "case", None))
    app.run()
    return int(app.return_code or 0)
