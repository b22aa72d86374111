"""The fault log: private, rotated, and never holding what was typed about a child.

Only events and fault locations are logged (exception type, file and line), never exception messages or field
values, because those can carry note text.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from meetingtui.core import disk

LOG_NAME = "meetingtui.log"
log = logging.getLogger("meetingtui")


_path: Path | None = None


def _handler_class() -> type[logging.Handler]:
    """The private rotating handler; built on first use, because logging.handlers is not needed until a fault
    is logged (start-up pays for nothing it does not use)."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingHandler(RotatingFileHandler):
        """0600 in a 0700 folder, and created only when the first record is written: a verb that only reads
        leaves no log folder behind."""

        def _open(self):  # type: ignore[no-untyped-def]
            path = Path(self.baseFilename)
            disk.ensure_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, disk.FILE_MODE)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, disk.FILE_MODE)
            return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding or "utf-8")

        def handleError(self, record: logging.LogRecord) -> None:
            """A log that cannot be written (disk full, folder unwritable) must not print a traceback over the
            one-line message the user is given; the fault itself is still reported to them."""

    return PrivateRotatingHandler


def setup(data_root: Path) -> Path:
    """Say where the log goes; the handler is attached when the first record is written."""
    global _path
    _path = data_root / "logs" / LOG_NAME
    return _path


def _attach() -> None:
    if _path is None:
        return
    for h in list(log.handlers):
        if getattr(h, "baseFilename", None) == str(_path.absolute()):
            return
        log.removeHandler(h)
        h.close()
    handler = _handler_class()(_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def fault_summary(exc: BaseException) -> str:
    """Where a fault happened, without its message (which may quote data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
    return f"{type(exc).__name__} at {where or 'unknown'}"


def fault(exc: BaseException, context: str, path: Path | None = None) -> None:
    """Log where a fault happened (never what it said); ``path`` is the log file when not set up already."""
    global _path
    if path is not None:
        _path = path
    _attach()
    log.error("%s: %s", context, fault_summary(exc))
