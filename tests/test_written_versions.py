"""Writing a version of the minutes records which version, which reader, who and when (who got what starts
here; ``circulated`` adds the recipients), and a written-but-unsent version never raises the "superseded" alert."""

from __future__ import annotations

from pathlib import Path

from meetingtui.core.exports.minutes import write_minutes
from meetingtui.core.rules.alerts import case_alerts
from meetingtui.core.workspace import Workspace


def test_writing_a_version_records_it(loaded: Workspace, tmp_path: Path) -> None:
    out = write_minutes(loaded, "DEMO-1", "M1", reader="full", out=tmp_path / "m1.docx")
    (written,) = loaded.repo.load_meeting("DEMO-1", "M1").circulations[-1:]
    assert (written.reader, written.version, written.recipients, written.file) == ("full", 1, [], str(out))
    assert written.by == loaded.settings.user and written.at
    case = loaded.repo.load_case("DEMO-1")
    assert not [
        a for a in case_alerts(case, loaded.settings, loaded.today()) if a.kind == "minutes-superseded"
    ]


def test_the_full_minutes_list_the_versions_written(loaded: Workspace, tmp_path: Path) -> None:
    import docx

    write_minutes(loaded, "DEMO-1", "M1", reader="actions", out=tmp_path / "a.docx")
    out = write_minutes(loaded, "DEMO-1", "M1", reader="full", out=tmp_path / "f.docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert f"The actions by agency of version 1 written by {loaded.settings.user} on" in text


def test_the_minutes_verb_records_the_version_it_wrote(ws: Workspace, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Found from outside: ``meetingtui minutes`` opened the case read-only and said the version was not recorded."""
    from meetingtui.cli import main

    assert main(["demo"]) == 0
    assert main(["minutes", "DEMO-1", "M1", "--reader", "actions", "-o", str(tmp_path / "a.docx")]) == 0
    out = capsys.readouterr().out
    assert "Not recorded" not in out
    (written,) = ws.repo.load_meeting("DEMO-1", "M1").circulations[-1:]
    assert (written.reader, written.file) == ("actions", str(tmp_path / "a.docx"))
