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

    def apart(self, a: int, b: int) -> bool:
        """Whether one token is quoted and the other is not: no apposition joins them
        ("'Very good reporter,' Trump said" is no reporter called Trump)."""
        return self.inside[a] != self.inside[b]


def find_quotes(doc: Doc) -> QuoteMap:
    inside = bytearray(len(doc))
    quotes: list[Quote] = []
    text = doc.user_data.get("workbench_text") or doc.text
    if '"' not in text and "\u201c" not in text and "\u201d" not in text and "\u201e" not in text and (
        "\u00ab" not in text and "``" not in text and "''" not in text
    ):
        return QuoteMap(quotes, inside)
    # One pass for the marks; the words between them are marked by slices.
    marks = [(t.i, t.text) for t in doc if t.text in MARKS]
    if not marks:
        return QuoteMap(quotes, inside)
    toggles = STRAIGHT_MARKS if "``" in text else STRAIGHT_MARKS | {"''"}
    open_at = -1
    # A quote carried on from the paragraph before ends here without opening here:
    # its words run from the start of the paragraph to the first closing mark.
    carried = _carried_on(doc, marks, toggles)
    if carried:
        _fill(inside, 0, carried)
        quotes.append(Quote(-1, carried))
        marks = marks[1:]
    for i, mark in marks:
        if open_at < 0:
            if mark in CLOSERS and mark not in toggles:
                continue  # a stray closer: nothing to close
            open_at = i
        elif mark in OPENERS and mark not in toggles:
            # A second opener before any closer: the first quote lost its closer.
            quotes.append(Quote(open_at, i))
            _fill(inside, open_at + 1, i)
            open_at = i
        else:
            quotes.append(Quote(open_at, i))
            _fill(inside, open_at + 1, i)
            open_at = -1
    if open_at >= 0:
        quotes.append(Quote(open_at, len(doc)))
        _fill(inside, open_at + 1, len(doc))
    return QuoteMap(quotes, inside)


def _fill(inside: bytearray, start: int, end: int) -> None:
    if end > start:
        inside[start:end] = b"\x01" * (end - start)


def _carried_on(doc: Doc, marks: list[tuple[int, str]], toggles: frozenset[str]) -> int:
    """The index of a closing mark that ends a quote opened in an earlier paragraph, or 0.

    Curly quotes tell by shape: the paragraph's first mark is a closer. Straight
    quotes tell by count: an odd number of them, the first not at the start.
    """
    first, mark = marks[0]
    if first == 0 or all(t.is_space or t.is_punct for t in doc[:first]):
        return 0
    if mark in CLOSERS and mark not in toggles:
        return first
    if mark in toggles:
        count = sum(1 for _, m in marks if m == mark)
        if count % 2 == 1 and doc[first - 1].is_punct:
            return first  # '... the public." Ryan said' with the opener a paragraph back
    return 0
