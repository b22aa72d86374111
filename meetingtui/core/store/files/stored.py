"""The stored shape of a case: TinyDB tables in one file, assembled into the case-file form, stripped of app-only
state, summarised for cross-case screens, and checked before a write.

Pure functions on plain dicts, kept apart from :mod:`repository` (which owns files, locks and backups).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetingtui.core.record import migrations
from meetingtui.core.text.show import show

if TYPE_CHECKING:
    from meetingtui.core.record.schema import Problem

T_CASE, T_MEETINGS, T_ACTIONS, T_META = "case", "meetings", "actions", migrations.META_TABLE
INTERNAL_MEETING_KEYS = ("current_item", "current_since")
INTERNAL_ITEM_KEYS = ("spent_seconds",)
# Rows without an exchanged id carry an app-internal one (core/record/merge.py), never exported.
ROW_UID = "uid"


def _no_uid(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != ROW_UID} if ROW_UID in r else r for r in rows]


def _strip_item(i: dict[str, Any]) -> dict[str, Any]:
    i = {k: v for k, v in i.items() if k not in INTERNAL_ITEM_KEYS}
    if "decisions" in i:
        i["decisions"] = _no_uid(i["decisions"])
    return i


def _strip_meeting(m: dict[str, Any]) -> dict[str, Any]:
    if not (
        any(k in m for k in INTERNAL_MEETING_KEYS)
        or any(ROW_UID in a for a in m.get("attendees", []))
        or any(k in i for i in m.get("items", []) for k in INTERNAL_ITEM_KEYS)
        or any(ROW_UID in d for i in m.get("items", []) for d in i.get("decisions", []))
    ):
        return m
    m = {k: v for k, v in m.items() if k not in INTERNAL_MEETING_KEYS}
    if "attendees" in m:
        m["attendees"] = _no_uid(m["attendees"])
    if "items" in m:
        m["items"] = [_strip_item(i) for i in m["items"]]
    return m


def identify_rows(data: dict[str, Any]) -> None:
    """Give the rows of a file stored before rows had an internal identity one, in place, derived from the row
    and its place: every copy reading the same file derives the same one, so an edit opened in one copy is found
    again after another copy's save stored them."""
    import hashlib

    def fill(rows: list[dict[str, Any]], where: str) -> None:
        for n, r in enumerate(rows):
            if ROW_UID not in r:
                text = f"{where}:{n}:{sorted((k, repr(v)) for k, v in r.items())}"
                r[ROW_UID] = "h" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]

    for doc in data.get(T_CASE, {}).values():
        fill(doc.get("wishes", []), "wishes")
    for doc in data.get(T_MEETINGS, {}).values():
        fill(doc.get("attendees", []), f"{doc.get('id')}:attendees")
        for i in doc.get("items", []):
            fill(i.get("decisions", []), f"{doc.get('id')}:{i.get('key')}:decisions")


def strip_internal(case: dict[str, Any]) -> dict[str, Any]:
    """The exchange form of a stored case dict: app-only keys removed (copies only what it changes)."""
    if any(ROW_UID in w for w in case.get("wishes", [])):
        case = {**case, "wishes": _no_uid(case["wishes"])}
    if "meetings" in case:
        case = {**case, "meetings": [_strip_meeting(m) for m in case["meetings"]]}
    return case


def summary_of(case: dict[str, Any]) -> dict[str, Any]:
    """What cross-case screens need, in the case-file shape but without notes, agendas or attendance.

    Small enough that reading 200 of them at start-up is cheap, and shaped like a case so the same rules
    (alerts, tracker) run over a summary or a full case.
    """
    record = {k: v for k, v in case.items() if k not in ("notes", "meetings", "actions", "wishes")}
    record["wishes"] = [{"date": w["date"], "text": ""} for w in case.get("wishes", [])]
    record["meetings"] = [meeting_summary(m) for m in case.get("meetings", [])]
    record["actions"] = case.get("actions", [])
    return record


# Only what the cross-case rules read of a meeting: every summary is decoded for every case at start-up.
MEETING_SUMMARY_KEYS = (
    "id",
    "title",
    "date",
    "start",
    "status",
    "next_meeting",
    "approved_at",
    "approved_by",
    "started_at",
    "ended_at",
    "version",
    "history",
    "scale",
    "circulations",  # the alert when a newer version supersedes one already sent
)


def meeting_summary(m: dict[str, Any]) -> dict[str, Any]:
    """A meeting as the summary keeps it: no notes, agendas or attendance."""
    short = {k: m[k] for k in MEETING_SUMMARY_KEYS if k in m}
    # Only the keys of restricted items: what marks an action from one as restricted on every list.
    restricted = [
        {"key": i["key"], "title": "", "restricted": True} for i in m.get("items", ()) if i.get("restricted")
    ]
    if restricted:
        short["items"] = restricted
    return short


OWED = ("open", "carried")


def split_summary(case: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The summary with only the actions still owed, and the closed actions apart (see the repository's index)."""
    summary = summary_of(case)
    actions = summary["actions"]
    summary["actions"] = [a for a in actions if a.get("status") in OWED]
    return summary, [a for a in actions if a.get("status") not in OWED]


def agreed_in(case: dict[str, Any]) -> list[str]:
    return sorted({a["meeting_id"] for a in case.get("actions", []) if "meeting_id" in a})


def written_problems(
    data: dict[str, Any],
    *,
    record: bool,
    meeting_ids: set[str],
    action_ids: set[str],
    references_kept: bool = False,
) -> list[Problem]:
    """Schema problems in what a transaction is about to write: the documents it stored, then the
    cross-references of the whole case. Loading checks the same rules, so a save that passes here can always
    be opened again (a 1 MB paste into notes is refused now, not reported as a damaged case tomorrow).

    ``references_kept``: the case passed the whole check before the transaction, and the transaction changed
    only meetings already stored, each keeping its id and its items' keys (``Transaction.meetings_only``). Every
    cross-reference rule reads only ids and item keys (unique ids, unique item keys within a meeting, actions
    and updates naming a meeting and item of the file), so none can fail now: the whole-case pass, about 1 ms
    for the largest case on every note save, is skipped. The stored documents are still checked in full."""
    # Imported here: a process that only reads (a search answered from its index) never needs the checks.
    from meetingtui.core.record.schema import case_validator

    v = case_validator()
    out: list[Problem] = []
    if record:
        record_doc = strip_internal({k: v for k, v in data[T_CASE]["1"].items() if k != "meetings"})
        out += v.validate(record_doc, node=v.defs["case"], path="case")
    for doc in data.get(T_MEETINGS, {}).values():
        if doc.get("id") in meeting_ids:
            exchange = strip_internal({"meetings": [doc]})["meetings"][0]
            out += v.validate(exchange, node=v.defs["meeting"], path=f"case.meetings[{show(doc['id'])}]")
    for doc in data.get(T_ACTIONS, {}).values():
        if doc.get("id") in action_ids:
            out += v.validate(doc, node=v.defs["action"], path=f"case.actions[{show(doc['id'])}]")
    if out or references_kept:
        return out
    return cross_reference_problems(case_dict(data))


def case_dict(data: dict[str, Any]) -> dict[str, Any]:
    """Assemble the case-file ``case`` object from the TinyDB tables."""
    record = data[T_CASE]["1"]
    case = dict(record)
    case["meetings"] = list(data.get(T_MEETINGS, {}).values())
    case["actions"] = list(data.get(T_ACTIONS, {}).values())
    return case


def cross_reference_problems(case: dict[str, Any]) -> list[Problem]:
    """The schema's whole-case pass (imported on the first save that needs it)."""
    from meetingtui.core.record.schema import cross_reference_problems as check

    return check(case)


def check_record(data: dict[str, Any]) -> list[str]:
    """The schema check, imported when a case is read or written: a search answered from its index never
    needs it (1-1.7 ms of every ``meetingtui search``)."""
    from meetingtui.core.record.schema import check_case_record

    return check_case_record(data)
