"""Where ``meetingtui serve`` gets its secret: a token file, an environment variable, or a fresh random token.

Whoever holds the token can use meetingtui as the serving user (or, for ``--present``, watch the shared screen),
so a token file must be a regular file only its owner can read, and the shared screen never uses the app's
token: its address is given to everyone on the call, and must not open the whole app. No textual import here.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from meetingtui.core.errors import UserError
from meetingtui.core.text.show import show

APP_ENV = "MEETINGTUI_SERVE_TOKEN"
PRESENT_ENV = "MEETINGTUI_PRESENT_TOKEN"
MIN_LENGTH = 16
# Characters a token may hold: those that need no escaping in a URL, so the printed address works as is.
TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+")
HOW_TO_MAKE = "e.g. (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > FILE)"


@dataclass(frozen=True)
class Token:
    """The secret, and where it came from (said in the banner instead of printing a token the user chose)."""

    value: str
    source: str  # "generated", "file" or "env"
    path: Path | None = None

    @property
    def printable(self) -> bool:
        """Only a token made for this run is printed: one from a file or the environment is already known."""
        return self.source == "generated"


def env_name(present: bool) -> str:
    return PRESENT_ENV if present else APP_ENV


def check_value(value: str, where: str) -> str:
    token = value.strip()
    if not token:
        raise UserError(f"serve: {where} holds no token; {HOW_TO_MAKE}")
    if len(token) < MIN_LENGTH or not TOKEN_CHARS.fullmatch(token):
        raise UserError(
            f"serve: {where}: the token must be at least {MIN_LENGTH} letters, digits or . _ ~ - "
            f"(no spaces); {HOW_TO_MAKE}"
        )
    return token


def read_token_file(path: Path) -> str:
    """The token in ``path``, refusing a file another account could read or have put there."""
    name = f"--token-file {show(str(path), 400)}"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UserError(f"serve: {name}: no such file; {HOW_TO_MAKE}") from None
    except OSError as exc:
        why = "it is a folder" if exc.errno == errno.EISDIR else exc.strerror or str(exc)
        raise UserError(f"serve: {name}: cannot read it ({why})") from None
    try:
        st = os.fstat(fd)  # the file actually opened, not whatever the name points to a moment later
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"serve: {name} is not a regular file")
        if os.name == "posix":
            if st.st_uid != os.geteuid():
                raise UserError(
                    f"serve: {name} belongs to another account (uid {st.st_uid}); use a file of your own"
                )
            if st.st_mode & 0o077:
                mode = stat.S_IMODE(st.st_mode)
                raise UserError(
                    f"serve: {name} can be read or changed by other accounts (mode {mode:04o}); "
                    f"make it private with chmod 600 {show(str(path), 400)}"
                )
        if st.st_size > 4096:
            raise UserError(f"serve: {name} is too big to be a token file ({st.st_size} bytes)")
        raw = os.read(fd, 4097)
    finally:
        os.close(fd)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise UserError(f"serve: {name}: the token must be plain letters and digits") from None
    return check_value(text, name)


def choose(token_file: str | None, present: bool) -> Token:
    """The token for this run: ``--token-file``, else the mode's environment variable, else a new one.

    The shared screen reads its own variable, and neither mode may end up with the other's token: the shared
    screen's address is meant for everyone on the call.
    """
    if token_file is not None:
        path = Path(token_file).expanduser()
        token = Token(read_token_file(path), "file", path)
    elif os.environ.get(env_name(present), "").strip():
        token = Token(check_value(os.environ[env_name(present)], env_name(present)), "env")
    else:
        return Token(secrets.token_urlsafe(32), "generated")
    other = env_name(not present)
    theirs = os.environ.get(other, "").strip()
    if theirs and secrets.compare_digest(theirs.encode(), token.value.encode()):
        where = f"--token-file {show(str(token.path), 400)}" if token.path else env_name(present)
        raise UserError(
            f"serve: {where} holds the same token as {other}: the shared screen needs a token of its "
            "own, or its viewers could open the whole app"
        )
    return token


def forget_environment() -> None:
    """Drop the tokens from this process's environment: every browser tab's app inherits it, and needs neither."""
    os.environ.pop(APP_ENV, None)
    os.environ.pop(PRESENT_ENV, None)


# --- Which tokens the servers of this account are using -------------------------------------------------------
# The app and the shared screen are separate ``serve`` processes, so the second one started can only tell that
# both would answer to the same secret by asking the first: each running server leaves a note (the mode, the
# token file's real path and a SHA-256 of the token, never the token) in a private folder, removed on exit.


def runtime_dir(config_dir: Path) -> Path:
    """$XDG_RUNTIME_DIR/meetingtui when the session has one of its own, else the private config folder's run/."""
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if xdg and os.name == "posix":
        try:
            st = os.stat(xdg)
        except OSError:
            st = None
        if (
            st is not None
            and stat.S_ISDIR(st.st_mode)
            and st.st_uid == os.geteuid()
            and not st.st_mode & 0o077
        ):
            return Path(xdg) / "meetingtui"
    return config_dir / "run"


def _digest(token: Token) -> str:
    import hashlib

    return hashlib.sha256(token.value.encode()).hexdigest()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def others(folder: Path) -> list[dict[str, object]]:
    """The notes of the servers still running (a note left by a killed server is removed when seen)."""
    import json

    found: list[dict[str, object]] = []
    for note in sorted(folder.glob("serve-*.json")) if folder.is_dir() else []:
        try:
            entry = json.loads(note.read_text(encoding="utf-8"))
            pid = int(entry["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid == os.getpid():
            continue
        if not _alive(pid):
            note.unlink(missing_ok=True)
            continue
        found.append(entry)
    return found


def check_not_shared(token: Token, present: bool, folder: Path) -> None:
    """Refuse a token that a running server of the other mode already answers to."""
    mine = _digest(token)
    path = str(token.path.resolve()) if token.path else None
    for entry in others(folder):
        if bool(entry.get("present")) == present:
            continue
        theirs = "the whole app" if present else "a shared screen"
        same_file = path is not None and entry.get("file") == path
        if same_file or secrets.compare_digest(str(entry.get("digest", "")), mine):
            where = f"--token-file {show(str(token.path), 400)}" if same_file else "this token"
            raise UserError(
                f"serve: {where} already serves {theirs} (serve process {entry.get('pid')}); the app and "
                "the shared screen need different tokens, or the shared screen's viewers could open the app"
            )


def register(token: Token, present: bool, folder: Path) -> Path:
    """Leave this server's note; the caller removes it when serving ends."""
    import json

    from meetingtui.core.disk import ensure_dir, write_atomic

    ensure_dir(folder)
    note = folder / f"serve-{os.getpid()}.json"
    entry = {
        "pid": os.getpid(),
        "present": present,
        "file": str(token.path.resolve()) if token.path else None,
        "digest": _digest(token),
    }
    write_atomic(note, json.dumps(entry).encode(), sync=False)
    return note
