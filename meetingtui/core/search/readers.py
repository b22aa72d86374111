"""Reading many cases for the index in other processes: a first build over 200 cases spends most of its time
in Python (reading, checking and folding every case), one core's worth; other processes on other cores read
cases while this one writes SQLite: 5.6 s → 4.5 s for a 200-case build on two cores (the rest is SQLite's).

Why subprocesses and not threads: the work is Python, and a thread holds the GIL (a reading thread made the
build slower). Why not :mod:`multiprocessing`: its children import the parent's ``__main__`` again (the whole
app, for the TUI) and write tracebacks to the terminal the TUI is drawing on. A child here is
:func:`child` in a fresh interpreter: it reads a JSON list of case ids on stdin and writes, for
each in order, a pickle of ``(case id, rows)`` on stdout, ``rows`` None for a case it could not read (the
parent then reads that case itself, and reports it exactly as it would have). The parent only ever unpickles
what a child of its own, running this file, wrote.

Anything going wrong with a child (no interpreter, killed, a broken pipe) costs only speed: the cases it had
not sent are read in this process. Closing the iterator early (Esc) kills the children at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

#: The child runs this very copy of the code, wherever the user's current folder or PYTHONPATH points
#: (``-I``: neither is read; the folder this package was imported from is put first on its path).
_SOURCE = os.fspath(Path(__file__).resolve().parents[3])
_CHILD = (
    "import sys, os; src = sys.argv[1]; "
    # A checkout goes first (ahead of any other meetingtui installed); site-packages is already on the path,
    # and put first it would let a backport there shadow the standard library.
    "os.path.basename(src) in ('site-packages', 'dist-packages') or sys.path.insert(0, src); "
    "from meetingtui.core.search.readers import child; sys.exit(child(sys.argv[2]))"
)

#: Fewer cases than this are read here: starting a child (about 0.1 s) would cost more than it saves.
PARALLEL_MIN = 40
MAX_READERS = 4


def cpus() -> int:
    """The cores this process may run on (a container's limit, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def reader_count(cases: int) -> int:
    """How many child processes to read ``cases`` cases with: none for a few cases or a single core."""
    n = min(cpus(), MAX_READERS)
    return n if n >= 2 and cases >= PARALLEL_MIN else 0


def read_elsewhere(root: Path, ids: list[str], readers: int) -> Iterator[tuple[str, list | None]]:
    """``(case id, rows)`` for each of ``ids`` in order, read by ``readers`` children (case k by child
    k mod readers); ``rows`` None for a case the caller must read itself."""
    import subprocess

    procs: list[subprocess.Popen] = []
    try:
        try:
            for k in range(readers):
                share = ids[k::readers]
                if not share:
                    break
                p = subprocess.Popen(
                    [sys.executable, "-I", "-c", _CHILD, _SOURCE, os.fspath(root)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    close_fds=True,
                )
                procs.append(p)
                assert p.stdin is not None
                with p.stdin:
                    p.stdin.write(json.dumps(share).encode())
        except OSError:
            pass  # no child could start (or be written to): the cases of those that did not are read here
        alive = [True] * len(procs)
        for n, cid in enumerate(ids):
            k = n % readers
            rows = None
            if k < len(procs) and alive[k]:
                try:
                    got, rows = pickle.load(procs[k].stdout)  # type: ignore[arg-type]
                    if got != cid:
                        raise ValueError(cid)
                except Exception:  # whatever a child sent, or failed to: that case is read here
                    alive[k], rows = False, None
            yield cid, rows
    finally:
        _stop(procs)  # done, Esc (the iterator closed), an error or an interrupt: no child outlives the build


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        with contextlib.suppress(OSError):
            p.kill()
        with contextlib.suppress(OSError):
            p.wait()
        if p.stdout is not None:
            p.stdout.close()


def child(root: str) -> int:
    """A reader's whole life: the ids on stdin, then each case's rows on stdout as it is read."""
    import gc

    from meetingtui.core.errors import UserError
    from meetingtui.core.search.rows import rows_of
    from meetingtui.core.store.files.repository import FileRepository

    # A child lives for one build and holds one case at a time, freed as it goes (no cycles to speak of: its
    # peak memory is the same either way); the cyclic collector only cost time, 12% of the child's.
    gc.disable()
    try:
        ids = json.loads(sys.stdin.buffer.read())
        repo = FileRepository(Path(root), read_only=True)
        out = sys.stdout.buffer
        for cid in ids:
            try:
                rows: list | None = list(rows_of(repo.load_case(cid)))
            except (UserError, OSError, ValueError):
                rows = None
            pickle.dump((cid, rows), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
    except (BrokenPipeError, KeyboardInterrupt):
        return 1  # the parent stopped reading (Esc): nothing to say
    return 0
