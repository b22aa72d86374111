"""A minute-taker in another process: reads one JSON command a line, makes the change through the core API,
and answers ``ok`` once it is saved (or ``error: ...``). Tests drive it to check that followers keep up.

Like the real minute-taker's app it holds the meeting's session lock throughout; ``hold`` also keeps the case
lock taken (as a save in progress does) until ``release``.

    python tests/minute_taker.py DATA CONFIG CASE_ID MEETING_ID
"""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date, timedelta

from meetingtui.core.errors import UserError
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.record.model import Decision
from meetingtui.core.workspace import Workspace


def apply(
    ws: Workspace, case_id: str, meeting_id: str, command: list[str], held: contextlib.ExitStack
) -> None:
    repo = ws.repo
    verb, *rest = command
    if verb == "hold":
        held.enter_context(repo.transaction(case_id))
    elif verb == "release":
        held.close()
    elif verb == "start":
        lifecycle.start_meeting(repo, case_id, meeting_id, by="minute-taker")
    elif verb == "go":
        lifecycle.go_to_item(repo, case_id, meeting_id, rest[0])
    elif verb == "notes":
        contents.save_notes(repo, case_id, meeting_id, rest[0], rest[1])
    elif verb == "decision":
        contents.add_decision(repo, case_id, meeting_id, rest[0], Decision(text=rest[1], reason=rest[2]))
    elif verb == "action":
        contents.add_action(
            repo,
            case_id,
            meeting_id,
            item_key=rest[0],
            text=rest[1],
            owner=rest[2],
            agency="Children's Services",
            due=date.today() + timedelta(days=14),
        )
    elif verb == "restrict":
        contents.set_restricted(repo, case_id, meeting_id, rest[0], True)
    else:
        raise UserError(f"unknown command {verb}")


def main() -> int:
    data, config, case_id, meeting_id = sys.argv[1:5]
    ws = Workspace.open(data=data, config=config)
    session = ws.repo.claim_session(case_id, meeting_id)
    assert session is not None, "another process is running this meeting"
    held = contextlib.ExitStack()
    for line in sys.stdin:
        try:
            apply(ws, case_id, meeting_id, json.loads(line), held)
        except UserError as exc:
            print(f"error: {exc}", flush=True)
        else:
            print("ok", flush=True)
    held.close()
    session.release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
