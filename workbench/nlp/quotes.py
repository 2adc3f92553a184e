"""Where the quotation marks of one parsed paragraph open and close.

One left-to-right pass over the tokens.  Straight double quotes toggle; curly and
angle quotes open and close by shape.  A quote still open at the end of the
paragraph stays open to its end: in news style a quote that runs on into the next
paragraph leaves its closing mark off, and the next paragraph opens a new one.
Single quotes are left alone: they are far more often apostrophes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

OPENERS = frozenset(("\u201c", "\u201e", "\u00ab", "``"))
CLOSERS = frozenset(("\u201d", "\u00bb", "''"))
STRAIGHT = '"'
MARKS = OPENERS | CLOSERS | {STRAIGHT}
# Characters a quote mark can be, as they appear inside rendered text.
MARK_CHARS = '"\u201c\u201d\u201e\u00ab\u00bb'


@dataclass(slots=True)
class Quote:
    open: int  # token index of the opening mark
    close: int  # token index of the closing mark, or len(doc) if it never closed

    @property
    def first(self) -> int:  # first token inside the quote
        return self.open + 1


@dataclass(slots=True)
class QuoteMap:
    quotes: list[Quote]
    inside: bytearray  # 1 for each token strictly between an opening and closing mark

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """(first, end) token ranges of quoted text inside tokens [start, end)."""
        out = []
        for q in self.quotes:
            a = max(q.first, start)
            b = min(q.close, end)
            if a < b:
                out.append((a, b))
        return out


def find_quotes(doc: Doc) -> QuoteMap:
    inside = bytearray(len(doc))
    quotes: list[Quote] = []
    text = doc.user_data.get("workbench_text") or doc.text
    if '"' not in text and "\u201c" not in text and "\u201d" not in text and "\u201e" not in text and (
        "\u00ab" not in text and "``" not in text and "''" not in text
    ):
        return QuoteMap(quotes, inside)
    open_at = -1
    for token in doc:
        text = token.text
        if text not in MARKS:
            if open_at >= 0:
                inside[token.i] = 1
            continue
        if open_at < 0:
            if text in CLOSERS:
                continue  # a stray closer: nothing to close
            open_at = token.i
        elif text in OPENERS and text != STRAIGHT:
            # A second opener before any closer: the first quote lost its closer.
            quotes.append(Quote(open_at, token.i))
            open_at = token.i
        else:
            quotes.append(Quote(open_at, token.i))
            open_at = -1
    if open_at >= 0:
        quotes.append(Quote(open_at, len(doc)))
    return QuoteMap(quotes, inside)
