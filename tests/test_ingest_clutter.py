"""find_clutter: page furniture comes back as whole-line spans; article text never does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.ingest.clutter import find_clutter
from workbench.records import ExcludedSpan

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("*.txt"))
SAMPLES = Path(__file__).resolve().parent / "data" / "ingest" / "clutter"


def excluded_lines(text: str, spans: list[ExcludedSpan]) -> dict[str, str]:
    out = {}
    for span in spans:
        for line in text[span.start:span.end].split("\n"):
            if line.strip():
                out[line.strip()] = span.reason
    return out


def assert_well_formed(text: str, spans: list[ExcludedSpan]) -> None:
    last_end = -1
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start > last_end, "spans overlap or are out of order"
        assert span.start == 0 or text[span.start - 1] == "\n", "span does not start a line"
        assert span.end == len(text) or text[span.end] == "\n", "span does not end a line"
        assert span.reason and span.reason == span.reason.strip()
        last_end = span.end


def is_excluded(text: str, spans: list[ExcludedSpan], needle: str) -> bool:
    at = text.index(needle)
    return any(s.start <= at and at + len(needle) <= s.end for s in spans)


def overlaps(text: str, spans: list[ExcludedSpan], needle: str) -> bool:
    at = text.index(needle)
    return any(s.start < at + len(needle) and at < s.end for s in spans)


# -- the seed article -------------------------------------------------------------

def test_seed_clutter_items_are_excluded_with_reasons() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = find_clutter(text)
    assert_well_formed(text, spans)
    expected = {
        "Skip to content": "navigation",
        "Skip to main menu": "navigation",
        "Skip to more DW sites": "navigation",
        "PoliticsPakistan": "section label",
        "S. Khan in Islamabad": "byline",
        "January 13, 2023": "dateline",
        "A Pakistani and a Taliban flag at a border": "caption",
        "Image: STR/AFP": "caption",
        "How this 'tent school' educates Afghan refugee children": "media",
        "02:20": "media",
        "This browser does not support the video element.": "media",
        "Edited by: Srinivas Mazumdaru": "credits",
        "Skip next section DW's Top Story": "related links",
        "Skip next section More stories from DW": "related links",
    }
    for needle, reason in expected.items():
        at = text.index(needle)
        covering = [s for s in spans if s.start <= at and at + len(needle) <= s.end]
        assert covering, f"{needle!r} is not excluded"
        assert covering[0].reason == reason, (needle, covering[0].reason)


def test_seed_body_paragraphs_headline_and_headings_are_kept() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = find_clutter(text)
    kept = [
        "Will the US and Pakistan join forces against the Taliban?",
        "Maintaining good ties with Kabul",
        "TTP's close links with al-Qaeda",
        "A tough decision for Islamabad",
    ]
    for needle in kept:
        assert not overlaps(text, spans, needle), needle
    # Every paragraph of two or more sentences-worth of words that is not a caption is body.
    body = [ln for ln in text.split("\n") if len(ln.split()) >= 12 and "Image:" not in ln]
    assert len(body) > 20
    for line in body:
        assert not overlaps(text, spans, line), line


# -- annotated samples in the styles of several outlets -------------------------------

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("layout", ["as written", "no blank lines"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_samples_exclude_exactly_their_clutter(path: Path, layout: str) -> None:
    text = path.read_text(encoding="utf-8")
    if layout == "no blank lines":
        # Text copied from a page often loses the blank lines between paragraphs.
        text = re.sub(r"\n\s*\n", "\n", text)
    expected = {ln.strip() for ln in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines() if ln.strip()}
    spans = find_clutter(text)
    assert_well_formed(text, spans)
    got = set(excluded_lines(text, spans))
    # Known misses: a site tagline above the headline reads like a headline; and without
    # blank lines a caption sentence above a credit-only line cannot be told from body text.
    known_misses = {"Exclusive news, data and analytics for financial market professionals"}
    if layout == "no blank lines":
        known_misses |= {
            "Students march during a protest against the bill in Athens, Greece, Wednesday, Jan. 31, 2024.",
            "A woman cools off at a fountain in Washington, D.C. on June 18, 2024.",
        }
    assert got - expected == set(), "real article lines were excluded"
    assert expected - got - known_misses == set(), "clutter lines were missed"


def test_samples_cover_several_outlet_styles() -> None:
    assert len(SAMPLE_FILES) >= 14


# -- rules on small texts -------------------------------------------------------------

BODY = (
    "The ministry said on Monday that exports rose 7% in the first quarter of the year.\n\n"
    "Analysts had expected a smaller increase because of weak demand in Europe and Asia.\n\n"
)


def test_plain_prose_has_no_clutter() -> None:
    text = BODY + "Short closing line.\n\nHe said it would not happen again."
    assert find_clutter(text) == []


def test_body_section_heading_and_short_speech_lines_are_kept() -> None:
    text = BODY + "Why prices keep rising\n\nThank you.\n\nI agree.\n\nListen.\n\n" + BODY
    assert find_clutter(text) == []


def test_inline_read_more_and_advert_lines_are_excluded() -> None:
    text = BODY + "READ MORE: Prices soar as drought bites\n\nAdvertisement\n\n" + BODY
    spans = find_clutter(text)
    assert excluded_lines(text, spans) == {
        "READ MORE: Prices soar as drought bites": "related links",
        "Advertisement": "advertisement",
    }


def test_related_block_at_the_end_takes_headlines_and_teasers() -> None:
    text = (
        BODY
        + "More stories\n\nFarmers protest in Brussels\n\nThousands of tractors blocked roads on Friday.\n\n"
        + "Oil prices fall\n\nBrent crude dropped below $80 a barrel.\n"
    )
    spans = find_clutter(text)
    got = excluded_lines(text, spans)
    assert set(got) == {
        "More stories", "Farmers protest in Brussels", "Thousands of tractors blocked roads on Friday.",
        "Oil prices fall", "Brent crude dropped below $80 a barrel.",
    }
    assert set(got.values()) == {"related links"}


def test_related_box_in_the_middle_does_not_swallow_the_body() -> None:
    text = (
        BODY + "Related\n\nFarmers protest in Brussels\n\n"
        "The central bank is expected to keep interest rates unchanged at its meeting next week.\n\n"
        "Economists polled by the agency said inflation would stay above target until next year.\n"
    )
    got = excluded_lines(text, find_clutter(text))
    assert set(got) == {"Related", "Farmers protest in Brussels"}


def test_markdown_furniture_is_excluded_but_text_is_untouched() -> None:
    text = (
        "# Drought hits olive harvest\n\n![Dry groves](img/a.jpg)\n\n"
        + "Output fell by **half**, the [ministry](https://example.org) said on Monday in a report.\n\n"
        + "***\n\n- [Other story](https://example.org/b)\n"
    )
    got = excluded_lines(text, find_clutter(text))
    assert got == {
        "![Dry groves](img/a.jpg)": "media",
        "***": "horizontal rule",
        "- [Other story](https://example.org/b)": "links",
    }


def test_cookie_banner_copyright_and_share_bar() -> None:
    text = (
        "We use cookies to improve your experience. By continuing you accept our cookie policy.\n"
        + BODY + "Share on Facebook\nShare on X\nCopy link\n\n© 2024 Example News Ltd. All rights reserved.\n"
    )
    got = excluded_lines(text, find_clutter(text))
    assert got["We use cookies to improve your experience. By continuing you accept our cookie policy."] == "cookie notice"
    assert got["Share on Facebook"] == "share buttons"
    assert got["Copy link"] == "share buttons"
    assert got["© 2024 Example News Ltd. All rights reserved."] == "copyright"
    assert len(got) == 5


def test_photo_credits_in_several_house_styles() -> None:
    captions = [
        "Protesters gathered outside parliament on Saturday. Photograph: Jane Doe/Reuters",
        "A view of the port in Yokohama, Japan, January 10, 2024. REUTERS/Issei Kato",
        "Senator Smith speaks to reporters in Washington. (AP Photo/J. Scott Roe)",
        "Rescue workers search for survivors in Nakuru county [File: Tom Roe/Reuters]",
        "A shopkeeper arranges vegetables at a market in Karachi. — AFP/File",
        "Students use their phones between classes in Orlando. Paul Roe/Anadolu/Getty Images",
        "A worker installs a heat pump in Berlin.Credit...Lena Roe for The New York Times",
    ]
    for caption in captions:
        text = BODY + caption + "\n\n" + BODY
        got = excluded_lines(text, find_clutter(text))
        assert got == {caption: "caption"}, caption


def test_sentences_naming_agencies_are_not_captions() -> None:
    text = BODY + "The figures were first reported by Reuters and confirmed by AFP on Tuesday.\n\n" + BODY
    assert find_clutter(text) == []


def test_spans_keep_offsets_with_crlf_and_indentation() -> None:
    # Ingest normalises line ends first, but find_clutter must not be thrown by a stray CR.
    text = "  Skip to content\r\nWorld\r\n\r\n" + BODY.replace("\n", "\r\n")
    spans = find_clutter(text)
    assert [(text[s.start:s.end], s.reason) for s in spans] == [
        ("  Skip to content", "navigation"),
        ("World", "section label"),
    ]


def test_empty_and_whitespace_text() -> None:
    assert find_clutter("") == []
    assert find_clutter("\n\n   \n") == []


def test_giant_line_without_punctuation_passes() -> None:
    giant = ("word " * 420_000)[:2_000_000]
    assert find_clutter(giant) == []
    assert find_clutter("Share\n" + giant + "\nShare") == [
        ExcludedSpan(0, 5, "share buttons"),
        ExcludedSpan(len(giant) + 7, len(giant) + 12, "share buttons"),
    ]


def test_related_box_mid_article_keeps_the_paragraph_before_a_heading() -> None:
    text = (
        BODY + "Related\n\nFarmers protest in Brussels\n\n"
        "The central bank is expected to keep interest rates unchanged next week.\n\n"
        "What comes next\n\n"
        "Economists polled by the agency said inflation would stay above target until next year.\n\n"
        "The finance ministry said it would publish revised forecasts in the spring.\n"
    )
    got = excluded_lines(text, find_clutter(text))
    assert set(got) == {"Related", "Farmers protest in Brussels"}


def test_list_introduced_by_the_article_at_its_end_is_kept() -> None:
    text = BODY + "The new rules include:\n\nHigher taxes on tobacco\nA ban on disposable vapes\nCheaper bus fares\n"
    assert find_clutter(text) == []
    bullets = BODY + "Officials listed the changes in a statement.\n\n- Prices rose 5% in March\n- Rents fell in Leeds\n"
    assert find_clutter(bullets) == []


def test_link_list_at_the_end_is_excluded() -> None:
    text = BODY + "Topics\nEconomy\nTrade\nJapan\n"
    got = excluded_lines(text, find_clutter(text))
    assert set(got) == {"Topics", "Economy", "Trade", "Japan"}


def test_short_statements_under_a_latest_heading_are_kept() -> None:
    text = BODY + "Latest\n\nThe minister resigned this morning.\n\nMore details soon.\n\n" + BODY
    got = excluded_lines(text, find_clutter(text))
    assert "The minister resigned this morning." not in got
    assert got.get("Latest") == "related links"
