"""A linear-time HTML tokenizer for hostile pages.

The standard library's html.parser goes quadratic on some broken input (a
200 KB run of "<a" took minutes on Python 3.11.7), so ingest reads HTML with
this small tokenizer instead. Each step consumes what it scanned, and every
regex is anchored at the current position with atomic groups and possessive
loops, so no input can make it backtrack. A construct that never closes (an
unterminated comment, tag or script) ends the document there, as it would in a
browser.

Entities are decoded exactly once, in text and attribute values; raw-text
elements (script, style...) are passed through undecoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

# Text-only elements: their content is not markup. RCDATA ones (title, textarea)
# still decode entities.
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
RCDATA = frozenset({"title", "textarea"})

_START_TAG = re.compile(
    r"<([A-Za-z][^\s/>\x00]*+)((?>[^>\"'=]++|=\s*+\"[^\"]*+\"|=\s*+'[^']*+'|=|[\"'])*+)>"
)
_END_TAG = re.compile(r"</([A-Za-z][^\s/>\x00]*+)[^>]*+>")
_ATTR = re.compile(r"""([^\s"'=<>/`]++)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?""")
_RAW_END: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"</{name}(?=[\s/>])", re.I) for name in RAW_TEXT | RCDATA
}
_MAX_ATTR_VALUE = 100_000


@dataclass(slots=True)
class Tag:
    kind: str  # "start" | "end" | "text" | "raw"
    name: str = ""  # lower-case tag name (for "raw": the element holding the text)
    attrs: dict[str, str] | None = None
    text: str = ""
    self_closing: bool = False


def parse_attrs(raw: str) -> dict[str, str]:
    """Attributes as a dict (first occurrence wins), names lower-cased, values decoded once."""
    attrs: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        name = m.group(1).lower()
        if name in attrs:
            continue
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4) or ""
        attrs[name] = unescape(value[:_MAX_ATTR_VALUE])
    return attrs


def tokenize(source: str) -> Iterator[Tag]:
    """Text, start, end and raw-text tokens, in document order (adjacent text merged)."""
    pending: list[str] = []
    for tag in _tokens(source):
        if tag.kind == "text":
            pending.append(tag.text)
            continue
        if pending:
            yield Tag("text", text="".join(pending))
            pending = []
        yield tag
    if pending:
        yield Tag("text", text="".join(pending))


def _tokens(source: str) -> Iterator[Tag]:
    pos = 0
    n = len(source)
    next_gt = -1  # cached position of the next ">", so "</</</..." stays linear
    while pos < n:
        lt = source.find("<", pos)
        if lt < 0:
            yield Tag("text", text=unescape(source[pos:]))
            return
        if lt > pos:
            yield Tag("text", text=unescape(source[pos:lt]))
        pos = lt
        nxt = source[lt + 1: lt + 2]
        if source.startswith("<!--", lt):
            end = source.find("-->", lt + 2)
            if end < 0:
                return  # an unclosed comment hides the rest of the page
            pos = end + 3
        elif nxt in ("!", "?"):
            end = source.find(">", lt)
            if end < 0:
                return
            pos = end + 1
        elif nxt == "/":
            m = _END_TAG.match(source, lt)
            if m is None:
                if next_gt < lt:
                    next_gt = source.find(">", lt)
                    if next_gt < 0:
                        return
                yield Tag("text", text="</")  # "</ " or "</3": text, as browsers show it
                pos = lt + 2
                continue
            yield Tag("end", name=m.group(1).lower())
            pos = m.end()
        elif nxt.isalpha():
            m = _START_TAG.match(source, lt)
            if m is None:
                return  # a tag that never closes swallows the rest of the page
            name = m.group(1).lower()
            raw_attrs = m.group(2)
            self_closing = raw_attrs.endswith("/")
            yield Tag("start", name=name, attrs=parse_attrs(raw_attrs) if raw_attrs.strip() else {},
                      self_closing=self_closing)
            pos = m.end()
            if (name in RAW_TEXT or name in RCDATA) and not self_closing:
                if name == "plaintext":
                    yield Tag("raw", name=name, text=source[pos:])
                    return
                close = _RAW_END[name].search(source, pos)
                content = source[pos: close.start() if close else n]
                yield Tag("raw", name=name, text=unescape(content) if name in RCDATA else content)
                if close is None:
                    return
                end = source.find(">", close.end())
                pos = n if end < 0 else end + 1
                yield Tag("end", name=name)
        else:
            yield Tag("text", text="<")
            pos = lt + 1
