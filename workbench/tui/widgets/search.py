"""The incremental search line: every keystroke narrows the queue (debounced)."""

from __future__ import annotations

from textual.binding import Binding

from workbench.tui.safe_input import SafeInput


class SearchBar(SafeInput):
    """Search over claim, sentence and speaker; Enter keeps the search, Esc clears it."""

    BINDINGS = [
        Binding("escape", "clear_search", "clear search", id="search.clear"),
        Binding("down", "leave", "to the queue", show=False, id="search.leave"),
    ]

    def action_clear_search(self) -> None:
        self.value = ""
        self.screen.action_end_search(clear=True)  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self.screen.action_end_search(clear=False)  # type: ignore[attr-defined]
