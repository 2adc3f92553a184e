"""The incremental search line: every keystroke narrows the queue."""

from __future__ import annotations

from textual.message import Message

from workbench.tui import keys
from workbench.tui.widgets.safe_input import SafeInput


class SearchBar(SafeInput):
    """Search over claim, sentence and speaker; Enter keeps the search, Esc clears it."""

    BINDINGS = keys.bindings(keys.SEARCH)

    class Done(Message):
        """The reviewer left the search line; ``clear``: and dropped the search."""

        def __init__(self, clear: bool) -> None:
            super().__init__()
            self.clear = clear

    def action_clear_search(self) -> None:
        self.value = ""
        self.post_message(self.Done(clear=True))

    def action_leave(self) -> None:
        self.post_message(self.Done(clear=False))
