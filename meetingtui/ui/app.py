"""The Textual app: thin. Screens do the work; this wires the workspace, theme, help and the command palette."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from meetingtui.core.workspace import Workspace
from meetingtui.ui.theme import HIGH_CONTRAST


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

    def on_mount(self) -> None:
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
        from meetingtui.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start_case:
            from meetingtui.ui.screens.case import CaseScreen

            self.push_screen(CaseScreen(self.start_case))

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.notify(f"Theme: {self.theme}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen is also a palette entry, so nothing needs memorising."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "High-contrast theme",
            "Switch between the normal and high-contrast theme (F2)",
            self.action_toggle_contrast,
        )
        seen: set[str] = set()
        for _key, active in screen.active_bindings.items():
            b = active.binding
            if not b.description or b.action in seen or active.node is self or not active.enabled:
                continue
            seen.add(b.action)
            node = active.node

            def run(node=node, action=b.action) -> None:  # type: ignore[no-untyped-def]
                self.call_later(node.run_action, action)

            yield SystemCommand(b.tooltip or b.description, f"Key: {b.key.replace('_', ' ')}", run)

    async def action_quit(self) -> None:
        """Quit, unless the meeting screen holds notes the disk refused (a second Ctrl+Q quits anyway)."""
        keep = getattr(self.screen, "keep_unsaved", None)
        if keep is not None and keep("Ctrl+Q"):
            return
        self.exit()

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
        """Notify with user text shown literally (no markup), kept short so a toast never hides the screen."""
        from meetingtui.ui.safe import one_line

        self.notify(one_line(message, 220), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


def make_app(ws: Workspace, *, case_id: str | None = None, start_screen: Screen | None = None) -> MeetingApp:
    """The one factory the CLI and the tests use."""
    return MeetingApp(ws, case_id=case_id, start_screen=start_screen)
