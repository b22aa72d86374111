"""Backups keep a recent restore point while a meeting runs, are kept by age as well as by count, and never lose
the state of the case from before the current meeting (issue 13 §3). Clocks are controlled, never slept on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from meetingtui.core import clock
from meetingtui.core.errors import CaseFileDamaged
from meetingtui.core.meeting import contents, lifecycle
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Decision, Item, Person
from meetingtui.core.store.files import backups as bk
from meetingtui.core.store.files.repository import FileRepository
from tests.conftest import SAMPLE_TODAY

CASE = "DEMO-1"


class Clock:
    """A stopped clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def tick(self, **kw: float) -> None:
        self.at += timedelta(**kw)


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(datetime(2026, 12, 10, 10, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", c)
    return c


def _running(root: Path, now: Clock) -> tuple[FileRepository, str]:
    """A case with a meeting just started, in a session of its own (so its first save took a backup)."""
    FileRepository(root).create_case(demo_case(SAMPLE_TODAY))
    repo = FileRepository(root)
    plan = lifecycle.MeetingPlan(
        title="Professionals meeting",
        on=date(2026, 12, 10),
        start="10:00",
        items=[Item(key="talk", title="Talk", timebox_minutes=10), Item(key="actions", title="Actions")],
        chair=Person(name="Martin Cole"),
    )
    mid = lifecycle.schedule_meeting(repo, CASE, plan, by="t", now=now.at).id
    now.tick(minutes=1)
    lifecycle.start_meeting(repo, CASE, mid, by="t", now=now.at)
    return repo, mid


def _stored(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def _item(path: Path, mid: str, key: str = "talk") -> dict:
    meeting = next(m for m in _stored(path)["meetings"].values() if m["id"] == mid)
    return next(i for i in meeting["items"] if i["key"] == key)


def test_a_decision_and_an_action_each_leave_a_restore_point_holding_them(tmp_path: Path, now: Clock) -> None:
    repo, mid = _running(tmp_path, now)
    now.tick(seconds=30)
    contents.add_decision(repo, CASE, mid, "talk", Decision(text="Refer to the exploitation panel"))
    newest = repo.backups(CASE)[0]
    assert newest.kind == "point"
    assert _item(newest.path, mid)["decisions"][0]["text"].startswith("Refer")
    now.tick(seconds=30)
    action = contents.add_action(
        repo, CASE, mid, item_key="actions", text="Make the referral", owner="Ann", agency=None,
        due=date(2026, 12, 20),
    )  # fmt: skip
    assert any(a["id"] == action.id for a in _stored(repo.backups(CASE)[0].path)["actions"].values())

    # The case file is then damaged: the newest good backup still has the meeting's decision and action.
    repo.case_path(CASE).write_bytes(b'{"case": ')
    with pytest.raises(CaseFileDamaged) as err:
        FileRepository(tmp_path).load_case(CASE)
    assert err.value.backup is not None
    assert any(a["id"] == action.id for a in _stored(err.value.backup)["actions"].values())


def test_notes_autosaves_take_a_restore_point_only_every_few_minutes(tmp_path: Path, now: Clock) -> None:
    repo, mid = _running(tmp_path, now)
    before = len(repo.backups(CASE))
    for n in range(50):  # 50 autosaves within a minute: no copy at all
        now.tick(seconds=1)
        contents.save_notes(repo, CASE, mid, "talk", f"typed {n}")
    assert len(repo.backups(CASE)) == before
    now.tick(seconds=bk.POINT_EVERY)
    contents.save_notes(repo, CASE, mid, "talk", "typed after a few minutes")
    assert len(repo.backups(CASE)) == before + 1
    assert _item(repo.backups(CASE)[0].path, mid)["notes"] == "typed after a few minutes"


def test_crashed_sessions_and_restore_points_never_push_out_the_backup_from_before_the_meeting(
    tmp_path: Path, now: Clock
) -> None:
    repo, mid = _running(tmp_path, now)
    pre = [b for b in repo.backups(CASE) if not any(m["id"] == mid and m.get("started_at")
           for m in _stored(b.path)["meetings"].values())]  # fmt: skip
    assert pre, "the session backup holds the case as it was before the meeting started"
    for n in range(
        3 * bk.KEEP_AT_MOST
    ):  # many crashed sessions, each saving a decision: a backup or two each
        now.tick(minutes=20)
        session = FileRepository(tmp_path)
        contents.add_decision(session, CASE, mid, "talk", Decision(text=f"decision {n}"))
    kept = FileRepository(tmp_path).backups(CASE)
    assert len(kept) <= bk.KEEP_AT_MOST + 1
    assert pre[0].path in [b.path for b in kept]


def test_retention_keeps_the_last_hour_hourly_for_a_day_daily_for_a_month_and_caps_the_count() -> None:
    now = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
    # One backup every 10 minutes for 60 days, newest first.
    taken = [now - timedelta(minutes=10 * n) for n in range(6 * 24 * 60)]
    keep = bk.retained(taken, now)
    kept = [taken[n] for n in sorted(keep)]
    assert len(kept) <= bk.KEEP_AT_MOST
    assert all(t in kept for t in taken if now - t <= timedelta(hours=1))  # all of the last hour
    older = taken[bk.KEEP_NEWEST :]  # the newest ten are kept whatever their age
    day = [t for t in kept if t in older and timedelta(hours=1) < now - t <= timedelta(days=1)]
    assert len({(t.day, t.hour) for t in day}) == len(day) >= 22  # one an hour for a day
    month = [t for t in kept if timedelta(days=1) < now - t <= timedelta(days=31)]
    assert len({t.date() for t in month}) == len(month) >= 29  # one a day for a month
    assert not [t for t in kept if now - t > timedelta(days=31)]  # older ones go...
    old = [now - timedelta(days=400 + n) for n in range(15)]
    assert bk.retained(old, now) == set(range(bk.KEEP_NEWEST))  # ...except the newest few, however old
    assert 14 in bk.retained(old, now, {14})  # and a protected one always stays
