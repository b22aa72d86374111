"""A case's stored document as the team store keeps it (schema step 8): ``cases.data`` without the meetings, and
a row per meeting in ``case_meetings`` (see :mod:`.schema_meetings`).

This module reads the parts a process does not hold yet and puts the document back together, and works out
which parts a change wrote, so a note save sends one meeting and a follower reads one meeting back.
"""

from __future__ import annotations

import dataclasses as dc
from typing import Any

import orjson
from tinydb.storages import Storage

from meetingtui.core.errors import CaseFileDamaged, UserError
from meetingtui.core.store.files.filebytes import scrub
from meetingtui.core.store.files.stored import T_MEETINGS
from meetingtui.core.store.files.transaction import Transaction

# (have, have, have, have, id): the version; ``data`` unless written at or before ``have``; every meeting row's
# [doc id, document or null when written at or before ``have``] in the order they were created. Nothing but
# the version when the case is still at ``have``. Then ``true``: the team's whole document, not a redacted copy.
TEAM_PARTS = (
    "select c.version, case when c.version = %s or c.data_version <= %s then null else c.data end, "
    "case when c.version = %s then null else (select coalesce(json_agg(json_build_array(m.doc_id, "
    "case when m.version > %s then m.data end) order by length(m.doc_id), m.doc_id), '[]') "
    "from case_meetings m where m.case_id = c.id) end, true from cases c where c.id = %s"
)


@dc.dataclass(frozen=True)
class Cached:
    """A document this process read or wrote: ``full`` (the team's, every part) or a read-only grantee's
    redacted copy, which must never be the base of a team write; ``migrated``: brought up to this version's
    format on reading, so the stored parts are older than it and the next write must rewrite them all."""

    version: int
    data: dict[str, Any]
    full: bool = True
    migrated: bool = False


class Stale(Exception):
    """The parts read do not fit the document held (another process's cache, or a race): read it whole."""


def assemble(rest: Any, rows: list[Any], held: Cached | None) -> dict[str, Any]:
    """The whole document from the parts the server sent and those ``held`` (full, at the ``have`` asked)."""
    if rest is None:
        if held is None:
            raise Stale
        data = {k: v for k, v in held.data.items() if k != T_MEETINGS}
    else:
        if not isinstance(rest, dict):
            return rest  # damaged: the checks report it
        data = dict(rest)
        data.pop(T_MEETINGS, None)  # an app from before step 8 writing during the upgrade: the rows win
    before = held.data.get(T_MEETINGS, {}) if held is not None else {}
    meetings = {}
    for doc_id, doc in rows:
        if doc is None:
            if doc_id not in before:
                raise Stale
            doc = before[doc_id]
        meetings[doc_id] = doc
    data[T_MEETINGS] = meetings
    return data


@dc.dataclass
class Change:
    """What a write sends: the rest of the document (None when unchanged), the meetings written, removed."""

    rest: dict[str, Any] | None
    meetings: dict[str, Any]
    removed: list[str]
    rewrite: bool  # every meeting row replaced (a new or replaced case, or a base that is not the stored one)


@dc.dataclass(frozen=True)
class Touched:
    """What the transaction says it wrote (its own record of the documents it put)."""

    meeting_ids: set[str]
    rest: bool


def changes(data: dict[str, Any], base: Cached | None, touched: Touched | None = None) -> Change:
    """Which parts of ``data`` differ from ``base``, the stored document it was made from: compared by value
    (a transaction's copy shares every unchanged value with the base, so equal parts compare at once), and
    whatever the transaction says it wrote besides, so a change made inside a shared value is never missed."""
    meetings = data.get(T_MEETINGS) or {}
    rest = {k: v for k, v in data.items() if k != T_MEETINGS}
    if base is None or not base.full or base.migrated:
        return Change(rest, dict(meetings), [], True)
    old = base.data.get(T_MEETINGS) or {}
    old_rest = {k: v for k, v in base.data.items() if k != T_MEETINGS}
    ids = touched.meeting_ids if touched is not None else set()
    return Change(
        rest if (touched is not None and touched.rest) or rest != old_rest else None,
        {k: doc for k, doc in meetings.items() if old.get(k) != doc or doc.get("id") in ids},
        [k for k in old if k not in meetings],
        False,
    )


UPSERT_MEETING = (
    "insert into case_meetings (case_id, doc_id, version, data) values (%s, %s, %s, %s) "
    "on conflict (case_id, doc_id) do update set version = excluded.version, data = excluded.data"
)


class Memory(Storage):
    """The TinyDB storage a transaction edits: the case's tables in memory, noting whether they changed."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data, self.dirty = data, True


def encode(data: Any) -> tuple[str, Any]:
    """JSON text for the server and the value it encodes (text UTF-8 cannot hold is repaired, as on disk)."""
    try:
        return orjson.dumps(data).decode(), data
    except orjson.JSONEncodeError:
        data = scrub(data)
        return orjson.dumps(data).decode(), data


def copy_doc(data: dict[str, Any]) -> dict[str, Any]:
    """A transaction's copy of a cached document, as deep as TinyDB writes: it swaps table dicts and refills
    a document's dict in place, never inside a value, so new dicts for both keep the cache untouched (a deep
    copy was a fifth of a note save on a 600 KB case). Anything else shaped is copied deeply."""
    try:
        return {name: {k: dict(doc) for k, doc in table.items()} for name, table in data.items()}
    except (AttributeError, TypeError, ValueError):
        return orjson.loads(orjson.dumps(data))


class DamagedRow(CaseFileDamaged):
    """A stored document that does not pass the case-file checks (edited by hand, or by a broken tool)."""

    def __init__(self, where: str, reason: str) -> None:
        UserError.__init__(
            self, f"{where}: damaged case ({reason}); fix it in the database or import over it"
        )
        self.path = None  # type: ignore[assignment]
        self.reason = reason
        self.backup = None


def what(tx: Transaction) -> str:
    """The audit row's description of a change: which documents, never their text."""
    parts = []
    if tx.put_record_doc:
        parts.append("record")
    parts += [f"meeting {m}" for m in sorted(tx.put_meeting_ids)]
    parts += [f"action {a}" for a in sorted(tx.put_action_ids)]
    return ", ".join(parts) or "changed"
