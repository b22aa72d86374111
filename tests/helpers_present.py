"""Shared by the shared-screen tests: what a screen shows, what a data folder holds, a served meetingtui."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from meetingtui.core.meeting import lifecycle
from meetingtui.core.meeting.lifecycle import MeetingPlan
from meetingtui.core.record.model import Item, Meeting
from meetingtui.core.workspace import Workspace

CASE = "DEMO-1"
TITLES = {
    "home": "Where J. lives now",
    "school": "Education and the motor project",
    "secret": "Sibling address SECRET-TITLE-7Q",
    "close": "Agreed actions and next meeting",
}
# Text that must never reach a shared screen: a restricted item's title, questions, notes, decisions and
# actions, and any item's notes.
SECRETS = (
    "SECRET-TITLE-7Q",
    "SECRET-PROMPT-7Q",
    "SECRET-NOTES-7Q",
    "SECRET-DECISION-7Q",
    "SECRET-REASON-7Q",
    "SECRET-ACTION-7Q",
    "PRIVATE-NOTES-4K",
)


def schedule_live_meeting(ws: Workspace) -> Meeting:
    """A scheduled meeting on the demo case, with one item that is to be restricted."""
    items = [
        Item(key="home", title=TITLES["home"], timebox_minutes=10, prompts=["What is working well at home?"]),
        Item(key="school", title=TITLES["school"], timebox_minutes=10),
        Item(key="secret", title=TITLES["secret"], timebox_minutes=5, prompts=["SECRET-PROMPT-7Q"]),
        Item(key="close", title=TITLES["close"], timebox_minutes=5),
    ]
    plan = MeetingPlan(title="Live meeting for the shared screen", on=ws.today(), start="10:00", items=items)
    return lifecycle.schedule_meeting(ws.repo, CASE, plan, by="chair")


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The screen as the user sees it, as plain text (what export_screenshot renders, without the SVG)."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


def widget_text(app) -> str:  # type: ignore[no-untyped-def]
    """Everything the screen's text widgets hold, including what is scrolled out of view."""
    from textual.widgets import Static

    return "\n".join(str(w.content) for w in app.screen.query(Static))


def folder_state(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under ``root`` with its mode and (for files) its bytes."""
    state: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        state[str(path.relative_to(root))] = (st.st_mode, path.read_bytes() if path.is_file() else None)
    return state


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace")
            raise AssertionError(f"meetingtui serve exited with {proc.returncode}: {out[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"meetingtui serve did not listen on port {port} within {timeout} s")


@dataclass
class Served:
    """A running ``meetingtui serve``: its port, process, output file, and the token it printed (if any)."""

    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    token: str | None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        """The address as printed at start, token included: what the chair opens."""
        return f"{self.origin}/?token={self.token}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


TOKEN_IN_ADDRESS = re.compile(r"\?token=([A-Za-z0-9._~-]+)")


@contextlib.contextmanager
def served(ws: Workspace, *extra: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``meetingtui serve`` on a free local port, stopped (SIGTERM, as Ctrl+C would) at the end. Its output
    goes to a file beside the data folder (a pipe nobody reads would stall it once full)."""
    port = free_port()
    log = ws.data_dir.parent / f"serve-{port}.log"
    cmd = [
        sys.executable,
        "-m",
        "meetingtui",
        f"--data={ws.data_dir}",
        f"--config={ws.config_dir}",
        "serve",
        "--port",
        str(port),
        *extra,
    ]
    env = {**os.environ, "COLUMNS": "120", **(env or {})}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for_port(port, proc, log)
        found = TOKEN_IN_ADDRESS.search(log.read_text(errors="replace"))
        yield Served(port, proc, log, found.group(1) if found else None)
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
