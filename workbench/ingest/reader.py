"""One candidate file in, one Article (or an IngestError) out.

Pure: no store, no spaCy. Reads the bytes safely, refuses binary and empty
files, decodes, turns HTML into its article text, finds the clutter and the
metadata.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.ingest.clutter import find_clutter
from workbench.ingest.decode import Decoded, decode
from workbench.ingest.errors import IngestError
from workbench.ingest.headline import HEADLINE, find_headlines
from workbench.ingest.files import Candidate, read_bytes
from workbench.ingest.metadata import extract_metadata
from workbench.ingest.sniff import looks_like_html
from workbench.ingest.webpage import read_html
from workbench.records import ExcludedSpan, FetchInfo, Metadata

DEFAULT_MAX_BYTES = 5_000_000

_HTML_EXTENSIONS = (".html", ".htm")
_MARKDOWN_EXTENSIONS = (".md", ".markdown")


@dataclass(slots=True)
class Article:
    path: Path | str  # a file's path, or the URL a page was fetched from (its identity in the store)
    display: str  # visible(str(path))
    sha256: str  # of the original bytes
    size: int  # bytes on disk
    text: str  # decoded, NUL replaced, line ends normalised to "\n", no lone surrogates
    encoding: str
    replaced: int  # bytes or characters replaced while decoding (NULs included)
    metadata: Metadata = field(default_factory=Metadata)
    excluded: list[ExcludedSpan] = field(default_factory=list)
    format: str = "text"  # "text" | "markdown" | "html"
    fetch: FetchInfo | None = None  # for a page fetched from the web


def _format(path: Path, text: str) -> str:
    ext = path.suffix.lower()
    if ext in _HTML_EXTENSIONS:
        return "html"
    if ext in _MARKDOWN_EXTENSIONS:
        return "markdown"
    if ext == ".txt":
        # A page saved as .txt is still a page: take its article text, not its markup.
        return "html" if looks_like_html(text, strict=True) else "text"
    return "html" if looks_like_html(text, strict=False) else "text"


def read_article(candidate: Candidate, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read, decode and clean one file; raises IngestError with a one-line reason."""
    data = read_bytes(candidate, max_bytes=max_bytes)
    if not data:
        raise IngestError("failed", "empty file")
    decoded = decode(data)
    if not decoded.text.strip():
        raise IngestError("failed", "empty: the file holds only whitespace")
    fmt = _format(candidate.path, decoded.text)
    return build_article(data, decoded, fmt, path=candidate.path, display=candidate.display)


def build_article(
    data: bytes, decoded: Decoded, fmt: str, *, path: Path | str, display: str, url: str | None = None
) -> Article:
    """The Article for decoded bytes: HTML through :func:`webpage.read_html`, text and Markdown as they are.

    ``url``: where an HTML page was fetched from (after redirects), for its metadata.
    """
    text = decoded.text
    html_meta: Metadata | None = None
    if fmt == "html":
        page = read_html(text, url=url)
        text, excluded, html_meta = page.text, page.excluded, page.metadata
        if not text.strip():
            raise IngestError("failed", "empty: the page has no article text")
    else:
        excluded = find_clutter(text)
    metadata = extract_metadata(text, excluded, html_meta=html_meta)
    if metadata.url is None and url:
        metadata.url = url
    if not any(span.reason == HEADLINE for span in excluded):
        # The page reader already keeps a page's headline out; text files get theirs here.
        excluded = sorted(excluded + find_headlines(text, excluded, metadata.title), key=lambda s: s.start)
    return Article(
        path=path,
        display=display,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        text=text,
        encoding=decoded.encoding,
        replaced=decoded.replaced,
        metadata=metadata,
        excluded=excluded,
        format=fmt,
    )
