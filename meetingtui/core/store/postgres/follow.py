"""Followers hear of saves through LISTEN/NOTIFY instead of asking the server every half second.

One dedicated autocommit connection per process listens (a pooled or transactional connection would hold the
notifications back); a daemon thread records the newest version announced for each case. The payload is only
``"<token> <version>"``, the token a hash of the case id: NOTIFY is not filtered by the database's access
rules, so a listener without access to a case must not even learn its id (case ids may carry a council's
reference numbers); the follower, which knows the ids it watches, re-reads the case under its own rights.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from typing import Any

from meetingtui.core.store.postgres.connect import connect


def token(case_id: str) -> str:
    """The opaque name of a case in notifications."""
    return hashlib.blake2b(case_id.encode(), digest_size=10, person=b"meetingtui").hexdigest()


class Follower:
    def __init__(self, url: str, channel: str) -> None:
        self._conn = connect(url, autocommit=True)
        self._conn.execute(f'listen "{channel}"')
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._broken = False
        self._thread = threading.Thread(target=self._run, name="meetingtui-listen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                for note in self._conn.notifies(timeout=0.5):
                    name, _, version = note.payload.partition(" ")
                    if version.isdigit():
                        with self._lock:
                            if int(version) > self._latest.get(name, 0):
                                self._latest[name] = int(version)
        except Exception:  # the connection went away: the repository falls back to asking
            self._broken = True

    def alive(self) -> bool:
        return not self._broken and self._thread.is_alive()

    def latest(self, case_id: str) -> int | None:
        """The newest version of the case announced since listening began, if any."""
        with self._lock:
            return self._latest.get(token(case_id))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with contextlib.suppress(Exception):
            self._conn.close()


__all__: list[Any] = ["Follower"]
