"""What an article says about itself: headline, byline, outlet, date, URL.

HTML metadata (from :mod:`html`) wins where present; the text fills the gaps,
using the clutter spans to know where the header and trailer are. Every rule is
a general shape ("By ...", "© 2024 X", "(Reuters) -", "More stories from X", a
date line); anything unsure stays None, because a wrong date or outlet is worse
than none. Values come back single-line and capped in length.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from workbench.ingest.bylines import byline_names
from workbench.ingest.dates import parse_date
from workbench.ingest.textlines import Line, split_lines
from workbench.records import ExcludedSpan, Metadata

_CAPS = {"title": 300, "byline": 200, "outlet": 100, "published": 40, "url": 2000}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SCAN_LINES = 400  # header and trailer rules look at this many lines from each end

_ATX_H1 = re.compile(r"^#\s+(.{1,300}?)\s*#*$")
_MORE_FROM = re.compile(
    r"\b(?i:more|top|latest|other) (?i:stories|news|articles|videos) (?i:from|by|on) "
    r"((?:[A-Z][\w&'’.-]*)(?: [A-Z][\w&'’.-]*){0,4})$"
)
_TOP_STORY = re.compile(r"^((?:[A-Z][\w&.-]*)(?: [A-Z][\w&.-]*){0,3})['’]s? (?:top|latest|most read) stor(?:y|ies)$", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\b(?i:copyright)\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"((?:[A-Z][\w&'’-]*)(?: (?:[A-Z][\w&'’-]*|of|the|and|&)){0,6})",
)
_COPYRIGHT_END = re.compile(r"\s*(?:$|\.|;|\ball rights\b|,?\s*(?:inc|llc|ltd|plc|gmbh|ag|sa)\b)", re.I)
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Za-z\d .,'’-]{0,60}?\(([A-Z][A-Za-z&.]*(?: [A-Z][A-Za-z&.]*){0,3})\)\s*[-—–]")
_PUBLISHED_IN = re.compile(r"^(?i:(?:first |originally )?published in (?:the )?)([A-Z][\w&'’. -]{0,40}?),\s")
_SOURCE = re.compile(r"^(?:Source|SOURCE)[: ]\s*([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4})")
_BYLINE_OUTLET = re.compile(r",\s*([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})\s*$")
_STAFF = re.compile(r"^(?:by\s+)?((?:[A-Z][\w&'’.-]*)(?: [A-Z][\w&'’.-]*){0,3}) (?:staff|staff writers?|reporters?|news desk|wires?|desk)$", re.I)
# "By Euronews with AFP", "By Reuters": a byline with no person names the outlet.
_BY_ORG = re.compile(r"^[Bb]y ([A-Z][\w&'’.-]*)(?: (?:with|and) [A-Z][\w&'’. -]{0,30})?$")
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]{1,2000}")
_URL_WORDS = re.compile(r"\b(?:source|published|originally|url|link|canonical|read (?:it|this) (?:at|on))\b", re.I)
_FRONT_KEYS = {
    "title": "title", "headline": "title",
    "author": "byline", "authors": "byline", "byline": "byline", "by": "byline",
    "date": "published", "published": "published", "pubdate": "published", "date_published": "published",
    "url": "url", "canonical": "url", "canonical_url": "url", "link": "url", "source_url": "url",
    "outlet": "outlet", "publisher": "outlet", "source": "outlet", "site": "outlet", "site_name": "outlet",
}
# Abbreviations that wire datelines use for their agency.
_AGENCY_NAMES = {"AP": "Associated Press", "AFP": "AFP", "CNN": "CNN"}
_NOT_OUTLETS = {"All", "All Rights Reserved", "The", "Image", "Photo", "Getty Images"}


def _clean(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    value = " ".join(_CONTROL.sub(" ", value).split())
    if not value:
        return None
    cap = _CAPS[field]
    return value if len(value) <= cap else value[: cap - 1].rstrip() + "\u2026"


def _line_reasons(lines: list[Line], excluded: list[ExcludedSpan]) -> list[str | None]:
    reasons: list[str | None] = [None] * len(lines)
    spans = sorted(excluded, key=lambda s: s.start)
    k = 0
    for i, line in enumerate(lines):
        while k < len(spans) and spans[k].end < line.start:
            k += 1
        if k < len(spans) and spans[k].start <= line.start and line.end <= spans[k].end and line.text:
            reasons[i] = spans[k].reason
    return reasons


def _front_matter(lines: list[Line], reasons: list[str | None]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i, line in enumerate(lines[1:60], start=1):
        if reasons[i] != "front matter" or line.text in ("---", "..."):
            if reasons[i] != "front matter":
                break
            continue
        key, sep, value = line.text.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'")
        if sep and field and value and field not in found:
            found[field] = value
    return found


def _title(lines: list[Line], reasons: list[str | None], body_start: int) -> str | None:
    for line in lines[:_SCAN_LINES]:
        m = _ATX_H1.match(line.text)
        if m:
            return m.group(1).strip("*_ ")
        if line.prose:
            break
    # The section label sits right above the headline; a site tagline may come earlier.
    last_label = -1
    for i in range(body_start):
        if reasons[i] == "section label":
            last_label = i
    candidates = [
        i for i in range(body_start)
        if lines[i].text and reasons[i] is None and len(lines[i].text.split()) >= 2 and lines[i].words <= 30
    ]
    after = [i for i in candidates if i > last_label]
    pick = after[0] if after else candidates[0] if candidates else None
    return lines[pick].text.lstrip("# ").strip() if pick is not None else None


def _title_case_caps(name: str) -> str:
    return name.title() if name.isupper() else name


def _byline(lines: list[Line], reasons: list[str | None]) -> str | None:
    for i, line in enumerate(lines):
        if reasons[i] == "byline":
            names = byline_names(line.text)
            if names:
                return " ".join(_title_case_caps(w) if w.isupper() and len(w) > 2 else w for w in names.split(" "))
    return None


def _outlet_from_text(lines: list[Line], reasons: list[str | None], body_start: int | None) -> str | None:
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        if reasons[i] is None or len(line.text) > 300:
            continue
        text = line.text
        if reasons[i] == "copyright" and "copyright" not in found:
            m = _COPYRIGHT.search(text)
            # "© 2024 Bennett, Coleman & Co." names a company, not the outlet: only
            # take a name that ends the notice or is followed by a full stop.
            if m and m.group(1).strip(" .") not in _NOT_OUTLETS and _COPYRIGHT_END.match(text[m.end():]):
                found["copyright"] = m.group(1).strip(" .")
        m = _MORE_FROM.search(text) or _TOP_STORY.search(text.removeprefix("Skip next section ").strip())
        if m and "more" not in found:
            found["more"] = m.group(1)
        if reasons[i] == "byline" and "byline" not in found:
            m = (_STAFF.match(text) or _BY_ORG.match(text)
                 or (_BYLINE_OUTLET.search(text) if text.lower().startswith("by ") else None))
            if m and len(m.group(1).split()) <= 2 and not re.search(r"\b(?:and|in)\b", m.group(1)):
                found["byline"] = m.group(1)
        m = _PUBLISHED_IN.match(text)
        if m and "published" not in found:
            found["published"] = m.group(1)
        m = _SOURCE.match(text)
        if m and "source" not in found and reasons[i] in ("credits", "caption"):
            found["source"] = re.sub(r"\s+(?:and|with)\b.*$", "", m.group(1))
    if body_start is not None:
        m = _WIRE_DATELINE.match(lines[body_start].text[:160])
        if m:
            found["wire"] = _AGENCY_NAMES.get(m.group(1), m.group(1))
    for key in ("copyright", "more", "byline", "wire", "published", "source"):
        if key in found:
            return found[key]
    return None


def _url_from_text(lines: list[Line], reasons: list[str | None], body_start: int, body_end: int) -> str | None:
    zone = list(range(min(body_start, len(lines))))
    zone += [i for i in range(body_end + 1, len(lines)) if _URL_WORDS.search(lines[i].text[:300])]
    for i in zone:
        m = _URL.search(lines[i].text[:3000])
        if m:
            return m.group().rstrip(".,;:!?*_")
    return None


def _plausible_date(value: str | None) -> str | None:
    if not value:
        return None
    year = int(value[:4])
    if year < 1900 or year > _dt.date.today().year + 1:
        return None
    return value


def _published(lines: list[Line], reasons: list[str | None]) -> str | None:
    for want in ("dateline", "credits", "byline"):
        for i, line in enumerate(lines):
            if reasons[i] == want and len(line.text) <= 300:
                value = _plausible_date(parse_date(line.text))
                if value:
                    return value
    return None


def extract_metadata(
    text: str,
    excluded: list[ExcludedSpan],
    *,
    html_meta: Metadata | None = None,
    path: Path | None = None,
) -> Metadata:
    """Headline, byline, outlet, ISO publication date and URL of an article; unknowns stay None."""
    del path  # the file name says nothing reliable about the article
    head_end = _nth_line_start(text, _SCAN_LINES)
    tail_start = max(head_end, _nth_line_start_from_end(text, _SCAN_LINES))
    # Only the head and the tail can hold metadata; a 5 MB body is not scanned line by line.
    lines = split_lines(text[:head_end])
    tail_lines = [
        Line(ln.start + tail_start, ln.end + tail_start, ln.text, ln.words, ln.prose)
        for ln in split_lines(text[tail_start:])
    ] if tail_start < len(text) else []
    if tail_lines and tail_start > head_end:
        lines = lines + tail_lines
    reasons = _line_reasons(lines, excluded)
    body = [i for i, line in enumerate(lines) if line.prose and reasons[i] is None]
    body_start = body[0] if body else len(lines)
    body_end = body[-1] if body else len(lines)
    front = _front_matter(lines, reasons) if reasons and reasons[0] == "front matter" else {}
    from_html = html_meta or Metadata()

    title = from_html.title or front.get("title") or _title(lines[:_SCAN_LINES], reasons, min(body_start, _SCAN_LINES))
    byline = from_html.byline or front.get("byline") or _byline(lines, reasons)
    outlet = from_html.outlet or front.get("outlet") or _outlet_from_text(lines, reasons, body[0] if body else None)
    published = (
        _plausible_date(parse_date(from_html.published or ""))
        or _plausible_date(parse_date(front.get("published", "")))
        or _published(lines, reasons)
    )
    url = from_html.url or front.get("url") or _url_from_text(lines, reasons, body_start, body_end)
    if url and not re.match(r"^https?://[^\s]+$", url, re.I):
        url = None
    if outlet is None and url:
        host = urlsplit(url).hostname or ""
        outlet = host.removeprefix("www.") or None
    return Metadata(
        title=_clean(title, "title"),
        byline=_clean(byline, "byline"),
        outlet=_clean(outlet, "outlet"),
        published=_clean(published, "published"),
        url=_clean(url, "url"),
    )


def _nth_line_start(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def _nth_line_start_from_end(text: str, n: int) -> int:
    pos = len(text)
    for _ in range(n):
        nl = text.rfind("\n", 0, pos)
        if nl < 0:
            return 0
        pos = nl
    return pos + 1
