"""Any text in any text field: control characters, lone surrogates, right-to-left scripts, emoji, text that looks
like Rich markup, and a megabyte of it. It is stored as typed (a lone surrogate, which UTF-8 cannot hold,
becomes U+FFFD), round-trips through the case file, shows literally on every screen without a control character
reaching the terminal, and goes into the Word minutes. (Every field into the minutes, for any text, is covered
by test_minutes_text.py.)"""

from __future__ import annotations

import asyncio
import io
import tempfile
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.widgets import DataTable, Static, TextArea

from meetingtui.core.config.settings import Settings
from meetingtui.core.errors import UserError
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.exports.minutes.document import LRM
from meetingtui.core.meeting import contents
from meetingtui.core.record.casefile import case_file_dict, dumps_case_file, parse_case, parse_json
from meetingtui.core.record.model import Case, Decision
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.safe import editable
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.meeting import MeetingScreen
from meetingtui.ui.screens.room import RoomScreen
from meetingtui.ui.screens.tracker import TrackerScreen
from tests.conftest import SAMPLE_TODAY
from tests.docx_util import all_text, save
from tests.test_minutes_text import NASTY, _demo, fill

CASE = "DEMO-1"
# Any code point at all, including lone surrogates and every control character.
anything = st.text(st.characters(exclude_categories=()), max_size=40)
texts = st.lists(st.one_of(st.sampled_from(NASTY), anything), min_size=1, max_size=12)
MARKUP = ("[b]NAME-7Q[/b]", "[link=https://x.invalid]TITLE-7Q[/link]", "[red]DECISION-7Q[/]", "[/]ACTION-7Q[")


def stored_as(text: str) -> str:
    """What storage keeps of ``text``, worked out independently: a surrogate pair that arrived as two code
    points becomes its character, a lone surrogate U+FFFD, everything else exactly as given."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if "\ud800" <= c <= "\udbff" and "\udc00" <= nxt <= "\udfff":
            out.append(chr(0x10000 + ((ord(c) - 0xD800) << 10) + (ord(nxt) - 0xDC00)))
            i += 2
            continue
        out.append("\ufffd" if "\ud800" <= c <= "\udfff" else c)
        i += 1
    return "".join(out)


def _stored_dict(value: object) -> object:
    if isinstance(value, str):
        return stored_as(value)
    if isinstance(value, dict):
        return {k: _stored_dict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stored_dict(v) for v in value]
    return value


def _nasty_case(values: list[str]) -> Case:
    case = _demo().copy()
    fill(case, cycle(values))
    return case


# ------------------------------------------------------------------------------------- storage and files


@settings(max_examples=25, deadline=None)
@given(values=texts)
def test_any_text_in_every_field_round_trips_through_storage_and_the_case_file(values: list[str]) -> None:
    case = _nasty_case(values)
    with tempfile.TemporaryDirectory() as tmp:
        repo = FileRepository(Path(tmp), sync=False)
        repo.create_case(case)
        loaded = FileRepository(Path(tmp)).load_case(CASE)
        assert loaded.to_dict(internal=True) == _stored_dict(case.to_dict(internal=True))
        raw = dumps_case_file(case_file_dict(repo, CASE))
        again = parse_case(parse_json(raw, "export.json"), "export.json")
        assert again.to_dict() == loaded.to_dict()


@settings(max_examples=25, deadline=None)
@given(notes=anything, decision=anything, owner=anything)
@example(notes="\ud83d\ude00 \ud800 \x00\x1b[31m", decision="[b]x[/b] שלום", owner="😀 مرحبا")
def test_any_text_typed_in_a_meeting_is_stored_as_typed(notes: str, decision: str, owner: str) -> None:
    """Through the functions the meeting screen calls, so the check made before every write is included."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = FileRepository(Path(tmp), sync=False)
        repo.create_case(_demo())
        contents.save_notes(repo, CASE, "M2", "placement", notes)
        text, who = "x" + decision, "o" + owner  # a decision and an owner must not be blank
        contents.add_decision(
            repo, CASE, "M2", "placement", Decision(text=text, reason=decision, dissent=notes)
        )
        action = contents.add_action(
            repo, CASE, "M2", item_key="placement", text=text, owner=who, agency=owner, due=SAMPLE_TODAY
        )
        fresh = FileRepository(Path(tmp))
        item = fresh.load_meeting(CASE, "M2").item("placement")
        assert item.notes == (stored_as(notes) or None)
        d = item.decisions[-1]
        assert (d.text, d.reason, d.dissent) == (stored_as(text), stored_as(decision), stored_as(notes))
        a = fresh.load_case(CASE).action(action.id)
        assert (a.text, a.owner) == (stored_as(text).strip(), stored_as(who).strip())


MEGABYTE = ("Grace: مرحبا 😀 [b]not bold[/b] \x00\x1b[31m \ud800 שלום\r\n" * 30_000)[:1_000_000]


async def test_a_megabyte_of_notes_is_stored_exported_and_shown(loaded: Workspace) -> None:
    repo = loaded.repo
    contents.save_notes(repo, CASE, "M2", "placement", MEGABYTE)
    stored = FileRepository(loaded.data_dir).load_meeting(CASE, "M2").item("placement").notes
    # Compared into a bool first: on failure pytest would otherwise diff two megabyte strings for minutes.
    same = stored == stored_as(MEGABYTE) and len(stored) == 1_000_000
    assert same, "the stored notes differ from what was typed"
    again = parse_case(parse_json(dumps_case_file(case_file_dict(repo, CASE)), "x"), "x")
    same = again.meeting("M2").item("placement").notes == stored
    assert same, "the case file changed the notes"
    minutes = save(build_minutes(repo.load_case(CASE), "M2", reader="full", settings=Settings()))
    words = all_text(minutes).replace(LRM, "")
    assert words.count("Grace: مرحبا 😀 [b]not bold[/b]") == MEGABYTE.count("Grace: مرحبا 😀 [b]not bold[/b]")
    app = make_app(loaded, start_screen=MeetingScreen(CASE, "M2", item_key="placement"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        # All of it, line breaks made plain and control characters shown as symbols (see ui.safe.editable).
        same = app.screen.query_one("#notes", TextArea).text == editable(stored)
        assert same, "the editor does not hold the whole note"
        assert_no_control_characters_reach_the_terminal(app)


def test_one_character_more_than_the_schema_allows_is_refused_before_anything_is_written(
    loaded: Workspace,
) -> None:
    """Saved, it would make the whole case unreadable at the next start; refused, the minute-taker is told."""
    before = loaded.repo.case_path(CASE).read_bytes()
    with pytest.raises(UserError) as err:
        contents.save_notes(loaded.repo, CASE, "M2", "placement", "x" * 1_000_001)
    assert str(err.value) == (
        f"case {CASE}: not saved: case.meetings[M2].items[1].notes: is longer than 1000000 characters (1000001)"
    )
    with pytest.raises(UserError, match=r"case.actions\[A5\].owner: is longer than 200"):
        contents.add_action(
            loaded.repo,
            CASE,
            "M2",
            item_key=None,
            text="Book it",
            owner="o" * 201,
            agency=None,
            due=SAMPLE_TODAY,
        )
    assert loaded.repo.case_path(CASE).read_bytes() == before
    assert not list((loaded.data_dir / "backups").rglob("*.json"))  # refused: not even a backup taken
    assert FileRepository(loaded.data_dir).load_case(CASE).name == "J.T."


# -------------------------------------------------------------------------------------------------- the TUI


def assert_no_control_characters_reach_the_terminal(app) -> None:  # type: ignore[no-untyped-def]
    """What the screen sends to the terminal, as text: no ESC or other control character from user text."""
    console = Console(file=io.StringIO(), force_terminal=True, width=app.size.width, height=app.size.height)
    update = app.screen._compositor.render_update(full=True)
    text = "".join(seg.text for seg in console.render(update) if not seg.control)
    bad = {
        c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or "\ud800" <= c <= "\udfff"
    }
    assert not bad, f"{type(app.screen).__name__} sends {sorted(map(hex, map(ord, bad)))} to the terminal"


def _statics(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.content) for w in app.screen.query(Static))


def _cells(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        str(cell) for t in app.screen.query(DataTable) for r in range(t.row_count) for cell in t.get_row_at(r)
    )


async def _render_everywhere(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.15)
        assert_no_control_characters_reach_the_terminal(app)
        assert MARKUP[0] in _cells(app)  # the case name, as typed, in the home screen's table
        app.push_screen(CaseScreen(CASE))
        await pilot.pause(0.1)
        assert MARKUP[0] in _statics(app) and MARKUP[1] in _cells(app)
        assert_no_control_characters_reach_the_terminal(app)
        for tab in ("tab-actions", "tab-record"):
            app.screen.query_one("#case-tabs").active = tab
            await pilot.pause(0.05)
            assert_no_control_characters_reach_the_terminal(app)
        app.push_screen(MeetingScreen(CASE, "M2", item_key="placement"))
        await pilot.pause(0.15)
        assert MARKUP[1] in _statics(app) and MARKUP[2] in _statics(app) and MARKUP[3] in _statics(app)
        assert_no_control_characters_reach_the_terminal(app)
        app.push_screen(RoomScreen(CASE, "M2"))
        await pilot.pause(0.1)
        assert_no_control_characters_reach_the_terminal(app)
        app.push_screen(TrackerScreen())
        await pilot.pause(0.1)
        assert MARKUP[3] in _cells(app)
        assert_no_control_characters_reach_the_terminal(app)


@settings(max_examples=2, deadline=None)  # each example runs the app through six screens
@given(values=texts)
@example(values=NASTY)
def test_any_text_shows_literally_on_every_screen(values: list[str]) -> None:
    case = _nasty_case(values)
    case.name = MARKUP[0]
    m2 = case.meeting("M2")
    m2.title = MARKUP[1]
    m2.item("placement").decisions.append(Decision(text=MARKUP[2]))
    case.actions[-1].text = MARKUP[3]
    case.actions[-1].status = "open"
    case.actions[-1].meeting_id, case.actions[-1].item_key = "M2", "placement"
    case.actions[-1].due = date(2026, 12, 24)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(data=Path(tmp) / "data", config=Path(tmp) / "config", sync=False)
        ws.today_override = SAMPLE_TODAY
        ws.repo.create_case(case)
        asyncio.run(_render_everywhere(ws))
