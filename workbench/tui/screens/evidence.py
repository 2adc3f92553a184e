"""The evidence editor: a verdict's sources and its public explanation. Ctrl+S saves, Esc cancels.

Two multi-line fields, Tab moving between them: the sources, one a line (the
URL, then its title if any), and the explanation that is published as the
ClaimReview's ``reviewBody``. Sources are checked on save (http or https, a
host, at most 2,048 characters); a bad line is named under the fields and
nothing is saved until it is fixed. Like the other editors the app keeps one
and hands it each claim (:meth:`EvidenceScreen.edit`). It dismisses with
``(sources, explanation)`` when something changed, else None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.domain import Claim
from workbench.evidence import EvidenceError, Source, check_explanation, parse_sources, sources_text
from workbench.safetext import visible
from workbench.tui import keys
from workbench.tui.lines import update_static
from workbench.tui.text import clipped, join, literal
from workbench.tui.widgets.safe_text_area import SafeTextArea

HELP = "Tab: the other field · Ctrl+S saves · Esc cancels"


class EvidenceScreen(ModalScreen[tuple[list[Source], str | None] | None]):
    BINDINGS = keys.bindings(keys.EVIDENCE)

    def __init__(self) -> None:
        super().__init__()
        self._claim: Claim | None = None

    def _title(self) -> Content:
        claim = self._claim
        if claim is None:
            return Content("Evidence")
        return join([Content(f"Evidence for claim {claim.id}: ").stylize("bold"), clipped(claim.text, 160)])

    def _shown(self) -> tuple[str, str]:
        claim = self._claim
        if claim is None:
            return "", ""
        return visible(sources_text(claim.sources), multiline=True), visible(claim.explanation or "", multiline=True)

    def compose(self) -> ComposeResult:
        sources, explanation = self._shown()
        with Vertical(id="dialog"):
            yield Static(self._title(), id="dialog-title")
            yield Static(Content("Sources: one a line, the URL then its title (http or https)"), classes="field-label")
            yield SafeTextArea(sources, id="evidence-sources", classes="editor")
            yield Static(Content("Explanation (published as the review's text)"), classes="field-label")
            yield SafeTextArea(explanation, id="evidence-explanation", classes="editor")
            yield Static(Content(""), id="evidence-problem", classes="dialog-problem")
            yield Static(Content(HELP), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#evidence-sources", SafeTextArea).focus()

    def edit(self, claim: Claim) -> None:
        """Point the editor at another claim (before it is shown again)."""
        self._claim = claim
        if not self.is_mounted:
            return
        update_static(self.query_one("#dialog-title", Static), self._title())
        update_static(self.query_one("#evidence-problem", Static), Content(""))
        sources, explanation = self._shown()
        for selector, text in (("#evidence-sources", sources), ("#evidence-explanation", explanation)):
            field = self.query_one(selector, SafeTextArea)
            field.load_text(text)
        self.query_one("#evidence-sources", SafeTextArea).focus()

    def problem(self, text: str) -> None:
        update_static(self.query_one("#evidence-problem", Static), literal(text, style="bold $error"))

    def action_save(self) -> None:
        sources_field = self.query_one("#evidence-sources", SafeTextArea).text
        explanation_field = self.query_one("#evidence-explanation", SafeTextArea).text
        try:
            sources = parse_sources(sources_field)
            explanation = check_explanation(explanation_field)
        except EvidenceError as exc:
            self.problem(f"not saved: {exc}")
            return
        if (sources_field.strip(), explanation_field.strip()) == tuple(part.strip() for part in self._shown()):
            self.dismiss(None)  # nothing changed
            return
        self.dismiss((sources, explanation))

    def action_cancel(self) -> None:
        self.dismiss(None)
