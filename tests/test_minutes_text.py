"""Any text in any field makes a valid Word file: control characters, lone surrogates, emoji, right-to-left
scripts and markup-like text. python-docx raises on the first two, so the minutes must clean them first."""

from __future__ import annotations

import dataclasses as dc
import functools
import io
from itertools import cycle
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import READERS, build_minutes
from meetingtui.core.exports.minutes.document import LRM, clean, clean_line, is_rtl
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.fields import Record
from meetingtui.core.record.model import Case
from tests.conftest import SAMPLE_TODAY
from tests.disclosure_util import allow_all
from tests.docx_util import W, save

# Fields whose values the code reads as vocabulary, ids or times rather than free text.
STRUCTURAL = {
    "id",
    "meeting_id",
    "item_key",
    "key",
    "status",
    "attendance",
    "kind",
    "move",
    "category",
    "outcome",
    "reliability",
    "start",
    "arrived",
    "left",
    "approved_at",
    "started_at",
    "ended_at",
    "at",
    "event",
    "template",
    # The statutory facts: whom a notice went to and what about, and which placement a visit was in.
    "to",
    "about",
    "placement_id",
}

REQUIRED_TEXT = {"name", "title", "text", "owner", "label"}

NASTY = [
    "\x00",
    "\x01\x02\x1b[31m",
    "\x0b\x0c\x7f\x85\x9f",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",  # a surrogate pair that arrived as two code points
    "😀👩‍👧‍👦",
    "مرحبا بالعالم",
    "שלום עולם 123",
    "[b]bold[/b] [/] [link=x]x[/link] [red on white]",
    "<w:t>&amp;</w:t> ]]> <!-- -->",
    "\u202eevil\u2066",
    "\ufffe\uffff",
    "line\r\nbreak\ttab",
    "",
    " ",
]

texts = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=()), max_size=12)),
    min_size=1,
    max_size=10,
)


def fill(record: Record, source: Any) -> None:
    """Put the next nasty string into every free-text field of a record and its children."""
    for f in dc.fields(record):
        if f.name.startswith("_") or f.name in STRUCTURAL:
            continue
        value = getattr(record, f.name)
        if isinstance(value, str):
            text = next(source)
            # Required names and the like must stay non-empty for the record to make sense.
            if not text.strip() and f.name in REQUIRED_TEXT:
                text = "x" + text
            setattr(record, f.name, text)
        elif isinstance(value, Record):
            fill(value, source)
        elif isinstance(value, list):
            for n, v in enumerate(value):
                if isinstance(v, Record):
                    fill(v, source)
                elif isinstance(v, str):
                    value[n] = next(source)


@functools.cache
def _demo() -> Case:
    # Not the fixture: hypothesis prints a failing example's arguments, and a whole case is no help there.
    return demo_case(SAMPLE_TODAY)


@settings(max_examples=20, deadline=None)
@given(values=texts, reader=st.sampled_from(READERS))
def test_every_field_survives_any_text(values: list[str], reader: str) -> None:
    case = _demo().copy()
    fill(case, cycle(values))
    for m in case.meetings:
        own = Settings(user="\x00user\ud800")
        doc = build_minutes(allow_all(case, m.id, reader, own), m.id, reader=reader, settings=own)
        reopened = docx.Document(io.BytesIO(save(doc)))
        marking = clean_line(m.marking) or "OFFICIAL-SENSITIVE"
        # Only invisible left-to-right marks are added (after right-to-left text followed by digits).
        assert reopened.sections[0].header.paragraphs[0].text.replace(LRM, "") == marking
        assert reopened.sections[0].footer.paragraphs[-1].text.replace(LRM, "") == marking
        if reader not in ("actions", "young-person"):  # the young person's version opens with "Your meeting"
            # Only invisible left-to-right marks are added (after right-to-left text inside a line).
            assert reopened.paragraphs[0].text.replace(LRM, "") == clean(m.title).replace(LRM, "")


def test_clean_keeps_meaning_and_drops_what_xml_cannot_hold() -> None:
    assert clean("a\x00b\x1bc\x7f") == "abc"
    assert clean("\ud83d\ude00") == "😀"  # pair rejoined
    assert clean("x\ud800y") == "x\ufffdy"  # lone surrogate shown as a replacement character
    assert clean("a\r\nb\rc\x0bd\u2028e") == "a\nb\nc\nd\ne"
    assert clean("\u202eabc") == "\u202eabc\u202c"  # an override never leaks past its own text
    assert clean(clean("\u202ea\u2066b")) == clean("\u202ea\u2066b") == "\u202ea\u2066b\u202c\u2069"
    assert clean(None) == "" and clean(5) == "5"
    assert clean("[b]x[/] <tag> & 😀 مرحبا") == "[b]x[/] <tag> & 😀 مرحبا"


def test_rtl_text_keeps_its_direction(demo: Case) -> None:
    case = demo.copy()
    m = case.meeting("M1")
    m.items[0].notes = "مرحبا بالعالم (Arabic first)\nEnglish first then עברית"
    case.wishes[0].text = "אני רוצה להישאר ליד החברים שלי"
    m.title = "Meeting about ملخص"
    raw = save(build_minutes(case, "M1", reader="full", settings=Settings(user="t")))
    doc = docx.Document(io.BytesIO(raw))
    paras = {p.text: p for p in doc.paragraphs}
    arabic = paras["مرحبا بالعالم (Arabic first)"]._p
    english = paras["English first then עברית"]._p
    assert arabic.find(f"{W}pPr/{W}bidi") is not None  # right-to-left paragraph
    assert english.find(f"{W}pPr/{W}bidi") is None  # left-to-right paragraph ...
    rtl_runs = [r for r in english.iter(f"{W}r") if r.find(f"{W}rPr/{W}rtl") is not None]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in rtl_runs] == ["עברית"]  # ... with an RTL run
    # A date after right-to-left text in a left-to-right line stays after it (a left-to-right mark between).
    header = doc.sections[0].header.paragraphs[1].text
    assert header.startswith(f"{m.title}{LRM}  ·  ")
    cell = next(c for t in doc.tables for row in t.rows for c in row.cells if c.text == case.wishes[0].text)
    assert cell.paragraphs[0]._p.find(f"{W}pPr/{W}bidi") is not None


@pytest.mark.parametrize(
    "text,rtl", [("שלום", True), ("123 مرحبا", True), ("Hello שלום", False), ("", False), ("(1) !", False)]
)
def test_direction_is_the_first_strong_character(text: str, rtl: bool) -> None:
    assert is_rtl(text) is rtl
