"""Reading generated Word files back the way a reader (or a leak-checker) would: through python-docx, and as the
raw XML of every part, so a test can search body, tables, headers, footers and properties at once."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def save(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def reopen(doc: Document) -> Document:
    return docx.Document(io.BytesIO(save(doc)))


def parts(raw: bytes | Path) -> dict[str, bytes]:
    data = raw.read_bytes() if isinstance(raw, Path) else raw
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}


def all_text(raw: bytes | Path) -> str:
    """Every paragraph's text in every XML part (body with its tables, headers, footers) plus the document
    properties and any attribute values (a watermark's text lives in one), one per line."""
    lines: list[str] = []
    for name, xml in parts(raw).items():
        root = etree.fromstring(xml)
        if name.startswith("word/"):
            for p in root.iter(f"{W}p"):
                lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        else:
            lines.extend(x for x in root.itertext() if x.strip())
        for el in root.iter():
            lines.extend(v for v in el.attrib.values() if len(v) > 3)
    return "\n".join(lines)


def headings(doc: Document, level: int = 1) -> list[str]:
    name = f"Heading {level}"
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == name]


def table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text for c in row.cells] for row in table.rows]


def table_with_header(doc: Document, first: str, second: str | None = None) -> list[list[str]]:
    """The rows of the first table whose header row starts with these column titles."""
    for t in doc.tables:
        rows = table_rows(t)
        if rows and rows[0][0] == first and (second is None or rows[0][1] == second):
            return rows
    raise AssertionError(f"no table headed {first!r}")


def tables_with_header(doc: Document, first: str, second: str) -> list[list[list[str]]]:
    out = []
    for t in doc.tables:
        rows = table_rows(t)
        if rows and rows[0][:2] == [first, second]:
            out.append(rows)
    return out
