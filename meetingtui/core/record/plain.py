"""The record's constants and small parsers that need none of its classes.

Settings, the file store and the cached overview need these at start-up; importing them from
:mod:`.model` made every process build the model's two dozen record classes, about a tenth of
`meetingtui alerts` and of the app's start to home, before reading a cached overview that needs none of them.
"""

from __future__ import annotations

from datetime import datetime

# The protective marking every page carries when neither the meeting nor the settings name one.
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


def parse_stamp(value: str | None) -> datetime | None:
    """An ISO timestamp as written in the record, or None when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
