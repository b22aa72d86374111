"""meetingtui serve answers only to its token, on its own address, from its own pages (issue 13 §2).

Before this, another account on the machine (or a web page in the chair's browser) could open
``ws://127.0.0.1:PORT/ws``, see the screens and type into a meeting as the serving user. Each test runs a real
``meetingtui serve`` on a free port of 127.0.0.1 and talks to it as a browser, a script or another account would.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.core.record.demo import demo_case
from meetingtui.core.workspace import Workspace
from tests.helpers_present import CASE, Served, folder_state, free_port, schedule_live_meeting, served

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install '.[serve]')")
aiohttp = pytest.importorskip("aiohttp", reason="aiohttp comes with textual-serve: pip install '.[serve]'")

DEADLINE = 20.0
STATIC = "/static/css/xterm.css"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Workspace]]:
    """One served app over a data folder holding the demo case, shared by the tests that are refused."""
    root = tmp_path_factory.mktemp("served")
    ws = Workspace.open(data=root / "data", config=root / "config")
    ws.repo.create_case(demo_case(ws.today()))
    with served(ws) as server:
        assert server.token, server.output()
        yield server, ws


def cookie_jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # aiohttp keeps no cookies for an IP address unless told


async def status(url: str, **kw: object) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, allow_redirects=False, **kw) as resp:
        return resp.status, await resp.text()


async def ws_status(url: str, **kw: object) -> int:
    """The status a websocket handshake gets: 101 when the server accepted it."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, **kw) as sock:
                await sock.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


async def logged_in(server: Served, session: aiohttp.ClientSession) -> None:
    """Open the printed address as a browser does: the token becomes a cookie in ``session``'s jar."""
    async with session.get(server.address, allow_redirects=False) as resp:
        assert resp.status == 302


def assert_token_not_logged(server: Served, *secrets: str) -> None:
    out = server.output()
    assert out.count(server.token or "") == 1, "the token was printed more than once (or logged)"
    for secret in secrets:
        assert secret not in out, f"{secret!r} reached serve's output"


async def test_without_the_token_no_page_file_or_websocket_opens(app: tuple[Served, Workspace]) -> None:
    server, ws = app
    before = folder_state(ws.data_dir)
    for path in ("/", "/?fontsize=20", STATIC, "/download/anything", "/static/"):
        code, body = await status(server.origin + path)
        assert code == 403, path
        assert "open the address printed when serve started" in body and body.count("\n") == 1
    assert await ws_status(f"{server.origin}/ws", origin=server.origin) == 403
    assert folder_state(ws.data_dir) == before, "a refused request changed the data"


@pytest.mark.parametrize(
    "wrong",
    ["wrong-token-0123456789", "", "PREFIX", "SUFFIX", "TWICE", "COOKIE", "HEADER"],
)
async def test_a_wrong_token_is_refused(app: tuple[Served, Workspace], wrong: str) -> None:
    server, _ws = app
    token = server.token or ""
    url, headers = f"{server.origin}/?token={wrong}", {}
    if wrong == "PREFIX":
        url = f"{server.origin}/?token={token[:-1]}"
    elif wrong == "SUFFIX":
        url = f"{server.origin}/?token={token}x"
    elif wrong == "TWICE":
        url = f"{server.origin}/?token={token}&token=wrong-token-0123456789"
    elif wrong == "COOKIE":  # the token itself is not the cookie's value
        url, headers = server.origin + "/", {"Cookie": f"meetingtui-app-{server.port}={token}"}
    elif wrong == "HEADER":
        url, headers = server.origin + "/", {"Authorization": "token wrong-token-0123456789"}
    assert (await status(url, headers=headers))[0] == 403
    ws_url = url.replace("/?", "/ws?") if "?" in url else f"{server.origin}/ws"
    assert await ws_status(ws_url, origin=server.origin, headers=headers) == 403
    assert_token_not_logged(server, "wrong-token-0123456789")


def bad_origins(port: int) -> list[str]:
    return [
        "http://evil.example",
        "null",
        f"http://127.0.0.1.evil.example:{port}",
        f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}",
        f"https://127.0.0.1:{port}",
        f"http://localhost:{port}",
        "http://127.0.0.1",
        f"http://evil.example/http://127.0.0.1:{port}",
    ]


async def test_a_websocket_from_another_origin_is_refused_even_with_the_token(
    app: tuple[Served, Workspace],
) -> None:
    server, ws = app
    before = folder_state(ws.data_dir)
    auth = {"Authorization": f"token {server.token}"}
    for origin in bad_origins(server.port):
        assert await ws_status(f"{server.origin}/ws", origin=origin, headers=auth) == 403, origin
        assert (await status(f"{server.origin}/", headers={**auth, "Origin": origin}))[0] == 403, origin
    # No Origin at all: a browser always sends one on a websocket, so a client that does not is not a page.
    assert await ws_status(f"{server.origin}/ws", headers=auth) == 403
    assert folder_state(ws.data_dir) == before


async def test_a_wrong_host_is_refused_even_with_the_token(app: tuple[Served, Workspace]) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends Host: evil.example."""
    server, _ws = app
    for host in ("evil.example", f"evil.example:{server.port}", f"localhost:{server.port}", "127.0.0.1", ""):
        headers = {"Host": host, "Authorization": f"token {server.token}"}
        assert (await status(f"{server.origin}/", headers=headers))[0] == 403, host
        code = await ws_status(f"{server.origin}/ws", origin=server.origin, headers=headers)
        assert code == 403, host


async def test_the_token_in_the_address_is_exchanged_once_for_a_private_cookie(
    app: tuple[Served, Workspace],
) -> None:
    server, _ws = app
    async with aiohttp.ClientSession(cookie_jar=cookie_jar()) as session:
        async with session.get(f"{server.address}&fontsize=20", allow_redirects=False) as resp:
            assert resp.status == 302
            assert resp.headers["Location"] == "?fontsize=20"  # the same address, without the token
            cookie = resp.headers["Set-Cookie"]
        for attribute in ("HttpOnly", "SameSite=Strict", "Path=/"):
            assert attribute in cookie
        assert server.token not in cookie
        # From now on the cookie alone opens the page, its files and the websocket, as the page's script does.
        async with session.get(f"{server.origin}/") as resp:
            assert resp.status == 200
            assert "data-session-websocket-url" in await resp.text()
            assert resp.headers["Referrer-Policy"] == "no-referrer"
        async with session.get(server.origin + STATIC) as resp:
            assert resp.status == 200
        async with session.ws_connect(f"{server.origin}/ws", origin=server.origin) as sock:
            await sock.close()
        # Opening the printed address again (a bookmark) still takes the token out of the address bar.
        async with session.get(server.address, allow_redirects=False) as resp:
            assert resp.status == 302 and resp.headers["Location"] == "./"
    assert_token_not_logged(server)


async def test_what_is_typed_with_the_cookie_reaches_the_app_and_nothing_without(tmp_path: Path) -> None:
    """The home screen of an empty data folder offers the demo case on "d": typing it saves a case file."""
    ws = Workspace.open(data=tmp_path / "data", config=tmp_path / "config")
    case_file = ws.data_dir / "cases" / f"{CASE}.json"
    with served(ws) as server:
        before = folder_state(ws.data_dir)
        for origin in (None, "http://evil.example"):
            assert await ws_status(f"{server.origin}/ws", origin=origin) == 403
        assert folder_state(ws.data_dir) == before and not case_file.exists()

        async with aiohttp.ClientSession(cookie_jar=cookie_jar()) as session:
            await logged_in(server, session)
            async with session.ws_connect(
                f"{server.origin}/ws?width=120&height=40", origin=server.origin
            ) as sock:
                seen = b""
                deadline = time.monotonic() + DEADLINE
                while b"demo" not in seen:
                    assert time.monotonic() < deadline, "the app never drew its home screen"
                    msg = await sock.receive(timeout=DEADLINE)
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        seen += msg.data
                await asyncio.sleep(0.5)  # let the app settle on its screen before the key
                await sock.send_json(["stdin", "d"])
                while not case_file.exists():
                    assert time.monotonic() < deadline + DEADLINE, (
                        "the key typed in the browser never arrived"
                    )
                    await asyncio.sleep(0.1)
                await sock.close()


async def test_the_shared_screen_has_a_token_of_its_own(loaded: Workspace) -> None:
    m = schedule_live_meeting(loaded)
    with served(loaded) as app_server, served(loaded, "--present", CASE, m.id) as present:
        assert app_server.token and present.token and app_server.token != present.token
        # The shared screen's address (given to everyone on the call) does not open the app, nor the reverse.
        for server, other in ((app_server, present), (present, app_server)):
            assert (await status(f"{server.origin}/?token={other.token}"))[0] == 403
            code = await ws_status(f"{server.origin}/ws?token={other.token}", origin=server.origin)
            assert code == 403
        async with aiohttp.ClientSession(cookie_jar=cookie_jar()) as session:
            await logged_in(present, session)
            async with session.get(f"{app_server.origin}/") as resp:  # the same host: the cookie is sent
                assert resp.status == 403


def private_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("mode", "content", "expected"),
    [
        (0o644, "a-token-long-enough-0123456789", "can be read or changed by other accounts (mode 0644)"),
        (0o640, "a-token-long-enough-0123456789", "(mode 0640)"),
        (0o602, "a-token-long-enough-0123456789", "(mode 0602)"),
        (0o600, "\n", "holds no token"),
        (0o600, "short", "at least 16"),
        (0o600, "has spaces in the middle of it", "no spaces"),
    ],
)
def test_a_token_file_others_could_read_or_without_a_token_is_refused(
    loaded: Workspace, tmp_path: Path, mode: int, content: str, expected: str, capsys
) -> None:
    token_file = private_file(tmp_path / "token", content, mode)
    assert main(["serve", "--token-file", str(token_file)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and str(token_file) in err[0]
    assert "a-token-long-enough" not in err[0]


def test_a_token_file_that_is_missing_a_folder_or_not_ours_is_refused(
    loaded: Workspace, tmp_path: Path, capsys
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    cases = [
        (tmp_path / "missing", "no such file"),
        (tmp_path, "is not a regular file"),
        (fifo, "is not a regular file"),
    ]
    if os.geteuid() == 0:
        theirs = private_file(tmp_path / "theirs", "a-token-long-enough-0123456789")
        os.chown(theirs, 65534, 65534)
        cases.append((theirs, "belongs to another account"))
    for path, expected in cases:
        assert main(["serve", "--token-file", str(path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and expected in err[0], err


async def test_a_private_token_file_is_used_and_never_printed(loaded: Workspace, tmp_path: Path) -> None:
    secret = "from-the-file-0123456789-abcdef"
    token_file = private_file(tmp_path / "token", secret + "\n", 0o400)
    with served(loaded, "--token-file", str(token_file)) as server:
        assert server.token is None and str(token_file) in server.output()
        assert (await status(f"{server.origin}/?token={secret}"))[0] == 302
        assert (await status(f"{server.origin}/?token={secret[:-1]}"))[0] == 403
        assert secret not in server.output()


async def test_the_token_can_come_from_the_environment(loaded: Workspace) -> None:
    secret = "from-the-environment-0123456789"
    with served(loaded, env={"MEETINGTUI_SERVE_TOKEN": secret}) as server:
        assert server.token is None
        assert (await status(f"{server.origin}/?token={secret}"))[0] == 302
        assert secret not in server.output()


def test_the_shared_screen_refuses_the_apps_token(
    loaded: Workspace, tmp_path: Path, monkeypatch, capsys
) -> None:
    m = schedule_live_meeting(loaded)
    shared = private_file(tmp_path / "token", "one-token-for-both-0123456789")
    monkeypatch.setenv("MEETINGTUI_SERVE_TOKEN", "one-token-for-both-0123456789")
    monkeypatch.setenv("MEETINGTUI_PRESENT_TOKEN", "one-token-for-both-0123456789")
    for extra in ([], ["--token-file", str(shared)]):
        for mode in (["--present", CASE, m.id], []):
            assert main(["serve", *mode, *extra]) == 2
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1 and "the shared screen needs a token of its own" in err[0], err
            assert "one-token-for-both" not in err[0]


def test_one_token_file_cannot_serve_the_app_and_the_shared_screen(
    loaded: Workspace, tmp_path: Path, capsys
) -> None:
    m = schedule_live_meeting(loaded)
    token_file = private_file(tmp_path / "token", "one-file-for-both-0123456789")
    with served(loaded, "--token-file", str(token_file)):
        assert main(["serve", "--present", CASE, m.id, "--token-file", str(token_file)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "already serves the whole app" in err[0], err
    # Once that server has stopped, the file may serve the shared screen (and, later, the app is refused).
    with served(loaded, "--present", CASE, m.id, "--token-file", str(token_file)) as present:
        assert present.proc.poll() is None
        assert main(["serve", "--port", str(free_port()), "--token-file", str(token_file)]) == 2
        assert "already serves a shared screen" in capsys.readouterr().err


# Run as another account: plain standard library, so it needs nothing from this checkout or its venv.
PROBE = r"""
import http.client, json, sys
port = int(sys.argv[1])
def ask(path, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}", **headers})
    resp = conn.getresponse()
    body = resp.read().decode(errors="replace")
    conn.close()
    return [resp.status, body]
upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
print(json.dumps({
    "page": ask("/"),
    "ws_evil": ask("/ws", Origin="http://evil.example", **upgrade),
    "ws_same_origin": ask("/ws", Origin=f"http://127.0.0.1:{port}", **upgrade),
    "guess": ask("/?token=guessed-token-0123456789"),
}))
"""


def test_another_local_account_without_the_token_is_refused(app: tuple[Served, Workspace]) -> None:
    runuser, python = shutil.which("runuser"), "/usr/bin/python3"
    if os.geteuid() != 0 or not runuser or not os.path.exists(python):
        pytest.skip("needs root, runuser and /usr/bin/python3 to act as the nobody account")
    server, ws = app
    before = folder_state(ws.data_dir)
    done = subprocess.run(
        [runuser, "-u", "nobody", "--", python, "-c", PROBE, str(server.port)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert {name: code for name, (code, _body) in answers.items()} == dict.fromkeys(answers, 403)
    assert not [body for _code, body in answers.values() if "Where J." in body or "DEMO" in body]
    assert folder_state(ws.data_dir) == before
    assert_token_not_logged(server, "guessed-token-0123456789")
