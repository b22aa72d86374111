"""What the benchmark runs inside a child process, so each figure starts from a fresh interpreter as a user's
would (no caches, imports or garbage left over from other figures).

``python -m bench.probe MODE`` prints one JSON object on its last line. Instrumentation only *observes*: it
wraps ``App._display``, the call Textual makes once a screen update has been composed (headless drivers then
skip only the final write to the terminal), to timestamp the first frame that shows a state.

A frame counts only if Textual writes it (not inside a batch update, not empty): see ``_hook_ready``.

Modes:
- ``start-ours`` / ``start-bare``: import, build and run the real ``meetingtui`` entry point (or a one-label
  Textual app) headless; report seconds from the parent's spawn (``BENCH_T0``, wall clock) to the first frame
  of the home screen with every case listed and its alerts filled (or the label shown), then exit.
- ``query``: one cold then several warm runs of the overdue-actions query and the alerts over every case.
- ``tui``: in the real app, open the largest case's live meeting several times, then type into its 100 KB
  item at a typist's pace; report time to interactive and per-key latency, and peak RSS.
- ``tui-bare``: the baseline for typing and memory: a bare Textual app with one TextArea holding the same text.
"""

from __future__ import annotations

import os
import sys
import time

# Measured from here on: nothing above imports more than the standard library's basics.


def _emit(result: dict) -> None:
    import json

    out = os.environ.get("BENCH_OUT")
    text = json.dumps(result)
    if out:
        with open(out, "w") as fh:
            fh.write(text)
    else:
        print(text, flush=True)


def _peak_rss_mb() -> float:
    """This process's own peak resident memory. ``VmHWM`` rather than ``ru_maxrss``: Linux carries the
    latter over from the parent through fork and exec, so a child of a big process would report the parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _hook_ready(ready) -> None:  # type: ignore[no-untyped-def]
    """Exit at the first frame for which ``ready(app, screen)`` holds, reporting the time since spawn."""
    from textual.app import App

    original = App._display
    spawned = float(os.environ["BENCH_T0"])

    def display(self, screen, renderable):  # type: ignore[no-untyped-def]
        # Only a frame Textual really writes: inside a batch update (``_batch_count``) or with nothing to draw,
        # ``_display`` returns without output. Until 2026-12-07 the probe counted such a frame: the app's home
        # was first drawn inside Textual's start-up batch and thrown away, and what a user saw came ~100 ms later.
        drawn = renderable is not None and not self._batch_count
        original(self, screen, renderable)
        if drawn and not getattr(self, "_bench_done", False) and ready(self, screen):
            self._bench_done = True
            _emit({"seconds": time.time() - spawned, "rss_mb": _peak_rss_mb()})
            self.exit()

    App._display = display  # type: ignore[method-assign]


def start_ours() -> None:
    want = int(os.environ["BENCH_CASES"])

    def ready(app, screen) -> bool:  # type: ignore[no-untyped-def]
        if type(screen).__name__ != "HomeScreen":
            return False
        try:
            table = screen.query_one("#cases")
        except Exception:
            return False
        return table.row_count == want

    _hook_ready(ready)
    from meetingtui.cli import main

    main([])


def start_bare() -> None:
    def ready(app, screen) -> bool:  # type: ignore[no-untyped-def]
        return bool(screen.query("Label"))

    _hook_ready(ready)
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("bench-ready")

    Bare().run()


# ---------------------------------------------------------------------------------------------- queries


def query() -> None:
    from datetime import date

    from meetingtui.core import bulk
    from meetingtui.core.rules.alerts import all_alerts
    from meetingtui.core.rules.tracker import ActionFilter, query_actions
    from meetingtui.core.workspace import Workspace

    today = date.fromisoformat(os.environ["BENCH_TODAY"])
    which = os.environ["BENCH_QUERY"]
    ws = Workspace.open()

    def run() -> int:
        if which == "overdue":
            return len(query_actions(ws.repo, ActionFilter(overdue=True), today))
        if which == "read":  # the floor for any scan: the stored summaries read, nothing computed
            with bulk.scan():
                return sum(len(ws.repo.summary_raw(cid)["actions"]) for cid in ws.repo.case_ids())
        return len(all_alerts(ws.repo, ws.settings, today))

    t = time.perf_counter()
    n = run()
    cold = time.perf_counter() - t
    warm = []
    for _ in range(int(os.environ.get("BENCH_WARM", "5"))):
        t = time.perf_counter()
        run()
        warm.append(time.perf_counter() - t)
    _emit({"cold": cold, "warm": warm, "count": n})


# -------------------------------------------------------------------------------------------------- tui


class Frames:
    """Timestamps of composed frames, and waiting for the first frame that shows a given state."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        import asyncio

        self._asyncio = asyncio
        self.waiters: list = []
        original = app._display

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            drawn = (
                renderable is not None and not app._batch_count
            )  # a frame Textual writes (see _hook_ready)
            original(screen, renderable)
            if not drawn:
                return
            now = time.perf_counter()
            for w in list(self.waiters):
                pred, fut = w
                if not fut.done() and pred(screen):
                    fut.set_result(now)
                    self.waiters.remove(w)

        app._display = display

    async def wait(self, pred, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
        fut = self._asyncio.get_running_loop().create_future()
        self.waiters.append((pred, fut))
        return await self._asyncio.wait_for(fut, timeout)


async def _type(app, frames: Frames, ta, text: str, pace: float, rng) -> list[float]:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key at a typist's pace; each latency runs from the key event reaching the app's
    queue (what a terminal driver does on input) to the first composed frame showing the character."""
    import asyncio

    from textual import events

    lat = []
    driver = app._driver
    for ch in text:
        key = "space" if ch == " " else ch
        before = ta.cursor_location
        t0 = time.perf_counter()
        driver.send_message(events.Key(key, ch))
        t1 = await frames.wait(lambda _s, b=before: ta.cursor_location != b)
        lat.append(t1 - t0)
        await asyncio.sleep(pace * rng.uniform(0.6, 1.4))
    return lat


TYPED = (
    "Police confirmed the missing episode on Friday was reported within the hour and the young person was "
    "found safe at a friend's house; the group agreed that the return home interview will be offered "
)


def tui() -> None:
    import asyncio
    import random

    from meetingtui.core.workspace import Workspace
    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.case import CaseScreen
    from meetingtui.ui.screens.meeting import MeetingScreen

    case_id = os.environ["BENCH_CASE"]
    meeting_id = os.environ["BENCH_MEETING"]
    item = os.environ["BENCH_ITEM"]
    opens = int(os.environ.get("BENCH_OPENS", "7"))
    keys = int(os.environ.get("BENCH_KEYS", "120"))
    pace = float(os.environ.get("BENCH_PACE", "0.1"))
    want = int(os.environ["BENCH_CASES"])
    ws = Workspace.open()
    app = make_app(ws)
    result: dict = {}

    async def main() -> None:
        async with app.run_test(headless=True, size=(120, 40), notifications=True) as pilot:
            frames = Frames(app)
            if app.screen.query("#cases").first().row_count != want:
                await frames.wait(lambda s: type(s).__name__ == "HomeScreen")
            case = CaseScreen(case_id)
            app.push_screen(case)
            await frames.wait(lambda s: s is case)
            await pilot.pause(0.3)
            times = []
            for _ in range(opens):
                screen = MeetingScreen(case_id, meeting_id)
                t0 = time.perf_counter()
                app.push_screen(screen)
                t1 = await frames.wait(lambda s, sc=screen: s is sc and sc.meeting is not None)
                times.append(t1 - t0)
                await pilot.pause(0.2)
                app.pop_screen()
                await frames.wait(lambda s: s is case)
                await pilot.pause(0.2)
            result["open"] = times
            screen = MeetingScreen(case_id, meeting_id, item_key=item)
            app.push_screen(screen)
            await frames.wait(lambda s, sc=screen: s is sc and sc.meeting is not None)
            from textual.widgets import TextArea

            ta = screen.query_one("#notes", TextArea)
            result["note_chars"] = len(ta.text)
            ta.focus()
            ta.move_cursor(ta.document.end)
            await pilot.pause(0.5)
            text = (TYPED * (1 + keys // len(TYPED)))[:keys]
            result["keys"] = await _type(app, frames, ta, text, pace, random.Random(1))
            await pilot.pause(0.5)
            saved = ws.repo.load_meeting(case_id, meeting_id).item(item).notes or ""
            result["saved"] = saved.endswith(text)
            result["rss_mb"] = _peak_rss_mb()

    asyncio.run(main())
    _emit(result)


async def _open_bare(app, frames: Frames, pilot, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Push and pop a one-label screen: what opening any screen costs Textual itself."""
    from textual.screen import Screen
    from textual.widgets import Label

    class One(Screen[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Label("one")

    times = []
    base = app.screen
    for _ in range(n):
        screen = One()
        t0 = time.perf_counter()
        app.push_screen(screen)
        times.append(await frames.wait(lambda s, sc=screen: s is sc) - t0)
        await pilot.pause(0.2)
        app.pop_screen()
        await frames.wait(lambda s: s is base)
        await pilot.pause(0.2)
    return times


def tui_bare() -> None:
    import asyncio
    import random
    from pathlib import Path

    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    text = Path(os.environ["BENCH_TEXT"]).read_text(encoding="utf-8")
    keys = int(os.environ.get("BENCH_KEYS", "120"))
    pace = float(os.environ.get("BENCH_PACE", "0.1"))

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, id="notes", soft_wrap=True, tab_behavior="focus")

    app = Bare()
    result: dict = {}

    async def main() -> None:
        async with app.run_test(headless=True, size=(120, 40), notifications=True) as pilot:
            frames = Frames(app)
            result["open"] = await _open_bare(app, frames, pilot, int(os.environ.get("BENCH_OPENS", "7")))
            ta = app.query_one("#notes", TextArea)
            ta.focus()
            ta.move_cursor(ta.document.end)
            await pilot.pause(0.5)
            typed = (TYPED * (1 + keys // len(TYPED)))[:keys]
            result["keys"] = await _type(app, frames, ta, typed, pace, random.Random(1))
            result["rss_mb"] = _peak_rss_mb()

    asyncio.run(main())
    _emit(result)


def minutes() -> None:
    """Our minutes export (the real ``write_minutes``) and the bare python-docx baseline, interleaved."""
    import gc
    from pathlib import Path

    from bench import docx_baseline
    from meetingtui.core.exports.minutes import write_minutes
    from meetingtui.core.workspace import Workspace

    case_id, meeting_id = os.environ["BENCH_CASE"], os.environ["BENCH_MEETING"]
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    out = Path(os.environ["BENCH_DIR"])
    ws = Workspace.open()
    first = write_minutes(ws, case_id, meeting_id, reader="full", out=out / "ours-0.docx", force=True)
    spec = docx_baseline.read_spec(first)
    docx_baseline.write(spec, out / "bare-0.docx")
    check = docx_baseline.read_spec(out / "bare-0.docx").counts()
    ours, bare = [], []
    for n in range(1, runs + 1):
        gc.collect()
        t = time.perf_counter()
        write_minutes(ws, case_id, meeting_id, reader="full", out=out / f"ours-{n}.docx", force=True)
        ours.append(time.perf_counter() - t)
        gc.collect()
        t = time.perf_counter()
        docx_baseline.write(spec, out / f"bare-{n}.docx")
        bare.append(time.perf_counter() - t)
    _emit({"ours": ours, "bare": bare, "counts": spec.counts(), "bare_counts": check})


MODES = {
    "minutes": minutes,
    "start-ours": start_ours,
    "start-bare": start_bare,
    "query": query,
    "tui": tui,
    "tui-bare": tui_bare,
}

if __name__ == "__main__":
    MODES[sys.argv[1]]()
