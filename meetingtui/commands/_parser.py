"""The command line's parser (argparse), apart from :mod:`meetingtui.cli` so that a bare ``meetingtui`` (the
app, nothing to parse) never imports it."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType
from typing import Any, NoReturn

from meetingtui import __version__
from meetingtui.cli import VERBS, UsageError


def _help_width() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it, without importing shutil: argparse makes a
    help formatter for every argument added, and shutil (with zlib, bz2 and lzma) was 3 ms of every verb."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            columns = 80
    return max(columns - 2, 20)


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ):
        super().__init__(prog, indent_increment, max_help_position, width or _help_width())


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (not a usage dump) and never exits from inside parsing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("folders")
    g.add_argument(
        "--data", metavar="DIR", default=argparse.SUPPRESS, help="data folder (or MEETINGTUI_DATA)"
    )
    g.add_argument(
        "--config", metavar="DIR", default=argparse.SUPPRESS, help="config folder (or MEETINGTUI_CONFIG)"
    )
    g.add_argument(
        "--templates", metavar="DIR", default=argparse.SUPPRESS, help="extra agenda templates folder"
    )
    g.add_argument(
        "--exports", metavar="DIR", default=argparse.SUPPRESS, help="where minutes go (or MEETINGTUI_EXPORTS)"
    )
    g.add_argument(
        "--store",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the team store, postgresql://… (or MEETINGTUI_STORE, or store in config.toml); "
        "default: the data folder",
    )


def build_parser(only: str | None = None) -> tuple[Parser, dict[str, ModuleType]]:
    """The parser with every verb, or with just ``only`` (what ``main`` uses, to import one verb module)."""
    parser = Parser(
        prog="meetingtui",
        description="Run multi-agency professionals meetings about a young person in care, and write the minutes. "
        "With no verb, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"meetingtui {__version__}")
    parser.add_argument(
        "--case", metavar="CASE_ID", default=argparse.SUPPRESS, help="open the app on this case"
    )
    _common(parser)
    sub = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=Parser)
    by_name: dict[str, ModuleType] = {}
    for name, module in VERBS.items():
        if only is not None and name != only:
            continue
        mod = importlib.import_module(f"meetingtui.commands.{module}")
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP))
        _common(p)
        mod.add_arguments(p)
        by_name[mod.NAME] = mod
    return parser, by_name
