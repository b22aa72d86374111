"""Reading every case at once without the garbage collector's pauses.

A scan over all cases parses tens of thousands of small dicts and lists (every action of every case's summary),
which the repository then keeps for the life of the process. CPython's cyclic collector runs every few hundred
new containers and, as the heap grows, walks all of it again and again: on a council's five years of data that
more than doubled the time of a scan, and every later full collection (while the user types) walked the cached
summaries once more. Parsed JSON holds no reference cycles, so pausing the collector misses nothing it could
free; reference counting still frees every temporary at once.

So a scan pauses the collector, and the first scan of a process then moves everything alive into the
collector's permanent generation (``gc.freeze``). Only the first: it happens at start-up (the home screen, or
the one query of a CLI verb), when little garbage exists; a later freeze could keep garbage cycles (a closed
screen's widgets) for good.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_settled = False


@contextlib.contextmanager
def scan() -> Iterator[None]:
    """Pause the cyclic collector for a bulk read (restored even if the read fails)."""
    global _settled
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not _settled:
            _settled = True
            gc.freeze()
        if enabled:
            gc.enable()
