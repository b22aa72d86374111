"""Where minutes are written: safe names, never outside the exports folder, private, never overwritten silently."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from meetingtui.cli import main
from meetingtui.commands import minutes as minutes_verb
from meetingtui.core.errors import UserError
from meetingtui.core.exports import minutes
from meetingtui.core.exports.minutes.naming import MAX_NAME, inside, safe_filename
from meetingtui.core.record.model import Case
from meetingtui.core.workspace import Workspace
from tests.disclosure_util import allow_all_stored

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_default_name_is_date_case_meeting_reader(demo: Case) -> None:
    m = demo.meeting("M2")
    assert minutes.default_filename(demo, m, "full") == f"{m.date.isoformat()}_DEMO-1_M2_full_v1_draft.docx"
    assert minutes.default_filename(demo, m, "family").endswith("_M2_family_v1_draft.docx")
    approved = demo.meeting("M1")
    assert minutes.default_filename(demo, approved, "full").endswith("_M1_full_v1.docx")


@pytest.mark.parametrize(
    "case_id,meeting_id",
    [
        ("../../etc", "M1"),
        ("/etc/passwd", "..\\..\\Windows"),
        ("C\x00D", "M\x001"),
        ("CON", "AUX"),
        ("x" * 300, "y" * 300),
        ("..", "."),
        ("  .hidden. ", "com1"),
        ("Café Ω ☃", "émoji 😀"),
    ],
)
def test_default_name_is_safe_whatever_the_ids_are(demo: Case, case_id: str, meeting_id: str) -> None:
    case = demo.copy()
    case.id = case_id
    m = case.meeting("M1")
    m.id = meeting_id
    name = minutes.default_filename(case, m, "full")
    assert name.endswith(".docx") and len(name) <= MAX_NAME
    assert not (set(name) & WINDOWS_FORBIDDEN)
    assert ".." not in name and not name.startswith(".")
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert name.isascii()


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("CON.docx", "_CON.docx"),
        ("nul", "_nul.docx"),
        ("LPT9.docx", "_LPT9.docx"),
        ("com1.backup.docx", "_com1.backup.docx"),
        ("CONSOLE.docx", "CONSOLE.docx"),
        ("../x.docx", "x.docx"),
        ("a/b\\c.docx", "a_b_c.docx"),
        ("minutes. . .docx", "minutes.docx"),
        ("", "minutes.docx"),
        ("\x00\x01", "minutes.docx"),
        ("Zoë's notes.docx", "Zoe_s_notes.docx"),
    ],
)
def test_safe_filename_cases(raw: str, expected: str) -> None:
    assert safe_filename(raw) == expected


def test_long_names_are_cut_to_the_limit() -> None:
    name = safe_filename("a" * 300 + ".docx")
    assert len(name) == MAX_NAME and name.endswith("a.docx")


def test_inside_refuses_escapes_including_through_a_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert inside(folder, "ok.docx") == (folder / "ok.docx").resolve()
    for bad in ("../x.docx", "/etc/x.docx", "..", ".", "", "a/b.docx"):
        with pytest.raises(UserError):
            inside(folder, bad)
    (folder / "link.docx").symlink_to(tmp_path / "elsewhere.docx")
    with pytest.raises(UserError, match="outside"):
        inside(folder, "link.docx")


def test_write_minutes_is_private_and_never_overwrites_without_force(loaded: Workspace) -> None:
    out = minutes.write_minutes(loaded, "DEMO-1", "M1")
    assert out.parent == loaded.exports_dir.resolve()
    assert out.name == minutes.default_filename(
        loaded.repo.load_case("DEMO-1"), loaded.repo.load_meeting("DEMO-1", "M1"), "full"
    )
    assert mode(out) == 0o600 and mode(loaded.exports_dir) == 0o700
    before = out.read_bytes()
    with pytest.raises(UserError, match="already exists"):
        minutes.write_minutes(loaded, "DEMO-1", "M1")
    assert out.read_bytes() == before
    again = minutes.write_minutes(loaded, "DEMO-1", "M1", force=True)
    assert again == out and mode(out) == 0o600
    assert docx.Document(str(out)).paragraphs[0].text == "Professionals meeting: interventions not working"


def test_each_reader_gets_its_own_file(loaded: Workspace) -> None:
    allow_all_stored(loaded, "DEMO-1", "M2")
    paths = {r: minutes.write_minutes(loaded, "DEMO-1", "M2", reader=r) for r in minutes.READERS}
    assert len(set(paths.values())) == len(minutes.READERS) == 4
    assert all(p.exists() for p in paths.values())


def test_a_symlink_planted_in_exports_is_not_followed_out(loaded: Workspace, tmp_path: Path) -> None:
    case = loaded.repo.load_case("DEMO-1")
    name = minutes.default_filename(case, case.meeting("M1"), "full")
    loaded.exports_dir.mkdir(parents=True, exist_ok=True)
    victim = tmp_path / "victim.txt"
    (loaded.exports_dir / name).symlink_to(victim)
    with pytest.raises(UserError, match="outside"):
        minutes.write_minutes(loaded, "DEMO-1", "M1", force=True)
    assert not victim.exists()


def test_output_option_writes_exactly_there(loaded: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "my minutes.docx"
    assert minutes.write_minutes(loaded, "DEMO-1", "M1", out=target) == target
    assert mode(target) == 0o600
    with pytest.raises(UserError, match="already exists"):
        minutes.write_minutes(loaded, "DEMO-1", "M1", out=target)
    with pytest.raises(UserError, match="is a folder"):
        minutes.write_minutes(loaded, "DEMO-1", "M1", out=tmp_path)
    with pytest.raises(UserError, match="no such folder"):
        minutes.write_minutes(loaded, "DEMO-1", "M1", out=tmp_path / "nope" / "m.docx")
    with pytest.raises(UserError, match=r"ending in \.docx"):
        minutes.write_minutes(loaded, "DEMO-1", "M1", out=tmp_path / "m.pdf")


def test_progress_reaches_done_and_names_the_file(loaded: Workspace) -> None:
    seen: list[tuple[float, str]] = []
    out = minutes.write_minutes(loaded, "DEMO-1", "M1", progress=lambda f, m: seen.append((f, m)))
    assert seen[-1] == (1.0, f"Saved {out.name}")


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_writes_and_prints_the_path(loaded: Workspace, capsys) -> None:
    args = ["--data", str(loaded.data_dir), "--exports", str(loaded.exports_dir)]
    allow_all_stored(loaded, "DEMO-1", "M2", ("family",))
    assert main(["minutes", "DEMO-1", "M2", "--reader", "family", *args]) == 0
    out = capsys.readouterr().out
    written = next(loaded.exports_dir.iterdir())
    assert str(written.resolve()) in out and written.name.endswith("_M2_family_v1_draft.docx")
    assert main(["minutes", "DEMO-1", "M2", "--reader", "family", *args]) == 2
    assert "already exists (use --force to overwrite)" in capsys.readouterr().err
    assert main(["minutes", "DEMO-1", "M2", "--reader", "family", "--force", *args]) == 0


@pytest.mark.parametrize(
    "argv,message",
    [
        (["minutes", "DEMO-1", "NOPE"], "no meeting NOPE"),
        (["minutes", "NOPE", "M1"], "case NOPE: not found"),
        (["minutes", "../x", "M1"], "not a valid case id"),
        (["minutes", "DEMO-1", "../M1"], "not a valid meeting id"),
        (["minutes", "DEMO-1", "M1", "--reader", "court"], "invalid choice: 'court'"),
        (["minutes", "DEMO-1"], "required"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    loaded: Workspace, capsys, argv: list[str], message: str
) -> None:
    assert main([*argv, "--data", str(loaded.data_dir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_cli_output_option(loaded: Workspace, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.docx"
    assert main(["minutes", "DEMO-1", "M1", "-o", str(target), "--data", str(loaded.data_dir)]) == 0
    assert target.exists() and mode(target) == 0o600
    assert f"Wrote {target}" in capsys.readouterr().out


def test_verb_readers_match_the_core_and_help_does_not_load_docx(tmp_path: Path) -> None:
    assert minutes_verb.READERS == minutes.READERS
    code = (
        "import os, sys\n"
        f"os.environ['MEETINGTUI_DATA'] = {str(tmp_path)!r}\n"
        "from meetingtui.cli import main\n"
        "main(['minutes', '--help'])\n"
        "print('docx' in sys.modules, 'textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_long_ids_never_cost_the_reader_version_or_state(demo: Case) -> None:
    case = demo.copy()
    case.id = "C" * 64
    m = case.meeting("M2")
    m.id = "M" * 64
    full, family = (minutes.default_filename(case, m, r) for r in ("full", "family"))
    assert (
        full != family and full.endswith("_full_v1_draft.docx") and family.endswith("_family_v1_draft.docx")
    )
    assert len(full) <= 120


def test_a_reopened_draft_is_already_the_next_version(demo: Case) -> None:
    from meetingtui.core.record.model import Event

    case = demo.copy()
    m = case.meeting("M1")
    m.status = "draft"
    m.history.append(Event(at="2026-10-05T09:00:00+01:00", event="reopened", by="Martin Cole", note="Typo"))
    assert m.shown_version == 2
    assert minutes.default_filename(case, m, "full").endswith("_M1_full_v2_draft.docx")
