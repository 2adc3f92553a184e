"""The note editor: a modal with several lines of text. Ctrl+S saves, Esc cancels.

While it is open the app's single-key bindings cannot fire: the modal screen
stops them, and the editor takes every printable key ("1", "x", "q", "u" type);
Enter starts a new line.

The app keeps one editor and hands it each claim (:meth:`NoteScreen.edit`):
composing a modal with an editor on every ``e`` cost more than a key may, and
each closed editor left cyclic garbage for a slow full collection.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.safetext import visible
from workbench.tui import keys
from workbench.tui.lines import update_static
from workbench.tui.text import clipped, join
from workbench.tui.widgets.safe_text_area import SafeTextArea


class NoteScreen(ModalScreen[str | None]):
    """Edit a claim's note; dismisses with the new text, or None when cancelled."""

    BINDINGS = keys.bindings(keys.NOTE)

    def __init__(self, claim_text: str = "", note: str | None = None) -> None:
        super().__init__()
        self._claim_text = claim_text
        self._note = note or ""

    def _title(self) -> Content:
        return join([Content("Note on: "), clipped(self._claim_text, 120, style="bold")])

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title(), id="dialog-title")
            yield SafeTextArea(self._note, id="note-input", classes="editor")
            yield Static(Content("Enter: a new line · Ctrl+S saves · Esc cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(SafeTextArea).focus()

    def edit(self, claim_text: str, note: str | None) -> None:
        """Point the editor at another claim's note (before it is shown again)."""
        self._claim_text = claim_text
        self._note = note or ""
        if not self.is_mounted:
            return  # compose() shows them
        update_static(self.query_one("#dialog-title", Static), self._title())
        editor = self.query_one(SafeTextArea)
        editor.load_text(self._note)
        editor.move_cursor(editor.document.end)
        editor.focus()

    @property
    def value(self) -> str:
        return self.query_one(SafeTextArea).text

    def shown_note(self) -> str:
        """The starting note as the editor shows it (what an unchanged save returns)."""
        return visible(self._note, multiline=True)

    def action_save(self) -> None:
        self.dismiss(self.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
