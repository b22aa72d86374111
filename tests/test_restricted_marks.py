"""Actions and alerts that came from a restricted agenda item are marked restricted wherever they are listed
(issue 13 §4), so they are not forwarded by mistake. In the demo, A2 and A3 were agreed under M1's restricted
peers item; A1 and A4 were not."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from textual.widgets import DataTable

from meetingtui.cli import main
from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.record.model import Case
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from tests.conftest import SAMPLE_TODAY
from tests.docx_util import tables_with_header

AS_OF = "2026-11-26"


def test_actions_json_and_csv_have_a_restricted_column(
    loaded: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["actions", "--status", "all", "--format", "json", "--as-of", AS_OF]) == 0
    marks = {r["action_id"]: r["restricted"] for r in orjson.loads(capsys.readouterr().out)}
    assert marks == {"A1": False, "A2": True, "A3": True, "A4": False}
    assert main(["actions", "--status", "all", "--format", "csv", "--as-of", AS_OF]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["action_id"]: r["restricted"] for r in rows} == {
        "A1": "false",
        "A2": "true",
        "A3": "true",
        "A4": "false",
    }
    assert main(["actions", "--as-of", AS_OF]) == 0
    table = capsys.readouterr().out.splitlines()
    assert all(("[RESTRICTED]" in line) == (" A2 " in line or " A3 " in line) for line in table[2:])


def test_alerts_about_a_restricted_action_are_marked(
    loaded: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["alerts", "--format", "json", "--as-of", AS_OF]) == 0
    alerts = orjson.loads(capsys.readouterr().out)
    police = next(a for a in alerts if a["kind"] == "actions-overdue" and a["ref"] == "A3")
    assert police["restricted"] is True and police["message"].startswith("[RESTRICTED] ")
    # The other marked one names a peer (found from outside: it was unmarked though the peer map is restricted).
    peer = next(a for a in alerts if a["kind"] == "contact-plan-review")
    assert peer["restricted"] is True and peer["message"].startswith("[RESTRICTED] Contact plan for peer ")
    assert not any(a["restricted"] for a in alerts if a is not police and a is not peer)
    assert main(["alerts", "--as-of", AS_OF]) == 0
    assert "[RESTRICTED] Police: A3" in capsys.readouterr().out


def test_agency_sheets_mark_the_restricted_rows(demo: Case) -> None:
    doc = build_minutes(demo, "M2", reader="actions", settings=Settings(user="tester"))
    rows = [r for t in tables_with_header(doc, "Ref", "Action") for r in t[1:]]
    marked = {r[0] for r in rows if "RESTRICTED:\ndo not forward" in r[-1]}
    assert marked == {"A2", "A3"} and {r[0] for r in rows} - marked


def test_the_review_of_earlier_actions_marks_the_restricted_ones(demo: Case) -> None:
    """Found reading the full version of M2 as a police officer: A2 and A3 (agreed under M1's restricted item)
    were reviewed with no mark, though this meeting's own actions and the sheets carry one."""
    doc = build_minutes(demo, "M2", reader="full", settings=Settings(user="tester"))
    (review,) = [t for t in tables_with_header(doc, "Ref", "Action") if "History" in t[0]]
    marked = {r[0] for r in review[1:] if "RESTRICTED:\ndo not forward" in r[-1]}
    assert marked == {"A2", "A3"} and {r[0] for r in review[1:]} - marked


async def test_the_home_screen_marks_the_alert_of_a_restricted_action(loaded: Workspace) -> None:
    app = make_app(loaded)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.2)
        table = app.screen.query_one("#alerts", DataTable)
        alerts = [str(table.get_row_at(r)[2]) for r in range(table.row_count)]
        assert any(a.startswith("[RESTRICTED] Police: A3") for a in alerts), alerts
        assert any(a.startswith("[RESTRICTED] Contact plan for peer") for a in alerts), alerts
        assert not any("RESTRICTED" in a for a in alerts if "A3" not in a and "Contact plan" not in a)


async def test_the_action_tracker_flags_restricted_actions(loaded: Workspace) -> None:
    app = make_app(loaded)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("t")
        await pilot.pause(0.2)
        table = app.screen.query_one("#tracker", DataTable)
        flags = {str(table.get_row_at(r)[1]): str(table.get_row_at(r)[6]) for r in range(table.row_count)}
        assert {k for k, v in flags.items() if "RESTRICTED" in v} == {"A2", "A3"}, flags


def test_the_meetings_action_list_marks_an_action_restricted_on_its_own(demo: Case) -> None:
    """Found from outside: the side pane marked actions under a restricted item [R], but not one the
    minute-taker restricted by itself with X, so it read as safe to read out or forward."""
    from meetingtui.ui.screens.meeting_view import actions_text

    meeting = demo.meeting("M2")
    open_items = {i.key for i in meeting.items if not i.restricted}
    action = next(a for a in demo.actions_of("M2") if a.item_key in open_items and not a.is_restricted)
    before = actions_text(demo, meeting).plain
    assert not [line for line in before.splitlines() if line.startswith(f"{action.id} ") and "[R]" in line]
    action.restricted = True
    after = actions_text(demo, meeting).plain
    assert [line for line in after.splitlines() if line.startswith(f"{action.id} ") and "[R]" in line]


def test_the_review_table_and_the_end_summary_mark_restricted_actions(demo: Case) -> None:
    """Found from outside: the review of earlier actions and the end-of-meeting summary listed A2 and A3
    (agreed under the restricted peer item) and the restricted decisions with no mark."""
    from meetingtui.ui.dialogs.summary import summary_text
    from meetingtui.ui.widgets.record_tables import actions_rows

    _, rows = actions_rows(demo.actions, SAMPLE_TODAY, case=demo)
    marked = {key for key, cells in rows if "[R]" in str(cells[4])}
    assert {"A2", "A3"} <= marked and {key for key, _ in rows} - marked
    text = summary_text(demo, demo.meeting("M1")).plain
    assert [line for line in text.splitlines() if "A3 " in line and "[RESTRICTED]" in line]
    assert not [line for line in text.splitlines() if "A1 " in line and "[RESTRICTED]" in line]


async def test_an_action_carried_from_the_cli_shows_its_new_date_on_the_side_pane_and_shared_screen(
    loaded,  # type: ignore[no-untyped-def]
) -> None:
    """Found from outside: after `meetingtui action … carried --due …` during the meeting, the review table
    and the end summary had the new date, but the side pane and the shared screen kept the first one."""
    from datetime import date

    from meetingtui.cli import main
    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.room import RoomScreen

    case = loaded.repo.load_case("DEMO-1")
    action = next(
        a
        for a in case.actions_of("M2")
        if not a.is_restricted and a.item_key and not case.meeting("M2").item(a.item_key).restricted
    )
    new = date(2027, 1, 10)
    assert action.current_due != new
    args = ["--data", str(loaded.data_dir), "--config", str(loaded.config_dir)]
    assert (
        main(
            [
                *args,
                "action",
                "DEMO-1",
                action.id,
                "carried",
                "--due",
                new.isoformat(),
                "--note",
                "Panel moved",
            ]
        )
        == 0
    )
    app = make_app(loaded, case_id="DEMO-1")
    async with app.run_test(size=(120, 40)) as pilot:
        from meetingtui.ui.screens.meeting import MeetingScreen

        app.push_screen(MeetingScreen("DEMO-1", "M2"))
        await pilot.pause(0.3)
        side = str(app.screen.query_one("#meeting-actions").render())
        line = next(x for x in side.splitlines() if x.startswith(f"{action.id} "))
        assert "10 Jan" in line, line
        app.push_screen(RoomScreen("DEMO-1", "M2"))
        await pilot.pause(0.2)
        shared = str(app.screen.query_one("#room-actions").render())
        assert "by 2027-01-10" in shared and f"by {action.due.isoformat()}" not in shared
