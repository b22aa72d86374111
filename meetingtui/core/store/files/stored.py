"""The stored shape of a case: TinyDB tables in one file, assembled into the case-file form, stripped of app-only
state, summarised for cross-case screens, and checked before a write.

Pure functions on plain dicts, kept apart from :mod:`repository` (which owns files, locks and backups).
"""

from __future__ import annotations

from typing import Any

from meetingtui.core.record import migrations
from meetingtui.core.record.schema import Problem, case_validator, cross_reference_problems, show

T_CASE, T_MEETINGS, T_ACTIONS, T_META = "case", "meetings", "actions", migrations.META_TABLE
INTERNAL_MEETING_KEYS = ("current_item", "current_since")
INTERNAL_ITEM_KEYS = ("spent_seconds",)


def strip_internal(case: dict[str, Any]) -> dict[str, Any]:
    """The exchange form of a stored case dict: app-only keys removed (copies only what it changes)."""
    meetings = []
    for m in case.get("meetings", []):
        if any(k in m for k in INTERNAL_MEETING_KEYS) or any(
            k in i for i in m.get("items", []) for k in INTERNAL_ITEM_KEYS
        ):
            m = {k: v for k, v in m.items() if k not in INTERNAL_MEETING_KEYS}
            m["items"] = [
                {k: v for k, v in i.items() if k not in INTERNAL_ITEM_KEYS} for i in m.get("items", [])
            ]
        meetings.append(m)
    if "meetings" in case:
        case = {**case, "meetings": meetings}
    return case


def summary_of(case: dict[str, Any]) -> dict[str, Any]:
    """What cross-case screens need, in the case-file shape but without notes, agendas or attendance.

    Small enough that reading 200 of them at start-up is cheap, and shaped like a case so the same rules
    (alerts, tracker) run over a summary or a full case.
    """
    record = {k: v for k, v in case.items() if k not in ("notes", "meetings", "actions", "wishes")}
    record["wishes"] = [{"date": w["date"], "text": ""} for w in case.get("wishes", [])]
    # Only what the cross-case rules read: every record here is decoded for every case at start-up.
    keep = (
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
    )
    record["meetings"] = [{k: m[k] for k in keep if k in m} for m in case.get("meetings", [])]
    record["actions"] = case.get("actions", [])
    return record


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
    data: dict[str, Any], *, record: bool, meeting_ids: set[str], action_ids: set[str]
) -> list[Problem]:
    """Schema problems in what a transaction is about to write: the documents it stored, then the
    cross-references of the whole case. Loading checks the same rules, so a save that passes here can always
    be opened again (a 1 MB paste into notes is refused now, not reported as a damaged case tomorrow)."""
    v = case_validator()
    out: list[Problem] = []
    if record:
        out += v.validate(dict(data[T_CASE]["1"]), node=v.defs["case"], path="case")
    for doc in data.get(T_MEETINGS, {}).values():
        if doc.get("id") in meeting_ids:
            exchange = strip_internal({"meetings": [doc]})["meetings"][0]
            out += v.validate(exchange, node=v.defs["meeting"], path=f"case.meetings[{show(doc['id'])}]")
    for doc in data.get(T_ACTIONS, {}).values():
        if doc.get("id") in action_ids:
            out += v.validate(doc, node=v.defs["action"], path=f"case.actions[{show(doc['id'])}]")
    return out or cross_reference_problems(case_dict(data))


def case_dict(data: dict[str, Any]) -> dict[str, Any]:
    """Assemble the case-file ``case`` object from the TinyDB tables."""
    record = data[T_CASE]["1"]
    case = dict(record)
    case["meetings"] = list(data.get(T_MEETINGS, {}).values())
    case["actions"] = list(data.get(T_ACTIONS, {}).values())
    return case
