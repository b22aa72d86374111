"""Schema step 7: an agency following a live meeting is not told that the chair is on a restricted item.

The live meeting keeps the item the chair is on (``current_item`` and ``current_since``) in the stored meeting,
so followers — a second terminal, ``present``, the browser — move with the chair. Step 6's redaction left the
restricted item out of an agency's copy but kept ``current_item``: its key (``peers``) said what was being
discussed, and when. From step 7 the redacted meeting drops both while they name an item the copy leaves out;
the agency's follower simply stays where it was until the chair moves on to an item it may see.

Only ``meetingtui_open_meeting`` changes (``create or replace`` keeps its owner and grants); the rest of the
redaction is step 6's, unchanged.
"""

LIVE_REDACTION = """
create or replace function meetingtui_open_meeting(m json) returns json language sql immutable as $$
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
                ('restricted_worries', 'restricted_working_well', 'restricted_needs_to_happen', 'disclosure_decisions')
                and not (e.key in ('current_item', 'current_since') and exists (
                    select 1 from json_array_elements(public.meetingtui_array(m->'items')) i
                    where json_typeof(i.value) = 'object' and public.meetingtui_flagged(i.value->'restricted')
                      and i.value->>'key' = m->>'current_item')))
    end
$$;
"""
