"""Damaged files, backups and restore, format versions."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from meetingtui.core.errors import CaseFileDamaged, Conflict, NewerFormat
from meetingtui.core.record import migrations
from meetingtui.core.record.model import Case
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository


def _save(repo: Repository, case_id: str, name: str) -> None:
    with repo.transaction(case_id) as tx:
        rec = tx.record()
        rec.name = name
        tx.put_record(rec)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"\x00\xff garbage \x13" * 20, id="garbage"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b'{"case": {"1": {"id": 5}}}', id="wrong-shape"),
        pytest.param(lambda raw: b"[1, 2, 3]", id="json-list"),
    ],
)
def test_a_damaged_case_is_named_left_untouched_and_others_keep_working(
    tmp_path: Path, demo: Case, damage
) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    other = demo.copy()
    other.id = "OTHER"
    repo.create_case(other)
    _save(FileRepository(tmp_path), demo.id, "J.T. (renamed)")  # a second session: takes a good backup
    path = repo.case_path(demo.id)
    bad = damage(path.read_bytes())
    path.write_bytes(bad)

    fresh = FileRepository(tmp_path)
    with pytest.raises(CaseFileDamaged) as err:
        fresh.load_case(demo.id)
    assert str(path) in str(err.value)
    assert err.value.backup is not None
    with pytest.raises(CaseFileDamaged):
        _save(fresh, demo.id, "should not be written")
    assert path.read_bytes() == bad  # never overwritten
    assert fresh.load_case("OTHER").name == demo.name
    entries = {e.case_id: e for e in fresh.entries()}
    assert entries[demo.id].damaged is not None and entries["OTHER"].summary is not None

    done = fresh.restore(demo.id)
    assert fresh.load_case(demo.id).name in (demo.name, "J.T. (renamed)")
    assert done.info.number >= 1 and done.previous is not None
    damaged_copies = [b.path.read_bytes() for b in fresh.backups(demo.id)]
    assert bad in damaged_copies  # the restore kept the damaged file too


def test_backups_take_one_per_save_session(tmp_path: Path, demo: Case) -> None:
    FileRepository(tmp_path).create_case(demo)
    for n in range(14):
        repo = FileRepository(tmp_path)  # each Repository is a save-session
        _save(repo, demo.id, f"v{n}")
        _save(repo, demo.id, f"v{n}b")  # more saves in one session: no extra backup
    backups = FileRepository(tmp_path).backups(demo.id)
    assert (
        len(backups) == 14
    )  # all from the last hour are kept (tests/test_backups.py: the rest of the rules)
    newest = Case.from_dict(orjson.loads(backups[0].path.read_bytes())["case"]["1"])
    assert newest.name == "v12b"


def test_restore_from_a_numbered_backup(tmp_path: Path, demo: Case) -> None:
    FileRepository(tmp_path).create_case(demo)
    _save(FileRepository(tmp_path), demo.id, "first")
    _save(FileRepository(tmp_path), demo.id, "second")
    repo = FileRepository(tmp_path)
    names = []
    for b in repo.backups(demo.id):
        names.append(orjson.loads(b.path.read_bytes())["case"]["1"]["name"])
    assert names == ["first", demo.name]
    repo.restore(demo.id, 2)
    assert repo.load_case(demo.id).name == demo.name


def test_import_over_an_existing_case_needs_replace(tmp_path: Path, demo: Case) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    with pytest.raises(Conflict, match="--replace"):
        repo.create_case(demo)
    repo.create_case(demo, replace=True)
    assert repo.backups(demo.id)


def test_a_file_from_a_newer_version_is_refused_not_damaged(tmp_path: Path, demo: Case) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    path = repo.case_path(demo.id)
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["schema_version"] = migrations.CURRENT + 1
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(NewerFormat, match="newer meetingtui"):
        FileRepository(tmp_path).load_case(demo.id)
    assert orjson.loads(path.read_bytes()) == data


def test_every_stored_file_records_its_format_version(tmp_path: Path, demo: Case) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    data = orjson.loads(repo.case_path(demo.id).read_bytes())
    assert data["meta"]["1"]["schema_version"] == migrations.CURRENT


def test_the_index_is_rebuilt_when_stale(tmp_path: Path, demo: Case) -> None:
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    (tmp_path / "index" / f"{demo.id}.json").write_bytes(b"nonsense")
    assert FileRepository(tmp_path).summary(demo.id).name == demo.name


def test_closed_actions_are_kept_apart_from_the_start_up_summary(tmp_path: Path, demo: Case) -> None:
    from datetime import date

    from meetingtui.core.rules.tracker import ActionFilter, query_actions

    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    owed = {a["id"] for a in repo.summary_raw(demo.id)["actions"]}
    closed = {a["id"] for a in repo.closed_actions_raw(demo.id)}
    assert owed == {"A2", "A3", "A4"} and closed == {"A1"}
    assert repo.agreed_in(demo.id) == {"M1", "M2"}
    assert {a.id for a in repo.summary(demo.id).actions} == owed | closed
    # A fresh repository finds closed actions again, even when their derived file was lost.
    (tmp_path / "index" / f"{demo.id}.closed.json").unlink()
    fresh = FileRepository(tmp_path)
    done = query_actions(fresh, ActionFilter(status="done"), date(2026, 11, 26))
    assert [t.action.id for t in done] == ["A1"]
    assert len(query_actions(fresh, ActionFilter(status="all"), date(2026, 11, 26))) == 4


def test_a_note_edit_rewrites_only_the_small_stamp_of_the_index(tmp_path: Path, demo: Case) -> None:
    from meetingtui.core.meeting import contents

    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    index = tmp_path / "index"
    before = {p.name: p.stat().st_ino for p in index.iterdir()}
    contents.save_notes(repo, demo.id, "M2", "placement", "A new line of notes")
    after = {p.name: p.stat().st_ino for p in index.iterdir()}
    assert after[f"{demo.id}.json"] == before[f"{demo.id}.json"]
    assert after[f"{demo.id}.closed.json"] == before[f"{demo.id}.closed.json"]
    assert after[f"{demo.id}.stamp.json"] != before[f"{demo.id}.stamp.json"]
    # Another process reads the unchanged summary as current, without rebuilding it from the case file.
    fresh = FileRepository(tmp_path)
    assert fresh.summary_raw(demo.id)["name"] == demo.name
    assert fresh._storages.get(demo.id) is None  # the case file itself was never opened
    # An action closed changes the summaries, and both are rewritten.
    from datetime import date

    from meetingtui.core.meeting.actions import record_disposition

    record_disposition(repo, demo.id, "A3", "done", on=date(2026, 11, 26), note="Shared")
    assert {a["id"] for a in FileRepository(tmp_path).closed_actions_raw(demo.id)} == {"A1", "A3"}


def _summary_from_file(root: Path, case_id: str) -> dict:
    """The summary derived straight from the case file on disk, as a rebuild would."""
    from meetingtui.core.store.files.stored import case_dict, split_summary

    data = orjson.loads((root / "cases" / f"{case_id}.json").read_bytes())
    return orjson.loads(orjson.dumps(split_summary(case_dict(data))[0]))


def test_note_saves_reuse_the_derived_summary_and_another_process_still_reads_it_current(
    tmp_path: Path, demo: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetingtui.core.meeting import contents
    from meetingtui.core.store.files import index

    derived: list[int] = []
    real = index.split_summary
    monkeypatch.setattr(index, "split_summary", lambda case: derived.append(1) or real(case))
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    derived.clear()
    for n in range(3):  # the summaries derived at creation are reused (a note is not in them)
        contents.save_notes(repo, demo.id, "M2", "placement", f"Notes, take {n}")
    assert derived == []
    other = FileRepository(tmp_path)  # another process: trusts the stamp, never opens the case file
    assert other.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    assert other._storages.get(demo.id) is None
    assert other.summary_id(demo.id) == repo.summary_id(demo.id)
    # A meeting's own summary changing (its title; an item restricted) is not reused.
    contents.set_meeting_fields(repo, demo.id, "M2", title="Review after the move")
    contents.set_restricted(repo, demo.id, "M2", "placement", True)
    contents.save_notes(repo, demo.id, "M2", "placement", "Notes, take 4")
    assert len(derived) == 2
    fresh = FileRepository(tmp_path)
    got = fresh.summary_raw(demo.id)
    assert got == _summary_from_file(tmp_path, demo.id)
    m2 = next(m for m in got["meetings"] if m["id"] == "M2")
    assert m2["title"] == "Review after the move" and [i["key"] for i in m2["items"]] == ["placement"]
    # The other process changes the summary; our next note save starts from its file, not from our memory.
    contents.set_meeting_fields(other, demo.id, "M2", title="Renamed elsewhere")
    contents.save_notes(repo, demo.id, "M2", "placement", "Notes, take 5")
    assert FileRepository(tmp_path).summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    assert repo.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)


def test_a_refused_change_leaves_no_trace_in_the_summary_held_in_memory(tmp_path: Path, demo: Case) -> None:
    from meetingtui.core.errors import UserError
    from meetingtui.core.meeting import contents

    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    with repo.transaction(demo.id) as tx:  # the summary held in memory now shares the stored actions
        a = tx.action("A4")
        a.text = "Visit weekly"
        tx.put_action(a)
    with pytest.raises(UserError, match="not saved"), repo.transaction(demo.id) as tx:
        a = tx.action("A4")
        a.text, a.status = "Refused text", "bogus"  # type: ignore[assignment]
        tx.put_action(a)
    assert repo.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    contents.save_notes(repo, demo.id, "M2", "placement", "Notes")  # a save reusing what it derived
    assert repo.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    assert FileRepository(tmp_path).summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)


def test_a_change_the_disk_refused_leaves_no_trace_in_the_summary_held_in_memory(
    tmp_path: Path, demo: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from meetingtui.core import disk
    from meetingtui.core.errors import StorageUnavailable
    from meetingtui.core.meeting import contents

    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    contents.save_notes(repo, demo.id, "M2", "placement", "Notes")

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(disk, "before_replace", full)
    with pytest.raises(StorageUnavailable), repo.transaction(demo.id) as tx:
        a = tx.action("A4")
        a.text = "Never saved"
        tx.put_action(a)
    monkeypatch.setattr(disk, "before_replace", None)
    assert repo.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    contents.save_notes(repo, demo.id, "M2", "placement", "More notes")
    assert repo.summary_raw(demo.id) == _summary_from_file(tmp_path, demo.id)
    assert "Never saved" not in str(repo.summary_raw(demo.id))


def test_a_note_save_skips_the_whole_case_reference_check_and_a_reshaping_save_does_not(
    tmp_path: Path, demo: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetingtui.core.errors import UserError
    from meetingtui.core.meeting import contents
    from meetingtui.core.record.model import Item
    from meetingtui.core.store.files import stored

    calls: list[int] = []
    real = stored.cross_reference_problems
    monkeypatch.setattr(stored, "cross_reference_problems", lambda case: calls.append(1) or real(case))
    repo = FileRepository(tmp_path)
    repo.create_case(demo)
    contents.save_notes(repo, demo.id, "M2", "placement", "Notes")
    assert calls == []  # only ids and item keys are cross-checked, and a note save keeps them
    # An item an action names taken away: refused, as before.
    with pytest.raises(UserError, match="names no item"), repo.transaction(demo.id) as tx:
        m = tx.meeting("M2")
        m.items = [i for i in m.items if i.key != "placement"]
        tx.put_meeting(m)
    # Two items with one key: refused.
    with pytest.raises(UserError, match="used twice"), repo.transaction(demo.id) as tx:
        m = tx.meeting("M2")
        m.items = [*m.items, Item(key="placement", title="Again")]
        tx.put_meeting(m)
    # A key changed and changed back within one transaction is still checked in full.
    calls.clear()
    with repo.transaction(demo.id) as tx:
        m = tx.meeting("M2")
        keys = [i.key for i in m.items]
        m.items[0].key = "renamed"
        tx.put_meeting(m)
        m.items[0].key = keys[0]
        tx.put_meeting(m)
    assert calls == [1]
    assert FileRepository(tmp_path).load_meeting(demo.id, "M2").item("placement").notes == "Notes"
