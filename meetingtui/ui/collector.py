"""The cyclic garbage collector's full collections, moved to when nobody is waiting for the screen.

Why: the app holds a council's data (home's case summaries, the open case's record, every widget of the
screens on the stack), and a full collection walks all of it. Measured on opening a meeting of the benchmark's
largest case: most opens took 60-75 ms, but every few took 120-180 ms, a full collection landing in the middle
of composing the screen; with the collector off, every open took 60-67 ms. Typing sees the same stalls.

So while the app runs, the automatic schedule keeps only the young collections (cheap: new objects only), and a
full one runs from a timer once there has been no key or mouse input for :data:`IDLE` seconds, or at the
latest every :data:`LATEST` seconds, and only when something has reached the oldest generation since the last
(``gc.get_count()[2]``). Garbage cycles (a closed screen's widgets) are still freed, a moment later. Textual's
own ``PAUSE_GC_ON_SCROLL`` does the same for scrolling. On exit the thresholds are put back as they were.
"""

from __future__ import annotations

import gc
import time

#: The full collection's threshold while the app runs: never reached (Python counts young collections to 10).
NEVER = 1_000_000
#: Seconds without input before the full collection runs.
IDLE = 1.0
#: A session typed into without a second's pause still has its full collection this often: typing leaves
#: cyclic garbage (Textual's, some 3 MB a second in the benchmark's typing), so waiting a minute let the
#: app's peak memory grow from 106 MB to 146 MB in twelve seconds of typing; one stall every few seconds of
#: unbroken typing is what Python's own schedule gave anyway.
LATEST = 5.0


class IdleCollector:
    def __init__(self, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self.last_input = self.last_full = clock()

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def touched(self) -> None:
        """A key or mouse event: someone is waiting for the next frame."""
        self.last_input = self._clock()

    def tick(self) -> bool:
        """Run the full collection if it is due and nobody is typing; whether it ran."""
        now = self._clock()
        if gc.get_count()[2] == 0 or not gc.isenabled():
            return False  # nothing new among the old objects, or a bulk read has the collector paused
        if now - self.last_input < IDLE and now - self.last_full < LATEST:
            return False
        gc.collect()
        self.last_full = now
        return True
