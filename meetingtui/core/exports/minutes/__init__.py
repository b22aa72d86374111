"""Word minutes of a meeting, in a version for each reader (``full``, ``family``, ``actions``).

The minutes may be read in court and by the young person years later: real Word styles (the navigation pane
shows the agenda), A4, the protective marking centred in the header and footer of every page with the version
and "Page X of Y", restricted items left out of the family's copy entirely.

``build_minutes`` is pure (a case in, a python-docx document out) so the TUI can run it in a worker thread;
``write_minutes`` loads the case, builds, and writes a private file through ``core.files``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from meetingtui.core import disk
from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import Conflict, NotFound, UserError
from meetingtui.core.exports.minutes import disclosure, document, properties, rewording, sections, young
from meetingtui.core.exports.minutes.naming import inside, safe_filename
from meetingtui.core.exports.minutes.readers import (
    OUTSIDE,
    READER_LABELS,
    READERS,
    View,
    by_agency,
    check_reader,
    make_view,
)
from meetingtui.core.exports.minutes.settle import Unsettled
from meetingtui.core.exports.minutes.words import short_date
from meetingtui.core.record.model import DEFAULT_MARKING, Case, Meeting
from meetingtui.core.text.show import show

if TYPE_CHECKING:
    from docx.document import Document

    from meetingtui.core.workspace import Workspace

__all__ = ["READERS", "READER_LABELS", "build_minutes", "default_filename", "write_minutes"]

Progress = Callable[[float, str], None]


def _quiet(_fraction: float, _message: str) -> None:
    pass


def _meeting(case: Case, meeting_id: str) -> Meeting:
    m = case.meeting(meeting_id)
    if m is None:
        raise NotFound(f"case {case.id}: no meeting {show(meeting_id)}")
    return m


def build_minutes(
    case: Case,
    meeting_id: str,
    *,
    reader: str,
    settings: Settings,
    progress: Progress | None = None,
) -> Document:
    """The minutes of one meeting as a python-docx document, for ``reader`` (one of ``READERS``)."""
    report = progress or _quiet
    check_reader(reader)
    meeting = _meeting(case, meeting_id)
    report(0.0, "Preparing")
    view = make_view(case, meeting, reader, settings)
    if reader in OUTSIDE:
        rewording.apply(view)  # the chair's new wording, in this reader's copy only
    doc = document.new_document()
    body = document.Body()
    if reader == "actions":
        sections.render_actions(view, body, report)
    elif reader == "young-person":
        young.render_young(view, body, report)
    else:
        sections.render_minutes(view, body, report)
    report(0.85, "Laying out the document")
    body.move_into(doc)
    document.page_setup(doc, restart_numbering=reader == "actions")
    _header_footer(doc, view, settings)
    if reader in OUTSIDE:
        # Nothing leaves the professionals with a passage the chair has not decided on (disclosure.py).
        report(0.9, "Checking what this version discloses")
        unsettled, _ = disclosure.check(view, case, document_text(doc))
        if unsettled:
            raise Unsettled(case.id, meeting.id, reader, unsettled)
    # The properties carry nothing from the template, and the young person's case id only when a council's
    # setting allows it (File > Info shows them to anyone the file is sent to); the author is who wrote it.
    who = f"{case.name} (case {case.id})" if settings.case_id_in_properties else case.name
    properties.set_properties(
        doc,
        # The reader's: a title rewritten for them stays so; the young person's copy is "Your meeting".
        title="Your meeting" if reader == "young-person" else f"Minutes: {view.meeting.title}",
        subject=f"{who}, meeting on {short_date(meeting.date)}; {READER_LABELS[reader]}",
        author=settings.user,
        keywords=_marking(meeting, settings),
        version=meeting.shown_version,
    )
    report(0.95, "Document built")
    return doc


def document_text(doc: Document) -> list[str]:
    """Every paragraph of the body (tables included), headers and footers, as a reader sees them."""
    from docx.oxml.ns import qn

    roots = [doc.element.body]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:
                continue
            roots.append(part._element)
    out = []
    for root in roots:
        for p in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if text.strip():
                out.append(text)
    return out


def _marking(meeting: Meeting, settings: Settings) -> str:
    """The protective marking as one line; a blank one never leaves a page unmarked."""
    return document.clean_line(meeting.marking) or document.clean_line(settings.marking) or DEFAULT_MARKING


def _header_footer(doc: Document, view: View, settings: Settings) -> None:
    """Marking, title, date and version at the top; which version, "Page X of Y" and the marking again at
    the bottom. An agency's actions sheet is its own section, named in its footer and numbered from 1."""
    meeting, reader = view.meeting, view.reader
    small, grey = 16, "595959"
    marking = _marking(meeting, settings)
    draft = sections.is_draft(meeting)
    # The young person's own copy is headed as its first page is ("Your meeting"), not with the professionals'
    # title: read as a 16-year-old, "Professionals meeting: interventions not working" on every page was about
    # them and not for them.
    title = "Your meeting" if reader == "young-person" else meeting.title
    line = [(f"{title}  ·  {short_date(meeting.date)}  ·  Version {meeting.shown_version}", "")]
    if draft:
        line.append(("  ·  DRAFT", document.BOLD))
    header = [
        document.paragraph(marking, style="Header", align="center", fmt=document.BOLD, size=20),
        document.paragraph(line, style="Header", align="center", size=small, color=grey),
    ]
    if draft:
        header.append(document.watermark("DRAFT"))
    props = document.rpr("", small, grey)
    if reader == "actions":
        labels = [
            f"Actions for {agency}" if agency else "Actions with no agency recorded"
            for agency, _ in by_agency(view)
        ] or [READER_LABELS[reader]]
    else:
        labels = [READER_LABELS[reader]]
    footers = [
        [
            '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
            + document.runs(
                document.clean(f"{label}  ·  Version {meeting.shown_version}  ·  Page "),
                props,
                in_ltr=True,
                more=True,
            )
            + document.field("PAGE", "1", props)
            + document.runs(" of ", props)
            + document.field("SECTIONPAGES" if reader == "actions" else "NUMPAGES", "1", props)
            + "</w:p>",
            document.paragraph(marking, style="Footer", align="center", fmt=document.BOLD, size=20),
        ]
        for label in labels
    ]
    document.header_footer(doc, header, footers)


def default_filename(case: Case, meeting: Meeting, reader: str) -> str:
    """e.g. ``2026-11-05_C-0427_M-2026-11-05_full_v1.docx`` (``…_v1_draft.docx`` until approved): sorts by date,
    names the reader and the minutes version, and never lets a draft take the approved version's name."""
    state = "" if meeting.status == "approved" else "_draft"
    # The reader, version and state are kept whatever the ids' length: a cut name could make the family
    # version and the full version one file.
    tail = f"_{reader}_v{meeting.shown_version}{state}.docx"
    return safe_filename(f"{meeting.date.isoformat()}_{case.id}_{meeting.id}", suffix=tail)


def to_bytes(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_minutes(
    ws: Workspace,
    case_id: str,
    meeting_id: str,
    *,
    reader: str = "full",
    out: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    notes: list[str] | None = None,
) -> Path:
    """Build and write the minutes; returns the file written (0600). ``notes`` collects what the writer should
    be told (the young person's version's readability figure).

    With ``out=None`` the file goes into the exports folder (created 0700) under ``default_filename``; the
    final path is checked to be inside that folder. With ``out`` the file is written exactly there. Either
    way an existing file is replaced only with ``force``.
    """
    report = progress or _quiet
    check_reader(reader)
    case = ws.repo.load_case(case_id)
    meeting = _meeting(case, meeting_id)
    if out is None:
        folder = disk.ensure_dir(ws.exports_dir)
        target = inside(folder, default_filename(case, meeting, reader))
    else:
        target = _user_target(Path(out))
    if target.exists() and not force:
        raise Conflict(f"{target}: already exists (use --force to overwrite)")
    built = build_minutes(case, meeting_id, reader=reader, settings=ws.settings, progress=report)
    if reader == "young-person" and notes is not None:
        score, words = young.readability(document_text(built))
        notes.append(f"Readability (Flesch reading ease, textstat): {score:.0f}, {words}.")
    data = to_bytes(built)
    report(0.97, "Saving")
    disk.write_new(target, data, overwrite=force)
    _record_written(ws, case_id, meeting_id, reader, target, notes)
    report(1.0, f"Saved {target.name}")
    return target


def _record_written(
    ws: Workspace, case_id: str, meeting_id: str, reader: str, target: Path, notes: list[str] | None
) -> None:
    """Who wrote which version for which reader, and when: the start of "who got what" (``circulated`` adds
    the recipients). The file is written either way: a case that cannot take the record says so."""
    from meetingtui.core.record.model import Circulation, now_stamp

    try:
        with ws.repo.transaction(case_id) as tx:
            m = tx.meeting(meeting_id)
            m.circulations.append(
                Circulation(
                    version=m.shown_version,
                    reader=reader,
                    at=now_stamp(),
                    by=ws.settings.user,
                    file=str(target),
                )
            )
            tx.put_meeting(m)
    except UserError as exc:
        if notes is not None:
            notes.append(f"Not recorded in the case that this version was written: {exc}")


def _user_target(out: Path) -> Path:
    out = out.expanduser()
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name ending in .docx")
    if out.suffix.lower() != ".docx":
        raise UserError(f"{out}: the minutes are a Word file; give a name ending in .docx")
    if not out.parent.exists():
        raise UserError(f"{out.parent}: no such folder")
    if not os.access(out.parent, os.W_OK):
        raise UserError(f"{out.parent}: permission denied (cannot write there)")
    return out
