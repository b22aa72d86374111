"""The fault log: private, rotated, and never holding what was typed about a child.

Only events and fault locations are logged (exception type, file and line), never exception messages or field
values, because those can carry note text.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from meetingtui.core import files

LOG_NAME = "meetingtui.log"
log = logging.getLogger("meetingtui")


class _PrivateRotatingHandler(RotatingFileHandler):
    def _open(self):  # type: ignore[no-untyped-def]
        path = Path(self.baseFilename)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, files.FILE_MODE)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, files.FILE_MODE)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding or "utf-8")


def setup(data_root: Path) -> Path:
    folder = files.ensure_dir(data_root / "logs")
    path = folder / LOG_NAME
    for h in [h for h in log.handlers if isinstance(h, _PrivateRotatingHandler)]:
        if Path(h.baseFilename) == path.absolute():
            return path
        log.removeHandler(h)
        h.close()
    handler = _PrivateRotatingHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path


def fault_summary(exc: BaseException) -> str:
    """Where a fault happened, without its message (which may quote data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
    return f"{type(exc).__name__} at {where or 'unknown'}"


def fault(exc: BaseException, context: str) -> None:
    log.error("%s: %s", context, fault_summary(exc))
