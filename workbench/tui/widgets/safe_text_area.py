"""A multi-line text editor that can never put a control character on the terminal.

Textual's TextArea draws its text as it is. A note or an explanation being
edited holds stored, untrusted text, and a paste can carry ESC sequences, so
every edit (typed, pasted, or the text it starts with) goes through
``visible(..., multiline=True)`` first: line breaks and tabs stay, everything
else a terminal would act on becomes a visible stand-in, and what the reviewer
sees is what is saved.
"""

from __future__ import annotations

from textual.document._edit import Edit
from textual.widgets import TextArea

from workbench.safetext import visible


class SafeTextArea(TextArea):
    def __init__(self, text: str = "", **kwargs) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")  # Tab moves to the next field, as in a form
        kwargs.setdefault("show_line_numbers", False)
        super().__init__(visible(text, multiline=True), **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(visible(text, multiline=True))

    def edit(self, edit: Edit):  # type: ignore[override]
        edit.text = visible(edit.text, multiline=True)
        return super().edit(edit)
