"""A yes/no question (overwrite a file? quit with unsaved decisions?): y or n, Esc is no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui import keys


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = keys.bindings(keys.CONFIRM)

    def __init__(self, question: Content) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._question, id="dialog-title")
            yield Static(Content("y: yes · n or Esc: no"), classes="dialog-help")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
