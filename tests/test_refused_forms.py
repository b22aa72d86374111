"""A form whose save is refused (here: a case file its owner made read-only) stays open with everything typed
and says why in the form: nothing typed is lost to a refusal, for a new row as for an edit."""

from __future__ import annotations

import os

from textual.widgets import Input

from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.form import FormDialog
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.widgets.record_panel import RecordTable


async def test_a_new_row_refused_by_a_read_only_case_keeps_what_was_typed(loaded: Workspace) -> None:
    path = loaded.repo.case_path("DEMO-1")
    os.chmod(path, 0o400)
    before = path.read_bytes()
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, CaseScreen)
        app.screen.query_one("#case-tabs").active = "tab-record"
        await pilot.pause(0.1)
        app.screen.query_one("#rec-forums", RecordTable).focus()
        await pilot.press("n")
        await pilot.pause(0.1)
        await pilot.press(*"Channel panel", "ctrl+s")
        await pilot.pause(0.2)
        form = app.screen
        assert isinstance(form, FormDialog)
        assert "read-only" in str(form.query_one("#err-form").render())
        assert "Channel panel" in [i.value for i in form.query(Input)]
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o400
