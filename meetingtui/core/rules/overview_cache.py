"""A persisted, date-stamped overview per case, so home, ``alerts`` and ``cases`` read one small file instead of
judging five years of every case on every start.

``DATA/index/overview.json`` (0600, derived) holds, for the day it was written and the settings it was judged
with, each case's :class:`~meetingtui.core.rules.alerts.Overview` keyed by the content id of the case's stored
summary. So it is invalidated by any save that changes what the rules read (the summary's id changes), by the
date (alerts count days) and by a change of settings (deadlines are settings). A case whose entry does not
match is judged again; deleting the file loses nothing. A read-only process uses the file but never writes it.
"""

from __future__ import annotations

import dataclasses as dc
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from meetingtui.core import disk
from meetingtui.core.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from meetingtui.core.config.settings import Settings
    from meetingtui.core.rules.alerts import Overview
    from meetingtui.core.store.base import Repository
    from meetingtui.core.store.files.repository import FileRepository

CACHE_VERSION = 6  # 6: an emergency move's care review owed before the next move stays an alert, visits after a placement's first year; 5: the settings stored whole, not as a hash; 4: the contact-plan alert is marked restricted; 3: alerts stored as rows, not objects
FILE_NAME = "overview.json"


def settings_key(settings: Settings) -> str:
    """The settings the file was judged with, as they are (a kilobyte): compared whole, not hashed, so that
    ``alerts`` and home need not load OpenSSL's hashlib (2 ms of the process) just to compare them."""
    return orjson.dumps(dc.asdict(settings), option=orjson.OPT_SORT_KEYS, default=str).decode()


def alert_fields() -> list[str]:
    """Alert's fields in order: part of the file's key, so a row is never read into a changed Alert."""
    from meetingtui.core.rules.alerts import Alert

    return [f.name for f in dc.fields(Alert)]


def _dump(o: Overview, fields: list[str]) -> dict[str, Any]:
    alerts = []
    for a in o.alerts:
        row = [getattr(a, f) for f in fields]
        row[fields.index("due")] = a.due.isoformat() if a.due else None
        alerts.append(row)
    return {
        "name": o.name,
        "next": o.next_meeting.isoformat() if o.next_meeting else None,
        "owed": o.owed,
        "overdue": o.overdue,
        "alerts": alerts,
    }


def _load(case_id: str, body: dict[str, Any], due_at: int, dates: dict[str, date]) -> Overview:
    """Rows straight into Alerts (2,000 of them at start-up: a row is a third of the time of a keyed object),
    each due date parsed once (``dates`` is shared by every case: most alerts fall on the same few days)."""
    from meetingtui.core.rules.alerts import Alert, Overview

    alerts = []
    for row in body["alerts"]:
        due = row[due_at]
        if due is not None:
            d = dates.get(due)
            if d is None:
                d = dates[due] = date.fromisoformat(due)
            row[due_at] = d  # in place: the entry may be written back, and orjson writes a date as ISO text
        alerts.append(Alert(*row))
    return Overview(
        case_id,
        body["name"],
        date.fromisoformat(body["next"]) if body["next"] else None,
        body["owed"],
        body["overdue"],
        alerts,
    )


@dc.dataclass(frozen=True)
class Keys:
    """How a backend says a case changed since its entry was made: ``source``, the quick check (the file
    store: the case file's stat; the team store: the case's version and how it was read), then ``summary_id``
    when the quick check fails (a save that left the summary as it was keeps the entry). ``path``: where the
    file is kept; ``writable``: whether this process may write it; ``ids``: every case id, when the backend
    already has them from the query that gave the sources (the team store: one round trip, not two)."""

    path: Path
    source: Callable[[str], Any]
    summary_id: Callable[[str], str | None]
    writable: bool
    ids: Callable[[], list[str]] | None = None


def file_keys(repo: FileRepository) -> Keys:
    return Keys(repo.index_dir / FILE_NAME, repo._source, repo.summary_id, not repo.read_only)


def overviews(repo: Repository, settings: Settings, today: date, keys: Keys | None = None) -> list[Overview]:
    """Every case's overview in case-id order, from the cache where it is current (``keys``: the backend's,
    the file store's by default)."""
    from meetingtui.core.rules.alerts import overview_of

    keys = keys or file_keys(repo)  # type: ignore[arg-type]
    path = keys.path
    fields = alert_fields()
    head = {
        "v": CACHE_VERSION,
        "today": today.isoformat(),
        "settings": settings_key(settings),
        "fields": fields,
    }
    due_at = fields.index("due")
    dates: dict[str, date] = {}
    try:
        stored = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        stored = None
    cases: dict[str, Any] = {}
    if isinstance(stored, dict) and all(stored.get(k) == v for k, v in head.items()):
        cases = stored.get("cases") or {}
    out: list[Overview] = []
    fresh: dict[str, Any] = {}
    changed = False
    for cid in keys.ids() if keys.ids is not None else repo.case_ids():
        entry = cases.get(cid)
        try:
            src = keys.source(cid)  # the quick check: the case file not touched since the entry was made
        except UserError:
            src = None
        if isinstance(entry, dict) and src is not None:
            same = entry.get("src") == src
            if not same:
                sid = keys.summary_id(cid)  # touched: a save that left the summary as it was keeps the entry
                same = sid is not None and entry.get("id") == sid
                if same:
                    entry = {**entry, "src": src}
                    changed = True
            if same:
                try:
                    out.append(_load(cid, entry["o"], due_at, dates))
                    fresh[cid] = entry
                    continue
                except (KeyError, TypeError, ValueError):
                    pass
        o = overview_of(repo, cid, settings, today)
        out.append(o)
        sid = keys.summary_id(cid)
        changed = True
        if o.damaged is None and sid is not None and src is not None:
            fresh[cid] = {"id": sid, "src": src, "o": _dump(o, fields)}
    if set(fresh) != set(cases):
        changed = True
    if changed and keys.writable:
        try:
            disk.write_atomic(path, orjson.dumps({**head, "cases": fresh}), sync=False)
        except (OSError, UserError):  # derived: a full disk only means judging again next time
            pass
    return out
