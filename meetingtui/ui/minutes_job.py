"""Writing the minutes from the TUI: pick the reader, build the document in a thread with a progress bar, and
say where the file went. The same core function as ``meetingtui minutes``."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from meetingtui.core.errors import Conflict, UserError
from meetingtui.ui.burst import focus_now
from meetingtui.ui.dialogs.form import ConfirmDialog

READER_CHOICES = [
    ("full", "Full minutes (everything, for the professionals)"),
    ("family", "Family version (everything restricted left out; the disclosure check first)"),
    ("young-person", "The young person's own version (written to them; the disclosure check first)"),
    ("actions", "Actions sheet, one page per agency (same-day circulation)"),
]


class ReaderChoice(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reader.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Write the minutes: which version?", classes="dialog-title")
            yield OptionList(*[Option(label, id=key) for key, label in READER_CHOICES], id="readers")

    def on_mount(self) -> None:
        focus_now(self.query_one("#readers", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Progress(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Writing the minutes…", classes="dialog-title")
            yield ProgressBar(total=1.0, id="bar", show_eta=False)
            yield Static("", id="stage", markup=False)

    def step(self, fraction: float, stage: str) -> None:
        self.query_one("#bar", ProgressBar).update(progress=fraction)
        self.query_one("#stage", Static).update(stage)


async def export_minutes(screen: Screen, case_id: str, meeting_id: str, reader: str | None = None) -> None:
    """Run from a worker on ``screen``. Errors become one-line notifications; nothing is half-written."""
    from meetingtui.core.exports.minutes import write_minutes
    from meetingtui.core.exports.minutes.readers import OUTSIDE
    from meetingtui.core.exports.minutes.settle import Unsettled

    app = screen.app
    ws = app.ws  # type: ignore[attr-defined]
    if reader is None:
        reader = await app.push_screen_wait(ReaderChoice())
        if reader is None:
            return
    progress = Progress()
    await app.push_screen(progress)

    def report(fraction: float, stage: str) -> None:
        app.call_from_thread(progress.step, fraction, stage)

    force = False
    settled = 0
    while True:
        try:
            path = await asyncio.to_thread(
                write_minutes, ws, case_id, meeting_id, reader=reader, force=force, progress=report
            )
            break
        except Conflict as exc:
            if force or "already exists" not in str(exc):
                progress.dismiss()
                app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
                return
            if not await app.push_screen_wait(
                ConfirmDialog(
                    f"{str(exc).replace(' (use --force to overwrite)', '')}.\nOverwrite it?",
                    yes="Overwrite",
                    no="Keep",
                )
            ):
                progress.dismiss()
                return
            force = True
        except Unsettled as exc:
            settled += len(exc.hits)
            if not await _settle(app, ws, case_id, meeting_id, reader, exc):
                progress.dismiss()
                app.say(str(exc), severity="warning", timeout=10)  # type: ignore[attr-defined]
                return
        except UserError as exc:
            progress.dismiss()
            app.say(str(exc), severity="error", timeout=10)  # type: ignore[attr-defined]
            return
    progress.dismiss()
    checked = ""
    if (
        reader in OUTSIDE
    ):  # said either way: a version written at once should not look as if it was not checked
        checked = (
            f"{settled} passage{'s' if settled != 1 else ''} settled in the disclosure check. "
            if settled
            else "The disclosure check found nothing to settle. "
        )
    app.say(f"{checked}Minutes written: {path}", timeout=12)  # type: ignore[attr-defined]


async def _settle(app, ws, case_id: str, meeting_id: str, reader: str, exc) -> bool:  # type: ignore[no-untyped-def]
    """Ask the chair about each passage in turn and record each decision; False when they stop."""
    from meetingtui.core.exports.minutes.settle import decide
    from meetingtui.ui.dialogs.disclosure import DisclosureDialog

    for n, hit in enumerate(exc.hits, 1):
        while True:
            dialog = DisclosureDialog(hit, n, len(exc.hits), reader)
            choice = await app.push_screen_wait(dialog)
            if choice is None:
                return False
            try:
                await asyncio.to_thread(
                    decide,
                    ws.repo,
                    case_id,
                    meeting_id,
                    hit,
                    choice,
                    reader=reader,
                    by=ws.settings.user,
                    rewrite=dialog.new_text,
                )
                break
            except UserError as refused:
                # Refused (restricting in approved minutes): said, and the same passage asked again, so the
                # chair can rewrite or allow it instead of losing the whole check (found from outside).
                app.say(str(refused), severity="error", timeout=10)
    return True
