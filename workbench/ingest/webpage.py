"""An HTML page to its stored text: trafilatura's main text, with the rest of the page kept visible as excluded.

Size: one module because every rule below is a decision about the same line
layout; each is measured in bench/bench_html.py against the others.

trafilatura (Apache-2.0) decides what the article's main text is and reads the
page's metadata (title, author, date through htmldate, site name, canonical
URL). The workbench does not store trafilatura's output alone, because a
reviewer must be able to see what was cut. The stored text is laid out from
the page's own visible lines (the workbench's linear tokenizer, which never
sees scripts, styles or forms):

- from the headline to the line before the first main-text paragraph (byline,
  date, lead image caption, share bar): kept, excluded;
- every main-text paragraph, in trafilatura's order: kept as article text;
- whatever the page shows between two main-text paragraphs (captions, inline
  "Read more" links, advertisements, related-story boxes): kept, excluded;
- a few lines after the last paragraph (credits, tags): kept, excluded;
- navigation before the headline and the page after the article (comment
  threads, "most read", footers): not stored, as before.

On top of trafilatura, each measured in bench/bench_html.py:

- the headline (and a short kicker above it) that trafilatura sometimes starts
  its text with is the title, excluded as "headline", not body;
- main text the page shows above the headline (a menu in a layout table) is not body;
- a prose line between two main-text paragraphs that trafilatura left out is
  taken back, unless it sits in a link, figure, quote or a block whose class
  names furniture, or nearly repeats the main text (a pull quote);
- main text inside a block whose class names a promotion, a share bar or
  comments ("subscribe-box") is excluded, unless that is much of the body (then
  the class was on a wrapper of the whole article);
- tables that lay out the page are read as blocks, not as data rows;
- the project's clutter rules (:mod:`clutter`) run over the laid-out text, name
  the excluded lines (byline, caption, related links...) and exclude what they
  recognise in the main text ("Advertisement", credits); other lines outside the
  main text are excluded as "not article text".

Offsets are those of the laid-out text, which is what is stored, so they are
true by construction.

The page goes the old way (the workbench's own article rules, :func:`html.read_own`)
when trafilatura finds nothing, fails, keeps almost none of the prose the own
rules find (it took the wrong block), or parses away much of the page (libxml2
stops at 256 levels of nesting: a page of 20,000 nested divs loses its text
there), and for pages with more visible text than any article; the own rules'
"whole page rather than nothing" still applies, so no page that has visible
text yields no document.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from workbench.ingest.clutter import classify_lines
from workbench.ingest.dates import parse_date
from workbench.ingest.html import VisibleLine, read_own
from workbench.records import ExcludedSpan, Metadata

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    # Library chatter ("discarding data: None") is not a report line; the caller reports.
    logging.getLogger(_name).addHandler(logging.NullHandler())

NOT_ARTICLE = "not article text"
HEADLINE = "headline"

# Visible text (characters) past which trafilatura's second opinions (its readability
# and jusText fallbacks) are skipped: their cost grows with the text, their value
# does not. Counted on the text a reader sees, not the page's bytes, which are
# mostly scripts on a modern news page. Measured in bench/bench_html.py --hostile.
FAST_ABOVE = 200_000
# A page showing more text than this is no news article (a log, a data dump, a
# hostile page): trafilatura's cost there is many times the own rules' for nothing.
OWN_ABOVE = 500_000
_LEAD_LINES = 40  # how far above the first paragraph the headline is looked for
_TRAIL_LINES = 8  # lines kept (excluded) after the last paragraph
_TRAIL_CHARS = 1_500
_MATCH_WINDOW = 60  # page lines searched for a paragraph that is not an exact line
_MAX_FUZZY = 5_000  # lines longer than this are matched exactly or not at all
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^[-*•]\s+")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")  # "|---|---|" under a header row
_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")


@dataclass(slots=True)
class HtmlPage:
    text: str
    excluded: list[ExcludedSpan] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    extractor: str = "trafilatura"  # "trafilatura" | "workbench" (own rules) | "structured data" (JSON-LD)


def _norm(text: str) -> str:
    # trafilatura writes list items as "- item" and table rows as "| a | b |": the page shows neither.
    return _SPACES.sub(" ", _BULLET.sub("", text.strip()).replace("|", " ")).strip().casefold()


def trafilatura_text(source: str, *, url: str | None = None) -> str | None:
    """trafilatura's main text for a page on its own: its settings here, none of this module's help.

    bench/bench_html.py's baseline.
    """
    document = _trafilatura(source, url=url, own_help=False)
    return document.text if document is not None else None


def _trafilatura(source: str, *, url: str | None, visible_chars: int | None = None, own_help: bool = True):
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    try:
        tree = load_html(source)
        if tree is None:
            return None
        if visible_chars is not None:
            # libxml2 gives up past its nesting limit and keeps what it had: when the tree
            # holds much less text than a reader sees, its main text would be a fragment.
            tree_chars = len(_SPACES.sub("", tree.text_content()))
            if tree_chars < 0.6 * visible_chars:
                return None
        if own_help:
            _unwrap_layout_tables(tree)
        return bare_extraction(
            tree,
            url=url,
            fast=(visible_chars or 0) > FAST_ABOVE,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # The free-text date search reads dates out of the article's own sentences.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a library failure on one page costs its extractor, not the document
        return None


_LAYOUT_TAGS = {"table": "div", "tbody": "div", "thead": "div", "tfoot": "div", "tr": "div", "td": "div",
                "th": "div", "caption": "div"}


def _unwrap_layout_tables(tree) -> None:  # tree: lxml HtmlElement
    """Tables that lay out the page (holding most of its text, or other tables) become plain blocks.

    trafilatura reads a table as data, one line per row with cells joined by
    "|", so a page laid out in a table would come back as one long line of
    navigation, article and footer together.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    total = len(_SPACES.sub("", root.text_content()))
    if not total:
        return
    for table in root.iter("table"):
        if table.getparent() is None:
            continue
        if any(a.tag == "table" for a in table.iterancestors()):
            continue  # inside a table already looked at
        nested = table.find(".//table") is not None
        if nested or len(_SPACES.sub("", table.text_content())) >= 0.5 * total:
            for element in list(table.iter(*_LAYOUT_TAGS)):
                element.tag = _LAYOUT_TAGS[element.tag]


def read_html(source: str, *, url: str | None = None, clutter_rules: bool = True) -> HtmlPage:
    """The stored text, excluded spans and metadata of one decoded HTML page.

    ``url`` is where the page was fetched from (after redirects), when known:
    trafilatura resolves relative links and fills the page URL from it.
    ``clutter_rules=False`` skips the project's clutter rules (for the bench).
    """
    own = read_own(source)
    page = _read(source, own, url, clutter_rules)
    return _structured(page, own) or page


def _read(source: str, own, url: str | None, clutter_rules: bool) -> HtmlPage:  # own: OwnReading
    visible_chars = len(_SPACES.sub("", own.visible))
    if not visible_chars or visible_chars > OWN_ABOVE:
        return _own_page(own, clutter_rules)
    document = _trafilatura(source, url=url, visible_chars=visible_chars)
    main = (document.text or "") if document is not None else ""
    if not main.strip() or _missed_the_body(main, own.article):
        return _own_page(own, clutter_rules)
    try:
        return _trafilatura_page(document, main, own, url, clutter_rules)
    except Exception:  # noqa: BLE001 - a bug in the lay-out must not cost the page its document
        return _own_page(own, clutter_rules)


_THIN = 200  # characters of article text below which a page's structured data is worth a look


def _structured(page: HtmlPage, own) -> HtmlPage | None:  # own: OwnReading
    """A page whose scripts would draw the article (saved unrendered): its JSON-LD articleBody.

    Or, with no text at all, its headline and description, so the page still
    becomes a document the reviewer can see. None when the page read has text.
    """
    body_chars = len(page.text) - sum(s.end - s.start for s in page.excluded)
    if body_chars >= _THIN:
        return None
    text = own.structured_body
    if text and "<" in text and ">" in text:
        text = read_own(text).visible  # some sites put the article's HTML there
    if not text or len(text) < 2 * max(body_chars, 1) or len(text) < _THIN:
        if page.text.strip() or not own.description:
            return None
        text = own.description
    title = " ".join((page.metadata.title or own.metadata.title or "").split())
    paragraphs = [" ".join(p.split()) for p in _BREAKS.sub("\n", text).split("\n") if p.strip()]
    laid = ([title] if title else []) + paragraphs
    joined = "\n\n".join(laid)
    excluded = [ExcludedSpan(0, len(title), HEADLINE)] if title else []
    return HtmlPage(joined, excluded, page.metadata, "structured data")


def _trafilatura_page(document, main: str, own, url: str | None, clutter_rules: bool) -> HtmlPage:
    title = " ".join((document.title or own.metadata.title or "").split()) or None
    text, kinds, headline = _lay_out(own.lines, main, title)
    excluded = _excluded(text, kinds, clutter_rules)
    metadata = _metadata(document, own.metadata, text, excluded, url)
    if headline and metadata.title and len(headline) < len(metadata.title) and _norm(headline) in _norm(metadata.title):
        metadata.title = headline  # "Site :: Headline" in <title>, the headline alone on the page
    return HtmlPage(text, excluded, metadata, "trafilatura")


def _prose_words(text: str) -> int:
    return sum(_words(line) for line in text.split("\n") if _prose(line.strip()))


def _missed_the_body(main: str, own_article: str) -> bool:
    """trafilatura kept almost none of the prose the own rules found: it took the wrong block.

    Seen on pages whose paragraphs are bare text split by <br><br> (no <p>), where it
    can return a "Printer-friendly version" line and the related links instead.
    """
    own = _prose_words(own_article)
    return own >= 40 and _prose_words(main) < 0.3 * own


def _own_page(own, clutter_rules: bool) -> HtmlPage:  # own: OwnReading
    from workbench.ingest.clutter import find_clutter

    text = own.article
    return HtmlPage(text, find_clutter(text) if clutter_rules else [], own.metadata, "workbench")


# ------------------------------------------------------------------ lay-out

@dataclass(slots=True)
class _Unit:
    text: str
    body: bool
    headline: bool = False
    tight: bool = False  # on the page, on the line right after the previous one (list items, <br>)
    furniture: bool = False  # main text the markup places in a promotion, share bar, comments...
    source: int | None = None  # the page line it is


def _align(page: list[str], main: list[str]) -> list[int | None]:
    """For each main-text line, the page line it is (in order), or None when it is not one."""
    normed = [_norm(p) for p in page]
    where: dict[str, list[int]] = {}
    for i, key in enumerate(normed):
        where.setdefault(key, []).append(i)
    anchors: list[int | None] = []
    cursor = 0
    for line in main:
        key = _norm(line)
        hits = where.get(key)
        found = None
        if hits:
            k = bisect.bisect_left(hits, cursor)
            if k < len(hits):
                found = hits[k]
        if found is None and 12 <= len(key) <= _MAX_FUZZY:
            # A paragraph the page split into lines, or a line that holds the paragraph
            # and a little more (an inline link trafilatura dropped).
            for j in range(cursor, min(len(page), cursor + _MATCH_WINDOW)):
                candidate = normed[j]
                if len(candidate) <= _MAX_FUZZY and len(candidate) >= 12 and (key in candidate or candidate in key):
                    found = j
                    break
        anchors.append(found)
        if found is not None:
            cursor = found + 1
    return anchors


def _lay_out(lines: list[VisibleLine], main_text: str, title: str | None) -> tuple[str, list[str], str | None]:
    """The stored text, for each of its lines "body", "headline" or "other", and the page's headline line."""
    page = [ln.text for ln in lines]
    tight = [ln.tight for ln in lines]
    aside = [ln.aside for ln in lines]
    furniture = [ln.furniture for ln in lines]
    main = [ln.strip() for ln in _BREAKS.sub(" ", main_text).split("\n")
            if ln.strip() and not _TABLE_RULE.match(ln)]
    main = _without_headline(main, title)
    anchors = _align(page, main)
    units: list[_Unit] = []
    first_prose = next((a for a, ln in zip(anchors, main) if a is not None and _words(ln) >= 12), None)
    headline = _headline_line(page, first_prose, title) if first_prose is not None else None
    if headline is not None:
        # What trafilatura kept above the headline is the page's header (a kicker, a menu).
        anchors = [None if a is not None and a < headline else a for a in anchors]
        main_kept = [(ln, a) for ln, a in zip(main, anchors) if not (a is None and _above(ln, page, headline))]
        main, anchors = [m for m, _ in main_kept], [a for _, a in main_kept]
    placed = [a for a in anchors if a is not None]
    if placed:
        first = placed[0]
        if headline is None:
            if title:
                units.append(_Unit(title, False, headline=True))
            lead_from = max(0, first - 3)
        else:
            lead_from = headline
        for i in range(lead_from, first):
            units.append(_Unit(page[i], False, headline=(i == headline), tight=tight[i], source=i))
    elif title:
        units.append(_Unit(title, False, headline=True))
    main_keys = {_norm(ln) for ln in main}
    main_shingles = _shingles(" ".join(main))
    cursor = placed[0] if placed else 0
    covered: set[int] = set()
    for k, (line, anchor) in enumerate(zip(main, anchors)):
        if anchor is None:
            units.append(_Unit(line, True))
            continue
        for i in range(cursor, anchor):
            if i in covered or _inside(page[i], line):
                continue
            # Prose between two main-text paragraphs that trafilatura left out is
            # article text unless the clutter rules say otherwise (a pull quote repeats the body).
            # Held back: lines in links, figures, quotes or furniture-classed blocks (a long
            # caption, a teaser), and near-copies of a main-text line the page wrote differently.
            recovered = (_prose(page[i]) and not aside[i] and _norm(page[i]) not in main_keys
                         and _overlap(page[i], main_shingles) < 0.5)
            units.append(_Unit(page[i], recovered, tight=tight[i], source=i))
        page_line = page[anchor]
        # The page's own line when it is the paragraph; trafilatura's when the page's says more.
        exact = _norm(page_line) == _norm(line)
        units.append(_Unit(page_line if exact else line, True, tight=tight[anchor] and exact,
                           furniture=furniture[anchor], source=anchor))
        covered.add(anchor)
        cursor = anchor + 1
        # Later page lines that are pieces of this paragraph are not repeated as clutter.
        while cursor < len(page) and len(_norm(page[cursor])) >= 12 and _inside(page[cursor], line) \
                and _norm(page[cursor]) != _norm(line):
            covered.add(cursor)
            cursor += 1
    if placed:
        chars = 0
        for i in range(cursor, min(len(page), cursor + _TRAIL_LINES)):
            chars += len(page[i])
            if chars > _TRAIL_CHARS:
                break
            units.append(_Unit(page[i], False, tight=tight[i], source=i))
    _drop_furniture(units)
    parts: list[str] = []
    kinds: list[str] = []
    for n, unit in enumerate(units):
        if n:
            # Lines the page shows one under the other (a list, a table) stay so.
            previous = units[n - 1].source
            follows = unit.tight and unit.source is not None and previous is not None and previous == unit.source - 1
            parts.append("\n" if follows else "\n\n")
        parts.append(unit.text)
        kinds.append("body" if unit.body else "headline" if unit.headline else "other")
    return "".join(parts), kinds, page[headline] if headline is not None else None


def _drop_furniture(units: list[_Unit]) -> None:
    """Main text inside blocks the markup names as furniture ("subscribe-box") is not body.

    Unless it would be much of the body: then the class name sat on a wrapper of
    the whole article ("article has-comments") and says nothing.
    """
    body = sum(len(u.text) for u in units if u.body)
    marked = sum(len(u.text) for u in units if u.body and u.furniture)
    if body and marked < 0.3 * body:
        for unit in units:
            if unit.body and unit.furniture:
                unit.body = False


def _shingles(text: str) -> set[tuple[str, str, str]]:
    words = _WORD.findall(text.casefold())
    return set(zip(words, words[1:], words[2:]))


def _overlap(line: str, shingles: set[tuple[str, str, str]]) -> float:
    """Share of the line's word triples that the main text has too."""
    own = _shingles(line)
    return len(own & shingles) / len(own) if own else 1.0


def _words(text: str) -> int:
    return len(text.split())


def _prose(text: str) -> bool:
    return 15 <= _words(text) and text.rstrip("\"'”’)»").endswith((".", "!", "?"))


def _above(line: str, page: list[str], headline: int) -> bool:
    key = _norm(line)
    return any(_norm(p) == key for p in page[:headline])


def _without_headline(main: list[str], title: str | None) -> list[str]:
    """trafilatura's text without the headline (and a short kicker above it) it sometimes starts with."""
    if not title:
        return main
    for k in range(min(3, len(main))):
        if _same_title(main[k], title):
            if all(_words(main[j]) <= 6 for j in range(k)):
                return main[k + 1:]
            break
    return main


def _inside(small: str, big: str) -> bool:
    a, b = _norm(small), _norm(big)
    return bool(a) and len(a) <= _MAX_FUZZY and len(b) <= _MAX_FUZZY and a in b


def _same_title(line: str, title: str) -> bool:
    got, want = _norm(line), _norm(title)
    return got == want or (len(want) >= 20 and (want in got or got in want) and len(got) >= 0.6 * len(want)
                           and len(got) <= 1.5 * len(want))


def _headline_line(page: list[str], first: int, title: str | None) -> int | None:
    """The page line above ``first`` that is the headline, if one is near."""
    if not title:
        return None
    for i in range(first - 1, max(-1, first - 1 - _LEAD_LINES), -1):
        if _same_title(page[i], title):
            return i
    return None


def _excluded(text: str, kinds: list[str], clutter_rules: bool) -> list[ExcludedSpan]:
    """Spans over the laid-out text: the rules' reasons, "not article text" for other non-body lines."""
    lines, reasons = classify_lines(text)
    spans: list[ExcludedSpan] = []
    unit = -1
    last: str | None = None
    for line, reason in zip(lines, reasons):
        if not line.text:
            continue
        unit += 1  # every unit of the lay-out is one line
        if not clutter_rules:
            reason = None
        kind = kinds[unit] if unit < len(kinds) else "other"
        if kind == "headline":
            reason = HEADLINE
        elif reason is None and kind != "body":
            reason = NOT_ARTICLE
        if reason is None:
            last = None
            continue
        if spans and last == reason:
            spans[-1].end = line.end
        else:
            spans.append(ExcludedSpan(line.start, line.end, reason))
        last = reason
    return spans


def _spelled(theirs: str | None, ours: str | None) -> str | None:
    """trafilatura's value, in the page's own spelling when both name the same thing.

    It normalises names ("S. Khan" becomes "S Khan"); the markup's form is the true one.
    """
    if theirs and ours and re.sub(r"\W+", "", theirs).casefold() == re.sub(r"\W+", "", ours).casefold():
        return ours
    return theirs or ours


def _metadata(document, own: Metadata, text: str, excluded: list[ExcludedSpan], url: str | None) -> Metadata:
    """trafilatura's metadata (a Document), with the markup's and the text's own spelling of the same names."""
    from workbench.ingest.metadata import extract_metadata

    in_text = extract_metadata(text, excluded)
    published = own.published
    date = getattr(document, "date", None)
    if date:
        # Keep the markup's full timestamp when it is the same day as htmldate's date.
        if not (published and (parse_date(published) or "").startswith(date[:10])):
            published = date
    return Metadata(
        title=_spelled(document.title, own.title or in_text.title),
        byline=_spelled(document.author, own.byline or in_text.byline),
        outlet=document.sitename or own.outlet,
        published=published,
        url=own.url or document.url or url,
    )
