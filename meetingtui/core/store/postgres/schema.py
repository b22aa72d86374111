"""The database's own tables, and their versioned migrations.

The case-file JSON stays the exchange format: each case is one row holding its stored document (the same
tables the file store keeps: case, meetings, actions, meta) with a ``version`` that every save increments, so
followers and caches know a case changed without reading it. The derived summary, closed actions and meetings
that agreed actions are columns written in the same statement as the document, so the cross-case screens
(home, alerts, tracker) read one small column per case and can never see a summary of another version.

Documents are ``json``, not ``jsonb``: ``json`` keeps the text exactly as written (key order, and a NUL pasted
into a note, which ``jsonb`` refuses), while the server still checks that it is JSON.

To change the tables: append a step to ``STEPS`` (never edit a released one). ``migrate`` runs the missing
steps in one transaction under an advisory lock, so two app instances starting together cannot both run them.
"""

from __future__ import annotations

from typing import Any

from meetingtui.core.errors import NewerFormat, UserError
from meetingtui.core.store.postgres.schema_agency import AGENCY_SAVE
from meetingtui.core.store.postgres.schema_live import LIVE_REDACTION
from meetingtui.core.store.postgres.schema_meetings import MEETING_ROWS
from meetingtui.core.store.postgres.schema_shared import SHARED_READ

# Step N (1-based) brings the database from version N-1 to N.
STEPS: list[str] = [
    # 1: one row per case.
    """
    create table meetingtui_schema (version integer not null);
    insert into meetingtui_schema values (0);
    create table cases (
        id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
        version bigint not null default 1,
        data json not null,
        summary json not null,
        closed json not null,
        agreed_in json not null,
        updated_at timestamptz not null default now(),
        updated_by text not null default current_user
    );
    """,
    # 2: who did what. Append-only: nobody, not even the app's own role, may change or delete a row.
    """
    create table audit (
        seq bigserial primary key,
        at timestamptz not null default now(),
        login text not null default current_user,
        case_id text not null,
        version bigint not null,
        what text not null
    );
    create function audit_append_only() returns trigger language plpgsql as $$
    begin
        raise exception 'the audit table is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_append_only before update or delete or truncate on audit
        for each statement execute function audit_append_only();
    """,
    # 3: documents are stored uncompressed: compressing a case of several megabytes on every note save
    # costs more than the disk it saves (measured in `make bench`, team figures).
    """
    alter table cases alter column data set storage external;
    """,
    # 4: least privilege in the database. A case with rows in case_access is readable only by members of
    # those roles, and changeable only by those with can_write; a case with none is the whole team's (as
    # before). FORCE: the tables' owner is held to the same rules (a superuser, or BYPASSRLS, is not).
    """
    create table case_access (
        case_id text not null references cases(id) on delete cascade,
        grantee text not null,
        can_write boolean not null default true,
        primary key (case_id, grantee)
    );
    create function meetingtui_may(case_id text, writing boolean) returns boolean
        language sql stable as $$
        select not exists (select 1 from case_access a where a.case_id = $1)
            or exists (
                select 1 from case_access a join pg_roles r on r.rolname = a.grantee
                where a.case_id = $1 and (a.can_write or not $2)
                  and pg_has_role(current_user, r.oid, 'member'))
    $$;
    alter table cases enable row level security;
    alter table cases force row level security;
    create policy cases_read on cases for select using (meetingtui_may(id, false));
    create policy cases_add on cases for insert with check (true);
    create policy cases_change on cases for update
        using (meetingtui_may(id, true)) with check (meetingtui_may(id, true));
    create policy cases_remove on cases for delete using (meetingtui_may(id, true));
    """,
    # 5: an agency updates its own actions in a case shared with it read-only (see .schema_agency).
    AGENCY_SAVE,
    # 6: restricted content and the peer map only for the case's team; the others read a redacted copy
    # (see .schema_shared).
    SHARED_READ,
    # 7: nor which restricted item a live meeting is on (see .schema_live).
    LIVE_REDACTION,
    # 8: each meeting a row of its own: a note save writes one meeting, not the whole case (see .schema_meetings).
    MEETING_ROWS,
]
CURRENT = len(STEPS)
# Any constant names the migration lock; this one is "mtui" in ASCII.
MIGRATION_LOCK = 0x6D747569


def version(conn: Any) -> int | None:
    """The database's schema version, or None for a database meetingtui has never set up."""
    row = conn.execute("select to_regclass('meetingtui_schema') is not null").fetchone()
    if not row[0]:
        return None
    return int(conn.execute("select version from meetingtui_schema").fetchone()[0])


def check(conn: Any, where: str, *, read_only: bool) -> int | None:
    """Bring the database up to :data:`CURRENT` (a writer), or check that it is (a reader, which changes
    nothing). A database written by a newer meetingtui is refused rather than guessed at."""
    if read_only:
        v = version(conn)
        conn.rollback()
        _refuse_newer(v, where)
        if v is not None and v < CURRENT:
            raise UserError(
                f"{where}: the database is at format {v}, this meetingtui needs {CURRENT}; "
                "run `meetingtui store init` once to upgrade it"
            )
        return v
    return migrate(conn, where)


def migrate(conn: Any, where: str) -> int:
    """Run the missing steps, all or none. A login that may not (only the tables' owner may alter them) is
    told who can, rather than shown the server's "permission denied for schema public"."""
    from meetingtui.core.store.postgres.connect import driver

    found: int | None = None
    try:
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            found = version(conn)
            _refuse_newer(found, where)
            v = 0 if found is None else found
            while v < CURRENT:
                conn.execute(STEPS[v])
                v += 1
                conn.execute("update meetingtui_schema set version = %s", (v,))
    except driver().errors.InsufficientPrivilege:
        if found is None:
            raise
        raise UserError(
            f"{where}: the database is at format {found}, this meetingtui needs {CURRENT}, and this login may "
            "not upgrade it; ask the database's owner to run `meetingtui store init` once"
        ) from None
    return v


def _refuse_newer(v: int | None, where: str) -> None:
    if v is not None and v > CURRENT:
        raise NewerFormat(
            f"{where}: set up by a newer meetingtui (database format {v}, this one knows up to {CURRENT}); "
            "upgrade to use it"
        )
