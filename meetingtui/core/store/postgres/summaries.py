"""What the team store's cross-case screens read: each case's summary (the actions still owed, the closed
ones apart) and home's date-stamped overview, each in one query for every case."""

from __future__ import annotations

import threading
from typing import Any

from meetingtui.core.errors import UserError
from meetingtui.core.record.model import Case
from meetingtui.core.store.base import CaseEntry, check_id
from meetingtui.core.store.postgres import reads
from meetingtui.core.store.postgres.documents import DamagedRow


class _Asked:
    """One read started on a thread of its own; calling the object waits for it and returns what it gave (or
    raises what it raised), so the caller can do its own work while the server answers."""

    def __init__(self, read: Any) -> None:
        self._read = read
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._read()
        except BaseException as exc:  # handed to the caller, who raises it on its own thread
            self._error = exc

    def __call__(self) -> Any:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error
        return self._value


class SummariesMixin:
    """The summaries half of :class:`.repository.PostgresRepository` (which provides the queries, the cache
    of summaries and this machine's folder)."""

    _summaries: dict[str, tuple[int, dict[str, Any], list[Any], list[str]]]

    def _summary(self, case_id: str) -> tuple[int, dict[str, Any], list[Any], list[str]]:
        check_id(case_id)
        if self._empty():
            raise self.not_found(case_id)
        cached = self._summaries.get(case_id)
        have = cached[0] if cached else -1
        rows = self._q(reads.SUMMARY, (have, case_id, case_id, have))
        if not rows:
            self._summaries.pop(case_id, None)
            raise self.not_found(case_id)
        version, parts = rows[0]
        if parts is None and cached is not None:
            return cached
        entry = (version, parts[0], parts[1], parts[2])
        self._summaries[case_id] = entry
        return entry

    def summary_raw(self, case_id: str) -> dict[str, Any]:
        return self._summary(case_id)[1]

    def closed_actions_raw(self, case_id: str) -> list[dict[str, Any]]:
        return self._summary(case_id)[2]

    def agreed_in(self, case_id: str) -> set[str]:
        return set(self._summary(case_id)[3])

    def summary(self, case_id: str) -> Case:
        _, raw, closed, _ = self._summary(case_id)
        return Case.from_dict({**raw, "actions": [*raw.get("actions", []), *closed]})

    def entries(self) -> list[CaseEntry]:
        """Every case's summary in one query (home with 200 cases is one round trip)."""
        if self._empty():
            return []
        out = []
        # Only the summaries: the closed actions are most of the bytes and the case list never shows them.
        for cid, summary in self._q(reads.ENTRIES):
            try:
                out.append(CaseEntry(cid, Case.from_dict(summary)))
            except (UserError, KeyError, TypeError, ValueError) as exc:
                out.append(CaseEntry(cid, None, DamagedRow(self.where(cid), str(exc))))
        return out

    def overviews(self, settings: Any, today: Any) -> Any:
        """Home's lines from a date-stamped cache on this machine, as the file store keeps one
        (:mod:`meetingtui.core.rules.overview_cache`): keyed by each case's version and how this login reads
        it (one query for every case), so only the cases saved since are judged again. Without it, home
        judged every case's summary on every start: 0.7-0.8 s for 200 cases against the file store's 20-30 ms."""
        from meetingtui.core import disk
        from meetingtui.core.rules import overview_cache

        if self.index_dir is None or self._empty():
            return super().overviews(settings, today)
        try:
            disk.ensure_dir(self.index_dir)
        except (OSError, UserError):
            return super().overviews(settings, today)
        # The versions are asked for on a thread while this one reads the cache file: the server plans and
        # answers in its own process meanwhile (1-2 ms of a 7 ms home on a fresh connection, otherwise waited).
        asked = _Asked(lambda: {r[0]: f"{r[1]}:{r[2]}" for r in self._q(reads.VERSIONS)})
        # Written by readers too: a cache of the server on this machine, not the store (as the search index).
        path = self.index_dir / self.local_name("overview.json")
        keys = overview_cache.Keys(
            path, lambda cid: asked().get(cid), lambda cid: asked().get(cid), True, lambda: sorted(asked())
        )
        return overview_cache.overviews(self, settings, today, keys)

    def contents_stamp(self) -> object:
        """Every readable case's version, in one query."""
        return () if self._empty() else tuple(sorted(tuple(r) for r in self._q(reads.VERSIONS)))
