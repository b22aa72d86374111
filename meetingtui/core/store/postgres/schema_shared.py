"""Schema step 6: restricted content and the peer map are readable only by the case's team.

Up to step 5 a read-only grantee (an agency) could ``select`` the whole stored document of a case shared with
it, and with it every restricted item, paragraph, decision, action, Signs of Safety line, forum note and the
peer map (other children, their risks, where they go). Hiding them in the app alone is no protection: the
login can ask the server directly. From step 6:

- The rows of ``cases`` are readable only by the case's team (a case with no ``case_access`` rows, or a
  grantee with ``can_write``): ``cases_read`` is replaced.
- A read-only grantee reads a redacted copy, made by the server on each read by SECURITY DEFINER functions
  (``meetingtui_shared_ids``, ``meetingtui_shared_summaries``, ``meetingtui_shared_case``) that return only
  cases the calling login (``session_user``) is a read-only grantee of and not in the team of. Made on read
  rather than stored beside the document, so the team's saves (every keystroke pause in a live meeting) cost
  nothing more.
- The redaction is the family version's notion of restricted (``core/exports/minutes/readers.py``): restricted
  items are left out entirely; so are an item's ``restricted_notes``, restricted decisions, the restricted Signs
  of Safety lines, forums' ``restricted_notes``, the disclosure decisions (their passages and hits quote
  restricted text and peers' initials), the peer map, and every action restricted or agreed under a restricted
  item. An agency still sees its own such actions, as its actions sheet shows them (it owes them): marked
  restricted, without the item they came from (which stays hidden).
- ``meetingtui_agency_save`` is replaced: the agency's document is compared with that redacted copy (the only
  one it could have read), and only the status and updates of its changed actions are merged into the full
  stored document, so the restricted parts are never wiped nor rewritten and never returned.

The functions run as the tables' owner, which row-level security holds too (FORCE): ``cases_shared_read`` lets
the owner read rows only while one of them runs for someone else, as step 5's ``cases_agency_read`` does for
saves (the transaction-local flag ``meetingtui.shared_read``, ``session_user`` not the owner). They are left
executable by everyone: what a caller gets is decided by ``case_access``, which only IT edits, and an upgrade
must not cut agencies off until IT grants something new.
"""

_REDACT = r"""
-- PostgreSQL's json functions refuse a document with an escaped NUL (\u0000) anywhere in it (and the error
-- quotes the text around it), though json keeps one, as a pasted note may hold. The redaction therefore works
-- on the text with each NUL escape swapped for that of U+FDD0, a noncharacter no text of the app holds, and
-- swaps them back in what it returns. Only escapes preceded by an even run of backslashes are escapes.
create function meetingtui_nul_out(v json) returns json language sql immutable as $$
    select case when strpos(v::text, '\u0000') = 0 then v
        else regexp_replace(v::text, '(?<!\\)((?:\\\\)*)\\u0000', '\1\\ufdd0', 'g')::json end
$$;
create function meetingtui_nul_back(v json) returns json language sql immutable as $$
    select case when strpos(v::text, '\ufdd0') = 0 then v
        else regexp_replace(v::text, '(?<!\\)((?:\\\\)*)\\ufdd0', '\1\\u0000', 'g')::json end
$$;

-- Restricted-ness is truthiness, as in the app (bool(item.restricted)), but erring towards hiding: any value but
-- absent, null or false counts.
create function meetingtui_flagged(v json) returns boolean language sql immutable as $$
    select coalesce(json_typeof(v), 'null') <> 'null'
        and not (json_typeof(v) = 'boolean' and (v #>> '{}') = 'false')
$$;

-- An object without some keys, in its order; the object itself (its text kept) when it has none of them.
create function meetingtui_without(obj json, keys text[]) returns json language sql immutable as $$
    select case when not exists (select 1 from json_each(obj) e where e.key = any (keys)) then obj
        else (select coalesce(json_object_agg(e.key, e.value order by e.n), '{}')
              from json_each(obj) with ordinality e(key, value, n) where e.key <> all (keys)) end
$$;

create function meetingtui_array(v json) returns json language sql immutable as $$
    select case when json_typeof(v) = 'array' then v else '[]'::json end
$$;

-- The restricted items of a case's meetings (the stored table, an object; or the summary's list), each as the
-- JSON text of [meeting id, item key].
create function meetingtui_secret_items(meetings json) returns text[] language sql immutable as $$
    select coalesce(array_agg(json_build_array(m.value->>'id', i.value->>'key')::text), '{}')
    from (select value from json_each(case when json_typeof(meetings) = 'object' then meetings else '{}' end)
          union all select value from json_array_elements(public.meetingtui_array(meetings))) m(value)
    cross join lateral json_array_elements(public.meetingtui_array(m.value->'items')) i(value)
    where public.meetingtui_flagged(i.value->'restricted')
$$;

-- An action as a read-only grantee acting for the agencies ``mine`` sees it: itself; null when it is withheld
-- (restricted, or agreed under a restricted item); one of their own withheld ones marked restricted, without
-- its hidden item. The agency is compared as JSON text, never decoded: free text may hold a NUL, which cannot
-- be decoded, and the error would quote the action it is in.
create function meetingtui_open_action(a json, secret text[], mine text[]) returns json
    language sql immutable as $$
    select case
        when json_typeof(a) is distinct from 'object' then null
        when not (x.flagged or x.under) then a
        when not coalesce(x.agency::text in (select to_json(m)::text from unnest(mine) m), false) then null
        when not x.under then a
        else (select json_object_agg(y.k, y.v order by y.n) from (
                select e.key, case when e.key = 'restricted' then 'true'::json else e.value end, e.n
                from json_each(a) with ordinality e(key, value, n) where e.key <> 'item_key'
                union all select 'restricted', 'true'::json, 1e9 where not x.has_flag) y(k, v, n))
    end
    from (  -- the action's text parsed once, not once per field
        select public.meetingtui_flagged(r.restricted), r.restricted is not null, r.agency,
               cardinality(secret) > 0 and json_build_array(r.meeting_id, r.item_key)::text = any (secret)
        from json_to_record(case when json_typeof(a) = 'object' then a else '{}' end)
            as r(restricted json, meeting_id text, item_key text, agency json)) x(flagged, has_flag, agency, under)
$$;

create function meetingtui_open_actions(actions json, secret text[], mine text[]) returns json
    language sql immutable as $$
    select coalesce(json_agg(x.v order by x.n), '[]') from (
        select public.meetingtui_open_action(a.value, secret, mine), a.n
        from json_array_elements(public.meetingtui_array(actions)) with ordinality a(value, n)) x(v, n)
    where x.v is not null
$$;

-- The case record (or the summary's copy of it) without the peer map and forums' restricted notes.
create function meetingtui_open_record(r json) returns json language sql immutable as $$
    select coalesce(json_object_agg(e.key, case when e.key = 'forums' then (
            select coalesce(json_agg(public.meetingtui_without(f.value, '{restricted_notes}') order by f.n), '[]')
            from json_array_elements(public.meetingtui_array(e.value)) with ordinality f(value, n)
            where json_typeof(f.value) = 'object') else e.value end order by e.n), '{}')
    from json_each(r) with ordinality e(key, value, n) where e.key <> 'peers'
$$;

create function meetingtui_open_item(i json) returns json language sql immutable as $$
    select case when i->'restricted_notes' is null and not exists (
            select 1 from json_array_elements(public.meetingtui_array(i->'decisions')) d
            where public.meetingtui_flagged(d.value->'restricted')) then i
        else (select coalesce(json_object_agg(e.key, case when e.key = 'decisions' then (
                select coalesce(json_agg(d.value order by d.n), '[]')
                from json_array_elements(public.meetingtui_array(e.value)) with ordinality d(value, n)
                where not public.meetingtui_flagged(d.value->'restricted')) else e.value end order by e.n), '{}')
              from json_each(i) with ordinality e(key, value, n) where e.key <> 'restricted_notes') end
$$;

create function meetingtui_open_meeting(m json) returns json language sql immutable as $$
    select case when json_typeof(m) is distinct from 'object' then '{}'::json
        when not exists (select 1 from json_each(m) e where e.key in
                ('restricted_worries', 'restricted_working_well', 'restricted_needs_to_happen', 'disclosure_decisions'))
            and not exists (select 1 from json_array_elements(public.meetingtui_array(m->'items')) i
                where public.meetingtui_open_item(i.value)::text <> i.value::text
                   or public.meetingtui_flagged(i.value->'restricted')) then m
        else (select coalesce(json_object_agg(e.key, case when e.key = 'items' then (
                select coalesce(json_agg(public.meetingtui_open_item(i.value) order by i.n), '[]')
                from json_array_elements(public.meetingtui_array(e.value)) with ordinality i(value, n)
                where json_typeof(i.value) = 'object' and not public.meetingtui_flagged(i.value->'restricted'))
              else e.value end order by e.n), '{}')
              from json_each(m) with ordinality e(key, value, n) where e.key not in
                ('restricted_worries', 'restricted_working_well', 'restricted_needs_to_happen', 'disclosure_decisions'))
    end
$$;

-- A stored document (the tables case, meetings, actions, meta) as a read-only grantee acting for ``mine`` may
-- read it. The actions keep their keys in the table, so a change to one can be merged back by key.
create function meetingtui_open_case(data json, mine text[]) returns json language plpgsql immutable as $$
declare
    secret text[] := public.meetingtui_secret_items(data->'meetings');
begin
    return (select coalesce(json_object_agg(t.key, case t.key
        when 'case' then (select coalesce(json_object_agg(r.key, public.meetingtui_open_record(r.value)
                order by r.n), '{}') from json_each(t.value) with ordinality r(key, value, n))
        when 'meetings' then (select coalesce(json_object_agg(m.key, public.meetingtui_open_meeting(m.value)
                order by m.n), '{}') from json_each(t.value) with ordinality m(key, value, n))
        when 'actions' then (select coalesce(json_object_agg(a.key, a.v order by a.n) filter (where a.v is not null),
                '{}') from (select e.key, public.meetingtui_open_action(e.value, secret, mine), e.n
                    from json_each(t.value) with ordinality e(key, value, n)) a(key, v, n))
        else t.value end order by t.n), '{}')
    from json_each(data) with ordinality t(key, value, n));
end $$;

-- The summary column as the app would derive it from the redacted document (``stored.summary_of``): the
-- record's parts without the peer map, the owed actions redacted, and no restricted items' keys (their actions
-- are gone, or marked restricted themselves).
create function meetingtui_open_summary(summary json, mine text[]) returns json
    language plpgsql immutable as $$
declare
    secret text[] := public.meetingtui_secret_items(summary->'meetings');
begin
    return (select coalesce(json_object_agg(e.key, case e.key
        when 'actions' then public.meetingtui_open_actions(e.value, secret, mine)
        when 'meetings' then (select coalesce(json_agg(public.meetingtui_without(m.value, '{items}') order by m.n),
                '[]') from json_array_elements(public.meetingtui_array(e.value)) with ordinality m(value, n)
                where json_typeof(m.value) = 'object')
        else e.value end order by e.n), '{}')
    from json_each(public.meetingtui_open_record(summary)) with ordinality e(key, value, n));
end $$;
"""

_READ = r"""
-- The agencies ``who`` acts for in a case (case_access.agency of its roles), null for none.
create function meetingtui_agencies(who name, case_id text) returns text[] language sql stable as $$
    select array_agg(distinct a.agency order by a.agency)
    from public.case_access a join pg_roles r on r.rolname = a.grantee
    where a.case_id = $2 and a.agency is not null and pg_has_role($1, r.oid, 'member')
$$;

-- The cases ``who`` reads redacted: a read-only grantee of, and not in the team of (see meetingtui_may).
create function meetingtui_shared_with(who name) returns setof text language sql stable as $$
    select distinct a.case_id from public.case_access a join pg_roles r on r.rolname = a.grantee
    where not a.can_write and pg_has_role(who, r.oid, 'member')
      and not exists (select 1 from public.case_access w join pg_roles wr on wr.rolname = w.grantee
                      where w.case_id = a.case_id and w.can_write and pg_has_role(who, wr.oid, 'member'))
$$;

create function meetingtui_shared_reading() returns boolean language sql stable as $$
    select coalesce(current_setting('meetingtui.shared_read', true), '') = 'on'
        and session_user <> current_user
        and current_user = (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = 'public.cases'::regclass)
$$;
create policy cases_shared_read on cases for select using (meetingtui_shared_reading());
drop policy cases_read on cases;
create policy cases_read on cases for select using (meetingtui_may(id, true));

create function meetingtui_shared_ids() returns table (id text, version bigint)
    language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    perform set_config('meetingtui.shared_read', 'on', true);
    return query select c.id, c.version from public.cases c
        where c.id in (select public.meetingtui_shared_with(session_user));
    perform set_config('meetingtui.shared_read', 'off', true);
end $$;

-- A summary the server cannot redact is returned as null (the app lists the case as damaged), never as an
-- error: the server's error would quote the text it choked on.
create function meetingtui_shared_summaries() returns table (id text, version bigint, summary json)
    language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    c record;
begin
    perform set_config('meetingtui.shared_read', 'on', true);
    for c in select x.id, x.version, x.summary from public.cases x
        where x.id in (select public.meetingtui_shared_with(session_user)) order by x.id
    loop
        id := c.id;
        version := c.version;
        begin
            summary := public.meetingtui_nul_back(public.meetingtui_open_summary(
                public.meetingtui_nul_out(c.summary), public.meetingtui_agencies(session_user, c.id)));
        exception when others then
            summary := null;
        end;
        return next;
    end loop;
    perform set_config('meetingtui.shared_read', 'off', true);
end $$;

-- One case as the caller may read it; the document only ``with_data``, and nothing but the version when it is
-- ``have`` (the caller already holds that one).
create function meetingtui_shared_case(case_id text, have bigint default -1, with_data boolean default true)
    returns table (version bigint, data json, summary json, closed json, agreed_in json)
    language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    mine text[] := public.meetingtui_agencies(session_user, $1);
    secret text[];
    c public.cases%rowtype;
    open_summary json;
    open_closed json;
begin
    if not exists (select 1 from public.meetingtui_shared_with(session_user) s where s = $1) then
        return;
    end if;
    perform set_config('meetingtui.shared_read', 'on', true);
    select * into c from public.cases x where x.id = $1;
    perform set_config('meetingtui.shared_read', 'off', true);
    if c.id is null then
        return;
    end if;
    if c.version = have then
        return query select c.version, null::json, null::json, null::json, null::json;
        return;
    end if;
    begin
        c.summary := public.meetingtui_nul_out(c.summary);
        secret := public.meetingtui_secret_items(c.summary->'meetings');
        open_summary := public.meetingtui_open_summary(c.summary, mine);
        open_closed := public.meetingtui_open_actions(public.meetingtui_nul_out(c.closed), secret, mine);
        return query select c.version,
            case when with_data
                then public.meetingtui_nul_back(public.meetingtui_open_case(public.meetingtui_nul_out(c.data), mine))
            end,
            public.meetingtui_nul_back(open_summary), public.meetingtui_nul_back(open_closed),
            (select coalesce(json_agg(m order by m collate "C"), '[]') from (
                select distinct a->>'meeting_id' from (
                    select json_array_elements(public.meetingtui_array(open_summary->'actions'))
                    union all select json_array_elements(open_closed)) x(a)
                where a->>'meeting_id' is not null) y(m));
    exception when others then  -- never the server's own words: they may quote the document
        raise exception 'case %: the server cannot redact it for you (error %); ask its team to look at it',
            $1, sqlstate using errcode = 'data_corrupted';
    end;
end $$;
"""

_SAVE = r"""
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

SHARED_READ = _REDACT + _READ + _SAVE
