"""A whole article, wrapped and drawn a line at a time, with its claims highlighted.

Clutter that ingest set aside (``documents.excluded``) is dimmed, every claim is
underlined, the current claim is shown in reverse. Offsets in the store are
offsets of the stored text; the text shown is made visible first (a control
character becomes a longer stand-in), so spans go through :func:`visible_map`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from textual.content import Content, Span
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.records import ExcludedSpan
from workbench.tui.lines import line_strip, set_virtual_size
from workbench.tui.text import visible_map

CLUTTER_STYLE = "$foreground-muted italic"
CLAIM_STYLE = "underline $text-accent"
CURRENT_STYLE = "reverse bold"


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    # inherit_bindings=False: the document screen's keys (keys.py) move between claims.
    DEFAULT_CSS = """
    ArticleView { padding: 0 1; overflow-x: hidden; }
    """

    def __init__(self, text: str, excluded: Sequence[ExcludedSpan], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = text
        self._shown, self._where = visible_map(text, multiline=True)
        self._excluded = excluded
        self._claims: list[tuple[int, int]] = []
        self._current: int | None = None
        self._lines: list[tuple[Content, int, int]] = []  # (line, shown start, shown end)
        self._starts: list[int] = []  # each line's shown start, for bisect
        self._width = 0

    def set_document(self, text: str, excluded: Sequence[ExcludedSpan]) -> None:
        """Show another article (the document screen is kept and reused), from its top.

        The same article again (the next claim of the document the reviewer just
        read) keeps its wrapped lines: wrapping a long one costs tens of ms.
        """
        self.scroll_to(y=0, animate=False, immediate=True)
        if text == self._source and excluded == self._excluded:
            return
        self._source = text
        self._shown, self._where = visible_map(text, multiline=True)
        self._excluded = excluded
        self._claims = []
        self._current = None
        self._lines = []
        self._starts = []

    def _map(self, offset: int) -> int:
        return self._where[max(0, min(offset, len(self._source)))]

    def set_claims(self, spans: list[tuple[int, int]], current: int | None) -> None:
        if spans == self._claims and self._lines:
            self.set_current(current)  # the same article and claims: move the highlight only
            return
        self._claims = spans
        self._current = current
        self._rebuild()
        self.scroll_to_current()

    def set_current(self, current: int | None) -> None:
        """Move the highlight: only the lines of the old and the new current claim change.

        Styles do not change how a line wraps, so those lines are restyled in
        place; wrapping the whole article again cost ~40 ms a key for a
        400-paragraph one.
        """
        previous, self._current = self._current, current
        content = self._content()
        if (
            not self._lines
            or self._width != max(10, self.scrollable_content_region.width - 1)
            or not all(
                self._restyle(content, *self._claims[index])
                for index in {previous, current}
                if index is not None and 0 <= index < len(self._claims)
            )
        ):
            self._rebuild()
        self.scroll_to_current()

    def _restyle(self, content: Content, start: int, end: int) -> bool:
        """Restyle, from ``content``, the display lines over stored offsets start..end.

        False if a line's text is not its slice of the article (wrapping
        expanded a tab, say): then only wrapping it all again is right.
        """
        shown_start, shown_end = self._map(start), self._map(end)
        y = max(0, bisect_right(self._starts, shown_start) - 1)
        while y < len(self._lines) and self._starts[y] < shown_end:
            line, line_start, line_end = self._lines[y]
            if line_end > line_start:
                restyled = content[line_start:line_end]  # the wrapped line's text, the new spans
                if restyled.plain != line.plain:
                    return False
                self._lines[y] = (restyled, line_start, line_end)
                self.refresh_line(y)
            y += 1
        return True

    def _content(self) -> Content:
        spans = []
        for item in self._excluded:
            spans.append(Span(self._map(item.start), self._map(item.end), CLUTTER_STYLE))
        for i, (start, end) in enumerate(self._claims):
            style = CURRENT_STYLE if i == self._current else CLAIM_STYLE
            spans.append(Span(self._map(start), self._map(end), style))
        return Content(self._shown, spans)

    def _rebuild(self) -> None:
        width = max(10, self.scrollable_content_region.width - 1)
        self._width = width
        content = self._content()
        lines: list[tuple[Content, int, int]] = []
        offset = 0
        for line in content.split("\n", allow_blank=True):
            plain = line.plain
            if not plain:
                lines.append((line, offset, offset))
            else:
                cursor = 0
                for piece in line.wrap(width):
                    text = piece.plain
                    at = plain.find(text, cursor) if text else cursor
                    at = cursor if at < 0 else at
                    lines.append((piece, offset + at, offset + at + len(text)))
                    cursor = at + len(text)
            offset += len(plain) + 1
        self._lines = lines
        self._starts = [start for _, start, _ in lines]
        set_virtual_size(self, Size(width, len(lines)))
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The display line holding a stored-text offset."""
        shown = self._map(offset)
        # Lines run in order, and at most the two around `shown` can hold it.
        for y in range(max(0, bisect_right(self._starts, shown) - 2), len(self._lines)):
            _, start, end = self._lines[y]
            if start <= shown <= end and (end > start or start == shown):
                return y
            if start > shown:
                break
        return 0

    def page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=max(0, int(self.scroll_offset.y) + direction * height), animate=False, immediate=True)

    def scroll_to_current(self) -> None:
        if self._current is None or not self._claims or not self._lines:
            return
        y = self.line_of(self._claims[self._current][0])
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if not top <= y < top + height - 1:
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width - 1 != self._width:
            self._rebuild()
            self.scroll_to_current()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        style = self.visual_style
        if index >= len(self._lines):
            return Strip.blank(width, style.rich_style)
        return line_strip(self, self._lines[index][0], width, style)

    def visible_text(self) -> str:
        """Every display line's text (tests read the rendered article from here)."""
        return "\n".join(line.plain for line, _, _ in self._lines)
