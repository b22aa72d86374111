"""Updating an action between meetings (tracker, case screen): the same rules as in a meeting's review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from meetingtui.core.errors import UserError
from meetingtui.ui.dialogs.records import disposition_form


def update_action_status(
    screen: Screen,
    case_id: str,
    action_id: str,
    after: Callable[[], None],
    typed: dict[str, Any] | None = None,
) -> None:
    from meetingtui.core.meeting.actions import ChangedElsewhere, record_disposition

    ws = screen.app.ws  # type: ignore[attr-defined]
    try:
        action = ws.repo.load_case(case_id).action(action_id)
    except UserError as exc:
        screen.app.say(str(exc), severity="error")  # type: ignore[attr-defined]
        return
    if action is None:
        return
    seen = [u.copy() for u in action.updates]

    def done(values: dict[str, Any] | None) -> None:
        if not values:
            return
        try:
            record_disposition(
                ws.repo,
                case_id,
                action_id,
                values["status"],
                on=ws.today(),
                due=values["due"],
                note=values["note"],
                seen=seen,
            )
        except ChangedElsewhere as exc:
            # Someone else updated it meanwhile: say what they did and show the form again, over the new
            # history, with what was typed still in it.
            screen.app.say(str(exc), severity="warning", timeout=15)  # type: ignore[attr-defined]
            after()
            update_action_status(screen, case_id, action_id, after, typed=values)
            return
        except UserError as exc:
            screen.app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        screen.app.say(f"{action_id}: {values['status']}.")  # type: ignore[attr-defined]
        after()

    screen.app.push_screen(disposition_form(action, None, ws.today(), typed), done)
