"""Drawing one line of Content as a Strip, quickly, for the Line-API widgets.

``Visual.to_strips`` wraps, aligns and styles links for any visual; the queue,
the detail panel and the document view hand it lines that are already one
line wide, and drawing them was most of the cost of a key press. This does
just what those lines need: resolve the styles (theme variables included) and
crop or pad to the width.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static


def line_strip(widget: Widget, content: Content, width: int, style: Style) -> Strip:
    """``content`` (a single line) drawn on ``style``, exactly ``width`` cells wide."""
    get_style = widget._get_style  # resolves "$success" and friends against the theme
    segments = [
        Segment(text, (style + text_style).rich_style)
        for text, text_style in content.render(style, end="", parse_style=get_style)
    ]
    strip = Strip(segments, content.cell_length)
    # What crop_extend(0, width) does, without its cache: a strip that is
    # already `width` wide would cache itself there, a reference cycle that
    # only a full garbage collection frees (the queue's rows always fit).
    if strip.cell_length == width:
        return strip
    if strip.cell_length < width:
        return strip.extend_cell_length(width, style.rich_style)
    return strip.crop(0, width)


def update_static(static: Static, content: Content, *, max_lines: int | None = None) -> None:
    """``static.update(content)``, without a layout pass when the height stays the same.

    Static.update asks for a layout of the whole screen by default (the new
    text may need more or fewer lines); a short panel updated on every key
    (the document view's claim bar, the note editor's title) mostly keeps its
    height, and then a repaint is enough. ``max_lines`` is the panel's CSS
    max-height, if it has one.
    """
    region = static.content_region
    if not static.is_mounted or region.width <= 0:
        static.update(content)
        return
    lines = content.get_height(static.styles, region.width)  # as Static measures it
    if max_lines is not None:
        lines = min(lines, max_lines)
    static.update(content, layout=lines != region.height)


def set_virtual_size(view: ScrollView, size: Size, *, repaint: bool = True) -> bool:
    """Give a Line-API view a new virtual size, without a layout pass when the frame stays.

    Setting ``virtual_size`` asks for a layout of the whole screen (10-20 ms at
    160x48) and a second frame for the scrollbar. When the scrollbar stays (or
    stays away) and the width is the same, nothing else on screen moves: only
    the scrollbar's proportions change, which a repaint shows. Whether it went
    that way (True); with ``repaint=False`` the caller then repaints the lines
    it changed (the scrollbar redraws itself).
    """
    old = view.virtual_size
    if size == old:
        return True
    height = view.scrollable_content_region.height
    # A scrollbar that is always there (overflow-y: scroll) neither comes nor goes.
    bar_stays = view.styles.overflow_y == "scroll" or (old.height > height) == (size.height > height)
    if view.is_mounted and height > 0 and old.width == size.width and bar_stays:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)
        if repaint:
            view.refresh()
        return True
    view.virtual_size = size
    return False


def draw_out_of_sight(widget: Widget) -> None:
    """Render a widget of a screen that is not shown into Textual's own line cache.

    A screen coming back is composed whole, and a widget that changed while it
    was hidden would be rendered then, on the key that brings it back. Rendered
    now (the cache is Textual's, invalidated by its own refreshes as usual),
    that key only composes lines.
    """
    if widget.is_mounted:
        size = widget.outer_size
        widget.render_lines(Region(0, 0, size.width, size.height))
