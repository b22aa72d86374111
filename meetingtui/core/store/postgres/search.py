"""Full-text search over the team store: the file store's own index design (SQLite FTS5, see
:mod:`meetingtui.core.search.index`), kept on this machine and derived from what this login may read.

Why not the server's full-text search: each login reads a different text of the same case (the team the whole
case, an agency a copy the server redacts: no restricted items, no peer map), so an index on the server would
have to hold one copy per reader and repeat the redaction rules in its policies. Built from the documents this
login reads, the local index can only ever hold what that login may see, finds exactly the places the file
store's search finds (the same matching, folding and snippets) and answers in milliseconds.

Each case's rows are stamped with the case's ``version`` and how it was read (``team`` or ``shared``): one query
of ids and versions tells which cases changed since the last search, and a case whose access changed (a team
member who now only has an agency's share) is indexed again from the text now readable. A case this login can
no longer read (unshared, deleted) has its rows deleted at the next search. The file lives in the data folder's
``index/`` (0600 in a 0700 folder), one per server, database and login; deleting it loses nothing. Unlike the
file store's, a read-only process (``meetingtui search``) writes it too: it is a cache of the server, not data.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from meetingtui.core.search.index import SearchIndex
from meetingtui.core.store.postgres.reads import VERSIONS

if TYPE_CHECKING:
    from pathlib import Path

    from meetingtui.core.store.postgres.repository import PostgresRepository


def index_name(repo: PostgresRepository) -> str:
    """One file per server, database, login and database format: another login's index is never read."""
    return repo.local_name("sqlite3")


class TeamSearchIndex(SearchIndex):
    def __init__(self, repo: PostgresRepository, folder: Path | None) -> None:
        super().__init__(repo, folder, name=index_name(repo))
        self.team: PostgresRepository = repo
        # Kept up to date by readers too (``meetingtui search``): the file is this machine's cache of the server,
        # not the store, so writing it changes nothing anyone else reads; otherwise every CLI search of a team
        # store would index every readable case in memory again.
        self.writable = folder is not None

    def read_elsewhere(self, ids: list[str]) -> None:
        """Read here, one case at a time: the cases come from the server over this process's connection."""
        return None

    def check_case(self, case_id: str) -> None:
        if not self.team.has_case(case_id):
            raise self.team.not_found(case_id)

    def stale(
        self, conn: sqlite3.Connection, target: str, stored: dict[str, tuple[str, str]], ids: list[str]
    ) -> list[tuple[str, str, str]]:
        """The cases whose version (or way of reading) differs from the one their rows were read at."""
        now = (
            {}
            if self.team.schema_version is None
            else {r[0]: f"{r[1]}:{r[2]}" for r in self.team._q(VERSIONS)}
        )
        stale = []
        for cid in ids:
            stamp = now.get(cid)
            if stamp is None:
                continue  # gone between the two reads: the next search drops its rows
            have = stored.get(cid)
            if have is None or have[0] != stamp:
                stale.append((cid, stamp, stamp))
        return stale
