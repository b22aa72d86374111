"""meetingtui serve: the app (or only the read-only shared screen) in a web browser, through textual-serve.

Not every agency has a terminal, and the chair often shares a browser tab on the call. Each browser tab runs
its own ``python -m meetingtui ...`` process on this machine, as the user who started ``serve``, so whoever can
reach the port can use meetingtui with that user's data. Hence: this machine only by default, a non-local
address only with an explicit ``--allow-remote`` (meant for use behind an authenticating reverse proxy), and
always a secret token, Host and Origin checks (_serve_auth.py), since every local account and every web page in
the chair's browser can reach 127.0.0.1.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from meetingtui.commands import _serve_tokens as tokens
from meetingtui.commands._serve_tokens import APP_ENV, PRESENT_ENV
from meetingtui.core.errors import UserError
from meetingtui.core.text.show import show

NAME = "serve"
HELP = "serve the app, or only a meeting's shared screen, to a web browser (this machine only by default)"
DESCRIPTION = (
    "Serve meetingtui to a web browser with textual-serve (pip install 'meetingtui[serve]'). Each browser tab "
    "runs its own meetingtui on this machine with this user's data, so it listens on 127.0.0.1 by default; to "
    "reach it from elsewhere put it behind an authenticating reverse proxy (see the README). Every page and "
    "websocket needs a secret token: a new one is printed in the address at start, or give --token-file. With "
    "--present CASE_ID MEETING_ID only the read-only shared screen of that meeting is served, with a token of "
    "its own, and nothing typed in the browser reaches it."
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
FOLDER_OPTIONS = ("data", "config", "templates", "exports")
INSTALL_HINT = "pip install 'meetingtui[serve]' (or pip install textual-serve)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    p.add_argument(
        "--present",
        nargs=2,
        metavar=("CASE_ID", "MEETING_ID"),
        help="serve only the read-only shared screen of this meeting",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow an address other machines can reach (only behind an authenticating reverse proxy)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a reverse proxy (e.g. https://meetings.example.org)",
    )
    p.add_argument(
        "--token-file",
        metavar="PATH",
        help="read the secret token from this file (yours, mode 0600 or 0400) instead of making a new one "
        f"(or set {APP_ENV}, or {PRESENT_ENV} with --present)",
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` can only be reached from this machine."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> None:
    if not host.strip():
        raise UserError("serve: --host is empty (use 127.0.0.1 for this machine only)")
    if not is_loopback(host) and not allow_remote:
        raise UserError(
            f"serve: refusing --host {show(host)}: other machines could reach meetingtui and its data about "
            "children; serve on 127.0.0.1 behind an authenticating reverse proxy, or add --allow-remote "
            "if that is what you mean"
        )


def check_port(port: int) -> None:
    if not 1 <= port <= 65535:
        raise UserError(f"serve: --port {port} is not a port number (1 to 65535)")


def check_free(host: str, port: int) -> None:
    """Bind the address once before serving: textual-serve prints its banner before it binds, so a busy port
    would otherwise be reported after a misleading "Serving ... on" line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"serve: --host {show(host)}: cannot resolve it ({exc.strerror})") from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            if os.name == "posix":  # as aiohttp does, so a port in TIME_WAIT is not taken for a busy one
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise UserError(
                    f"serve: cannot listen on {show(host)} port {port} ({exc.strerror or exc}); try another --port"
                ) from None


def public_url(host: str, port: int, given: str | None) -> str:
    """The URL the page tells the browser to connect back to (textual-serve builds its websocket URL from it)."""
    if given is not None:
        parts = urlsplit(given.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise UserError(
                f"serve: --public-url {show(given)} should be an http(s) address such as "
                "https://meetings.example.org"
            )
        return given.strip().rstrip("/")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"
    if address.is_unspecified:
        raise UserError(
            f"serve: --host {show(host)} listens on every address; say which one browsers use with --public-url"
        )
    return f"http://[{host}]:{port}" if address.version == 6 else f"http://{host}:{port}"


def app_argv(args: argparse.Namespace) -> list[str]:
    """The command each browser tab runs: this Python, this package, the same folders (made absolute so the
    child does not depend on the server's working directory)."""
    argv = [sys.executable, "-m", "meetingtui"]
    for name in FOLDER_OPTIONS:
        value = getattr(args, name, None)
        if value:
            argv.append(f"--{name}={Path(value).expanduser().resolve()}")
    if args.present:
        argv += ["present", *args.present]
    else:
        argv.append("tui")
    return argv


def shell_line(argv: list[str]) -> str:
    """textual-serve runs its command through the shell, so every word is quoted for the platform's shell."""
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    host = args.host.strip().strip("[]")
    check_host(host, args.allow_remote)
    check_port(args.port)
    url = public_url(host, args.port, args.public_url)
    present = bool(args.present)
    if args.present:
        from meetingtui.commands.present import open_for_present

        open_for_present(args, *args.present)
    token = tokens.choose(getattr(args, "token_file", None), present)
    from meetingtui.core.config import paths

    notes = tokens.runtime_dir(paths.config_dir(getattr(args, "config", None)))
    tokens.check_not_shared(token, present, notes)
    try:
        from textual_serve.server import Server  # noqa: F401  (checked first: _serve_auth may be loaded already)

        from meetingtui.commands._serve_auth import AuthServer
    except ImportError:
        raise UserError(f"serve: needs textual-serve, which is not installed: {INSTALL_HINT}") from None
    check_free(host, args.port)
    if not is_loopback(host):
        print(
            f"meetingtui serve: listening on {show(host)}: anyone who can reach it and has the token can use "
            "meetingtui as this user; keep it behind an authenticating reverse proxy",
            file=sys.stderr,
        )
    if getattr(args, "store", None):
        # The team store goes to each tab's app through the environment, not its command line, where any
        # user of this machine could read a URL (and anything in it) with ps.
        os.environ["MEETINGTUI_STORE"] = str(args.store)
    title = "meetingtui shared screen" if present else "meetingtui"
    what = f"the shared screen of {args.present[0]} {args.present[1]}" if args.present else "meetingtui"
    server = AuthServer(
        shell_line(app_argv(args)),
        token=token,
        host=host,
        port=args.port,
        title=title,
        public_url=url,
        read_only=present,
        what=what,
    )
    tokens.forget_environment()
    note = tokens.register(token, present, notes)
    try:
        server.serve()
    except OSError as exc:
        raise UserError(
            f"serve: cannot listen on {show(host)} port {args.port} ({exc.strerror or exc}); "
            "try another --port"
        ) from None
    finally:
        note.unlink(missing_ok=True)
    return 0
