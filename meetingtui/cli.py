"""The command line. ``meetingtui`` alone opens the TUI; each verb lives in ``meetingtui/commands/``.

Exit status: 0 success, 2 bad input or usage (one clear line per problem, nothing changed on disk), 3 the disk
refused (full, read-only, quota, I/O error: one line, nothing changed), 1 an unexpected fault (a short message and
where the log is), 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, NoReturn

from meetingtui import __version__

# Verb name -> module in meetingtui/commands/, in the order --help lists them. Only the module of the verb being
# run is imported, so a quick verb does not pay for the others' imports.
VERBS = {
    "tui": "tui",
    "cases": "cases",
    "demo": "demo",
    "import": "import_",
    "export-case": "export_case",
    "restore": "restore",
    "store": "store",
    "templates": "templates",
    "catalogue": "catalogue",
    "minutes": "minutes",
    "disclosure": "disclosure",
    "actions": "actions",
    "action": "action",
    "record": "record",
    "alerts": "alerts",
    "circulated": "circulated",
    "correction": "correction",
    "approve": "approve",
    "search": "search",
    "ics": "ics",
    "present": "present",
    "serve": "serve",
}
# Options of the top-level parser that take a value (so the verb can be found without parsing everything).
_VALUED = {"--data", "--config", "--templates", "--exports", "--case", "--store"}


# A disk that is full, read-only, over quota or failing: exit 3, not a fault of the program or of the input.
DISK_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EROFS", "EDQUOT", "EIO") if hasattr(errno, name)
)


class UsageError(Exception):
    pass


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


def verb_in(argv: Sequence[str]) -> str | None:
    """The verb named in ``argv`` (the first word that is not an option or an option's value), if any."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


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


def workspace(args: argparse.Namespace, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    """Open the workspace the options point at (imported lazily: --help should not touch the disk).
    Verbs that only read pass ``read_only=True``: they then leave the data folder exactly as it was."""
    from meetingtui.core.workspace import Workspace

    ws = Workspace.open(
        data=getattr(args, "data", None),
        config=getattr(args, "config", None),
        templates=getattr(args, "templates", None),
        exports=getattr(args, "exports", None),
        read_only=read_only,
        store=getattr(args, "store", None),
    )
    # A setting that was ignored (unknown, or a bad value replaced by its default) is said on every verb, as
    # the TUI says it on start: a council's standard quietly not applied would change every clock (found from
    # outside: the verbs exited 0 in silence). Standard error, so output piped elsewhere stays clean.
    if getattr(args, "verb", None) not in (None, "tui"):
        for warning in ws.settings.warnings:
            print(f"meetingtui: warning: {warning}", file=sys.stderr)
    return ws


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = verb_in(argv)
    asks_help = any(a in ("-h", "--help", "--version") for a in argv)
    only = verb if verb in VERBS else ("tui" if verb is None and not asks_help else None)
    try:
        parser, verbs = build_parser(only)
        args = parser.parse_args(argv)
    except UsageError as exc:
        message = str(exc)
        if verb in VERBS and message.startswith("meetingtui: unrecognized arguments"):
            # Found only after the verb's own parser is done, so argparse names the top level: name the verb.
            message = message.replace("meetingtui:", f"meetingtui {verb}:", 1).replace(
                "(see meetingtui --help)", f"(see meetingtui {verb} --help)"
            )
        print(message, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    mod = verbs[args.verb or "tui"]
    return run_verb(mod, args)


def run_verb(mod: ModuleType, args: argparse.Namespace) -> int:
    from meetingtui.core.errors import UserError

    try:
        return int(mod.run(args) or 0)
    except UserError as exc:
        lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
        for line in lines:
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("meetingtui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno in DISK_ERRNOS:  # raised somewhere no caller turned it into StorageUnavailable
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"{where}the disk refused ({exc.strerror or exc}); nothing was changed", file=sys.stderr)
            return 3
        return _fault(exc, args)
    except Exception as exc:
        return _fault(exc, args)


def _fault(exc: Exception, args: argparse.Namespace) -> int:
    from meetingtui.core import logs
    from meetingtui.core.config import paths

    where = "the log"
    try:
        log_path = logs.setup(paths.data_dir(getattr(args, "data", None)))
        logs.fault(exc, f"verb {args.verb or 'tui'}")
        where = str(log_path)
    except Exception:  # the log itself may be what is broken (disk full); still say something useful
        pass
    print(f"meetingtui: unexpected fault ({type(exc).__name__}); details in {where}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
