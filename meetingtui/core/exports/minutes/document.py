"""Low-level Word building: XML-safe text, runs that keep their direction, paragraphs, fixed-width tables,
page-number fields, A4 page set-up, headers and footers, document properties.

Body content is written as WordprocessingML text and parsed once at the end. python-docx's object API
(``add_table``/``add_row``/``cell.text``) walks the whole table for every cell and looks styles up by name on
every call, which makes a 300-row actions table take seconds; building the XML directly is linear and lets us
set what the object API cannot (right-to-left runs, repeated header rows, fixed layout, cell shading).

Everything that reaches the XML goes through ``clean`` and ``escape`` first, so no field's text can break the
document: python-docx and lxml raise on control characters and lone surrogates, and a failed call can leave a
half-built paragraph behind.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Mm, Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECLS = (
    f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = 20
TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH = round((PAGE_WIDTH_MM - 2 * MARGIN_MM) * TWIPS_PER_MM)  # twips between the margins

FONT = "Arial"
TABLE_SIZE = 18  # half-points: 9 pt keeps six columns readable on portrait A4
HEADER_FILL = "D9D9D9"

# ----------------------------------------------------------------------------------------------- text

# Not allowed in XML 1.0 at all (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF), plus the C1
# controls, which are legal XML but have no meaning in a document and confuse Word.
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Explicit direction controls: an unclosed override would reverse the text that follows it in the paragraph.
_EMBED_OPEN = re.compile("[\u202a\u202b\u202d\u202e]")
_ISOLATE_OPEN = re.compile("[\u2066-\u2068]")

_RTL_CHARS = (
    "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"  # Hebrew, Arabic, ...
)
_RTL_RUN = re.compile(f"[{_RTL_CHARS}](?:[{_RTL_CHARS}\\s\\d.,:;!?'\"()«»\\-]*[{_RTL_CHARS}])?")
_HAS_RTL = re.compile(f"[{_RTL_CHARS}]")


def clean(value: object) -> str:
    """Any value as text that is safe to put in a Word document and keeps what the user meant.

    Surrogate pairs that arrived as two code points (bad decoding upstream) are joined back into the character
    they encode; a lone surrogate becomes U+FFFD so the reader sees that something was there. Line separators
    become ``\\n``; other control characters are dropped.
    """
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if _SURROGATE.search(s):
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    s = _NEWLINES.sub("\n", s)
    s = _DROP.sub("", s)
    for opener, closer in ((_EMBED_OPEN, "\u202c"), (_ISOLATE_OPEN, "\u2069")):
        unclosed = len(opener.findall(s)) - s.count(closer)
        if unclosed > 0:
            s += closer * unclosed
    return s


def clean_line(value: object, limit: int | None = None) -> str:
    """One line of clean text (for properties and file names), optionally cut to ``limit`` characters."""
    s = " ".join(clean(value).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def is_rtl(text: str) -> bool:
    """Whether the text's first strongly directional character is right-to-left (Unicode rules P2/P3)."""
    if not _HAS_RTL.search(text):
        return False
    for ch in text:
        d = unicodedata.bidirectional(ch)
        if d in ("R", "AL"):
            return True
        if d == "L":
            return False
    return False


# ------------------------------------------------------------------------------------------------ runs

# A span's format: a string of flags, "b" bold and "i" italic ("" plain). Size and colour belong to the whole
# paragraph or cell, so one cached ``rpr`` call per combination builds the properties in schema order.
PLAIN = ""
BOLD = "b"
ITALIC = "i"

Span = tuple[str, str]  # (text, format flags)


@functools.cache
def rpr(fmt: str = PLAIN, size: int | None = None, color: str | None = None) -> str:
    """Run properties in the schema's element order (Word rejects a document whose order is wrong)."""
    out = ""
    if "b" in fmt:
        out += "<w:b/><w:bCs/>"
    if "i" in fmt:
        out += "<w:i/><w:iCs/>"
    if color:
        out += f'<w:color w:val="{color}"/>'
    if size:
        out += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return out


def _run(text: str, props: str) -> str:
    """One run of clean text: tabs and newlines become Word's own tab and line-break elements."""
    inner: list[str] = []
    for n, line in enumerate(text.split("\n")):
        if n:
            inner.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                inner.append("<w:tab/>")
            if piece:
                inner.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    if not inner:
        return ""
    head = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{head}{''.join(inner)}</w:r>"


LRM = "\u200e"


def runs(text: str, props: str = "", *, in_ltr: bool = False, more: bool = False) -> str:
    """Runs for clean text, right-to-left stretches marked ``w:rtl`` so Word lays them out in their own
    direction even inside a left-to-right paragraph. ``props`` is ``rpr`` output.

    In a left-to-right paragraph (``in_ltr``) an invisible left-to-right mark follows each right-to-left
    stretch that has text after it (``more``: further spans follow), so a date or number after, say, an Arabic
    meeting title stays where it was written instead of being pulled into the Arabic.
    """
    if not _HAS_RTL.search(text):
        return _run(text, props)
    out: list[str] = []
    pos = 0
    for m in _RTL_RUN.finditer(text):
        if m.start() > pos:
            out.append(_run(text[pos : m.start()], props))
        out.append(_run(m.group(0), props + "<w:rtl/>"))
        if in_ltr and (more or m.end() < len(text)):
            out.append(_run(LRM, props))
        pos = m.end()
    if pos < len(text):
        out.append(_run(text[pos:], props))
    return "".join(out)


def spans_xml(spans: Iterable[Span], size: int | None = None, color: str | None = None) -> tuple[str, bool]:
    """Runs for several spans, and whether the whole reads right to left (decides the paragraph direction)."""
    cleaned = [(clean(text), fmt) for text, fmt in spans]
    rtl = is_rtl(next((t for t, _ in cleaned if t.strip()), ""))
    last = len(cleaned) - 1
    body = "".join(
        runs(t, rpr(fmt, size, color), in_ltr=not rtl, more=n < last) for n, (t, fmt) in enumerate(cleaned)
    )
    return body, rtl


# ------------------------------------------------------------------------------------------ paragraphs


def paragraph(
    content: str | Sequence[Span],
    *,
    style: str | None = None,
    align: str | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    spacing: tuple[int, int] | None = None,
    fmt: str = PLAIN,
    size: int | None = None,
    color: str | None = None,
) -> str:
    """A ``w:p`` element as text. ``style`` is a style id (``Heading1``, ``Title``); ``spacing`` is
    (before, after) in twips; ``size`` in half-points."""
    spans: Sequence[Span] = [(content, fmt)] if isinstance(content, str) else content
    body, rtl = spans_xml(spans, size, color)
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break_before:
        ppr += "<w:pageBreakBefore/>"
    if rtl:
        ppr += "<w:bidi/>"
    if spacing is not None:
        ppr += f'<w:spacing w:before="{spacing[0]}" w:after="{spacing[1]}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>" if ppr else f"<w:p>{body}</w:p>"


def field(instruction: str, placeholder: str, props: str = "") -> str:
    """A complex field (``PAGE``, ``NUMPAGES``): Word and LibreOffice compute it when laying out each page."""
    head = f"<w:rPr>{props}</w:rPr>" if props else ""
    return (
        f'<w:r>{head}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{head}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{head}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{head}<w:t>{placeholder}</w:t></w:r>"
        f'<w:r>{head}<w:fldChar w:fldCharType="end"/></w:r>'
    )


# ---------------------------------------------------------------------------------------------- tables

Cell = str | Sequence[Span]


def widths(*weights: float) -> list[int]:
    """Column widths in twips from relative weights, filling the text width exactly."""
    total = sum(weights)
    out = [int(TEXT_WIDTH * w / total) for w in weights]
    out[-1] += TEXT_WIDTH - sum(out)
    return out


def _cell(content: Cell, width: int, fmt: str, size: int, fill: str | None) -> str:
    spans: Sequence[Span] = [(content, fmt)] if isinstance(content, str) else content
    body, rtl = spans_xml(spans, size)
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    ppr = '<w:pPr><w:bidi/><w:spacing w:before="20" w:after="20"/></w:pPr>' if rtl else _CELL_PPR
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr><w:p>{ppr}{body}</w:p></w:tc>'


KEEP_ROW_CHARS = 1200


def _length(content: Cell) -> int:
    return len(content) if isinstance(content, str) else sum(len(t) for t, _ in content)


_CELL_PPR = '<w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>'
# A word wider than its column is broken mid-word ("Safeguardin / g Unit"): each column is widened to its
# longest word, up to this many characters (a long address or link still wraps).
_WORD_CAP = 16
_CELL_PADDING = 230  # twips: Table Grid's left and right cell margins, with a little room


def _text(content: Cell) -> str:
    return content if isinstance(content, str) else "".join(t for t, _ in content)


def fit_words(headers: Sequence[str] | None, rows: Sequence[Sequence[Cell]], col_widths: Sequence[int], size: int) -> list[int]:  # fmt: skip
    """The widths, moved between columns so each holds its longest word whole where the table has room: taken
    from the columns with the most to spare, never below what their own words need."""
    out = list(col_widths)
    texts = [*([list(headers)] if headers is not None else []), *[[_text(c) for c in r] for r in rows]]
    per_char = size * 13 // 2  # twips per character: size is in half-points; 0.65 em covers bold Arial
    need = [
        min(_WORD_CAP, max((len(w) for t in texts for w in t[n].split()), default=0)) * per_char
        + _CELL_PADDING
        for n in range(len(out))
    ]
    for n in sorted(range(len(out)), key=lambda n: need[n] - out[n], reverse=True):
        while out[n] < need[n]:
            donor = max(range(len(out)), key=lambda d: out[d] - need[d])
            spare = out[donor] - need[donor]
            if donor == n or spare <= 0:
                break
            move = min(spare, need[n] - out[n])
            out[donor] -= move
            out[n] += move
    return out


def table(
    headers: Sequence[str] | None,
    rows: Iterable[Sequence[Cell]],
    col_widths: Sequence[int],
    *,
    first_col_bold: bool = False,
    size: int = TABLE_SIZE,
) -> str:
    """A ``w:tbl`` as text: Table Grid style, fixed layout with the given widths (so Word does not re-flow a
    300-row table column by column), the header row shaded, bold and repeated at the top of every page."""
    rows = [list(r) for r in rows]
    col_widths = fit_words(headers, rows, col_widths, size)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in col_widths)
    out = [
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(col_widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    if headers is not None:
        cells = "".join(
            _cell(h, w, BOLD, size, HEADER_FILL) for h, w in zip(headers, col_widths, strict=True)
        )
        out.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
    for row in rows:
        cells = "".join(
            _cell(c, w, BOLD if (first_col_bold and n == 0) else PLAIN, size, None)
            for n, (c, w) in enumerate(zip(row, col_widths, strict=True))
        )
        # A short row moves whole to the next page rather than leaving a line or two behind; a long one must
        # be allowed to break, or Word cuts off whatever does not fit on one page.
        keep = sum(_length(c) for c in row) < KEEP_ROW_CHARS
        out.append(
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>" if keep else f"<w:tr>{cells}</w:tr>"
        )
    out.append("</w:tbl>")
    return "".join(out)


# -------------------------------------------------------------------------------------------- document


class Body:
    """Collects body content as XML text in document order, then moves it into a python-docx document."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, xml: str) -> None:
        self.parts.append(xml)

    def title(self, text: str) -> None:
        self.add(paragraph(text, style="Title"))

    def heading(self, text: str, level: int = 1, *, page_break_before: bool = False) -> None:
        self.add(paragraph(text, style=f"Heading{level}", page_break_before=page_break_before))

    def para(self, content: str | Sequence[Span], **kw: object) -> None:
        self.add(paragraph(content, **kw))  # type: ignore[arg-type]

    def text(self, value: str | None, *, empty: str | None = None) -> None:
        """Free text as paragraphs, one per line; ``empty`` says so in italics when there is none."""
        lines = [ln for ln in clean(value).split("\n") if ln.strip()]
        if not lines and empty:
            self.add(paragraph(empty, fmt=ITALIC))
        for ln in lines:
            self.add(paragraph(ln))

    def labelled(self, label: str, value: str | None, *, missing: str | None = None) -> None:
        text = clean(value).strip()
        if not text and missing is None:
            return
        self.add(paragraph([(f"{label}: ", BOLD), (text or missing or "", PLAIN if text else ITALIC)]))

    def bullet(self, content: str | Sequence[Span]) -> None:
        self.add(paragraph(content, style="ListBullet"))

    def table(self, headers: Sequence[str] | None, rows: Iterable[Sequence[Cell]], col_widths: Sequence[int], **kw: bool) -> None:  # fmt: skip
        self.add(table(headers, rows, col_widths, **kw))  # type: ignore[arg-type]
        # Word merges two adjacent tables into one; a small empty paragraph keeps them apart.
        self.add('<w:p><w:pPr><w:spacing w:before="0" w:after="60"/></w:pPr></w:p>')

    def section_break(self) -> None:
        """End the current section here: what follows starts on a new page with its own page numbers."""
        self.add('<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr></w:p>')

    def move_into(self, doc: Document) -> None:
        body = doc.element.body
        frag = parse_xml(f"<w:body {NSDECLS}>{''.join(self.parts)}</w:body>".encode())
        anchor = body.sectPr
        for child in list(frag):
            if anchor is not None:
                anchor.addprevious(child)
            else:
                body.append(child)
        self.parts.clear()


def new_document() -> Document:
    """A blank A4 document with 20 mm margins, British English, Arial text and the template's real styles
    (Title, Heading 1/2, Table Grid, List Bullet) so Word's navigation pane shows the agenda."""
    doc = docx.Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    # The template's thumbnail is a picture of a blank page; file browsers would show it as this document.
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    page_setup(doc)
    styles = doc.styles
    for name, size in (
        ("Normal", 10.5),
        ("Title", 22),
        ("Subtitle", 12),
        ("Heading 1", 14),
        ("Heading 2", 12),
    ):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        rfonts = style.element.rPr.rFonts
        rfonts.set(f"{{{W_NS}}}cs", FONT)
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            rfonts.attrib.pop(f"{{{W_NS}}}{attr}", None)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.1
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 1"].paragraph_format.space_after = Pt(4)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    styles["Heading 2"].paragraph_format.space_after = Pt(3)
    styles["Title"].paragraph_format.space_after = Pt(4)
    lang = styles.element.find(f"{{{W_NS}}}docDefaults//{{{W_NS}}}lang")
    if lang is not None:
        lang.set(f"{{{W_NS}}}val", "en-GB")
    return doc


def page_setup(doc: Document, *, restart_numbering: bool = False) -> None:
    """A4 portrait with 20 mm margins for every section; ``restart_numbering`` makes each section count its
    pages from 1 (an agency's actions sheet is circulated on its own and should read "Page 1 of 1")."""
    for section in doc.sections:
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.header_distance = Mm(8)
        section.footer_distance = Mm(8)
        if restart_numbering:
            sect = section._sectPr
            if sect.find(f"{{{W_NS}}}pgNumType") is None:
                numbering = parse_xml(f'<w:pgNumType {NSDECLS} w:start="1"/>')
                cols = sect.find(f"{{{W_NS}}}cols")
                if cols is not None:
                    cols.addprevious(numbering)
                else:
                    sect.append(numbering)


def header_footer(doc: Document, header: Sequence[str], footers: Sequence[Sequence[str]]) -> None:
    """Put the given paragraphs (XML text) in the header and footer of every section, unlinked from any
    previous section so each section carries its own protective marking. ``footers[n]`` is section n's
    footer (the last one repeats if there are more sections)."""
    for n, section in enumerate(doc.sections):
        footer = footers[min(n, len(footers) - 1)]
        for part, paras in ((section.header, header), (section.footer, footer)):
            part.is_linked_to_previous = False
            el = part._element
            for child in list(el):
                el.remove(child)
            frag = parse_xml(f"<w:hdr {NSDECLS}>{''.join(paras)}</w:hdr>".encode())
            for child in list(frag):
                el.append(child)


def watermark(text: str) -> str:
    """A diagonal grey watermark (Word's own VML form, which LibreOffice also shows) inside a header paragraph."""
    t = escape(clean_line(text), {'"': "&quot;"})
    return (
        '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;'
        "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
        'fillcolor="#d0d0d0" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{FONT}&quot;;font-size:1pt" string="{t}"/>'
        "</v:shape></w:pict></w:r></w:p>"
    )
