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

from meetingtui.core.store.postgres.schema_shared_save import SHARED_SAVE

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

SHARED_READ = _REDACT + _READ + SHARED_SAVE
