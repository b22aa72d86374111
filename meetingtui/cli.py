"""The command line. ``meetingtui`` alone opens the TUI; each verb lives in ``meetingtui/commands/``.

Exit status: 0 success, 2 bad input or usage (one clear line per problem, nothing changed on disk), 3 the disk
refused (full, read-only, quota, I/O error: one line, nothing changed), 1 an unexpected fault (a short message and
where the log is), 130 interrupted.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse


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


def verb_in(argv: Sequence[str]) -> str | None:
    """The verb named in ``argv`` (the first word that is not an option or an option's value), if any."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(only: str | None = None) -> tuple[Any, dict[str, ModuleType]]:
    """The parser with every verb, or with just ``only`` (see :mod:`meetingtui.commands._parser`)."""
    from meetingtui.commands._parser import build_parser as build

    return build(only)


def __getattr__(name: str) -> Any:
    """``cli._common`` and ``cli.Parser`` for the verbs and tests that use them: built in
    :mod:`meetingtui.commands._parser`, which a bare ``meetingtui`` never imports."""
    if name in ("_common", "Parser"):
        from meetingtui.commands import _parser

        return getattr(_parser, name)
    raise AttributeError(name)


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
    if not argv:
        # A bare ``meetingtui`` opens the app: nothing to parse, so argparse (with gettext, and building the
        # parser) is not imported at all, about 5 ms of every start of the app.
        from types import SimpleNamespace

        from meetingtui.commands import tui

        return run_verb(tui, SimpleNamespace(verb=None))  # type: ignore[arg-type]
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
