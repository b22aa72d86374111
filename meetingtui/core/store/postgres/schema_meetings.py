"""Schema step 8: each meeting is a row of its own, so a note save writes one meeting, not the whole case.

Up to step 7 a case's whole stored document was one ``json`` value: every autosave in a live meeting sent,
parsed and wrote the largest case's 600 KB (and as much again into the write-ahead log a replica replays),
5–7 ms of the server's time for a change of a few words. From step 8:

- ``case_meetings`` holds the stored document's ``meetings`` table, one row per meeting document
  ``(case_id, doc_id)``, with the case ``version`` at which that row was last written. ``cases.data`` holds the
  rest (the record, the actions, meta) and ``cases.data_version`` the version at which it was last written
  (kept by a trigger, whoever writes ``data``). A note save writes the one meeting's row and bumps
  ``cases.version``; ``data`` is rewritten only when the record or an action changed.
- A reader holding version N of a case asks only for what was written after N (the rows and ``data`` with a
  later version), so a follower of a live meeting reads the one meeting that changed.
- ``case_meetings`` is held to the same rules as ``cases`` by row-level security: a row is readable only
  while its case's row is (the policy asks ``cases``, whose own policies then apply, those for the owner's
  functions included), and changeable only by the case's team. The grants on ``cases`` are carried over:
  who may read ``cases`` may read ``case_meetings``, who may insert cases may write meeting rows.
- The functions that read the whole document for an agency (``meetingtui_shared_case``,
  ``meetingtui_agency_save``) take it from ``meetingtui_document``, which puts the rows back in; the agency
  save writes ``data`` without them (an agency only ever changes actions).

The move runs as the tables' owner with row-level security on ``cases`` lifted for that one transaction, so
every case moves, not only those the owner is in the team of; anyone else is refused by the server
(only the owner may alter the table) and nothing changes.

The two functions are step 6's, re-created from its text with the few lines that differ replaced (each
replacement checked to match exactly once), so the redaction and the agency's rules stay written once.
"""

from meetingtui.core.store.postgres.schema_shared import SHARED_READ


def _edited(sql: str, start: str, edits: list[tuple[str, str]]) -> str:
    """The function definition in ``sql`` starting at ``start``, re-created with ``edits`` applied."""
    begin = sql.index(start)
    end = sql.index("end $$;", begin) + len("end $$;")
    body = sql[begin:end].replace("create function", "create or replace function", 1)
    for old, new in edits:
        if body.count(old) != 1:
            raise AssertionError(f"schema step 8: {old!r} is not in step 6's function exactly once")
        body = body.replace(old, new)
    return body


_TABLE = r"""
create table case_meetings (
    case_id text not null references cases(id) on delete cascade,
    doc_id text not null,
    version bigint not null,
    data json not null,
    primary key (case_id, doc_id)
);
alter table case_meetings alter column data set storage external;
alter table cases add column data_version bigint not null default 0;

-- Who could read cases may read the meeting rows; who could create cases may write them.
do $$
declare
    g record;
begin
    for g in select distinct a.grantee::regrole::text as who, a.privilege_type as what
        from pg_class c, aclexplode(c.relacl) a
        where c.oid = 'public.cases'::regclass and a.grantee <> c.relowner and a.grantee <> 0
          and a.privilege_type in ('SELECT', 'INSERT')
    loop
        execute format('grant %s on public.case_meetings to %s',
            case g.what when 'SELECT' then 'select' else 'insert, update, delete' end, g.who);
    end loop;
end $$;

-- data_version follows every write of data, whoever writes it (the app, the agencies' function, a fix by hand).
create function meetingtui_data_written() returns trigger language plpgsql as $$
begin
    new.data_version := new.version;
    return new;
end $$;
create trigger cases_data_written before insert or update of data on cases
    for each row execute function meetingtui_data_written();

-- A case's whole stored document: ``data`` with the meeting rows as its ``meetings`` table, in the order they
-- were created. Built as text, not with the json functions, which refuse a NUL escape a note may hold.
create function meetingtui_document(case_id text, data json) returns json language sql stable as $$
    select ('{"meetings":' || coalesce((
            select json_object_agg(m.doc_id, m.data order by length(m.doc_id), m.doc_id)
            from public.case_meetings m where m.case_id = $1)::text, '{}')
        || case when ltrim(data::text) ~ '^\{\s*\}$' then '}' else ',' || substr(ltrim(data::text), 2) end)::json
$$;

-- The move, every case whoever is in its team.
alter table cases no force row level security;
insert into case_meetings (case_id, doc_id, version, data)
    select c.id, m.key, c.version, public.meetingtui_nul_back(m.value)
    from cases c cross join lateral json_each(case
        when json_typeof(public.meetingtui_nul_out(c.data)->'meetings') = 'object'
        then public.meetingtui_nul_out(c.data)->'meetings' else '{}'::json end) m;
update cases set data_version = version;
update cases set data = public.meetingtui_nul_back(public.meetingtui_without(public.meetingtui_nul_out(data), '{meetings}'))
    where json_typeof(public.meetingtui_nul_out(data)->'meetings') = 'object';
alter table cases force row level security;

alter table case_meetings enable row level security;
alter table case_meetings force row level security;
create policy case_meetings_read on case_meetings for select
    using (exists (select 1 from public.cases c where c.id = case_meetings.case_id));
create policy case_meetings_add on case_meetings for insert with check (meetingtui_may(case_id, true));
create policy case_meetings_change on case_meetings for update
    using (meetingtui_may(case_id, true)) with check (meetingtui_may(case_id, true));
create policy case_meetings_remove on case_meetings for delete using (meetingtui_may(case_id, true));
"""

_SHARED_CASE = _edited(
    SHARED_READ,
    "create function meetingtui_shared_case(",
    [
        (
            "    select * into c from public.cases x where x.id = $1;\n",
            "    select * into c from public.cases x where x.id = $1;\n"
            "    c.data := public.meetingtui_document(c.id, c.data);  -- its meetings, read while allowed\n",
        )
    ],
)

_AGENCY_SAVE = _edited(
    SHARED_READ,
    "create or replace function meetingtui_agency_save(",
    [
        (
            "public.meetingtui_nul_out(c.data),",
            "public.meetingtui_nul_out(public.meetingtui_document(c.id, c.data)),",
        ),
        (
            "data = public.meetingtui_nul_back(merged),",
            "data = public.meetingtui_nul_back(public.meetingtui_without(merged, '{meetings}')),",
        ),
    ],
)

MEETING_ROWS = _TABLE + _SHARED_CASE + "\n" + _AGENCY_SAVE + "\n"
