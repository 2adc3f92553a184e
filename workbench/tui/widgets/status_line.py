"""The line that is always visible: progress, reviewer, scale, filters, save status, the ranking model.

It is one line at any width: when everything does not fit, the least needed
parts go first (the scale, then the list's description, then the search...),
and the save indicator and the reviewer always stay whole. A verdict waiting
for its confirming second press takes the line over, since it is what the
reviewer must read before the next key.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from workbench.tui.session import SaveState, Saving
from workbench.tui.text import clipped, join
from workbench.vocab import Order, ReviewMode, Status


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
    mode: ReviewMode = ReviewMode.SINGLE
    awaiting: int = 0  # double review: the reviewer's verdicts awaiting the second
    disputed: int = 0
    armed: str | None = None  # a verdict waiting for its second press: what it will do
    ranking: str = ""  # which model ranks the queue: a desk model's version, "shipped", "refitting…"


def save_content(saving: Saving) -> Content:
    return {
        SaveState.IDLE: Content("✓ nothing to save").stylize("$foreground-muted"),
        SaveState.SAVING: Content(f"… saving {saving.unsaved}").stylize("$accent"),
        SaveState.SAVED: Content(f"✓ saved {saving.detail}").stylize("$success"),
        SaveState.NOT_SAVED: Content(f"✗ NOT SAVED ({saving.unsaved}) r: retry").stylize("bold reverse $error"),
    }[saving.state]


def fit_parts(parts: list[tuple[int, Content]], width: int) -> list[Content]:
    """Drop the highest-ranked parts (least needed; the last of equal ranks first) until the
    rest fits ``width`` cells; rank 0 parts always stay."""
    kept = list(range(len(parts)))
    total = sum(parts[i][1].cell_length for i in kept)
    for i in sorted(kept, key=lambda i: (-parts[i][0], -i)):
        if total <= width:
            break
        if parts[i][0] == 0:
            continue
        kept.remove(i)
        total -= parts[i][1].cell_length
    return [parts[i][1] for i in kept]


class StatusLine(Static):
    """Reviewed out of total in the current scope, who, which scale, and whether it is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    StatusLine.-armed { background: $warning 30%; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.progress = Progress()
        self._drawn: tuple | None = None

    def show(self, p: Progress) -> None:
        self.progress = p
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        p = self.progress
        width = max(20, self.content_region.width or self.app.size.width - 2)
        key = (p, width)
        if key == self._drawn:
            return
        self._drawn = key
        self.set_class(p.armed is not None, "-armed")
        self.update(self.content(p, width), layout=False)  # one line, always: no layout pass needed

    @staticmethod
    def content(p: Progress, width: int) -> Content:
        save = save_content(p.save)
        sep = Content(" │ ").stylize("$foreground-muted")
        if p.armed is not None:
            room = max(10, width - save.cell_length - 3)
            return join([clipped(p.armed, room, style="bold"), sep, save])
        progress = Content(f"{p.reviewed}/{p.total} reviewed").stylize("bold")
        parts: list[tuple[int, Content]] = [(1, progress)]
        if p.awaiting:
            parts.append((3, Content(f" +{p.awaiting} awaiting 2nd")))
        if p.disputed:
            parts.append((3, Content(f" · {p.disputed} disputed").stylize("$warning")))
        parts.append((4, Content(f"  showing {p.shown} {p.status.label} {p.order.label}")))
        if p.search:
            search = [Content("  search “"), clipped(p.search, 24, style="bold"), Content("”")]
            if p.search_short:
                search.append(Content(" (2+ letters)").stylize("$foreground-muted"))
            parts.append((2, join(search)))
        if p.document is not None:
            parts.append((2, join([Content("  doc “"), clipped(p.document, 24, style="bold"), Content("”")])))
        parts.append((0, join([sep, clipped(p.reviewer, 16, style="bold")])))
        if p.mode == ReviewMode.DOUBLE:
            parts.append((2, join([sep, Content("double review").stylize("$accent")])))
        parts.append((5, join([sep, Content("scale "), clipped(p.scale, 24)])))
        parts.append((0, join([sep, save])))
        if p.ranking:
            # Among the first to go on a narrow terminal.
            parts.append((4, join([sep, Content("ranked by "), clipped(p.ranking, 20, style="$text-accent")])))
        return join(fit_parts(parts, width))

    def text(self) -> str:
        """The line as drawn (tests read it)."""
        return self.content(self.progress, max(20, self.content_region.width or 78)).plain
