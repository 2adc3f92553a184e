"""The document view: the whole article, its claims highlighted, decisions by the same keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from workbench.describe import deciders, hidden_from
from workbench.vocab import Action
from workbench.domain import Claim, Document
from workbench.tui import keys
from workbench.tui.host import BackToQueue, DataChanged, QueueFollows
from workbench.tui.lines import update_static
from workbench.tui.screens.actions import DecisionActions
from workbench.tui.state import CONTEXT_GLYPH, CORRECTED_GLYPH, FLAG_GLYPH, look
from workbench.tui.text import clipped, join, literal
from workbench.tui.widgets.article import ArticleView
from workbench.tui.widgets.footer import KeyFooter

CLAIM_BAR_LINES = 5  # the claim bar's max-height in app.tcss


class DocumentScreen(DecisionActions):
    """One article at a time. The app keeps one of these and hands it each
    document to show (:meth:`open`): composing a screen with a footer on every
    Enter cost more than a key may, and every closed view left tens of
    thousands of objects of cyclic garbage for a slow full collection."""

    BINDINGS = keys.bindings(keys.DOCUMENT)
    WHERE = keys.DOCUMENT

    def __init__(self, document_id: int | None = None, claim_id: int | None = None) -> None:
        super().__init__()
        self.document_id = document_id
        self._start_claim = claim_id
        self.claims: list[Claim] = []
        self.current = 0
        self._following = False  # the queue is told where this view went, once per frame

    def compose(self) -> ComposeResult:
        yield Static(id="doc-head")
        yield ArticleView("", [], id="doc-text")
        yield Static(id="doc-claim")
        yield KeyFooter()

    def open(self, document_id: int, claim_id: int | None = None) -> None:
        """Show this document, on this claim (call before the screen is pushed again)."""
        self.document_id, self._start_claim = document_id, claim_id
        if self.is_mounted:
            self._show_document()

    @staticmethod
    def _head(document: Document | None) -> Content:
        if document is None:
            return literal("(no such document)", style="bold")
        facts = [f for f in (document.outlet, document.published, document.byline) if f]
        parts: list[Content | str] = [literal(document.title or "(untitled)", style="bold")]
        if facts:
            parts += ["  ", join([literal(f) for f in facts], " · ").stylize("$foreground-muted")]
        if document.paths:
            parts += ["\n", literal(document.paths[0], style="$foreground-muted")]
        return join(parts)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.view.focus()
        self._show_document()

    def _show_document(self) -> None:
        document = self.host.session.document(self.document_id) if self.document_id is not None else None
        update_static(self.query_one("#doc-head", Static), self._head(document))
        self.view.set_document(document.text or "" if document else "", document.excluded if document else ())
        self._load_claims()
        self.current = 0
        if self._start_claim is not None:
            for i, row in enumerate(self.claims):
                if row.id == self._start_claim:
                    self.current = i
        self.view.set_claims([(c.start, c.end) for c in self.claims], self.current if self.claims else None)
        self._show_claim_bar()

    def _load_claims(self) -> None:
        if self.document_id is None:
            self.claims = []
            return
        self.claims = self.host.session.document_claims(self.document_id)

    def _show_claim_bar(self) -> None:
        bar = self.query_one("#doc-claim", Static)
        row = self.current_row()
        if row is None:
            update_static(bar, Content("This document has no claims."), max_lines=CLAIM_BAR_LINES)
            return
        session = self.host.session
        message = session.armed_message(row.id)
        if message is not None:
            update_static(bar, join([literal(message, style="bold $warning")]), max_lines=CLAIM_BAR_LINES)
            return
        shown = look(row, session.scales(), session.pending_for(row.id), session.reviewer)
        who = deciders(row, session.reviewer)
        parts: list[Content | str] = [
            Content(f"claim {self.current + 1}/{len(self.claims)}  "),
            Content(shown.glyph).stylize(shown.style) if shown.style else Content(shown.glyph),
            Content(FLAG_GLYPH if shown.flagged else " "),
            " ",
            clipped(shown.label, 16, style="bold"),
            join([Content(" by "), clipped(", ".join(who), 24, style="bold $text-accent")]) if who else "",
            "  ",
            Content(f"{CORRECTED_GLYPH} ").stylize("$text-accent") if row.corrected
            else Content(f"{CONTEXT_GLYPH} ").stylize("$warning") if row.needs_context else "",
            literal(row.text),
        ]
        if row.note:
            hidden = hidden_from(row, session.history(row.id), session.reviewer) if row.pending else set()
            if Action.NOTE in hidden:
                parts += ["\n", Content("note: another reviewer's, hidden until you give your verdict").stylize("$foreground-muted italic")]
            else:
                parts += ["\n", Content("note: "), literal(row.note)]
        update_static(bar, join(parts), max_lines=CLAIM_BAR_LINES)

    def show_armed(self) -> None:
        self._show_claim_bar()

    # -------------------------------------------------- DecisionActions hooks

    def current_row(self) -> Claim | None:
        return self.claims[self.current] if self.claims else None

    def claim_shown(self, claim_id: int) -> Claim | None:
        for row in self.claims:
            if row.id == claim_id:
                return row
        return self.host.session.fetch_rows([claim_id]).get(claim_id)

    def advance(self) -> None:
        self.action_next_claim()

    def show_claim(self, claim_id: int) -> None:
        for i, row in enumerate(self.claims):
            if row.id == claim_id:
                self._move(i)
                return
        # A claim of another document: back to the queue, which finds it.
        self.app.post_message(BackToQueue(claim_id))

    def on_data_changed(self, message: DataChanged) -> None:
        self.data_changed(message.claim_ids)

    def data_changed(self, claim_ids: list[int] | None) -> None:
        current = self.current_row()
        self._load_claims()
        if current is not None:
            for i, row in enumerate(self.claims):
                if row.id == current.id:
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
        if not self._following:
            self._following = True
            self.call_after_refresh(self._queue_follows)  # after this key's frame

    def _queue_follows(self) -> None:
        self._following = False
        row = self.current_row()
        if row is not None and self.is_current:
            self.app.post_message(QueueFollows(row.id))

    def action_next_claim(self) -> None:
        self._disarm()
        self._move(self.current + 1)

    def action_previous_claim(self) -> None:
        self._disarm()
        self._move(self.current - 1)

    def action_page_down(self) -> None:
        self._disarm()
        self.view.page(1)

    def action_page_up(self) -> None:
        self._disarm()
        self.view.page(-1)

    def action_back(self) -> None:
        self._disarm()
        row = self.current_row()
        self.app.post_message(BackToQueue(row.id if row is not None else None))
