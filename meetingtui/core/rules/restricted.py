"""Which actions came from a restricted agenda item, so every list of actions can mark them (issue 13 §4):
a restricted action forwarded with an agency's sheet, or pasted from ``actions --format csv``, reaches people
who should not see it.

Works on full cases and on the stored summaries the cross-case screens read (the summary keeps, per meeting, only
the keys of its restricted items; see ``stored.summary_of``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetingtui.core.record.model import Action, Case


MARK = "RESTRICTED"


def restricted_keys(meetings: Iterable[Any]) -> dict[str, frozenset[str]]:
    """Meeting id → keys of its restricted items, from Meeting records or stored meeting dicts."""
    out: dict[str, frozenset[str]] = {}
    for m in meetings:
        if isinstance(m, dict):
            keys = frozenset(i["key"] for i in m.get("items", ()) if i.get("restricted"))
            mid = m.get("id")
        else:
            keys = frozenset(i.key for i in m.items if i.is_restricted)
            mid = m.id
        if keys:
            out[mid] = keys
    return out


def row_is_restricted(keys: dict[str, frozenset[str]], row: dict[str, Any]) -> bool:
    """Restricted on its own (``restricted: true``) or agreed under a restricted item."""
    if row.get("restricted"):
        return True
    item = row.get("item_key")
    return item is not None and item in keys.get(row.get("meeting_id", ""), frozenset())


def is_restricted(case: Case, action: Action) -> bool:
    return action.is_restricted or row_is_restricted(
        restricted_keys(case.meetings), {"meeting_id": action.meeting_id, "item_key": action.item_key}
    )
