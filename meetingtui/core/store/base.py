"""The repository interface: what every storage backend keeps, written once so the rest of the app never
depends on how cases are stored.

Screens, verbs and rules take a :class:`Repository`; only :mod:`meetingtui.core.workspace` picks the backend.
Every change to a case goes through :meth:`Repository.transaction` (one atomic read-modify-write of one case,
never losing another writer's change); everything else only reads. A backend may lack an optional capability
(``supports_backups``); callers check the flag instead of the backend's type.
"""

from __future__ import annotations

import abc
import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meetingtui.core.errors import CaseFileDamaged, UserError
from meetingtui.core.text.show import show

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from datetime import date

    from meetingtui.core.config.settings import Settings
    from meetingtui.core.record.model import Case, Meeting
    from meetingtui.core.rules.alerts import Overview
    from meetingtui.core.search.query import SearchResult
    from meetingtui.core.store.files.transaction import Transaction

# \Z, not $: in Python "$" also matches before a final newline, and "X\n" must not name a case.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")

# A case id names files and a folder in the file store and in exports: these names are devices on Windows.
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}
)


def check_id(value: str, what: str = "case id") -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise UserError(f"{show(value)!r} is not a valid {what} (letters, digits, - and _, up to 64)")
    if what == "case id" and value.upper() in WINDOWS_DEVICES:
        raise UserError(f"{value!r} is not a valid {what} (a reserved device name on Windows)")
    return value


@dataclass(slots=True)
class CaseEntry:
    """One line of the case list: a summary, or the reason the case cannot be read."""

    case_id: str
    summary: Case | None
    damaged: CaseFileDamaged | None = None


class Repository(abc.ABC):
    """The contract of a case store. Thread-safe within a process; safe across processes."""

    read_only: bool
    #: Whether :meth:`backups` / :meth:`restore` exist (the file store keeps its own; a database server is
    #: backed up by its administrators).
    supports_backups: bool = False
    #: Who the store itself authenticated (a database login), or ``None`` when it authenticates nobody (the
    #: file store: anyone with the folder). Where it is known, what the app records as "by" carries it.
    login: str | None = None

    # ------------------------------------------------------------------------------------- naming
    @abc.abstractmethod
    def case_ids(self) -> list[str]:
        """Every stored case id, sorted."""

    @abc.abstractmethod
    def has_case(self, case_id: str) -> bool: ...

    @abc.abstractmethod
    def where(self, case_id: str | None = None) -> str:
        """Where a case (or the whole store) lives, for messages: a path, or a database without its password."""

    # ------------------------------------------------------------------------------------- reading
    @abc.abstractmethod
    def load_case(self, case_id: str) -> Case:
        """The whole case; raises NotFound or CaseFileDamaged."""

    @abc.abstractmethod
    def load_meeting(self, case_id: str, meeting_id: str) -> Meeting: ...

    @abc.abstractmethod
    def export_dict(self, case_id: str) -> dict[str, Any]:
        """The case in exchange form (no app-only state)."""

    @abc.abstractmethod
    def entries(self) -> list[CaseEntry]:
        """Every case as a summary with its owed actions, or with the reason it cannot be read."""

    @abc.abstractmethod
    def summary(self, case_id: str) -> Case:
        """A case without notes and agendas, with all its actions."""

    @abc.abstractmethod
    def summary_raw(self, case_id: str) -> dict[str, Any]:
        """The summary as a plain case-file dict with the actions still owed (read-only: it may be cached)."""

    @abc.abstractmethod
    def closed_actions_raw(self, case_id: str) -> list[dict[str, Any]]:
        """The actions done or dropped, as stored (read-only)."""

    @abc.abstractmethod
    def agreed_in(self, case_id: str) -> set[str]:
        """The meetings of a case that agreed any action."""

    @abc.abstractmethod
    def changed_on_disk(self, case_id: str) -> bool:
        """Whether another process saved the case since this one last read it (followers ask this often;
        it must be cheap)."""

    # ------------------------------------------------------------------------------------- writing
    @abc.abstractmethod
    def transaction(
        self, case_id: str, *, create: bool = False, lock_timeout: float | None = None
    ) -> contextlib.AbstractContextManager[Transaction]:
        """One read-modify-write of one case: what the block changes is stored in one go when it ends
        without an exception, and nothing at all otherwise."""

    @abc.abstractmethod
    def create_case(self, case: Case, *, replace: bool = False, force: bool = False) -> None:
        """Store a whole case (import, demo); refuses to overwrite one unless ``replace``, or one whose meeting
        a live process is running unless ``force`` (raises MeetingRunning)."""

    @abc.abstractmethod
    def claim_session(self, case_id: str, meeting_id: str) -> Any:
        """Claim the right to run a meeting (one writer at a time), released when the holder ends or dies;
        ``None`` when another holds it. The returned object has ``release()`` and ``held()``: a claim can be
        lost while held (the team store's session ends with a dropped network), so a holder asks before writing."""

    def contents_stamp(self) -> object:
        """A value that changes whenever any case is saved, added or removed, cheap enough to ask every few
        seconds: home redraws when it changes, so a chair's list is never left showing what another program
        (a CLI verb, an agency's update, a second laptop) has changed. The default: the case ids."""
        return tuple(self.case_ids())

    # ------------------------------------------------------------------------------------- overview
    def overviews(self, settings: Settings, today: date) -> list[Overview]:
        """Every case's home-screen line (next meeting, owed and overdue counts, alerts) in case-id order. A
        backend may keep them between starts, invalidated by any save, the date and the settings; the default
        judges every case's summary each time."""
        from meetingtui.core.rules.alerts import overview_of

        return [overview_of(self, cid, settings, today) for cid in self.case_ids()]

    # ------------------------------------------------------------------------------------- searching
    def _new_search_index(self) -> Any:
        """The backend's full-text index (:class:`meetingtui.core.search.index.SearchIndex` or a subclass
        that knows how this backend says a case changed), or ``None`` to scan every case."""
        return None

    def search(
        self,
        text: str,
        *,
        case_id: str | None = None,
        include_restricted: bool = False,
        limit: int = 50,
        offset: int = 0,
        on_damaged: Callable[[str, UserError], None] | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> SearchResult:
        """One page of the places ``text`` occurs (case and accents ignored), best first, and how many there
        are; restricted text only with ``include_restricted``. Through the backend's full-text index, or,
        with none (or where this Python's SQLite has no FTS5), by scanning every case: the same places,
        slowly at five years of data, with a one-line note when FTS5 is missing."""
        from meetingtui.core.search.index import fts5_available
        from meetingtui.core.search.query import NO_FTS_NOTE, SearchResult
        from meetingtui.core.search.scan import search

        index = getattr(self, "_search_index", None)
        if index is None:
            index = self._search_index = self._new_search_index()
        if index is not None and fts5_available():
            return index.search(
                text,
                case_id=case_id,
                include_restricted=include_restricted,
                limit=limit,
                offset=offset,
                on_damaged=on_damaged,
                cancel=cancel,
                progress=progress,
            )
        hits = search(
            self, text, case_id=case_id, include_restricted=include_restricted, on_damaged=on_damaged
        )
        return SearchResult(
            hits[offset : offset + limit], len(hits), offset, note=NO_FTS_NOTE if index is not None else None
        )

    def interrupt_search(self) -> None:
        """Stop a search running in another thread as soon as possible (the screen's Esc). The scan cannot
        be stopped midway; the screen drops its results instead."""
        index = getattr(self, "_search_index", None)
        if index is not None:
            index.interrupt()

    # ------------------------------------------------------------------------------------- optional
    def read_only_reason(self, case_id: str) -> str | None:
        """Why the owner has made this case read-only (every save is then refused), or None."""
        return None

    def missing_case_ids(self) -> list[str]:
        """Cases the store once held whose data is gone (a file deleted from the data folder): listed so that
        screens and verbs say so, as for a damaged case, instead of the case vanishing without a word."""
        return []

    def backups(self, case_id: str) -> list[Any]:
        raise UserError(f"{self.where()}: this store keeps no backups of its own")

    def restore(self, case_id: str, number: int | None = None, *, force: bool = False) -> Any:
        raise UserError(f"{self.where()}: this store keeps no backups of its own")
