"""The minutes baseline: a bare python-docx script writing the same paragraphs and tables as our minutes.

The content is read back from a document our exporter wrote (not timed), so the baseline writes exactly the
same headings, paragraphs, runs, tables and rows; then it is written the way a competent developer uses the
plain python-docx API (``add_heading``, ``add_paragraph``/``add_run``, ``add_table``/``add_row().cells``, A4
margins, header and footer with the marking and "Page X of Y" fields, core properties), and saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Run = tuple[str, bool, bool]  # text, bold, italic


@dataclass
class Spec:
    blocks: list[tuple] = field(default_factory=list)  # ("p", style, runs) | ("t", rows)
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    title: str = ""

    def counts(self) -> dict[str, int]:
        paras = sum(1 for b in self.blocks if b[0] == "p")
        headings = sum(1 for b in self.blocks if b[0] == "p" and b[1].startswith(("Heading", "Title")))
        tables = [b for b in self.blocks if b[0] == "t"]
        return {
            "paragraphs": paras,
            "headings": headings,
            "tables": len(tables),
            "rows": sum(len(t[1]) for t in tables),
        }


def read_spec(path: Path) -> Spec:
    """What a document contains, in order: every body paragraph (style and runs) and table (cell texts)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(str(path))
    spec = Spec(title=doc.core_properties.title or "")
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, doc)
            spec.blocks.append(("p", p.style.name, [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs]))
        elif tag == "tbl":
            t = Table(el, doc)
            spec.blocks.append(("t", [[c.text for c in row.cells] for row in t.rows]))
    section = doc.sections[0]
    spec.header = [p.text for p in section.header.paragraphs if p.text]
    spec.footer = [p.text for p in section.footer.paragraphs if p.text]
    return spec


def _field(paragraph, instr: str) -> None:  # type: ignore[no-untyped-def]
    """A PAGE / NUMPAGES field: the usual python-docx recipe (the API has no call for fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def write(spec: Spec, out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    for n, text in enumerate(spec.header):
        p = section.header.paragraphs[0] if n == 0 else section.header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = n == 0
    for n, text in enumerate(spec.footer):
        p = section.footer.paragraphs[0] if n == 0 else section.footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if n == 0:
            p.add_run(text.split("Page")[0] + "Page ")
            _field(p, "PAGE")
            p.add_run(" of ")
            _field(p, "NUMPAGES")
        else:
            p.add_run(text).bold = True
    for block in spec.blocks:
        if block[0] == "p":
            _, style, runs = block
            text = "".join(r[0] for r in runs)
            if style == "Title":
                doc.add_heading(text, 0)
            elif style.startswith("Heading "):
                doc.add_heading(text, int(style.split()[1]))
            else:
                p = doc.add_paragraph(style=style if style in ("List Bullet", "Subtitle") else None)
                for t, bold, italic in runs:
                    r = p.add_run(t)
                    r.bold, r.italic = bold or None, italic or None
        else:
            rows = block[1]
            table = doc.add_table(rows=1, cols=len(rows[0]))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, rows[0], strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True if cell.paragraphs[0].runs else None
            for row in rows[1:]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    props = doc.core_properties
    props.title = spec.title
    props.keywords = spec.header[0] if spec.header else ""
    doc.save(str(out))
