"""Quitting while decisions are still being saved: one dialog that follows the writer.

Pressing q while the writer still holds decisions opens this once (more q
presses change nothing). While they are only being saved it says so and the
app quits by itself as soon as the last one commits; if one could not be
saved (the database busy past its timeout, a failing disk) it asks whether to
quit and lose them, with the count kept up to date; and once everything is
committed, by a retry or by itself, it closes and the app quits, never
claiming that work is unsaved when it is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui import keys
from workbench.tui.lines import update_static
from workbench.tui.writer import Job

CHECK_EVERY = 0.1  # seconds between looks at the writer's queue


class QuitScreen(ModalScreen[bool]):
    """Dismisses with True to quit (everything saved, or the reviewer said yes), False to stay."""

    BINDINGS = keys.bindings(keys.CONFIRM)

    def __init__(self, pending: Callable[[], list[Job]]) -> None:
        super().__init__()
        self._pending = pending
        self.said = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(""), id="dialog-title")
            yield Static(Content(""), id="quit-help", classes="dialog-help")

    def on_mount(self) -> None:
        self.check()
        self.set_interval(CHECK_EVERY, self.check)

    def check(self) -> None:
        jobs = self._pending()
        if not jobs:
            self.said = "every decision is saved: quitting"
            self.dismiss(True)
            return
        failed = any(job.not_saved for job in jobs)
        if failed:
            said = (
                f"{len(jobs)} decision(s) are NOT saved (the database is busy or failing); "
                "they are retried by themselves.\nQuit anyway and lose them?"
            )
            help_text = "y: quit and lose them · n or Esc: stay (r retries)"
        else:
            said = f"saving {len(jobs)} decision(s)… quitting as soon as they are saved"
            help_text = "n or Esc: stay"
        if said != self.said:
            self.said = said
            update_static(self.query_one("#dialog-title", Static), Content(said))
            update_static(self.query_one("#quit-help", Static), Content(help_text))

    def action_answer(self, yes: bool) -> None:
        if yes and not any(job.not_saved for job in self._pending()):
            return  # only a decision that failed to save may be given up; the rest are on their way
        self.dismiss(yes)
