"""Stored-format versions. Records are kept for decades, so every case database says which version wrote it.

To change the stored shape: bump ``CURRENT``, add a function to ``STEPS`` that turns version N data into N+1
(taking and returning the whole TinyDB dict), and add a test with a file of the old version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meetingtui.core.errors import NewerFormat

CURRENT = 1
META_TABLE = "meta"

Data = dict[str, Any]
STEPS: dict[int, Callable[[Data], Data]] = {}


def version_of(data: Data) -> int:
    meta = data.get(META_TABLE, {}).get("1", {})
    v = meta.get("schema_version", 1)
    return v if isinstance(v, int) and not isinstance(v, bool) else 1


def migrate(data: Data, *, where: str) -> tuple[Data, bool]:
    """Bring stored data up to ``CURRENT``; returns the data and whether anything changed."""
    v = version_of(data)
    if v > CURRENT:
        raise NewerFormat(
            f"{where}: written by a newer meetingtui (format {v}, this one reads up to {CURRENT}); upgrade to open it"
        )
    changed = False
    while v < CURRENT:
        data = STEPS[v](data)
        v += 1
        data.setdefault(META_TABLE, {}).setdefault("1", {})["schema_version"] = v
        changed = True
    return data, changed
