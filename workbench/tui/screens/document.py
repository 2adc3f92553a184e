"""The document view: the whole article, its claims highlighted, decisions by the same keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from workbench.store import StoreError
from workbench.tui import keys
from workbench.tui.actions import DecisionActions
from workbench.tui.document_view import DocumentView
from workbench.tui.footer import KeyFooter
from workbench.tui.lines import update_static
from workbench.tui.status import FLAG_GLYPH, shown_state
from workbench.tui.text import clipped, join, literal

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp

CLAIM_BAR_LINES = 5  # the claim bar's max-height in app.tcss


class DocumentScreen(DecisionActions, Screen):
    """One article at a time. The app keeps one of these and hands it each
    document to show (:meth:`open`): composing a screen with a footer on every
    Enter cost more than a key may, and every closed view left tens of
    thousands of objects of cyclic garbage for a slow full collection."""

    BINDINGS = keys.bindings(keys.DOCUMENT)
    app: ReviewApp

    def __init__(self, document_id: int | None = None, claim_id: int | None = None) -> None:
        super().__init__()
        self.document_id = document_id
        self._start_claim = claim_id
        self.claims: list[dict] = []
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Static(id="doc-head")
        yield DocumentView("", [], id="doc-text")
        yield Static(id="doc-claim")
        yield KeyFooter()

    def open(self, document_id: int, claim_id: int | None = None) -> None:
        """Show this document, on this claim (call before the screen is pushed again)."""
        self.document_id, self._start_claim = document_id, claim_id
        if self.is_mounted:
            self._show_document()

    @staticmethod
    def _head(document: dict) -> Content:
        facts = [f for f in (document.get("outlet"), document.get("published"), document.get("byline")) if f]
        parts: list[Content | str] = [literal(document.get("title") or "(untitled)", style="bold")]
        if facts:
            parts += ["  ", join([literal(f) for f in facts], " · ").stylize("$text-muted")]
        paths = document.get("paths") or []
        if paths:
            parts += ["\n", literal(paths[0], style="$text-muted")]
        return join(parts)

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    def on_mount(self) -> None:
        self.view.focus()
        self._show_document()

    def _show_document(self) -> None:
        document = (self.app.document(self.document_id) if self.document_id is not None else None) or {}
        update_static(self.query_one("#doc-head", Static), self._head(document))
        self.view.set_document(document.get("text") or "", document.get("excluded") or [])
        self._load_claims()
        self.current = 0
        if self._start_claim is not None:
            for i, row in enumerate(self.claims):
                if row["id"] == self._start_claim:
                    self.current = i
        self.view.set_claims([(c["start"], c["end"]) for c in self.claims], self.current if self.claims else None)
        self._show_claim_bar()

    def _load_claims(self) -> None:
        if self.document_id is None:
            self.claims = []
            return
        try:
            rows = self.app.store.claims(document=self.document_id, order="document")
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            rows = []
        self.claims = [r for r in rows if r["document_id"] == self.document_id]

    def _show_claim_bar(self) -> None:
        bar = self.query_one("#doc-claim", Static)
        row = self.current_row()
        if row is None:
            update_static(bar, Content("This document has no claims."), max_lines=CLAIM_BAR_LINES)
            return
        shown = shown_state(row, self.app.scales(), self.app.pending_for(row["id"]))
        parts: list[Content | str] = [
            Content(f"claim {self.current + 1}/{len(self.claims)}  "),
            Content(shown.glyph).stylize(shown.style) if shown.style else Content(shown.glyph),
            Content(FLAG_GLYPH if shown.flagged else " "),
            " ",
            clipped(shown.label, 16, style="bold"),
            "  ",
            literal(row["text"]),
        ]
        if row.get("note"):
            parts += ["\n", Content("note: "), literal(row["note"])]
        update_static(bar, join(parts), max_lines=CLAIM_BAR_LINES)

    # -------------------------------------------------- DecisionActions hooks

    def current_row(self) -> dict | None:
        return self.claims[self.current] if self.claims else None

    def advance(self) -> None:
        self.action_next_claim()

    def show_claim(self, claim_id: int) -> None:
        for i, row in enumerate(self.claims):
            if row["id"] == claim_id:
                self._move(i)
                return
        # A claim of another document: back to the queue, which finds it.
        self.app.pop_screen()
        self.app.main.show_claim(claim_id)

    def data_changed(self, claim_ids: list[int] | None) -> None:
        current = self.current_row()
        self._load_claims()
        if current is not None:
            for i, row in enumerate(self.claims):
                if row["id"] == current["id"]:
                    self.current = i
        self.current = min(self.current, max(0, len(self.claims) - 1))
        self._show_claim_bar()

    # ------------------------------------------------------------- movement

    def _move(self, index: int) -> None:
        if not self.claims:
            return
        self.current = max(0, min(index, len(self.claims) - 1))
        self.view.set_current(self.current)
        self._show_claim_bar()

    def action_next_claim(self) -> None:
        self._move(self.current + 1)

    def action_previous_claim(self) -> None:
        self._move(self.current - 1)

    def action_page_down(self) -> None:
        self.view.page(1)

    def action_page_up(self) -> None:
        self.view.page(-1)

    def action_back(self) -> None:
        row = self.current_row()
        self.app.pop_screen()
        if row is not None:
            self.app.main.show_claim(row["id"])
