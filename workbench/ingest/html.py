"""An HTML page to its article text and metadata.

Scripts, styles, SVG, forms and other non-text parts are always dropped; page
chrome (nav, aside, footer, a header outside the article, ARIA landmarks for
navigation, figure captions) is dropped unless that would leave nothing. The
largest <article> (or itemprop=articleBody) is preferred, then <main>, then the
whole body; the page's <h1> goes first when the article itself has none. Block
elements become paragraph breaks, list items and <br> line breaks.

Metadata comes from <title>, <meta> (Open Graph, article:*, author, date),
<link rel=canonical>, <time datetime> and JSON-LD (parsed with json, never
evaluated). The tree is tracked with a flat stack and counters, never
recursion, so 10,000 nested tags cost nothing special.

Size: the tokenizer's one pass and the rules that read its stack belong together
(the rules keep the pass linear). This is the fallback behind webpage.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field

from workbench.ingest.dates import parse_date
from workbench.ingest.html_tokens import tokenize
from workbench.records import Metadata

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "keygen", "frame", "basefont", "isindex"})
# Never text a reader sees.
_HARD_DROP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                        "embed", "canvas", "audio", "video", "picture", "map", "head", "select",
                        "textarea", "button", "form", "dialog", "xmp", "noembed", "noframes",
                        "plaintext", "datalist", "option", "optgroup"})
# Page chrome: dropped unless nothing else is left.
_CHROME = frozenset({"nav", "aside", "footer", "figcaption", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                           "dialog", "alertdialog", "menu", "menubar", "toolbar"})
_PARAGRAPH = frozenset({"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3",
                        "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table", "figure",
                        "address", "hr", "details", "summary", "caption", "center", "fieldset",
                        "legend", "hgroup", "body", "html", "nav", "aside", "form", "tbody", "thead",
                        "tfoot", "dialog"})
_LINE = frozenset({"li", "dt", "dd", "tr", "br"})
_CLOSES_P = _PARAGRAPH | {"li"}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
                  "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report"}
_MAX_JSON_LD = 1_000_000
_MAX_JSON_NODES = 20_000
_SPACES = re.compile(r"[ \t\n\r\f]+")


@dataclass(slots=True)
class _Piece:
    text: str  # text, or "\n" / "\n\n" for a break
    article: int  # outermost open article's number, or -1
    main: bool
    chrome: bool
    h1: bool = False
    aside: bool = False  # inside a link, a figure, a quote, chrome, or a block whose class says furniture
    furniture: bool = False  # inside a block whose class or id names a promotion, a share bar, comments...


@dataclass
class _State:
    pieces: list[_Piece] = field(default_factory=list)
    stack: list[tuple[str, int]] = field(default_factory=list)  # (tag, flags)
    open_count: Counter[str] = field(default_factory=Counter)
    hard: int = 0
    chrome: int = 0
    main: int = 0
    pre: int = 0
    articles: list[int] = field(default_factory=list)
    next_article: int = 0
    h1_depth: int = 0
    h1_texts: list[str] = field(default_factory=list)
    h1_current: list[str] = field(default_factory=list)
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    times: list[tuple[str, int]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)
    script_type: str = ""
    aside: int = 0
    furniture: int = 0


_HARD, _CHROMEF, _MAIN, _ARTICLE, _PRE, _H1, _ASIDE, _FURN = 1, 2, 4, 8, 16, 32, 64, 128
# Class or id words of page furniture. Only used to hold back text the main-text
# extractor left out from being taken back in (webpage.py), never to drop text.
_FURNITURE = re.compile(
    r"caption|credit|related|promo|teaser|comment|share|social|newsletter|signup|subscri|advert|sponsor|"
    r"(?:^|[\s_-])ads?(?:$|[\s_-])|widget|sidebar|footer|header|nav|menu|byline|author|bio\b|tags?\b|"
    r"breadcrumb|cookie|consent|popup|modal|banner|recommend|trending|popular|read-?more|embed|tweet|"
    r"video|gallery|photo|image|figure|card|outbrain|taboola",
    re.I,
)
# The narrower set: blocks that are never the article (webpage.py may exclude main text inside them).
_NOT_ARTICLE = re.compile(
    r"subscri|newsletter|sign-?up|promo|advert|sponsor|related|recommend|outbrain|taboola|comment|"
    r"share|social|cookie|consent|paywall|caption|credit|read-?more|more-stories|most-(?:read|popular)|"
    r"(?:^|[\s_-])ads?(?:$|[\s_-])",
    re.I,
)
_ASIDE_TAGS = frozenset({"a", "figure", "figcaption", "blockquote", "aside", "nav", "footer", "header", "button",
                         "label", "cite", "small"})


def _flags_for(name: str, attrs: dict[str, str], st: _State) -> int:
    flags = 0
    role = attrs.get("role", "").strip().lower()
    if name in _HARD_DROP or "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        flags |= _HARD
    if name in _CHROME or role in _CHROME_ROLES or (name == "header" and not st.articles and not st.main):
        flags |= _CHROMEF
    if name == "main" or role == "main":
        flags |= _MAIN
    if name == "article" or role == "article" or attrs.get("itemprop", "").lower() == "articlebody":
        flags |= _ARTICLE
    if name == "pre":
        flags |= _PRE
    if name == "h1":
        flags |= _H1
    names = (attrs.get("class", "") + " " + attrs.get("id", ""))[:300]
    if flags & _CHROMEF or name in _ASIDE_TAGS or _FURNITURE.search(names):
        flags |= _ASIDE
    if names.strip() and _NOT_ARTICLE.search(names):
        flags |= _FURN
    return flags


def _push(st: _State, name: str, flags: int) -> None:
    st.stack.append((name, flags))
    st.open_count[name] += 1
    if flags & _HARD:
        st.hard += 1
    if flags & _CHROMEF:
        st.chrome += 1
    if flags & _MAIN:
        st.main += 1
    if flags & _PRE:
        st.pre += 1
    if flags & _ARTICLE:
        st.articles.append(st.next_article)
        st.next_article += 1
    if flags & _H1:
        st.h1_depth += 1
    if flags & _ASIDE:
        st.aside += 1
    if flags & _FURN:
        st.furniture += 1


def _pop(st: _State) -> str:
    name, flags = st.stack.pop()
    st.open_count[name] -= 1
    if flags & _HARD:
        st.hard -= 1
    if flags & _CHROMEF:
        st.chrome -= 1
    if flags & _MAIN:
        st.main -= 1
    if flags & _PRE:
        st.pre -= 1
    if flags & _ARTICLE:
        st.articles.pop()
    if flags & _ASIDE:
        st.aside -= 1
    if flags & _FURN:
        st.furniture -= 1
    if flags & _H1:
        st.h1_depth -= 1
        if st.h1_depth == 0 and st.h1_current:
            text = _SPACES.sub(" ", "".join(st.h1_current)).strip()
            if text:
                st.h1_texts.append(text)
            st.h1_current = []
    return name


def _emit(st: _State, text: str) -> None:
    if st.hard:
        return
    if not st.pre:
        text = text.replace("\n", " ")  # a newline in HTML source is a space on the page, as browsers show it
    if st.h1_depth:
        st.h1_current.append(text)
    st.pieces.append(_Piece(text, st.articles[0] if st.articles else -1, st.main > 0, st.chrome > 0, st.h1_depth > 0,
                            st.aside > 0, st.furniture > 0))


def _brk(st: _State, kind: str) -> None:
    if not st.hard:
        st.pieces.append(_Piece(kind, st.articles[0] if st.articles else -1, st.main > 0, st.chrome > 0))


def _on_start(st: _State, name: str, attrs: dict[str, str], self_closing: bool) -> None:
    if name == "meta":
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key and "content" in attrs and key not in st.meta:
            st.meta[key] = attrs["content"]
        return
    if name == "link":
        rels = attrs.get("rel", "").lower().split()
        if "canonical" in rels and st.canonical is None and attrs.get("href"):
            st.canonical = attrs["href"]
        return
    if name == "time" and attrs.get("datetime") and not st.hard:
        st.times.append((attrs["datetime"], st.articles[0] if st.articles else -1))
    if name in _CLOSES_P and st.stack and st.stack[-1][0] == "p":
        _pop(st)  # a block inside <p> ends the paragraph, as browsers do
    if name == "li" and st.stack and st.stack[-1][0] == "li":
        _pop(st)
    if name in _PARAGRAPH:
        _brk(st, "\n\n")
    elif name in _LINE:
        _brk(st, "\n")
    elif name in ("td", "th"):
        _emit(st, " ")
    if name in _VOID or self_closing:
        return
    _push(st, name, _flags_for(name, attrs, st))


def _on_end(st: _State, name: str) -> None:
    if st.open_count[name] <= 0:
        if name in ("p", "br"):
            _brk(st, "\n\n" if name == "p" else "\n")  # a stray </p> still ends a paragraph
        return
    while st.stack and _pop(st) != name:
        pass
    if name in _PARAGRAPH:
        _brk(st, "\n\n")
    elif name in _LINE:
        _brk(st, "\n")


def _collect(source: str) -> _State:
    st = _State()
    for tok in tokenize(source):
        if tok.kind == "text":
            if tok.text:
                _emit(st, tok.text)
        elif tok.kind == "start":
            if tok.name == "script":
                st.script_type = (tok.attrs or {}).get("type", "").strip().lower()
            _on_start(st, tok.name, tok.attrs or {}, tok.self_closing)
        elif tok.kind == "end":
            _on_end(st, tok.name)
        elif tok.kind == "raw":
            if tok.name == "title" and st.title is None and not st.open_count["svg"]:
                st.title = tok.text
            elif tok.name == "script" and "ld+json" in st.script_type and len(st.json_ld) < 20:
                st.json_ld.append(tok.text[:_MAX_JSON_LD])
    return st


def _assemble(pieces: list[_Piece]) -> str:
    out: list[str] = []
    pending = ""
    for piece in pieces:
        if piece.text in ("\n", "\n\n"):
            if len(piece.text) > len(pending):
                pending = piece.text
            continue
        if pending:
            out.append(pending)
            pending = ""
        out.append(piece.text)
    text = "".join(out)
    # Collapse spaces within lines (non-breaking spaces are kept), then tidy the breaks.
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


def _choose(st: _State) -> tuple[list[_Piece], int | None]:
    content = [p for p in st.pieces if not p.chrome]
    total = sum(len(p.text) for p in content if p.text.strip())
    sizes: Counter[int] = Counter()
    for p in content:
        if p.article >= 0 and p.text.strip():
            sizes[p.article] += len(p.text)
    # Related-story cards are <article>s too: the largest one must be a real share of the page.
    if sizes:
        best, size = sizes.most_common(1)[0]
        if size >= 0.3 * total or size >= 500:
            return [p for p in content if p.article == best], best
    main = [p for p in content if p.main]
    main_size = sum(len(p.text) for p in main if p.text.strip())
    if main_size and (main_size >= 0.3 * total or main_size >= 200):
        return main, None
    return content, None


def _text(st: _State) -> str:
    chosen, _ = _choose(st)
    text = _assemble(chosen)
    if len(text) < 200:
        everything = _assemble(st.pieces)
        if len(text) < 0.25 * len(everything):
            return everything  # the chrome rules left nothing: better the whole page than nothing
    if st.h1_texts and not any(p.h1 and p.text.strip() for p in chosen):
        headline = st.h1_texts[0]
        if not text.startswith(headline):
            text = headline + "\n\n" + text
    return text


# -- metadata --------------------------------------------------------------------------

def _json_ld_article(blobs: list[str]) -> dict[str, object]:
    """The first NewsArticle-like object in the page's JSON-LD, found without recursion."""
    for blob in blobs:
        try:
            data = json.loads(blob)
        except (ValueError, RecursionError):
            continue
        todo: deque[object] = deque([data])
        seen = 0
        while todo and seen < _MAX_JSON_NODES:
            node = todo.popleft()
            seen += 1
            if isinstance(node, list):
                todo.extend(node[:1000])
            elif isinstance(node, dict):
                kinds = node.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                    return node
                for key in ("@graph", "mainEntity", "itemListElement"):
                    if key in node:
                        todo.append(node[key])
    return {}


def _names(value: object) -> str | None:
    """author / publisher values: a string, {"name": ...}, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip() and not item.strip().lower().startswith("http"):
            names.append(item.strip())
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _str(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _strip_site(title: str, site: str | None) -> str:
    """"Headline | Reuters" -> "Headline" when the tail is the site's name."""
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        head, found, tail = title.rpartition(sep)
        if found and head and site and tail.strip().lower() in (site.lower(), site.lower().removeprefix("the ")):
            return head.strip()
    return title


def _metadata(st: _State, article: int | None) -> Metadata:
    meta = st.meta
    ld = _json_ld_article(st.json_ld)
    site = meta.get("og:site_name") or _names(ld.get("publisher")) or meta.get("application-name")
    title = (
        _str(ld.get("headline")) or meta.get("og:title") or meta.get("twitter:title")
        or (st.h1_texts[0] if st.h1_texts else None) or (st.title and _strip_site(st.title.strip(), site))
    )
    byline = _names(ld.get("author"))
    if byline is None:
        for key in ("author", "article:author", "byl", "parsely-author", "dc.creator", "sailthru.author"):
            value = meta.get(key, "").strip()
            if value and not value.lower().startswith("http"):
                byline = re.sub(r"^by\s+", "", value, flags=re.I)
                break
    published = None
    for value in (_str(ld.get("datePublished")), meta.get("article:published_time"),
                  meta.get("og:published_time"), meta.get("datepublished"), meta.get("date"),
                  meta.get("pubdate"), meta.get("publishdate"), meta.get("dc.date"),
                  meta.get("dc.date.issued"), meta.get("dcterms.date"), meta.get("parsely-pub-date"),
                  meta.get("sailthru.date")):
        if value and (published := parse_date(value)):
            break
    if published is None and st.times:
        in_article = [t for t, a in st.times if article is not None and a == article]
        for value in in_article + [t for t, _ in st.times]:
            if published := parse_date(value):
                break
    url = st.canonical or meta.get("og:url") or _str(ld.get("url")) or _str(ld.get("mainEntityOfPage"))
    return Metadata(title=title, byline=byline, outlet=site, published=published, url=url)


def extract_html(source: str) -> tuple[str, Metadata]:
    """The article text of an HTML page and what its markup says about it (raw; not yet cleaned)."""
    st = _collect(source)
    _, article = _choose(st)
    return _text(st), _metadata(st, article)


@dataclass(slots=True)
class VisibleLine:
    text: str  # spaces collapsed, stripped, never empty
    tight: bool  # follows the previous line with no blank line between (a list item, a <br>)
    aside: bool  # most of it sits in a link, figure, quote, chrome or furniture-classed block
    furniture: bool = False  # most of it sits in a block classed as a promotion, share bar, comments...


@dataclass(slots=True)
class OwnReading:
    """One pass of the workbench's own tokenizer over a page: what the newer path builds on."""

    visible: str  # every line a reader could see (chrome included; scripts, styles, forms never)
    article: str  # the article text the workbench's own rules keep (the fallback)
    metadata: Metadata
    lines: list[VisibleLine]  # the lines of ``visible``
    structured_body: str | None = None  # JSON-LD articleBody: the text of a page its scripts would draw
    description: str | None = None  # <meta name=description> / og:description


def _visible_lines(pieces: list[_Piece]) -> list[VisibleLine]:
    lines: list[VisibleLine] = []
    parts: list[str] = []
    aside_chars = furniture_chars = chars = 0
    gap = "\n\n"

    def end() -> None:
        nonlocal aside_chars, furniture_chars, chars
        text = _SPACES.sub(" ", "".join(parts)).strip()
        if text:
            lines.append(VisibleLine(text, gap == "\n" and bool(lines), aside_chars > 0.5 * chars,
                                     furniture_chars > 0.5 * chars))
        parts.clear()
        aside_chars = furniture_chars = chars = 0

    for piece in pieces:
        if piece.text in ("\n", "\n\n"):
            if parts:
                end()
                gap = piece.text
            elif len(piece.text) > len(gap):
                gap = piece.text
            continue
        for n, chunk in enumerate(piece.text.split("\n")):  # only <pre> text still holds newlines
            if n:
                end()
                gap = "\n"
            if chunk:
                parts.append(chunk)
                size = len(chunk.strip())
                chars += size
                aside_chars += size if piece.aside else 0
                furniture_chars += size if piece.furniture else 0
    end()
    return lines


def read_own(source: str) -> OwnReading:
    """The page's visible lines, the own rules' article text and the markup's metadata, in one pass."""
    st = _collect(source)
    _, article = _choose(st)
    body = _json_ld_article(st.json_ld).get("articleBody") if st.json_ld else None
    description = st.meta.get("description") or st.meta.get("og:description") or st.meta.get("twitter:description")
    return OwnReading(_assemble(st.pieces), _text(st), _metadata(st, article), _visible_lines(st.pieces),
                      body.strip() if isinstance(body, str) and body.strip() else None,
                      description.strip() if description and description.strip() else None)
