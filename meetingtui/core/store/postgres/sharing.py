"""Sharing a case on the team store (``meetingtui store share``, ``unshare``, ``shares``): the rows of
``case_access`` and the grants the app needs, so a council's IT never hand-writes either.

The database enforces the sharing (row-level security, schema steps 4 to 6); this module only writes what it
reads, and refuses the changes that would quietly do something else than asked:

- the first share of a case that is still the whole team's must be its team's: a case with rows in
  ``case_access`` is readable only by them, so sharing it with the police alone would hide it from its team;
- a case's last team is not unshared (nor turned read-only) while agencies still have it: nobody could change
  it any more.

Each change is one transaction, run as the tables' owner (only it may edit ``case_access``); the grants it
gives are idempotent and never taken back by ``unshare`` (the role may read other cases).
"""

from __future__ import annotations

import dataclasses as dc
from typing import Any

from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.store.base import check_id
from meetingtui.core.store.postgres.connect import driver

# What the app does as each kind of grantee: FOR UPDATE (every change locks the row first) needs UPDATE, which
# row-level security then confines to the team's rows; only the team creates cases and writes the audit itself.
_EVERYONE = (
    "grant usage on schema public to {r}",
    "grant select on meetingtui_schema, case_access to {r}",
    "grant select, update on cases to {r}",
    "grant select on case_meetings to {r}",
)
_TEAM = (
    "grant insert on cases to {r}",
    "grant insert, update, delete on case_meetings to {r}",
    "grant select, insert on audit to {r}",
    "grant usage on sequence audit_seq_seq to {r}",
)
_AGENCY = ("grant execute on function meetingtui_agency_save(text, bigint, json) to {r}",)


@dc.dataclass(frozen=True)
class Share:
    case_id: str
    grantee: str
    can_write: bool
    agency: str | None
    logins: tuple[str, ...] = ()

    @property
    def what(self) -> str:
        if self.can_write:
            return "its team: reads all of it and changes it"
        redacted = "reads it without restricted content or the peer map"
        if self.agency:
            return f"agency {self.agency}: {redacted}, updates {self.agency}'s actions"
        return f"read-only: {redacted}"

    def line(self) -> str:
        who = ", ".join(self.logins[:8]) + (
            f" and {len(self.logins) - 8} more" if len(self.logins) > 8 else ""
        )
        return f"{self.case_id}  {self.grantee}  {self.what} (logins: {who or 'none yet'})"


def _exists(conn: Any, case_id: str) -> bool:
    """Whether the case exists. The owner is held to row-level security too (FORCE), so a case shared with
    roles it is not in is known by its rows in case_access, not by reading it."""
    return bool(
        conn.execute("select 1 from cases where id = %s", (case_id,)).fetchone()
        or conn.execute("select 1 from case_access where case_id = %s", (case_id,)).fetchone()
    )


def _known(conn: Any, where: str, case_id: str) -> None:
    check_id(case_id)
    if not _exists(conn, case_id):
        raise NotFound(f"case {case_id}: not found in {where}")


def _role(conn: Any, where: str, role: str) -> None:
    if not role or conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone() is None:
        raise UserError(
            f"{role or '(empty)'}: no such login or role in {where}; IT creates it first "
            f"(create role … login)"
        )


def shares(conn: Any, where: str, case_id: str | None = None) -> list[Share]:
    """The case's grantees (every shared case's, without one), each with the logins that are in it."""
    if case_id is not None:
        _known(conn, where, case_id)
    rows = conn.execute(
        "select a.case_id, a.grantee, a.can_write, a.agency, coalesce((select array_agg(l.rolname "
        "order by l.rolname) from pg_roles l where l.rolcanlogin and not l.rolsuper and g.oid is not null "
        "and pg_has_role(l.oid, g.oid, 'member')), '{}') from case_access a "
        "left join pg_roles g on g.rolname = a.grantee "
        "where %s::text is null or a.case_id = %s order by a.case_id, not a.can_write, a.grantee",
        (case_id, case_id),
    ).fetchall()
    return [Share(c, g, w, a, tuple(logins)) for c, g, w, a, logins in rows]


def _refuse_orphan(case_id: str, grantee: str, rows: list[Share], doing: str) -> None:
    """A case whose last team goes while agencies keep it could be changed by nobody."""
    teams = [s for s in rows if s.can_write and s.grantee != grantee]
    others = [s for s in rows if s.grantee != grantee]
    if not teams and others:
        raise UserError(
            f"case {case_id}: {grantee} is its only team; {doing} would leave nobody able to change it "
            f"(share it with another team first: store share {case_id} --login ROLE --team)"
        )


def share(conn: Any, where: str, case_id: str, role: str, *, team: bool, agency: str | None) -> str:
    """Share the case with ``role`` as its team, as an agency, or read-only; a line saying what was done."""
    psycopg = driver()
    agency = agency.strip() if agency is not None else None
    if agency == "":
        raise UserError("--agency: give the agency as its actions spell it (e.g. Police)")
    with conn.transaction():
        _known(conn, where, case_id)
        _role(conn, where, role)
        rows = shares(conn, where, case_id)
        mine = next((s for s in rows if s.grantee == role), None)
        new = Share(case_id, role, team, agency)
        if not rows and not team:
            raise UserError(
                f"case {case_id}: it is the whole team's (shared with nobody yet); sharing it with {role} alone "
                f"would hide it from its team: share it with its team first "
                f"(store share {case_id} --login ROLE --team)"
            )
        if mine is not None and mine.can_write and not team:
            _refuse_orphan(case_id, role, rows, "making it read-only")
        unknown = _agency_unknown(conn, case_id, agency) if agency else ""
        conn.execute(
            "insert into case_access (case_id, grantee, can_write, agency) values (%s, %s, %s, %s) "
            "on conflict (case_id, grantee) do update set can_write = excluded.can_write, agency = excluded.agency",
            (case_id, role, team, agency),
        )
        r = psycopg.sql.Identifier(role)
        for sql in _EVERYONE + (_TEAM if team else ()) + (_AGENCY if team or agency else ()):
            conn.execute(psycopg.sql.SQL(sql).format(r=r))
        connect_note = _grant_connect(conn, r)
    if mine is not None and (mine.can_write, mine.agency) == (team, agency):
        return f"case {case_id}: already shared with {role} as {new.what}; nothing changed{connect_note}{unknown}"
    was = f" (was {mine.what})" if mine is not None else ""
    spelt = " (spelt as in the actions' agency field)" if agency else ""
    return f"case {case_id}: shared with {role} as {new.what}{was}{spelt}{connect_note}{unknown}"


# The agencies the case's actions name (the server compares them exactly when an agency saves).
_AGENCIES = (
    "select distinct a.value->>'agency' from cases c, json_each(case when json_typeof(c.data->'actions') = "
    "'object' then c.data->'actions' else '{}'::json end) a where c.id = %s and a.value->>'agency' is not null "
    "order by 1"
)


def _agency_unknown(conn: Any, case_id: str, agency: str) -> str:
    """Refuse an agency its case's actions spell differently ("police" for "Police": it could update none of
    its actions); for a name no action uses yet, the share stands (actions may come later) with a note. Only a
    login that can read the case can check (IT's owner login usually cannot: row-level security holds it too);
    then the note says the spelling was not checked."""
    if not conn.execute("select 1 from cases where id = %s", (case_id,)).fetchone():
        return (
            f"\nnote: this login cannot read case {case_id}, so the agency's spelling was not checked: it must "
            "be spelt exactly as in the case's actions"
        )
    names = [r[0] for r in conn.execute(_AGENCIES, (case_id,)).fetchall()]
    if agency in names:
        return ""
    folded = " ".join(agency.split()).casefold()
    close = [n for n in names if " ".join(n.split()).casefold() == folded]
    if close:
        raise UserError(
            f"--agency {agency!r}: case {case_id}'s actions spell it {close[0]!r}; give it exactly so "
            "(an agency updates only the actions whose agency is spelt as shared)"
        )
    listed = ", ".join(names) if names else "none yet"
    return f"\nnote: no action in case {case_id} names the agency {agency!r} yet (its actions name: {listed})"


def _grant_connect(conn: Any, r: Any) -> str:
    """CONNECT is the database owner's to grant; the tables' owner usually is it. If not, say so, not fail."""
    psycopg = driver()
    try:
        with conn.transaction():
            conn.execute(
                psycopg.sql.SQL("grant connect on database {d} to {r}").format(
                    d=psycopg.sql.Identifier(conn.execute("select current_database()").fetchone()[0]), r=r
                )
            )
    except psycopg.errors.InsufficientPrivilege:
        return "; ask the database's owner to grant it CONNECT (only it may)"
    return ""


def unshare(conn: Any, where: str, case_id: str, role: str) -> str:
    with conn.transaction():
        _known(conn, where, case_id)
        rows = shares(conn, where, case_id)
        mine = next((s for s in rows if s.grantee == role), None)
        if mine is None:
            raise UserError(f"case {case_id}: not shared with {role}; nothing changed")
        if mine.can_write:
            _refuse_orphan(case_id, role, rows, "unsharing it")
        conn.execute("delete from case_access where case_id = %s and grantee = %s", (case_id, role))
    if len(rows) == 1:
        return (
            f"case {case_id}: no longer shared with {role}; shared with nobody now, it is the whole team's again "
            "(every login with the team's grants reads and changes it)"
        )
    return f"case {case_id}: no longer shared with {role} (its grants on the tables stay: it may have other cases)"
