"""meetingtui store: set up a team store, and move every case between a data folder and a team store.

``store copy --from A --to B`` copies each case whole (app state included, so a meeting in progress carries
on where it was), then proves the copy by exporting the case from both stores and comparing: a case that does
not compare equal is named and the verb fails. A damaged case in the source is named and skipped; the others
are still copied. Either side may be a data folder or a ``postgresql://`` URL.

``store share CASE --login ROLE --team | --agency NAME | --read-only``, ``store unshare CASE --login ROLE`` and
``store shares [CASE]`` edit and list who a case is shared with on the team store (``case_access``, and the
grants the app needs), so IT never hand-writes them; the store is the one ``--store`` / ``MEETINGTUI_STORE`` /
``config.toml`` chooses, as for every verb, and the login must be the tables' owner (see
:mod:`meetingtui.core.store.postgres.sharing`).
"""

from __future__ import annotations

import argparse
import sys

from meetingtui.commands._output import emit

NAME = "store"
HELP = (
    "set up a team store (init), copy every case between stores (copy --from … --to …), "
    "share a case on it (share, unshare, shares)"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="store_verb", metavar="ACTION", required=True, parser_class=type(p))
    init = sub.add_parser("init", help="create or upgrade the team store's tables (run once, as the owner)")
    init.add_argument("url", metavar="URL", help="postgresql://…")
    copy = sub.add_parser("copy", help="copy every case from one store to another, verified")
    copy.add_argument("--from", dest="source", metavar="STORE", required=True, help="a data folder or URL")
    copy.add_argument("--to", dest="target", metavar="STORE", required=True, help="a data folder or URL")
    copy.add_argument("--replace", action="store_true", help="overwrite cases the target already has")
    from meetingtui.commands._parser import _common

    share = sub.add_parser(
        "share", help="share a case with a login or role: as its team, an agency, or read-only"
    )
    share.add_argument("case_id", metavar="CASE_ID")
    share.add_argument("--login", metavar="ROLE", required=True, help="a database login or group role")
    how = share.add_mutually_exclusive_group(required=True)
    how.add_argument("--team", action="store_true", help="the case's team: reads all of it and changes it")
    how.add_argument(
        "--agency",
        metavar="NAME",
        help="reads it redacted and updates the actions of NAME (spelt as in them)",
    )
    how.add_argument("--read-only", action="store_true", help="reads it redacted, changes nothing")
    unshare = sub.add_parser("unshare", help="stop sharing a case with a login or role")
    unshare.add_argument("case_id", metavar="CASE_ID")
    unshare.add_argument("--login", metavar="ROLE", required=True, help="the login or role to take it from")
    listing = sub.add_parser("shares", help="who a case (or every shared case) is shared with")
    listing.add_argument("case_id", metavar="CASE_ID", nargs="?")
    for p_ in (share, unshare, listing):
        _common(p_)


def open_store(value: str, *, read_only: bool):  # type: ignore[no-untyped-def]
    """A repository for a store given as a folder or a URL."""
    from pathlib import Path

    from meetingtui.core.errors import NotFound
    from meetingtui.core.store.files.repository import FileRepository
    from meetingtui.core.store.postgres.connect import is_postgres_url

    if is_postgres_url(value):
        from meetingtui.core.store.postgres.repository import PostgresRepository

        return PostgresRepository(value, read_only=read_only, listen=False)
    if "://" in value:
        from meetingtui.core.errors import UserError

        raise UserError(f"{value.split('://', 1)[0]}://…: not a store (a data folder, or postgresql://…)")
    root = Path(value).expanduser()
    if read_only and not root.is_dir():
        raise NotFound(f"{root}: no data folder there (store copy --from)")
    return FileRepository(root, read_only=read_only)


def run(args: argparse.Namespace) -> int:
    from meetingtui.core.errors import UserError

    if args.store_verb == "init":
        from meetingtui.core.store.postgres.connect import is_postgres_url

        if not is_postgres_url(args.url):
            raise UserError(f"{args.url}: store init sets up a team store; give a postgresql://… URL")
        repo = open_store(args.url, read_only=False)
        emit(f"{repo.where()}: ready (database format {repo.schema_version}, {len(repo.case_ids())} cases)")
        return 0
    if args.store_verb in ("share", "unshare", "shares"):
        return sharing(args)
    return copy(args.source, args.target, replace=args.replace)


def sharing(args: argparse.Namespace) -> int:
    """share, unshare, shares: on the store every verb uses, as the tables' owner."""
    from meetingtui.core.config import paths
    from meetingtui.core.config.settings import load_settings
    from meetingtui.core.errors import UserError
    from meetingtui.core.store.postgres import sharing as sh
    from meetingtui.core.store.postgres.connect import connect, driver, safe_url, wrapped
    from meetingtui.core.store.postgres.schema import check
    from meetingtui.core.workspace import chosen_store

    url = chosen_store(
        getattr(args, "store", None), load_settings(paths.config_dir(getattr(args, "config", None)))
    )
    if url is None:
        raise UserError(
            f"store {args.store_verb}: the cases are in a data folder, where nothing is shared; "
            "give the team store (--store postgresql://…, or MEETINGTUI_STORE)"
        )
    where = safe_url(url)
    conn = connect(url, autocommit=True)
    try:
        with wrapped(where, getattr(args, "case_id", None)):
            if check(conn, where, read_only=True) is None:
                raise UserError(f"{where}: not set up yet; run `meetingtui store init` first")
            try:
                if args.store_verb == "shares":
                    found = sh.shares(conn, where, args.case_id)
                    if not found:
                        emit(
                            f"case {args.case_id}: shared with nobody: the whole team's (every login with the "
                            "team's grants reads and changes it)"
                            if args.case_id
                            else f"{where}: no case is shared with anyone (every case is the whole team's)"
                        )
                    for s in found:
                        emit(s.line())
                    return 0
                if args.store_verb == "share":
                    agency = args.agency
                    emit(sh.share(conn, where, args.case_id, args.login, team=args.team, agency=agency))
                else:
                    emit(sh.unshare(conn, where, args.case_id, args.login))
            except driver().errors.InsufficientPrivilege:
                raise UserError(
                    f"{where}: only the tables' owner may share cases (the login that ran `meetingtui store "
                    f"init`); connect as it with --store"
                ) from None
    finally:
        conn.close()
    return 0


def copy(source: str, target: str, *, replace: bool) -> int:
    from meetingtui.core.errors import CaseFileDamaged, Conflict, UserError

    src = open_store(source, read_only=True)
    dst = open_store(target, read_only=False)
    if src.where() == dst.where():
        raise UserError(f"{src.where()}: --from and --to are the same store")
    ids = src.case_ids()
    existing = [cid for cid in ids if dst.has_case(cid)]
    if existing and not replace:
        raise Conflict(
            f"{dst.where()}: already holds {len(existing)} of these cases ({', '.join(existing[:5])}"
            f"{', …' if len(existing) > 5 else ''}); nothing copied (use --replace to overwrite them)"
        )
    copied, problems = 0, []
    for cid in ids:
        try:
            case = src.load_case(cid)
        except CaseFileDamaged as exc:
            problems.append(f"{cid}: not copied: {exc}")
            continue
        dst.create_case(case, replace=replace)
        if dst.export_dict(cid) != src.export_dict(cid):
            problems.append(f"{cid}: copied, but the copy does not export the same as the original")
            continue
        copied += 1
    emit(f"{copied} of {len(ids)} cases copied from {src.where()} to {dst.where()}, each verified")
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0
