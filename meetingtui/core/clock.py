"""The one source of "now" for screens and rules, so tests (and snapshots) can stop the clock."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """The local time with its offset."""
    return datetime.now().astimezone()
