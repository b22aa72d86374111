"""Writing a verb's output to a file the user named: private (0600), atomic, never over an existing file
unless --force, and with a one-line error when the folder is missing or not writable."""

from __future__ import annotations

import os
from pathlib import Path

from meetingtui.core import files
from meetingtui.core.errors import UserError


def write_output(path: Path, data: bytes, *, force: bool, example: str = "out.csv") -> Path:
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name (e.g. {path / example})")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder")
    if not os.access(path.parent, os.W_OK):
        raise UserError(f"{path.parent}: permission denied (cannot write there)")
    files.write_new(path, data, overwrite=force)
    return path


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
