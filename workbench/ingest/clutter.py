"""Finding page clutter in a scraped article: navigation, bylines, captions, players...

The text is never changed (offsets must stay true); clutter comes back as
:class:`ExcludedSpan` ranges, each covering whole lines, which the claim
extractor skips and the app shows dimmed.

Three kinds of evidence, all general: what a line says on its own (phrases that
recur on news sites, credits, durations, dates: :mod:`clutter_rules`), what is
glued to such a line (a player's title above its duration, alt text above a
captioned credit, the links under a "More stories" heading), and position (the
header before the first body paragraph, the trailer after the last). A short
line inside the body (a section heading) is left alone unless a rule names it:
excluding a real sentence loses a claim, so the rules stay conservative.

Every regex runs on one line at a time, and only on lines short enough to be
furniture, so a 2 MB line costs a few linear scans.
"""

from __future__ import annotations

import re

from workbench.ingest.bylines import ROLE_NOUNS, is_byline, is_name_list
from workbench.ingest.clutter_rules import (
    AUTHOR_BIO,
    BLOCK_END,
    BYLINE,
    CAPTION,
    CONTACT,
    DATELINE,
    DURATION,
    FRONT_MATTER,
    INLINE_RELATED,
    MEDIA,
    NAVIGATION,
    RELATED,
    SECTION_LABEL,
    line_rule,
    norm,
)
from workbench.ingest.textlines import Line, ends_sentence, has_quote, split_lines
from workbench.records import ExcludedSpan

Reasons = list[str | None]

_CRUMB_SEP = re.compile(r"\s(?:>|›|»|/|\||•|·)\s|\|")
_ALNUM_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"^[-*•▪–]\s")
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,3}(?:(?:is|was)\s(?:a|an|the)\b.{0,240}\b(?:correspondent|reporter|"
    r"editor|writer|journalist|columnist|contributor|producer|photographer|author)\b|"
    r"(?:covers|reports on|writes about|writes on|has covered)\b.{0,160}\bfor\b)"
)


def _words(text: str) -> int:
    """Words with a letter or digit in them ("&" and "|" do not count)."""
    return len(_ALNUM_WORD.findall(text[:200]))


def _next_content(lines: list[Line], i: int, step: int, *, max_blank: int = 1) -> int | None:
    """Index of the next non-blank line from ``i`` in direction ``step``, within ``max_blank`` blanks."""
    j, blanks = i + step, 0
    while 0 <= j < len(lines):
        if lines[j].text:
            return j
        blanks += 1
        if blanks > max_blank:
            return None
        j += step
    return None


def _front_matter(lines: list[Line], reasons: Reasons) -> None:
    """A Markdown file's leading "---" block of key: value lines."""
    if len(lines) < 3 or lines[0].text != "---":
        return
    for i in range(1, min(len(lines), 60)):
        if lines[i].text in ("---", "..."):
            for j in range(i + 1):
                reasons[j] = FRONT_MATTER
            return
        if lines[i].text and ":" not in lines[i].text and not lines[i].text.startswith("-"):
            return


def _media_blocks(lines: list[Line], reasons: Reasons) -> None:
    """A video teaser: its title line just above the duration stamp."""
    for i, line in enumerate(lines):
        if reasons[i] != MEDIA or not DURATION.match(line.text):
            continue
        above = _next_content(lines, i, -1)
        if (above is not None and reasons[above] is None and not lines[above].prose
                and 2 <= lines[above].words <= 20):
            reasons[above] = MEDIA


def _blank_separated(lines: list[Line]) -> bool:
    """Do this text's paragraphs have blank lines between them (most scraped pages do)?"""
    prose = [i for i, line in enumerate(lines) if line.prose]
    if len(prose) < 3:
        return False
    followed = sum(1 for i in prose if i + 1 >= len(lines) or not lines[i + 1].text)
    return followed >= 0.7 * len(prose)


def _caption_blocks(lines: list[Line], reasons: Reasons) -> None:
    """Alt text or caption lines glued (no blank line between) to a credited caption."""
    blank_separated = _blank_separated(lines)
    for i in range(len(lines)):
        if reasons[i] != CAPTION:
            continue
        for step in (-1, 1):
            j = i + step
            while (0 <= j < len(lines) and lines[j].text and reasons[j] is None
                   and not lines[j].prose and lines[j].words <= 30):
                reasons[j] = CAPTION
                j += step
        # A credit on its own line ("Kent Roe/Getty Images") captions the sentence glued
        # above it; only safe where paragraphs are otherwise split by blank lines.
        above = i - 1
        if (blank_separated and lines[i].words <= 8 and above >= 0 and lines[above].text
                and reasons[above] is None and lines[above].words <= 50):
            reasons[above] = CAPTION


def _related_blocks(lines: list[Line], reasons: Reasons, markers: list[int]) -> None:
    """Under a "More stories" heading: headline lines and their one-paragraph teasers."""
    for i in markers:
        after_heading = True
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if not line.text:
                j += 1
                continue
            if BLOCK_END.match(norm(line.text)):
                reasons[j] = reasons[j] or RELATED
                break
            if reasons[j] is not None:
                after_heading = reasons[j] == RELATED
                j += 1
                continue
            # Headlines of other stories: short, and without a closing full stop
            # ("The minister resigned." under "Latest" is the article speaking).
            if not line.prose and line.words <= 25 and not _ends_statement(line.text):
                reasons[j] = RELATED
                after_heading = True
                j += 1
                continue
            # A teaser: one short paragraph under a headline, followed by another
            # headline or by the end of the text. Two paragraphs in a row are body.
            nxt = _next_content(lines, j, 1, max_blank=len(lines))
            if after_heading and line.words <= 45 and (
                nxt is None or (reasons[nxt] is None and not lines[nxt].prose and lines[nxt].words <= 25)
            ) and _teaser_chain(lines, reasons, j):
                reasons[j] = RELATED
                after_heading = False
                j += 1
                continue
            break


def _ends_statement(text: str) -> bool:
    return ends_sentence(text) and not text.rstrip("\"'”’»)]").endswith(("?", "…", "..."))


def _teaser_chain(lines: list[Line], reasons: Reasons, j: int, *, horizon: int = 200) -> bool:
    """Does headline/teaser alternation go on after line ``j``? Two body paragraphs in a row end it."""
    prev_prose = True
    for k in range(j + 1, min(len(lines), j + 1 + horizon)):
        line = lines[k]
        if not line.text:
            continue
        if reasons[k] is None and line.prose:
            if prev_prose:
                return False
            prev_prose = True
        else:
            prev_prose = False
    return True


def _contact_blocks(lines: list[Line], reasons: Reasons) -> None:
    """The name, e-mail and phone lines under a "Media contact:" heading."""
    for i in range(len(lines)):
        if reasons[i] != CONTACT or not lines[i].text.endswith(":"):
            continue
        j = i + 1
        while j < len(lines) and lines[j].text and not lines[j].prose and lines[j].words <= 8:
            reasons[j] = reasons[j] or CONTACT
            j += 1


def _early_zone(lines: list[Line], reasons: Reasons, body_start: int) -> None:
    """Bylines sit in the header or just under the standfirst (the first body paragraph)."""
    end = body_start + 1
    while end < len(lines) and (not lines[end].prose or reasons[end] is not None):
        end += 1
    for i in range(min(end, len(lines))):
        line = lines[i]
        if reasons[i] is None and line.text and not line.prose and is_byline(line.text, early=True):
            reasons[i] = BYLINE
    for i in range(min(end, len(lines))):
        if reasons[i] is not None or not _is_person(lines[i].text):
            continue
        # A bare name is the author when it sits against the date or above a role line.
        below = _next_content(lines, i, 1, max_blank=0)
        above = _next_content(lines, i, -1, max_blank=0)
        if any(j is not None and reasons[j] == "dateline" for j in (above, below)):
            reasons[i] = BYLINE
        elif below is not None and reasons[below] is None and _is_role_line(lines[below].text):
            reasons[i] = reasons[below] = BYLINE


def _is_person(text: str) -> bool:
    return len(text) <= 80 and 2 <= len(text.split()) <= 4 and is_name_list(text, allow_roles=False)


def _is_role_line(text: str) -> bool:
    if len(text) > 80:
        return False
    words = text.lower().split()
    return 1 <= len(words) <= 6 and words[-1] in ROLE_NOUNS and not ends_sentence(text)


def _header_zone(lines: list[Line], reasons: Reasons, body_start: int) -> None:
    """Above the headline: menus and the section label."""
    candidates = [
        i for i in range(body_start)
        if lines[i].text and reasons[i] is None
        and (lines[i].text.startswith("#") or (_words(lines[i].text) >= 4 and not _CRUMB_SEP.search(lines[i].text)))
    ]
    if candidates:
        first_meta = next((i for i in range(body_start) if reasons[i] in (BYLINE, DATELINE)), body_start)
        before_meta = [i for i in candidates if i < first_meta]
        # The headline is the last big line before the byline or date: a site's
        # tagline or a "Back to homepage" link may come earlier.
        headline = before_meta[-1] if before_meta else candidates[0]
    else:
        headline = body_start
    pending = [
        i for i in range(headline)
        if lines[i].text and reasons[i] is None and not ends_sentence(lines[i].text)
        and not lines[i].text.endswith((":", ",", ";"))
        and (_words(lines[i].text) <= 3 or (_CRUMB_SEP.search(lines[i].text) and lines[i].words <= 8))
    ]
    for i in pending:
        reasons[i] = SECTION_LABEL if i == pending[-1] and _next_content(lines, i, 1) == headline else NAVIGATION
    for i in range(body_start):
        if reasons[i] == RELATED and lines[i].words <= 3:
            reasons[i] = NAVIGATION  # "Latest", "Trending" in a menu, not a block of links
    _numbered_lists(lines, reasons, 0, body_start, NAVIGATION)


def _numbered_lists(lines: list[Line], reasons: Reasons, lo: int, hi: int, why: str) -> None:
    """Runs of two or more short numbered items with no sentence punctuation: link lists."""
    run: list[int] = []
    for i in range(lo, min(hi, len(lines)) + 1):
        line = lines[i] if i < min(hi, len(lines)) else None
        if line is not None and not line.text:
            continue
        if (line is not None and re.match(r"\d{1,2}[.)]\s", line.text) and line.words <= 12
                and not ends_sentence(line.text)):
            run.append(i)
            continue
        if len(run) >= 2:
            for j in run:
                reasons[j] = reasons[j] or why
        run = []


def _trailer_zone(lines: list[Line], reasons: Reasons, body_end: int) -> None:
    """After the last body paragraph: bylines, author bios, runs of link-like lines."""
    run: list[int] = []
    in_list = False
    for i in range(body_end + 1, len(lines) + 1):
        line = lines[i] if i < len(lines) else None
        if line is not None and (not line.text or reasons[i] is not None):
            continue
        if line is not None:
            if is_byline(line.text, early=False):
                reasons[i] = BYLINE
                continue
            if _BIO.match(line.text) and not has_quote(line.text):
                reasons[i] = AUTHOR_BIO
                above = _next_content(lines, i, -1, max_blank=0)
                if above is not None and reasons[above] in (None, RELATED) and _is_person(lines[above].text):
                    reasons[above] = BYLINE
                    if above in run:
                        run.remove(above)
                continue
            short = (line.words <= 8 and not ends_sentence(line.text)
                     and not any(c in line.text for c in ",;:") and not _LIST_ITEM.match(line.text))
            # A list the article introduces ("The measures include:") is not a link list.
            prev = _next_content(lines, i, -1, max_blank=1)
            if short and prev is not None and lines[prev].text.endswith(":"):
                in_list = True
            if short and in_list:
                continue
            in_list = False
            if short:
                run.append(i)
                continue
        if len(run) >= 2:
            for j in run:
                reasons[j] = reasons[j] or RELATED
        run = []
    _numbered_lists(lines, reasons, body_end + 1, len(lines), RELATED)


def _last_paragraph_bio(lines: list[Line], reasons: Reasons, body_end: int) -> None:
    """A last paragraph like "Jane Doe is a correspondent for ..." describes the author."""
    seen = 0
    for i in range(body_end, -1, -1):
        if not lines[i].text or reasons[i] is not None:
            continue
        seen += 1
        if seen > 2:
            return
        if lines[i].words <= 60 and _BIO.match(lines[i].text) and not has_quote(lines[i].text):
            reasons[i] = AUTHOR_BIO


def _merge(lines: list[Line], reasons: Reasons) -> list[ExcludedSpan]:
    spans: list[ExcludedSpan] = []
    last_reason: str | None = None
    for i, line in enumerate(lines):
        if not line.text:
            continue  # blank lines neither open nor break a span
        reason = reasons[i]
        if reason is None:
            last_reason = None
            continue
        if spans and last_reason == reason:
            spans[-1].end = line.end
        else:
            spans.append(ExcludedSpan(line.start, line.end, reason))
        last_reason = reason
    return spans


def _body(lines: list[Line], reasons: Reasons) -> list[int]:
    return [i for i, line in enumerate(lines) if line.prose and reasons[i] is None]


def classify_lines(text: str) -> tuple[list[Line], Reasons]:
    """Every line of ``text`` with its clutter reason (None for article text)."""
    lines = split_lines(text)
    reasons: Reasons = [None] * len(lines)
    _front_matter(lines, reasons)
    seen: dict[str, str | None] = {}  # a junk file may repeat one line a million times
    for i, line in enumerate(lines):
        if reasons[i] is None and line.text:
            if line.text not in seen:
                seen[line.text] = line_rule(line)
            reasons[i] = seen[line.text]
    _media_blocks(lines, reasons)
    _caption_blocks(lines, reasons)
    _contact_blocks(lines, reasons)
    body = _body(lines, reasons)
    if not body:
        return lines, reasons  # no paragraph to anchor a zone: line rules only
    markers = [
        i for i in range(body[0], len(lines))
        if reasons[i] == RELATED and not INLINE_RELATED.match(norm(lines[i].text))
        and not BLOCK_END.match(norm(lines[i].text))
    ]
    _related_blocks(lines, reasons, markers)
    body = _body(lines, reasons)
    if not body:
        return lines, reasons
    _early_zone(lines, reasons, body[0])
    _header_zone(lines, reasons, body[0])
    _last_paragraph_bio(lines, reasons, body[-1])
    body = _body(lines, reasons)
    if body:
        _trailer_zone(lines, reasons, body[-1])
    return lines, reasons


def find_clutter(text: str) -> list[ExcludedSpan]:
    """Page clutter in ``text`` as sorted, non-overlapping whole-line spans with a reason."""
    if not text:
        return []
    lines, reasons = classify_lines(text)
    return _merge(lines, reasons)
