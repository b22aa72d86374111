"""Home on the team store reads a date-stamped overview kept on this machine, as the file store keeps one
beside its files: judged once a day per case, again only for a case someone saved since (its version), and
kept per login, so an agency's copy is judged from the redacted case it may read and nothing else."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from meetingtui.core.config.settings import Settings
from meetingtui.core.meeting.actions import record_disposition
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Case
from meetingtui.core.rules import alerts
from meetingtui.core.store.base import Repository
from meetingtui.core.store.postgres.repository import PostgresRepository
from tests.test_store_postgres_roles import CASE, roles  # noqa: F401  (the fixture)

TODAY = date(2026, 11, 26)


def judged(repo: Repository, settings: Settings, today: date) -> list[alerts.Overview]:
    """What home showed before the cache: every case judged from its summary."""
    return Repository.overviews(repo, settings, today)


def test_home_judges_again_only_the_case_someone_saved(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    repo = PostgresRepository(pg_url, listen=False, index_dir=index)
    demo = demo_case(TODAY)
    repo.create_case(demo)
    repo.create_case(Case.from_dict({**demo.to_dict(), "id": "DEMO-2"}))
    settings = Settings()
    first = alerts.overview(repo, settings, TODAY)
    assert first == judged(repo, settings, TODAY)
    (cache,) = index.glob("team-*.overview.json")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600

    calls: list[str] = []
    real = alerts.overview_of
    monkeypatch.setattr(alerts, "overview_of", lambda r, cid, *a: calls.append(cid) or real(r, cid, *a))
    home = PostgresRepository(pg_url, read_only=True, listen=False, index_dir=index)  # a fresh start
    assert alerts.overview(home, settings, TODAY) == first and calls == []

    record_disposition(PostgresRepository(pg_url, listen=False), CASE, "A4", "done", on=TODAY, note="done")
    after = alerts.overview(PostgresRepository(pg_url, listen=False, index_dir=index), settings, TODAY)
    assert calls == [CASE]  # another person's save: that case alone is judged again
    assert after == judged(home, settings, TODAY)
    assert after[0].owed == first[0].owed - 1 and after[1] == first[1]

    calls.clear()
    tomorrow = alerts.overview(home, settings, TODAY + timedelta(days=1))  # alerts count days
    assert calls == [CASE, "DEMO-2"] and tomorrow == judged(home, settings, TODAY + timedelta(days=1))


def test_each_login_keeps_its_own_overview_judged_from_what_it_may_read(
    roles: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    index = tmp_path / "index"
    settings = Settings()
    lines = {}
    for who in ("team", "police"):
        repo = PostgresRepository(roles[who], listen=False, index_dir=index)
        lines[who] = {o.case_id: o for o in alerts.overview(repo, settings, TODAY)}
        assert list(lines[who].values()) == judged(repo, settings, TODAY)
    assert len(list(index.glob("team-*.overview.json"))) == 2
    team = lines["team"][CASE].alerts
    assert any(a.kind == "contact-plan-review" for a in team)  # it names another child (the peer map)
    police = lines["police"][CASE].alerts
    assert police and not any(a.kind == "contact-plan-review" for a in police)
    assert {a.message for a in police} < {a.message for a in team}
