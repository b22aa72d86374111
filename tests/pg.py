"""A throwaway PostgreSQL server for the tests: one per test session, one database per test.

The server binaries come from the system (``initdb``/``pg_ctl`` of the newest /usr/lib/postgresql/N, or on
PATH). As root the server runs as the ``postgres`` system user (PostgreSQL refuses to run as root). It listens
only on a unix socket in its own temporary folder, with fsync off: it holds nothing worth keeping.

Each test gets a fresh database copied from a template already set up (``CREATE DATABASE … TEMPLATE``), which
costs a few milliseconds instead of a migration per test. Tests are skipped, with the reason, only when the
server binaries are absent.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TEMPLATE = "meetingtui_template"
_numbers = itertools.count(1)


def bindir() -> Path | None:
    """Where initdb and pg_ctl are: the newest /usr/lib/postgresql/N/bin, else PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


class Server:
    """initdb + pg_ctl in a private temporary folder; ``url(db)`` connects over its unix socket."""

    def __init__(self, bin_dir: Path, base: Path | None = None) -> None:
        self.bin = bin_dir
        self.base = Path(base or tempfile.mkdtemp(prefix="meetingtui-pg-"))
        self.data = self.base / "data"
        self.socket = self.base
        self.port = 5432
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else (os.environ.get("USER") or "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> Server:
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
        os.chmod(self.base, 0o700)
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "--no-sync", "-E", "UTF8")
        opts = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket}' -c port={self.port} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.base / "log"), "-o", opts, "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, db: str = "postgres", user: str | None = None) -> str:
        return f"postgresql://{user or self.user}@/{db}?host={self.socket}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    found = bindir()
    if found is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = Server(found).start()
    try:
        from meetingtui.core.store.postgres.repository import PostgresRepository

        server.admin(f"create database {TEMPLATE}")
        PostgresRepository(server.url(TEMPLATE)).close()  # sets the tables up once
        yield server
    finally:
        server.stop()


def fresh_db(server: Server, template: str = TEMPLATE) -> str:
    """A new database with the tables already set up; its URL."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    server.admin(f"create database {name} template {template}")
    return server.url(name)


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    return fresh_db(pg_server)


def main(argv: list[str]) -> int:
    """``make pg``: a local PostgreSQL in .pg/ for trying the team store (``make pg-stop`` stops it)."""
    import sys

    base = Path(argv[1] if len(argv) > 1 else ".pg").resolve()
    found = bindir()
    if found is None:
        print("PostgreSQL server binaries (initdb, pg_ctl) are not installed", file=sys.stderr)
        return 2
    server = Server(found, base)
    if argv[0] == "stop":
        server._run("pg_ctl", "-D", str(server.data), "-m", "fast", "stop")
        print(f"stopped the PostgreSQL in {base}")
        return 0
    if not server.data.exists():
        base.mkdir(mode=0o700, exist_ok=True)
        server.start()
        server.admin("create database meetingtui")
    else:
        try:
            server._run("pg_ctl", "-D", str(server.data), "status")
        except subprocess.CalledProcessError:
            opts = (
                f"-c listen_addresses='' -c unix_socket_directories='{server.socket}' -c port={server.port}"
            )
            server._run("pg_ctl", "-D", str(server.data), "-w", "-l", str(base / "log"), "-o", opts, "start")
    url = server.url("meetingtui")
    from meetingtui.core.store.postgres.repository import PostgresRepository

    PostgresRepository(url, listen=False).close()
    print(f"A local PostgreSQL is running in {base} (make pg-stop stops it). Use it with:")
    print(f"  export MEETINGTUI_STORE='{url}'")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:] or ["start"]))
