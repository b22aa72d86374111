"""Every verb, fed what users and scripts really feed it: wrong arguments, missing files, folders instead of
files, unreadable, binary, empty and absurdly nested files. Always exit 2 with one clear line (one per problem
for a case file), never a traceback, and the data folder byte-for-byte and mode-for-mode as it was.

Read-only verbs leave the data folder exactly as it was when they succeed, too: no index, backup or log file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from meetingtui import cli
from meetingtui.cli import main
from meetingtui.core.record.demo import demo_case
from meetingtui.core.workspace import Workspace
from tests.conftest import SAMPLE_TODAY
from tests.helpers_present import folder_state

CASE = "DEMO-1"


def _inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    f = {
        "missing": folder / "no-such-file.json",
        "folder": folder / "a-folder",
        "binary": folder / "binary.json",
        "empty": folder / "empty.json",
        "blank": folder / "blank.toml",
        "nested_json": folder / "nested.json",
        "nested_toml": folder / "nested.toml",
        "wrong_shape": folder / "list.json",
        "bad_toml": folder / "bad.toml",
        "latin1": folder / "latin1.toml",
        "schema": folder / "schema.json",
        "existing": folder / "existing.docx",
        "unreadable": Path("/proc/self/mem"),  # exists, is a file, and reading it fails even for root
        "device": Path("/dev/null"),
    }
    f["folder"].mkdir()
    f["binary"].write_bytes(bytes(range(256)) * 8)
    f["empty"].write_bytes(b"")
    f["blank"].write_bytes(b"  \n\n")
    f["nested_json"].write_bytes(b"[" * 100_000 + b"]" * 100_000)
    f["nested_toml"].write_bytes(b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    f["wrong_shape"].write_bytes(b"[1, 2, 3]")
    f["bad_toml"].write_bytes(b'id = "x"\ntitle = "unterminated\n[[item]]\n')
    f["latin1"].write_bytes('title = "Café"\n'.encode("latin-1"))
    doc = {"format": "meetingtui-case", "version": 3, "case": demo_case(SAMPLE_TODAY).to_dict()}
    doc["case"]["id"] = "OTHER"
    doc["case"]["actions"][0]["due"] = "2026-02-30"
    f["schema"].write_bytes(orjson.dumps(doc))
    f["existing"].write_bytes(b"already here")
    return f


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    """A data folder in use (a case, a backup, an index, a log), a config folder and the bad inputs."""
    ws = Workspace.open()
    ws.repo.create_case(demo_case(SAMPLE_TODAY))
    with Workspace.open().repo.transaction(CASE) as tx:  # a second session: a backup exists
        rec = tx.record()
        rec.notes = "Case notes"
        tx.put_record(rec)
    ws.config_dir.mkdir(mode=0o700)
    (ws.config_dir / "config.toml").write_text('user = "Sam Chair"\n')
    return {"data": ws.data_dir, "config": ws.config_dir, **_inputs(tmp_path / "in")}


# (argv, what the one line must say). {name} is replaced by the path of that bad input.
BAD = [
    # no verb / global
    (["--bogus"], "unrecognized arguments"),
    (["no-such-verb"], "invalid choice"),
    (["--data", "{binary}", "cases"], "is not a folder"),
    (["--data", "{binary}", "demo"], "is not a folder"),
    # tui / serve / present: arguments only
    (["tui", "--case"], "expected one argument"),
    (["tui", "extra"], "unrecognized arguments"),
    (["serve", "--port", "0"], "not a port number"),
    (["serve", "--port", "http"], "invalid int value"),
    (["serve", "--host", "0.0.0.0"], "refusing --host"),
    (["serve", "--public-url", "ftp://x"], "should be an http(s) address"),
    (["serve", "--present", "../x", "M1"], "not a valid case id"),
    (["present", CASE], "the following arguments are required"),
    (["present", CASE, "NOPE"], "no meeting NOPE"),
    (["present", "NOPE", "M1"], "case NOPE: not found"),
    (["present", "..", "M1"], "not a valid case id"),
    (["present", CASE, "M1\x00"], "not a valid meeting id"),
    # cases
    (["cases", "--format", "xml"], "invalid choice"),
    (
        ["cases", "--frobnicate"],
        "meetingtui cases: unrecognized arguments: --frobnicate (see meetingtui cases --help)",
    ),
    (["cases", "--as-of", "yesterday"], "is not a date"),
    # demo: already there
    (["demo"], "already exists"),
    # import
    (["import"], "the following arguments are required"),
    (["import", "{missing}"], "no such file"),
    (["import", "{folder}"], "is a folder"),
    (["import", "{binary}"], "binary file"),
    (["import", "{empty}"], "the file is empty"),
    (["import", "{nested_json}"], "not valid JSON"),
    (["import", "{wrong_shape}"], "list.json: (top level): a case file must be a JSON object"),
    (["import", "{unreadable}"], "cannot read it"),
    (["import", "{device}"], "not a regular file"),
    (["import", "{latin1}"], "latin1.toml:1: not UTF-8 text"),
    (["import", "{schema}"], "case.actions[0].due: 2026-02-30 is not a date"),
    # export-case
    (["export-case", CASE], "the following arguments are required"),
    (["export-case", "NOPE", "-o", "{missing}"], "case NOPE: not found"),
    (["export-case", "a/b", "-o", "{missing}"], "not a valid case id"),
    (["export-case", CASE, "-o", "{folder}"], "is a folder"),
    (["export-case", CASE, "-o", "{missing}/x.json"], "no such folder"),
    (["export-case", CASE, "-o", "{existing}"], "already exists"),
    # restore
    (["restore"], "the following arguments are required"),
    (["store"], "the following arguments are required"),
    (["store", "init", "{data}"], "give a postgresql://… URL"),
    (["store", "init", "postgresql://chair@/db?host=/nonexistent"], "cannot connect"),
    (["store", "copy", "--from", "/nonexistent/dir", "--to", "{data}"], "no data folder there"),
    (["store", "copy", "--from", "{data}", "--to", "mysql://db/x"], "not a store"),
    (["store", "copy", "--from", "{data}", "--to", "{data}"], "are the same store"),
    (["--store", "postgresql://chair@/db?host=/nonexistent", "cases"], "cannot connect"),
    (["restore", "NOPE"], "no backups"),
    (["restore", "../" + CASE], "not a valid case id"),
    (["restore", CASE, "--from", "0"], "is not a backup number"),
    (["restore", CASE, "--from", "99"], "no backup number 99"),
    (["restore", CASE, "--from", "x"], "invalid int value"),
    (["restore", CASE, "--list", "--from", "1"], "not allowed with argument"),
    # templates
    (["templates"], "the following arguments are required"),
    (["templates", "show", "nope"], "nope"),
    (["templates", "check", "{missing}"], "no such file"),
    (["templates", "check", "{folder}"], "is a folder"),
    (["templates", "check", "{device}"], "not a regular file"),
    (["templates", "check", "{binary}"], "not UTF-8"),
    (["templates", "check", "{blank}"], "blank.toml:1: missing required field id"),
    (["templates", "check", "{unreadable}"], "cannot read it"),
    (["templates", "check", "{nested_toml}"], "nested too deeply"),
    (["templates", "check", "{bad_toml}"], "bad.toml:2:"),
    (["templates", "check", "{latin1}"], "not UTF-8"),
    # catalogue
    (["catalogue", "--format", "pdf"], "invalid choice"),
    (["catalogue", "--case", "NOPE"], "case NOPE: not found"),
    (["catalogue", "--case", "../x"], "not a valid case id"),
    (["catalogue", "--check", "{missing}"], "no such file"),
    (["catalogue", "--check", "{folder}"], "is a folder"),
    (["catalogue", "--check", "{binary}"], "not UTF-8"),
    (["catalogue", "--check", "{unreadable}"], "cannot read it"),
    (["catalogue", "--check", "{nested_toml}"], "nested too deeply"),
    (["catalogue", "--check", "{bad_toml}"], "bad.toml:2:"),
    # minutes
    (["minutes", CASE], "the following arguments are required"),
    (["minutes", CASE, "NOPE"], "no meeting NOPE"),
    (["minutes", "NOPE", "M1"], "case NOPE: not found"),
    (["minutes", CASE, "M1", "--reader", "press"], "invalid choice"),
    (["minutes", CASE, "M1", "-o", "{folder}"], "is a folder"),
    (["minutes", CASE, "M1", "-o", "{binary}"], "ending in .docx"),
    (["minutes", CASE, "M1", "-o", "{missing}/m.docx"], "no such folder"),
    (["minutes", CASE, "M1", "-o", "{existing}"], "already exists"),
    (["minutes", CASE, "M1", "--exports", "{binary}"], "a file is in the way where a folder should be"),
    # actions
    (["actions", "--status", "late"], "invalid choice"),
    (["actions", "--due-within", "-3"], "must not be negative"),
    (["actions", "--as-of", "2026-02-30"], "is not a date"),
    (["actions", "-o", "{missing}"], "add --format csv"),
    (["actions", "--format", "csv", "-o", "{folder}"], "is a folder"),
    (["actions", "--format", "csv", "-o", "{missing}/a.csv"], "no such folder"),
    (["actions", "--format", "csv", "-o", "{existing}"], "already exists"),
    # action
    (["action", CASE, "A3"], "the following arguments are required"),
    (["action", CASE, "A9", "done"], "no action A9"),
    (["action", CASE, "A3", "carried", "--note", "x"], "needs a new due date"),
    (["action", CASE, "A3", "carried", "--due", "someday", "--note", "x"], "is not a date"),
    (
        ["action", CASE, "A3", "carried", "--due", "2026-13-45", "--note", "x"],
        "--due: 2026-13-45 is not a real",
    ),
    (["action", "NOPE", "A3", "done"], "case NOPE: not found"),
    (["action", CASE, "A3", "done", "--meeting", "NOPE"], "NOPE"),
    (["action", CASE, "A3", "done", "--as-of", "soon"], "is not a date"),
    # alerts
    (["alerts", "--as-of", "tomorrow"], "is not a date"),
    (["alerts", "--case", "NOPE"], "case NOPE: not found"),
    # circulated
    (["circulated", CASE, "M2", "agenda"], "invalid choice"),
    (["circulated", CASE, "NOPE", "actions"], "no meeting NOPE"),
    (["circulated", "NOPE", "M1", "minutes"], "case NOPE: not found"),
    (["circulated", CASE, "M2", "minutes", "--to", " "], "each recipient needs a name"),
    # record
    (["record", CASE, "visit", "--date", "2026-02-30"], "--date: 2026-02-30 is not a real date"),
    (["record", CASE, "visit", "--date", "2026-11-20", "--placement", "P9"], "no placement P9"),
    (["record", CASE, "review", "--date", "1850-01-01"], "the year should be between"),
    (["record", CASE, "review", "--date", "2026-11-20", "--by", " "], "--by: a name is needed"),
    (
        ["record", CASE, "notification", "P2", "--to", "mum", "--date", "2026-11-04"],
        "--to: 'mum' is not one of",
    ),
    (["record", CASE, "looked-after-since", "2001-01-01"], "before the date of birth"),
    (["record", CASE, "out-of-area", "P2", "maybe"], "invalid choice"),
    (["record", CASE, "party"], "invalid choice"),
    (["record", "NOPE", "review", "--date", "2026-11-20"], "case NOPE: not found"),
    # correction and approve
    (["correction", CASE, "M2", "ask", "nope", "x", "--by", "A"], "no agenda item 'nope'"),
    (["correction", CASE, "M2", "ask", "placement", " ", "--by", "A"], "say what should change"),
    (["correction", CASE, "M2", "ask", "placement", "x", "--by", " "], "asked by: a name is needed"),
    (["correction", CASE, "M2", "decide", "placement", "1", "declined"], "needs a reason"),
    (["correction", CASE, "M2", "decide", "placement", "1", "accepted"], "no correction 1"),
    (["correction", CASE, "M2", "decide", "placement", "x", "accepted"], "invalid int value"),
    (["correction", CASE, "M1", "ask", "actions", "x", "--by", "A"], "corrections are recorded on draft"),
    (["correction", "NOPE", "M1", "list"], "case NOPE: not found"),
    (["approve", CASE, "M1"], "only draft minutes can be approved"),
    (["approve", CASE, "NOPE"], "no meeting NOPE"),
    # disclosure
    (["disclosure", CASE, "M2"], "the following arguments are required: --reader"),
    (["disclosure", CASE, "M2", "--reader", "full"], "invalid choice"),
    (["disclosure", CASE, "NOPE", "--reader", "family"], "no meeting NOPE"),
    (["disclosure", "NOPE", "M1", "--reader", "family"], "case NOPE: not found"),
    (["disclosure", CASE, "M2", "--reader", "family", "--allow", "99"], "passage 99: there are"),
    (["disclosure", CASE, "M2", "--reader", "family", "--rewrite", "x", "y"], "give the passage's number"),
    (["disclosure", CASE, "M2", "--reader", "family", "--allow", "1", "--restrict", "1"], "settled once"),
    # search
    (["search"], "the following arguments are required"),
    (["search", "x", "--case", "NOPE"], "case NOPE: not found"),
    (["search", "x", "--format", "csv"], "invalid choice"),
    # ics
    (["ics"], "the following arguments are required"),
    (["ics", "NOPE"], "case NOPE: not found"),
    (["ics", CASE, "NOPE"], "no meeting NOPE"),
    (["ics", CASE, "M1", "-o", "{folder}"], "is a folder"),
    (["ics", CASE, "M1", "-o", "{missing}/x.ics"], "no such folder"),
    (["ics", CASE, "M1", "-o", "{existing}"], "already exists"),
    (["ics", CASE, "M1", "--exports", "{binary}"], "a file is in the way where a folder should be"),
]


def _argv(argv: list[str], world: dict[str, Path]) -> list[str]:
    return [a.format(**{k: str(v) for k, v in world.items()}) for a in argv]


def test_every_verb_is_probed() -> None:
    """A new verb must get its bad inputs here too."""
    _, verbs = cli.build_parser()
    probed = {argv[0] for argv, _ in BAD if not argv[0].startswith("-")}
    probed |= {argv[2] for argv, _ in BAD if argv[0] == "--data"}
    assert set(verbs) <= probed, sorted(set(verbs) - probed)


@pytest.mark.parametrize(("argv", "needle"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    world: dict[str, Path], capsys, argv: list[str], needle: str
) -> None:
    before = folder_state(world["data"]), folder_state(world["config"])
    code = main(_argv(argv, world))
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert code == 2, out
    if argv[0] in ("templates", "catalogue") and "check" in " ".join(argv):
        # A checker names every problem, one line each, each starting with the file it is in.
        name = Path(_argv(argv, world)[-1])
        assert all(line.startswith(f"{name}") for line in lines), lines
    else:
        assert len(lines) == 1, lines
    assert needle in lines[0]
    assert "Traceback" not in out.err + out.out
    assert (folder_state(world["data"]), folder_state(world["config"])) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["cases"],
        ["cases", "--format", "json"],
        ["actions", "--status", "all"],
        ["alerts"],
        ["search", "Oak"],
        ["export-case", CASE, "-o", "-"],
        ["catalogue", "--case", CASE],
        ["templates", "list"],
        ["restore", CASE, "--list"],
        ["ics", CASE, "M1", "-o", "-"],
        # not "minutes": writing a version records it in the case (tests/test_written_versions.py)
    ],
)
def test_read_only_verbs_leave_the_data_folder_exactly_as_it_was(
    world: dict[str, Path], capsys, argv: list[str]
) -> None:
    data = world["data"]
    # A stale index and a fresh (empty) case folder to tempt a writer: reading must still write nothing.
    (data / "index" / f"{CASE}.json").write_bytes(b"stale")
    before = folder_state(data)
    assert main(argv) == 0, capsys.readouterr().err
    assert folder_state(data) == before


def test_a_read_only_verb_on_a_data_folder_that_does_not_exist_creates_nothing(
    tmp_path: Path, capsys
) -> None:
    missing = tmp_path / "typo"
    assert main(["--data", str(missing), "cases"]) == 0
    assert "No cases" in capsys.readouterr().out
    assert main(["--data", str(missing), "alerts"]) == 0
    assert not missing.exists()


def test_a_refused_write_takes_no_backup(world: dict[str, Path], capsys) -> None:
    """A save-session's backup is taken when something is written, not when a change is refused."""
    before = folder_state(world["data"])
    assert main(["action", CASE, "A3", "dropped"]) == 2  # no reason given
    assert main(["circulated", CASE, "M1", "agenda"]) == 2
    capsys.readouterr()
    assert folder_state(world["data"]) == before


@pytest.mark.parametrize(
    "argv",
    [["import", "{nested_json}"], ["templates", "check", "{nested_toml}"], ["present", CASE, "NOPE"]],
)
def test_no_traceback_reaches_a_real_terminal(world: dict[str, Path], argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "meetingtui", *_argv(argv, world)],
        capture_output=True,
        text=True,
        env={**os.environ, "MEETINGTUI_DATA": str(world["data"])},
        timeout=60,
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not proc.stdout


def test_a_case_file_with_many_problems_gets_one_line_each(world: dict[str, Path], capsys) -> None:
    doc = orjson.loads(world["schema"].read_bytes())
    doc["case"]["actions"][1]["status"] = "??"
    doc["case"]["meetings"][0]["colour"] = "red"
    world["schema"].write_bytes(orjson.dumps(doc))
    before = folder_state(world["data"])
    assert main(["import", str(world["schema"])]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{world['schema']}: case.") for line in lines), lines
    assert folder_state(world["data"]) == before
