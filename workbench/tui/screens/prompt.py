"""Ask for one line of text (a path, a reviewer name): Enter accepts, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.tui import keys
from workbench.tui.widgets.safe_input import SafeInput


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = keys.bindings(keys.PROMPT)

    def __init__(self, title: Content, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title, id="dialog-title")
            yield SafeInput(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(Content("Enter accepts · Esc cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
