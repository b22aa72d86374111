"""The browser mode only its user can open: textual-serve's server with a token, Host and Origin checks.

Each browser tab runs meetingtui as the serving user, and 127.0.0.1 is reachable by every account on the machine
and, through the browser, by any web page the chair has open. So, as notebook servers do:

- a secret token (printed once in the address, or from a private file or the environment) is needed for every
  page, static file, download and websocket. It is accepted once from ``?token=`` and exchanged for an HttpOnly,
  SameSite=Strict cookie by redirecting to the same address without it: the page's script opens its websocket
  without the token, and the token then sits in no history, Referer or log;
- the Host header must name the served address exactly, so a DNS name rebound to 127.0.0.1 gets nowhere;
- a websocket must come from the served origin (a missing Origin is refused too), and so must any request that
  names one;
- the access log shows the path only, never a query string (where a token would be);
- the shared screen (``--present``) drops everything typed in the browser: it can only be watched.

Refusals are a 403 with a one-line plain-text body that never repeats what was sent.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server

from meetingtui.commands._serve_tokens import Token

log = logging.getLogger("meetingtui.serve")

TOKEN_PARAM = "token"
DEFAULT_PORTS = {"http": 80, "https": 443}
NO_TOKEN = "403: meetingtui serve: open the address printed when serve started (it holds the token)\n"
BAD_HOST = "403: meetingtui serve: the Host header does not name the address being served\n"
BAD_ORIGIN = "403: meetingtui serve: refused a request from another web page (Origin)\n"


def netloc_key(netloc: str, scheme: str) -> tuple[str, int] | None:
    """``host[:port]`` as (lower-case host, port), the scheme's port when none is given; None if malformed."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.password is not None or parts.path:
        return None
    return host.rstrip(".").lower(), port if port is not None else DEFAULT_PORTS.get(scheme, 0)


class PathOnlyAccessLogger(AbstractAccessLogger):
    """aiohttp's access log, without the query string (a token) or the Referer (an address with a token)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %s", request.remote, request.method, request.path, response.status)


class AuthServer(Server):
    """textual-serve's ``Server`` that answers only to its token, on its own address, from its own pages."""

    def __init__(
        self,
        command: str,
        *,
        token: Token,
        host: str,
        port: int,
        public_url: str,
        title: str,
        read_only: bool,
        what: str,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.read_only = read_only
        self.what = what
        public = urlsplit(public_url)
        self.scheme = public.scheme
        self.origin = f"{public.scheme}://{public.netloc}".lower()
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.hosts = {
            key for key in (netloc_key(public.netloc, public.scheme), netloc_key(bind, "http")) if key
        }
        self.origin_key = netloc_key(public.netloc, public.scheme)
        self.cookie_name = f"meetingtui-{'present' if read_only else 'app'}-{port}"
        self.cookie_value = hmac.new(
            token.value.encode(), b"meetingtui serve cookie", hashlib.sha256
        ).hexdigest()

    # --- the checks ---------------------------------------------------------------------------------------

    def host_ok(self, request: web.BaseRequest) -> bool:
        given = request.headers.get("Host", "")
        return netloc_key(given, self.scheme) in self.hosts

    def origin_ok(self, origin: str) -> bool:
        parts = urlsplit(origin)
        if parts.scheme != self.scheme or parts.path or parts.query or parts.fragment:
            return False
        return netloc_key(parts.netloc, parts.scheme) == self.origin_key

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.value.encode())

    def cookie_ok(self, request: web.BaseRequest) -> bool:
        given = request.cookies.get(self.cookie_name)
        return given is not None and hmac.compare_digest(given.encode(), self.cookie_value.encode())

    def header_token(self, request: web.BaseRequest) -> str | None:
        """``Authorization: token T`` (or ``Bearer T``), for scripts that cannot keep a cookie."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        return value.strip() if scheme.lower() in ("token", "bearer") else None

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not self.host_ok(request):
            return refused(BAD_HOST)
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        origin = request.headers.get("Origin")
        if (websocket or origin is not None) and not self.origin_ok(origin or ""):
            return refused(BAD_ORIGIN)
        query_tokens = request.query.getall(TOKEN_PARAM, [])
        if query_tokens:  # a token in the address must be the right one, even with a good cookie
            if len(query_tokens) != 1 or not self.token_ok(query_tokens[0]):
                return refused(NO_TOKEN)
            if not websocket and request.method in ("GET", "HEAD"):
                return self.exchange(request)
        elif not (self.cookie_ok(request) or self.token_ok(self.header_token(request))):
            return refused(NO_TOKEN)
        return await handler(request)

    def exchange(self, request: web.Request) -> web.StreamResponse:
        """The token from the address becomes a cookie, and the browser goes to the address without it.

        The redirect is relative, so it also works behind a proxy that serves under a path prefix."""
        rest = [(k, v) for k, v in request.query.items() if k != TOKEN_PARAM]
        last = request.path.rsplit("/", 1)[-1]
        location = f"?{urlencode(rest)}" if rest else f"./{last}"
        response = web.HTTPFound(location)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.set_cookie(
            self.cookie_name,
            self.cookie_value,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.scheme == "https",
        )
        return response

    # --- textual-serve's hooks ----------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        app.on_response_prepare.append(no_referrer)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Say once where to go. Printed plainly (not through rich, which would fold a long address)."""
        if self.token.printable:
            address = f"{self.public_url}/?{TOKEN_PARAM}={self.token.value}"
            where = "Open this address (it holds the secret token: give it only to whoever should see this):"
        else:
            held = f"the token in {self.token.path}" if self.token.path else "the token you set"
            address = f"{self.public_url}/?{TOKEN_PARAM}=<{held}>"
            where = "Open this address, with the token in place of <...>:"
        print(f"meetingtui serve: {self.what} on {self.public_url} (Ctrl+C stops it)", flush=True)
        print(where, flush=True)
        print(f"    {address}", flush=True)
        sys.stdout.flush()

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, with an access log that shows paths only."""
        import asyncio
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:
            pass
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
            access_log_class=PathOnlyAccessLogger,
        )

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """What the browser sends: keys and mouse (``stdin``) reach the app unless it is the shared screen;
        resizing, focus and pings always do. A malformed message is dropped rather than ending the tab."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope: Any = message.json()
                kind = envelope[0]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            try:
                if kind == "stdin":
                    if not self.read_only and isinstance(envelope[1], str):
                        await app_service.send_bytes(envelope[1].encode("utf-8"))
                elif kind == "resize":
                    size = envelope[1]
                    await app_service.set_terminal_size(int(size["width"]), int(size["height"]))
                elif kind == "ping":
                    await websocket.send_json(["pong", envelope[1]])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()
            except (TypeError, IndexError, KeyError, ValueError):
                continue


async def no_referrer(_request: web.Request, response: web.StreamResponse) -> None:
    """No response lets the browser send this address on (the page loads a font from another site)."""
    response.headers.setdefault("Referrer-Policy", "no-referrer")


def refused(text: str) -> web.Response:
    return web.Response(
        status=403, text=text, content_type="text/plain", headers={"Cache-Control": "no-store"}
    )
