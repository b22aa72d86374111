"""Data about children: private files whatever the umask, logs without what was typed, no file name built from
user text leaving its folder, restricted items kept out of every version that should not show them, and
templates and catalogues read as data, never run."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.cli import main
from meetingtui.core.config.catalogue import load_catalogue_file
from meetingtui.core.config.settings import Settings
from meetingtui.core.config.templates import load_template_file
from meetingtui.core.errors import UserError
from meetingtui.core.exports.ics import meeting_ics
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.exports.minutes.naming import inside, safe_filename
from meetingtui.core.exports.room import room_view
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.meeting.lifecycle import MeetingPlan
from meetingtui.core.record.model import Decision, Item
from meetingtui.core.store.base import check_id
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from tests.disclosure_util import allow_all, allow_all_stored
from tests.docx_util import all_text, save

CASE = "DEMO-1"
SECRET = "SECRET-NOTE-4Z the young person disclosed"
RESTRICTED = ("RESTRICTED-TITLE-4Z", "RESTRICTED-PROMPT-4Z", "RESTRICTED-NOTES-4Z", "RESTRICTED-DECISION-4Z")
RESTRICTED_ACTION = "RESTRICTED-ACTION-4Z check the address"


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.lstat().st_mode)


def _tree(root: Path) -> Iterator[Path]:
    yield root
    yield from root.rglob("*")


@pytest.fixture
def umask0() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _restricted_meeting(ws: Workspace) -> str:
    """A running meeting with one restricted item holding secrets in every field, and a secret action."""
    items = [
        Item(key="home", title="Home", timebox_minutes=10),
        Item(key="secret", title=RESTRICTED[0], timebox_minutes=5, prompts=[RESTRICTED[1]], restricted=True),
    ]
    plan = MeetingPlan(title="Review", on=ws.today(), start="10:00", location="Room 4", items=items)
    m = lifecycle.schedule_meeting(ws.repo, CASE, plan, by="chair")
    lifecycle.start_meeting(ws.repo, CASE, m.id, by="chair")
    contents.save_notes(ws.repo, CASE, m.id, "home", SECRET)
    contents.save_notes(ws.repo, CASE, m.id, "secret", RESTRICTED[2])
    contents.add_decision(ws.repo, CASE, m.id, "secret", Decision(text=RESTRICTED[3]))
    contents.add_action(
        ws.repo,
        CASE,
        m.id,
        item_key="secret",
        text=RESTRICTED_ACTION,
        owner="Sam",
        agency=None,
        due=ws.today(),
    )
    return m.id


# ------------------------------------------------------------------------------------------------- modes


def test_everything_written_is_private_whatever_the_umask(
    umask0: None, loaded: Workspace, tmp_path: Path, capsys
) -> None:
    ws = loaded
    mid = _restricted_meeting(ws)
    with FileRepository(ws.data_dir).transaction(CASE) as tx:  # a second session: a backup
        tx.put_record(tx.record())
    lease = ws.repo.claim_session(CASE, mid)  # the meeting screen's session file
    assert lease is not None
    lease.release()
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    allow_all_stored(ws, CASE, mid, ("family",))  # the disclosure check settled (test_disclosure tests it)
    for argv in (
        ["minutes", CASE, mid],
        ["minutes", CASE, mid, "--reader", "family", "-o", str(out / "family.docx")],
        ["ics", CASE, mid],
        ["ics", CASE, mid, "-o", str(out / "invite.ics")],
        ["export-case", CASE, "-o", str(out / "case.json")],
        ["actions", "--format", "csv", "-o", str(out / "actions.csv")],
        ["restore", CASE],
    ):
        assert main(argv) == 0, (argv, capsys.readouterr().err)
    from meetingtui.commands import cases

    def fault(_args: object) -> int:
        raise RuntimeError("forced")

    cases_run = cases.run
    cases.run = fault  # type: ignore[assignment]
    try:
        assert main(["cases"]) == 1  # a fault: the log file appears
    finally:
        cases.run = cases_run  # type: ignore[assignment]
    assert (ws.data_dir / "logs" / "meetingtui.log").exists()
    assert list((ws.data_dir / "backups" / CASE).glob("*.json"))
    for root in (ws.data_dir, ws.exports_dir):
        for p in _tree(root):
            assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    assert {p.name: _mode(p) for p in out.iterdir()} == dict.fromkeys(
        ("family.docx", "invite.ics", "case.json", "actions.csv"), 0o600
    )
    assert _mode(out) == 0o755  # a folder the user named is theirs: left as it was


def test_missing_parent_folders_are_made_private_too(umask0: None, tmp_path: Path, capsys) -> None:
    """Found from outside: ``serve`` with a config folder that did not exist made its parents 0755."""
    from meetingtui.core.disk import ensure_dir

    made = ensure_dir(tmp_path / "new" / "config" / "meetingtui" / "run")
    for p in (made, *list(made.parents)[:3]):
        assert _mode(p) == 0o700, p
    assert main(["--config", str(tmp_path / "cfg2" / "mt"), "cases"]) == 0  # a read-only verb makes nothing
    assert not (tmp_path / "cfg2").exists()


# -------------------------------------------------------------------------------------------------- logs


def test_logs_never_hold_what_was_typed(loaded: Workspace, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    mid = _restricted_meeting(loaded)
    for argv in (["minutes", CASE, mid], ["search", "SECRET"], ["ics", CASE, mid, "-o", "-"]):
        assert main(argv) == 0
    # Faults whose messages quote what was typed, raised deep inside verbs.
    from meetingtui.core.meeting import actions
    from meetingtui.core.search import index

    def leak(*_a: object, **_k: object) -> None:
        raise KeyError(f"{SECRET} {RESTRICTED[2]}")

    monkeypatch.setattr(index.SearchIndex, "search", leak)
    monkeypatch.setattr(actions, "record_disposition", leak)
    assert main(["search", SECRET]) == 1
    assert main(["action", CASE, "A3", "dropped", "--note", RESTRICTED_ACTION]) == 1
    err = capsys.readouterr().err
    assert "unexpected fault (KeyError)" in err and SECRET not in err
    logs = "".join(p.read_text() for p in (loaded.data_dir / "logs").iterdir())
    assert logs.count("KeyError at ") == 2
    for text in (SECRET, *RESTRICTED, RESTRICTED_ACTION, "young person"):
        assert text not in logs


# ------------------------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "name",
    [
        "../DEMO-1",
        "/etc/passwd",
        "..",
        ".",
        "",
        "a\x00b",
        "a/b",
        "a\\b",
        "CON",
        "nul",
        "Com1",
        "LPT9",
        "x" * 300,
        "DEMO-1\n",
        " DEMO",
        "DEMO.json",
        "ü",
    ],
)
def test_no_case_id_can_name_a_file_outside_its_folder(loaded: Workspace, name: str, capsys) -> None:
    with pytest.raises(UserError, match="is not a valid case id"):
        check_id(name)
    with pytest.raises(UserError):
        loaded.repo.case_path(name)
    assert main(["export-case", name, "-o", "-"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_an_imported_case_named_like_a_device_is_refused(loaded: Workspace, tmp_path: Path, capsys) -> None:
    from meetingtui.core.record.casefile import case_file_dict, dumps_case_file

    doc = case_file_dict(loaded.repo, CASE)
    doc["case"]["id"] = "AUX"
    path = tmp_path / "aux.json"
    path.write_bytes(dumps_case_file(doc))
    assert main(["import", str(path)]) == 2
    assert "reserved device name on Windows" in capsys.readouterr().err
    assert not list(loaded.repo.cases_dir.glob("AUX*"))


def test_a_file_meetingtui_could_not_have_written_does_not_break_the_case_list(
    loaded: Workspace, capsys
) -> None:
    (loaded.repo.cases_dir / "con.json").write_bytes(b"{}")  # e.g. copied in by hand on Linux
    assert [e.case_id for e in FileRepository(loaded.data_dir).entries()] == [CASE]
    assert main(["cases"]) == 0
    assert CASE in capsys.readouterr().out


def test_a_hand_edited_meeting_id_cannot_steer_a_default_file_name(loaded: Workspace, capsys) -> None:
    """The ics and minutes default names come from stored ids; a stored id with a path in it is damage."""
    path = loaded.repo.case_path(CASE)
    path.write_bytes(path.read_bytes().replace(b'"id":"M2"', b'"id":"../../evil"'))
    for argv in (["ics", CASE, "M1"], ["minutes", CASE, "M1"]):
        assert main(argv) == 2
        assert "damaged case file" in capsys.readouterr().err
    assert not list(loaded.data_dir.parent.rglob("*evil*"))


@settings(max_examples=200, deadline=None)
@given(name=st.text(st.characters(exclude_categories=()), max_size=320))
def test_an_export_name_from_any_text_stays_in_its_folder(tmp_path_factory, name: str) -> None:
    folder = tmp_path_factory.getbasetemp() / "exports"
    folder.mkdir(exist_ok=True)
    safe = safe_filename(name)
    assert safe.endswith(".docx") and len(safe) <= 120
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in safe), safe
    assert safe.split(".", 1)[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert inside(folder, safe).parent == folder.resolve()


# -------------------------------------------------------------------------------------- restricted items


def test_restricted_items_stay_out_of_every_shared_version(loaded: Workspace, capsys) -> None:
    mid = _restricted_meeting(loaded)
    case = loaded.repo.load_case(CASE)
    meeting = case.meeting(mid)
    secrets = (*RESTRICTED, RESTRICTED_ACTION)

    invite = meeting_ics(case, meeting, loaded.settings).decode()
    assert "Room 4" in invite
    assert not [s for s in (*secrets, SECRET, case.name) if s in invite]

    for key in ("home", "secret"):  # the shared screen, on each item in turn
        meeting.current_item = key
        view = room_view(case, meeting, datetime.now().astimezone())
        shown = repr(view)
        assert not [s for s in secrets if s in shown], key

    allow_all(case, mid, "family", Settings())  # even allowing every passage the check stops on
    family = all_text(save(build_minutes(case, mid, reader="family", settings=Settings())))
    assert not [s for s in secrets if s in family]
    full = all_text(save(build_minutes(case, mid, reader="full", settings=Settings())))
    # The full version has them (all but the chair's prompts, which no minutes print): the check can fail.
    assert [s for s in secrets if s not in full] == [RESTRICTED[1]]

    assert main(["search", "RESTRICTED"]) == 0
    assert "4Z" not in capsys.readouterr().out


def test_the_shared_screen_names_nobody_on_the_peer_map(loaded: Workspace) -> None:
    """Found from outside: an open decision "because A.M. is a risk" and an action "Ask R.K. to join the youth
    project", typed on the capture line in a hurry, reached the room, `present` and the browser. Every
    mention of a peer in what the shared screen shows is "[peer]"; the stored record keeps the words."""
    case = loaded.repo.load_case(CASE)
    meeting = next(m for m in case.meetings_by_date() if m.status == "approved")
    item = next(i for i in meeting.items if not i.restricted)
    item.decisions.append(Decision(text="Share the plan with MACE", reason="A M is a risk to him"))
    action = next(a for a in case.actions_of(meeting.id) if not a.is_restricted and a.item_key != "peers")
    action.text = "Ask R.K. to join the youth project"
    labels = [p.label for p in case.peers]
    view = room_view(case, meeting, datetime.now().astimezone())
    shown = repr(view)
    assert labels and not [label for label in labels if label in shown]
    assert "A M is" not in shown
    assert any(d.reason == "[peer] is a risk to him" for d in view.decisions)
    assert any(a.text == "Ask [peer] to join the youth project" for a in view.actions)
    assert action.text == "Ask R.K. to join the youth project"  # the record itself is untouched


# ----------------------------------------------------------------------------- templates and catalogues

PAYLOADS = (
    "__import__('os').system('touch PWNED')",
    "{{ 7*7 }} {% for x in y %}",
    "${HOME} $(touch PWNED) `touch PWNED`",
    "%(user)s {0.__class__} {user!r}",
    "!!python/object/apply:os.system ['touch PWNED']",
    "[b]markup[/b] <script>alert(1)</script>",
)


def _toml_string(text: str) -> str:
    return "'" + text + "'" if "'" not in text else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_templates_and_catalogues_are_data_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", "/home/EXPANDED")
    for n, payload in enumerate(PAYLOADS):
        q = _toml_string(payload)
        template = tmp_path / f"t{n}.toml"
        template.write_text(
            f'id = "t{n}"\ntitle = {q}\ndescription = {q}\n\n[[items]]\nkey = "a"\ntitle = {q}\n'
            f'kind = "notes"\ntimebox_minutes = 5\nprompts = [{q}]\n'
        )
        parsed, doc = load_template_file(template)
        assert parsed is not None, doc.problems
        assert parsed.title == parsed.description == parsed.items[0].title == payload
        assert parsed.items[0].prompts == [payload]
        catalogue = tmp_path / f"c{n}.toml"
        catalogue.write_text(
            f"[[interventions]]\nname = {q}\naliases = [{q}]\nagency = {q}\ndescription = {q}\nevidence = {q}\n"
        )
        entries, cdoc = load_catalogue_file(catalogue)
        assert [(e.name, e.aliases, e.agency, e.description, e.evidence) for e in entries] == [
            (payload, [payload], payload, payload, payload)
        ], cdoc.problems
    assert not list(tmp_path.rglob("PWNED"))


async def test_a_crash_of_the_app_shows_and_logs_no_note_text(
    loaded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's default crash report lists local variables (the notes being saved) on a possibly shared screen."""
    from rich.console import Console

    from meetingtui.core.meeting import contents
    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.meeting import MeetingScreen

    def crash(repo: object, case_id: str, meeting_id: str, key: str, text: str, **kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(contents, "save_notes", crash)
    app = make_app(loaded, start_screen=MeetingScreen(CASE, "M2"))
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("i", *"4Z")  # the notes now hold what was stored plus "4Z"
            await pilot.pause(0.6)
    console = Console(file=__import__("io").StringIO(), width=200, record=True)
    for renderable in app._exit_renderables:
        console.print(renderable)
    shown = console.export_text()
    assert "4Z" not in shown and "Motor project" not in shown
    assert "unexpected fault (RuntimeError)" in shown
    log = (loaded.data_dir / "logs" / "meetingtui.log").read_text()
    assert "tui: RuntimeError at" in log and "4Z" not in log and "Motor project" not in log
