"""Saved pages in twelve outlet styles: the body a fact-checker wants, clutter kept but excluded, offsets true."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from ingest_helpers import candidate, write
from workbench.ingest import read_article
from workbench.ingest.webpage import HEADLINE, NOT_ARTICLE, read_html

PAGES = sorted((Path(__file__).resolve().parent / "data" / "web" / "pages").glob("*.html"))
_WORD = re.compile(r"\w+")


def body_of(text: str, excluded) -> str:
    out, pos = [], 0
    for span in excluded:
        out.append(text[pos:span.start])
        pos = span.end
    out.append(text[pos:])
    return "\n".join(out)


def f1(got: str, want: str) -> float:
    g, w = Counter(_WORD.findall(got.lower())), Counter(_WORD.findall(want.lower()))
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def expected(page: Path) -> tuple[list[str], dict]:
    stem = page.with_suffix("")
    body = stem.with_suffix(".body.txt").read_text(encoding="utf-8").splitlines()
    return [b for b in body if b.strip()], json.loads(stem.with_suffix(".meta.json").read_text(encoding="utf-8"))


def test_there_are_pages_in_every_style() -> None:
    styles = Counter(expected(p)[1]["style"] for p in PAGES)
    assert len(styles) == 12 and min(styles.values()) >= 2


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_saved_page_body_clutter_and_offsets(page: Path) -> None:
    paragraphs, meta = expected(page)
    article = read_article(candidate(page))
    text, spans = article.text, article.excluded
    # Offsets are true to the stored text: sorted, inside it, never overlapping.
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    body = body_of(text, spans)
    assert f1(body, "\n".join(paragraphs)) >= 0.75, page.stem
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in " ".join(text.split()), paragraph[:60]  # nothing lost
    for clutter in ("We use cookies", "cookies", "Sign up for our free newsletter", "Leave a Reply",
                    "thoughts on this post", "Show more comments", "All rights reserved"):
        assert clutter.lower() not in body.lower() or clutter.lower() in " ".join(paragraphs).lower(), clutter
    assert article.metadata.byline == meta["author"]
    assert (article.metadata.published or "").startswith(meta["date"])
    assert article.metadata.outlet == meta["outlet"]


def test_saved_pages_body_f1_on_average() -> None:
    scores = []
    for page in PAGES:
        paragraphs, _ = expected(page)
        article = read_article(candidate(page))
        scores.append(f1(body_of(article.text, article.excluded), "\n".join(paragraphs)))
    assert sum(scores) / len(scores) >= 0.95


def test_caption_related_link_and_headline_stay_visible_as_excluded() -> None:
    page = next(p for p in PAGES if "broadsheet" in p.stem)
    article = read_article(candidate(page))
    reasons = {article.text[s.start:s.end]: s.reason for s in article.excluded}
    headline = expected(page)[1]["title"]
    assert article.text.startswith(headline) and reasons[headline] == HEADLINE
    caption = next(k for k in reasons if k.startswith("Residents watched as emergency crews"))
    assert reasons[caption] in ("caption", "credits", NOT_ARTICLE)
    assert any(k.startswith("Read more:") for k in reasons)
    # After the last paragraph: a few lines (tags, the sidebar's heading) kept and excluded, the rest not stored.
    last = expected(page)[0][-1]
    end = article.text.index(last) + len(last)
    tail = [s for s in article.excluded if s.start >= end]
    assert tail and tail[0].start - end <= 2 and all(a.end + 2 >= b.start for a, b in zip(tail, tail[1:]))
    assert tail[-1].end == len(article.text)
    assert len(article.text) - end < 1_600


def test_page_trafilatura_cannot_read_falls_back_to_own_rules(tmp_path: Path) -> None:
    # A fragment (no <html>): trafilatura refuses it; the own rules still give the text.
    fragment = "<p>The council voted on Tuesday to raise the minimum wage for contractors to $18 an hour.</p>"
    page = read_html(fragment)
    assert page.extractor == "workbench" and "minimum wage" in page.text
    deep = "<html><body>" + "<div>" * 20_000 + "<p>Deep text that a reader sees, at the bottom of the divs.</p>" \
        + "</div>" * 20_000 + "</body></html>"
    page = read_html(deep)
    assert page.extractor == "workbench" and "Deep text that a reader sees" in page.text
    article = read_article(candidate(write(tmp_path / "deep.html", deep)))
    assert "Deep text" in article.text


def test_hostile_pages_never_crash_and_stay_fast(tmp_path: Path) -> None:
    para = "<p>The council voted on Tuesday to raise the minimum wage for contractors, officials said.</p>\n"
    hostile = {
        "a_flood.html": "<html><body><p>Start.</p>" + "<a" * 200_000,
        "nested.html": "<html><body>" + "<div>" * 20_000 + para * 3 + "</div>" * 20_000,
        "unclosed_script.html": "<html><body>" + para * 10 + "<script>var a='<p>x</p>';" + "x" * 300_000,
        "unclosed_comment.html": "<html><body>" + para * 10 + "<!--" + "-" * 100_000,
        "big.html": "<html><body><article>" + "".join(para.replace("council", f"council {i}") for i in range(30_000)),
        "tables.html": "<html><body>" + "<table><tr><td>" * 3_000 + para * 3,
        "broken.html": b"<html><body>" + b"<p>Caf\xe9 \xff\xfe \xc3\x28 na\xefve text of the page.</p>\n" * 3_000,
    }
    for name, content in hostile.items():
        path = write(tmp_path / name, content)
        started = time.perf_counter()
        article = read_article(candidate(path), max_bytes=5_000_000)
        elapsed = time.perf_counter() - started
        assert article.text.strip(), name
        assert elapsed < 30, (name, elapsed)  # a hang guard, not a speed claim: bench_html --hostile times them


def test_trafilatura_and_its_fallbacks_import_on_a_fresh_install() -> None:
    # Without lxml_html_clean, justext (trafilatura's second opinion) fails to import and every
    # page would quietly take the own rules' path; this catches a missing dependency.
    import justext  # noqa: F401
    import lxml.html.clean  # noqa: F401
    from trafilatura.external import try_justext  # noqa: F401

    counts = Counter(read_html(p.read_text(encoding="utf-8")).extractor for p in PAGES)
    assert counts["trafilatura"] >= len(PAGES) - 3, counts


def test_page_drawn_by_scripts_reads_its_structured_body_or_description(tmp_path: Path) -> None:
    body = ("The council voted 9-4 on Wednesday to approve a plan for 3,000 new homes on former industrial land."
            "\\n\\nMayor Linda Osei said construction could begin next spring, and that a third of the homes "
            "would be let at social rents.")
    page = ('<html><head><title>Council approves housing plan | Example</title>'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves housing plan", '
            f'"articleBody": "{body}"}}</script></head><body><div id="root"></div>'
            '<noscript>Please enable JavaScript to read this article.</noscript></body></html>')
    article = read_article(candidate(write(tmp_path / "app.html", page)))
    assert article.text.startswith("Council approves housing plan\n\nThe council voted 9-4")
    assert "a third of the homes would be let at social rents." in article.text
    assert [(s.start, s.reason) for s in article.excluded] == [(0, HEADLINE)]
    only_meta = ('<html><head><title>Storm closes schools</title><meta name="description" '
                 'content="Schools across the county will stay closed on Friday as the storm moves north.">'
                 '</head><body><div id="app"></div></body></html>')
    article = read_article(candidate(write(tmp_path / "meta.html", only_meta)))
    assert article.text == "Storm closes schools\n\nSchools across the county will stay closed on Friday as the storm moves north."


def test_lists_and_tables_in_the_body_are_stored_once_as_the_page_shows_them() -> None:
    p = "<p>The council voted on Tuesday to raise the minimum wage for contractors to $18 an hour, officials said.</p>"
    src = (f"<html><head><title>Budget vote</title></head><body><nav><a>Home</a></nav><article><h1>Budget vote</h1>{p}"
           "<h2>What changes</h2><ul><li>Bus fares fall by 10 percent from April.</li>"
           "<li>Library hours are extended on Sundays.</li></ul>" + p.replace("council", "board")
           + "<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td>1,204</td></tr>"
           "<tr><td>South</td><td>987</td></tr></table>" + p.replace("council", "assembly")
           + "</article><footer>© 2024 Example</footer></body></html>")
    page = read_html(src)
    assert page.extractor == "trafilatura"
    assert "Bus fares fall by 10 percent from April.\nLibrary hours are extended on Sundays." in page.text
    assert "Ward Votes\nNorth 1,204\nSouth 987" in page.text
    assert page.text.count("North 1,204") == 1 and "|" not in page.text and "- Bus" not in page.text
    body = body_of(page.text, page.excluded)
    assert "South 987" in body and "What changes" in body and "Budget vote" not in body
