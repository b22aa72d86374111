"""The core must never import textual (keeps CLI verbs fast and rules testable without a terminal)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import meetingtui.core


def _modules_loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_no_core_module_imports_textual() -> None:
    names = [m.name for m in pkgutil.walk_packages(meetingtui.core.__path__, "meetingtui.core.")]
    assert len(names) > 5
    loaded = _modules_loaded("\n".join(f"import {n}" for n in names))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_quick_cli_verbs_do_not_import_textual(tmp_path) -> None:
    code = (
        "import os\n"
        f"os.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
        "from meetingtui.cli import main\n"
        "main(['cases'])\n"
    )
    loaded = _modules_loaded(code)
    assert "meetingtui.core.store.files.repository" in loaded  # it really ran
    assert "textual" not in loaded
    assert "docx" not in loaded


def test_read_only_verbs_do_not_import_the_write_path(tmp_path) -> None:
    """`alerts` and `search` only read: the transaction, the merge rules with ``secrets``, and (with nothing to
    judge afresh) the clock rules stay unimported, which is several milliseconds of every such process."""
    for verb in ("['alerts']", "['search', 'curfew']"):
        code = (
            "import os\n"
            f"os.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
            "from meetingtui.cli import main\n"
            f"main({verb})\n"
        )
        loaded = _modules_loaded(code)
        assert "meetingtui.core.store.files.repository" in loaded  # it really ran
        unwanted = {
            "secrets",
            "meetingtui.core.record.merge",
            "meetingtui.core.store.files.transaction",
            "meetingtui.core.rules.clock_alerts",
        }
        assert not unwanted & loaded, verb


def test_a_cached_overview_is_read_without_the_record_model(tmp_path) -> None:
    """Home and `meetingtui alerts` read the date-stamped overview the app keeps; with it current, building
    the record model's two dozen classes is a tenth of either start for nothing. The first process loads the
    demo and writes the overview; the second reads it, as the app and the verb do, and must not import the
    model (it would if any case had to be judged afresh, or a start-up module imported it), nor TinyDB: no case
    file is read."""
    env = f"import os\nos.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
    day = "__import__('datetime').date(2026, 11, 26)"
    write = (
        env + "from meetingtui.core.workspace import Workspace\n"
        "from meetingtui.core.record.demo import demo_case\n"
        "from meetingtui.core.rules.alerts import overview\n"
        f"ws = Workspace.open()\nws.repo.create_case(demo_case({day}))\n"
        f"assert overview(ws.repo, ws.settings, {day})\n"
    )
    _modules_loaded(write)
    home = (
        env + "import meetingtui.ui.app, meetingtui.ui.screens.home\n"
        "from meetingtui.core.workspace import Workspace\n"
        "from meetingtui.core.rules.alerts import overview\n"
        f"ws = Workspace.open()\nfound = overview(ws.repo, ws.settings, {day})\n"
        "assert [o.case_id for o in found] == ['DEMO-1'] and found[0].alerts\n"
    )
    verb = env + "from meetingtui.cli import main\nmain(['alerts', '--as-of', '2026-11-26'])\n"
    for code in (home, verb):
        loaded = _modules_loaded(code)
        assert "meetingtui.core.rules.alerts" in loaded  # it really ran
        assert "meetingtui.core.record.model" not in loaded, code
        assert "tinydb" not in loaded, code
