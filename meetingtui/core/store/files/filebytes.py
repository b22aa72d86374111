"""What a case file's bytes are, apart from TinyDB: how they are written (orjson, surrogates repaired), the keys
that name a file (its stat) and its content (size and CRC-32), and the error for a file that is not a case file.

Apart so that reading the derived index and overview (every start, ``alerts``, search) does not import TinyDB
(4 ms of a start): only reading or writing a case itself needs :mod:`.storage`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson


class UnreadableFile(Exception):
    """The file exists but is not a TinyDB JSON document; the repository turns this into CaseFileDamaged."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def scrub(value: Any) -> Any:
    """Make text UTF-8 can hold, everywhere in a JSON-like value: a surrogate pair that arrived as two code
    points (a bad decode upstream) is joined back into its character, and a lone surrogate becomes one U+FFFD
    so the reader sees that something was there."""
    if isinstance(value, str):
        return (
            value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            if _has_surrogate(value)
            else value
        )
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def dumps(data: Any) -> bytes:
    """Serialise for storage. Text with lone surrogates (possible from a paste) is repaired, not refused."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return orjson.dumps(scrub(data))


def file_key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def content_key(raw: bytes) -> str:
    """What a file holds, independent of where it is (inode, mtime): its size and CRC-32. The derived index
    names the case file it describes by this, so a copied or restored data folder keeps its index. CRC-32
    runs in C at memory speed: a save pays well under a millisecond for the largest case."""
    import zlib

    return f"{len(raw)}:{zlib.crc32(raw):08x}"
