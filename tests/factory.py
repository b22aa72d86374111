"""Small, explicit cases for rule tests: each test states the few facts its rule looks at."""

from __future__ import annotations

from datetime import date
from typing import Any

from meetingtui.core.record.model import (
    Action,
    ActionUpdate,
    Case,
    ContactPlan,
    Event,
    Forum,
    Item,
    Meeting,
    Peer,
    Placement,
    Wish,
)


def case(**kw: Any) -> Case:
    """A case with nothing to alert about unless a test adds it (rights explained, a fresh wish)."""
    base: dict[str, Any] = {
        "id": "T1",
        "name": "A.B.",
        "challenge_rights_explained": date(2020, 1, 1),
        "wishes": [Wish(date=date(2099, 1, 1), text="fresh")],
    }
    base.update(kw)
    return Case(**base)


def placement(start: date, *, move: str = "emergency", pid: str = "P1", **kw: Any) -> Placement:
    kw.setdefault("provider", "Oak House")
    return Placement(id=pid, start=start, kind="residential", move=move, **kw)


def meeting(mid: str, when: date, *, status: str = "draft", **kw: Any) -> Meeting:
    kw.setdefault("items", [Item(key="actions", title="Actions", kind="actions", timebox_minutes=10)])
    kw.setdefault("title", "Professionals meeting")
    return Meeting(id=mid, date=when, status=status, **kw)


def action(aid: str, mid: str, due: date, *, status: str = "open", **kw: Any) -> Action:
    kw.setdefault("owner", "Pat Lee")
    kw.setdefault("agency", "Police")
    kw.setdefault("text", f"Do the thing {aid}")
    return Action(id=aid, meeting_id=mid, due=due, status=status, **kw)


def carried(on: date, due: date, mid: str | None = None) -> ActionUpdate:
    return ActionUpdate(date=on, meeting_id=mid, status="carried", due=due, note="waiting")


def event(kind: str, at: str) -> Event:
    return Event(at=at, event=kind, by="Sam")


def peer(review_by: date | None) -> Peer:
    return Peer(id="F1", label="K.B.", contact_plan=ContactPlan(arrangement="weekly", review_by=review_by))


def forum(next_date: date | None) -> Forum:
    return Forum(id="G1", name="YOT risk panel", agency="YOT", next_date=next_date)
