"""The repository's reads, each asking for the case's row and, failing that, its redacted copy (schema step 6).

The rows of ``cases`` are readable only by a case's team; a read-only grantee (an agency) reads the same
columns, redacted by the server, through ``meetingtui_shared_*`` (see :mod:`.schema_shared`). Each read here is
one statement that asks both, so the app needs no idea of who it is and nothing can fall between two queries.
``… union all … limit 1``: the server stops at the first branch that answers, so the team's reads never call the
functions at all.

Placeholders are positional: the case id (and the version the caller already holds) appear once per branch.
"""

from __future__ import annotations

from meetingtui.core.store.postgres.documents import TEAM_PARTS

# Whether any read-only grant reaches this login at all (what ``meetingtui_shared_with`` needs first): a
# one-time filter on the listings below, so a team member's home never calls the redacting function. Its first
# call in a session (plpgsql compiled, run as its definer) was most of home's one query: 3-5 ms of 5.6.
ANY_SHARED = (
    "exists (select 1 from case_access a join pg_roles r on r.rolname = a.grantee "
    "where not a.can_write and pg_has_role(session_user, r.oid, 'member'))"
)

CASE_IDS = f"select id from cases union select id from meetingtui_shared_ids() where {ANY_SHARED} order by 1"

HAS_CASE = (
    "(select 1 from cases where id = %s) union all (select 1 from meetingtui_shared_ids() s where s.id = %s) "
    "limit 1"
)

VERSION = (
    "(select version from cases where id = %s) union all "
    "(select s.version from meetingtui_shared_ids() s where s.id = %s) limit 1"
)

# (have ×4, id, id, have): the team's parts of the case (``documents.TEAM_PARTS``: the version, what changed
# since ``have`` and true) or the redacted copy (the version, the whole document unless it is ``have``, false).
DOCUMENT = (
    f"({TEAM_PARTS}) union all "
    "(select version, data, null::json, false from meetingtui_shared_case(%s, %s)) limit 1"
)

# (have, id, id, have): the version, and [summary, closed, agreed_in] unless it is the version held.
SUMMARY = (
    "(select version, case when version = %s then null else json_build_array(summary, closed, agreed_in) end "
    "from cases where id = %s) union all "
    "(select version, case when summary is null then null else json_build_array(summary, closed, agreed_in) end "
    "from meetingtui_shared_case(%s, %s, false)) limit 1"
)

ENTRIES = (
    "select id, summary from cases union all "
    f"select id, summary from meetingtui_shared_summaries() where {ANY_SHARED} order by 1"
)

# (id, have), inside a transaction: a case this login may read but not change (it is never locked).
SHARED_DOCUMENT = "select version, data from meetingtui_shared_case(%s, %s)"

# Every readable case's version and how it is read: the team's rows through row-level security, an agency's
# through the server's redacting function (schema step 6). A case in both is the team's. What the local caches
# (search index, home's overview) key on.
VERSIONS = (
    "select id, version, 'team' from cases union all "
    "select id, version, 'shared' from meetingtui_shared_ids() s "
    f"where {ANY_SHARED} and s.id not in (select id from cases)"
)
