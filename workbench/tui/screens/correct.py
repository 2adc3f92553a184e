"""The claim editor: correct a claim's text and speaker. Enter or Ctrl+S saves, Esc cancels.

Like the note editor it is a modal kept by the app and handed each claim
(:meth:`CorrectScreen.edit`); its fields are SafeInputs, so a claim holding
control characters is edited (and saved) in its visible form. It dismisses
with the fields that changed, ``{"text": ..., "speaker": ...}``, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.domain import Claim
from workbench.safetext import visible
from workbench.tui import keys
from workbench.tui.lines import update_static
from workbench.tui.text import clipped, join
from workbench.tui.widgets.safe_input import SafeInput


class CorrectScreen(ModalScreen[dict | None]):
    """Edit a claim's text and speaker; dismisses with what changed, or None when cancelled."""

    BINDINGS = keys.bindings(keys.CORRECT)

    def __init__(self) -> None:
        super().__init__()
        self._claim: Claim | None = None

    def _title(self) -> Content:
        claim = self._claim
        if claim is None:
            return Content("Correct a claim")
        return join([Content(f"Correct claim {claim.id}, from: ").stylize("bold"), clipped(claim.sentence, 240)])

    def _origin(self) -> Content:
        claim = self._claim
        if claim is None or not claim.corrected:
            return Content("What extraction says is kept beside your correction.")
        speaker = claim.extracted_speaker or "no speaker"
        return join([Content("Extracted as: "), clipped(claim.extracted_text, 200), Content(" — "), clipped(speaker, 60)])

    def compose(self) -> ComposeResult:
        claim = self._claim
        with Vertical(id="dialog"):
            yield Static(self._title(), id="dialog-title")
            yield Static(Content("Claim"), classes="field-label")
            yield SafeInput(value=claim.text if claim else "", placeholder="what the article states", id="correct-text")
            yield Static(Content("Speaker (empty: none)"), classes="field-label")
            yield SafeInput(value=claim.speaker or "" if claim else "", placeholder="who made the claim, with role", id="correct-speaker")
            yield Static(self._origin(), id="correct-origin", classes="dialog-help")
            yield Static(Content("Enter or Ctrl+S saves · Tab: the other field · Esc cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#correct-text", Input).focus()

    def edit(self, claim: Claim) -> None:
        """Point the editor at another claim (before it is shown again)."""
        self._claim = claim
        if not self.is_mounted:
            return  # compose() shows it
        update_static(self.query_one("#dialog-title", Static), self._title())
        update_static(self.query_one("#correct-origin", Static), self._origin())
        for selector, value in (("#correct-text", claim.text), ("#correct-speaker", claim.speaker or "")):
            field = self.query_one(selector, SafeInput)
            field.value = visible(value)  # what SafeInput shows of a starting value
            field.cursor_position = len(field.value)
        self.query_one("#correct-text", Input).focus()

    def changes(self) -> dict[str, str | None]:
        """The fields the reviewer changed (compared in their visible form, as they were shown)."""
        claim = self._claim
        if claim is None:
            return {}
        text = self.query_one("#correct-text", Input).value
        speaker = self.query_one("#correct-speaker", Input).value
        out: dict[str, str | None] = {}
        if text.strip() != visible(claim.text).strip():
            out["text"] = text.strip()
        if speaker.strip() != visible(claim.speaker or "").strip():
            out["speaker"] = speaker.strip() or None
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if not self.query_one("#correct-text", Input).value.strip():
            self.notify("a claim needs its text: write what the article states, or Esc", severity="warning", markup=False)
            return
        self.dismiss(self.changes() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

