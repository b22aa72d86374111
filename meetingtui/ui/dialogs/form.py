"""One modal form used for every small record (case, meeting, action, decision, attendance, case-record rows).

Why one: every form must behave the same for a keyboard user — Enter moves on, Ctrl+S saves, Escape cancels and
nothing is half-saved, bad values get an inline message under their field. Writing that once keeps it true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Literal

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from meetingtui.core.errors import UserError
from meetingtui.core.text.dates import parse_date, parse_time
from meetingtui.ui.burst import focus_now
from meetingtui.ui.safe import clean
from meetingtui.ui.widgets.dropdown import Dropdown

Kind = Literal["text", "area", "date", "time", "select", "bool", "int"]


@dataclass(kw_only=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = "text"
    value: Any = None
    required: bool = False
    options: list[tuple[str, Any]] = field(default_factory=list)
    placeholder: str = ""
    help: str = ""
    suggestions: list[str] = field(default_factory=list)
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    # What a typed prefix stands for ("Gra" → "Grace Obi"), filled in when the field is left, so the form shows
    # what will be saved; None keeps what was typed.
    complete: Callable[[str], str | None] | None = None


Validator = Callable[[dict[str, Any]], dict[str, str] | None]


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the converted values (``date`` objects for dates, ``None`` for empty optional fields) or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save", priority=True),
        # Enter on a dropdown or a checkbox moves on, like every field (Space or ↓ opens the dropdown, Space
        # ticks the box); priority, because a Select would take Enter to reopen itself.
        Binding("enter", "enter_next", "Next field", id="form.next", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        *,
        today: date,
        validate: Validator | None = None,
        submit_label: str = "Save",
        note: str = "",
        on_change: Callable[[str, Any, FormDialog], None] | None = None,
        save: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        super().__init__()
        #: Saves the values while the form is still open (see :meth:`_attempt`): a conflict with another copy
        #: or a refused value then leaves the typed text in the form.
        self.save = save
        self.title_text = title
        self.fields = fields
        self.today = today
        self.validate = validate
        self.submit_label = submit_label
        self.note = note
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="dialog"):
            yield Label(clean(self.title_text), classes="dialog-title", markup=False)
            if self.note:
                yield Static(clean(self.note), classes="dialog-note", markup=False)
            for f in self.fields:
                label = Label(f.label + (" *" if f.required else ""), classes="field-label", markup=False)
                if f.kind == "area":
                    yield label
                    yield self._widget(f)
                else:
                    with Horizontal(classes="field-row"):
                        yield label
                        yield self._widget(f)
                if f.help:
                    yield Static(f.help, classes="field-help", markup=False)
                yield Static("", id=f"err-{f.name}", classes="field-error", markup=False)
            yield Static("", id="err-form", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.submit_label} (Ctrl+S)", id="submit", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def _widget(self, f: FieldSpec):  # type: ignore[no-untyped-def]
        wid = f"f-{f.name}"
        if f.kind == "area":
            return TextArea(
                clean(f.value or ""),
                id=wid,
                soft_wrap=True,
                classes="form-area",
                compact=True,
                tab_behavior="focus",
            )
        if f.kind == "select":
            return Dropdown(
                [(label, value) for label, value in f.options],
                id=wid,
                value=f.value if any(v == f.value for _, v in f.options) else Select.NULL,
                allow_blank=not f.required,
                prompt=f.placeholder or "Choose…",
                compact=True,
            )
        if f.kind == "bool":
            return Checkbox(f.label, value=bool(f.value), id=wid)
        value = f.value
        if isinstance(value, date):
            value = value.isoformat()
        return Input(
            "" if value is None else clean(str(value)),
            id=wid,
            placeholder=f.placeholder,
            suggester=SuggestFromList(f.suggestions, case_sensitive=False) if f.suggestions else None,
            max_length=f.max_length or 0,
            compact=True,
            # Tab into a filled field selects it, so typing replaces it: a default or a value filled in from
            # another field ("YOT" from the owner) was joined by what was typed ("YOTYouth Justice Service",
            # "rootNadia Fenwick": found from outside, stored without a word). The field the form opens on is
            # not selected (see on_mount): a pre-filled name must not vanish under the first key pressed.
            select_on_focus=True,
        )

    def on_mount(self) -> None:
        self._initial = {f.name: self.raw(f.name) for f in self.fields}
        # A text box opened with a value ("Pursue …" from the catalogue) is typed into at its end, as an
        # Input is: the cursor started at the beginning and typed words went in front (found from outside).
        for area in self.query(".dialog TextArea").results(TextArea):
            area.move_cursor(area.document.end)
        first = self.query(".dialog Input, .dialog TextArea, .dialog Select, .dialog Checkbox").first()
        if first is not None:
            if isinstance(first, Input):
                first.select_on_focus = False  # until it is first left (``_complete``)
            focus_now(first)
        for select in self.query(".dialog Select"):
            self.watch(select, "expanded", partial(self._dropdown, select), init=False)

    def _dropdown(self, select: Select, expanded: bool) -> None:
        """Opening a dropdown focuses its list, and choosing returns to it, at once: Select does both through
        ``Widget.focus()``, which defers them behind keys already typed (``ui.burst``)."""
        overlay = select.query("SelectOverlay").first() if select.query("SelectOverlay") else None
        if expanded and overlay is not None:
            focus_now(overlay)
        elif not expanded and (self.focused is None or self.focused is overlay):
            focus_now(select)

    def typed_unsaved(self) -> str | None:
        """What would be lost by quitting now (this form, if anything was typed in it), or None."""
        return f"the form “{self.title_text}”" if self.dirty() else None

    def dirty(self) -> bool:
        return any(self.raw(f.name) != self._initial.get(f.name) for f in self.fields)

    # ------------------------------------------------------------------------------------------ values
    def raw(self, name: str) -> Any:
        w = self.query_one(f"#f-{name}")
        if isinstance(w, TextArea):
            return w.text
        if isinstance(w, Select):
            return None if w.value is Select.NULL else w.value
        if isinstance(w, Checkbox):
            return w.value
        assert isinstance(w, Input)
        return w.value

    def set_value(self, name: str, value: Any) -> None:
        w = self.query_one(f"#f-{name}")
        # The cursor goes to the end of what was put there, as when a form opens with a value: found from
        # outside, a title set by choosing a template kept the old title's cursor (character 21), so what was
        # typed next went into the middle ("Slow titlet review").
        if isinstance(w, Input):
            w.value = "" if value is None else str(value)
            w.cursor_position = len(w.value)
        elif isinstance(w, TextArea):
            w.load_text(value or "")
            w.move_cursor(w.document.end)
        elif isinstance(w, Select | Checkbox):
            w.value = value

    def _convert(self, f: FieldSpec, raw: Any) -> Any:
        if f.kind in ("bool", "select"):
            if f.required and raw is None:
                raise UserError("choose one")
            return raw
        text = (raw or "").strip() if f.kind != "area" else (raw or "")
        if not text.strip():
            if f.required:
                raise UserError("required")
            return None
        if f.kind == "date":
            return parse_date(text, self.today)
        if f.kind == "time":
            return parse_time(text)
        if f.kind == "int":
            try:
                n = int(text)
            except ValueError:
                raise UserError(f"{text!r} is not a whole number") from None
            if (f.minimum is not None and n < f.minimum) or (f.maximum is not None and n > f.maximum):
                raise UserError(f"must be between {f.minimum} and {f.maximum}")
            return n
        if f.max_length and len(text) > f.max_length:
            raise UserError(f"at most {f.max_length} characters")
        return text

    def collect(self) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for f in self.fields:
            err = self.query_one(f"#err-{f.name}", Static)
            try:
                values[f.name] = self._convert(f, self.raw(f.name))
                err.update("")
                err.display = False
            except UserError as exc:
                err.update(clean(str(exc)))
                err.display = True
                ok = False
        form_err = self.query_one("#err-form", Static)
        form_err.update("")
        form_err.display = False
        if ok and self.validate is not None:
            problems = self.validate(values) or {}
            for name, message in problems.items():
                found = self.query(f"#err-{name}")
                target = found.first(Static) if found else form_err
                target.update(clean(message))
                target.display = True
                ok = False
        return values if ok else None

    # ----------------------------------------------------------------------------------------- events
    def _move_on(self, widget: object) -> None:
        """Enter: the next field (at once, so the keys typed after Enter reach it), or save on the last."""
        inputs = list(self.query(".dialog Input, .dialog TextArea, .dialog Select, .dialog Checkbox"))
        idx = inputs.index(widget) if widget in inputs else -1
        if 0 <= idx < len(inputs) - 1:
            focus_now(inputs[idx + 1])
        else:
            self.action_submit()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self._move_on(event.input)

    def action_enter_next(self) -> None:
        focused = self.focused
        if isinstance(focused, Select | Checkbox):  # an open dropdown has its list focused: Enter chooses
            self._move_on(focused)
            return
        raise SkipAction()

    @on(Input.Blurred)
    def _complete(self, event: Input.Blurred) -> None:
        event.input.select_on_focus = True
        # A long value left scrolled to its end hides how it starts: show it from the start once left.
        event.input.scroll_to(0, animate=False, immediate=True)
        name = (event.input.id or "").removeprefix("f-")
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is None or spec.complete is None or not event.value.strip():
            return
        full = spec.complete(event.value.strip())
        if full and full != event.value:
            event.input.value = full

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        if self.on_change is None or event.control.id is None or not event.control.id.startswith("f-"):
            return
        name = event.control.id.removeprefix("f-")
        self.on_change(name, self.raw(name), self)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        values = self.collect()
        if values is None:
            return
        if self.save is None:
            self.dismiss(values)
            return
        save = self.save
        self._attempt(lambda: save(values), values)

    def _attempt(self, attempt: Callable[[], Any], values: dict[str, Any]) -> None:
        """Save; on a conflict with another copy ask which value to keep and save that (asking again if it
        changed once more). Esc in the question, or a refused save, leaves the form open as typed."""
        from meetingtui.core.record.merge import EditConflict
        from meetingtui.ui.dialogs.conflict import ConflictDialog

        try:
            attempt()
        except EditConflict as exc:
            conflict = exc

            def chosen(choices: dict[str, Any] | None) -> None:
                if choices is not None:
                    self._attempt(lambda: conflict.resolve(choices), values)

            self.app.push_screen(ConflictDialog(conflict), chosen)
            return
        except UserError as exc:
            err = self.query_one("#err-form", Static)
            err.update(clean(str(exc)))
            err.display = True
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Escape cancels; if something was typed, ask first: text typed mid-meeting is hard to type again."""
        if not self.dirty():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard what you typed in this form?", yes="Discard", no="Keep editing"), answer
        )


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog confirm"):
            yield Static(clean(self.question), classes="dialog-title", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        focus_now(self.query_one("#yes", Button))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
