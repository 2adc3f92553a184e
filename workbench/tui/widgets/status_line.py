"""The line that is always visible: progress, reviewer, scale, filters, save status."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from workbench.tui.text import clipped, join

STATUS_NAMES = {
    "all": "all",
    "unreviewed": "unreviewed",
    "reviewed": "reviewed",
    "flagged": "flagged",
    "conflict": "conflicts",
}
ORDER_NAMES = {"score": "by score", "document": "in document order", "status": "by status", "recent": "most recent first"}


@dataclass
class Progress:
    reviewer: str = ""
    scale: str = ""
    reviewed: int = 0
    total: int = 0
    shown: int = 0
    status: str = "all"
    order: str = "score"
    search: str = ""
    search_short: bool = False  # too short to search yet
    document: str | None = None
    save: str = "idle"  # idle | saving | saved | not-saved
    save_detail: str = ""  # "#123" or the error
    unsaved: int = 0


class StatusBar(Static):
    """Reviewed out of total in the current scope, who, which scale, and whether it is saved."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(self, p: Progress) -> None:
        save = {
            "idle": Content("✓ nothing to save").stylize("$text-muted"),
            "saving": Content(f"… saving {p.unsaved}").stylize("$accent"),
            "saved": Content(f"✓ saved {p.save_detail}").stylize("$success"),
            "not-saved": Content(f"✗ NOT SAVED ({p.unsaved}) r: retry").stylize("bold reverse $error"),
        }[p.save]
        parts: list[Content | str] = [
            Content(f"{p.reviewed}/{p.total} reviewed").stylize("bold"),
            "  ",
            Content(f"showing {p.shown} {STATUS_NAMES.get(p.status, p.status)} {ORDER_NAMES.get(p.order, p.order)}"),
        ]
        if p.search:
            parts += ["  search “", clipped(p.search, 24, style="bold"), "”"]
            if p.search_short:
                parts.append(Content(" (2+ letters)").stylize("$text-muted"))
        if p.document is not None:
            parts += ["  doc “", clipped(p.document, 24, style="bold"), "”"]
        parts += [
            "  │ ",
            clipped(p.reviewer, 24, style="bold"),
            " │ scale ",
            clipped(p.scale, 24),
            " │ ",
            save,
        ]
        self.update(join(parts), layout=False)  # one line, always: no layout pass needed
