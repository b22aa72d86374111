"""Issue 19: a read-only visit changes nothing on disk, and the derived index is keyed on the case file's
content, so a copied or restored data folder keeps it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.meeting import MeetingScreen


def _state(root: Path) -> dict[str, tuple[int, int, bytes | None]]:
    out = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        # A folder's own mtime moves when a lock file comes and goes; what is in it must not change.
        mtime = st.st_mtime_ns if p.is_file() else 0
        out[str(p.relative_to(root))] = (st.st_mode, mtime, p.read_bytes() if p.is_file() else None)
    return out


async def test_only_viewing_a_case_and_its_meeting_changes_nothing_on_disk(loaded: Workspace) -> None:
    from meetingtui.core.rules.alerts import overview

    ws = Workspace.open(data=loaded.data_dir, config=loaded.config_dir, exports=loaded.exports_dir)
    overview(ws.repo, ws.settings, ws.today())  # the index and overview as any earlier start left them
    before = _state(loaded.data_dir)
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("enter")
        await pilot.pause(0.4)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("escape")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.2)
    after = _state(loaded.data_dir)
    assert {k for k in after if k not in before} == set()
    assert after == before


def test_a_copied_data_folder_keeps_its_index(loaded: Workspace, tmp_path: Path) -> None:
    FileRepository(loaded.data_dir).summary_raw("DEMO-1")
    copy = tmp_path / "copy"
    shutil.copytree(loaded.data_dir, copy)  # new inodes (as cp -a or a restore from backup)
    stamp = copy / "index" / "DEMO-1.stamp.json"
    index = copy / "index" / "DEMO-1.json"
    before = (index.read_bytes(), os.stat(index).st_mtime_ns)
    repo = FileRepository(copy, read_only=True)
    assert repo.summary_raw("DEMO-1")["id"] == "DEMO-1"
    assert repo._storage("DEMO-1")._data is None  # answered from the index, the case file never parsed
    assert (index.read_bytes(), os.stat(index).st_mtime_ns) == before
    assert stamp.exists()
