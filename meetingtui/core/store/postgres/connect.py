"""Opening a PostgreSQL store: what counts as its address, and every way of not reaching it as one line.

Driver errors never leave this package as psycopg exceptions: the CLI prints a :class:`UserError` and exits 2,
the TUI shows it, and nobody sees a traceback or a password.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from meetingtui.core.errors import Busy, Conflict, UserError

SCHEMES = ("postgresql://", "postgres://")


class StoreUnavailable(UserError):
    """The database server cannot be reached or refused the request. Nothing was changed."""


def is_postgres_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(SCHEMES)


def driver() -> Any:
    """psycopg, or a one-line error naming the extra to install (it is optional for the file store)."""
    try:
        import psycopg
    except ImportError:
        raise UserError("the PostgreSQL store needs psycopg: pip install 'meetingtui[postgres]'") from None
    return psycopg


def safe_url(url: str) -> str:
    """The URL as messages may show it: no password, whether it was in the userinfo or in the query."""
    psycopg = driver()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("://", 1)[0] + "://…"
    user = parts.get("user", "")
    host = parts.get("host", "")
    port = parts.get("port", "")
    db = parts.get("dbname", "")
    where = f"{host}:{port}" if port else host
    return f"postgresql://{user + '@' if user else ''}{where}/{db}"


def connect(url: str, *, autocommit: bool = False, read_only: bool = False) -> Any:
    """A connection, or StoreUnavailable with the server's reason (never the password)."""
    psycopg = driver()
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10, application_name="meetingtui")
    except psycopg.ProgrammingError as exc:  # a malformed URL: libpq's own words say what is wrong
        raise UserError(f"{safe_url(url)}: not a usable PostgreSQL address ({_first_line(exc)})") from None
    except psycopg.Error as exc:
        raise StoreUnavailable(f"{safe_url(url)}: cannot connect ({_first_line(exc)})") from None
    if read_only:  # the server refuses writes too, not only the app
        conn.execute("set default_transaction_read_only = on")
        if not autocommit:
            conn.commit()
    return conn


_URL_RE = re.compile(r"(postgres(?:ql)?://)[^\s\"']*")
_PASSWORD_RE = re.compile(r"(password\s*=\s*)\S+")


def _first_line(exc: BaseException) -> str:
    """The driver's reason on one line. libpq may quote the connection string back: never echo a password."""
    text = str(exc).strip().splitlines()
    reason = text[0] if text else type(exc).__name__
    reason = _URL_RE.sub(r"\1…", reason)
    return _PASSWORD_RE.sub(r"\1…", reason) or type(exc).__name__


@contextlib.contextmanager
def wrapped(where: str, case_id: str | None = None) -> Iterator[None]:
    """Turn driver errors inside the block into the app's own one-line errors."""
    psycopg = driver()
    try:
        yield
    except psycopg.errors.LockNotAvailable:
        raise Busy(f"case {case_id}: busy (another meetingtui is saving it); try again") from None
    except psycopg.errors.UniqueViolation:  # a case this login may not see already has the id
        raise Conflict(
            f"case {case_id}: already exists (perhaps not shared with you); nothing saved"
        ) from None
    except psycopg.errors.InsufficientPrivilege as exc:
        raise UserError(f"{where}: not allowed ({_first_line(exc)})") from None
    except psycopg.errors.DataCorrupted as exc:  # a redacted copy the server could not make (schema step 6)
        raise UserError(f"{where}: {_first_line(exc)}") from None
    except psycopg.errors.ReadOnlySqlTransaction:
        raise UserError(f"{where}: opened read-only here; nothing can be saved") from None
    except psycopg.OperationalError as exc:
        raise StoreUnavailable(
            f"{where}: the database server stopped answering ({_first_line(exc)}); nothing was saved"
        ) from None


class Lease:
    """The right to run one meeting: an advisory lock on a connection of its own."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def held(self) -> bool:
        """Whether the claim still holds: the server keeps a session lock for as long as the session lives,
        so asking the connection is enough. A dropped network or a terminated session has freed the meeting for
        another app; the caller must then claim it again (or follow) before it writes anything more."""
        conn = self._conn
        if conn is None or conn.closed:
            return False
        try:
            conn.execute("select 1")
        except Exception:
            self.release()
            return False
        return True

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()  # closing the session releases its advisory lock
