"""Writing a verb's output to a file the user named: private (0600), atomic, never over an existing file
unless --force, and with a one-line error when the folder is missing or not writable."""

from __future__ import annotations

from pathlib import Path

from meetingtui.core import disk


def write_output(path: Path, data: bytes, *, force: bool, example: str = "out.csv") -> Path:
    return disk.write_user_file(path, data, force=force, example=example)


def nonnegative(text: str) -> int:
    """An argparse type: a whole number of days, 0 or more."""
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} must not be negative")
    return n
