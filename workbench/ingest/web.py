"""Fetching pages and feeds over HTTP, carefully: one URL in, its bytes (or one plain reason) out.

urllib3 (which trafilatura already brings) does the HTTP: connection pools,
TLS with the system's or certifi's trust store, gzip/deflate decoding while
streaming. This module adds the care a fact-checker's tool owes the sites it
reads and itself:

- http and https only, for the URL given and every redirect;
- a connect and a read timeout, and a deadline for the whole answer, so a
  server that drips one byte a second cannot hold a run;
- at most ``max_redirects`` redirects, followed here (so each hop is checked);
- never more than ``max_bytes`` read (``--max-bytes``, as for files), after
  decompression, so a gzip bomb stops at the cap;
- the content type checked before the body is read;
- a User-Agent that names the workbench.

Every failure is an :class:`IngestError` with one line naming the reason:
DNS, refused, timeout, TLS, HTTP status, too large, not HTML, redirects.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

from workbench import __version__
from workbench.ingest.errors import IngestError
from workbench.ingest.files import human_size, too_large

USER_AGENT = f"workbench/{__version__} (fact-checking workbench; reads one page per request)"
DEFAULT_TIMEOUT = 20.0  # seconds for connecting, and between two reads
DEFAULT_DEADLINE = 60.0  # seconds for the whole answer
DEFAULT_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+xml")
_CHUNK = 65_536
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(slots=True)
class Fetched:
    url: str  # as asked, normalised
    final_url: str  # after redirects
    fetched_at: str  # ISO 8601, UTC
    status: int
    content_type: str  # media type, lower-case, no parameters ("" when the server sent none)
    charset: str | None  # the charset parameter of the content type
    data: bytes


def normalise_url(url: str) -> str:
    """The form of a URL used as its identity: scheme and host lower-cased, no fragment, no default port.

    Raises IngestError for anything but an absolute http(s) URL with a host.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise IngestError("failed", "not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise IngestError("failed", "not http or https: a URL starts with http:// or https://")
        raise IngestError("failed", f"not http or https: {scheme}: URLs are not fetched")
    host = (parts.hostname or "").lower()
    if not host:
        raise IngestError("failed", "not a valid URL: no host")
    if any(ch.isspace() or ord(ch) < 32 for ch in raw):
        raise IngestError("failed", "not a valid URL: it holds spaces or control characters")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        netloc += f":{port}"
    if parts.username or parts.password:
        raise IngestError("failed", "refused: the URL carries a user name or password")
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def looks_like_url(text: str) -> bool:
    """Was this argument meant as a URL (scheme://...) rather than a path?"""
    head = text.strip()[:12].lower()
    return "://" in head and head.split("://", 1)[0].isalpha()


def _pool(timeout: float):  # -> urllib3.PoolManager
    import urllib3

    return urllib3.PoolManager(
        num_pools=32,
        maxsize=4,
        timeout=urllib3.Timeout(connect=timeout, read=timeout),
        retries=False,
    )


class Fetcher:
    """One fetcher per run: shares connections across URLs, thread-safe."""

    def __init__(
        self,
        *,
        max_bytes: int,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_redirects: int = DEFAULT_REDIRECTS,
    ) -> None:
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.deadline = deadline
        self.max_redirects = max_redirects
        self._http = _pool(timeout)

    def close(self) -> None:
        self._http.clear()

    def fetch(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES, what: str = "HTML") -> Fetched:
        """The body of ``url`` (redirects followed), or IngestError with the reason."""
        asked = normalise_url(url)
        current = asked
        started = time.monotonic()
        for _hop in range(self.max_redirects + 1):
            response = self._request(current, accept)
            reusable = False  # a connection goes back to the pool only after its answer was read whole
            try:
                if response.status in _REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise IngestError("failed", f"HTTP {response.status} redirect without a Location")
                    try:
                        current = normalise_url(urljoin(current, location))
                    except IngestError as exc:
                        raise IngestError("failed", f"redirect refused: {exc.reason}") from None
                    reusable = _drain(response)
                    continue
                if response.status >= 400:
                    raise IngestError("failed", f"HTTP {response.status} {response.reason or ''}".rstrip())
                if response.status != 200:
                    raise IngestError("failed", f"HTTP {response.status}: no page in the answer")
                media, charset = _content_type(response.headers.get("Content-Type", ""))
                if media and media not in accept:
                    hint = " (a feed: ingest it as a feed)" if media in FEED_TYPES and what == "HTML" else ""
                    raise IngestError("failed", f"not {what}: the server says {media}{hint}")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise too_large(int(length), self.max_bytes)
                data = self._read(response, started)
                reusable = True
                return Fetched(asked, current, _now(), response.status, media, charset, data)
            finally:
                if reusable:
                    response.release_conn()
                else:
                    response.close()  # an answer left unread (too large, wrong type) ends its connection
        raise IngestError("failed", f"too many redirects (more than {self.max_redirects})")

    def _request(self, url: str, accept: tuple[str, ...]):  # -> urllib3.BaseHTTPResponse
        import urllib3.exceptions as ue

        # Per-request headers replace the pool's, so all of them are given here.
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                   "Accept": ", ".join(accept) + ", */*;q=0.1"}
        try:
            return self._http.request("GET", url, headers=headers, redirect=False, preload_content=False)
        except ue.MaxRetryError as exc:
            raise _network_error(exc.reason or exc, url) from None
        except (ue.HTTPError, OSError) as exc:
            raise _network_error(exc, url) from None

    def _read(self, response, started: float) -> bytes:  # response: urllib3 response
        import urllib3.exceptions as ue

        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() - started > self.deadline:
                    raise IngestError("failed", f"timeout: the page took more than {self.deadline:g} s to arrive")
                chunk = response.read(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise too_large(None, self.max_bytes)
                chunks.append(chunk)
        except (ue.ReadTimeoutError, socket.timeout, TimeoutError):
            raise IngestError("failed", f"timeout: no data for {self.timeout:g} s") from None
        except ue.DecodeError:
            raise IngestError("failed", "unreadable: the compressed answer is corrupt") from None
        except (ue.ProtocolError, ue.HTTPError, OSError) as exc:
            raise IngestError("failed", f"connection broken while reading: {_short(exc)}") from None
        return b"".join(chunks)


def _drain(response) -> bool:  # response: urllib3 response
    """Read away a redirect's (small) body so its connection can be reused."""
    try:
        left = response.read(_CHUNK, decode_content=False)
        return len(left) < _CHUNK and not response.read(1, decode_content=False)
    except Exception:  # noqa: BLE001 - a broken redirect body only costs the connection
        return False


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")[:40]
    return media.strip().lower(), charset


def _network_error(exc: BaseException, url: str) -> IngestError:
    import urllib3.exceptions as ue

    host = urlsplit(url).hostname or "?"
    text = str(exc)
    # Order matters: urllib3's NewConnectionError (DNS, refused) subclasses ConnectTimeoutError.
    if isinstance(exc, (ue.NameResolutionError, socket.gaierror)) or any(
            s in text for s in ("Name or service not known", "nodename nor servname", "No address associated",
                                "Temporary failure in name resolution", "getaddrinfo failed")):
        return IngestError("failed", f"DNS: cannot find the host {host}")
    if isinstance(exc, ConnectionRefusedError) or "Connection refused" in text:
        return IngestError("failed", f"cannot connect: {host} refused the connection")
    if isinstance(exc, ue.SSLError):
        return IngestError("failed", f"TLS: {_short(exc)}")
    if isinstance(exc, (ue.ReadTimeoutError, socket.timeout, TimeoutError)) or "timed out" in text:
        if isinstance(exc, ue.ConnectTimeoutError):
            return IngestError("failed", f"timeout: no connection to {host}")
        return IngestError("failed", "timeout: no answer in time")
    if isinstance(exc, ue.ProtocolError):
        return IngestError("failed", f"connection broken: {_short(exc)}")
    return IngestError("failed", f"cannot fetch: {_short(exc)}")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:159] + "\u2026"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


__all__ = ["DEFAULT_REDIRECTS", "DEFAULT_TIMEOUT", "FEED_TYPES", "HTML_TYPES", "USER_AGENT", "Fetched",
           "Fetcher", "human_size", "looks_like_url", "normalise_url"]
