"""The claim under review: source sentence in context, document, reasons, state, history."""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from workbench.records import KIND_LABELS
from workbench.scales import Scale
from workbench.tui.status import GLYPHS, shown_state, verdict_label
from workbench.tui.text import join, literal, spans_over

ENTITY_STYLE = "$accent"
CLAIM_STYLE = "bold underline"


def source_content(row: dict, sentences: list[dict]) -> Content:
    """The sentence with the claim's span and its entities marked, one sentence either side."""
    base = row["sent_start"]
    marks = [(e["start"] - base, e["end"] - base, ENTITY_STYLE) for e in row.get("entities") or []]
    marks.append((row["start"] - base, row["end"] - base, CLAIM_STYLE))
    sentence = spans_over(row["sentence"], marks)
    by_idx = {s["idx"]: s for s in sentences}
    before = by_idx.get(row["sentence_idx"] - 1)
    after = by_idx.get(row["sentence_idx"] + 1)
    parts: list[Content | str] = []
    if before:
        parts += [literal(before["text"], style="$text-muted"), "\n"]
    parts.append(sentence)
    if after:
        parts += ["\n", literal(after["text"], style="$text-muted")]
    return join(parts)


def event_line(event: dict, retracted_by: dict[int, int], scales: dict[str, Scale]) -> Content:
    action, value = event["action"], event["value"]
    if action == "verdict":
        detail = json.loads(event["detail"]) if event.get("detail") else None
        what = literal(f"verdict {verdict_label(value, detail, scales, event.get('scale'))}")
    elif action == "note":
        what = join([Content("note: "), literal(value)]) if value else Content("note cleared")
    elif action == "flag":
        what = Content("flagged" if value == "on" else "flag cleared")
    elif action == "undo":
        what = Content(f"undo of #{event['undoes']}")
    else:
        what = literal(action)
    at = (event.get("at") or "").replace("T", " ").rstrip("Z")[:19]
    line: list[Content | str] = [
        Content(f"#{event['seq']:<5} {at}  "),
        literal(event["reviewer"], style="bold"),
        "  ",
        what,
    ]
    if event.get("conflict_with"):
        line += ["  ", Content(f"{GLYPHS['conflict'][0]} CONFLICT with #{event['conflict_with']}").stylize("bold $error")]
    if event["seq"] in retracted_by:
        line += ["  ", Content(f"↶ undone by #{retracted_by[event['seq']]}").stylize("$text-muted")]
    content = join(line)
    if event["seq"] in retracted_by:
        content = content.stylize("strike")
    return content


class ClaimDetail(VerticalScroll):
    """Everything a reviewer needs to decide on the claim under the cursor."""

    DEFAULT_CSS = """
    ClaimDetail > Static { margin-bottom: 1; }
    ClaimDetail > .section-title { margin-bottom: 0; color: $text-accent; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="claim-head")
        yield Static("Source", classes="section-title")
        yield Static(id="claim-source")
        yield Static("Document", classes="section-title")
        yield Static(id="claim-document")
        yield Static("Why it scored", classes="section-title")
        yield Static(id="claim-reasons")
        yield Static("Review", classes="section-title")
        yield Static(id="claim-state")
        yield Static("History", classes="section-title")
        yield Static(id="claim-history")

    def show_nothing(self, message: Content | None = None) -> None:
        self.query_one("#claim-head", Static).update(message or Content("No claim selected."))
        for name in ("source", "document", "reasons", "state", "history"):
            self.query_one(f"#claim-{name}", Static).update(Content(""))

    def show(
        self,
        row: dict,
        *,
        document: dict | None,
        sentences: list[dict],
        history: list[dict],
        scales: dict[str, Scale],
        pending: list | None = None,
    ) -> None:
        kind = KIND_LABELS.get(row["kind"], row["kind"])
        head = join(
            [
                literal(row["text"], style="bold"),
                "\n",
                Content(f"{kind} · tier {row['tier']} · score {row['score']:.2f} · speaker: ").stylize("$text-muted"),
                literal(row.get("speaker") or "—", style="italic"),
                Content(f" · claim {row['id']}").stylize("$text-muted"),
            ]
        )
        self.query_one("#claim-head", Static).update(head)
        self.query_one("#claim-source", Static).update(source_content(row, sentences))
        self.query_one("#claim-document", Static).update(self._document(row, document))
        reasons = row.get("reasons") or []
        self.query_one("#claim-reasons", Static).update(
            join([join(["• ", literal(r)]) for r in reasons], "\n") if reasons else Content("(none given)")
        )
        self.query_one("#claim-state", Static).update(self._state(row, scales, pending or []))
        retracted_by = {e["undoes"]: e["seq"] for e in history if e["action"] == "undo"}
        self.query_one("#claim-history", Static).update(
            join([event_line(e, retracted_by, scales) for e in history], "\n")
            if history
            else Content("No decisions yet.").stylize("$text-muted")
        )

    @staticmethod
    def _document(row: dict, document: dict | None) -> Content:
        if document is None:
            return literal(row.get("document_title") or f"document {row['document_id']}")
        facts = [f for f in (document.get("outlet"), document.get("published"), document.get("byline")) if f]
        parts: list[Content | str] = [literal(document.get("title") or "(untitled)", style="bold")]
        if facts:
            parts += ["\n", join([literal(f) for f in facts], " · ")]
        paths = document.get("paths") or []
        if paths:
            parts += ["\n", literal(paths[0], style="$text-muted")]
        return join(parts)

    @staticmethod
    def _state(row: dict, scales: dict[str, Scale], pending: list) -> Content:
        shown = shown_state(row, scales, pending[-1] if pending else None)
        parts: list[Content | str] = [Content(f"{shown.glyph} {GLYPHS[shown.state][1]}")]
        if shown.label and shown.state in ("verdict", "conflict", "saving", "not-saved"):
            parts += [": ", literal(shown.label, style="bold")]
        if row.get("reviewer") and row.get("verdict"):
            parts += [Content(" by "), literal(row["reviewer"])]
        if shown.state == "not-saved" and pending:
            parts += ["\n", literal(pending[-1].error, style="$error")]
        if shown.flagged:
            parts += ["\n", Content("⚑ flagged: needs checking").stylize("$warning")]
        if row.get("note"):
            parts += ["\n", Content("note: "), literal(row["note"], multiline=True)]
        return join(parts)
