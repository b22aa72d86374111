"""The derived index of each case, kept beside the case files so cross-case screens never open them.

Derived files per case, rebuilt whenever stale (see :class:`IndexMixin`):

    index/<ID>.json         the summary with the actions still owed (what home, alerts and the tracker read)
    index/<ID>.closed.json  the actions done or dropped (read only when someone asks for closed actions)
    index/<ID>.stamp.json   which case file the two describe: its stat (the quick check) and its content
                            (size and CRC-32: a copied data folder keeps its index), and their own ids
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from meetingtui.core import disk
from meetingtui.core.errors import CaseFileDamaged, NotFound, StorageUnavailable
from meetingtui.core.store.files.filebytes import content_key, dumps, file_key
from meetingtui.core.store.files.stored import (
    T_MEETINGS,
    agreed_in,
    case_dict,
    meeting_summary,
    split_summary,
)

if TYPE_CHECKING:
    from meetingtui.core.record.model import Case

# The derived index's own format: an index written by another version is simply rebuilt.
INDEX_VERSION = 5  # 4: summaries keep the keys of restricted items; 5: and meetings' circulations


class IndexMixin:
    """The index half of the repository (which provides the case files, the lock and the checks)."""

    cases_dir: Path
    index_dir: Path
    read_only: bool
    _index_cache: dict[str, dict[str, Any]]
    _closed_cache: dict[str, dict[str, Any]]
    _stamps: dict[str, dict[str, Any]]
    # What this process last derived per case: the source it describes, the two bodies and their ids.
    _index_parts: dict[str, tuple[list[int], dict[str, dict[str, Any]], dict[str, str]]]

    def _index_path(self, case_id: str) -> Path:
        return self.index_dir / f"{case_id}.json"

    # Derived files per case, rebuilt whenever stale:
    #   index/<ID>.json         the summary with the actions still owed (what home, alerts and the tracker read)
    #   index/<ID>.closed.json  the actions done or dropped (read only when someone asks for closed actions)
    #   index/<ID>.stamp.json   which case file the two describe (its stat, and its content: size and CRC-32)
    # Closed actions are most of the bytes after a few years, and the start-up screens never show them. A save
    # rewrites only the small stamp unless the summary itself changed: a note edit costs one extra small file.

    def _closed_index_path(self, case_id: str) -> Path:
        return self.index_dir / f"{case_id}.closed.json"

    def _stamp_path(self, case_id: str) -> Path:
        return self.index_dir / f"{case_id}.stamp.json"

    @staticmethod
    def _content_id(raw: bytes) -> str:
        import hashlib

        return hashlib.blake2b(raw, digest_size=12).hexdigest()

    def _read_json(self, path: Path) -> dict[str, Any] | None:
        try:
            body = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        return body if isinstance(body, dict) and body.get("v") == INDEX_VERSION else None

    def _write_index(
        self, case_id: str, *, meetings: set[str] | None = None, before: tuple[int, int, int] | None = None
    ) -> None:
        """Derive the index from the case file as last read or written, and write what changed of it.

        ``meetings`` and ``before``: a save that changed only these meetings (``Transaction.meetings_only``) of
        the file with stat ``before``. When this process derived that file's index and the meetings' summaries
        are unchanged (a note edit), the bodies and their ids are reused, not rebuilt, dumped and hashed."""
        storage = self._storage(case_id)  # type: ignore[attr-defined]
        data = storage.read()
        if data is None or storage.key is None:
            return
        # The identity of the file these data were read from, not a second look at the disk: another process
        # may have saved in between, and a stamp naming its file over our older data would be trusted by all.
        source = list(storage.key)
        reused = self._unchanged_parts(case_id, data, meetings, before)
        if reused is not None:
            parts, ids = reused
        else:
            case = case_dict(data)
            summary, closed = split_summary(case)
            parts = {
                "main": {"v": INDEX_VERSION, "case": summary, "agreed_in": agreed_in(case)},
                "closed": {"v": INDEX_VERSION, "actions": closed},
            }
            ids = {name: self._content_id(dumps(body)) for name, body in parts.items()}
        stamp = {"v": INDEX_VERSION, "source": source, "content": storage.content, **ids}
        if not self.read_only:
            # Not fsynced: the index is derived, and a stale or missing one is rebuilt from the case file.
            # What is on disk now (another process may have written it since we last did).
            on_disk = self._read_json(self._stamp_path(case_id)) or {}
            paths = {"main": self._index_path(case_id), "closed": self._closed_index_path(case_id)}
            for name in parts:
                if on_disk.get(name) != ids[name] or not paths[name].exists():
                    disk.write_atomic(paths[name], dumps({**parts[name], "id": ids[name]}), sync=False)
            if on_disk != stamp:  # an unchanged stamp is not rewritten: a visit leaves the folder as it was
                disk.write_derived(self._stamp_path(case_id), dumps(stamp))
        self._stamps[case_id] = stamp
        self._index_cache[case_id] = {**parts["main"], "source": source}
        self._closed_cache[case_id] = {**parts["closed"], "source": source}
        self._index_parts[case_id] = (source, parts, ids)

    def _unchanged_parts(
        self,
        case_id: str,
        data: dict[str, Any],
        meetings: set[str] | None,
        before: tuple[int, int, int] | None,
    ) -> tuple[dict[str, dict[str, Any]], dict[str, str]] | None:
        """The bodies and ids this process derived for the file the save started from, when the save cannot
        have changed them: it changed only ``meetings`` (so the record and the actions, hence the closed
        actions and ``agreed_in``, are as they were) and each of their summaries is equal to the one kept."""
        last = self._index_parts.get(case_id)
        if not meetings or before is None or last is None or last[0] != list(before):
            return None
        _, parts, ids = last
        kept = {m.get("id"): m for m in parts["main"]["case"]["meetings"]}
        for doc in data.get(T_MEETINGS, {}).values():
            mid = doc.get("id")
            if mid in meetings and kept.get(mid) != meeting_summary(doc):
                return None
        return parts, ids

    def _forget_index(self, case_id: str) -> None:
        """Drop what is held in memory of a case's index: it is read or derived again when next asked for."""
        self._index_cache.pop(case_id, None)
        self._closed_cache.pop(case_id, None)
        self._stamps.pop(case_id, None)
        self._index_parts.pop(case_id, None)

    def _refresh_index(
        self, case_id: str, *, meetings: set[str] | None = None, before: tuple[int, int, int] | None = None
    ) -> None:
        """After a save: the case file is already safely written, so a failure here (disk full) must not
        report the save as failed. The index is derived; a stale one is rebuilt on the next read."""
        try:
            self._write_index(case_id, meetings=meetings, before=before)
        except (StorageUnavailable, OSError):
            self._forget_index(case_id)

    def _source(self, case_id: str) -> list[int]:
        try:
            return list(file_key(os.stat(self.case_path(case_id))))
        except FileNotFoundError:
            raise self._missing(case_id) from None  # type: ignore[attr-defined]

    def _same_content(self, case_id: str, stamp: dict[str, Any]) -> bool:
        """Whether the case file holds exactly the bytes the stamp describes (read, not parsed)."""
        want = stamp.get("content")
        if not isinstance(want, str):
            return False
        try:
            return content_key(self.case_path(case_id).read_bytes()) == want
        except OSError:
            return False

    def _index_body(self, case_id: str, *, closed: bool = False) -> dict[str, Any]:
        """The current derived body (main or closed), from memory, from its file, or rebuilt from the case."""
        key = self._source(case_id)
        cache = self._closed_cache if closed else self._index_cache
        body = cache.get(case_id)
        if body is not None and body.get("source") == key:
            return body
        name = "closed" if closed else "main"
        stamp = self._read_json(self._stamp_path(case_id))
        if stamp is not None and stamp.get("source") != key and self._same_content(case_id, stamp):
            # A copy of the data folder (cp -a, a restore): new inode and mtime, the same bytes.
            stamp["source"] = key
            if not self.read_only:
                with contextlib.suppress(StorageUnavailable, OSError):
                    disk.write_derived(self._stamp_path(case_id), dumps(stamp))
        if stamp is not None and stamp.get("source") == key:
            body = self._read_json(self._closed_index_path(case_id) if closed else self._index_path(case_id))
            if (
                body is not None
                and body.get("id") == stamp.get(name)
                and ("actions" if closed else "case") in body
            ):
                body["source"] = key
                cache[case_id] = body
                self._stamps[case_id] = stamp
                return body
        with self._mutex:
            self._checked_data(case_id)
            self._refresh_index(case_id)
            body = cache.get(case_id)
            if body is None:  # the index could not be written (full disk): derive it in memory only
                data = case_dict(self._checked_data(case_id))
                summary, closed_rows = split_summary(data)
                self._index_cache[case_id] = {
                    "v": INDEX_VERSION,
                    "source": key,
                    "case": summary,
                    "agreed_in": agreed_in(data),
                }
                self._closed_cache[case_id] = {"v": INDEX_VERSION, "source": key, "actions": closed_rows}
                body = cache[case_id]
            return body

    def summary_id(self, case_id: str) -> str | None:
        """The content id of the case's stored summary when the index is current for the case file (a stat
        and a small stamp read; the summary itself is not read), else ``None``. The overview cache keys on it."""
        try:
            key = self._source(case_id)
        except (NotFound, CaseFileDamaged):
            return None
        body = self._index_cache.get(case_id)
        stamp = self._stamps.get(case_id)
        if body is not None and body.get("source") == key and stamp is not None:
            return stamp.get("main")
        stamp = self._read_json(self._stamp_path(case_id))
        if stamp is None:
            return None
        if stamp.get("source") != key and not self._same_content(case_id, stamp):
            return None
        return stamp.get("main")

    def summary(self, case_id: str) -> Case:
        """A case without notes and agendas (see :func:`summary_of`), with all its actions, owed and closed."""
        from meetingtui.core.record.model import Case

        raw = self.summary_raw(case_id)
        return Case.from_dict(
            {**raw, "actions": [*raw.get("actions", []), *self.closed_actions_raw(case_id)]}
        )

    def summary_raw(self, case_id: str) -> dict[str, Any]:
        """The summary as a plain case-file dict with the actions still owed (open or carried): cross-case
        scans filter these before building records for the rows they keep. Read-only (it is cached)."""
        return self._index_body(case_id)["case"]

    def agreed_in(self, case_id: str) -> set[str]:
        """The meetings of a case that agreed any action (owed or closed): the circulation rules need it."""
        return set(self._index_body(case_id).get("agreed_in", []))

    def closed_actions_raw(self, case_id: str) -> list[dict[str, Any]]:
        """The actions of a case that are done or dropped, as stored (read-only)."""
        return self._index_body(case_id, closed=True)["actions"]
