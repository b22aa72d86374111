"""The disclosure check in the TUI can rewrite a passage (w), not only restrict or allow it: the family's copy
carries the new wording and the full version keeps the original."""

from __future__ import annotations

import docx
from textual.widgets import Input

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.disclosure import DisclosureDialog
from meetingtui.ui.dialogs.form import FormDialog

NEW = "Actions from the last meeting were reviewed."


async def test_rewrite_a_passage_from_the_disclosure_check(loaded: Workspace) -> None:
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("w")  # the newest meeting (M2, a draft)
        await pilot.pause(0.2)
        await pilot.press("down", "enter")  # the family version
        asked: list[str] = []
        passage = ""
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, DisclosureDialog):
                asked.append(app.screen.hit.where)
                if len(asked) == 1:
                    passage = app.screen.hit.text
                    await pilot.press("w")
                    for _ in range(50):
                        if isinstance(app.screen, FormDialog):
                            break
                        await pilot.pause(0.02)
                    field = app.screen.query_one(Input)
                    assert field.value == passage  # the new wording starts from the passage
                    field.value = NEW
                    await pilot.press("ctrl+s")
                else:
                    await pilot.press("a")
            if any("Minutes written" in str(n.message) for n in app._notifications):
                break
        written = [str(n.message) for n in app._notifications if "Minutes written" in str(n.message)]
    assert asked and written
    m2 = loaded.repo.load_meeting("DEMO-1", "M2")
    assert "rewrite" in {d.decision for d in m2.disclosure_decisions}
    family = "\n".join(p.text for p in docx.Document(written[0].split(": ", 1)[1]).paragraphs)
    assert NEW in family and passage not in family
    from meetingtui.core.exports.minutes import build_minutes
    from tests.docx_util import all_text, save

    full = all_text(
        save(build_minutes(loaded.repo.load_case("DEMO-1"), "M2", reader="full", settings=loaded.settings))
    )
    assert passage in full and NEW not in full  # the record keeps what was said


async def test_restricting_in_approved_minutes_is_refused_and_the_same_passage_asked_again(
    loaded: Workspace,
) -> None:
    """Found from outside: in approved minutes, r closed the whole check with "reopen them first". Now it says
    so and asks the same passage again, so the chair can rewrite or allow it and the version is written."""
    with loaded.repo.transaction("DEMO-1") as tx:
        meeting = tx.meeting("M2")
        meeting.status = "approved"
        tx.put_meeting(meeting)
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("w")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        asked: list[str] = []
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, DisclosureDialog):
                asked.append(app.screen.hit.where)
                await pilot.press("r" if len(asked) == 1 else "a")
                await pilot.pause(0.1)
            if any("Minutes written" in str(n.message) for n in app._notifications):
                break
        said = [str(n.message) for n in app._notifications]
    assert any("reopen them first" in m for m in said)
    assert len(asked) >= 2 and asked[0] == asked[1]  # the refused passage was asked again
    assert any("Minutes written" in m and "passages settled in the disclosure check" in m for m in said)


async def test_a_passage_restricted_from_the_meeting_screen_leaves_its_notes_editor_at_once(
    loaded: Workspace,
) -> None:
    """Found from outside: after r in the check, the notes editor still showed the passage, and typing on
    brought up "replaced on disk (an import or restore)", whose "keep mine" put it back in the open notes."""
    from textual.widgets import TextArea

    from meetingtui.ui.screens.meeting import MeetingScreen

    app = make_app(loaded, start_screen=MeetingScreen("DEMO-1", "M2", item_key="review-actions"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        passage = loaded.repo.load_meeting("DEMO-1", "M2").item("review-actions").notes
        assert passage and passage in app.screen.query_one("#notes", TextArea).text
        await pilot.press("w")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")  # the family version
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, DisclosureDialog):
                hit = app.screen.hit
                await pilot.press("r" if hit.where == "review-actions/notes" else "a")
                await pilot.pause(0.1)
            if any("Minutes written" in str(n.message) for n in app._notifications):
                break
        await pilot.pause(0.2)
        assert isinstance(app.screen, MeetingScreen)
        stored = loaded.repo.load_meeting("DEMO-1", "M2").item("review-actions")
        assert passage in (stored.restricted_notes or "")
        assert passage not in app.screen.query_one("#notes", TextArea).text
