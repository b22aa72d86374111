"""Durations as the room reads them.

A clock shown as ``01:35 / 1:35:00`` was read as "1 h 35 of 1 h 35" when it meant 1 min 35 s: two halves of
one reading must use the same format, and a spoken form must carry its units. Shared by the meeting screen,
the shared screen and ``present`` so every view of one meeting reads the same way.
"""

from __future__ import annotations


def hms(seconds: int) -> str:
    """Always hours, minutes and seconds (``00:35:00``), so two readings side by side compare at a glance."""
    sign = "-" if seconds < 0 else ""
    h, rem = divmod(abs(int(seconds)), 3600)
    m, s = divmod(rem, 60)
    return f"{sign}{h:02d}:{m:02d}:{s:02d}"


def countdown(seconds: int) -> str:
    """An item's countdown: minutes and seconds (``04:12``), with hours only when it runs that long."""
    sign = "-" if seconds < 0 else ""
    h, rem = divmod(abs(int(seconds)), 3600)
    m, s = divmod(rem, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m:02d}:{s:02d}"


def spoken(seconds: int) -> str:
    """Whole minutes with units: ``35 min``, ``1 h 35 min``, ``2 h`` (under a minute is ``0 min``)."""
    minutes = abs(int(seconds)) // 60
    h, m = divmod(minutes, 60)
    sign = "-" if seconds < 0 and minutes else ""
    if h and m:
        return f"{sign}{h} h {m} min"
    if h:
        return f"{sign}{h} h"
    return f"{sign}{m} min"


def elapsed_of_planned(elapsed: int, planned: int) -> str:
    """The meeting clock: ``35 min of 1 h 35 min`` (units on both sides; no planned time, no "of")."""
    return f"{spoken(elapsed)} of {spoken(planned)}" if planned else spoken(elapsed)
