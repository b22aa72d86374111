"""Two copies of meetingtui editing the same record never overwrite each other (issue 13 §1).

Each form that edits an existing record is driven in two real processes (tests/two_copies_driver.py, through
the same core functions the form uses), both opening the record before either saves: edits of different fields
both survive; an edit of the same field is reported to the second copy with nothing saved, and keeping both
loses neither. In-process tests cover rows that moved or vanished underneath.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents
from meetingtui.core.record import edit
from meetingtui.core.record.merge import EditConflict
from meetingtui.core.record.model import Case, Decision, Wish
from meetingtui.core.record.schema import check_case_record
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
CASE = "DEMO-1"


def _m2(case: Case) -> Any:
    m = case.meeting("M2")
    assert m is not None
    return m


# form, two fields it edits, and where the stored value of a field is found
FORMS: list[tuple[str, str, str, Callable[[Case], Any]]] = [
    ("case", "legal_status", "notes", lambda c: c),
    (
        "placement",
        "provider",
        "relationships_impact",
        lambda c: next(p for p in c.placements if p.id == "P1"),
    ),
    ("intervention", "provider", "evidence", lambda c: next(i for i in c.interventions if i.id == "I1")),
    ("peer", "strengths", "risks", lambda c: next(p for p in c.peers if p.id == "F1")),
    ("forum", "link_person", "notes", lambda c: next(f for f in c.forums if f.id == "G1")),
    ("wish", "how", "text", lambda c: c.wishes[0]),
    ("attendee", "role", "agency", lambda c: _m2(c).attendees[0]),
    ("decision", "reason", "dissent", lambda c: _m2(c).item("placement").decisions[0]),
    ("action", "agency", "text", lambda c: next(a for a in c.actions if a.meeting_id == "M2")),
]


class Copy:
    """One copy of the app in its own process."""

    def __init__(self, data: Path, form: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.two_copies_driver", str(data), CASE, form],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, f"the copy died on {line!r}"
        return json.loads(answer)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0


def stored(data: Path) -> Case:
    """The case as a third copy opening it now would see it."""
    return FileRepository(data).load_case(CASE)


@pytest.fixture
def data(loaded: Workspace) -> Path:
    contents.add_decision(
        loaded.repo, CASE, "M2", "placement", Decision(text="Stay at Larch Lodge", reason="settled there")
    )
    return loaded.data_dir


@pytest.mark.parametrize(("form", "field_a", "field_b", "where"), FORMS, ids=[f[0] for f in FORMS])
def test_two_copies_of_a_form_never_overwrite_each_other(
    data: Path, form: str, field_a: str, field_b: str, where: Callable[[Case], Any]
) -> None:
    a, b = Copy(data, form), Copy(data, form)
    try:
        # Different fields: both open before either saves, and both changes survive.
        assert a.ask(f"open {field_a} AAA-{form}") == {"opened": True}
        assert b.ask(f"open {field_b} BBB-{form}") == {"opened": True}
        assert a.ask("save") == {"saved": True}
        assert b.ask("save") == {"saved": True}
        row = where(stored(data))
        assert getattr(row, field_a) == f"AAA-{form}"
        assert getattr(row, field_b) == f"BBB-{form}"

        # The same field: the second copy is told, and nothing of it is saved until it chooses.
        a.ask(f"open {field_a} again-AAA")
        b.ask(f"open {field_a} again-BBB")
        assert a.ask("save") == {"saved": True}
        answer = b.ask("save")
        assert answer["conflict"] == [field_a], answer
        assert "changed in another copy" in answer["message"]
        assert getattr(where(stored(data)), field_a) == "again-AAA"
        # Keeping both loses neither; the other field is untouched.
        assert b.ask("resolve both") == {"saved": True}
        row = where(stored(data))
        assert "again-AAA" in getattr(row, field_a) and "again-BBB" in getattr(row, field_a)
        assert getattr(row, field_b) == f"BBB-{form}"
    finally:
        a.close()
        b.close()
    exported = FileRepository(data).export_dict(CASE)
    assert not check_case_record(exported)
    assert b'"uid"' not in orjson.dumps(exported)  # the internal row identity never leaves the store


def test_keep_mine_and_take_theirs(data: Path) -> None:
    a, b = FileRepository(data), FileRepository(data)
    opened_a, opened_b = a.load_case(CASE), b.load_case(CASE)
    edit.save_case_details(a, CASE, opened=opened_a, legal_status="s31 care order (A)")
    with pytest.raises(EditConflict) as caught:
        edit.save_case_details(b, CASE, opened=opened_b, legal_status="s20 (B)", notes="B's note")
    assert stored(data).notes == opened_a.notes  # nothing of B saved yet, not even the field without conflict
    caught.value.resolve({"legal_status": "theirs"})
    case = stored(data)
    assert (case.legal_status, case.notes) == ("s31 care order (A)", "B's note")

    opened_b = b.load_case(CASE)
    edit.save_case_details(a, CASE, opened=a.load_case(CASE), notes="A again")
    with pytest.raises(EditConflict) as caught:
        edit.save_case_details(b, CASE, opened=opened_b, notes="B again")
    caught.value.resolve({"notes": "mine"})
    assert stored(data).notes == "B again"


def test_a_wish_is_found_after_another_copy_removed_an_earlier_one(data: Path) -> None:
    a, b = FileRepository(data), FileRepository(data)
    first = stored(data).wishes[0]
    edit.save_row(a, CASE, "wishes", Wish(date=first.date, text="a second wish"))
    opened = b.load_case(CASE).wishes[1]
    assert opened.uid  # given when stored
    edit.delete_row(a, CASE, "wishes", 0)  # every wish moves up one place underneath b
    mine = opened.copy()
    mine.how = "through an advocate"
    edit.save_row(b, CASE, "wishes", mine, index=1, opened=opened)
    wishes = stored(data).wishes
    assert [(w.text, w.how) for w in wishes] == [("a second wish", "through an advocate")]


def test_a_row_deleted_in_another_copy_is_asked_about_not_lost(data: Path) -> None:
    a, b = FileRepository(data), FileRepository(data)
    opened = b.load_case(CASE).forums[0]
    edit.delete_row(a, CASE, "forums", opened.id)
    mine = opened.copy()
    mine.notes = "typed while it was being deleted"
    with pytest.raises(EditConflict) as caught:
        edit.save_row(b, CASE, "forums", mine, opened=opened)
    assert caught.value.removed
    assert opened.id not in [f.id for f in stored(data).forums]
    caught.value.resolve({c.field: "mine" for c in caught.value.conflicts})
    assert "typed while it was being deleted" in [f.notes for f in stored(data).forums]


def test_an_edit_without_a_change_underneath_applies_only_what_changed(data: Path) -> None:
    """Regression of the lost update in the issue: B's stale legal status must not come back."""
    a, b = FileRepository(data), FileRepository(data)
    opened_a, opened_b = a.load_case(CASE), b.load_case(CASE)
    every = {k: getattr(opened_b, k) for k in edit.CASE_FIELDS}
    edit.save_case_details(a, CASE, opened=opened_a, legal_status=f"{opened_a.legal_status} AAA-legal")
    edit.save_case_details(b, CASE, opened=opened_b, **{**every, "notes": f"{opened_b.notes} BBBcasenote"})
    case = stored(data)
    assert case.legal_status.endswith("AAA-legal") and case.notes.endswith("BBBcasenote")


def test_a_stale_screen_deletes_the_wish_it_showed(data: Path) -> None:
    a, b = FileRepository(data), FileRepository(data)
    first = stored(data).wishes[0]
    edit.save_row(a, CASE, "wishes", Wish(date=first.date, text="the wish to delete"))
    shown = b.load_case(CASE).wishes[1]
    edit.delete_row(a, CASE, "wishes", 0)  # underneath: the wish b shows at place 1 is now at place 0
    edit.delete_row(b, CASE, "wishes", 1, shown=shown)
    assert [w.text for w in stored(data).wishes] == []
    with pytest.raises(UserError):
        edit.delete_row(b, CASE, "wishes", 0, shown=first)  # already gone: said, nothing else deleted


def test_a_case_stored_before_row_uids_opens_and_merges(data: Path) -> None:
    """Files written before rows had an internal identity open as before; their rows are found by content."""
    path = data / "cases" / f"{CASE}.json"
    raw = orjson.loads(path.read_bytes())
    for w in raw["case"]["1"].get("wishes", []):
        w.pop("uid", None)
    for m in raw["meetings"].values():
        for a in m.get("attendees", []):
            a.pop("uid", None)
    path.write_bytes(orjson.dumps(raw))
    a, b = FileRepository(data), FileRepository(data)
    opened_a, opened_b = a.load_case(CASE).wishes[0], b.load_case(CASE).wishes[0]
    assert opened_a.uid == opened_b.uid  # both copies derive the same identity from the old file
    mine_a, mine_b = opened_a.copy(), opened_b.copy()
    mine_a.how, mine_b.recorded_by = "by text message", "the advocate"
    edit.save_row(a, CASE, "wishes", mine_a, index=0, opened=opened_a)
    edit.save_row(b, CASE, "wishes", mine_b, index=0, opened=opened_b)
    wish = stored(data).wishes[0]
    assert (wish.how, wish.recorded_by) == ("by text message", "the advocate")
    assert FileRepository(data).load_case(CASE).meeting("M2").attendees[0].uid  # type: ignore[union-attr]
