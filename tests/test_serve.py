"""meetingtui serve: this machine only unless told otherwise, and a served shared screen that follows the meeting,
never shows restricted text and writes nothing."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.commands import serve
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.record.model import Decision
from meetingtui.core.workspace import Workspace
from tests.helpers_present import CASE, SECRETS, TITLES, folder_state, schedule_live_meeting, served

# Escape sequences in what the app sends to the browser's terminal: CSI (cursor, colour), OSC, and the rest.
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78M]"
)
DEADLINE = 15.0
needs_textual_serve = pytest.mark.skipif(
    importlib.util.find_spec("textual_serve") is None,
    reason="textual-serve is not installed (pip install '.[serve]')",
)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "meetings.example.org", ""])
def test_a_non_local_address_is_refused_without_allow_remote(host: str, capsys) -> None:
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "127.0.0.1" in err[0]
    if host:
        assert "--allow-remote" in err[0] and "reverse proxy" in err[0]


def test_loopback_addresses_are_local() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost", "LOCALHOST"):
        assert serve.is_loopback(host), host
    for host in ("0.0.0.0", "::", "10.0.0.1", "example.org", "localhost.example.org"):
        assert not serve.is_loopback(host), host


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--port", "0"], "--port 0 is not a port number"),
        (["--port", "70000"], "--port 70000 is not a port number"),
        (["--host", "0.0.0.0", "--allow-remote"], "say which one browsers use with --public-url"),
        (["--public-url", "ftp://example.org"], "should be an http(s) address"),
        (["--present", CASE, "NO-SUCH-MEETING"], f"case {CASE}: no meeting NO-SUCH-MEETING"),
    ],
)
def test_bad_options_are_one_line_exit_2(loaded: Workspace, argv: list[str], expected: str, capsys) -> None:
    assert main(["serve", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]


def test_without_textual_serve_it_says_how_to_install(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import now fails as if not installed
    assert main(["serve"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'meetingtui[serve]'" in err[0]


def test_the_served_command_reaches_the_app_word_for_word_through_the_shell(tmp_path: Path) -> None:
    """textual-serve runs its command through a shell: folder names with spaces, quotes or $(...) must
    arrive unchanged and never run."""
    odd = "it's a $(touch pwned1) `touch pwned2` folder"
    argv = [sys.executable, "-c", "import sys; print(sys.argv[1:])", odd, "DEMO-1", "; touch pwned3", 'a"b']
    line = serve.shell_line(argv)
    out = subprocess.run(line, shell=True, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(argv[3:])
    assert not list(tmp_path.iterdir())  # nothing was run


def test_app_argv_passes_the_same_folders_and_the_meeting(tmp_path: Path) -> None:
    import argparse

    args = argparse.Namespace(data=str(tmp_path / "d"), config="rel-config", present=[CASE, "M1"])
    argv = serve.app_argv(args)
    assert argv[:3] == [sys.executable, "-m", "meetingtui"]
    assert f"--data={tmp_path / 'd'}" in argv
    assert f"--config={Path('rel-config').resolve()}" in argv
    assert argv[-3:] == ["present", CASE, "M1"]
    assert serve.app_argv(argparse.Namespace(present=None))[-1] == "tui"


@needs_textual_serve
def test_a_busy_port_is_one_line_exit_2(loaded: Workspace, capsys) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cannot listen on 127.0.0.1 port {port}" in err[0]


@needs_textual_serve
def test_serves_the_page_on_localhost_and_stops_cleanly(loaded: Workspace) -> None:
    with served(loaded) as server:
        assert server.token, f"no address with a token was printed:\n{server.output()}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the cookie
        with opener.open(server.address, timeout=10) as resp:
            assert resp.status == 200
            assert resp.geturl() == f"{server.origin}/"  # redirected to the address without the token
            assert resp.headers.get_content_type() == "text/html"
            page = resp.read().decode()
        assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in page
        assert server.token not in page
        server.proc.terminate()
        assert server.proc.wait(timeout=10) == 0


class Stream:
    """What the served app sends to one browser tab, as plain text."""

    def __init__(self, ws) -> None:  # type: ignore[no-untyped-def]
        self.ws = ws
        self.raw = b""

    async def pump(self) -> None:
        import aiohttp

        async for msg in self.ws:
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.raw += msg.data

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    async def until(self, text: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while text not in self.text:
            assert time.monotonic() < deadline, f"{text!r} never reached the browser:\n{self.text[-3000:]}"
            await asyncio.sleep(0.1)


@needs_textual_serve
async def test_a_served_shared_screen_follows_the_meeting_and_writes_nothing(tmp_path: Path) -> None:
    aiohttp = pytest.importorskip("aiohttp")
    from meetingtui.core.record.demo import demo_case

    # A data folder whose name needs quoting on the way through textual-serve's shell.
    ws = Workspace.open(data=tmp_path / "data $(x) 'q'", config=tmp_path / "config")
    ws.repo.create_case(demo_case(ws.today()))
    m = schedule_live_meeting(ws)
    contents.set_restricted(ws.repo, CASE, m.id, "secret", True)
    contents.save_notes(ws.repo, CASE, m.id, "secret", "SECRET-NOTES-7Q")
    contents.add_decision(
        ws.repo, CASE, m.id, "secret", Decision(text="SECRET-DECISION-7Q", reason="SECRET-REASON-7Q")
    )
    contents.save_notes(ws.repo, CASE, m.id, "home", "PRIVATE-NOTES-4K")
    lifecycle.start_meeting(ws.repo, CASE, m.id, by="chair")
    lifecycle.go_to_item(ws.repo, CASE, m.id, "secret")
    before = folder_state(ws.data_dir)
    with served(ws, "--present", CASE, m.id) as server:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(
                f"{server.origin}/ws?width=140&height=45&token={server.token}", origin=server.origin
            ) as sock,
        ):
            stream = Stream(sock)
            pump = asyncio.create_task(stream.pump())
            await stream.until("This item is restricted and is not shown on the shared screen.")
            assert folder_state(ws.data_dir) == before, "opening the served shared screen changed the data"
            # Whoever has the shared screen's address can only watch: q (quit) and F2 (contrast) do nothing.
            await sock.send_json(["stdin", "q"])
            await sock.send_json(["stdin", "\x1bOQ"])
            # The minute-taker (here, the core API in this process) moves on: the tab follows.
            lifecycle.go_to_item(ws.repo, CASE, m.id, "home")
            before = folder_state(ws.data_dir)
            await stream.until(TITLES["home"])
            assert not pump.done(), "a key typed in the shared screen's browser tab ended it"
            await sock.close()
            await asyncio.wait_for(pump, DEADLINE)
            assert not [s for s in SECRETS if s in stream.text]
    assert folder_state(ws.data_dir) == before, "serving the shared screen changed the data folder"


@needs_textual_serve
def test_serve_and_present_refusals_do_not_load_textual(tmp_path: Path) -> None:
    """The server process itself never needs textual: only the app each browser tab runs does."""
    from tests.test_import_hygiene import _modules_loaded

    code = (
        "import textual_serve.server\n"
        "from meetingtui.cli import main\n"
        f"assert main(['--data', {str(tmp_path)!r}, 'serve', '--host', '0.0.0.0']) == 2\n"
        f"assert main(['--data', {str(tmp_path)!r}, 'present', 'NOPE', 'M1']) == 2\n"
    )
    loaded = _modules_loaded(code)
    assert "meetingtui.commands.serve" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
