"""Full garbage collections wait until nobody is typing (meetingtui.ui.collector): no 60-100 ms stall in the
middle of opening a meeting or of a keystroke, and a closed screen's memory is still given back."""

from __future__ import annotations

import gc
import weakref

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import Label

from meetingtui.core.workspace import Workspace
from meetingtui.ui import collector
from meetingtui.ui.app import make_app
from meetingtui.ui.collector import IdleCollector
from tests.conftest import until


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def old_garbage() -> None:
    """Something for a full collection to do: a young collection's survivors counted into the oldest."""
    gc.collect()
    keep = [[] for _ in range(5000)]
    gc.collect(1)
    assert gc.get_count()[2] > 0
    del keep


def test_no_full_collection_while_keys_come_in_one_when_they_stop(old_garbage: None) -> None:
    clock = Clock()
    c = IdleCollector(clock)
    clock.t += 0.3
    c.touched()
    clock.t += collector.IDLE / 2
    assert not c.tick()  # typed half a second ago
    clock.t += collector.IDLE
    assert c.tick() and gc.get_count()[2] == 0
    assert not c.tick()  # nothing new since


def test_a_session_typed_into_without_pause_still_collects_every_minute(old_garbage: None) -> None:
    clock = Clock()
    c = IdleCollector(clock)
    for _ in range(int(collector.LATEST / 0.1) - 1):
        clock.t += 0.1
        c.touched()
        assert not c.tick()
    clock.t += 0.2
    c.touched()
    assert c.tick()


def test_the_collector_left_as_it_was_found_when_the_app_exits(ws: Workspace) -> None:
    import asyncio

    before = gc.get_threshold()

    async def run() -> tuple[int, int, int]:
        app = make_app(ws)
        async with app.run_test() as pilot:
            await pilot.pause()
            return gc.get_threshold()

    during = asyncio.run(run())
    assert during[2] == collector.NEVER and during[:2] == before[:2]
    assert gc.get_threshold() == before


class Cyclic(Screen):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Label("closed soon")

    def on_mount(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


async def test_a_closed_screen_is_freed_once_the_room_stops_typing(ws: Workspace, monkeypatch) -> None:
    monkeypatch.setattr(collector, "IDLE", 0.2)
    app = make_app(ws)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = Cyclic()
        await app.push_screen(screen)
        await pilot.pause()
        await app.pop_screen()
        # No await from here to the pause: the app's timer (the idle collector) cannot run in between.
        gc.collect()  # while still held: the screen's objects move to the oldest generation...
        app.collector.touched()  # (however long that took, the room is still typing)
        gone = weakref.ref(screen)
        del screen  # ...where, garbage now, only a full collection looks
        gc.collect(1)  # a young collection cannot free it, and counts one more towards the oldest
        assert gone() is not None
        app.post_message(events.Key("shift", None))  # someone at the keyboard: not yet
        await pilot.pause(0.05)
        assert gone() is not None
        await until(pilot, lambda: gone() is None, timeout=5)
