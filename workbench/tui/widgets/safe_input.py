"""A text input that can never put a control character on the terminal.

Textual's Input draws its value as it is. A note being edited holds stored,
untrusted text, and a paste can carry ESC sequences, so every insertion (typed
or pasted) and every starting value goes through visible() first: what the
reviewer sees and saves is the visible form.
"""

from __future__ import annotations

from textual.widgets import Input

from workbench.safetext import visible


class SafeInput(Input):
    def __init__(self, value: str | None = None, *args, **kwargs) -> None:
        super().__init__(visible(value) if value else value, *args, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(visible(text), start, end)
