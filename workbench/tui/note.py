"""The note editor: a modal with one line of text. Enter or Ctrl+S saves, Esc cancels.

While it is open the app's single-key bindings cannot fire: the modal screen
stops them, and the Input takes every printable key ("1", "x", "q", "u" type).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.tui.safe_input import SafeInput
from workbench.tui.text import clipped, join


class NoteScreen(ModalScreen[str | None]):
    """Edit a claim's note; dismisses with the new text, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "save", priority=True, id="note.save"),
    ]

    def __init__(self, claim_text: str, note: str | None) -> None:
        super().__init__()
        self._claim_text = claim_text
        self._note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(join([Content("Note on: "), clipped(self._claim_text, 120, style="bold")]), id="dialog-title")
            yield SafeInput(value=self._note, placeholder="what to check, sources, who to call…", id="note-input")
            yield Static(Content("Enter or Ctrl+S saves · Esc cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_save(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
