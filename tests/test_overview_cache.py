"""The home screen's overview is kept between starts (index/overview.json) and judged again when anything it
depends on changes: a save, the date, the settings. It is derived: deleting or damaging it loses nothing."""

from __future__ import annotations

import dataclasses as dc
import stat
from datetime import timedelta

import orjson

from meetingtui.core.rules.alerts import all_alerts, overview, overview_of
from meetingtui.core.store.files.repository import FileRepository
from meetingtui.core.workspace import Workspace
from tests.conftest import SAMPLE_TODAY


def _tamper(ws: Workspace, name: str) -> None:
    """Mark the stored entry, so a test can tell whether it was used or judged again."""
    path = ws.repo.index_dir / "overview.json"
    body = orjson.loads(path.read_bytes())
    body["cases"]["DEMO-1"]["o"]["name"] = name
    path.write_bytes(orjson.dumps(body))


def _name(ws: Workspace, settings=None, today=SAMPLE_TODAY) -> str:  # type: ignore[no-untyped-def]
    repo = FileRepository(ws.data_dir)  # a new start
    return overview(repo, settings or ws.settings, today)[0].name


def test_the_overview_is_kept_and_equals_judging_afresh(loaded: Workspace) -> None:
    first = overview(loaded.repo, loaded.settings, SAMPLE_TODAY)
    path = loaded.repo.index_dir / "overview.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = overview(FileRepository(loaded.data_dir), loaded.settings, SAMPLE_TODAY)
    assert again == first == [overview_of(loaded.repo, "DEMO-1", loaded.settings, SAMPLE_TODAY)]
    assert any(a.kind == "actions-overdue" for a in again[0].alerts)
    _tamper(loaded, "FROM THE CACHE")
    assert _name(loaded) == "FROM THE CACHE"  # used, not judged again


def test_a_save_the_date_and_the_settings_each_invalidate_it(loaded: Workspace) -> None:
    real = overview(loaded.repo, loaded.settings, SAMPLE_TODAY)[0].name
    _tamper(loaded, "STALE")
    assert _name(loaded, today=SAMPLE_TODAY + timedelta(days=1)) == real
    _tamper(loaded, "STALE")
    changed = dc.replace(loaded.settings, review_days_after_emergency=25)
    assert _name(loaded, settings=changed) == real
    overview(loaded.repo, loaded.settings, SAMPLE_TODAY)
    _tamper(loaded, "STALE")
    with FileRepository(loaded.data_dir).transaction("DEMO-1") as tx:  # another process saves the case
        record = tx.record()
        record.name = "R.N."
        tx.put_record(record)
    assert _name(loaded) == "R.N."


def test_deleted_or_damaged_it_is_judged_again(loaded: Workspace) -> None:
    expected = all_alerts(loaded.repo, loaded.settings, SAMPLE_TODAY)
    path = loaded.repo.index_dir / "overview.json"
    path.unlink()
    assert all_alerts(FileRepository(loaded.data_dir), loaded.settings, SAMPLE_TODAY) == expected
    path.write_bytes(b"{not json")
    assert all_alerts(FileRepository(loaded.data_dir), loaded.settings, SAMPLE_TODAY) == expected


def test_a_read_only_process_uses_it_but_never_writes_it(loaded: Workspace) -> None:
    ro = FileRepository(loaded.data_dir, read_only=True)
    overview(ro, loaded.settings, SAMPLE_TODAY)
    assert not (loaded.repo.index_dir / "overview.json").exists()
    overview(loaded.repo, loaded.settings, SAMPLE_TODAY)
    _tamper(loaded, "FROM THE CACHE")
    assert overview(FileRepository(loaded.data_dir, read_only=True), loaded.settings, SAMPLE_TODAY)[
        0
    ].name == ("FROM THE CACHE")


def test_alert_rows_are_read_back_whole_and_only_into_the_same_fields(loaded: Workspace) -> None:
    """Alerts are kept as rows in Alert's field order; the field list is part of the file's key, so a file
    written for another shape of Alert (or the keyed objects of version 2) is judged again, never misread."""
    first = overview(loaded.repo, loaded.settings, SAMPLE_TODAY)
    assert first[0].alerts and any(a.due for a in first[0].alerts)
    again = overview(FileRepository(loaded.data_dir), loaded.settings, SAMPLE_TODAY)
    assert again == first and all(type(a.due).__name__ in ("date", "NoneType") for a in again[0].alerts)
    path = loaded.repo.index_dir / "overview.json"
    for change in ({"fields": ["severity", "kind"]}, {"v": 2}):
        overview(loaded.repo, loaded.settings, SAMPLE_TODAY)
        _tamper(loaded, "STALE")
        body = orjson.loads(path.read_bytes())
        path.write_bytes(orjson.dumps({**body, **change}))
        assert overview(FileRepository(loaded.data_dir), loaded.settings, SAMPLE_TODAY) == first
