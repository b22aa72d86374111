"""The fictional demo case, moved in time so it always looks current (its alerts fire, its meetings are recent)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from meetingtui.core.config import paths
from meetingtui.core.record.casefile import parse_case
from meetingtui.core.record.model import Case

DEMO_FILE = "demo-case.json"
DEMO_ID = "DEMO-1"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _shift(value: Any, days: timedelta) -> Any:
    if isinstance(value, str):
        if _DATE.match(value):
            return (date.fromisoformat(value) + days).isoformat()
        if _STAMP.match(value):
            return (datetime.fromisoformat(value) + days).isoformat()
        return value
    if isinstance(value, dict):
        return {k: _shift(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days) for v in value]
    return value


def demo_case(today: date | None = None) -> Case:
    raw = orjson.loads(paths.package_data(DEMO_FILE).read_bytes())
    anchor = date.fromisoformat(raw["exported_at"][:10])
    doc = _shift(raw, (today or date.today()) - anchor)
    return parse_case(doc, DEMO_FILE)
