"""Where the quotation marks of one parsed paragraph open and close.

One left-to-right pass over the tokens.  Straight double quotes toggle; curly and
angle quotes open and close by shape.  A quote still open at the end of the
paragraph stays open to its end: in news style a quote that runs on into the next
paragraph leaves its closing mark off, and the next paragraph opens a new one.
Single quotes are left alone: they are far more often apostrophes.  Two
apostrophes (``''``) close a quote opened by two backticks; in text with no
backtick openers they are both the opening and the closing mark, as straight
double quotes are (a house style of some wire copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

OPENERS = frozenset(("\u201c", "\u201e", "\u00ab", "``"))
CLOSERS = frozenset(("\u201d", "\u00bb", "''"))
STRAIGHT = '"'
STRAIGHT_MARKS = frozenset((STRAIGHT,))
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
    toggles = STRAIGHT_MARKS if "``" in text else STRAIGHT_MARKS | {"''"}
    # A quote carried on from the paragraph before ends here without opening here:
    # its words run from the start of the paragraph to the first closing mark.
    carried = _carried_on(doc, text, toggles)
    if carried:
        open_at = -1
        for i in range(carried):
            inside[i] = 1 if not doc[i].is_space else 0
        quotes.append(Quote(-1, carried))
        start = carried + 1
    else:
        start = 0
    for token in doc[start:]:
        text = token.text
        if text not in MARKS:
            if open_at >= 0:
                inside[token.i] = 1
            continue
        if open_at < 0:
            if text in CLOSERS and text not in toggles:
                continue  # a stray closer: nothing to close
            open_at = token.i
        elif text in OPENERS and text not in toggles:
            # A second opener before any closer: the first quote lost its closer.
            quotes.append(Quote(open_at, token.i))
            open_at = token.i
        else:
            quotes.append(Quote(open_at, token.i))
            open_at = -1
    if open_at >= 0:
        quotes.append(Quote(open_at, len(doc)))
    return QuoteMap(quotes, inside)


def _carried_on(doc: Doc, text: str, toggles: frozenset[str]) -> int:
    """The index of a closing mark that ends a quote opened in an earlier paragraph, or 0.

    Curly quotes tell by shape: the paragraph's first mark is a closer. Straight
    quotes tell by count: an odd number of them, the first not at the start.
    """
    first = next((t for t in doc if t.text in MARKS), None)
    if first is None or first.i == 0:
        return 0
    if any(not t.is_space and not t.is_punct for t in doc[: first.i]) is False:
        return 0
    if first.text in CLOSERS and first.text not in toggles:
        return first.i
    if first.text in toggles:
        count = sum(1 for t in doc if t.text == first.text)
        if count % 2 == 1 and first.nbor(-1).is_punct if first.i > 0 else False:
            return first.i  # '... the public." Ryan said' with the opener a paragraph back
    return 0
