"""Issue 16's search figures: building the full-text index for every case, the first page of a search for a
common word, a rare word and a phrase (in process, a fresh interpreter each), the whole ``meetingtui search``
process and its peak memory.

Baselines are measured in the same run: ``grep -rci WORD`` over the same case files (what the operating
system's own tool costs just to count lines) for the queries, the import-only interpreter for the process,
and, for the build, the old scan (:func:`meetingtui.core.search.scan.search`) over every case once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import BIN, REPO, Context, Figure, median, ms

COMMON, RARE, PHRASE = "curfew", "electronic", "reduced timetable"

_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from meetingtui.core.store.files.repository import FileRepository
mode, data, text = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
if mode == "build":
    from meetingtui.core.search.index import SearchIndex
    t = time.perf_counter()
    rows = SearchIndex(FileRepository(data)).rebuild()
    print(json.dumps({"seconds": time.perf_counter() - t, "count": rows}))
elif mode == "overview":
    from datetime import date
    from meetingtui.core.workspace import Workspace
    from meetingtui.core.rules.alerts import overview
    ws = Workspace.open(data=data)
    t = time.perf_counter()
    n = len(overview(ws.repo, ws.settings, date.today()))
    print(json.dumps({"seconds": time.perf_counter() - t, "count": n}))
elif mode == "scan":
    from meetingtui.core.search.scan import search
    t = time.perf_counter()
    hits = search(FileRepository(data, read_only=True), text)
    print(json.dumps({"seconds": time.perf_counter() - t, "count": len(hits)}))
elif mode == "after-save":
    # The app's own order: a note saved (the search index is not touched), then a search in the same
    # writable repository, which finds that one case changed by its stat and re-indexes it first.
    from meetingtui.core.meeting.contents import save_notes
    repo = FileRepository(data)
    cid, mid, key = sys.argv[4].split(",")
    base = repo.load_meeting(cid, mid).item(key).notes or ""
    t = time.perf_counter()
    save_notes(repo, cid, mid, key, base + " saved before a search")
    saved = time.perf_counter() - t
    t = time.perf_counter()
    r = repo.search(text, limit=50)
    print(json.dumps({"seconds": time.perf_counter() - t, "save": saved, "count": r.total}))
else:
    repo = FileRepository(data, read_only=True)  # as `meetingtui search` opens it
    t = time.perf_counter()
    r = repo.search(text, limit=50)
    print(json.dumps({"seconds": time.perf_counter() - t, "count": r.total, "shown": len(r.hits)}))
"""


def _child(mode: str, data: Path, text: str = "", *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(data), text, *extra],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def _grep(data: Path, word: str) -> float:
    t = time.perf_counter()
    subprocess.run(["grep", "-rci", word, str(data / "cases")], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def _peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one child process (a wrapper of its own, so earlier children do not count)."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, check=True)
    return int(out.stdout) / 1024


def figures(ctx: Context) -> list[Figure]:
    data = ctx.copy("search")
    builds = [_child("build", data) for _ in range(max(1, ctx.runs // 2))]
    build = median([b["seconds"] for b in builds])
    scan = _child("scan", data, COMMON)
    figs = [
        Figure(
            f"Build the search index for {ctx.size.cases} cases",
            build,
            scan["seconds"],
            "s",
            "≤ 10 s",
            build <= 10,
            build / scan["seconds"],
            f"{builds[0]['count']:,} fields; median of {len(builds)} full builds in fresh processes. Baseline: "
            f"the old scan for '{COMMON}' over every case once ({scan['count']:,} matches) — what every "
            "search cost before the index.",
        )
    ]
    for label, text in (("a common word", COMMON), ("a rare word", RARE), ("a phrase", PHRASE)):
        runs = [_child("query", data, text) for _ in range(ctx.runs)]
        ours = median([r["seconds"] for r in runs])
        grep = median([_grep(data, text.split()[0]) for _ in range(ctx.runs)])
        figs.append(
            Figure(
                f"Search for {label} over {ctx.size.cases} cases, first page (in process)",
                ms(ours),
                ms(grep),
                "ms",
                "≤ 100 ms",
                ms(ours) <= 100,
                ours / grep,
                f"'{text}': {runs[0]['count']:,} matches, the best {runs[0]['shown']} with snippets; median of "
                f"{len(runs)} fresh processes, the first search on a new read-only Repository (as the CLI opens "
                "it; the index current). Baseline: `grep -rci` for the first word over the same case files.",
                secondary=label != "a common word",
            )
        )
    figs.append(_after_save(ctx, data, figs[1].ours))
    env = ctx.env(data)
    ours_cmd = [str(BIN / "meetingtui"), "search", COMMON]
    bare_cmd = [sys.executable, "-c", "import tinydb, orjson, sqlite3"]
    ours, bare = [], []
    for _ in range(ctx.runs + 4):
        ours.append(_wall(ours_cmd, env))
        bare.append(_wall(bare_cmd, env))
    o, b = median(ours), median(bare)
    figs.append(
        Figure(
            f"`meetingtui search {COMMON}`, whole process",
            ms(o),
            ms(b),
            "ms",
            "≤ 2× `python -c 'import tinydb, orjson, sqlite3'`",
            o / b <= 2,
            o / b,
            f"median of {len(ours)} runs (50 matches printed and the count of the rest, to /dev/null).",
        )
    )
    peak, bare_peak = _peak_mb(ours_cmd, env), _peak_mb(bare_cmd, env)
    figs.append(
        Figure(
            f"Peak memory of `meetingtui search {COMMON}`",
            peak,
            bare_peak,
            "MB",
            "≤ 100 MB",
            peak <= 100,
            peak / bare_peak,
            "peak RSS of the whole process. Baseline: the import-only interpreter.",
        )
    )
    # `meetingtui alerts`: the overview the app keeps (written by its first start today) read by the verb.
    _child("overview", data)
    alerts_cmd = [str(BIN / "meetingtui"), "alerts"]
    out = subprocess.run(alerts_cmd, env=env, capture_output=True, check=True).stdout
    printed = ctx.work / "alerts-output.txt"
    printed.write_bytes(out)
    cat_cmd = [sys.executable, "-c", f"import tinydb, orjson; print(open({str(printed)!r}).read())"]
    ours, bare = [], []
    for _ in range(ctx.runs + 4):
        ours.append(_wall(alerts_cmd, env))
        bare.append(_wall(cat_cmd, env))
    o, b = median(ours), median(bare)
    figs.append(
        Figure(
            f"`meetingtui alerts` over {ctx.size.cases} cases, whole process",
            ms(o),
            ms(b),
            "ms",
            "≤ 2× `python -c 'import tinydb, orjson'` printing the same output",
            o / b <= 2,
            o / b,
            f"median of {len(ours)} runs ({len(out.splitlines()):,} lines, to /dev/null), the overview kept "
            "by the app's first start today. Baseline: the import-only interpreter printing the same text.",
        )
    )
    return figs


def _after_save(ctx: Context, data: Path, first_page_ms: float | None) -> Figure:
    """What a save leaves for the search index: nothing at save time (the 'Save a note edit' row); the next
    search re-indexes the saved case. Measured on the largest case, a save then a search, in fresh processes."""
    from bench import dataset

    where = ",".join((dataset.BIG, ctx.size.live_meeting, dataset.EDIT_ITEM))
    runs = [_child("after-save", data, COMMON, where) for _ in range(ctx.runs)]
    ours = median([r["seconds"] for r in runs])
    return Figure(
        f"Search for '{COMMON}' just after a note save (the saved case re-indexed first)",
        ms(ours),
        first_page_ms,
        "ms",
        "— (what a save leaves for the next search)",
        None,
        ms(ours) / first_page_ms if first_page_ms else None,
        f"median of {len(runs)} fresh processes: a note saved in case {dataset.BIG} (the largest; the save "
        f"itself {ms(median([r['save'] for r in runs])):.1f} ms, writing nothing to the search index), then "
        "the first search in the same writable repository, which finds that case changed by its stat and "
        "re-indexes its rows before answering. Baseline: the first page with the index current (row above).",
        secondary=True,
    )
