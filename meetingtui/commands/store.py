"""meetingtui store: set up a team store, and move every case between a data folder and a team store.

``store copy --from A --to B`` copies each case whole (app state included, so a meeting in progress carries
on where it was), then proves the copy by exporting the case from both stores and comparing: a case that does
not compare equal is named and the verb fails. A damaged case in the source is named and skipped; the others
are still copied. Either side may be a data folder or a ``postgresql://`` URL.
"""

from __future__ import annotations

import argparse
import sys

from meetingtui.commands._output import emit

NAME = "store"
HELP = "set up a team store (init), or copy every case between stores (copy --from … --to …)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="store_verb", metavar="ACTION", required=True, parser_class=type(p))
    init = sub.add_parser("init", help="create or upgrade the team store's tables (run once, as the owner)")
    init.add_argument("url", metavar="URL", help="postgresql://…")
    copy = sub.add_parser("copy", help="copy every case from one store to another, verified")
    copy.add_argument("--from", dest="source", metavar="STORE", required=True, help="a data folder or URL")
    copy.add_argument("--to", dest="target", metavar="STORE", required=True, help="a data folder or URL")
    copy.add_argument("--replace", action="store_true", help="overwrite cases the target already has")


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
    return copy(args.source, args.target, replace=args.replace)


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
