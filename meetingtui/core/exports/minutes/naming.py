"""File names for exported minutes that are safe on Windows, macOS and Linux whatever the case or meeting is
called, and a check that the file really lands inside the exports folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from meetingtui.core.errors import UserError

MAX_NAME = 120
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, *, suffix: str = ".docx", fallback: str = "minutes") -> str:
    """A plain ASCII file name ending in ``suffix``: no separators, ``..``, NUL or control characters, no
    reserved Windows device name (CON, PRN, AUX, NUL, COM1..., LPT1...) even with an extension, no leading or
    trailing dots or spaces, at most ``MAX_NAME`` characters.

    Letters with accents keep their base letter (é -> e); anything else becomes ``_``. ASCII-only because
    the minutes travel by email and USB stick between councils' machines, whose file systems disagree about
    everything else.
    """
    stem = name[: -len(suffix)] if suffix and name.lower().endswith(suffix.lower()) else name
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"_{2,}", "_", stem)
    stem = stem.strip(" ._-")
    if not stem:
        stem = fallback
    if stem.split(".", 1)[0].upper() in _RESERVED:
        stem = "_" + stem
    stem = stem[: MAX_NAME - len(suffix)].rstrip(" .")
    return stem + suffix


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would resolve outside ``folder`` (after symlinks)."""
    if not name or Path(name).name != name or name in (".", ".."):
        raise UserError(f"{name!r}: not a plain file name")
    root = folder.resolve()
    target = (root / name).resolve()
    if target.parent != root:
        raise UserError(f"{name!r}: would be written outside {folder}")
    return target
