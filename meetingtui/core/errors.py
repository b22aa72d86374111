"""Errors a user can act on. Each carries a one-line message; the CLI prints it and exits 2, the TUI notifies."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Bad input or a refused request: the message says what was wrong and where."""

    exit_code = 2


class NotFound(UserError):
    pass


class Conflict(UserError):
    """The request clashes with what is stored (an id that exists, a locked meeting, an unfinished gate)."""


class Busy(Conflict):
    """Another process holds the case for longer than we waited: trying again later will work."""


class CaseFileDamaged(UserError):
    """A stored case file cannot be read. It is never overwritten; the newest good backup is named."""

    def __init__(self, path: Path, reason: str, backup: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        hint = (
            f"; newest good backup {backup.name} (meetingtui restore {path.stem} --list)"
            if backup
            else "; no backup found"
        )
        super().__init__(f"{path}: damaged case file ({reason}){hint}")


class StorageUnavailable(UserError):
    """The disk refused a write (full, read-only, permissions). Nothing on disk was changed."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: could not save ({reason}); nothing on disk was changed")


class NewerFormat(UserError):
    """A file written by a newer meetingtui: refuse rather than guess and damage it."""
