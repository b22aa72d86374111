"""The repository contract, run against both backends: what the CLI and the TUI rely on from any store.

One test per promise, parametrised over the file store and the team store (a throwaway PostgreSQL server,
see tests/pg.py). A second repository object on the same store stands for another process or machine.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from meetingtui.core.errors import Busy, Conflict, NotFound, UserError
from meetingtui.core.meeting import contents
from meetingtui.core.record.model import Case
from meetingtui.core.record.schema import check_case_record
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository

CASE, MEETING = "DEMO-1", "M2"
ROUNDS = 15

Make = Callable[..., Repository]


def open_repo(kind: str, where: str, read_only: bool = False) -> Repository:
    if kind == "files":
        return FileRepository(Path(where), read_only=read_only)
    from meetingtui.core.store.postgres.repository import PostgresRepository

    return PostgresRepository(where, read_only=read_only)


@pytest.fixture(params=["files", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(kind, where): a data folder, or a fresh database on the session's server."""
    if request.param == "files":
        return "files", str(tmp_path / "store")
    return "postgres", request.getfixturevalue("pg_url")


@pytest.fixture
def make(store: tuple[str, str]) -> Make:
    """Another repository on the same store, as another process would open it."""
    return lambda read_only=False: open_repo(*store, read_only=read_only)


@pytest.fixture
def repo(make: Make, demo: Case) -> Repository:
    r = make()
    r.create_case(demo)
    return r


def test_a_stored_case_comes_back_exactly_as_it_was_exported(make: Make, demo: Case) -> None:
    r = make()
    assert r.case_ids() == [] and not r.has_case(CASE)
    r.create_case(demo)
    other = make()
    assert other.case_ids() == [CASE] and other.has_case(CASE)
    assert other.export_dict(CASE) == demo.to_dict()
    assert other.load_case(CASE).to_dict() == demo.to_dict()
    assert other.load_meeting(CASE, MEETING) == demo.meeting(MEETING)
    assert not check_case_record(other.export_dict(CASE))


def test_an_existing_case_is_only_overwritten_when_asked(repo: Repository, make: Make, demo: Case) -> None:
    changed = Case.from_dict({**demo.to_dict(), "name": "K.L."})
    with pytest.raises(Conflict, match="already exists"):
        make().create_case(changed)
    assert make().load_case(CASE).name == demo.name
    make().create_case(changed, replace=True)
    assert make().load_case(CASE).name == "K.L."


def test_unknown_cases_and_meetings_are_one_line_not_found(repo: Repository) -> None:
    for call in (
        lambda: repo.load_case("NOPE"),
        lambda: repo.export_dict("NOPE"),
        lambda: repo.summary_raw("NOPE"),
        lambda: repo.load_meeting(CASE, "M99"),
    ):
        with pytest.raises(NotFound) as info:
            call()
        assert "\n" not in str(info.value) and info.value.exit_code == 2
    with pytest.raises(NotFound), repo.transaction("NOPE"):
        pass
    with pytest.raises(UserError, match="not a valid case id"):
        repo.load_case("../etc")
    assert not repo.has_case("NOPE")


def test_a_transaction_stores_everything_or_nothing(repo: Repository, make: Make) -> None:
    with repo.transaction(CASE) as tx:
        rec = tx.record()
        rec.notes = "both halves"
        tx.put_record(rec)
        m = tx.meeting(MEETING)
        m.location = "Larch Lodge"
        tx.put_meeting(m)
    again = make().load_case(CASE)
    assert again.notes == "both halves" and again.meeting(MEETING).location == "Larch Lodge"

    with pytest.raises(RuntimeError), repo.transaction(CASE) as tx:
        rec = tx.record()
        rec.notes = "half done"
        tx.put_record(rec)
        raise RuntimeError("the screen crashed mid-change")
    assert make().load_case(CASE).notes == "both halves"
    assert repo.load_case(CASE).notes == "both halves"


def test_a_change_the_schema_refuses_is_not_saved(repo: Repository, make: Make) -> None:
    key = repo.load_meeting(CASE, MEETING).items[0].key
    with pytest.raises(UserError, match="not saved"):
        contents.save_notes(repo, CASE, MEETING, key, "x" * 2_000_000)
    assert (
        make().load_meeting(CASE, MEETING).items[0].notes == repo.load_meeting(CASE, MEETING).items[0].notes
    )
    assert "x" * 1000 not in str(make().export_dict(CASE))


def test_a_new_case_is_created_inside_a_transaction(make: Make, demo: Case) -> None:
    r = make()
    with r.transaction("NEW-1", create=True) as tx:
        tx.put_record(Case.from_dict({**demo.to_dict(), "id": "NEW-1", "meetings": [], "actions": []}))
    assert make().case_ids() == ["NEW-1"]
    assert make().load_case("NEW-1").name == demo.name


def test_the_case_list_summarises_each_case_with_owed_and_closed_actions_apart(
    repo: Repository, make: Make, demo: Case
) -> None:
    other = make()
    [entry] = other.entries()
    assert entry.case_id == CASE and entry.damaged is None and entry.summary is not None
    owed = {a.id for a in demo.actions if a.status in ("open", "carried")}
    closed = {a.id for a in demo.actions if a.status not in ("open", "carried")}
    assert {a.id for a in entry.summary.actions} == owed
    assert {a["id"] for a in other.closed_actions_raw(CASE)} == closed
    assert {a.id for a in other.summary(CASE).actions} == owed | closed
    assert other.agreed_in(CASE) == {a.meeting_id for a in demo.actions}
    # No notes or agendas in a summary: only the keys of restricted items, which mark their actions.
    assert all(
        i.restricted and not i.notes and not i.title for m in other.summary(CASE).meetings for i in m.items
    )
    # A save by someone else shows in the next summary.
    with make().transaction(CASE) as tx:
        a = tx.action(sorted(owed)[0])
        a.status = "done"
        tx.put_action(a)
    assert sorted(owed)[0] not in {a["id"] for a in other.summary_raw(CASE)["actions"]}
    assert sorted(owed)[0] in {a["id"] for a in other.closed_actions_raw(CASE)}


def test_a_follower_notices_another_writers_save_but_not_its_own(repo: Repository, make: Make) -> None:
    follower = make(read_only=True)
    follower.load_meeting(CASE, MEETING)
    assert not follower.changed_on_disk(CASE)
    key = repo.load_meeting(CASE, MEETING).items[0].key
    contents.save_notes(repo, CASE, MEETING, key, "typed by the minute-taker")
    deadline = time.monotonic() + 5
    while not follower.changed_on_disk(CASE):
        assert time.monotonic() < deadline, "the follower never noticed the save"
        time.sleep(0.05)
    assert follower.load_meeting(CASE, MEETING).items[0].notes == "typed by the minute-taker"
    assert not follower.changed_on_disk(CASE)
    contents.save_notes(repo, CASE, MEETING, key, "and again")
    repo.load_meeting(CASE, MEETING)
    time.sleep(0.3)
    assert not repo.changed_on_disk(CASE)


def test_the_stores_stamp_changes_with_every_save_and_new_case(
    repo: Repository, make: Make, demo: Case
) -> None:
    """What home watches to redraw after another program's change: equal while nothing changes."""
    reader = make(read_only=True)
    before = reader.contents_stamp()
    assert reader.contents_stamp() == before
    key = repo.load_meeting(CASE, MEETING).items[0].key
    contents.save_notes(repo, CASE, MEETING, key, "saved elsewhere")
    saved = reader.contents_stamp()
    assert saved != before
    repo.create_case(Case.from_dict({**demo.to_dict(), "id": "OTHER-2"}))
    assert reader.contents_stamp() not in (before, saved)


def test_a_read_only_store_refuses_every_write(repo: Repository, make: Make, demo: Case) -> None:
    ro = make(read_only=True)
    with pytest.raises(UserError, match="read-only"), ro.transaction(CASE):
        pass
    with pytest.raises(UserError, match="read-only"):
        ro.create_case(demo, replace=True)
    with pytest.raises(UserError, match="read-only"):
        ro.claim_session(CASE, MEETING)


def test_a_writer_waiting_too_long_for_the_case_is_told_it_is_busy(repo: Repository, make: Make) -> None:
    other = make()
    with repo.transaction(CASE) as tx:
        rec = tx.record()
        rec.notes = "holding the case"
        tx.put_record(rec)
        with pytest.raises(Busy, match="busy"), other.transaction(CASE, lock_timeout=0.2):
            pass
    assert make().load_case(CASE).notes == "holding the case"


def test_one_writer_runs_a_meeting_at_a_time(repo: Repository, make: Make) -> None:
    lease = repo.claim_session(CASE, MEETING)
    assert lease is not None
    assert make().claim_session(CASE, MEETING) is None
    assert make().claim_session(CASE, "M1") is not None  # another meeting is free
    lease.release()
    again = make().claim_session(CASE, MEETING)
    assert again is not None
    again.release()


def _hold_session(kind: str, where: str) -> None:
    lease = open_repo(kind, where).claim_session(CASE, MEETING)
    print("held" if lease else "refused", flush=True)
    time.sleep(60)


def test_a_crashed_writer_never_leaves_a_meeting_stuck(repo: Repository, store: tuple[str, str]) -> None:
    code = f"from tests.test_store_contract import _hold_session; _hold_session({store[0]!r}, {store[1]!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        assert repo.claim_session(CASE, MEETING) is None
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    lease = repo.claim_session(CASE, MEETING)
    while lease is None and time.monotonic() < deadline:  # the server notices the closed socket at once
        time.sleep(0.05)
        lease = repo.claim_session(CASE, MEETING)
    assert lease is not None
    lease.release()


def _writer(kind: str, where: str, tag: str) -> None:
    """Another process saving into the same case: notes, actions and the record, each its own save."""
    r = open_repo(kind, where)
    key = r.load_meeting(CASE, MEETING).items[0].key
    for n in range(ROUNDS):
        contents.add_action(
            r,
            CASE,
            MEETING,
            item_key=key,
            text=f"Task {tag}{n}",
            owner="Chris Dale",
            agency="YOT",
            due=date(2026, 12, 20),
        )
        with r.transaction(CASE) as tx:
            rec = tx.record()
            rec.notes = (rec.notes or "") + f"[{tag}{n}]"
            tx.put_record(rec)


def test_two_processes_saving_one_case_lose_no_update(repo: Repository, store: tuple[str, str]) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(*store, tag)) for tag in "XY"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    case = open_repo(*store).load_case(CASE)
    texts = [a.text for a in case.actions if a.text.startswith("Task ")]
    assert sorted(texts) == sorted(f"Task {t}{n}" for t in "XY" for n in range(ROUNDS))
    assert len({a.id for a in case.actions}) == len(case.actions)  # no action id handed out twice
    for t in "XY":  # every read-modify-write of the record kept the other's appended marks
        assert re.findall(rf"\[({t}\d+)\]", case.notes or "") == [f"{t}{n}" for n in range(ROUNDS)]


# ------------------------------------------------------------------------------------- searching

EXACT_QUERIES = (
    "curfew",
    "Zoe",
    "motor project",
    "k.b.",
    "ecole",
    "fine",
    "exploitation",
    "otor",
    "placement",
)


def _places(hits: list) -> list[str]:
    return sorted(
        repr((h.case_id, h.meeting_id, h.item_key, h.field, h.ref, h.restricted, h.snippet)) for h in hits
    )


def indexed(store: tuple[str, str], folder: Path, read_only: bool = False) -> Repository:
    """A repository whose search index lives in ``folder`` (the data folder's index/, as the app opens it)."""
    kind, where = store
    if kind == "files":
        return FileRepository(Path(where), read_only=read_only)
    from meetingtui.core.store.postgres.repository import PostgresRepository

    return PostgresRepository(where, read_only=read_only, listen=False, index_dir=folder)


def test_search_uses_an_index_that_finds_what_the_scan_finds_and_follows_every_save(
    store: tuple[str, str], make: Make, demo: Case, tmp_path: Path
) -> None:
    """Both stores search through a full-text index (the team store's kept on this machine, stamped with each
    case's version): the same places as the scan of every case, a save by another process found at the
    next search, and a deleted index rebuilt without losing anything."""
    from meetingtui.core.search.scan import search

    folder = Path(store[1]) / "index" if store[0] == "files" else tmp_path / "data" / "index"
    r = indexed(store, folder)
    r.create_case(demo)
    for q in EXACT_QUERIES:
        for restricted in (False, True):
            got = r.search(q, include_restricted=restricted, limit=10_000)
            assert _places(got.hits) == _places(search(r, q, include_restricted=restricted)), q
            assert got.total == len(got.hits) and got.note is None
    index_files = [p for p in folder.iterdir() if p.suffix == ".sqlite3"]
    assert len(index_files) == 1 and index_files[0].stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    notes = make().load_meeting(CASE, MEETING).items[0]
    contents.save_notes(make(), CASE, MEETING, notes.key, notes.notes + "\nZebracrossing agreed")
    assert [h.item_key for h in r.search("zebracrossing").hits] == [notes.key]
    index_files[0].unlink()
    assert [h.item_key for h in indexed(store, folder).search("zebracrossing").hits] == [notes.key]
    assert index_files[0].exists()
    with pytest.raises(NotFound, match="NOPE-1"):
        r.search("curfew", case_id="NOPE-1")
    if store[0] == "postgres":  # a reader (`meetingtui search`) keeps this machine's cache of the server too
        reader_folder = tmp_path / "reader" / "index"
        assert indexed(store, reader_folder, read_only=True).search("zebracrossing").total == 1
        assert len(list(reader_folder.glob("team-*.sqlite3"))) == 1
