"""HTML pages in: their article text (entities once, chrome and scripts out) and their metadata."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import candidate, write
from workbench.ingest import read_article
from workbench.ingest.html import extract_html

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Floods hit town | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Floods hit town &amp; farms">
<meta property="og:url" content="https://example.com/og-url">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-02-03T09:30:00Z">
<link rel="canonical" href="https://example.com/news/floods">
<style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav><form><button>Search</button></form></header>
<h1>River floods 300 homes in Hebden</h1>
<main>
<article>
<p>The river burst its banks on Saturday, flooding 300 homes, officials said.</p>
<figure><img src="a.jpg" alt="flooded street"><figcaption>A flooded street. Photo: AFP</figcaption></figure>
<p>Tom &amp;lt; Jerry, and 5 &lt; 6 &amp; 7 &gt; 2.</p>
<script>document.write("<p>injected</p>")</script>
<noscript>Please enable JavaScript</noscript>
<p>Rescue teams evacuated about 1,200 people<br>from the area.</p>
<ul><li>First point<li>Second point</ul>
<!-- <p>commented out</p> -->
<aside><p>Related: Another story</p></aside>
<svg><title>icon</title><text>svg text</text></svg>
<template><p>template text</p></template>
</article>
<article><p>Short teaser card.</p></article>
</main>
<footer><p>© 2024 Example News</p></footer>
</body></html>
"""


def test_article_text_entities_once_chrome_and_scripts_dropped() -> None:
    text, _ = extract_html(PAGE)
    assert text.split("\n\n")[0] == "River floods 300 homes in Hebden"  # the page h1 leads
    assert "The river burst its banks on Saturday, flooding 300 homes, officials said." in text
    assert "Tom &lt; Jerry, and 5 < 6 & 7 > 2." in text  # &amp;lt; decoded once
    assert "Rescue teams evacuated about 1,200 people\nfrom the area." in text
    assert "First point\nSecond point" in text
    for gone in ("not text", "injected", "commented out", "Please enable JavaScript", "Related:",
                 "svg text", "icon", "template text", "Home", "Search", "A flooded street",
                 "© 2024", "Short teaser card", "color: red"):
        assert gone not in text, gone


def test_metadata_from_meta_tags() -> None:
    _, meta = extract_html(PAGE)
    assert meta.title == "Floods hit town & farms"
    assert meta.byline == "Jane Doe"
    assert meta.outlet == "Example News"
    assert meta.published == "2024-02-03T09:30:00Z"
    assert meta.url == "https://example.com/news/floods"


def test_json_ld_metadata_wins_and_is_parsed_not_evaluated() -> None:
    page = """<html><head><title>T</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "name": "page"},
      {"@type": ["NewsArticle"], "headline": "Senate passes stopgap bill",
       "datePublished": "2024-03-08T23:42:00-05:00",
       "author": [{"@type": "Person", "name": "Jane Morris"}, {"name": "David Kline"}],
       "publisher": {"@type": "Organization", "name": "The Example Press"},
       "url": "https://example.org/senate"}]}</script>
    <script type="application/ld+json">__import__('os').system('echo pwned')</script>
    </head><body><p>The Senate voted 77-13 on Friday to pass the spending package.</p></body></html>"""
    text, meta = extract_html(page)
    assert meta.title == "Senate passes stopgap bill"
    assert meta.byline == "Jane Morris and David Kline"
    assert meta.outlet == "The Example Press"
    assert meta.published == "2024-03-08T23:42:00-05:00"
    assert meta.url == "https://example.org/senate"
    assert text == "The Senate voted 77-13 on Friday to pass the spending package."


def test_time_element_and_name_date() -> None:
    page = ('<html><head><meta name="date" content="13 January 2023"></head><body><article>'
            '<p>Body text of the story goes here, long enough.</p><time datetime="2020-01-01">x</time>'
            '</article></body></html>')
    assert extract_html(page)[1].published == "2023-01-13"
    page = page.replace('<meta name="date" content="13 January 2023">', "")
    assert extract_html(page)[1].published == "2020-01-01"


def test_article_preferred_over_larger_chrome_and_main_used_without_article() -> None:
    links = "".join(f"<li><a href='/{i}'>Link number {i}</a></li>" for i in range(50))
    story = "The council voted on Tuesday to raise the minimum wage for contractors to $18 an hour. " * 3
    page = f"<body><div><ul>{links}</ul></div><main><p>{story}</p></main></body>"
    assert extract_html(page)[0] == story.strip()
    cards = "".join(f"<article><p>Teaser {i} about another story.</p></article>" for i in range(5))
    page = f"<body>{cards}<article><p>{story}</p><p>{story}</p></article></body>"
    assert extract_html(page)[0] == story.strip() + "\n\n" + story.strip()


def test_hostile_html_does_not_crash_or_recurse() -> None:
    deep = "<div>" * 10_000 + "<p>Deep text.</p>" + "</div>" * 10_000
    assert "Deep text." in extract_html(deep)[0]
    unclosed = "<div><span><b><i>" * 2_000 + "<p>Unclosed but readable."
    assert "Unclosed but readable." in extract_html(unclosed)[0]
    huge_attr = '<p title="' + "x" * 2_000_000 + '">Text after a huge attribute.</p>'
    assert extract_html(huge_attr)[0] == "Text after a huge attribute."
    for hostile in ("<a" * 200_000, "</" * 100_000 + ">", "<!--" + "-" * 100_000, '<a x="' * 50_000,
                    "<script>" + "x</s" * 50_000, "&" * 100_000 + "&#" * 50_000, "<" * 100_000,
                    '<meta property="og:title" content="' + "&amp;" * 100_000 + '">'):
        text, meta = extract_html(hostile)
        assert isinstance(text, str)
    bad_json = '<script type="application/ld+json">' + "[" * 100_000 + "</script><p>Still here.</p>"
    assert extract_html(bad_json)[0] == "Still here."


def test_html_file_through_read_article_keeps_offsets_true(tmp_path: Path) -> None:
    page = PAGE.replace("<p>Rescue", "<p>Advertisement</p><p>Rescue")
    article = read_article(candidate(write(tmp_path / "page.html", page)))
    assert article.format == "html"
    assert article.metadata.outlet == "Example News"
    spans = {(article.text[s.start:s.end], s.reason) for s in article.excluded}
    assert ("Advertisement", "advertisement") in spans


def test_saved_page_with_txt_extension_is_read_as_html(tmp_path: Path) -> None:
    article = read_article(candidate(write(tmp_path / "saved.txt", PAGE)))
    assert article.format == "html"
    assert "<p>" not in article.text and "River floods 300 homes" in article.text


def test_news_page_in_div_soup_gets_clutter_spans_and_metadata() -> None:
    path = Path(__file__).resolve().parent / "data" / "ingest" / "html" / "dw_style.html"
    article = read_article(candidate(path))
    text = article.text
    assert text.count("Will the US and Pakistan join forces against the Taliban?") == 1
    reasons = {text[s.start:s.end]: s.reason for s in article.excluded}
    assert reasons["S. Khan in Islamabad"] == "byline"
    assert reasons["January 13, 2023"] == "dateline"
    assert reasons["Edited by: Srinivas Mazumdaru"] == "credits"
    assert "This browser does not support the video element." not in text  # inside <video>
    # The figcaption between two paragraphs stays visible, excluded.
    at = text.index("Image: STR/AFP")
    assert any(s.start <= at < s.end for s in article.excluded)
    kept = ["Maintaining good ties with Kabul", "The leadership in Kabul has described"]
    for needle in kept:
        at = text.index(needle)
        assert not any(s.start <= at < s.end for s in article.excluded), needle
    assert article.metadata.published == "2023-01-13T09:12:00Z"
    assert article.metadata.byline == "S. Khan"
    assert article.metadata.url == "https://www.dw.com/en/will-the-us-and-pakistan/a-64379044"
