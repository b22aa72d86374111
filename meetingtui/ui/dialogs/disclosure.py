"""The disclosure check in the TUI: before the family's or the young person's version is written, each passage
the check stopped on is shown in turn, and the chair restricts it (only the full version keeps it) or allows it
to go, or rewrites it (``w``: new wording, one paragraph, that this reader's version carries instead while the
full version keeps the original, core/exports/minutes/rewording.py). Each decision is recorded with the chair's name and the time
(core/exports/minutes/settle.py)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from meetingtui.core.exports.minutes.disclosure import Hit, can_restrict


class DisclosureDialog(ModalScreen[str | None]):
    """One passage: ``restrict``, ``allow``, ``rewrite`` (the new wording in ``new_text``), or None to stop
    (nothing is written)."""

    BINDINGS = [
        Binding("escape", "choose(None)", "Stop", id="disclosure.stop"),
        Binding("r", "choose('restrict')", "Restrict", id="disclosure.restrict"),
        Binding("a", "choose('allow')", "Allow", id="disclosure.allow"),
        Binding("w", "rewrite", "Rewrite", id="disclosure.rewrite"),
    ]

    def __init__(self, hit: Hit, number: int, total: int, reader: str) -> None:
        super().__init__()
        self.hit, self.number, self.total, self.reader = hit, number, total, reader
        self.new_text: str | None = None

    def compose(self) -> ComposeResult:
        h = self.hit
        found = "; ".join(f"{why}: {what}" for what, why in h.found)
        with VerticalScroll(classes="dialog confirm"):
            yield Static(
                f"Before the {self.reader} version goes out: passage {self.number} of {self.total}",
                classes="dialog-title",
                markup=False,
            )
            yield Static(f"{h.where}\n\n{h.text}\n\nFound: {found}", markup=False, id="passage")
            with Horizontal(classes="dialog-buttons"):
                if can_restrict(h.place):
                    yield Button("Restrict (r)", id="restrict", variant="primary")
                if h.place is not None:
                    yield Button("Rewrite (w)", id="rewrite")
                yield Button("Allow (a)", id="allow")
                yield Button("Stop (esc)", id="stop")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "stop" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice == "rewrite":
            self.action_rewrite()
            return
        if choice == "restrict" and not can_restrict(self.hit.place):
            return
        self.dismiss(choice)

    def action_rewrite(self) -> None:
        """New wording for the outside versions, starting from the passage as it stands."""
        if self.hit.place is None:
            return
        from meetingtui.ui.dialogs.form import FieldSpec, FormDialog

        def done(values: dict | None) -> None:
            if values and values.get("text"):
                self.new_text = " ".join(str(values["text"]).split())
                self.dismiss("rewrite")

        self.app.push_screen(
            FormDialog(
                f"Rewrite for the {self.reader} version",
                [FieldSpec(name="text", label="New wording", value=self.hit.text, required=True)],
                today=self.app.ws.today(),  # type: ignore[attr-defined]
                note="One paragraph. The full version keeps the original; this wording goes out instead.",
                submit_label="Rewrite",
            ),
            done,
        )
