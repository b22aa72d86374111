"""``python -m bench [--quick] [--only NAME,...]``: generate (or reuse) the dataset, measure every figure, print
the table and write ``bench/results.md``."""

from __future__ import annotations

import argparse
import shutil
import sys
import time

from bench import dataset, figures, report, startup
from bench import search as search_figures

ALL = ("notes", "start", "tui", "queries", "minutes", "search", "team", "writers")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument(
        "--quick", action="store_true", help="40 cases and fewer repeats (to iterate; not the figures)"
    )
    p.add_argument("--only", metavar="NAMES", help=f"comma-separated subset of: {', '.join(ALL)}")
    p.add_argument("--runs", type=int, help="repeats for the median (default 5, or 3 with --quick)")
    p.add_argument("--no-write", action="store_true", help="print the table but leave bench/results.md alone")
    args = p.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(ALL)
    unknown = only - set(ALL)
    if unknown:
        p.error(f"unknown figure {sorted(unknown)[0]!r}")

    t0 = time.perf_counter()
    # Measure the app as installed: pip compiles an installed package to bytecode, but an editable checkout
    # run with PYTHONDONTWRITEBYTECODE (as on these machines) would otherwise recompile every module on every
    # start, a cost the baselines (installed TinyDB, python-docx, Textual) do not pay.
    import compileall

    import meetingtui

    compileall.compile_dir(meetingtui.__path__[0], quiet=1)
    size = dataset.QUICK if args.quick else dataset.FULL
    print(f"dataset: {size.cases} cases, {size.total_actions:,} actions …", flush=True)
    data = dataset.ensure(size)
    print("  reused" if data.generated_seconds is None else f"  generated in {data.generated_seconds:.1f} s")
    work = dataset.ROOT / "run"
    if work.exists():
        shutil.rmtree(work)
    (work / "config").mkdir(parents=True)
    (work / "exports").mkdir()
    ctx = figures.Context(data=data, work=work, runs=args.runs or (3 if args.quick else 5), quick=args.quick)

    out: list[figures.Figure] = []

    def step(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        if name not in only:
            return
        print(f"measuring {name} …", flush=True)
        t = time.perf_counter()
        got = fn()
        out.extend(got)
        for f in got:
            print(f"  {f.name}: {report._num(f.ours, f.unit)} (baseline {report._num(f.baseline, f.unit)})")
        print(f"  ({time.perf_counter() - t:.0f} s)", flush=True)

    step("notes", lambda: figures.note_save(ctx))
    step("start", lambda: startup.start(ctx))
    step("tui", lambda: figures.tui(ctx))
    cold: list[float] = []

    def q() -> list[figures.Figure]:
        figs, c = figures.queries(ctx)
        cold.append(c)
        return figs

    step("queries", q)
    if "queries" in only:
        step("queries", lambda: figures.cli(ctx, cold[0]))
    step("minutes", lambda: figures.minutes(ctx))
    step("search", lambda: search_figures.figures(ctx))
    if "team" in only:
        from bench.team import team

        step("team", lambda: team(ctx))
    if "writers" in only:
        from bench.team import writers

        step("writers", lambda: writers(ctx))

    elapsed = time.perf_counter() - t0
    print()
    report.main_table(out)
    if not args.no_write and only == set(ALL):
        path = report.write(report.render(ctx, out, elapsed))
        print(f"\nwritten to {path}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
