"""Schema step 6, its second half: an agency's save compared with the redacted copy it read.

``meetingtui_agency_save`` (step 5's) is replaced: the agency's document is compared with the redacted copy
(the only one it could have read), and only the status and progress notes of its changed actions are merged
into the full stored document, so the restricted parts are never wiped nor rewritten and never returned. The
first half, the redaction itself and the reads, is :mod:`.schema_shared`; the step is their concatenation.
"""

SHARED_SAVE = r"""
-- The same JSON whatever the order of keys (step 5), first asking whether the texts are the same: the parts of
-- a redacted document left whole are then compared without walking them.
create or replace function meetingtui_json_same(a json, b json) returns boolean
    language plpgsql immutable set search_path = pg_catalog as $$
declare
    ta text := json_typeof(a);
begin
    if a is null or b is null then
        return a is null and b is null;
    end if;
    if a::text = b::text then
        return true;
    end if;
    if ta <> json_typeof(b) then
        return false;
    end if;
    if ta = 'object' then
        return (select count(*) = count(distinct key) from json_each(a))
           and (select count(*) = count(distinct key) from json_each(b))
           and (select count(*) from json_each(a)) = (select count(*) from json_each(b))
           and not exists (
               select 1 from json_each(a) x left join json_each(b) y on y.key = x.key
               where y.key is null or not public.meetingtui_json_same(x.value, y.value));
    end if;
    if ta = 'array' then
        return json_array_length(a) = json_array_length(b)
           and not exists (
               select 1 from json_array_elements(a) with ordinality x(v, n)
               join json_array_elements(b) with ordinality y(v, n) on y.n = x.n
               where not public.meetingtui_json_same(x.v, y.v));
    end if;
    return false;
end $$;

-- A stored action with the status and updates of the agency's copy of it; every other field as stored.
create function meetingtui_with_progress(stored json, theirs json) returns json language sql immutable as $$
    select json_object_agg(x.k, x.v order by x.n) from (
        select e.key, case e.key when 'status' then theirs->'status' when 'updates' then theirs->'updates'
                      else e.value end, e.n
        from json_each(stored) with ordinality e(key, value, n)
        union all select 'status', theirs->'status', 1e9 where stored->'status' is null
        union all select 'updates', theirs->'updates', 1e9 + 1
            where stored->'updates' is null and theirs->'updates' is not null) x(k, v, n)
$$;

-- Step 5's function, comparing against what the agency may read (meetingtui_open_case) instead of the stored
-- document, and merging the changed actions' status and updates into the stored document.
create or replace function meetingtui_agency_save(case_id text, expected_version bigint, new_data json)
    returns bigint language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    who name := session_user;
    mine text[] := public.meetingtui_agencies(session_user, $1);
    theirs text;
    stored_version bigint;
    full_doc json;
    stored json;
    merged json;
    old_summary json;
    new_summary json;
    new_closed json;
    changed text[] := '{}';
    keys text[] := '{}';
    akey text;
    old_a json;
    new_a json;
    old_u json;
    new_u json;
    old_n int;
    new_n int;
    u json;
    i int;
begin
    if mine is null then
        raise exception 'case %: % acts for no agency in it (case_access.agency); only its team may change it',
            $1, who using errcode = 'insufficient_privilege';
    end if;
    theirs := array_to_string(mine, ' or ');
    perform set_config('meetingtui.agency_save', 'on', true);
    select c.version, public.meetingtui_nul_out(c.data), public.meetingtui_nul_out(c.summary)
        into stored_version, full_doc, old_summary
        from public.cases c where c.id = $1 for update;
    new_data := public.meetingtui_nul_out(new_data);
    if stored_version is null then
        raise exception 'case %: not found', $1 using errcode = 'no_data_found';
    end if;
    if stored_version <> expected_version then
        raise exception 'case %: changed meanwhile (version % is stored, not %)', $1, stored_version,
            expected_version using errcode = 'serialization_failure';
    end if;
    stored := public.meetingtui_open_case(full_doc, mine);
    if json_typeof(new_data) is distinct from 'object'
        or json_typeof(stored->'actions') is distinct from 'object'
        or json_typeof(new_data->'actions') is distinct from 'object'
        or (select count(*) <> count(distinct key) from json_each(new_data))
        or (select count(*) <> count(distinct key) from json_each(new_data->'actions'))
        or exists (
            select 1 from (select key, value from json_each(stored) where key <> 'actions') o
            full join (select key, value from json_each(new_data) where key <> 'actions') n on n.key = o.key
            where o.key is null or n.key is null or not public.meetingtui_json_same(o.value, n.value))
        or exists (
            select 1 from json_each(stored->'actions') o full join json_each(new_data->'actions') n
                on n.key = o.key
            where o.key is null or n.key is null)
    then
        raise exception 'case %: shared with you read-only: you may update only the actions of % (nothing else)',
            $1, theirs using errcode = 'insufficient_privilege';
    end if;
    for akey, old_a, new_a in
        select o.key, o.value, n.value from json_each(stored->'actions') o
        join json_each(new_data->'actions') n on n.key = o.key
        where o.value::text <> n.value::text
    loop
        continue when public.meetingtui_json_same(old_a, new_a);
        if json_typeof(new_a) <> 'object' or not (coalesce(old_a->>'agency', '') = any (mine)) then
            raise exception 'case %: action % belongs to %: you may update only the actions of %', $1,
                old_a->>'id', coalesce(old_a->>'agency', 'no agency'), theirs
                using errcode = 'insufficient_privilege';
        end if;
        if (select count(*) <> count(distinct key) from json_each(new_a)) or exists (
            select 1 from (select key, value from json_each(old_a) where key not in ('status', 'updates')) o
            full join (select key, value from json_each(new_a) where key not in ('status', 'updates')) n
                on n.key = o.key
            where o.key is null or n.key is null or not public.meetingtui_json_same(o.value, n.value))
        then
            raise exception 'case %: action %: an agency may change only its status and progress notes', $1,
                old_a->>'id' using errcode = 'insufficient_privilege';
        end if;
        old_u := coalesce(old_a->'updates', '[]');
        new_u := coalesce(new_a->'updates', '[]');
        if json_typeof(new_u) <> 'array' then
            raise exception 'case %: action %: its updates must be a list', $1, old_a->>'id'
                using errcode = 'insufficient_privilege';
        end if;
        old_n := json_array_length(old_u);
        new_n := json_array_length(new_u);
        if new_n < old_n or exists (
            select 1 from generate_series(0, old_n - 1) g(n)
            where not public.meetingtui_json_same(old_u->g.n, new_u->g.n))
        then
            raise exception 'case %: action %: earlier updates cannot be changed, only new ones added', $1,
                old_a->>'id' using errcode = 'insufficient_privilege';
        end if;
        for i in old_n .. new_n - 1 loop
            u := new_u->i;
            if json_typeof(u) <> 'object'
                or (select count(*) <> count(distinct key) from json_each(u))
                or exists (select 1 from json_each(u) e
                           where e.key not in ('date', 'meeting_id', 'status', 'due', 'note'))
                or coalesce(json_typeof(u->'meeting_id'), 'null') <> 'null'
                or json_typeof(u->'date') is distinct from 'string'
                or coalesce(u->>'date', '') !~ '^\d{4}-\d{2}-\d{2}$'
                or coalesce(u->>'status', '') not in ('open', 'carried', 'done', 'dropped')
                or coalesce(json_typeof(u->'due'), 'null') not in ('null', 'string')
                or coalesce(u->>'due', '2000-01-01') !~ '^\d{4}-\d{2}-\d{2}$'
                or (u->>'status' = 'carried') <> (json_typeof(u->'due') is not distinct from 'string')
                or coalesce(json_typeof(u->'note'), 'null') not in ('null', 'string')
                or (u->>'status' in ('carried', 'dropped') and json_typeof(u->'note') is distinct from 'string')
                or length(coalesce(u->'note', '""')::text) > 6000002
            then
                raise exception 'case %: action %: a new update needs a date, a status (open, carried with a '
                    'due date and a note, done, or dropped with a note) and no meeting (a meeting''s '
                    'disposition is its chair''s)', $1, old_a->>'id' using errcode = 'insufficient_privilege';
            end if;
            begin
                perform (u->>'date')::date, (u->>'due')::date;
            exception when others then
                raise exception 'case %: action %: % is not a date', $1, old_a->>'id',
                    concat_ws(' or ', u->>'date', u->>'due') using errcode = 'insufficient_privilege';
            end;
        end loop;
        if json_typeof(new_a->'status') is distinct from 'string' or new_a->>'status' is distinct from
            (case when new_n > old_n then new_u->(new_n - 1)->>'status' else old_a->>'status' end)
        then
            raise exception 'case %: action %: its status must be that of its newest update', $1,
                old_a->>'id' using errcode = 'insufficient_privilege';
        end if;
        changed := changed || (old_a->>'id');
        keys := keys || akey;
    end loop;
    if cardinality(changed) = 0 then
        perform set_config('meetingtui.agency_save', 'off', true);
        return stored_version;
    end if;
    select json_object_agg(t.key, case when t.key <> 'actions' then t.value else (
            select json_object_agg(x.key, case when x.key = any (keys)
                then public.meetingtui_with_progress(x.value, new_data->'actions'->x.key) else x.value end
                order by x.n)
            from json_each(t.value) with ordinality x(key, value, n)) end order by t.n)
        into merged from json_each(full_doc) with ordinality t(key, value, n);
    -- The cross-case columns as the app derives them, from every stored action (restricted ones included).
    select coalesce(json_agg(a.value order by a.n)
                        filter (where a.value->>'status' in ('open', 'carried')), '[]'),
           coalesce(json_agg(a.value order by a.n)
                        filter (where a.value->>'status' not in ('open', 'carried')), '[]')
        into new_summary, new_closed
        from json_each(merged->'actions') with ordinality a(key, value, n);
    select json_object_agg(s.key, case when s.key = 'actions' then new_summary else s.value end order by s.n)
        into new_summary from json_each(old_summary) with ordinality s(key, value, n);
    update public.cases c set version = stored_version + 1, data = public.meetingtui_nul_back(merged),
        summary = public.meetingtui_nul_back(new_summary), closed = public.meetingtui_nul_back(new_closed),
        updated_at = now(), updated_by = who
        where c.id = $1;
    insert into public.audit (login, case_id, version, what) values (who, $1, stored_version + 1,
        (select string_agg('action ' || x, ', ' order by x collate "C") from unnest(changed) x));
    perform set_config('meetingtui.agency_save', 'off', true);
    return stored_version + 1;
end $$;
"""
