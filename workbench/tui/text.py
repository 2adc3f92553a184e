"""Untrusted text on screen: the one way the app turns data into something drawable.

Article text, claims, speakers, notes, reviewer and file names are data, never
markup. :func:`literal` makes them terminal-safe with :func:`workbench.safetext.visible`
(controls, ESC, bidi and zero-width characters become visible stand-ins) and
wraps them in a :class:`~textual.content.Content`, which Textual draws as-is:
``[bold]`` or ``[@click=app.quit]`` are shown, never parsed. Every widget that
shows data builds its content from these helpers; no widget is given a markup
string built from data.

Dimmed text in content is ``$foreground-muted``, never ``$text-muted``: the
latter is an automatic colour ("auto 60%") whose 60% is lost when a span's
style is parsed outside CSS, so it was drawn at full contrast, brighter than
the text around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content, Span

from workbench.safetext import clip, visible


def literal(text: object, multiline: bool = False, *, style: str = "") -> Content:
    """``text`` as drawable content: made visible, never parsed as markup."""
    content = Content(visible(text, multiline=multiline))
    return content.stylize(style) if style and content else content


def clipped(text: object, limit: int, *, style: str = "") -> Content:
    """A one-line literal capped at ``limit`` characters (an ellipsis marks the cut)."""
    return literal(clip(visible(text), limit), style=style)


def join(parts: Iterable[Content | str], separator: str = "") -> Content:
    """Join literal pieces; plain ``str`` pieces are our own fixed text, never data."""
    return Content(separator).join(
        part if isinstance(part, Content) else Content(part) for part in parts
    )


def visible_map(text: str, *, multiline: bool = False) -> tuple[str, Sequence[int]]:
    """visible(text) and, for each offset of ``text`` (and its end), the offset in it.

    visible() replaces some characters with longer stand-ins (RLO becomes
    ``⟨RLO⟩``), which shifts every later offset; spans given against the stored
    text (claims, entities, clutter) are mapped through this.
    """
    shown_text = visible(text, multiline=multiline)
    if len(shown_text) == len(text):
        return shown_text, range(len(text) + 1)  # nothing grew: offsets agree
    where: list[int] = []
    pieces: list[str] = []
    position = 0
    for ch in text:
        where.append(position)
        shown = visible(ch, multiline=multiline)
        pieces.append(shown)
        position += len(shown)
    where.append(position)
    return "".join(pieces), where


def spans_over(
    text: str, marks: Iterable[tuple[int, int, str]], *, multiline: bool = False
) -> Content:
    """``text`` made visible, with styles over character ranges of the ORIGINAL text."""
    shown_text, where = visible_map(text, multiline=multiline)
    limit = len(text)
    spans = []
    for start, end, style in marks:
        start, end = max(0, min(start, limit)), max(0, min(end, limit))
        if end > start:
            spans.append(Span(where[start], where[end], style))
    return Content(shown_text, spans)
