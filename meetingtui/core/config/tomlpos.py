"""Where things are in a TOML text: the line of each key, table header and array element.

tomllib reports a position only for syntax errors. For everything it accepts but a checker does not (a missing
field, a wrong type, an unknown kind) the line comes from this small scanner, which walks the same text and
records where each thing starts. It only ever sees text tomllib has already accepted, so it can be lenient: its
one job is line numbers, never meaning. It never raises and always finishes, whatever the text.
"""

from __future__ import annotations

import tomllib

Where = tuple[str | int, ...]


class Positions:
    """Line numbers of the keys, table headers and array elements of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Where, int] = {}
        try:
            _Scanner(text, self._lines).run()
        except RecursionError:  # absurd nesting (tomllib refuses it too): keep the lines found so far
            pass

    def line(self, where: Where) -> int:
        """The line of ``where``, or of its nearest recorded parent (the table a missing field belongs in)."""
        for n in range(len(where), 0, -1):
            found = self._lines.get(where[:n])
            if found is not None:
                return found
        return 1


class _Scanner:
    """Walks valid TOML recording where things start; meaning is left to tomllib."""

    def __init__(self, text: str, out: dict[Where, int]) -> None:
        self.s = text
        self.i = 0
        self.line = 1
        self.out = out
        self.aot: dict[Where, int] = {}

    # -- characters
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def eof(self) -> bool:
        return self.i >= len(self.s)

    def advance(self, n: int = 1) -> None:
        end = min(self.i + n, len(self.s))
        self.line += self.s.count("\n", self.i, end)
        self.i = end

    def skip_blank(self, newlines: bool) -> None:
        """Spaces and tabs; with ``newlines`` also line breaks and comments (inside arrays)."""
        while not self.eof():
            c = self.peek()
            if c in " \t" or (newlines and c in "\r\n"):
                self.advance()
            elif newlines and c == "#":
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        while not self.eof() and self.peek() != "\n":
            self.advance()

    def record(self, where: Where, line: int) -> None:
        self.out.setdefault(where, line)

    # -- structure
    def run(self) -> None:
        table: Where = ()
        while not self.eof():
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in ("\r", "\n"):
                self.advance()
            elif c == "#":
                self.skip_comment()
            elif c == "[":
                table = self.header()
            elif c:
                line = self.line
                keys = self.key()
                for n in range(1, len(keys) + 1):
                    self.record(table + keys[:n], line)
                self.skip_blank(newlines=False)
                if self.peek() == "=":
                    self.advance()
                self.skip_blank(newlines=False)
                self.value(table + keys)
                self.rest_of_line()

    def rest_of_line(self) -> None:
        """Skip whatever a lenient value read left before the line break (a stray token cannot loop forever)."""
        while not self.eof() and self.peek() != "\n":
            if self.peek() == "#":
                self.skip_comment()
                return
            self.advance()

    def header(self) -> Where:
        line = self.line
        array = self.peek(1) == "["
        self.advance(2 if array else 1)
        self.skip_blank(newlines=False)
        keys = self.key()
        self.rest_of_line()
        if not keys:  # "[]" or "[[": not valid TOML, so tomllib reported it; nothing to record
            return ()
        if not array:
            where = self.resolve(keys)
            self.record(where, line)
            return where
        parent = self.resolve(keys[:-1])
        path = (*parent, keys[-1])
        index = self.aot.get(path, 0)
        self.aot[path] = index + 1
        self.record(path, line)
        self.record((*path, index), line)
        return (*path, index)

    def resolve(self, keys: Where) -> Where:
        """A header's key path with the current index of every array of tables it passes through."""
        out: Where = ()
        for k in keys:
            out = (*out, k)
            if out in self.aot:
                out = (*out, self.aot[out] - 1)
        return out

    def key(self) -> Where:
        parts: list[str | int] = []
        while not self.eof():
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in ('"', "'"):
                start = self.i
                self.string()
                raw = self.s[start : self.i]
                try:
                    parts.append(tomllib.loads(f"k = {raw}")["k"])
                except tomllib.TOMLDecodeError:
                    parts.append(raw.strip("\"'"))
            else:
                start = self.i
                while not self.eof() and (self.peek().isalnum() or self.peek() in "_-"):
                    self.advance()
                if self.i == start:  # not a key character: leave it to the caller
                    break
                parts.append(self.s[start : self.i])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                break
            self.advance()
        return tuple(parts)

    def value(self, where: Where) -> None:
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.advance()
            index = 0
            while not self.eof():
                self.skip_blank(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                self.record((*where, index), self.line)
                before = self.i
                self.value((*where, index))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == "," or self.i == before:  # a stray character cannot stall the scan
                    self.advance()
        elif c == "{":
            self.advance()
            while not self.eof():
                self.skip_blank(newlines=True)
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                line = self.line
                before = self.i
                keys = self.key()
                for n in range(1, len(keys) + 1):
                    self.record(where + keys[:n], line)
                self.skip_blank(newlines=False)
                if self.peek() == "=":
                    self.advance()
                self.skip_blank(newlines=False)
                self.value(where + keys)
                if self.i == before:
                    self.advance()
        else:
            while not self.eof() and self.peek() not in ",]}#\r\n":
                self.advance()

    def string(self) -> None:
        q = self.peek()
        escapes = q == '"'
        if self.s.startswith(q * 3, self.i):
            self.advance(3)
            while not self.eof():
                if escapes and self.peek() == "\\":
                    self.advance(2)
                elif self.s.startswith(q * 3, self.i):
                    self.advance(3)
                    extra = 0
                    while self.peek() == q and extra < 2:  # up to two quotes may end the content
                        self.advance()
                        extra += 1
                    return
                else:
                    self.advance()
            return
        self.advance()
        while not self.eof() and self.peek() != "\n":
            if escapes and self.peek() == "\\":
                self.advance(2)
            elif self.peek() == q:
                self.advance()
                return
            else:
                self.advance()
