"""Ingest from the web, offline: a real HTTP server on 127.0.0.1 serves pages, feeds and trouble."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from web_server import Route, WebServer
from workbench.cli import cli
from workbench.ingest.errors import IngestError
from workbench.ingest.feeds import parse_feed
from workbench.ingest.web import Fetcher, looks_like_url, normalise_url
from workbench.ingest.webrun import ingest_feed, ingest_urls
from workbench.store import Store

PAGES = Path(__file__).resolve().parent / "data" / "web" / "pages"
BROADSHEET = (PAGES / "00_broadsheet_business_statistics.html").read_bytes()
WORDPRESS = (PAGES / "02_wordpress_court_report.html").read_bytes()
AMP = (PAGES / "05_amp_liveblog_and_opinion.html").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)

CP1252_PAGE = (
    "<html><head><title>Caf\u00e9 owners protest</title></head><body><article>"
    "<h1>Caf\u00e9 owners protest \u2018unfair\u2019 rates</h1>"
    "<p>Owners of 40 caf\u00e9s in Li\u00e8ge said on Monday that the new business rates were \u201cunfair\u201d "
    "and would force some of them to close before the summer season.</p>"
    "<p>The city\u2019s finance chief, Ren\u00e9e Dupr\u00e9, said the rates had been frozen for nine years "
    "and that the rise was the smallest in the region.</p></article></body></html>"
).encode("cp1252")
CYRILLIC_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    "<title>Новости</title></head><body><article><h1>Городской совет утвердил бюджет</h1>"
    "<p>Городской совет в понедельник утвердил бюджет на следующий год, который предусматривает "
    "строительство трёх новых школ и ремонт двадцати километров дорог.</p>"
    "<p>Мэр города заявил журналистам, что расходы на транспорт вырастут на двенадцать процентов.</p>"
    "</article></body></html>"
).encode("cp1251")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}{p}</link><guid isPermaLink='true'>{base}{p}</guid>"
        f"<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>" for p in paths
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        yield server


@pytest.fixture(autouse=True)
def routes(web):
    web.routes.clear()
    web.hits.clear()
    web.routes.update({
        "/article": Route(BROADSHEET),
        "/court": Route(WORDPRESS),
        "/amp": Route(AMP),
        "/r1": Route(status=301, headers={"Location": "/r2"}),
        "/r2": Route(status=302, headers={"Location": "/article"}),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/to-ftp": Route(status=302, headers={"Location": "ftp://127.0.0.1/x"}),
        "/slow": Route(BROADSHEET, delay=3.0),
        "/drip": Route(BROADSHEET[:4000], drip=0.01),
        "/huge": Route(b"<html><body>" + b"<p>words</p>" * 200_000 + b"</body></html>"),
        "/endless": Route(stream=30_000_000),
        "/image": Route(PNG, headers={"Content-Type": "image/png"}),
        "/json": Route(b'{"a": 1}', headers={"Content-Type": "application/json"}),
        "/gone": Route(b"<html><body>gone</body></html>", status=410),
        "/gzip": Route(BROADSHEET, gzip=True),
        "/bomb": Route(b"<html><body>" + b" " * 20_000_000 + b"</body></html>", gzip=True),
        "/cp1252": Route(CP1252_PAGE, headers={"Content-Type": "text/html; charset=windows-1252"}),
        "/cyrillic": Route(CYRILLIC_PAGE, headers={"Content-Type": "text/html"}),
    })
    return web.routes


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "w.db")
    yield s
    s.close()


def reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(IngestError) as info:
        fetcher.fetch(url)
    assert "\n" not in info.value.reason
    return info.value.reason


# ----------------------------------------------------------------- fetching

def test_fetch_follows_redirects_and_names_the_workbench(web):
    fetcher = Fetcher(max_bytes=5_000_000)
    page = fetcher.fetch(web.url("/r1"))
    assert page.url == web.url("/r1") and page.final_url == web.url("/article")
    assert page.data == BROADSHEET and page.content_type == "text/html" and page.charset == "utf-8"
    assert page.fetched_at.endswith("Z")
    assert web.agents[-1].startswith("workbench/")
    assert reason(fetcher, web.url("/loop")) == "too many redirects (more than 5)"
    assert reason(fetcher, web.url("/to-ftp")).startswith("redirect refused: not http or https")


def test_fetch_refuses_what_is_not_a_web_page_url(web):
    fetcher = Fetcher(max_bytes=5_000_000)
    for url in ("ftp://127.0.0.1/file", "file:///etc/passwd", "javascript:alert(1)"):
        assert reason(fetcher, url).startswith("not http or https")
    assert reason(fetcher, "http://user:pw@127.0.0.1/").startswith("refused: the URL carries")
    assert reason(fetcher, "http:///nohost").startswith("not a valid URL")
    assert looks_like_url("https://example.com/a") and not looks_like_url("notes/https.txt")
    assert normalise_url("HTTPS://Example.COM:443/a?b=1#frag") == "https://example.com/a?b=1"


def test_timeouts_for_a_silent_and_a_dripping_server(web):
    assert reason(Fetcher(max_bytes=5_000_000, timeout=0.5), web.url("/slow")).startswith("timeout")
    dripping = Fetcher(max_bytes=5_000_000, timeout=5, deadline=1.0)
    assert reason(dripping, web.url("/drip")) == "timeout: the page took more than 1 s to arrive"


def test_size_cap_with_and_without_content_length_and_after_decompression(web):
    fetcher = Fetcher(max_bytes=1_000_000)
    assert reason(fetcher, web.url("/huge")) == "too large: 2.4 MB is over the 1 MB cap (raise it with --max-bytes)"
    assert reason(fetcher, web.url("/endless")).startswith("too large: more than 1 MB")
    assert reason(fetcher, web.url("/bomb")).startswith("too large: more than 1 MB")
    assert Fetcher(max_bytes=1_000_000).fetch(web.url("/gzip")).data == BROADSHEET


def test_wrong_content_types_and_http_errors_and_dns(web):
    fetcher = Fetcher(max_bytes=5_000_000, timeout=5)
    assert reason(fetcher, web.url("/image")) == "not HTML: the server says image/png"
    assert reason(fetcher, web.url("/json")) == "not HTML: the server says application/json"
    assert reason(fetcher, web.url("/missing")) == "HTTP 404 Not Found"
    assert reason(fetcher, web.url("/gone")) == "HTTP 410 Gone"
    assert reason(fetcher, "http://nothing-here.invalid/page") == "DNS: cannot find the host nothing-here.invalid"
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert reason(fetcher, f"http://127.0.0.1:{port}/") == "cannot connect: 127.0.0.1 refused the connection"


# ------------------------------------------------------------------- feeds

def test_feed_formats_give_entry_links():
    base = "https://example.com"
    assert [e.link for e in parse_feed(rss(base, ["/a", "/b", "/a"]), base_url=base)] == [base + "/a", base + "/b"]
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title>One</title><id>tag:x,2024:1</id><link rel="alternate" type="text/html" href="/news/1"/>
      <link rel="enclosure" href="/img.jpg"/><updated>2024-03-04T09:00:00Z</updated></entry>
      <entry><title>Two</title><link href="https://other.example/2"/></entry></feed>"""
    entries = parse_feed(atom, base_url="https://example.com/feed.atom")
    assert [(e.link, e.title) for e in entries] == [("https://example.com/news/1", "One"), ("https://other.example/2", "Two")]
    assert entries[0].published == "2024-03-04T09:00:00Z"
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title></channel>
      <item rdf:about="https://example.com/r1"><title>R</title><link>https://example.com/r1</link></item></rdf:RDF>"""
    assert [e.link for e in parse_feed(rdf, base_url=base)] == ["https://example.com/r1"]
    laughs = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d SYSTEM "file:///etc/passwd">]>
      <rss><channel><item><title>&c;&d;</title><link>https://example.com/x</link></item></channel></rss>"""
    entry = parse_feed(laughs, base_url=base)[0]
    assert entry.link == "https://example.com/x" and "root:" not in (entry.title or "")
    for bad in (b"<html><body>no feed</body></html>", b"not xml at all", PNG):
        with pytest.raises(IngestError, match="not a feed"):
            parse_feed(bad, base_url=base)


# ------------------------------------------------------------ whole runs

def test_ingest_urls_stores_url_final_url_and_fetch_time_then_unchanged_then_new_version(web, store, pipeline, routes):
    lines = []
    report = ingest_urls(store, [web.url("/r1"), web.url("/image"), web.url("/court")], pipeline=pipeline,
                         on_file=lambda r: lines.append(r.line()))
    statuses = {f.display: f.status for f in report.files}
    assert statuses == {web.url("/r1"): "ingested", web.url("/image"): "failed", web.url("/court"): "ingested"}
    assert not report.ok  # one failure is reported, the other pages still went in
    assert any(line.startswith(f"failed: {web.url('/image')} (not HTML") for line in lines), lines
    assert any(f"from {web.url('/article')}" in line for line in lines)
    doc_id = next(f.document_id for f in report.files if f.display == web.url("/r1"))
    doc = store.document(doc_id)
    fetch = doc.extracted["fetch"]
    assert fetch["url"] == web.url("/r1") and fetch["final_url"] == web.url("/article")
    assert fetch["fetched_at"].endswith("Z") and fetch["content_type"] == "text/html"
    assert doc.paths == (web.url("/r1"),)
    assert doc.url.startswith("https://www.northernledger.example/news/")  # the page's canonical URL
    assert doc.sha256 == __import__("hashlib").sha256(BROADSHEET).hexdigest()
    assert doc.format == "html" and doc.outlet == "The Northern Ledger" and doc.byline == "Maria Lopez"
    claims = store.claims(document=doc_id)
    assert claims and all(not any(s.start <= c.start < s.end for s in doc.excluded) for c in claims)
    for clutter in ("Residents watched as emergency crews worked through the night.", "Read more:"):
        at = doc.text.index(clutter)  # a caption and an inline link: kept visible, excluded
        assert any(s.start <= at < s.end for s in doc.excluded), clutter

    again = ingest_urls(store, [web.url("/r1")], pipeline=pipeline)
    assert [f.status for f in again.files] == ["unchanged"]
    routes["/article"] = Route(BROADSHEET.replace(b"</article>", b"<p>The council published a correction on Friday saying "
                                                  b"the figure was 12 percent, not 15 percent as first stated.</p></article>"))
    changed = ingest_urls(store, [web.url("/r1")], pipeline=pipeline)
    assert [f.status for f in changed.files] == ["new version"]
    newer = store.document(changed.files[0].document_id)
    assert newer.version == 2 and newer.lineage == doc.lineage
    assert "correction on Friday" in newer.text


def test_feed_ingests_new_entries_and_does_not_refetch_seen_ones(web, store, pipeline, routes):
    routes["/feed.xml"] = Route(rss(web.base, ["/article", "/court"]), headers={"Content-Type": "application/rss+xml"})
    first = ingest_feed(store, web.url("/feed.xml"), pipeline=pipeline)
    assert sorted(f.status for f in first.files) == ["ingested", "ingested"]
    assert any("2 entries, 2 new, 0 already stored" in n for n in first.notes)
    doc = store.document(first.files[0].document_id)
    assert doc.extracted["fetch"]["feed"] == web.url("/feed.xml")

    routes["/feed.xml"] = Route(rss(web.base, ["/amp", "/article", "/court", "/missing"]),
                                headers={"Content-Type": "application/xml"})
    hits_before = dict(web.hits)
    second = ingest_feed(store, web.url("/feed.xml"), pipeline=pipeline)
    assert {f.display: f.status for f in second.files} == {web.url("/amp"): "ingested", web.url("/missing"): "failed"}
    assert web.hits["/article"] == hits_before["/article"] and web.hits["/court"] == hits_before["/court"]
    assert any("4 entries, 2 new, 2 already stored" in n for n in second.notes)

    routes["/notfeed"] = Route(BROADSHEET)
    bad = ingest_feed(store, web.url("/notfeed"), pipeline=pipeline)
    assert [(f.status, f.reason) for f in bad.files] == [("failed", "feed: not a feed: an XML <html> document, not RSS or Atom")]


def test_non_utf8_pages_are_read_in_their_declared_encoding(web, store, pipeline):
    report = ingest_urls(store, [web.url("/cp1252"), web.url("/cyrillic")], pipeline=pipeline)
    assert [f.status for f in report.files] == ["ingested", "ingested"]
    assert [f.encoding for f in report.files] == ["cp1252", "cp1251"]
    latin = store.document(report.files[0].document_id)
    assert "caf\u00e9s in Li\u00e8ge" in latin.text and "\ufffd" not in latin.text
    cyrillic = store.document(report.files[1].document_id)
    assert "Городской совет в понедельник утвердил бюджет" in cyrillic.text


def test_cli_takes_urls_a_url_file_and_a_feed(web, tmp_path, routes):
    routes["/feed.xml"] = Route(rss(web.base, ["/court"]), headers={"Content-Type": "application/rss+xml"})
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# tips from today\n{web.url('/amp')}\n\n{web.url('/image')}\n", encoding="utf-8")
    db = tmp_path / "w.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "ingest", web.url("/r1"), "--urls", str(url_file),
                                 "--feed", web.url("/feed.xml"), "--model", "blank"],
                           env={"WORKBENCH_REVIEWER": "ana"})
    out = result.output
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    for url in ("/r1", "/amp", "/court"):
        assert f"ingested: {web.url(url)} (doc " in out
    assert f"failed: {web.url('/image')} (not HTML: the server says image/png)" in out
    assert "4 files: 3 ingested, 1 failed" in out
    again = runner.invoke(cli, ["--db", str(db), "ingest", web.url("/r1"), "--feed", web.url("/feed.xml"),
                                "--model", "blank"], env={"WORKBENCH_REVIEWER": "ana"})
    assert again.exit_code == 0, again.output
    assert f"unchanged: {web.url('/r1')}" in again.output
    assert "1 entries, 0 new, 1 already stored" in again.output
    listed = runner.invoke(cli, ["--db", str(db), "documents", "--json"], env={"WORKBENCH_REVIEWER": "ana"})
    assert listed.exit_code == 0, listed.output
    assert web.url("/amp") in listed.output


def test_polite_concurrency_at_most_two_requests_to_one_host(web, store, routes):
    import threading
    import time as _time

    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def slow_image(handler) -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        _time.sleep(0.3)
        with lock:
            state["now"] -= 1
        handler._send(200, {"Content-Type": "image/png"}, PNG)

    for i in range(6):
        routes[f"/img{i}"] = Route(handler=slow_image)
    totals = []
    report = ingest_urls(store, [web.url(f"/img{i}") for i in range(6)], fetch_jobs=4, on_total=totals.append)
    assert totals == [6]
    assert [f.status for f in report.files] == ["failed"] * 6  # reported in the order given
    assert [f.display for f in report.files] == [web.url(f"/img{i}") for i in range(6)]
    assert state["peak"] == 2


def test_a_public_feed_cannot_send_the_workbench_to_private_addresses():
    from workbench.ingest.webrun import _private_host

    for url in ("http://127.0.0.1/x", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/",
                "http://[::1]/", "http://localhost:8080/", "http://192.168.1.1/admin"):
        assert _private_host(url), url
    for url in ("https://example.com/news", "http://93.184.216.34/"):
        assert not _private_host(url), url
