"""The full-text index finds the same places as the old scan (kept as the oracle), ranks them, pages them,
hides restricted text unless asked, and is only ever derived: deleted, corrupted or stale, it is rebuilt from
the case files and never loses or changes what the user sees."""

from __future__ import annotations

import stat
from datetime import date

import pytest

from meetingtui.cli import main
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Decision, Item
from meetingtui.core.search import query
from meetingtui.core.search.index import DB_NAME, SEARCH_VERSION, SearchIndex
from meetingtui.core.search.scan import search
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from tests import factory as f
from tests.conftest import SAMPLE_TODAY

HOSTILE_NOTES = (
    'He said "stop" OR NEAR(curfew, 3) -- AND * ^col: x\x1b[31m red\x07 bell\x00 nul '
    "Zoë Chloé ＦＵＬＬＷＩＤＴＨ ﬁne ß straße 😀 emoji ‘curly’ “quotes” – dash "
    "عربي العربية motor‐project k.b. e\u0301cole "
)
QUERIES = [
    "curfew",
    "CURFEW",
    "Zoe",
    "zoë",
    "chloe",
    "motor project",
    "motor-project",
    "k.b.",
    "ecole",
    "école",
    "fine",
    "strasse",
    "fullwidth",
    "'curly'",
    '"quotes"',
    '"',
    '"stop" OR',
    "NEAR(curfew",
    "*",
    "^col:",
    "-- AND",
    "😀",
    "العربية",
    "red",
    "x",
    "a",
    "the",
    "police",
    "exploitation",
    "zzzz-not-there",
    "otor",
    ")",
    "'",
    "\\",
]


def _hostile(ws: Workspace) -> None:
    items = [
        Item(key="a", title='Curfew (NEAR) "review"', notes=HOSTILE_NOTES * 3),
        Item(
            key="r",
            title="Restricted: police",
            restricted=True,
            notes="Third-party curfew breach; exploitation concern",
            decisions=[Decision(text="Share curfew log", reason="exploitation", dissent="none")],
        ),
    ]
    ws.repo.create_case(
        f.case(
            id="H1",
            name='Ö. "x" OR *',
            notes=HOSTILE_NOTES,
            meetings=[f.meeting("M1", date(2026, 10, 1), items=items, worries="curfew " * 50)],
            actions=[
                f.action("A1", "M1", date(2026, 11, 1), item_key="a", text="Ask Zoë about curfew"),
                f.action("A2", "M1", date(2026, 11, 1), item_key="r", text="curfew to MACE"),
            ],
        )
    )


def _note(ws: Workspace, text: str) -> None:
    with ws.repo.transaction("H1") as tx:
        record = tx.record()
        record.notes = text
        tx.put_record(record)


@pytest.fixture
def both(ws: Workspace) -> Workspace:
    ws.repo.create_case(demo_case(SAMPLE_TODAY))
    _hostile(ws)
    return ws


def _places(hits) -> list[str]:
    return sorted(
        repr((h.case_id, h.meeting_id, h.item_key, h.field, h.ref, h.restricted, h.snippet, h.start, h.end))
        for h in hits
    )


@pytest.mark.parametrize("restricted", [False, True])
def test_index_finds_the_same_places_as_the_scan_on_the_demo_and_a_hostile_case(
    both: Workspace, restricted: bool
) -> None:
    """Every place the index finds, the scan finds (same field, same snippet); every place the scan finds
    where the text starts a word, the index finds. Only text inside a word ("red" in "bored") is the scan's
    alone, and the index finds that too when nothing starts with it ("otor")."""
    for q in QUERIES:
        old = search(both.repo, q, include_restricted=restricted)
        new = both.repo.search(q, include_restricted=restricted, limit=10_000)
        assert new.total == len(new.hits), q
        assert set(_places(new.hits)) <= set(_places(old)), q
        assert set(_places([h for h in old if _starts_word(h)])) <= set(_places(new.hits)), q
        if not new.hits:
            assert not old, q
    for q in ("curfew", "Zoe", "motor project", "k.b.", "ecole", "fine", "exploitation", "otor", '"stop" OR'):
        old = search(both.repo, q, include_restricted=restricted)
        assert _places(both.repo.search(q, include_restricted=restricted, limit=10_000).hits) == _places(
            old
        ), q


def _starts_word(h) -> bool:
    return h.start == 0 or not h.snippet[h.start - 1].isalnum()


def test_hostile_queries_never_error(both: Workspace) -> None:
    for q in ['"', '""', "AND", "OR NOT", "NEAR(", "a*b", "col:x", "^", "(((", "\x00", "\x1b[31m", "'--"]:
        both.repo.search(q)


def test_ranked_paged_and_counted(both: Workspace) -> None:
    first = both.repo.search("curfew", limit=2)
    everything = both.repo.search("curfew", limit=1000)
    assert len(first.hits) == 2 and first.total == everything.total and first.more == everything.total - 2
    # The best match first: a short field that is mostly the word beats a long note that mentions it once.
    assert _places(first.hits) == _places(everything.hits[:2])
    second = both.repo.search("curfew", limit=2, offset=2)
    assert _places(second.hits) == _places(everything.hits[2:4])


def test_the_first_page_of_a_common_word_is_the_full_querys(both: Workspace, monkeypatch) -> None:
    """A one-word query takes its first page from FTS5's best few rows instead of sorting every match; the
    page (order included, ties broken by case and place) is exactly the full query's, at every size."""
    fast = {}
    for q in ("curfew", "the", "a", "zoe", "exploitation"):
        for restricted in (False, True):
            for limit in (1, 2, 3, 5, 8, 13, 50):
                r = both.repo.search(q, include_restricted=restricted, limit=limit)
                fast[q, restricted, limit] = (r.total, [repr(h) for h in r.hits])
    monkeypatch.setattr(query, "top_ranked", lambda *a: None)
    for (q, restricted, limit), want in fast.items():
        r = both.repo.search(q, include_restricted=restricted, limit=limit)
        assert (r.total, [repr(h) for h in r.hits]) == want, (q, restricted, limit)


def test_a_first_page_cut_through_tied_rows_is_still_the_full_querys(ws: Workspace, monkeypatch) -> None:
    """Rows written alike tie in rank; when the tie crosses the page's edge, more rows are picked until it is
    whole (found in make bench: the full query answering instead took three times as long), and the page is
    exactly the full query's, broken by case and place, whatever the page size."""
    for n in range(3):
        ws.repo.create_case(
            f.case(
                id=f"T{n}",
                name="T.",
                meetings=[
                    f.meeting(
                        "M1",
                        date(2026, 10, 1),
                        items=[
                            Item(key=f"k{i}", title="Same", notes="Missed curfew again") for i in range(40)
                        ],
                    )
                ],
            )
        )
    fast = {}
    for limit in (1, 7, 39, 40, 41, 50, 119, 120, 121):
        r = ws.repo.search("curfew", limit=limit)
        fast[limit] = (r.total, [repr(h) for h in r.hits])
    assert fast[50][0] == 120
    picked = []
    real = query.top_ranked
    monkeypatch.setattr(query, "top_ranked", lambda *a: picked.append(real(*a)) or picked[-1])
    ws.repo.search("curfew", limit=50)
    assert picked and picked[-1] is not None  # answered by picking more, not by the full query
    monkeypatch.setattr(query, "top_ranked", lambda *a: None)
    for limit, want in fast.items():
        r = ws.repo.search("curfew", limit=limit)
        assert (r.total, [repr(h) for h in r.hits]) == want, limit


def test_restricted_rows_are_flagged_and_filtered_at_query_time(both: Workspace) -> None:
    hidden = both.repo.search("exploitation", limit=1000)
    full = both.repo.search("exploitation", include_restricted=True, limit=1000)
    assert not any(h.restricted for h in hidden.hits)
    assert any(h.restricted for h in full.hits) and full.total > hidden.total
    assert "Third-party" not in " ".join(h.snippet for h in hidden.hits)


def test_a_version_4_index_that_showed_the_peer_map_is_rebuilt(both: Workspace) -> None:
    """Version 4 indexed the peer map as open text, so every search showed other children's initials. Such a
    file is rebuilt: the demo's peers are found only with restricted text included."""
    import sqlite3

    peer = demo_case(SAMPLE_TODAY).peers[0].label
    both.repo.search(peer)
    db = both.repo.index_dir / DB_NAME
    with sqlite3.connect(db) as old:
        old.execute("UPDATE fields SET restricted = 0 WHERE field LIKE 'peer %'")
        old.execute("PRAGMA user_version = 4")
    fresh = FileRepository(both.data_dir)
    assert not [h for h in fresh.search(peer, limit=1000).hits if h.field.startswith("peer ")]
    full = fresh.search(peer, include_restricted=True, limit=1000).hits
    peers = [h.restricted for h in full if h.field.startswith("peer ")]
    assert peers and all(peers)


def test_index_is_private_and_rebuilt_when_deleted_or_corrupt(both: Workspace) -> None:
    expected = _places(search(both.repo, "curfew"))
    assert _places(both.repo.search("curfew", limit=1000).hits) == expected
    db = both.repo.index_dir / DB_NAME
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    db.unlink()
    assert _places(FileRepository(both.data_dir).search("curfew", limit=1000).hits) == expected
    db.write_bytes(b"this is not a database" * 100)
    assert _places(FileRepository(both.data_dir).search("curfew", limit=1000).hits) == expected
    assert db.read_bytes()[:15] == b"SQLite format 3"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_an_older_format_index_is_rebuilt_not_reused(both: Workspace) -> None:
    """A version-3 file indexed new rows by trigger; this version inserts them itself, so reusing one would
    index every row twice. Another version's file is rebuilt, and each row is in FTS5 once."""
    import sqlite3

    both.repo.search("curfew")
    db = both.repo.index_dir / DB_NAME
    with sqlite3.connect(db) as old:
        old.execute("PRAGMA user_version = 3")
    _note(both, "Bought a xylophone")  # a stale case to index into whatever file is found
    expected = _places(search(both.repo, "curfew"))
    assert _places(FileRepository(both.data_dir).search("curfew", limit=1000).hits) == expected
    assert [h.field for h in FileRepository(both.data_dir).search("xylophone").hits] == ["case notes"]
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SEARCH_VERSION
        fields = check.execute("SELECT count(*) FROM fields").fetchone()[0]
        docs = [
            check.execute(f"SELECT count(*) FROM {t}_docsize").fetchone()[0]
            for t in ("fts_open", "fts_restricted")
        ]
    assert fields == sum(docs)


def _fts_agrees_with_fields(conn) -> None:
    """FTS5's own consistency check of both tables, and each holding exactly the ids of its fields (open or
    restricted): a field missing from FTS5 is never found, one in the wrong table is shown to the wrong reader.
    (Both tables index the one ``fields`` table, so FTS5's check against its content cannot be used.)"""
    for table, restricted in (("fts_open", "= 0"), ("fts_restricted", "!= 0")):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        indexed = {r[0] for r in conn.execute(f"SELECT id FROM {table}_docsize")}
        ids = {r[0] for r in conn.execute(f"SELECT id FROM fields WHERE restricted {restricted}")}
        assert indexed == ids
    assert conn.execute("SELECT count(*) FROM fts_open_docsize").fetchone()[0] > 0


def test_a_first_build_indexes_every_field_once_in_one_pass(ws: Workspace) -> None:
    """The first build fills FTS5 once at the end (faster than per case); what it holds must be exactly
    what a case-by-case update holds, restricted rows in the restricted table only."""
    import sqlite3

    for k in range(4):
        items = [
            Item(key="i1", title="Update", notes=f"curfew talk {k}"),
            Item(key="i2", title="Private", notes=f"withheld curfew {k}", restricted=True),
        ]
        ws.repo.create_case(f.case(id=f"C{k}", meetings=[f.meeting("M1", date(2026, 1, k + 1), items=items)]))
    SearchIndex(ws.repo).search("curfew")
    with sqlite3.connect(ws.repo.index_dir / DB_NAME) as check:
        _fts_agrees_with_fields(check)
        assert (
            check.execute(
                "SELECT count(*) FROM fts_restricted WHERE fts_restricted MATCH 'withheld'"
            ).fetchone()[0]
            == 4
        )
        assert (
            check.execute("SELECT count(*) FROM fts_open WHERE fts_open MATCH 'withheld'").fetchone()[0] == 0
        )
    with ws.repo.transaction("C2") as tx:  # the case-by-case path on the same file afterwards
        record = tx.record()
        record.notes = "A new note about curfew"
        tx.put_record(record)
    assert len(SearchIndex(ws.repo).search("curfew", limit=100).hits) == len(search(ws.repo, "curfew"))
    with sqlite3.connect(ws.repo.index_dir / DB_NAME) as check:
        _fts_agrees_with_fields(check)


def test_a_cancelled_first_build_keeps_the_cases_it_indexed(ws: Workspace) -> None:
    """The first build is written to a file of its own and renamed into place; Esc part-way installs what
    was indexed (valid, the rest stale) and leaves no temp file. The next search indexes the rest."""
    import sqlite3
    import threading

    from meetingtui.core.search.index import Cancelled

    for k in range(5):
        items = [Item(key="i1", title="Update", notes=f"curfew talk {k}")]
        ws.repo.create_case(f.case(id=f"C{k}", meetings=[f.meeting("M1", date(2026, 1, 1), items=items)]))
    cancel = threading.Event()

    def progress(n: int, total: int) -> None:
        if n == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        SearchIndex(ws.repo).search("curfew", cancel=cancel, progress=progress)
    db = ws.repo.index_dir / DB_NAME
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT count(*) FROM cases").fetchone()[0] == 3
        _fts_agrees_with_fields(check)
    assert sorted(p.name for p in ws.repo.index_dir.iterdir() if DB_NAME in p.name) == [DB_NAME]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    rest: list[int] = []
    result = SearchIndex(ws.repo).search("curfew", limit=100, progress=lambda n, t: rest.append(t))
    assert rest == [2, 2] and _places(result.hits) == _places(search(ws.repo, "curfew"))


def test_a_saved_change_is_found_on_the_next_search(both: Workspace) -> None:
    assert both.repo.search("xylophone").total == 0
    _note(both, "Bought a xylophone")
    other = FileRepository(both.data_dir)  # another process's repository: stale only by the file
    assert [h.field for h in other.search("xylophone").hits] == ["case notes"]
    assert [h.field for h in both.repo.search("xylophone").hits] == ["case notes"]


def test_a_copied_data_folder_keeps_its_index(both: Workspace, tmp_path) -> None:
    import shutil

    both.repo.search("curfew")
    copy = tmp_path / "copy"
    shutil.copytree(both.data_dir, copy)  # new inodes and mtimes: the content is the same
    index = SearchIndex(FileRepository(copy))
    rebuilt: list[tuple[int, int]] = []
    result = index.search("curfew", progress=lambda n, t: rebuilt.append((n, t)))
    assert rebuilt == [] and result.total > 0


def test_read_only_search_writes_nothing_and_still_sees_stale_cases(both: Workspace, capsys) -> None:
    both.repo.search("curfew")  # a current index on disk
    _note(both, "Bought a xylophone")
    db = both.repo.index_dir / DB_NAME
    before = (db.stat().st_mtime_ns, db.read_bytes())
    ro = FileRepository(both.data_dir, read_only=True)
    assert [h.field for h in ro.search("xylophone").hits] == ["case notes"]
    assert _places(ro.search("curfew", limit=1000).hits) == _places(search(ro, "curfew"))
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before


def test_cli_limit_and_more(both: Workspace, capsys) -> None:
    total = len(search(both.repo, "curfew"))
    capsys.readouterr()
    assert main(["--data", str(both.data_dir), "search", "curfew", "--limit", "3"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2 + 3 + 1
    assert out[-1] == f"{total - 3} more matches not shown (--limit {total} shows all)."
    assert main(["--data", str(both.data_dir), "search", "curfew", "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err


async def test_esc_during_a_long_search_leaves_at_once_and_stops_the_worker(ws: Workspace) -> None:
    """The search waits on the index (here another meetingtui holds it while writing, as a long first build
    would take seconds at five years of data). Esc is acted on at once, with the worker still busy; the
    worker then stops before indexing anything more, and the next search still finds every case."""
    import sqlite3

    from textual.worker import WorkerState

    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.search import SearchScreen

    index = SearchIndex(ws.repo)
    conn, _ = index._connect()  # an index file with no case in it yet (built before there were any)
    conn.close()
    notes = "The curfew was discussed again with the school and the youth worker. " * 10
    for k in range(5):
        items = [Item(key=f"i{i}", title="Update", notes=notes) for i in range(4)]
        ws.repo.create_case(f.case(id=f"C{k}", meetings=[f.meeting("M1", date(2026, 1, 1), items=items)]))
    other = sqlite3.connect(ws.repo.index_dir / DB_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing the index
    app = make_app(ws)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("slash")
            await pilot.pause(0.1)
            assert isinstance(app.screen, SearchScreen)
            await pilot.press(*"curfew", "enter")
            await pilot.pause(0.2)
            assert "Searching" in str(app.screen.query_one("#search-state").render())
            workers = [w for w in app.workers if w.group == "search"]
            assert [w.state for w in workers] == [WorkerState.RUNNING]
            await pilot.press("escape")
            assert not isinstance(app.screen, SearchScreen)
            busy = [w for w in workers if w.state not in (WorkerState.SUCCESS, WorkerState.ERROR)]
            other.execute("ROLLBACK")
            await app.workers.wait_for_complete()
    finally:
        other.close()
    assert busy, "Esc waited for the search to finish"
    with sqlite3.connect(ws.repo.index_dir / DB_NAME) as check:
        assert check.execute("SELECT count(*) FROM cases").fetchone()[0] == 0  # stopped, not run to the end
    result = FileRepository(ws.data_dir).search("curfew", limit=1)
    assert result.total == len(search(ws.repo, "curfew")) == 5 * 4


def test_a_search_that_indexes_many_cases_in_memory_says_how_to_stop_paying_it(tmp_path, capsys) -> None:
    """A search only reads, so with no usable index on disk (a first search, or after an upgrade changed the
    index's format) every `meetingtui search` indexed every case in memory again: 11 s each at 200 cases,
    in silence. It now says so, once per search, and --update-index writes the index for the next one."""
    data = tmp_path / "data"
    repo = FileRepository(data)
    demo = demo_case(date(2026, 11, 26))
    for n in range(12):
        repo.create_case(_renamed(demo, f"C{n:02d}"))
    db = repo.index_dir / DB_NAME
    args = ["--data", str(data), "search", "curfew", "--limit", "1"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "12 cases were indexed for this search alone" in err and "--update-index" in err
    assert not db.exists()  # still only reads
    assert main([*args, "--update-index"]) == 0
    assert db.exists() and stat.S_IMODE(db.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr()
    assert "curfew" in out.out.lower() and out.err == ""


def _renamed(case, case_id: str):  # type: ignore[no-untyped-def]
    from meetingtui.core.record.model import Case

    return Case.from_dict({**case.to_dict(), "id": case_id})


def _years_of_curfew(ws: Workspace) -> None:
    """Six yearly meetings that mention curfew once in a long note, the oldest in a title that is nothing but
    the word (bm25's best match of all)."""
    long = "We went through school, friends, football on Saturdays and his curfew on weekdays at some length."
    meetings = [
        f.meeting(
            f"M{y}",
            date(2020 + y, 3, 1),
            items=[Item(key="k", title="Curfew" if y == 1 else "Evenings", notes=long)],
        )
        for y in range(1, 7)
    ]
    ws.repo.create_case(f.case(id="Y1", name="Y.", meetings=meetings))


def test_a_word_found_in_too_many_places_ranks_the_newest_first(ws: Workspace, monkeypatch, capsys) -> None:
    """Ranking every one of 33,000 places of a common word was most of a search's time; past ``NEWEST`` places
    the newest are ranked first and the older follow, still ranked, on later pages. Every place is still
    found, and the quick first page is exactly the full query's."""
    _years_of_curfew(ws)
    everything = ws.repo.search("curfew", limit=100)
    assert everything.hits[0].item_title == "Curfew"  # below the threshold: the best match of all first
    monkeypatch.setattr(query, "NEWEST", 3)
    first = ws.repo.search("curfew", limit=3)
    assert first.total == 7 and first.more == 4
    assert {h.meeting_id for h in first.hits} == {"M6", "M5", "M4"}
    rest = ws.repo.search("curfew", limit=4, offset=3)
    assert rest.hits[0].item_title == "Curfew" and {h.meeting_id for h in rest.hits} == {"M1", "M2", "M3"}
    assert _places(first.hits + rest.hits) == _places(search(ws.repo, "curfew"))
    pages = {n: [repr(h) for h in ws.repo.search("curfew", limit=n).hits] for n in (1, 2, 3, 4, 7)}
    monkeypatch.setattr(query, "top_ranked", lambda *a: None)
    assert {n: [repr(h) for h in ws.repo.search("curfew", limit=n).hits] for n in pages} == pages
    # A phrase takes the same order, as does a read-only search of an index with a stale case in memory.
    assert {h.meeting_id for h in ws.repo.search("his curfew", limit=3).hits} == {"M6", "M5", "M4"}
    capsys.readouterr()
    assert main(["--data", str(ws.data_dir), "search", "curfew", "--limit", "3"]) == 0
    assert "the newest 3 are ranked first" in capsys.readouterr().out
    _years_of_curfew_note(ws)
    ro = FileRepository(ws.data_dir, read_only=True)
    got = ro.search("curfew", limit=3)
    assert got.total == 8 and {h.meeting_id for h in got.hits} <= {"M6", "M5", "M4", None}


def _years_of_curfew_note(ws: Workspace) -> None:
    with ws.repo.transaction("Y1") as tx:
        record = tx.record()
        record.notes = "curfew"
        tx.put_record(record)
