"""The line that is always visible: progress, reviewer, scale, filters, save status, the ranking model."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from workbench.tui.session import SaveState, Saving
from workbench.tui.text import clipped, join
from workbench.vocab import Order, Status


@dataclass
class Progress:
    reviewer: str = ""
    scale: str = ""
    reviewed: int = 0
    total: int = 0
    shown: int = 0
    status: Status = Status.ALL
    order: Order = Order.SCORE
    search: str = ""
    search_short: bool = False  # too short to search yet
    document: str | None = None
    save: Saving = Saving(SaveState.IDLE)
    ranking: str = ""  # which model ranks the queue: a desk model's version, "shipped", "refitting…"


class StatusLine(Static):
    """Reviewed out of total in the current scope, who, which scale, and whether it is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(self, p: Progress) -> None:
        saving = p.save
        save = {
            SaveState.IDLE: Content("✓ nothing to save").stylize("$text-muted"),
            SaveState.SAVING: Content(f"… saving {saving.unsaved}").stylize("$accent"),
            SaveState.SAVED: Content(f"✓ saved {saving.detail}").stylize("$success"),
            SaveState.NOT_SAVED: Content(f"✗ NOT SAVED ({saving.unsaved}) r: retry").stylize("bold reverse $error"),
        }[saving.state]
        parts: list[Content | str] = [
            Content(f"{p.reviewed}/{p.total} reviewed").stylize("bold"),
            "  ",
            Content(f"showing {p.shown} {p.status.label} {p.order.label}"),
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
        if p.ranking:
            # Last: on a narrow terminal it is cut before the save indicator is.
            parts += [" │ ranked by ", clipped(p.ranking, 20, style="$text-accent")]
        self.update(join(parts), layout=False)  # one line, always: no layout pass needed
