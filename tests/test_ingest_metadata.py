"""Metadata from the text: headline, byline, outlet, ISO date, URL; unknowns stay None."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest_helpers import candidate
from workbench.ingest import extract_metadata, find_clutter, read_article
from workbench.ingest.bylines import byline_names
from workbench.ingest.dates import parse_date
from workbench.records import Metadata

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "data" / "ingest" / "clutter"
BODY = (
    "The ministry said on Monday that exports rose 7% in the first quarter of the year.\n\n"
    "Analysts had expected a smaller increase because of weak demand in Europe and Asia.\n"
)


def meta_of(text: str, **kwargs: object) -> Metadata:
    return extract_metadata(text, find_clutter(text), **kwargs)


def test_seed_article_metadata() -> None:
    seed = next((REPO / "seeds").glob("*.txt"))
    article = read_article(candidate(seed))
    assert article.metadata.title == "Will the US and Pakistan join forces against the Taliban?"
    assert article.metadata.byline == "S. Khan"
    assert article.metadata.published == "2023-01-13"
    assert article.metadata.outlet == "DW"
    assert article.metadata.url is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("January 13, 2023", "2023-01-13"),
        ("Jan. 13, 2023", "2023-01-13"),
        ("13 January 2023", "2023-01-13"),
        ("Fri 13 Jan 2023 09.30 GMT", "2023-01-13"),
        ("Published On 5 May 2024", "2024-05-05"),
        ("Updated 11:42 PM EST, March 8, 2024", "2024-03-08"),
        ("2023-01-13T09:30:00Z", "2023-01-13T09:30:00Z"),
        ("2023-01-13T09:30:00+0530", "2023-01-13T09:30:00+05:30"),
        ("2023-01-13", "2023-01-13"),
        ("13/01/2023", "2023-01-13"),
        ("01/13/2023", "2023-01-13"),
        ("01/02/2023", None),  # day and month cannot be told apart
        ("February 30, 2023", None),
        ("3 hours ago", None),
        ("April 2nd, 2024", "2024-04-02"),
    ],
)
def test_dates_are_iso_and_never_guessed(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("S. Khan in Islamabad", "S. Khan"),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe"),
        ("By Rachel Kim, CNN", "Rachel Kim"),
        ("By Melissa Eddy", "Melissa Eddy"),
        ("Jane Doe, Political correspondent", "Jane Doe"),
        ("By Staff", None),
    ],
)
def test_byline_names(line: str, names: str | None) -> None:
    assert byline_names(line) == names


def test_plain_text_header_gives_title_byline_date_and_outlet() -> None:
    text = ("Skip to content\nWorld\n\nExports jump as chip demand recovers\n\nBy Jane Doe and John Roe, Reuters\n"
            "March 18, 2024\n\n" + BODY + "\n© 2024 Reuters. All rights reserved.\n")
    meta = meta_of(text)
    assert meta == Metadata(title="Exports jump as chip demand recovers", byline="Jane Doe and John Roe",
                            outlet="Reuters", published="2024-03-18", url=None)


def test_wire_dateline_and_url_in_header() -> None:
    text = ("Senate passes stopgap bill\nhttps://example.org/news/senate-bill?x=1\n\n"
            "WASHINGTON (AP) — The Senate voted 77-13 on Friday to pass a six-bill spending package.\n\n" + BODY)
    meta = meta_of(text)
    assert meta.outlet == "Associated Press"
    assert meta.url == "https://example.org/news/senate-bill?x=1"
    assert meta.title == "Senate passes stopgap bill"


def test_plain_prose_has_no_metadata() -> None:
    assert meta_of(BODY) == Metadata()


def test_markdown_heading_and_front_matter() -> None:
    md = "---\ntitle: From the front matter\nauthor: Carmen Ortega\ndate: 2023-10-02\n---\n\n# Heading title\n\n" + BODY
    meta = meta_of(md)
    assert meta.title == "From the front matter"
    assert meta.byline == "Carmen Ortega" and meta.published == "2023-10-02"
    meta = meta_of("# Drought cuts olive oil output\n\n" + BODY)
    assert meta.title == "Drought cuts olive oil output"


def test_html_metadata_wins_and_text_fills_gaps() -> None:
    text = "Headline from text\n\nBy Jane Doe\nMarch 18, 2024\n\n" + BODY
    meta = meta_of(text, html_meta=Metadata(title="Headline from HTML", url="https://example.com/a"))
    assert meta.title == "Headline from HTML"
    assert meta.byline == "Jane Doe" and meta.published == "2024-03-18"
    assert meta.url == "https://example.com/a" and meta.outlet == "example.com"


def test_values_are_single_line_and_capped() -> None:
    html_meta = Metadata(title="A\nsplit\x1b[31m title " + "x" * 1000, byline="Jane\tDoe")
    meta = meta_of(BODY, html_meta=html_meta)
    assert "\n" not in meta.title and "\x1b" not in meta.title and len(meta.title) <= 300
    assert meta.byline == "Jane Doe"


def test_far_future_dates_are_dropped() -> None:
    text = "Headline about something\n\nJanuary 13, 2199\n\n" + BODY
    assert meta_of(text).published is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ap_style.txt", Metadata("Senate passes stopgap bill to avert government shutdown", "Jane Morris and David Kline",
                                  "The Associated Press", "2024-03-08", None)),
        ("bbc_style.txt", Metadata("Flood defences failed in three towns, says watchdog", "Maria Lopez", "BBC",
                                   "2024-02-03", None)),
        ("reuters_style.txt", Metadata("Japan's exports rise for third month as chip demand recovers",
                                       "Kenji Sato and Anna White", "Reuters", "2024-03-18", None)),
        ("guardian_style.txt", Metadata("Teachers in Scotland vote to strike over pay for the first time in decades",
                                        "Libby Brooks", None, "2023-01-13", None)),
        ("liveblog_cookie.txt", Metadata("Storm Ciarán live: Thousands without power as 100mph winds hit coast",
                                         None, None, None, None)),
    ],
)
def test_samples_metadata(name: str, expected: Metadata) -> None:
    article = read_article(candidate(SAMPLES / name))
    assert article.metadata == expected
