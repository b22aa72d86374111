"""Figure 2: start to the first usable screen, headless and through a real terminal (tmux)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import BIN, Context, Figure, median, ms, probe


def start(ctx: Context) -> list[Figure]:
    data = ctx.copy("start")
    headless = ctx.env(data, TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver")
    headless.update(COLUMNS="120", LINES="40")
    empty = ctx.work / "empty"
    empty.mkdir(exist_ok=True)
    no_cases = {**headless, "MEETINGTUI_DATA": str(empty), "BENCH_CASES": "0"}
    ours, bare, shell, rss = [], [], [], []
    probe(ctx, "start-ours", headless)  # the first run after a copy warms the page cache for both
    for _ in range(ctx.runs + 2):  # interleaved, so a busy moment on the machine hits all three alike
        r = probe(ctx, "start-ours", headless)
        ours.append(r["seconds"])
        rss.append(r["rss_mb"])
        bare.append(probe(ctx, "start-bare", headless)["seconds"])
        shell.append(probe(ctx, "start-ours", no_cases)["seconds"])
    o, b = median(ours), median(bare)
    figs = [
        Figure(
            f"Start to home with {ctx.size.cases} cases and alerts (headless)",
            ms(o),
            ms(b),
            "ms",
            "≤ 1.5× a bare Textual app with one label",
            o / b <= 1.5,
            o / b,
            f"median of {len(ours)} processes each; from spawn to the first composed frame of the home "
            f"screen with every case listed and the alerts filled (bare: the label shown). The real "
            f"`meetingtui` entry point under Textual's headless driver at 120×40. Peak memory "
            f"{median(rss):.0f} MB.",
        ),
        Figure(
            "Start to an empty home (no cases: the app shell alone)",
            ms(median(shell)),
            ms(b),
            "ms",
            "— (shows the split)",
            None,
            median(shell) / b,
            f"median of {len(shell)}; the same start with an empty data folder: what imports and the app "
            "itself cost before any case is read.",
            secondary=True,
        ),
    ]
    figs.append(_start_tmux(ctx, data))
    return figs


TMUX = "meetingtui-bench"
BARE_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Label\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Label('bench-ready')\n"
    "Bare().run()\n"
)


def _start_tmux(ctx: Context, data: Path) -> Figure:
    name = f"Start to home with {ctx.size.cases} cases, through tmux"
    target = "≤ 1.5× the bare app (secondary)"
    if shutil.which("tmux") is None:
        return Figure(name, None, None, "ms", target, None, note="tmux is not installed: not measured")
    env = ctx.env(data)
    ours_cmd = [str(BIN / "meetingtui")]
    bare_cmd = [sys.executable, "-c", BARE_APP]

    def once(cmd: list[str], marker: str, n: int) -> float:
        session = f"s{n}"
        base = ["tmux", "-L", TMUX]
        t0 = time.perf_counter()
        subprocess.run(
            [*base, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", *_env_args(env), *cmd],
            check=True,
        )
        try:
            while time.perf_counter() - t0 < 60:
                screen = subprocess.run(
                    [*base, "capture-pane", "-p", "-t", session], capture_output=True, text=True
                ).stdout
                if marker in screen:
                    return time.perf_counter() - t0
                time.sleep(0.005)
            raise RuntimeError(f"tmux: {marker!r} never appeared")
        finally:
            subprocess.run([*base, "kill-session", "-t", session], capture_output=True)

    # A session that outlives the measured ones, so the server does not exit (and race the next start)
    # each time a measured session ends.
    subprocess.run(["tmux", "-L", TMUX, "new-session", "-d", "-s", "keep", "sleep 3600"], check=True)
    try:
        once(ours_cmd, "Alerts", 0)
        ours, bare = [], []
        for n in range(ctx.runs + 2):
            ours.append(once(ours_cmd, "Alerts", 2 * n + 1))
            bare.append(once(bare_cmd, "bench-ready", 2 * n + 2))
    finally:
        subprocess.run(["tmux", "-L", TMUX, "kill-server"], capture_output=True)
    o, b = median(ours), median(bare)
    return Figure(
        name,
        ms(o),
        ms(b),
        "ms",
        target,
        o / b <= 1.5,
        o / b,
        f"median of {len(ours)}; the real `meetingtui` in a 120×40 tmux pane, from `tmux new-session` to "
        "`capture-pane` first showing the filled home screen (bare: the label); polled every 5 ms.",
        secondary=True,
    )


def _env_args(env: dict[str, str]) -> list[str]:
    keys = ("MEETINGTUI_DATA", "MEETINGTUI_CONFIG", "MEETINGTUI_EXPORTS", "PATH", "HOME", "TERM")
    out = []
    for k in keys:
        if k in env:
            out += ["-e", f"{k}={env[k]}"]
    return out
