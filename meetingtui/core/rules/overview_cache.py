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
import hashlib
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from meetingtui.core import disk
from meetingtui.core.errors import UserError

if TYPE_CHECKING:
    from meetingtui.core.config.settings import Settings
    from meetingtui.core.rules.alerts import Overview
    from meetingtui.core.store.files.repository import FileRepository

CACHE_VERSION = 2
FILE_NAME = "overview.json"


def settings_key(settings: Settings) -> str:
    body = orjson.dumps(dc.asdict(settings), option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(body, digest_size=12).hexdigest()


def _dump(o: Overview) -> dict[str, Any]:
    return {
        "name": o.name,
        "next": o.next_meeting.isoformat() if o.next_meeting else None,
        "owed": o.owed,
        "overdue": o.overdue,
        "alerts": [{**dc.asdict(a), "due": a.due.isoformat() if a.due else None} for a in o.alerts],
    }


def _load(case_id: str, body: dict[str, Any]) -> Overview:
    from meetingtui.core.rules.alerts import Alert, Overview

    return Overview(
        case_id,
        body["name"],
        date.fromisoformat(body["next"]) if body["next"] else None,
        body["owed"],
        body["overdue"],
        [Alert(**{**a, "due": date.fromisoformat(a["due"]) if a["due"] else None}) for a in body["alerts"]],
    )


def overviews(repo: FileRepository, settings: Settings, today: date) -> list[Overview]:
    """Every case's overview in case-id order, from the cache where it is current."""
    from meetingtui.core.rules.alerts import overview_of

    path = repo.index_dir / FILE_NAME
    head = {"v": CACHE_VERSION, "today": today.isoformat(), "settings": settings_key(settings)}
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
    for cid in repo.case_ids():
        entry = cases.get(cid)
        try:
            src = repo._source(cid)  # the quick check: the case file not touched since the entry was made
        except UserError:
            src = None
        if isinstance(entry, dict) and src is not None:
            same = entry.get("src") == src
            if not same:
                sid = repo.summary_id(cid)  # touched: a save that left the summary as it was keeps the entry
                same = sid is not None and entry.get("id") == sid
                if same:
                    entry = {**entry, "src": src}
                    changed = True
            if same:
                try:
                    out.append(_load(cid, entry["o"]))
                    fresh[cid] = entry
                    continue
                except (KeyError, TypeError, ValueError):
                    pass
        o = overview_of(repo, cid, settings, today)
        out.append(o)
        sid = repo.summary_id(cid)
        changed = True
        if o.damaged is None and sid is not None and src is not None:
            fresh[cid] = {"id": sid, "src": src, "o": _dump(o)}
    if set(fresh) != set(cases):
        changed = True
    if changed and not repo.read_only:
        try:
            disk.write_atomic(path, orjson.dumps({**head, "cases": fresh}), sync=False)
        except (OSError, UserError):  # derived: a full disk only means judging again next time
            pass
    return out
