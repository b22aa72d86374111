"""One copy of meetingtui editing a case through the same core functions its forms use, driven line by line.

``python -m tests.two_copies_driver DATA CASE FORM`` then, on stdin:

- ``open FIELD VALUE``: read the record (or row) as a form opening now would, and plan to set FIELD to VALUE;
  prints ``{"opened": true}``.
- ``save``: save the edit as the form would (with what it opened as the base); prints ``{"saved": true}`` or
  ``{"conflict": [fields], "message": ...}`` (nothing saved).
- ``resolve mine|theirs|both``: settle every conflict that way and save; prints as ``save`` does.

Two of these on one data folder are two copies of the app: tests/test_two_copies.py starts them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents, people
from meetingtui.core.record import edit
from meetingtui.core.record.merge import EditConflict
from meetingtui.core.store.files.repository import FileRepository

MEETING, ITEM = "M2", "placement"
ROWS = {"placement": "placements", "intervention": "interventions", "peer": "peers", "forum": "forums"}


def opener(repo: FileRepository, case_id: str, form: str, field: str, value: Any) -> Callable[[], Any]:
    """Read what the form would show now and return the save its Ctrl+S would do."""
    if form == "case":
        opened = repo.load_case(case_id)
        values = {k: getattr(opened, k) for k in edit.CASE_FIELDS}
        values[field] = value
        return lambda: edit.save_case_details(repo, case_id, opened=opened, **values)
    if form in ROWS or form == "wish":
        case = repo.load_case(case_id)
        kind = ROWS.get(form, "wishes")
        old = getattr(case, kind)[0]
        mine = old.copy()
        setattr(mine, field, value)
        return lambda: edit.save_row(repo, case_id, kind, mine, index=0, opened=old)  # type: ignore[arg-type]
    if form == "attendee":
        att = repo.load_meeting(case_id, MEETING).attendees[0]
        new = att.copy()
        setattr(new, field, value)
        return lambda: people.replace_attendee(repo, case_id, MEETING, att.name, new, opened=att)
    if form == "decision":
        item = repo.load_meeting(case_id, MEETING).item(ITEM)
        assert item is not None
        dec = item.decisions[0]
        new_d = dec.copy()
        setattr(new_d, field, value)
        return lambda: contents.replace_decision(repo, case_id, MEETING, ITEM, 0, new_d, opened=dec)
    if form == "action":
        action = next(a for a in repo.load_case(case_id).actions if a.meeting_id == MEETING)
        new_a = action.copy()
        setattr(new_a, field, value)
        return lambda: contents.edit_action(repo, case_id, new_a, opened=action)
    raise SystemExit(f"unknown form {form!r}")


def attempt(fn: Callable[[], Any]) -> tuple[dict[str, Any], EditConflict | None]:
    try:
        fn()
    except EditConflict as exc:
        return {"conflict": [c.field for c in exc.conflicts], "message": str(exc)}, exc
    except UserError as exc:
        return {"error": str(exc)}, None
    return {"saved": True}, None


def main(argv: list[str]) -> None:
    data, case_id, form = argv
    repo = FileRepository(Path(data))
    save: Callable[[], Any] | None = None
    pending: EditConflict | None = None
    for line in sys.stdin:
        cmd, _, rest = line.rstrip("\n").partition(" ")
        if cmd == "open":
            field, _, value = rest.partition(" ")
            save = opener(repo, case_id, form, field, value)
            out: dict[str, Any] = {"opened": True}
        elif cmd == "save":
            assert save is not None
            out, pending = attempt(save)
        elif cmd == "resolve":
            assert pending is not None
            choices = {c.field: rest for c in pending.conflicts}
            out, pending = attempt(functools.partial(pending.resolve, choices))
        else:
            raise SystemExit(f"unknown command {cmd!r}")
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
