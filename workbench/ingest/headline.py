"""The headline and standfirst of an article: document metadata, never claims.

A headline states the story in telegraphic form ("Tessaro agrees £3.1bn deal to
buy Orchid") and a standfirst sums it up under it; both restate what the body
says properly, with its attribution and hedges.  They stay in the stored text
(offsets stay true, the document view shows them) as excluded spans, like
clutter, so they yield no claims.

- The headline is the line that reads as the metadata title (from the page, the
  front matter or the text), if it comes before the first body paragraph; for
  plain text with no such title, the first line when a blank line follows it,
  it is short (at most ``MAX_HEADLINE_WORDS``) and it does not read as a
  sentence (no full stop, unless it is in title case).
- The standfirst is the next paragraph, before the first body paragraph, when
  it is one line without a sentence's final punctuation (and not a byline).  A
  first paragraph that reads as a sentence is the article's lead, and stays.
"""

from __future__ import annotations

import re

from workbench.ingest.textlines import Line, split_lines
from workbench.records import ExcludedSpan

HEADLINE = "headline"
STANDFIRST = "standfirst"
MAX_HEADLINE_WORDS = 30
MAX_STANDFIRST_WORDS = 45
_SCAN_LINES = 40
_FINAL = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_MD_HEADING = re.compile(r"^#{1,2}\s+")
_BYLINE = re.compile(r"^(?:by|from|words by|reporting by)\s+[A-Z]", re.IGNORECASE)


def find_headlines(text: str, excluded: list[ExcludedSpan], title: str | None) -> list[ExcludedSpan]:
    """Spans for the headline and standfirst of ``text`` (see the module docstring)."""
    head = text[: _line_offset(text, _SCAN_LINES)]
    lines = [ln for ln in split_lines(head)]
    taken = [_covered(ln, excluded) for ln in lines]
    open_lines = [i for i, ln in enumerate(lines) if ln.text and not taken[i]]
    if not open_lines:
        return []
    headline = _headline(lines, open_lines, title)
    if headline is None:
        return []
    spans = [ExcludedSpan(lines[headline].start, lines[headline].end, HEADLINE)]
    after = [i for i in open_lines if i > headline]
    if after and _blank_between(lines, headline, after[0]):
        nxt = after[0]
        line = lines[nxt]
        single = nxt + 1 >= len(lines) or not lines[nxt + 1].text or taken[nxt + 1]
        plain = line.text.strip("*_ ")
        if single and line.words <= MAX_STANDFIRST_WORDS and not _FINAL.search(plain) and (
            not _BYLINE.match(plain) and not plain.endswith(":")
        ):
            spans.append(ExcludedSpan(line.start, line.end, STANDFIRST))
    return spans


def _headline(lines: list[Line], open_lines: list[int], title: str | None) -> int | None:
    if title:
        want = _norm(title)
        for i in open_lines[:6]:
            if _norm(_MD_HEADING.sub("", lines[i].text)) == want:
                return i
    first = open_lines[0]
    line = lines[first]
    if line.words > MAX_HEADLINE_WORDS or len(open_lines) < 3:
        return None
    if first + 1 < len(lines) and lines[first + 1].text and first + 1 in open_lines:
        return None  # the first line runs on into the next: a paragraph, not a headline
    text = _MD_HEADING.sub("", line.text).strip("*_ ")
    if _FINAL.search(text) and not text.endswith(("?", "!")) and not _title_case(text):
        return None  # "The mayor spoke to reporters on Monday.": the article's first sentence
    if text.endswith(":"):
        return None
    return first


def _title_case(text: str) -> bool:
    """ "Stealth Over Health: Hillary Clinton Was Headed to ER": most longer words capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _blank_between(lines: list[Line], a: int, b: int) -> bool:
    return any(not lines[k].text for k in range(a + 1, b)) or b > a + 1


def _covered(line: Line, excluded: list[ExcludedSpan]) -> bool:
    return any(span.start <= line.start and line.end <= span.end for span in excluded)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _line_offset(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos
