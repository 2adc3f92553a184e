"""A report to read before going on: what an export did and every warning it gave, the
agreement between reviewers. A scrollable modal; Esc, Enter or q closes it.

Toasts vanish after a few seconds and stack up; a warning the CLI prints (a
placeholder publisher, no url template, each claim left out of a ClaimReview)
must not, so the app shows them here, all of them, until the reviewer closes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui import keys
from workbench.tui.text import join, literal


class ReportScreen(ModalScreen[None]):
    BINDINGS = keys.bindings(keys.REPORT)

    def __init__(self, title: str, lines: Sequence[str], *, warnings: Sequence[str] = ()) -> None:
        super().__init__()
        self._title = title
        self.lines = list(lines)
        self.warnings = list(warnings)

    def body(self) -> Content:
        parts: list[Content] = [literal(line) for line in self.lines]
        if self.warnings:
            parts.append(Content(""))
            parts.append(Content(f"{len(self.warnings)} warning(s):").stylize("bold $warning"))
            parts += [join([Content("• ").stylize("$warning"), literal(w)]) for w in self.warnings]
        return join(parts, "\n")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(literal(self._title, style="bold"), id="dialog-title")
            yield Static(self.body(), id="report-body")
            yield Static(Content("Esc, Enter or q closes"), classes="dialog-help")

    def text(self) -> str:
        """Everything the report says (tests read it)."""
        return "\n".join([self._title, self.body().plain])

    def action_close(self) -> None:
        self.dismiss(None)
