"""Schema step 7: an agency following a live meeting is not told that the chair is on a restricted item.

The live meeting keeps the item the chair is on (``current_item`` and ``current_since``) in the stored meeting,
so followers — a second terminal, ``present``, the browser — move with the chair. Step 6's redaction left the
restricted item out of an agency's copy but kept ``current_item``: its key (``peers``) said what was being
discussed, and when. From step 7 the redacted meeting drops both while they name an item the copy leaves out;
the agency's follower simply stays where it was until the chair moves on to an item it may see.

Only ``meetingtui_open_meeting`` changes: step 6's is kept as ``meetingtui_open_meeting_6`` and the new one
wraps it, so the redaction itself is written once. Its callers (``meetingtui_open_case``) are SQL and plpgsql
functions, which look the name up when they run, so they call the new one.
"""

LIVE_REDACTION = """
alter function meetingtui_open_meeting(json) rename to meetingtui_open_meeting_6;
create function meetingtui_open_meeting(m json) returns json language sql immutable as $$
    select case when json_typeof(m) = 'object' and m->>'current_item' is not null and exists (
            select 1 from json_array_elements(public.meetingtui_array(m->'items')) i
            where json_typeof(i.value) = 'object' and public.meetingtui_flagged(i.value->'restricted')
              and i.value->>'key' = m->>'current_item')
        then (select coalesce(json_object_agg(e.key, e.value order by e.n), '{}')
              from json_each(public.meetingtui_open_meeting_6(m)) with ordinality e(key, value, n)
              where e.key not in ('current_item', 'current_since'))
        else public.meetingtui_open_meeting_6(m) end
$$;
"""
