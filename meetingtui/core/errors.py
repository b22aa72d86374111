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


class MeetingRunning(Conflict):
    """A whole-case replacement (import --replace, restore) while a live meetingtui runs one of its meetings."""


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


class CaseFileMissing(CaseFileDamaged):
    """A case file the index knows of is gone from cases/ (deleted or moved): reported like a damaged one."""

    def __init__(self, path: Path, backup: Path | None = None) -> None:
        reason = "the case file is missing from cases/ (deleted or moved?), though the index still lists it"
        super().__init__(path, reason, backup)
        hint = (
            f"; newest good backup {backup.name} (meetingtui restore {path.stem} --list)"
            if backup
            else "; no backup found"
        )
        self.args = (f"{path}: {reason}{hint}",)

    def __str__(self) -> str:
        return str(self.args[0])


class StorageUnavailable(UserError):
    """The disk refused a write (full, read-only, permissions). Nothing on disk was changed.

    Not bad input: the CLI exits 3, so a script can tell "fix the disk and run it again" from "fix the command"."""

    exit_code = 3

    def __init__(self, path: Path, reason: str, *, bad_input: bool = False) -> None:
        self.path = path
        self.reason = reason
        if bad_input:  # a file named where a folder was asked for: fix the command, not the disk
            self.exit_code = 2
        super().__init__(f"{path}: could not save ({reason}); nothing on disk was changed")


class SharedReadOnly(StorageUnavailable):
    """On the team store, a case shared with this login read-only (an agency): it may follow a live meeting
    but never run it, so it never takes the meeting's claim from the chair's app."""

    exit_code = 2

    def __init__(self, where: str, case_id: str) -> None:
        UserError.__init__(
            self, f"{where}: case {case_id} is shared with you read-only; only its team can run its meetings"
        )
        self.path = None  # type: ignore[assignment]
        self.reason = "the case is shared with you read-only"


class ReadOnlyCase(StorageUnavailable):
    """The owner made the case file (0400) or cases/ (0500) read-only: the case opens read-only, every save is
    refused with this, and the mode is never put back."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(path, why)
        self.args = (
            f"{path}: opened read-only because {why}; nothing was saved (chmod u+w to allow changes)",
        )

    def __str__(self) -> str:
        return str(self.args[0])


class NewerFormat(UserError):
    """A file written by a newer meetingtui: refuse rather than guess and damage it."""
