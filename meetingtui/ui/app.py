"""The Textual app: thin. Screens do the work; this wires the workspace, theme, help and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from meetingtui.core.workspace import Workspace
from meetingtui.ui.collector import IDLE, IdleCollector
from meetingtui.ui.theme import HIGH_CONTRAST

# Widgets' own cursor and scroll keys: listed by F1 for the focused widget, but no command worth a palette entry.
CURSOR_MOTIONS = ("cursor_", "scroll_", "page_", "select_cursor", "first", "last")


class MeetingApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "meetingtui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "toggle_keys", "Keys", id="app.keys"),
        Binding("question_mark", "toggle_keys", "Keys", id="app.keys_q", show=False),
        Binding("f2", "toggle_contrast", "Contrast", id="app.contrast", show=False),
    ]

    def __init__(
        self, ws: Workspace, *, case_id: str | None = None, start_screen: Screen | None = None
    ) -> None:
        super().__init__()
        self.ws = ws
        self.start_case = case_id
        self.start_screen = start_screen
        self.register_theme(HIGH_CONTRAST)
        self._catching = False  # a key is being handled in order (see on_event)
        self._caught: list[events.Key] = []
        self.collector = IdleCollector()

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(IDLE / 2, self.collector.tick, name="idle collector")
        theme = self.ws.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.theme = "textual-dark"
            known = ", ".join(sorted(self.available_themes))
            self.say(
                f"config.toml: theme {theme!r} is not known; using textual-dark (known: {known})",
                severity="warning",
                timeout=10,
            )
        for warning in self.ws.settings.warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        if self.start_screen is not None:
            self.push_screen(self.start_screen)
            return
        if self.start_case:
            from meetingtui.ui.screens.case import CaseScreen

            self.push_screen(CaseScreen(self.start_case))

    def on_unmount(self) -> None:
        self.collector.stop()

    # A screen opening or closing is drawn next: no full collection in the middle of it (see ui.collector).
    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.collector.touched()
        return super().push_screen(*args, **kwargs)

    def pop_screen(self) -> Any:
        self.collector.touched()
        return super().pop_screen()

    def switch_screen(self, screen: Any) -> Any:
        self.collector.touched()
        return super().switch_screen(screen)

    def get_default_screen(self) -> Screen:
        """Home is the app's first screen itself, not pushed over Textual's blank one from ``on_mount``: pushed
        there, it was composed and drawn inside the app's start-up batch, a frame Textual throws away, and
        styled twice; the first frame a user saw came about 100 ms later than the bare app's would."""
        if self.start_screen is not None:
            return super().get_default_screen()
        from meetingtui.ui.screens.home import HomeScreen

        return HomeScreen()

    async def on_event(self, event: events.Event) -> None:
        """Keys in order, whatever the speed (see ``ui.burst``): a key that may move focus or open a form waits
        for the keys before it, and the next key waits for its effects."""
        if isinstance(event, events.InputEvent):
            self.collector.touched()
        if isinstance(event, events.Key) and not event.is_forwarded:
            from meetingtui.ui.burst import is_typing, split_alt

            keys = split_alt(self, event)
            if keys is not None:
                for key in keys:
                    await self.on_event(key)
                return

            if not self.screen.is_mounted or not is_typing(self, event):
                await self._in_order(event)
                return
        await super().on_event(event)

    def post_message(self, message: Message) -> bool:
        """A key the widgets did not use comes back here for the non-priority bindings (Tab, Enter on a table, a
        letter key on a screen). Textual queues it behind the keys typed after it; while a key is being handled
        in order it is taken aside and run at once instead."""
        if self._catching and isinstance(message, events.Key) and message.is_forwarded:
            self._caught.append(message)
            return True
        return super().post_message(message)

    async def _in_order(self, event: events.Key) -> None:
        from meetingtui.ui.burst import settle

        self._catching = True
        try:
            await settle(self)
            await self._run_caught()
            target = self.focused
            await super().on_event(event)
            await settle(self, target)
            await self._run_caught()
        finally:
            self._catching = False

    async def _run_caught(self) -> None:
        from meetingtui.ui.burst import settle

        while self._caught:
            key = self._caught.pop(0)
            target = self.focused
            await super().on_event(key)  # the non-priority bindings, exactly as Textual would run them
            await settle(self, target)

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.notify(f"Theme: {self.theme}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen is also a palette entry, so nothing needs memorising. The screen's
        own commands come first, and a focused widget's cursor motions (up, end, page down…) are left out:
        typing "end" must offer "End the meeting", not "move the table's cursor to the end"."""
        seen: set[str] = set()
        for _key, active in screen.active_bindings.items():
            b = active.binding
            if not b.description or b.action in seen or active.node is self or not active.enabled:
                continue
            if active.node is not screen and b.action.startswith(CURSOR_MOTIONS):
                continue
            seen.add(b.action)
            node = active.node

            def run(node=node, action=b.action) -> None:  # type: ignore[no-untyped-def]
                self.call_later(node.run_action, action)

            yield SystemCommand(b.tooltip or b.description, f"Key: {b.key.replace('_', ' ')}", run)
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "High-contrast theme",
            "Switch between the normal and high-contrast theme (F2)",
            self.action_toggle_contrast,
        )

    async def action_quit(self) -> None:
        """Quit, unless the meeting screen holds notes the disk refused (a second Ctrl+Q quits anyway), and
        asking first when a form or the capture line holds typed text (Ctrl+Q runs after every key typed before
        it, so what is asked about is all of it)."""
        from meetingtui.ui.dialogs.form import ConfirmDialog

        if getattr(self.screen, "quit_question", False):
            self.exit()  # Ctrl+Q again, on the question itself: quit as asked
            return
        meeting = next((s for s in self.screen_stack if hasattr(s, "keep_unsaved")), None)
        if meeting is not None and meeting.keep_unsaved("Ctrl+Q"):  # type: ignore[attr-defined]
            return
        typed = [
            what
            for screen in reversed(self.screen_stack)
            if (what := getattr(screen, "typed_unsaved", lambda: None)())
        ]
        if not typed:
            self.exit()
            return

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        question = ConfirmDialog(
            f"Quit and lose what you typed in {' and '.join(typed)}? (Ctrl+Q again quits too)",
            yes="Quit",
            no="Keep typing",
        )
        question.quit_question = True  # type: ignore[attr-defined]
        self.push_screen(question, answer)

    def _fatal_error(self) -> None:
        """An unexpected fault. Textual's own report is a traceback with local variables, which hold note text
        and restricted items, printed on a screen that may be shared on a call: log where it happened (no
        values, like the CLI) and print one line instead."""
        import sys

        from rich.text import Text

        from meetingtui.core import logs

        exc = sys.exc_info()[1] or self._exception
        where = "the log"
        if exc is not None:
            try:
                logs.fault(exc, "tui", self.ws.log_path)
                where = str(self.ws.log_path)
            except Exception:  # the log itself may be what is broken (disk full): still say something
                pass
        self.bell()
        name = type(exc).__name__ if exc is not None else "unknown"
        self._exit_renderables.append(
            Text(f"meetingtui: unexpected fault ({name}); details in {where}. Saved work is safe.")
        )
        self._close_messages_no_wait()

    def say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """Notify with user text shown literally (no markup), kept short so a toast never hides the screen; long paths
        are shortened before anything else is cut (see :func:`~meetingtui.ui.safe.fit`)."""
        from meetingtui.ui.safe import fit

        self.notify(fit(message, 220), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


def make_app(ws: Workspace, *, case_id: str | None = None, start_screen: Screen | None = None) -> MeetingApp:
    """The one factory the CLI and the tests use."""
    return MeetingApp(ws, case_id=case_id, start_screen=start_screen)
