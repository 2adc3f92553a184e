"""Evidence for a verdict: its sources (each a URL with an optional title) and a public explanation.

Fact-checks are published with both: the explanation is the ClaimReview's
``reviewBody``, the sources its citations. A claim's evidence is one audited
event (:data:`workbench.vocab.Action.EVIDENCE`) that replaces the claim's
evidence as a whole, so undo takes it back like any decision.

URLs are untrusted text: only absolute ``http``/``https`` URLs with a host,
without spaces or control characters, up to :data:`URL_LIMIT` characters, are
accepted. They are stored as typed and shown through ``safetext.visible`` like
every other piece of data. No Textual, no Click: the store validates with
this module, the CLI and the app parse what people type with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.safetext import visible

SOURCE_LIMIT = 20  # sources on one claim: a fact-check cites a handful
URL_LIMIT = 2048  # characters: what browsers and sitemaps reliably handle
TITLE_LIMIT = 300  # characters of a source's title
EXPLANATION_LIMIT = 5000  # characters of the public explanation (a ClaimReview's reviewBody)
SCHEMES = ("http", "https")

# Whitespace, C0/C1 controls, and the invisible format characters safetext makes
# visible: none belongs in a URL, and each could hide what a link points to.
_NOT_IN_URL = re.compile("[\\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


class EvidenceError(ValueError):
    """A source or an explanation that cannot be recorded; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Source:
    """One source of a verdict: where the fact-checker found the evidence."""

    url: str
    title: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"url": self.url, "title": self.title}

    def line(self) -> str:
        """How a person writes it: the URL, then the title (the editor's and --source's form)."""
        return f"{self.url} {self.title}" if self.title else self.url


def check_url(url: object) -> str:
    """``url`` if it is an absolute http(s) URL with a host, at most URL_LIMIT long; else EvidenceError."""
    if not isinstance(url, str) or not url.strip():
        raise EvidenceError("a source needs a URL")
    url = url.strip()
    shown = visible(url[:120]) + ("…" if len(url) > 120 else "")
    if len(url) > URL_LIMIT:
        raise EvidenceError(f"URL {shown!r} is {len(url):,} characters long; at most {URL_LIMIT:,}")
    if _NOT_IN_URL.search(url):
        raise EvidenceError(f"URL {shown!r} holds a space or an invisible character")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise EvidenceError(f"URL {shown!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise EvidenceError(f"URL {shown!r} must start with http:// or https://")
    if not host:
        raise EvidenceError(f"URL {shown!r} names no host")
    return url


def check_title(title: object) -> str | None:
    if title is None:
        return None
    if not isinstance(title, str):
        raise EvidenceError("a source's title is text")
    title = " ".join(title.split())
    if len(title) > TITLE_LIMIT:
        raise EvidenceError(f"a source's title holds at most {TITLE_LIMIT} characters, this one {len(title):,}")
    return title or None


def parse_source(text: str) -> Source:
    """``"URL [title]"``: the URL is the first word, the rest (if any) its title."""
    words = text.strip().split(None, 1)
    if not words:
        raise EvidenceError("a source needs a URL")
    return Source(check_url(words[0]), check_title(words[1] if len(words) > 1 else None))


def parse_sources(text: str) -> list[Source]:
    """One source a line (``URL [title]``), blank lines skipped; EvidenceError names the line."""
    sources = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            sources.append(parse_source(line))
        except EvidenceError as exc:
            raise EvidenceError(f"line {number}: {exc}") from None
    return sources


def sources_text(sources: Iterable[Source]) -> str:
    """The sources as an editor shows them: one ``URL title`` a line."""
    return "\n".join(source.line() for source in sources)


def check_sources(sources: Sequence[Source | str | Mapping]) -> tuple[Source, ...]:
    """Sources given as Source, ``"URL title"`` text or ``{"url", "title"}``, checked, duplicates dropped."""
    if isinstance(sources, (str, bytes)) or not isinstance(sources, Sequence):
        raise EvidenceError("sources are a list (of URLs, or Source records)")
    out: list[Source] = []
    seen: set[str] = set()
    for item in sources:
        if isinstance(item, Source):
            source = Source(check_url(item.url), check_title(item.title))
        elif isinstance(item, str):
            source = parse_source(item)
        elif isinstance(item, Mapping):
            source = Source(check_url(item.get("url")), check_title(item.get("title")))
        else:
            raise EvidenceError(f"a source is a URL, not {type(item).__name__}")
        if source.url not in seen:
            seen.add(source.url)
            out.append(source)
    if len(out) > SOURCE_LIMIT:
        raise EvidenceError(f"at most {SOURCE_LIMIT} sources on a claim, here {len(out)}")
    return tuple(out)


def check_explanation(text: object) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise EvidenceError("an explanation is text")
    text = text.strip()
    if len(text) > EXPLANATION_LIMIT:
        raise EvidenceError(f"an explanation holds at most {EXPLANATION_LIMIT:,} characters, this one {len(text):,}")
    return text or None


def encode(sources: Sequence[Source], explanation: str | None) -> str:
    """The stored value of an evidence event: canonical JSON."""
    return json.dumps(
        {"explanation": explanation, "sources": [s.to_json() for s in sources]},
        sort_keys=True,
        ensure_ascii=False,
    )


def decode(value: str | None) -> tuple[tuple[Source, ...], str | None]:
    """An evidence event's value read back (tolerant: what does not parse is left out)."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return (), None
    if not isinstance(data, dict):
        return (), None
    return sources_of(data.get("sources")), data.get("explanation") if isinstance(data.get("explanation"), str) else None


def sources_of(items: object) -> tuple[Source, ...]:
    """Stored sources (a JSON list of ``{"url", "title"}``) as records; malformed items are left out."""
    if not isinstance(items, list):
        return ()
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            title = item.get("title")
            out.append(Source(item["url"], title if isinstance(title, str) else None))
    return tuple(out)


def problem(value: str | None) -> str | None:
    """What makes a stored evidence value meaningless, or None (``verify`` asks)."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return "evidence that is not JSON"
    if not isinstance(data, dict) or set(data) - {"sources", "explanation"}:
        return "evidence must hold only sources and an explanation"
    try:
        check_sources(data.get("sources") or [])
        check_explanation(data.get("explanation"))
    except EvidenceError as exc:
        return f"evidence: {exc}"
    return None
