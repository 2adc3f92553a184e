"""Reading published fact-checks from files into :class:`FactCheck` records.

Size: one module because every format's reader shares the same record model, caps and
validation (URL, dates, ratings, identity): a file is sniffed, then read by one of them.

    from workbench.seen.importers import read_factchecks
    parsed = read_factchecks("politifact.jsonld")
    for problem in parsed.problems:
        print(problem.line())          # FILE: record 3: no claimReviewed
    store_them(parsed.factchecks)

Formats, told by content first and the file name second:

- **ClaimReview JSON-LD**: one object, an array, ``{"@graph": [...]}``, and
  schema.org's nested forms (a ClaimReview under ``mainEntity``, ``review``,
  ``hasPart``, ``itemListElement`` of a page or list; ``@id`` references
  resolved inside the file; ``@type`` as a list or a full IRI; values as
  ``{"@value": ...}``). An HTML page is read for its
  ``<script type="application/ld+json">`` blocks. The workbench's own
  ClaimReview export is this format.
- **The workbench's JSONL export**: each claim with a verdict becomes a
  fact-check by the team that exported it (unreviewed and dismissed claims are
  counted as ignored, not reported as problems).
- **Simple JSONL or CSV/TSV**: ``claim, rating, url, date, publisher``, only
  ``claim`` required (and optionally ``title, summary, claimant, claim_date``), with common aliases
  (``claimReviewed``, ``verdict``, ``truth_label``, ``speaker`` ...).

Bad input never stops an import: a bad record is one :class:`Problem`
(file, record, reason) and the others still come through; a file that cannot
be read at all (too big, binary, nested too deep, not any of the formats) is
one Problem with an empty record. Nothing here recurses over the input, and
every loop is bounded by a cap, so a hostile file is refused, never hangs.

Identity (``FactCheck.key``): a fact-check is keyed by its URL and its claim
(a page may review several claims; Google's Fact Check API models a page as a
list of ClaimReview markups), so a re-import of an updated rating replaces the
old one. Without a URL, by the publisher's own ``identifier`` when there is
one (the workbench export writes ``urn:workbench:...``), else by a content
hash of claim, rating, publisher and date.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from workbench.ingest.decode import decode
from workbench.ingest.errors import IngestError
from workbench.ingest.files import Candidate as FileCandidate
from workbench.ingest.files import read_bytes
from workbench.ingest.html_tokens import tokenize
from workbench.seen.records import FactCheck, ParsedFile, Problem
from workbench.seen.text import clean, digest

# Caps. A 100,000-record ClaimReview feed is ~60 MB; beyond the byte cap a file
# is refused before it is parsed. JSON nesting deeper than MAX_DEPTH is refused
# (real ClaimReview nests 4-6 levels; json.loads itself gives up near 1,000), and
# MAX_NODES bounds the walk over a parsed document.
MAX_BYTES = 250_000_000
MAX_DEPTH = 64
MAX_NODES = 20_000_000
MAX_RECORDS = 2_000_000
MAX_URL = 2048
MAX_CLAIM = 4000  # characters of claim text kept
MAX_FIELD = 1000  # characters kept of a title, summary, name
MAX_PROBLEMS = 200  # per file; past it one line says how many more
MAX_JSON_LD_BLOCKS = 1000  # per HTML page

_CLAIMREVIEW_TYPES = frozenset({"claimreview"})
_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)", re.I)
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")
# Written dates in simple files: "26 May 2015", "May 26, 2015", "stated on October 22, 2019 in ...".
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")

# Simple formats: the field each column or key may be called.
_ALIASES: dict[str, tuple[str, ...]] = {
    "claim": ("claim", "claimreviewed", "claim_reviewed", "claim_text", "text", "statement", "vclaim"),
    "rating": ("rating", "verdict", "label", "truth_label", "truthrating", "textual_rating", "alternatename", "conclusion"),
    "url": ("url", "review_url", "link", "factcheck_url", "fact_check_url", "source_url"),
    "date": ("date", "datepublished", "date_published", "review_date", "published"),
    "publisher": ("publisher", "author", "organisation", "organization", "site", "source"),
    "title": ("title", "headline", "name"),
    "summary": ("summary", "subtitle", "description"),
    "claimant": ("claimant", "speaker", "claim_author", "claimed_by"),
    "claim_date": ("claim_date", "claimdate", "stated_on"),
    "language": ("language", "lang", "inlanguage"),
}
_KEY_OF = {alias: field for field, aliases in _ALIASES.items() for alias in aliases}


class Refused(Exception):
    """The whole file cannot be imported; the message is the one-line reason."""


# -- small value helpers --------------------------------------------------------------


def _scalar(value: object) -> object:
    """A JSON-LD value as a plain value: {"@value": v} -> v; a list -> its first usable item."""
    for _ in range(4):
        if isinstance(value, list):
            value = next((v for v in value if v not in (None, "", [], {})), None)
        elif isinstance(value, dict) and "@value" in value:
            value = value["@value"]
        else:
            break
    return value


def _text(value: object, limit: int = MAX_FIELD) -> str | None:
    value = _scalar(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = clean(value, limit=limit)
    return text or None


def _number(value: object) -> float | None:
    value = _scalar(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if number == number and abs(number) < 1e12 else None  # no NaN, no inf


def valid_url(value: object) -> str | None:
    """An absolute http(s) URL of at most MAX_URL characters, whitespace-free; else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        return None
    del port
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "\ufffd" in url or any(ch in parts.netloc for ch in "<>\"'\\{}|^`"):
        return None
    return url


def iso_day(value: object) -> str | None:
    """An ISO 8601 date (YYYY-MM-DD) from an ISO date-time or a written date; else None."""
    text = _text(value, 200)
    if not text:
        return None
    match = _DATE_PREFIX.match(text)
    if match:
        try:
            return date.fromisoformat(match.group()).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    for pattern, order in ((_DMY, "dmy"), (_MDY, "mdy")):
        found = pattern.search(text)
        if not found:
            continue
        a, b, year = found.groups()
        day, month_name = (a, b) if order == "dmy" else (b, a)
        month = _MONTHS.get(month_name.lower())
        if month:
            try:
                return date(int(year), month, int(day)).isoformat()
            except ValueError:
                return None
    return None


def _names(value: object) -> str | None:
    """author / publisher: a string, {"name": ...}, or a list of them, joined."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        if isinstance(item, dict):
            item = item.get("name", item.get("legalName"))
        text = _text(item)
        if text and not text.lower().startswith(("http://", "https://")):
            names.append(text)
    return ", ".join(dict.fromkeys(names)) or None


def _type_names(node: dict) -> set[str]:
    kinds = node.get("@type", node.get("type"))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {_SCHEMA_PREFIX.sub("", k).lower() for k in kinds[:20] if isinstance(k, str)}


def make_key(*, url: str | None, claim: str, identifier: str | None = None,
             rating: str | None = None, publisher: str | None = None, day: str | None = None) -> str:
    """The identity of a fact-check: URL and claim, else the publisher's identifier, else a content hash."""
    if url:
        return f"url:{url}#{digest(claim)}"
    if identifier:
        return f"id:{identifier}"
    payload = "\x1f".join((digest(claim), clean(rating or "").casefold(), clean(publisher or "").casefold(), day or ""))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- reading the bytes ------------------------------------------------------------------


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        data = read_bytes(FileCandidate(path=path, root=None, display=str(path)), max_bytes=max_bytes)
    except IngestError as exc:
        raise Refused(exc.reason) from None
    if not data.strip():
        raise Refused("empty file")
    try:
        return decode(data).text
    except IngestError as exc:
        raise Refused(exc.reason) from None


def _check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit``, in one pass of C-speed scans.

    Brackets inside strings must not count, so strings are blanked out first (a
    regex over the whole text, linear: no nested quantifiers), then the depth is
    tracked over the brackets alone.
    """
    if text.count("[") + text.count("{") <= limit:
        return
    skeleton = _STRINGS.sub("", text)
    depth = deepest = 0
    for ch in _BRACKETS.findall(skeleton):
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    raise Refused(f"JSON nested deeper than {limit} levels")
        else:
            depth -= 1


_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def _load_json(text: str, what: str = "JSON") -> object:
    _check_depth(text)
    try:
        return json.loads(text)
    except RecursionError:
        raise Refused(f"{what} nested too deeply") from None
    except ValueError as exc:
        raise Refused(f"not valid {what}: {_short(exc)}") from None


def _short(exc: Exception) -> str:
    return clean(str(exc), limit=160)


# -- ClaimReview JSON-LD ------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    node: dict
    where: str


def _claimreview_nodes(data: object) -> tuple[list[_Found], dict[str, dict]]:
    """Every ClaimReview object in a parsed JSON-LD document (breadth first, bounded), and the @id table."""
    found: list[_Found] = []
    by_id: dict[str, dict] = {}
    top = data if isinstance(data, list) else [data]
    # (node, where, depth): "where" names the top-level record a ClaimReview sits in.
    todo: deque[tuple[object, str, int]] = deque((item, f"record {i}", 1) for i, item in enumerate(top, 1))
    seen = 0
    while todo:
        node, where, depth = todo.popleft()
        seen += 1
        if seen > MAX_NODES:
            raise Refused(f"more than {MAX_NODES:,} JSON values")
        if depth > MAX_DEPTH:
            raise Refused(f"JSON-LD nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, list):
            todo.extend((item, where, depth + 1) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        ident = node.get("@id")
        if isinstance(ident, str) and len(node) > 1:
            by_id.setdefault(ident, node)
        if _type_names(node) & _CLAIMREVIEW_TYPES:
            found.append(_Found(node, where))
            if len(found) > MAX_RECORDS:
                raise Refused(f"more than {MAX_RECORDS:,} records")
            # Its own parts (itemReviewed, reviewRating) are read from it directly;
            # a further ClaimReview nested inside (associatedClaimReview) is its own.
        graph = node.get("@graph")
        sub_where = where
        if graph is not None and depth == 1 and isinstance(graph, list):
            todo.extend((item, f"@graph item {i}", depth + 1) for i, item in enumerate(graph, 1))
            continue
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                todo.append((value, sub_where, depth + 1))
    return found, by_id


def _deref(value: object, by_id: dict[str, dict]) -> object:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    if isinstance(value, list):
        return [_deref(v, by_id) for v in value[:50]]
    return value


def _first_dict(value: object, by_id: dict[str, dict]) -> dict | None:
    value = _deref(value, by_id)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else None


def _appearance_urls(value: object, by_id: dict[str, dict]) -> list[str]:
    value = _deref(value, by_id)
    items = value if isinstance(value, list) else [value]
    urls: list[str] = []
    for item in items[:50]:
        if isinstance(item, dict):
            item = item.get("url", item.get("@id"))
        url = valid_url(_scalar(item))
        if url:
            urls.append(url)
    return urls


def _claimreview(node: dict, by_id: dict[str, dict], file: str, where: str) -> FactCheck | Problem:
    item = _first_dict(node.get("itemReviewed"), by_id) or {}
    claim = _text(node.get("claimReviewed"), MAX_CLAIM)
    if not claim:
        # Some publishers put the claim only on the Claim itself.
        claim = _text(item.get("text"), MAX_CLAIM) or _text(item.get("name"), MAX_CLAIM)
    if not claim:
        return Problem(file, where, "no claimReviewed (nor itemReviewed text or name)")
    raw_url = _scalar(node.get("url"))
    url = valid_url(raw_url) if raw_url is not None else None
    if raw_url is not None and url is None:
        shown = raw_url if isinstance(raw_url, str) else type(raw_url).__name__
        return Problem(file, where, f"url {clean(str(shown), limit=120)!r} is not an http(s) URL of at most {MAX_URL} characters")
    rating_node = _first_dict(node.get("reviewRating"), by_id) or {}
    if rating_node:
        rating = _text(rating_node.get("alternateName")) or _text(rating_node.get("name"))
    else:
        rating = _text(node.get("reviewRating"))  # a bare string, as some feeds write it
    rating_value = _number(rating_node.get("ratingValue"))
    if rating is None and rating_value is None:
        return Problem(file, where, "no reviewRating (alternateName, name or ratingValue)")
    if rating is None:
        rating = _text(rating_node.get("ratingValue"))
    publisher = _names(_deref(node.get("author"), by_id)) or _names(_deref(node.get("publisher"), by_id))
    claimant = _names(_deref(item.get("author"), by_id))
    appearances = _appearance_urls(item.get("appearance"), by_id) + _appearance_urls(item.get("firstAppearance"), by_id)
    identifier = _text(node.get("identifier"), 300) or (
        _text(node.get("@id"), 300) if not url else None
    )
    day = iso_day(node.get("datePublished"))
    return FactCheck(
        key=make_key(url=url, claim=claim, identifier=identifier, rating=rating, publisher=publisher, day=day),
        claim=claim,
        rating=rating,
        rating_value=rating_value,
        best_rating=_number(rating_node.get("bestRating")),
        worst_rating=_number(rating_node.get("worstRating")),
        url=url,
        date=day,
        publisher=publisher,
        title=_text(node.get("headline")) or _text(node.get("name")),
        summary=_text(node.get("description")) or _text(node.get("reviewBody")),
        claimant=claimant,
        claim_date=iso_day(item.get("datePublished")),
        appearances=tuple(dict.fromkeys(appearances)),
        language=_text(node.get("inLanguage"), 35),
        format="claimreview",
    )


def _parse_claimreview(data: object, file: str) -> tuple[list[FactCheck], list[Problem]]:
    nodes, by_id = _claimreview_nodes(data)
    if not nodes:
        raise Refused("no ClaimReview in it (JSON, but not ClaimReview JSON-LD)")
    factchecks: list[FactCheck] = []
    problems: list[Problem] = []
    per_record: dict[str, int] = {}
    for found in nodes:
        per_record[found.where] = per_record.get(found.where, 0) + 1
    nth: dict[str, int] = {}
    for found in nodes:
        where = found.where
        if per_record[where] > 1:
            nth[where] = nth.get(where, 0) + 1
            where = f"{where}, ClaimReview {nth[where]}"
        result = _claimreview(found.node, by_id, file, where)
        (factchecks if isinstance(result, FactCheck) else problems).append(result)
    return factchecks, problems


def _json_ld_blocks(html: str) -> list[str]:
    blocks: list[str] = []
    script_type = ""
    for tag in tokenize(html):
        if tag.kind == "start" and tag.name == "script":
            script_type = (tag.attrs or {}).get("type", "").strip().lower()
        elif tag.kind == "raw" and tag.name == "script" and "ld+json" in script_type:
            blocks.append(tag.text)
            if len(blocks) >= MAX_JSON_LD_BLOCKS:
                break
    return blocks


# -- JSONL: the workbench's export and simple lines -----------------------------------------


def _simple(fields: dict[str, object], file: str, where: str, fmt: str) -> FactCheck | Problem:
    claim = _text(fields.get("claim"), MAX_CLAIM)
    if not claim:
        return Problem(file, where, "no claim")
    # A simple file may list checked claims without verdicts (a research set, a
    # tip line's log): the claim is still "seen before"; the rating shows as none.
    rating = _text(fields.get("rating"))
    raw_url = _text(fields.get("url"), MAX_URL + 1)
    url = valid_url(raw_url) if raw_url else None
    if raw_url and url is None:
        return Problem(file, where, f"url {clean(raw_url, limit=120)!r} is not an http(s) URL of at most {MAX_URL} characters")
    publisher = _names(fields.get("publisher"))
    day = iso_day(fields.get("date"))
    return FactCheck(
        key=make_key(url=url, claim=claim, rating=rating, publisher=publisher, day=day),
        claim=claim,
        rating=rating,
        url=url,
        date=day,
        publisher=publisher,
        title=_text(fields.get("title")),
        summary=_text(fields.get("summary")),
        claimant=_names(fields.get("claimant")),
        claim_date=iso_day(fields.get("claim_date")),
        language=_text(fields.get("language"), 35),
        format=fmt,
    )


def _fields(obj: dict) -> dict[str, object]:
    """A simple record's keys mapped to our field names (first alias wins)."""
    out: dict[str, object] = {}
    for key, value in obj.items():
        if not isinstance(key, str):
            continue
        field_name = _KEY_OF.get(key.strip().lower().replace("-", "_").replace(" ", "_"))
        if field_name and field_name not in out and value not in (None, ""):
            out[field_name] = value
    return out


def _workbench_claim(obj: dict, db_id: str | None, file: str, where: str) -> FactCheck | Problem | None:
    """A claim line of a workbench JSONL export; None when it carries no verdict (not a fact-check).

    Format 2 (the claim record's own fields: ``id``, ``text``, the review state
    beside them) and format 1 (``claim_id``, ``claim``, a nested ``state``).
    """
    if "state" in obj:  # format 1
        state = obj.get("state")
        claim_text, claim_id = obj.get("claim"), obj.get("claim_id")
    else:
        state, claim_text, claim_id = obj, obj.get("text"), obj.get("id")
    if not isinstance(state, dict):
        return None
    verdict = state.get("verdict")
    if not isinstance(verdict, str) or not verdict or verdict == "not-checkworthy":
        return None
    claim = _text(claim_text, MAX_CLAIM)
    if not claim:
        return Problem(file, where, "claim line without claim text")
    detail = state.get("detail") if isinstance(state.get("detail"), dict) else {}
    rating = _text(detail.get("alternate_name")) or _text(detail.get("label")) or _text(verdict)
    document = obj.get("document") if isinstance(obj.get("document"), dict) else {}
    appearance = valid_url(document.get("url"))
    identifier = (
        f"urn:workbench:{db_id}:claim:{claim_id}" if db_id and isinstance(claim_id, int) else None
    )
    reviewer = _text(state.get("reviewer"))
    day = iso_day(state.get("decided_at"))
    return FactCheck(
        key=make_key(url=None, claim=claim, identifier=identifier, rating=rating, publisher=reviewer, day=day),
        claim=claim,
        rating=rating,
        rating_value=_number(detail.get("rating_value")),
        best_rating=_number(detail.get("best_rating")),
        worst_rating=_number(detail.get("worst_rating")),
        url=None,
        date=day,
        publisher=reviewer,
        title=_text(document.get("title")),
        summary=_text(state.get("note")),
        claimant=_text(obj.get("speaker")),
        claim_date=iso_day(document.get("published")),
        appearances=(appearance,) if appearance else (),
        format="workbench-jsonl",
    )


def _parse_jsonl(text: str, file: str) -> tuple[str, list[FactCheck], list[Problem], int]:
    lines = text.split("\n")
    if len(lines) > MAX_RECORDS:
        raise Refused(f"more than {MAX_RECORDS:,} lines")
    parsed: list[tuple[int, object]] = []
    problems: list[Problem] = []
    db_id: str | None = None
    workbench = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            _check_depth(line)
            obj = json.loads(line)
        except Refused as exc:
            problems.append(Problem(file, f"line {number}", str(exc)))
            continue
        except (ValueError, RecursionError) as exc:
            problems.append(Problem(file, f"line {number}", f"not valid JSON: {_short(exc)}"))
            continue
        if isinstance(obj, dict) and obj.get("type") == "export" and isinstance(obj.get("db_id"), str):
            db_id = obj["db_id"]
            workbench = True
            continue
        if isinstance(obj, dict) and obj.get("type") == "claim" and ("state" in obj or "event_count" in obj):
            workbench = True
        parsed.append((number, obj))
    factchecks: list[FactCheck] = []
    ignored = 0
    for number, obj in parsed:
        where = f"line {number}"
        if not isinstance(obj, dict):
            problems.append(Problem(file, where, f"a JSON {type(obj).__name__}, not an object"))
            continue
        if workbench and obj.get("type") == "claim":
            result = _workbench_claim(obj, db_id, file, where)
            if result is None:
                ignored += 1
                continue
        elif _type_names(obj) & _CLAIMREVIEW_TYPES or "@graph" in obj:
            found, problems_here = _parse_claimreview_line(obj, file, where)
            factchecks.extend(found)
            problems.extend(problems_here)
            continue
        else:
            result = _simple(_fields(obj), file, where, "jsonl")
        (factchecks if isinstance(result, FactCheck) else problems).append(result)
    fmt = "workbench-jsonl" if workbench else "jsonl"
    return fmt, factchecks, problems, ignored


def _parse_claimreview_line(obj: dict, file: str, where: str) -> tuple[list[FactCheck], list[Problem]]:
    try:
        nodes, by_id = _claimreview_nodes(obj)
    except Refused as exc:
        return [], [Problem(file, where, str(exc))]
    out: list[FactCheck] = []
    problems: list[Problem] = []
    for found in nodes:
        result = _claimreview(found.node, by_id, file, where)
        (out if isinstance(result, FactCheck) else problems).append(result)
    return out, problems


# -- CSV -------------------------------------------------------------------------------------


def _parse_csv(text: str, file: str, delimiter: str) -> tuple[list[FactCheck], list[Problem]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    csv.field_size_limit(MAX_CLAIM * 4 + MAX_URL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise Refused("empty CSV") from None
    except csv.Error as exc:
        raise Refused(f"not valid CSV: {_short(exc)}") from None
    columns = [_KEY_OF.get(h.strip().lower().replace("-", "_").replace(" ", "_")) for h in header]
    if "claim" not in columns:
        raise Refused("the CSV header has no claim column (expected: claim, rating, url, date, publisher)")
    factchecks: list[FactCheck] = []
    problems: list[Problem] = []
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_number += 1
            problems.append(Problem(file, f"row {row_number}", f"not valid CSV: {_short(exc)}"))
            if len(problems) > MAX_PROBLEMS:
                break
            continue
        row_number += 1
        if row_number > MAX_RECORDS:
            raise Refused(f"more than {MAX_RECORDS:,} rows")
        if not any(cell.strip() for cell in row):
            continue
        fields: dict[str, object] = {}
        for name, cell in zip(columns, row):
            if name and name not in fields and cell.strip():
                fields[name] = cell
        result = _simple(fields, file, f"row {row_number}", "csv")
        (factchecks if isinstance(result, FactCheck) else problems).append(result)
    return factchecks, problems


# -- the entry point ---------------------------------------------------------------------------


def _looks_like_jsonl(text: str) -> bool:
    """Its first line is a whole JSON object and more lines follow: JSON Lines, not one document."""
    first, _, rest = text.partition("\n")
    if not rest.strip() or len(first) > 10 * MAX_CLAIM + MAX_URL * 10:
        return False
    try:
        _check_depth(first)
        return isinstance(json.loads(first), dict)
    except (Refused, ValueError, RecursionError):
        return False


def _cap_problems(problems: list[Problem], file: str) -> tuple[Problem, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    more = len(problems) - MAX_PROBLEMS
    return (*problems[:MAX_PROBLEMS], Problem(file, "", f"and {more:,} more records skipped for the same kinds of reasons"))


def parse_text(text: str, file: str, *, suffix: str = "") -> ParsedFile:
    """Parse already decoded text; ``suffix`` (".csv", ".tsv", ".html") only breaks ties."""
    suffix = suffix.lower()
    try:
        stripped = text.lstrip("\ufeff \t\r\n")
        if suffix in (".html", ".htm") or stripped[:1] == "<":
            factchecks: list[FactCheck] = []
            problems: list[Problem] = []
            blocks = _json_ld_blocks(text)
            if not blocks:
                raise Refused("an HTML page without JSON-LD (no <script type=\"application/ld+json\">)")
            for number, block in enumerate(blocks, 1):
                try:
                    data = _load_json(block, "JSON-LD")
                    nodes, by_id = _claimreview_nodes(data)
                except Refused as exc:
                    problems.append(Problem(file, f"JSON-LD block {number}", str(exc)))
                    continue
                for found in nodes:
                    result = _claimreview(found.node, by_id, file, f"JSON-LD block {number}")
                    (factchecks if isinstance(result, FactCheck) else problems).append(result)
            if not factchecks and not problems:
                raise Refused("no ClaimReview in the page's JSON-LD")
            return _done(file, "claimreview", factchecks, problems)
        if stripped[:1] in ("{", "[") and not (suffix in (".csv", ".tsv")):
            if stripped[:1] == "{" and _looks_like_jsonl(stripped):
                fmt, factchecks, problems, ignored = _parse_jsonl(text, file)
                return _done(file, fmt, factchecks, problems, ignored)
            data = _load_json(text)
            if isinstance(data, dict) and not (_type_names(data) & _CLAIMREVIEW_TYPES) and "@graph" not in data:
                # One JSON object on one line is a one-record JSONL file when it is a simple record.
                fields = _fields(data)
                if "claim" in fields:
                    result = _simple(fields, file, "record 1", "jsonl")
                    return _done(file, "jsonl", [result] if isinstance(result, FactCheck) else [],
                                 [result] if isinstance(result, Problem) else [])
            factchecks, problems = _parse_claimreview(data, file)
            return _done(file, "claimreview", factchecks, problems)
        first_line = stripped.split("\n", 1)[0]
        delimiter = "\t" if suffix == ".tsv" or first_line.count("\t") > first_line.count(",") else ","
        if suffix == ".csv":
            delimiter = ","
        factchecks, problems = _parse_csv(text, file, delimiter)
        return _done(file, "csv", factchecks, problems)
    except Refused as exc:
        return ParsedFile(path=file, format=None, problems=(Problem(file, "", str(exc)),))


def _done(file: str, fmt: str, factchecks: list[FactCheck], problems: list[Problem], ignored: int = 0) -> ParsedFile:
    # Deduplicate within the file: the last record of a key wins, as a re-import would.
    unique: dict[str, FactCheck] = {}
    for fc in factchecks:
        unique.pop(fc.key, None)
        unique[fc.key] = fc
    return ParsedFile(
        path=file,
        format=fmt,
        factchecks=tuple(_with_source(fc, file) for fc in unique.values()),
        problems=_cap_problems(problems, file),
        ignored=ignored,
    )


def _with_source(fc: FactCheck, file: str) -> FactCheck:
    from dataclasses import replace

    return replace(fc, source_file=file)


def read_factchecks(path: str | Path, *, max_bytes: int = MAX_BYTES) -> ParsedFile:
    """Read one file of fact-checks. Never raises for bad input: problems are in the result."""
    path = Path(path)
    file = str(path)
    try:
        text = _read_text(path, max_bytes)
    except Refused as exc:
        return ParsedFile(path=file, format=None, problems=(Problem(file, "", str(exc)),))
    return parse_text(text, file, suffix=path.suffix)


def read_many(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[ParsedFile]:
    """:func:`read_factchecks` over several paths, folders walked for .json/.jsonld/.jsonl/.csv/.tsv/.html files."""
    suffixes = {".json", ".jsonld", ".jsonl", ".ndjson", ".csv", ".tsv", ".html", ".htm"}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                yield read_factchecks(child, max_bytes=max_bytes)
        else:
            yield read_factchecks(path, max_bytes=max_bytes)
