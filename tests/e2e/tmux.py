"""A tiny driver for running meetingtui in a real terminal (tmux): send keys, wait for text on screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


class Tmux:
    def __init__(self, env: dict[str, str], *, width: int = 120, height: int = 40) -> None:
        self.session = f"mt-e2e-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (-S), its socket in a folder removed at stop: on the shared default server, one
        # test killing its last session stopped the server while another test's new-session was connecting to it
        # ("server exited unexpectedly", seen in CI with two pytest-xdist workers).
        self._socket_dir = Path(tempfile.mkdtemp(prefix="mt-tmux-"))
        self.tmux = ["tmux", "-S", str(self._socket_dir / "socket")]
        self.env = env
        self.width, self.height = width, height

    @staticmethod
    def available() -> bool:
        return shutil.which("tmux") is not None

    def start(self, *args: str) -> None:
        exe = Path(sys.executable).parent / "meetingtui"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        # COLUMNS and LINES (pytest-xdist workers set 80x24) would override the pane's size in the app, and a
        # tmux server started from such a worker hands them to every later session: the app sizes from the pane.
        command = (
            f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {shlex.quote(str(exe))} "
            f"{' '.join(map(shlex.quote, args))}"
        )
        subprocess.run(
            [
                *self.tmux,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                str(self.width),
                "-y",
                str(self.height),
                command,
            ],
            check=True,
            env={k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"TMUX": ""},
        )

    def keys(self, *keys: str, literal: bool = False, pause: float = 0.15) -> None:
        cmd = [*self.tmux, "send-keys", "-t", self.session]
        if literal:
            cmd.append("-l")
        subprocess.run([*cmd, *keys], check=True)
        # A lone Escape followed quickly by a letter reads as Alt+letter in any terminal: give it time alone.
        time.sleep(max(pause, 0.6) if keys and keys[-1] == "Escape" else pause)

    def type(self, text: str) -> None:
        self.keys(text, literal=True, pause=0.3)

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.session], capture_output=True, text=True
        )
        return out.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(
            f"{text!r} did not appear on screen within {timeout}s; screen was:\n{self.screen()}"
        )

    def alive(self) -> bool:
        return (
            subprocess.run([*self.tmux, "has-session", "-t", self.session], capture_output=True).returncode
            == 0
        )

    def stop(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
        shutil.rmtree(self._socket_dir, ignore_errors=True)
