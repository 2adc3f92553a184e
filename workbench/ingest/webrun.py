"""An ingest run over the web: URLs and feeds in, documents stored, one report line per URL.

The CLI (``workbench ingest URL... --urls FILE --feed URL``) calls
:func:`ingest_web`; the review app's palette calls :func:`ingest_urls` or
:func:`ingest_feed` in a worker, with ``on_file`` / ``on_total`` for its progress.

A page's identity is its URL as asked (normalised), as a file's is its path:
the same URL with the same bytes is ``unchanged``, with other bytes a new
version. Each page is stored with its URL, the final URL after redirects and
the fetch time (the document's extracted metadata, under "fetch"). A feed's
entries whose URL is already stored are not fetched again. Pages are fetched a
few at a time (``fetch_jobs``, at most two at once from one host); reading and
storing stay in this thread, so the store keeps its one writer. A URL that
fails costs that URL only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from workbench.ingest.decode import decode
from workbench.ingest.errors import IngestError
from workbench.ingest.feeds import parse_feed
from workbench.ingest.reader import DEFAULT_MAX_BYTES, build_article
from workbench.ingest.run import FileReport, IngestReport, _Run
from workbench.ingest.sniff import looks_like_html
from workbench.ingest.web import FEED_TYPES, HTML_TYPES, Fetched, Fetcher, normalise_url
from workbench.records import FetchInfo
from workbench.safetext import visible

if TYPE_CHECKING:
    from workbench.nlp.model import Pipeline
    from workbench.store import Store

DEFAULT_FETCH_JOBS = 4  # pages fetched at once
PER_HOST = 2  # of which at most this many from one host


@dataclass(slots=True)
class _Source:
    url: str  # as given
    feed: str | None = None  # the feed that listed it


def read_url_list(path: str | Path) -> list[str]:
    """One URL a line; blank lines and lines starting with # are skipped."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return [ln.strip() for ln in handle if ln.strip() and not ln.lstrip().startswith("#")]


class _HostSlots:
    """At most ``PER_HOST`` requests in flight to one host."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}

    def slot(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            return self._slots.setdefault(host, threading.Semaphore(PER_HOST))


def ingest_web(
    store: Store,
    urls: Sequence[str] = (),
    *,
    feeds: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    fetch_jobs: int = DEFAULT_FETCH_JOBS,
    timeout: float | None = None,
    fetcher: Fetcher | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_fetch: Callable[[str], None] | None = None,
) -> IngestReport:
    """Fetch and ingest ``urls`` and the new entries of ``feeds``; one report per URL and per failed feed.

    ``on_total`` gets the number of URLs to fetch once the feeds are read,
    ``on_fetch`` each URL as its fetch ends (pages are reported through
    ``on_file`` when they are stored, after extraction), for a progress bar.
    """
    report = IngestReport()

    def emit(file_report: FileReport) -> None:
        report.files.append(file_report)
        if on_file is not None:
            on_file(file_report)

    own_fetcher = fetcher is None
    if fetcher is None:
        fetcher = Fetcher(max_bytes=max_bytes, **({"timeout": timeout} if timeout else {}))
    try:
        sources = [_Source(u) for u in urls]
        for feed_url in feeds:
            sources.extend(_feed_sources(store, fetcher, feed_url, emit, report))
        if on_total is not None:
            on_total(len(sources) + sum(1 for f in report.files if f.refused))
        run = _Run(store, report, emit)
        seen: set[str] = set()
        for source, result in _fetch_all(fetcher, sources, fetch_jobs):
            display = visible(source.url)
            if on_fetch is not None:
                on_fetch(display)
            if isinstance(result, IngestError):
                emit(FileReport(display, result.status, result.reason))
                continue
            if result.url in seen:
                emit(FileReport(display, "skipped", "given twice in this run"))
                continue
            seen.add(result.url)
            try:
                article = _article(result, display, source.feed)
            except IngestError as exc:
                emit(FileReport(display, exc.status, exc.reason))
                continue
            except Exception as exc:  # a bug in reading one page must cost that page, not the run
                emit(FileReport(display, "failed", f"could not read: {type(exc).__name__}: {exc}"))
                continue
            redirected = f"from {visible(result.final_url)}" if result.final_url != result.url else None
            run.admit(article, True, redirected)
        run.finish(pipeline=pipeline, model=model, jobs=jobs)
    finally:
        if own_fetcher:
            fetcher.close()
    return report


def ingest_urls(store: Store, urls: Sequence[str], **options) -> IngestReport:
    """Fetch and ingest pages (the palette's "Ingest a URL"); options as :func:`ingest_web`."""
    return ingest_web(store, urls, **options)


def ingest_feed(store: Store, feed_url: str, **options) -> IngestReport:
    """Fetch a feed and ingest its entries not stored yet (the palette's "Ingest a feed")."""
    return ingest_web(store, (), feeds=[feed_url], **options)


def _feed_sources(
    store: Store, fetcher: Fetcher, feed_url: str, emit: Callable[[FileReport], None], report: IngestReport
) -> list[_Source]:
    display = visible(feed_url)
    try:
        fetched = fetcher.fetch(feed_url, accept=FEED_TYPES + HTML_TYPES + ("text/plain",), what="a feed")
        entries = parse_feed(fetched.data, base_url=fetched.final_url)
    except IngestError as exc:
        emit(FileReport(display, exc.status, f"feed: {exc.reason}"))
        return []
    links: list[str] = []
    feed_private = _private_host(fetched.final_url)
    for entry in entries:
        try:
            link = normalise_url(entry.link)
        except IngestError as exc:
            emit(FileReport(visible(entry.link), "skipped", f"feed entry: {exc.reason}"))
            continue
        if _private_host(link) and not feed_private:
            # A public feed has no business sending the workbench to this machine or its network.
            emit(FileReport(visible(link), "skipped", "feed entry: refused: a public feed pointing at a private address"))
            continue
        links.append(link)
    known = store.known_paths(links)
    new = [link for link in links if link not in known]
    report.notes.append(
        f"feed {display}: {len(entries)} entries, {len(new)} new, {len(links) - len(new)} already stored"
    )
    return [_Source(link, fetched.url) for link in new]


def _private_host(url: str) -> bool:
    """Is the URL's host this machine or a private network, written as an address or "localhost"?

    Names are not resolved here (that would cost a lookup per entry); a name that
    resolves to a private address is not caught.
    """
    import ipaddress

    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def _fetch_all(fetcher: Fetcher, sources: list[_Source], fetch_jobs: int) -> Iterable[tuple[_Source, Fetched | IngestError]]:
    """Each source with its fetched page or its failure, in the order given, a few fetched at once."""
    slots = _HostSlots()

    def one(source: _Source) -> Fetched | IngestError:
        try:
            url = normalise_url(source.url)
        except IngestError as exc:
            return exc
        with slots.slot(url):
            try:
                return fetcher.fetch(url)
            except IngestError as exc:
                return exc
            except Exception as exc:  # an unexpected failure costs this URL only
                return IngestError("failed", f"cannot fetch: {type(exc).__name__}: {exc}")

    if not sources:
        return
    with ThreadPoolExecutor(max_workers=max(1, fetch_jobs), thread_name_prefix="fetch") as pool:
        # A bounded window in flight keeps memory flat on a long URL list.
        window = max(1, fetch_jobs) * 4
        futures = [pool.submit(one, s) for s in sources[:window]]
        submitted = len(futures)
        for index, source in enumerate(sources):
            result = futures[index].result()
            futures[index] = None  # type: ignore[call-overload]  # free the page once read
            if submitted < len(sources):
                futures.append(pool.submit(one, sources[submitted]))
                submitted += 1
            yield source, result


def _article(fetched: Fetched, display: str, feed: str | None):  # -> Article
    data = fetched.data
    if not data.strip():
        raise IngestError("failed", "empty: the server sent no page")
    decoded = decode(data, declared=fetched.charset)
    if not fetched.content_type and not looks_like_html(decoded.text, strict=False):
        raise IngestError("failed", "not HTML: the server sent no content type and the answer is no page")
    article = build_article(data, decoded, "html", path=fetched.url, display=display, url=fetched.final_url)
    article.fetch = FetchInfo(fetched.url, fetched.final_url, fetched.fetched_at, fetched.status,
                              fetched.content_type, feed)
    return article
