"""Pictures of the key screens (SVG), so a layout change is seen in review. Time is frozen for each.

Update after an intended change with: .venv/bin/pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from meetingtui.core import clock
from meetingtui.core.config.templates import load_templates, meeting_items
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.meeting import MeetingScreen

T0 = datetime(2026, 12, 10, 10, 0, tzinfo=datetime(2026, 12, 10).astimezone().tzinfo)


@pytest.fixture
def live(loaded: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, str]:
    """The demo case with a professionals meeting started at 10:00, seen at 10:07 on the second item."""
    loaded.settings.user = "Martin Cole"
    template = load_templates(loaded).get("professionals-meeting")
    plan = lifecycle.MeetingPlan(
        title=template.title,
        on=date(2026, 12, 10),
        start="10:00",
        location="Teams",
        items=meeting_items(template),
        template_id=template.id,
    )
    mid = lifecycle.schedule_meeting(loaded.repo, "DEMO-1", plan, by="Martin Cole", now=T0).id
    lifecycle.start_meeting(loaded.repo, "DEMO-1", mid, by="Martin Cole", now=T0)
    second = loaded.repo.load_meeting("DEMO-1", mid).items[1].key
    lifecycle.go_to_item(loaded.repo, "DEMO-1", mid, second, now=T0 + timedelta(minutes=4))
    contents.save_notes(
        loaded.repo, "DEMO-1", mid, second, "Confidentiality statement read. [b]Shown as typed[/b]."
    )
    monkeypatch.setattr(clock, "now", lambda: T0 + timedelta(minutes=7))
    return loaded, mid


class TestSnapshots:
    def test_home(self, snap_compare, loaded: Workspace) -> None:
        assert snap_compare(make_app(loaded), terminal_size=(120, 40))

    def test_live_meeting(self, snap_compare, live) -> None:
        ws, mid = live
        assert snap_compare(make_app(ws, start_screen=MeetingScreen("DEMO-1", mid)), terminal_size=(120, 40))

    def test_live_meeting_at_80_by_24(self, snap_compare, live) -> None:
        ws, mid = live
        assert snap_compare(make_app(ws, start_screen=MeetingScreen("DEMO-1", mid)), terminal_size=(80, 24))

    def test_shared_screen(self, snap_compare, live) -> None:
        ws, mid = live
        # ctrl+r: the shared-screen view for the room
        assert snap_compare(
            make_app(ws, start_screen=MeetingScreen("DEMO-1", mid)),
            press=["ctrl+r"],
            terminal_size=(120, 40),
        )


SIZES = [(80, 24), (100, 30), (120, 40), (160, 50)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("kind", ["interventions", "placement", "previous-actions", "wishes"])
def test_meeting_item_panels(snap_compare, live, kind: str, size: tuple[int, int]) -> None:
    """The facts the case review asked for, at every size: the interventions' outcome and evidence, the
    placement's review clock with its due date, the earlier actions with their text, the young person's words.
    The panel's table has the focus, so it is scrolled into view as a chair tabbing to it would see it."""
    ws, mid = live
    key = next(i.key for i in ws.repo.load_meeting("DEMO-1", mid).items if i.kind == kind)
    lifecycle.go_to_item(ws.repo, "DEMO-1", mid, key, now=T0 + timedelta(minutes=5))

    async def focus_panel(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.screen.query_one("#panel-table").focus()
        await pilot.pause(0.1)

    app = make_app(ws, start_screen=MeetingScreen("DEMO-1", mid))
    assert snap_compare(app, terminal_size=size, run_before=focus_panel)
