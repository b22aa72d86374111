"""The document's properties: what File > Info, a mail client or a file search shows about the minutes without
opening them. They carry nothing from python-docx's template (its application name, its template file, its
dates and revision ids) and nothing about the young person beyond what the caller passes (see
``build_minutes``: the case id only when a council's setting allows it)."""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document
from docx.oxml.ns import qn

from meetingtui.core.exports.minutes.document import clean_line


def set_properties(
    doc: Document, *, title: str, subject: str, author: str, keywords: str, version: int
) -> None:
    """Core properties (File > Info in Word). Each is one clean line within the format's 255-character limit."""
    cp = doc.core_properties
    cp.title = clean_line(title, 255)
    cp.subject = clean_line(subject, 255)
    cp.author = clean_line(author, 255)
    cp.last_modified_by = clean_line(author, 255)
    cp.keywords = clean_line(keywords, 255)
    cp.comments = ""
    cp.category = "Minutes"
    cp.version = str(version)
    cp.revision = max(1, version)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    cp.created = now
    cp.modified = now
    cp.language = "en-GB"
    cp.identifier = ""
    cp.content_status = ""
    # Never printed: the template's lastPrinted (and a fixed stand-in) would say otherwise.
    for el in cp._element.findall(qn("cp:lastPrinted")):
        cp._element.remove(el)
    _clean_app_properties(doc)
    _clean_settings(doc)


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>meetingtui</Application><DocSecurity>0</DocSecurity><AppVersion>1.0000</AppVersion>"
    "</Properties>"
)


def _clean_app_properties(doc: Document) -> None:
    """The app properties (docProps/app.xml) name only this app: python-docx's template says "Microsoft
    Macintosh Word" and ``Normal.dotm``, and its custom XML (a bibliography stub) goes too."""
    package = doc.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.encode()
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/customXml"):
            del doc.part.rels[rid]


def _clean_settings(doc: Document) -> None:
    """The template's revision-save ids (``w:rsids`` in word/settings.xml) tie every document to the machine
    and session the template was made on; Word writes its own when someone edits the minutes."""
    settings = doc.settings.element
    for el in settings.findall(qn("w:rsids")):
        settings.remove(el)
