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
