"""A crash-safe TinyDB storage with orjson, change detection and batched writes.

TinyDB's default JSONStorage rewrites its file in place: a process killed mid-write leaves a truncated file.
This storage writes through :func:`disk.write_atomic`, caches the parsed data keyed on the file's identity
(inode, mtime, size) so a second process's write is noticed and re-read, and can defer writes inside a
transaction so several table operations cost one fsync.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from meetingtui.core import disk
from meetingtui.core.errors import StorageUnavailable
from meetingtui.core.store.files.filebytes import UnreadableFile, content_key, file_key, scrub


class AtomicJSONStorage(Storage):
    def __init__(self, path: Path, *, sync: bool = True) -> None:
        self.path = Path(path)
        self.sync = sync
        self._key: tuple[int, int, int] | None = None
        self.content: str | None = (
            None  # content_key of the bytes the cached data was read from or written as
        )
        self._data: dict[str, Any] | None = None
        self._pending: dict[str, Any] | None = None
        self._in_tx = False
        self._dirty = False
        self.validated = False  # set by the repository once the current data passed its shape check

    # --------------------------------------------------------------------------------------- reading
    def read(self) -> dict[str, Any] | None:
        if self._in_tx and self._pending is not None:
            return self._pending
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            self._key, self._data = None, None
            return None
        except OSError as exc:
            raise UnreadableFile(self.path, exc.strerror or str(exc)) from exc
        try:
            key = file_key(os.fstat(fd))
            if key == self._key and self._data is not None:
                data = self._data
            else:
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    raw = fh.read()
                data = self._parse(raw)
                self._key, self._data, self.validated = key, data, False
                self.content = content_key(raw)
        finally:
            os.close(fd)
        if self._in_tx:
            self._pending = data
        return data

    def _parse(self, raw: bytes) -> dict[str, Any]:
        if not raw.strip():
            raise UnreadableFile(self.path, "the file is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise UnreadableFile(self.path, f"not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise UnreadableFile(self.path, "not a meetingtui case database")
        for table in data.values():
            if not all(isinstance(doc, dict) for doc in table.values()):
                raise UnreadableFile(self.path, "not a meetingtui case database")
        return data

    @property
    def key(self) -> tuple[int, int, int] | None:
        """The identity (inode, mtime, size) of the file the cached data was read from or written to."""
        return self._key

    def changed_on_disk(self) -> bool:
        try:
            return file_key(os.stat(self.path)) != self._key
        except FileNotFoundError:
            return self._key is not None

    # --------------------------------------------------------------------------------------- writing
    def write(self, data: dict[str, Any]) -> None:
        if self._in_tx:
            self._pending, self._dirty = data, True
            return
        self._write_now(data)

    def _write_now(self, data: dict[str, Any]) -> None:
        try:
            raw = orjson.dumps(data)
        except orjson.JSONEncodeError:
            # Keep in memory exactly what goes to disk: a lone surrogate kept here would make this session's
            # later reads (an export, the minutes) differ from the file, and fail where the file would not.
            data = scrub(data)
            raw = orjson.dumps(data)
        try:
            disk.write_atomic(self.path, raw, sync=self.sync)
        except StorageUnavailable:
            # TinyDB edited the cached dict in place; it no longer matches the disk.
            self._key, self._data = None, None
            raise
        self._key = file_key(os.stat(self.path))
        self._data = data
        self.content = content_key(raw)
        self.validated = True  # we only ever write data built from the model

    @property
    def pending_write(self) -> dict[str, Any] | None:
        """What the open transaction would write (``None`` when it changed nothing)."""
        return self._pending if self._in_tx and self._dirty else None

    def begin(self) -> None:
        self._in_tx, self._pending, self._dirty = True, None, False

    def commit(self) -> bool:
        """Write what the transaction changed; returns whether anything was written."""
        pending, dirty = self._pending, self._dirty
        self._in_tx, self._pending, self._dirty = False, None, False
        if not dirty or pending is None:
            return False
        self._write_now(pending)
        return True

    def rollback(self) -> None:
        dirty = self._dirty
        self._in_tx, self._pending, self._dirty = False, None, False
        if dirty:
            # Table operations edited the cached dict in place: forget it, re-read from disk next time.
            self._key, self._data = None, None

    def close(self) -> None:
        pass
