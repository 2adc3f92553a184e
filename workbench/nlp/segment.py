"""Cutting a document into pieces the parser can take, with true document offsets.

The unit is the paragraph: a blank line always ends one, and so does a single
newline (article-style text puts one paragraph on a line), unless the line is
hard-wrapped: it does not end a sentence and either runs close to the block's
wrap column or the next line carries on in lower case.  The parser is fed a copy
in which those wrap newlines are spaces, so the copy has the same length and
every offset stays true.

Nothing is ever passed to spaCy whole.  A paragraph longer than ``MAX_CHUNK``
is cut at sentence ends; what cannot be cut that way (a run of ``MAX_CHUNK``
characters with no sentence punctuation), words longer than ``LONG_WORD``,
text that is mostly symbols, and anything beyond ``PARSE_BUDGET`` characters
in one document go down a cheap path instead: pseudo-sentences of at most
``SENTENCE_CAP`` characters cut at whitespace, never parsed, never claims.
Every step here is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from workbench.records import ExcludedSpan

MAX_CHUNK = 5_000  # characters per parser input: far below nlp.max_length (E088)
LONG_WORD = 300  # a "word" longer than this is data (a hash, base64, a runaway line)
SENTENCE_CAP = 1_000  # no sentence record is longer than this
PARSE_BUDGET = 250_000  # characters parsed per document: about 40,000 words, five long articles
MIN_WORD_SHARE = 0.3  # below this share of letters and digits, text is not prose

_TERMINAL = frozenset(".!?")
_CLOSERS = "\"'”’»)]*_"
LIST_MARKER = re.compile(r"\s*(?:[-*+•▪◦‣>]\s|#|\d{1,3}[.)]\s|[a-zA-Z][.)]\s|\|)")
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_WRAP_MIN = 30  # a hard-wrapped text has lines at least this wide...
_WRAP_MAX = 120  # ...and at most this wide; wider lines are paragraphs


@dataclass(slots=True)
class Chunk:
    start: int  # document offsets of text[start:end]
    end: int
    feed: str  # what the parser reads: text[start:end], wrap newlines and Markdown marks made spaces
    para: int  # paragraph number; the chunks of one long paragraph share it
    parse: bool  # False: cheap path, pseudo-sentences only


def plan(text: str, excluded: Sequence[ExcludedSpan] = ()) -> list[Chunk]:
    """The chunks of ``text`` outside the ``excluded`` spans, in document order."""
    chunks: list[Chunk] = []
    budget = PARSE_BUDGET
    para = 0
    for start, end, feed in paragraphs(text, excluded):
        for seg_start, seg_end, parse in _segments(text, start, end):
            if parse:
                size = seg_end - seg_start
                if size > budget:
                    parse = False
                else:
                    budget -= size
            seg_feed = feed[seg_start - start : seg_end - start]
            if parse:
                seg_feed = mask_markup(seg_feed)
                if seg_start == start:
                    seg_feed = mask_dateline(seg_feed)
                if seg_end == end:
                    seg_feed = mask_signature(seg_feed)
            chunks.append(Chunk(seg_start, seg_end, seg_feed, para, parse))
        para += 1
    return chunks


_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,500})\](\([^)\n]{0,2000}\))")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])")
_MD_CODE = re.compile(r"`+")
_MD_LINE_START = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+)")


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def mask_markup(feed: str) -> str:
    """Markdown syntax turned to spaces, so the parser reads the words (same length,
    so offsets stay true): "**The ministry** said" reads "  The ministry   said",
    "[the report](https://...)" reads " the report" and spaces."""
    if not any(ch in feed for ch in "*_[`#>+-"):
        return feed
    feed = _MD_LINE_START.sub(_spaces, feed, count=1)
    if "[" in feed:
        feed = _MD_IMAGE.sub(_spaces, feed)
        feed = _MD_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(2)) + 1), feed)
    if "**" in feed or "__" in feed:
        feed = _MD_STRONG.sub(lambda m: "  " + m.group(2) + "  ", feed)
    if "*" in feed:
        feed = _MD_EMPHASIS.sub(lambda m: " " + m.group(1) + " ", feed)
    if "`" in feed:
        feed = _MD_CODE.sub(_spaces, feed)
    return feed


# A wire dateline opening a paragraph: "TOKYO (Reuters) - ", "WASHINGTON, Jan 5
# (Reuters) - ", "KYIV, Ukraine (AP) — ", "BEIJING — ". A place in capitals, an
# optional region and date, an optional agency in brackets, then a dash. Without
# the agency only a long dash counts, so "NASA - the agency said" is left alone.
_PLACE = r"[A-Z][A-Z'\u2019.\-]{2,}(?:[ \t]+[A-Z][A-Z'\u2019.\-]+){0,3}"
_REGION = r"(?:,[ \t]*[A-Z][A-Za-z'\u2019.\-]+(?:[ \t]+[A-Z][A-Za-z'\u2019.\-]+){0,2})?"
_DATE = r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
# Mixed case only with an agency in brackets: "New York (AFP) - ".
_TITLE_PLACE = r"[A-Z][a-z'\u2019.\-]+(?:[ \t]+[A-Z][a-z'\u2019.\-]+){0,3}"
_AGENCY = r"[ \t]*\([A-Z][\w.&'\u2019 -]{0,30}\)[ \t]*(?:--|[-\u2013\u2014\u2015])"
# A plain hyphen, as some archives turn the dash into, counts after a place of seven
# capitals or more, of two words, or with its region, when a capitalised word follows
# (not a label such as "BREAKING NEWS", nor "UNICEF - The agency"):
# "CLEVELAND - Donald Trump ...", "PORTLAND, Maine - On Friday"; not "NASA - the agency".
_LONG_PLACE = (
    r"(?!(?:BREAKING|NEWS|UPDATE|UPDATED|EXCLUSIVE|WATCH|VIDEO|LIVE|OPINION|ANALYSIS|EDITORIAL)\b)"
    r"(?:[A-Z][A-Z'\u2019.\-]{6,}(?:[ \t]+[A-Z][A-Z'\u2019.\-]+){0,3}"
    r"|[A-Z][A-Z'\u2019.\-]+(?:[ \t]+[A-Z][A-Z'\u2019.\-]+){1,3}|" + _PLACE + r"(?=,))"
)
_DATELINE = re.compile(
    rf"^[ \t]*(?:{_PLACE}{_REGION}{_DATE}"
    rf"(?:{_AGENCY}|[ \t]*(?:--|[\u2013\u2014\u2015]))"
    rf"|{_LONG_PLACE}{_REGION}{_DATE}[ \t]+-(?=[ \t]+[A-Z])"
    rf"|{_TITLE_PLACE}{_REGION}{_DATE}{_AGENCY})"
    r"[ \t]+(?=\S)"
)


def mask_dateline(feed: str) -> str:
    """A wire dateline before the first sentence, made spaces (same length): the
    claim is "A magnitude 7.1 earthquake struck ...", not "TOKYO (Reuters) - A ..."."""
    match = _DATELINE.match(feed)
    if match is None:
        return feed
    return " " * match.end() + feed[match.end() :]


# A quoted paragraph signed after its closing mark: '..." \u2015 Maria Lopez, 34'.
SIGNATURE = re.compile(
    r"(?<=[\"\u201d])[ \t\u00a0]*[\u2015\u2014\u2013][ \t\u00a0]*([A-Z][^\n\"\u201c\u201d]{1,120}?)[. \t\u00a0]*$"
)


def mask_signature(feed: str) -> str:
    """The signature after a quoted paragraph, made spaces (same length): the
    parser reads the quote alone, and the signatory is the quote's speaker
    (extract.signed_paragraphs)."""
    match = SIGNATURE.search(feed, max(0, len(feed) - 200))
    if match is None or len(match.group(1).split()) > 12:
        return feed
    return feed[: match.start()] + " " * (len(feed) - match.start())


def included_regions(length: int, excluded: Sequence[ExcludedSpan]) -> list[tuple[int, int]]:
    """The stretches of ``[0, length)`` not covered by any excluded span."""
    # Spans are clamped to the text: a stale or hostile span must not point past it.
    spans = sorted(
        (min(max(0, s.start), length), min(max(0, s.end), length)) for s in excluded if s.end > s.start
    )
    regions = []
    pos = 0
    for start, end in spans:
        if start > pos:
            regions.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        regions.append((pos, length))
    return regions


def paragraphs(text: str, excluded: Sequence[ExcludedSpan] = ()) -> Iterator[tuple[int, int, str]]:
    """(start, end, feed) per paragraph, trimmed, with wrap newlines as spaces in feed."""
    for region_start, region_end in included_regions(len(text), excluded):
        yield from _region_paragraphs(text, region_start, region_end)


def _region_paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    lines = _lines(text, start, end)
    block: list[tuple[int, int]] = []
    for line in lines:
        if _blank(text, line):
            yield from _block_paragraphs(text, block)
            block = []
        else:
            block.append(line)
    yield from _block_paragraphs(text, block)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            lines.append((pos, end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    return lines


def _blank(text: str, line: tuple[int, int]) -> bool:
    start, end = line
    # Long lines are never blank in practice; test them without copying.
    if end - start > 200:
        return _WHITESPACE.fullmatch(text, start, end) is not None
    return not text[start:end].strip()


def _block_paragraphs(text: str, block: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    if not block:
        return
    widths = [_content_width(text, s, e) for s, e in block]
    wrap = max(widths)
    group_start = 0
    for i in range(len(block)):
        last = i == len(block) - 1
        if last or not _joins(text, block[i], widths[i], block[i + 1], wrap):
            yield from _paragraph(text, block[group_start : i + 1])
            group_start = i + 1


def _content_width(text: str, start: int, end: int) -> int:
    if end - start > 2 * _WRAP_MAX:
        return end - start
    return len(text[start:end].rstrip())


def _joins(text: str, line: tuple[int, int], width: int, nxt: tuple[int, int], wrap: int) -> bool:
    """Whether the newline after ``line`` is a hard wrap inside a paragraph."""
    if width > 2 * _WRAP_MAX:
        return False
    stripped = text[line[0] : line[1]].rstrip()
    tail = stripped.rstrip(_CLOSERS)
    if not tail or tail[-1] in _TERMINAL or tail[-1] == ":":
        return False
    if stripped.lstrip().startswith("#"):
        return False  # a Markdown heading is a line of its own
    head = text[nxt[0] : min(nxt[1], nxt[0] + 8)]
    if LIST_MARKER.match(head):
        return False
    first = head.lstrip()[:1]
    if first.islower() or tail[-1] in ",;-–(":
        return True
    return _WRAP_MIN <= wrap <= _WRAP_MAX and width >= max(0.6 * wrap, _WRAP_MIN - 5)


def _paragraph(text: str, lines: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    start, end = _trim(text, lines[0][0], lines[-1][1])
    if start >= end:
        return
    feed = text[start:end]
    if len(lines) > 1:
        feed = feed.replace("\n", " ")
    yield start, end, feed


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segments(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Split one paragraph into parse and cheap-path segments."""
    if end - start <= LONG_WORD:
        if _wordy(text, start, end):
            yield start, end, True
        elif _WORD_CHAR.search(text, start, end):
            yield start, end, False
        return
    pos = start
    for gap in _long_words(text, start, end):
        yield from _prose(text, pos, gap[0])
        yield gap[0], gap[1], False
        pos = gap[1]
    yield from _prose(text, pos, end)


def _long_words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for space in _WHITESPACE.finditer(text, start, end):
        if space.start() - pos > LONG_WORD:
            yield pos, space.start()
        pos = space.end()
    if end - pos > LONG_WORD:
        yield pos, end


def _prose(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Stretches of ordinary text: chunks at sentence ends, each at most MAX_CHUNK."""
    start, end = _trim(text, start, end)
    if start >= end:
        return
    if end - start <= MAX_CHUNK:
        yield start, end, _wordy(text, start, end)
        return
    piece_start = start
    chunk_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.end()
        if cut - piece_start > MAX_CHUNK:
            # One "sentence" longer than a chunk: no punctuation to cut at.
            if piece_start > chunk_start:
                yield from _checked(text, chunk_start, piece_start)
            yield piece_start, cut, False
            chunk_start = cut
        elif cut - chunk_start > MAX_CHUNK:
            yield from _checked(text, chunk_start, piece_start)
            chunk_start = piece_start
        piece_start = cut
    if end - piece_start > MAX_CHUNK:
        if piece_start > chunk_start:
            yield from _checked(text, chunk_start, piece_start)
        yield piece_start, end, False
    elif end - chunk_start > MAX_CHUNK:
        yield from _checked(text, chunk_start, piece_start)
        yield from _checked(text, piece_start, end)
    else:
        yield from _checked(text, chunk_start, end)


def _checked(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    start, end = _trim(text, start, end)
    if start < end:
        yield start, end, _wordy(text, start, end)


def _wordy(text: str, start: int, end: int) -> bool:
    """Enough letters and digits to be prose worth parsing."""
    piece = text[start:end]
    letters = len(_WORD_CHAR.findall(piece))
    return letters > 0 and letters >= MIN_WORD_SHARE * len(piece)


def pseudo_sentences(text: str, start: int, end: int, cap: int = SENTENCE_CAP) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into trimmed pieces of at most ``cap`` characters.

    Cuts fall after sentence punctuation where there is some, else at the last
    whitespace that fits, else hard at ``cap``.  Pieces without a letter or digit
    are dropped: they are not sentences.
    """
    return _pieces(text, start, end, cap, sentence_ends=True, need_word=True)


def cap_span(text: str, start: int, end: int, cap: int = SENTENCE_CAP) -> list[tuple[int, int]]:
    """``[(start, end)]`` trimmed, or several pieces if it is longer than ``cap``."""
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    if end - start <= cap:
        return [(start, end)]
    return _pieces(text, start, end, cap, sentence_ends=False, need_word=False)


def _pieces(
    text: str, start: int, end: int, cap: int, *, sentence_ends: bool, need_word: bool
) -> list[tuple[int, int]]:
    """Pieces of at most ``cap`` characters: cut after sentence punctuation (when
    asked), else at the last whitespace that fits, else hard at ``cap``."""
    pieces = []
    pos = start
    while pos < end:
        pos, _ = _trim(text, pos, end)
        if pos >= end:
            break
        limit = min(end, pos + cap)
        cut = limit
        found = _SENTENCE_END.search(text, pos, limit) if sentence_ends else None
        if found is not None:
            cut = found.end()
        elif limit < end:
            # One character past the cap: a space there still makes a full piece.
            window = text[pos : limit + 1]
            best = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            if best > 0:
                cut = pos + best
        s, e = _trim(text, pos, cut)
        if s < e and (not need_word or _WORD_CHAR.search(text, s, e)):
            pieces.append((s, e))
        pos = cut
    return pieces
