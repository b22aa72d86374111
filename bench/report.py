"""The results table: printed, and written to ``bench/results.md`` with the conditions of the run."""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime
from importlib import metadata
from pathlib import Path

from bench import dataset
from bench.figures import Context, Figure

RESULTS = Path(__file__).resolve().parent / "results.md"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("MB", "saves/s"):
        return f"{value:.0f} {unit}"
    if unit == "s":
        return f"{value:.1f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def _ratio(r: float | None) -> str:
    if r is None:
        return "—"
    return f"{r:.3f}×" if r < 0.1 else f"{r:.2f}×"


def _result(f: Figure) -> str:
    if f.passed is None:
        return "not measured" if f.ours is None else "—"
    return "pass" if f.passed else "FAIL"


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | Ours | Baseline | Ratio | Target | Result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for f in figures:
        name = f"{f.name} *(secondary)*" if f.secondary else f.name
        lines.append(
            f"| {name} | {_num(f.ours, f.unit)} | {_num(f.baseline, f.unit)} | {_ratio(f.ratio)} | "
            f"{f.target} | {_result(f)} |"
        )
    return "\n".join(lines)


# Why a figure misses its target, from profiling it; shown under the table only when it does miss.
WHY = {
    "Start to home": (
        "Start: with no cases the app shell alone is {shell} the bare app (the row 'Start to an empty home': "
        "the core's imports and the home screen's widgets). The 200 cases then add reading every stored "
        "summary of owed actions (the cross-case baseline row), computing each case's overview and alerts "
        "(about 70 ms of Python over 200 cases), and filling the case table and the 100 most urgent alerts. "
        "Already done: verbs' parsers built only for the verb run, filelock and logging imported on first "
        "use, closed actions kept out of the start-up read, the overview read from stored rows with the "
        "garbage collector paused. What remains is data work a bare one-label app does not do; 1.5x would "
        "leave about 60 ms for reading and judging five years of 200 cases, which Python cannot do without a "
        "persisted, date-stamped overview cache (a possible next step: it must be invalidated by any save, by "
        "the date and by a change of settings)."
    ),
    "Alerts over every case": (
        "Alerts, first use: about half is reading the stored summaries (the baseline column); the rest is "
        "decoding each case's record (meetings with their history) and running the rules. Warm (the home "
        "screen on every return, `meetingtui alerts` in a session) it is well inside the target."
    ),
    "Overdue actions": (
        "Overdue actions, first use: dominated by reading the stored summaries (the baseline column)."
    ),
    "`meetingtui actions": (
        "CLI: beyond the query, the process pays for Python's start, argparse and the core's imports; the "
        "query's share is in its own row."
    ),
    "Save a note edit": (
        "Note save: two file replacements (the case and its derived index) and two fsyncs (file and folder) "
        "dominate; on a busy disk they vary most. Writing the index only when the summary changes (a note "
        "edit never changes it) would remove one replacement."
    ),
    "Open a meeting": "Open a meeting: nearly all of it is Textual composing and laying out the screen.",
}


def why(figures: list[Figure]) -> str:
    shell = next((f for f in figures if f.name.startswith("Start to an empty home")), None)
    at = _ratio(shell.ratio) if shell is not None else "a good part of"
    out = []
    for f in figures:
        if f.passed is False and not f.secondary:
            out += [text.format(shell=at) for key, text in WHY.items() if f.name.startswith(key)]
    return "\n".join(f"- {t}" for t in dict.fromkeys(out))


def notes(figures: list[Figure]) -> str:
    return "\n".join(f"- **{f.name}**: {f.note}" for f in figures if f.note)


def conditions(ctx: Context, elapsed: float) -> str:
    d = ctx.data
    s = d.size
    made = (
        "reused from an earlier run"
        if d.generated_seconds is None
        else f"generated in {d.generated_seconds:.0f} s"
    )
    return "\n".join(
        [
            f"- Run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {'`--quick`' if ctx.quick else 'full'}, "
            f"{elapsed:.0f} s in all; medians of several runs (noisy machine).",
            f"- Load average at the end (other work on the machine skews timings): "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}.",
            f"- Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
            f"Textual {metadata.version('textual')}, TinyDB {metadata.version('tinydb')}, "
            f"python-docx {metadata.version('python-docx')}.",
            f"- Dataset (seed {dataset.SEED}, dates relative to {d.anchor}; {made}): {s.cases} cases, "
            f"{s.cases * s.meetings:,} meetings of {s.items} items with 1–3 KB of notes each, "
            f"{s.total_actions:,} actions with their updates; the largest case has {s.big_actions} actions, a "
            f"{s.minutes_items}-item meeting and a live meeting with a {s.huge_note_bytes // 1000} KB item.",
        ]
    )


def render(ctx: Context, figures: list[Figure], elapsed: float, extra: str = "") -> str:
    failed = [f for f in figures if f.passed is False]
    skipped = [f for f in figures if f.passed is None and f.ours is None]
    verdict = (
        "Every target passes."
        if not failed and not skipped
        else "Not every target passes: " + ", ".join(f.name for f in failed + skipped) + "."
    )
    parts = [
        "# Benchmark results (issue 9: five years of data)",
        "",
        "Written by `make bench` (`python -m bench`). Ratio = ours ÷ baseline.",
        "",
        conditions(ctx, elapsed),
        "",
        table(figures),
        "",
        verdict,
    ]
    explained = why(figures)
    if explained:
        parts += ["", "## Why a target is missed", "", explained]
    parts += [
        "",
        "## How each figure was measured",
        "",
        notes(figures),
    ]
    if extra:
        parts += ["", extra]
    return "\n".join(parts) + "\n"


def write(text: str, path: Path = RESULTS) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def main_table(figures: list[Figure]) -> None:
    sys.stdout.write(table(figures) + "\n")
