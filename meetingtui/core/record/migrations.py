"""Stored-format versions. Records are kept for decades, so every case database says which version wrote it.

To change the stored shape: bump ``CURRENT``, add a function to ``STEPS`` that turns version N data into N+1
(taking and returning the whole TinyDB dict), and add a test with a file of the old version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meetingtui.core.errors import NewerFormat

CURRENT = 3
META_TABLE = "meta"

Data = dict[str, Any]


def _v1_to_v2(data: Data) -> Data:
    """Version 2 only adds optional fields (finer restriction, the young person's text, disclosure decisions,
    circulations, corrections, the clocks' facts), so version 1 data is already valid version 2 data: nothing
    is rewritten, and a case opens exactly as it was."""
    return data


def _v2_to_v3(data: Data) -> Data:
    """Version 3 only adds the case's optional ``reviews`` (reviews of the care plan chaired by the IRO, reg 33),
    so version 2 data is already valid version 3 data: nothing is rewritten."""
    return data


STEPS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3}


def case_file_v1_to_v2(case: dict[str, Any]) -> dict[str, Any]:
    """The exchange file's ``case`` object, version 1 to 2: the same additive change as the stored step."""
    return case


def case_file_v2_to_v3(case: dict[str, Any]) -> dict[str, Any]:
    """The exchange file's ``case`` object, version 2 to 3: the same additive change as the stored step."""
    return case


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
