"""An agency's progress on its own actions in a case shared with it read-only (schema step 5).

A read-only grantee (``case_access.can_write = false``) reads the case's redacted copy and may not change its
row. For a grantee IT gave an ``agency``, the database function ``meetingtui_agency_save`` (SECURITY DEFINER,
see :mod:`.schema_agency` and :mod:`.schema_shared`) stores a change when every difference from that redacted
copy is the status and newly added progress updates of actions of that agency, merging them into the full
stored document. The database decides; this module is
the app's side of it: it tells before asking whether a change is of that kind (so a refusal is one line
naming the agency), and turns the function's answers into the app's own errors.
"""

from __future__ import annotations

from typing import Any

from meetingtui.core.errors import Conflict, UserError
from meetingtui.core.store.files.stored import T_ACTIONS
from meetingtui.core.store.postgres.connect import driver

# What an agency may change in its own actions: the status, and updates added after the stored ones
# (record_disposition appends one; carrying puts the new due date in it, never in the action's ``due``).
FIELDS = ("status", "updates")


def touched_actions(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The stored actions a change touches, or None when it changes anything else: another part of the
    case, an action's other fields, an earlier update, or a meeting's disposition (an update naming a
    meeting is recorded by whoever runs that meeting, the case's team)."""
    if before.keys() != after.keys() or any(after[k] != before[k] for k in after if k != T_ACTIONS):
        return None
    old, new = before.get(T_ACTIONS, {}), after.get(T_ACTIONS, {})
    if old.keys() != new.keys():
        return None
    touched = []
    for key, now in new.items():
        was = old[key]
        if now == was:
            continue
        if {k: v for k, v in now.items() if k not in FIELDS} != {
            k: v for k, v in was.items() if k not in FIELDS
        }:
            return None
        had, has = was.get("updates", []), now.get("updates", [])
        if has[: len(had)] != had or any(u.get("meeting_id") is not None for u in has[len(had) :]):
            return None
        touched.append(was)
    return touched


def agencies(conn: Any, case_id: str) -> list[str]:
    """The agencies this login acts for in the case (``case_access.agency`` of its roles), as the function
    finds them; none when the login may not read ``case_access``."""
    psycopg = driver()
    try:
        with conn.transaction():  # a savepoint: a refusal here must not end the caller's transaction
            rows = conn.execute(
                "select distinct a.agency from case_access a join pg_roles r on r.rolname = a.grantee "
                "where a.case_id = %s and a.agency is not null and pg_has_role(session_user, r.oid, 'member') "
                "order by 1",
                (case_id,),
            ).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        return []
    return [r[0] for r in rows]


def refusal(case_id: str, login: str, mine: list[str]) -> str:
    if not mine:
        return f"case {case_id}: not saved: it is shared with you read-only ({login} may not change it)"
    names = " or ".join(f"{a}'s" for a in mine)
    return (
        f"case {case_id}: not saved: it is shared with you read-only: you may update only {names} actions "
        "(their status and progress, between meetings)"
    )


def save(
    conn: Any, case_id: str, login: str, version: int, before: dict[str, Any], after: dict[str, Any], raw: str
) -> int:
    """Store ``after`` (its JSON text ``raw``) through ``meetingtui_agency_save``, inside the caller's
    transaction; the new version (``version`` again when nothing really changed). Raises UserError with one
    line when the change is not an agency's to make, Conflict when someone saved the case meanwhile."""
    mine = agencies(conn, case_id)
    touched = touched_actions(before, after)
    if not mine or touched is None or any(a.get("agency") not in mine for a in touched):
        raise UserError(refusal(case_id, login, mine))
    psycopg = driver()
    try:
        with conn.transaction():
            row = conn.execute(
                "select meetingtui_agency_save(%s, %s, %s::json)", (case_id, version, raw)
            ).fetchone()
    except psycopg.errors.SerializationFailure:
        raise Conflict(f"case {case_id}: changed meanwhile (someone else saved it); try again") from None
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.DataError) as exc:
        reason = (exc.diag.message_primary or str(exc)).splitlines()[0]
        reason = reason.removeprefix(f"case {case_id}: ")
        raise UserError(f"case {case_id}: not saved: {reason}") from None
    return int(row[0])
