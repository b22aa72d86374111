"""meetingtui restore CASE_ID [--list | --from N]: bring back a case file from its rotating backups."""

from __future__ import annotations

import argparse

from meetingtui.commands._output import emit, table

NAME = "restore"
HELP = "list a case's backups, or restore one (the newest good one by default)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--list", action="store_true", help="list the backups, newest first")
    g.add_argument("--from", dest="number", type=int, metavar="N", help="restore backup number N from --list")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore even while a meetingtui is running one of the case's meetings (it is told)",
    )


def run(args: argparse.Namespace) -> int:
    from meetingtui.cli import workspace
    from meetingtui.core.errors import UserError
    from meetingtui.core.store.base import check_id
    from meetingtui.core.store.files.backups import BACKUP_KINDS

    check_id(args.case_id)
    ws = workspace(args, read_only=args.list)
    repo = ws.repo
    if args.list:
        infos = repo.backups(args.case_id)
        if not infos:
            raise UserError(f"case {args.case_id}: no backups yet (one is taken before each save-session)")
        rows = [
            [
                i.number,
                i.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                f"{i.size:,} bytes",
                BACKUP_KINDS.get(i.kind, i.kind),
                "ok" if repo.backup_is_good(i.path) else "UNREADABLE",
                i.path.name,
            ]
            for i in infos
        ]
        emit(table(["N", "TAKEN", "SIZE", "KIND", "STATE", "FILE"], rows))
        return 0
    if args.number is not None and args.number < 1:
        raise UserError(f"--from: {args.number} is not a backup number (1 is the newest)")
    done = repo.restore(args.case_id, args.number, force=args.force)
    info = done.info
    kept = (
        f"The file it replaced was backed up first ({done.previous.name})."
        if done.previous is not None
        else "There was no case file to replace (it was missing from cases/), so nothing else was backed up."
    )
    emit(
        f"Restored case {args.case_id} from backup {info.number} taken "
        f"{info.taken.astimezone():%Y-%m-%d %H:%M}. {kept}"
    )
    return 0
