"""RSS and Atom feeds: the entries' links, titles and dates, read with lxml and nothing evaluated.

RSS 2.0 (<item><link>, or a <guid> that is a permalink), RSS 1.0/RDF
(<item><link>) and Atom (<entry><link rel="alternate" href>) are read by
local element names, so any namespace prefix works. The parser resolves no
entity, loads no DTD and touches no network, so a "billion laughs" feed or an
external entity reads as text (or not at all), never as a fetch or a blow-up.
lxml is already here for trafilatura; the feed formats need no more than this.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from workbench.ingest.errors import IngestError

MAX_ENTRIES = 1_000  # a feed with more is cut here (feeds carry their latest few dozen)


@dataclass(slots=True)
class FeedEntry:
    link: str  # absolute, as the feed gives it (resolved against the feed's URL)
    title: str | None = None
    published: str | None = None
    guid: str | None = None


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element, name: str) -> str | None:  # element: lxml _Element
    for child in element:
        if _local(child.tag) == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None


def _atom_link(entry) -> str | None:  # entry: lxml _Element
    fallback = None
    for child in entry:
        if _local(child.tag) != "link":
            continue
        href = (child.get("href") or "").strip()
        rel = (child.get("rel") or "alternate").strip().lower()
        if not href:
            continue
        if rel == "alternate" and (child.get("type") or "text/html").lower() in ("text/html", "application/xhtml+xml"):
            return href
        if rel == "alternate" and fallback is None:
            fallback = href
    return fallback


def parse_feed(data: bytes, *, base_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in feed order, each link once; IngestError if it is no feed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise IngestError("failed", "not a feed: the answer is not XML")
    kind = _local(root.tag)
    if kind not in ("rss", "rdf", "feed", "channel"):
        raise IngestError("failed", f"not a feed: an XML <{kind or '?'}> document, not RSS or Atom")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for element in root.iter():
        name = _local(element.tag)
        if kind == "feed" and name == "entry":
            link = _atom_link(element)
            published = _child_text(element, "published") or _child_text(element, "updated")
            guid = _child_text(element, "id")
        elif kind != "feed" and name == "item":
            link = _child_text(element, "link")
            guid = _child_text(element, "guid")
            if not link and guid and guid.startswith(("http://", "https://")):
                link = guid  # <guid isPermaLink="true"> is the entry's address
            if not link:
                link = element.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            published = _child_text(element, "pubdate") or _child_text(element, "date")
        else:
            continue
        if not link:
            continue
        absolute = urljoin(base_url, link.strip())
        if absolute in seen:
            continue
        seen.add(absolute)
        entries.append(FeedEntry(absolute, _child_text(element, "title"), published, guid))
        if len(entries) >= MAX_ENTRIES:
            break
    return entries
