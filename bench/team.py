"""The team store's figures: a note save on PostgreSQL against the file store, and the home screen's case list
over every case, both measured in the same run on the same data (a throwaway local server, unix socket).

And 20 processes saving action updates across 50 cases at once: every save they report is stored."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from bench import dataset
from bench.figures import Context, Figure, median, ms


def team(ctx: Context) -> list[Figure]:
    from meetingtui.core.meeting.contents import save_notes
    from meetingtui.core.store.files.repository import FileRepository
    from meetingtui.core.store.postgres.repository import PostgresRepository
    from tests.pg import Server, bindir

    found = bindir()
    if found is None:
        return [Figure("Team store", None, None, "ms", "", None, note="PostgreSQL binaries not installed")]
    server = Server(found).start()
    try:
        server.admin("create database bench")
        pg = PostgresRepository(server.url("bench"), listen=False)
        files = FileRepository(ctx.copy("team"))
        for cid in files.case_ids():
            pg.create_case(files.load_case(cid))
        case_id, meeting_id, key = dataset.BIG, ctx.size.live_meeting, dataset.EDIT_ITEM
        base = files.load_meeting(case_id, meeting_id).item(key).notes or ""

        def saves(repo) -> float:  # type: ignore[no-untyped-def]
            save_notes(repo, case_id, meeting_id, key, base + " first")  # the file store's backup, once
            times = []
            for n in range(max(21, ctx.runs * 5)):
                t = time.perf_counter()
                save_notes(repo, case_id, meeting_id, key, base + f" typed {n}")
                times.append(time.perf_counter() - t)
            return median(times)

        on_files, on_pg = saves(files), saves(pg)

        from meetingtui.core.config.settings import Settings
        from meetingtui.core.rules.alerts import overview

        def listing(make) -> float:  # type: ignore[no-untyped-def]
            """What home reads (``overview``: every case's line and its alerts), from a fresh repository with
            each store's date-stamped overview current (the app's first start today wrote it)."""
            overview(make(False), Settings(), ctx.today)
            times = []
            for _ in range(ctx.runs):
                repo = make(True)  # a fresh start: nothing cached in the process
                t = time.perf_counter()
                lines = overview(repo, Settings(), ctx.today)
                times.append(time.perf_counter() - t)
                assert len(lines) == ctx.size.cases
            return median(times)

        home_files = listing(lambda ro: FileRepository(ctx.work / "team", read_only=ro))
        home_pg = listing(
            lambda ro: PostgresRepository(
                server.url("bench"), read_only=ro, listen=False, index_dir=ctx.work / "team-pg-index"
            )
        )

        # Search: each store's index built by its first search, then the first page of a common word from a
        # fresh repository (as `meetingtui search` opens it), the index current.
        from bench.search import COMMON

        (ctx.work / "team" / "index" / "search.sqlite3").unlink(missing_ok=True)
        team_index = ctx.work / "team-index"

        def built(repo) -> float:  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            repo.search(COMMON)
            return time.perf_counter() - t

        build_files = built(FileRepository(ctx.work / "team"))
        build_pg = built(PostgresRepository(server.url("bench"), listen=False, index_dir=team_index))

        def first_page(make) -> float:  # type: ignore[no-untyped-def]
            times = []
            for _ in range(ctx.runs):
                repo = make()
                t = time.perf_counter()
                found = repo.search(COMMON, limit=50)
                times.append(time.perf_counter() - t)
                assert len(found.hits) == 50
            return median(times)

        page_files = first_page(lambda: FileRepository(ctx.work / "team", read_only=True))
        page_pg = first_page(
            lambda: PostgresRepository(
                server.url("bench"), read_only=True, listen=False, index_dir=team_index
            )
        )
    finally:
        server.stop()
    return [
        Figure(
            "Team store: save a note edit (largest case)",
            ms(on_pg),
            ms(on_files),
            "ms",
            "≤ 10 ms and ≤ 3× the file store",
            ms(on_pg) <= 10 and on_pg / on_files <= 3,
            on_pg / on_files,
            "median of saves through `save_notes` on a local PostgreSQL (unix socket, fsync off as a "
            "throwaway server: a production server with fsync on adds its commit flush) against the same case "
            "in the file store.",
        ),
        Figure(
            f"Team store: home's overview ({ctx.size.cases} cases)",
            ms(home_pg),
            ms(home_files),
            "ms",
            "≤ the file store's",
            home_pg <= home_files,
            home_pg / home_files,
            f"what home reads (every case's line and alerts, `overview`) from a fresh repository, median of "
            f"{ctx.runs}, each store's date-stamped overview current; baseline the same on the file store.",
        ),
        Figure(
            f"Team store: build the search index ({ctx.size.cases} cases)",
            build_pg,
            build_files,
            "s",
            "≤ 10 s",
            build_pg <= 10,
            build_pg / build_files,
            "the first search with no index file: every readable case read from the server and indexed on "
            "this machine (see docs/team.md, Searching); baseline the file store's first search on the same cases.",
        ),
        Figure(
            f"Team store: search for '{COMMON}', first page (in process)",
            ms(page_pg),
            ms(page_files),
            "ms",
            "≤ 100 ms and ≤ 1.5× the file store",
            ms(page_pg) <= 100 and page_pg / page_files <= 1.5,
            page_pg / page_files,
            f"the best 50 from a fresh read-only repository, the index current (one query of the cases' "
            f"versions on the team store, a stat per case file on files), median of {ctx.runs}.",
        ),
    ]


WRITERS, WRITER_CASES = 20, 50


def _writer(url: str, case_ids: list[str], seconds: float, tag: int, out: Any) -> None:
    """One of the concurrent writers: for ``seconds``, append an update to a random action of a random case,
    each its own save; report how many saves succeeded and every error it could not explain."""
    import random

    from meetingtui.core.errors import Busy
    from meetingtui.core.record.model import ActionUpdate
    from meetingtui.core.store.postgres.repository import PostgresRepository

    rng = random.Random(tag)
    repo = PostgresRepository(url, listen=False)
    done, busy, errors = 0, 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        cid = rng.choice(case_ids)
        try:
            with repo.transaction(cid) as tx:
                actions = tx.actions()
                a = rng.choice(actions)
                a.updates.append(
                    ActionUpdate(date=date.today(), status=a.status, due=a.due, note=f"w{tag}-{done}")
                )
                tx.put_action(a)
            done += 1
        except Busy:
            busy += 1  # explained: waited longer than the lock timeout; the save was not made
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    out.put((tag, done, busy, errors))


def writers(ctx: Context) -> list[Figure]:
    """20 processes updating actions across 50 cases: every reported save is there afterwards."""
    import multiprocessing as mp

    from meetingtui.core.record.demo import demo_case
    from meetingtui.core.record.model import Case
    from meetingtui.core.store.postgres.repository import PostgresRepository
    from tests.pg import Server, bindir

    found = bindir()
    if found is None:
        return [Figure("Team store writers", None, None, "", "", None, note="PostgreSQL not installed")]
    seconds = 5.0 if ctx.quick else 30.0
    server = Server(found).start()
    try:
        server.admin("create database writers")
        url = server.url("writers")
        repo = PostgresRepository(url, listen=False)
        demo = demo_case(ctx.today).to_dict()
        ids = [f"W{n}" for n in range(1, WRITER_CASES + 1)]
        for cid in ids:
            repo.create_case(Case.from_dict({**demo, "id": cid}))
        spawn = mp.get_context("spawn")
        out = spawn.Queue()
        procs = [spawn.Process(target=_writer, args=(url, ids, seconds, n, out)) for n in range(WRITERS)]
        for p in procs:
            p.start()
        results = [out.get(timeout=seconds + 120) for _ in procs]
        for p in procs:
            p.join(30)
        reported = {(f"w{tag}-{n}") for tag, done, _, _ in results for n in range(done)}
        stored = {
            u.note
            for cid in ids
            for a in PostgresRepository(url, listen=False).load_case(cid).actions
            for u in a.updates
            if u.note and u.note.startswith("w")
        }
    finally:
        server.stop()
    saves = sum(r[1] for r in results)
    busy = sum(r[2] for r in results)
    errors = [e for r in results for e in r[3]]
    lost = len(reported - stored)
    return [
        Figure(
            f"Team store: {WRITERS} writers, {WRITER_CASES} cases, {seconds:.0f} s",
            saves / seconds,
            None,
            "saves/s",
            "0 lost updates, 0 unexplained errors",
            lost == 0 and not errors,
            None,
            f"{saves} saves reported, {lost} missing afterwards; {busy} refused as busy (explained: the lock "
            f"wait ran out), {len(errors)} other errors{': ' + errors[0] if errors else ''}.",
        )
    ]
