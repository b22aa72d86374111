"""The served shared screen in a real browser: headless Chromium opens ``meetingtui serve --present`` and shows
the item the minute-taker moves to, and never a restricted one. It opens the address serve printed, so it also
shows that a real browser gets in with the token: the token becomes a cookie, and the page's websocket (opened
without the token, from the served origin) is let in on that cookie.

Chromium is Debian's ``chromium``. When it is missing the test installs it with apt-get if it runs as root
(set MEETINGTUI_NO_BROWSER_INSTALL=1 to forbid that), and otherwise skips, saying why; it also skips where
Chromium is present but cannot start. Run only these with ``pytest -m browser``; leave them out with
``pytest -m "not browser"``.

textual-serve draws into an xterm.js canvas, so the page's DOM holds no text. The test asks Chromium (DevTools
protocol, over a websocket) to run a few lines of script before the page's own, which note each xterm
``Terminal`` the page creates; reading ``terminal.buffer.active`` then gives exactly the text on the screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.record.model import Decision
from meetingtui.core.workspace import Workspace
from tests.helpers_present import CASE, SECRETS, TITLES, schedule_live_meeting, served

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install '.[serve]')")
aiohttp = pytest.importorskip("aiohttp", reason="aiohttp comes with textual-serve: pip install '.[serve]'")

pytestmark = pytest.mark.browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NO_INSTALL = "MEETINGTUI_NO_BROWSER_INSTALL"
APT_TIMEOUT = 600.0
START_TIMEOUT = 20.0
DEADLINE = 15.0

# Runs before the page's scripts: wraps every class assigned to a property named Terminal (xterm.js exports
# its Terminal that way) so that each terminal the page creates is remembered in window.__meetingtuiTerminals.
HOOK = r"""
(() => {
  const seen = [];
  Object.defineProperty(window, "__meetingtuiTerminals", { value: seen });
  const wrap = (cls) => typeof cls !== "function" ? cls : new Proxy(cls, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget);
      seen.push(made);
      return made;
    },
  });
  Object.defineProperty(Object.prototype, "Terminal", {
    configurable: true,
    set(value) {
      let current = wrap(value);
      Object.defineProperty(this, "Terminal", {
        configurable: true, enumerable: true,
        get() { return current; }, set(v) { current = wrap(v); },
      });
    },
  });
})();
"""

# The text on every captured terminal's screen (plus xterm's DOM rows, in case a build renders to the DOM).
READ = r"""
(() => {
  const rows = [];
  const terminals = window.__meetingtuiTerminals || [];
  for (const t of terminals) {
    try {
      const b = t.buffer.active;
      for (let y = 0; y < b.length; y++) {
        const line = b.getLine(y);
        if (line) rows.push(line.translateToString(true));
      }
    } catch (e) { /* xterm's internal core terminal has no public buffer: skip it */ }
  }
  const dom = document.querySelector(".xterm-rows");
  if (dom) rows.push(dom.innerText);
  return JSON.stringify({ terminals: terminals.length, text: rows.join("\n") });
})()
"""


def _find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["apt-get", *args],
        capture_output=True,
        text=True,
        timeout=APT_TIMEOUT,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        check=False,
    )


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"


@pytest.fixture(scope="session")
def chromium() -> str:
    found = _find_browser()
    if found:
        return found
    if os.environ.get(NO_INSTALL):
        pytest.skip(f"Chromium not available: not installed, and {NO_INSTALL} forbids installing it")
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("Chromium not available: not installed, and installing it needs root (apt-get)")
    if not shutil.which("apt-get"):
        pytest.skip("Chromium not available: not installed, and there is no apt-get to install it with")
    try:
        done = _apt("install", "-y", "--no-install-recommends", "chromium")
        if done.returncode != 0:  # a fresh container has no package lists yet
            _apt("update")
            done = _apt("install", "-y", "--no-install-recommends", "chromium")
    except subprocess.TimeoutExpired:
        pytest.skip(f"Chromium not available: apt-get did not finish within {APT_TIMEOUT:.0f} s")
    if done.returncode != 0:
        pytest.skip(f"Chromium not available: apt-get install chromium failed ({_last_line(done.stderr)})")
    found = _find_browser()
    if not found:
        pytest.skip("Chromium not available: apt-get installed chromium but it is not on PATH")
    return found


@contextlib.contextmanager
def headless(browser: str, profile: Path) -> Iterator[int]:
    """Start headless Chromium with DevTools on a free port; yields that port. Skips if it cannot start."""
    profile.mkdir()
    log = profile.parent / "chromium.log"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        # Hermetic: nothing but this machine (the page also asks Google for a font).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1400,900",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen([browser, *flags], stdout=out, stderr=out, start_new_session=True)
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (active.exists() and active.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                why = _last_line(log.read_text(errors="replace"))
                pytest.skip(f"Chromium could not start here: {why}")
            time.sleep(0.05)
        yield int(active.read_text().split()[0])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # its renderer and helper processes, started in its own group


class DevTools:
    """Just enough of the Chrome DevTools protocol: send a command, wait for its answer, ignore events."""

    def __init__(self, sock) -> None:  # type: ignore[no-untyped-def]
        self.sock = sock
        self.last_id = 0

    async def call(self, method: str, **params: object) -> dict:
        self.last_id += 1
        mine = self.last_id
        await self.sock.send_json({"id": mine, "method": method, "params": params})
        async for msg in self.sock:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            answer = json.loads(msg.data)
            if answer.get("id") == mine:
                assert "error" not in answer, f"DevTools {method}: {answer['error']}"
                return answer["result"]
        raise AssertionError("Chromium closed the DevTools connection")

    async def screen(self) -> tuple[int, str]:
        result = await self.call("Runtime.evaluate", expression=READ, returnByValue=True)
        value = json.loads(result["result"]["value"])
        return value["terminals"], value["text"]

    async def until_true(self, expression: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while True:
            result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if result["result"].get("value") is True:
                return
            assert time.monotonic() < deadline, f"{expression} still not true after {DEADLINE} s"
            await asyncio.sleep(0.05)

    async def until_shown(self, text: str) -> str:
        deadline = time.monotonic() + DEADLINE
        while True:
            terminals, shown = await self.screen()
            leaked = [s for s in SECRETS if s in shown]
            assert not leaked, f"the browser showed {leaked}"
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                assert terminals, (
                    "no xterm terminal was created on the page (did textual-serve's page change?)"
                )
                raise AssertionError(f"{text!r} not in the browser after {DEADLINE} s:\n{shown}")
            await asyncio.sleep(0.2)


async def _page_socket(session, port: int) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        async with session.get(f"http://127.0.0.1:{port}/json/list") as resp:
            targets = await resp.json()
        pages = [t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page"]
        if pages:
            return pages[0]
        assert time.monotonic() < deadline, "Chromium opened no page"
        await asyncio.sleep(0.1)


async def test_the_browser_shows_the_item_the_minute_taker_moves_to(
    loaded: Workspace, chromium: str, tmp_path: Path
) -> None:
    m = schedule_live_meeting(loaded)
    repo = loaded.repo
    contents.set_restricted(repo, CASE, m.id, "secret", True)
    contents.add_decision(
        repo, CASE, m.id, "secret", Decision(text="SECRET-DECISION-7Q", reason="SECRET-REASON-7Q")
    )
    contents.save_notes(repo, CASE, m.id, "school", "PRIVATE-NOTES-4K")
    with (
        served(loaded, "--present", CASE, m.id) as server,
        headless(chromium, tmp_path / "chromium-profile") as devtools_port,
    ):
        async with aiohttp.ClientSession() as session:
            url = await _page_socket(session, devtools_port)
            async with session.ws_connect(url, max_msg_size=0) as sock:
                page = DevTools(sock)
                await page.call("Page.enable")  # addScriptToEvaluateOnNewDocument needs the Page domain on
                await page.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                # The address serve printed: its token becomes a cookie, which the page's websocket sends.
                await page.call("Page.navigate", url=server.address)
                await page.until_shown("The meeting has not started.")
                where = await page.call("Runtime.evaluate", expression="location.href", returnByValue=True)
                assert where["result"]["value"] == f"{server.origin}/", "the token stayed in the address bar"

                # The minute-taker, elsewhere, starts the meeting and moves to an item.
                lifecycle.start_meeting(repo, CASE, m.id, by="minute-taker")
                lifecycle.go_to_item(repo, CASE, m.id, "school")
                await page.until_shown(TITLES["school"])

                lifecycle.go_to_item(repo, CASE, m.id, "secret")
                shown = await page.until_shown(
                    "This item is restricted and is not shown on the shared screen."
                )
                assert TITLES["school"] not in shown


# A page on another origin of this machine (another port is the same *site*, so the SameSite cookie would go
# with it): it tries the served websocket and, if let in, types "d" (load the demo case) into the app.
EVIL = """<!doctype html><title>another page</title><script>
window.tried = new Promise((resolve) => {
  const sock = new WebSocket("ws://127.0.0.1:PORT/ws?width=80&height=24");
  sock.onopen = () => { sock.send(JSON.stringify(["stdin", "d"])); resolve("opened"); };
  sock.onerror = () => resolve("refused");
});
</script>"""


async def test_a_page_from_another_origin_cannot_drive_the_app_in_the_same_browser(
    chromium: str, tmp_path: Path
) -> None:
    from aiohttp import web

    from tests.helpers_present import free_port

    ws = Workspace.open(data=tmp_path / "data", config=tmp_path / "config")
    case_file = ws.data_dir / "cases" / f"{CASE}.json"
    evil_port = free_port()
    with (
        served(ws) as server,
        headless(chromium, tmp_path / "chromium-profile") as devtools_port,
    ):
        evil = web.Application()
        page_html = EVIL.replace("PORT", str(server.port))

        async def evil_page(_request: web.Request) -> web.Response:
            return web.Response(text=page_html, content_type="text/html")

        evil.router.add_get("/", evil_page)
        runner = web.AppRunner(evil)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", evil_port).start()
        try:
            async with aiohttp.ClientSession() as session:
                url = await _page_socket(session, devtools_port)
                async with session.ws_connect(url, max_msg_size=0) as sock:
                    page = DevTools(sock)
                    await page.call("Page.enable")
                    await page.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                    # The chair opens the app: the browser now holds its cookie.
                    await page.call("Page.navigate", url=server.address)
                    await page.until_shown("demo")
                    await page.call("Page.navigate", url=f"http://127.0.0.1:{evil_port}/")
                    # Page.navigate answers before the new document runs its script: wait for that document.
                    await page.until_true("window.tried !== undefined")
                    tried = await page.call(
                        "Runtime.evaluate", expression="window.tried", awaitPromise=True, returnByValue=True
                    )
                    assert tried["result"]["value"] == "refused"
            await asyncio.sleep(1.0)
            assert not case_file.exists(), "a page from another origin typed into the app"
        finally:
            await runner.cleanup()
