"""The claim queue: a window onto SQLite, drawn a line at a time.

Size: one widget: its row cache, drawn-row cache, cursor and row layout are one
mechanism (what is drawn ahead is what the keys then find cached).

The queue holds only the ordered list of claim ids (100,000 ints is cheap) and
draws the rows in view with the Line API, fetching them from the store in one
query for the window plus a margin and keeping them in a small LRU cache. So
moving, paging or jumping to the end costs the same with 100 claims or 100,000
(a DataTable with every row mounted slows down past about 10,000).
"""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.describe import deciders, short_name
from workbench.domain import Claim
from workbench.safetext import clip, visible
from workbench.scales import Scale
from workbench.tui.lines import line_strip, set_virtual_size
from workbench.tui.state import (
    CONTEXT_GLYPH, COPIES_GLYPH, CORRECTED_GLYPH, FLAG_GLYPH, MAYBE_GLYPH, SEEN_GLYPH, TIER_LABELS, look,
)
from workbench.vocab import SeenLevel
from workbench.tui.writer import Job

MARGIN = 40  # rows fetched beyond the window, so small moves hit the cache
CACHE_ROWS = 3000
STRIPS = 400  # drawn rows kept: the window, the pages either side and both ends, with room to spare


class ClaimQueue(ScrollView, can_focus=True, inherit_bindings=False):
    """The ordered claims of the current filter; the cursor is the claim under review."""

    # inherit_bindings=False: the screen's bindings (keys.py) drive the cursor; the
    # scroll container's own up/down/home/end would scroll and leave the cursor behind.
    COMPONENT_CLASSES = {"claim-queue--cursor", "claim-queue--empty", "claim-queue--dim"}
    DEFAULT_CSS = """
    ClaimQueue { overflow-x: hidden; }
    ClaimQueue > .claim-queue--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    ClaimQueue:blur > .claim-queue--cursor { background: $block-cursor-blurred-background; }
    ClaimQueue > .claim-queue--dim { color: $foreground-muted; }
    ClaimQueue > .claim-queue--empty { color: $foreground-muted; }
    """

    class CursorMoved(Message):
        """The cursor is on another claim (or on none)."""

        def __init__(self, claim_id: int | None) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(
        self,
        fetch: Callable[[Sequence[int]], dict[int, Claim]],
        scales: Callable[[], dict[str, Scale]],
        pending: Callable[[int], Job | None],
        *,
        viewer: Callable[[], str | None] = lambda: None,
        on_move: Callable[[int | None], object] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._viewer = viewer  # who is reviewing: whose verdicts are "mine", what double review hides
        self._on_move = on_move
        self._fetch = fetch
        self._scales = scales
        self._pending = pending
        self.ids: list[int] = []
        self._index: dict[int, int] | None = None
        self._scans = 0
        self.cursor = 0
        self._rows: OrderedDict[int, Claim] = OrderedDict()
        # When each cached row was read: part of its drawn line's key. Not id(row):
        # a row read again after forget() is often allocated where the old one was.
        self._read_at: dict[int, int] = {}
        self._reads = itertools.count()
        # Drawn rows, keyed by everything that changes how a row looks: jumping back
        # and forth (g, G, paging) redraws from here.
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()
        self.empty_message: list[Content] = [Content("Loading claims…")]
        self.first_paint_at: float | None = None  # when rows were first drawn (for the bench)
        self._warm_pending = False

    # ------------------------------------------------------------------ data

    def set_ids(self, ids: list[int], *, keep: int | None = None, fallback: int | None = None) -> None:
        """Show a new list; keep the cursor on claim ``keep`` if it is still listed."""
        self.ids = ids
        self._index = None
        self._scans = 0
        if keep is not None and (where := self.index_of(keep)) is not None:
            self.cursor = where
        elif fallback is not None:
            self.cursor = fallback
        self.cursor = max(0, min(self.cursor, len(ids) - 1)) if ids else 0
        self._set_virtual_height(len(ids))
        self._scroll_cursor_into_view(center=False)
        self.refresh()
        self._moved()

    def _set_virtual_height(self, rows: int) -> None:
        # Without a layout pass over the whole screen when the scrollbar stays.
        set_virtual_size(self, Size(self.size.width, rows))

    def _moved(self) -> None:
        if not self._warm_pending:
            self._warm_pending = True
            self.call_after_refresh(self._warm)
        # A direct call, not only a message: the detail then changes in the same
        # frame as the cursor (a message would cost a second frame per key).
        if self._on_move is not None:
            self._on_move(self.current_id)
        else:
            self.post_message(self.CursorMoved(self.current_id))

    def index_of(self, claim_id: int) -> int | None:
        """Where a claim is in the list. A scan in C first; a dict once lookups repeat.

        Building the dict for 100,000 ids costs ~15 ms of the UI thread, so a
        new list (every filter change) does not pay it up front.
        """
        if self._index is not None:
            return self._index.get(claim_id)
        self._scans += 1
        if self._scans > 8:
            self._index = {cid: i for i, cid in enumerate(self.ids)}
            return self._index.get(claim_id)
        try:
            return self.ids.index(claim_id)
        except ValueError:
            return None

    def forget(self, claim_ids: Sequence[int] | None = None) -> None:
        """Drop cached rows (all of them, or some) so they are read again."""
        if claim_ids is None:
            self._rows.clear()
            self.refresh()
            return
        top = int(self.scroll_offset.y)
        window = self.ids[top : top + self.scrollable_content_region.height]
        for cid in claim_ids:
            self._rows.pop(cid, None)
            if cid in window:  # only rows on screen need drawing again
                self.refresh_line(top + window.index(cid))

    def recheck_seen(self) -> list[int]:
        """Read the rows in view again and redraw those whose seen-before marks changed; their ids.

        For a commit that wrote only the matcher's caches (the matching worker's,
        ours or another app's): forgetting every row would redraw the whole
        queue on the next key, for marks that changed on a row or two if any.
        """
        top = int(self.scroll_offset.y)
        window = self.ids[top : top + self.scrollable_content_region.height]
        cached = [cid for cid in window if cid in self._rows]
        if not cached:
            return []
        fresh = self._fetch(cached)
        changed = []
        for cid in cached:
            old, new = self._rows.get(cid), fresh.get(cid)
            if old is None or new is None:
                continue
            if (old.seen_level, old.match, old.copies) != (new.seen_level, new.match, new.copies):
                self._rows[cid] = new
                self._read_at[cid] = next(self._reads)
                self.refresh_line(top + window.index(cid))
                changed.append(cid)
        return changed

    def row(self, claim_id: int) -> Claim | None:
        row = self._rows.get(claim_id)
        if row is None:
            where = self.index_of(claim_id)
            if where is None:
                got = self._fetch([claim_id])
                return got.get(claim_id)
            self._load(where, where + 1)
            row = self._rows.get(claim_id)
        return row

    def rows_from(self, start: int, count: int) -> list[Claim]:
        """Rows ``start`` .. ``start + count`` of the list, read in one query."""
        self._load(start, start + count, margin=0)
        return [self._rows[cid] for cid in self.ids[start : start + count] if cid in self._rows]

    def _load(self, start: int, end: int, *, margin: int = MARGIN) -> None:
        lo, hi = max(0, start - margin), min(len(self.ids), end + margin)
        wanted = []
        for cid in self.ids[lo:hi]:
            if cid in self._rows:
                self._rows.move_to_end(cid)  # in use: the last to be dropped (both ends stay drawn)
            else:
                wanted.append(cid)
        if wanted:
            fetched = self._fetch(wanted)
            self._rows.update(fetched)
            stamp = next(self._reads)
            for cid in fetched:
                self._read_at[cid] = stamp
            while len(self._rows) > CACHE_ROWS:
                old, _ = self._rows.popitem(last=False)
                self._read_at.pop(old, None)

    @property
    def current_id(self) -> int | None:
        return self.ids[self.cursor] if self.ids else None

    @property
    def current_row(self) -> Claim | None:
        cid = self.current_id
        return None if cid is None else self.row(cid)

    # ---------------------------------------------------------------- cursor

    def move_to(self, index: int, *, jump: bool = False) -> None:
        """Put the cursor on row ``index``; a ``jump`` that leaves the window centres it.

        A step (j, k, a page) out of the window scrolls just enough. A jump to a
        given claim (undo, the next new one, back from the document view) shows
        the rows around it: walking back with undo, or on with n, then moves the
        cursor inside the window instead of scrolling the queue on every key.
        """
        if not self.ids:
            return
        index = max(0, min(index, len(self.ids) - 1))
        if index == self.cursor:
            return
        old = self.cursor
        self.cursor = index
        self.refresh_line(old)
        self.refresh_line(index)
        self._scroll_cursor_into_view(center=jump)
        self._moved()

    def move_by(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def move_to_claim(self, claim_id: int) -> bool:
        where = self.index_of(claim_id)
        if where is None:
            return False
        self.move_to(where, jump=True)
        return True

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        """Scroll so the cursor is in view (``center``: in the middle, if it was out of view)."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = int(self.scroll_offset.y)
        if center and not top <= self.cursor < top + height:
            target = self.cursor - height // 2
        elif self.cursor < top:
            target = self.cursor
        elif self.cursor >= top + height:
            target = self.cursor - height + 1
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._scroll_cursor_into_view()

    def on_click(self, event) -> None:  # a mouse is welcome, never needed
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.ids):
            self.move_to(index)

    # ------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.visual_style
        if not self.ids:
            if y < len(self.empty_message):
                style = self.get_visual_style("claim-queue--empty")
                return line_strip(self, self.empty_message[y], width, style)
            return Strip.blank(width, base.rich_style)
        if index >= len(self.ids):
            return Strip.blank(width, base.rich_style)
        claim_id = self.ids[index]
        row = self._rows.get(claim_id)
        if row is None:
            height = self.scrollable_content_region.height
            top = int(self.scroll_offset.y)
            self._load(top, top + height)
            row = self._rows.get(claim_id)
        if row is None:  # the claim vanished between the list and the fetch
            return Strip.blank(width, base.rich_style)
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
        return self._strip(row, index == self.cursor, width)

    def _strip(self, row: Claim, selected: bool, width: int) -> Strip:
        pending = self._pending(row.id)
        # Focus changes only the cursor's row (its colours): leaving a screen and coming back
        # redraws that one row, not the window.
        key = (row.id, self._read_at.get(row.id), selected, width, selected and self.has_focus, self.app.theme,
               None if pending is None else (id(pending), pending.state), self._viewer())
        strip = self._strips.get(key)
        if strip is None:
            style = self.get_visual_style("claim-queue--cursor") if selected else self.visual_style
            strip = line_strip(self, self.row_content(row, width), width, style)
            self._strips[key] = strip
            if len(self._strips) > STRIPS:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(key)
        return strip

    def _warm(self) -> None:
        """Draw, between keys, the rows a page key or g / G shows next: the page above and below
        the window, and the first and last pages. A page drawn ahead is composed from cache."""
        self._warm_pending = False
        height = self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        if not self.ids or height <= 0 or not self.is_mounted:
            return
        top = int(self.scroll_offset.y)
        last = max(0, len(self.ids) - height)
        for start in (top + height - 1, top - height + 1, 0, last):
            start = max(0, min(start, last))
            rows = self.rows_from(start, height)
            for row in rows:
                self._strip(row, False, width)

    def row_content(self, row: Claim, width: int) -> Content:
        """One row: status glyph, flag, tier, verdict label, who decided, claim, speaker, document.

        Built as one string with spans (not by joining small Content pieces):
        this runs for every row drawn, and a page down draws a screenful.
        """
        viewer = self._viewer()
        shown = look(row, self._scales(), self._pending(row.id), viewer)
        label_width = 13 if width >= 70 else 8
        who_width = 6 if width >= 70 else 3
        speaker_width = 18 if width >= 110 else (12 if width >= 100 else 0)
        doc_width = 22 if width >= 110 else (14 if width >= 100 else 0)
        fixed = 1 + 1 + 1 + 4 + 1 + label_width + 1 + who_width + 1
        extra = (speaker_width + 2 if speaker_width else 0) + (doc_width + 2 if doc_width else 0)
        text_width = max(8, width - fixed - extra)
        spans: list[Span] = []
        tier = TIER_LABELS.get(row.tier, row.tier[:4])
        # Seen before: ≈ a close match among fact-checks and earlier verdicts (or a confirmed one),
        # · a weaker suggestion; from the worker's cache, so never computed while drawing.
        seen = SEEN_GLYPH if row.seen_before else (MAYBE_GLYPH if row.seen_level == SeenLevel.SUGGEST else " ")
        parts = [shown.glyph, FLAG_GLYPH if shown.flagged else " ", seen, f"{tier:<4}", " "]
        if shown.style:
            spans.append(Span(0, 1, shown.style))
        if shown.flagged:
            spans.append(Span(1, 2, "bold $warning"))
        if row.seen_before:
            spans.append(Span(2, 3, "bold $accent"))
        if row.tier == "high":
            spans.append(Span(3, 7, "bold"))
        at = 8
        label = fit(visible(shown.label), label_width)
        if shown.style and shown.label:
            spans.append(Span(at, at + len(label.rstrip()), shown.style))
        parts += [label, " "]
        at += label_width + 1
        # Who decided: the reviewer's own in muted text, anyone else's in bold, so that
        # replacing a colleague's verdict is never a surprise.
        names = [] if self._pending(row.id) is not None else deciders(row, viewer)
        if len(names) > 1:  # two reviewers who agreed or disagree: "al+bo"
            each = max(1, (who_width - len(names) + 1) // len(names))
            who = fit("+".join(visible(n)[:each] for n in names), who_width)
        else:
            who = fit(visible(short_name(names[0], who_width)) if names else "", who_width)
        if names:
            mine = names == [viewer]
            spans.append(Span(at, at + who_width, "$foreground-muted" if mine else "bold $text-accent"))
        parts += [who, " "]
        at += who_width + 1
        if row.copies:  # copies of it in other documents: ×N before the text
            copies = f"{COPIES_GLYPH}{row.copies} "
            spans.append(Span(at, at + len(copies) - 1, "$text-accent"))
            parts.append(copies)
            at += len(copies)
            text_width = max(4, text_width - len(copies))
        if row.corrected:  # a reviewer's wording, not extraction's: say so before it
            spans.append(Span(at, at + 1, "$text-accent"))
            parts.append(fit(f"{CORRECTED_GLYPH} {visible(row.text)}", text_width))
        elif row.needs_context:  # words that lean on the article: read it before judging
            spans.append(Span(at, at + 1, "$warning"))
            parts.append(fit(f"{CONTEXT_GLYPH} {visible(row.text)}", text_width))
        else:
            parts.append(fit(visible(row.text), text_width))
        if speaker_width:
            at += text_width + 2
            speaker = fit(visible(row.speaker or "—"), speaker_width)
            spans.append(Span(at, at + speaker_width, "italic"))
            parts += ["  ", speaker]
            at += speaker_width
        if doc_width:
            at += 2
            title = row.document_title or f"document {row.document_id}"
            parts += ["  ", fit(visible(title), doc_width)]
            spans.append(Span(at, at + doc_width, "$foreground-muted"))
        return Content("".join(parts), spans)


def fit(text: str, width: int) -> str:
    """``text`` clipped (with an ellipsis) or padded to exactly ``width`` cells."""
    if len(text) > width or cell_len(text) > width:
        text = clip(text, width)
        while cell_len(text) > width:  # wide characters: drop more
            text = text[:-2] + "…"
    return text + " " * (width - cell_len(text))
