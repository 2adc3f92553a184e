from __future__ import annotations

from workbench.nlp import segment
from workbench.records import ExcludedSpan


def _feeds(text, excluded=()):
    chunks = segment.plan(text, excluded)
    for c in chunks:
        assert len(c.feed) == c.end - c.start
        # The same text, except that wrap newlines and Markdown marks became spaces.
        original = text[c.start : c.end]
        assert all(f == o or f == " " for f, o in zip(c.feed, original))
    return chunks


def test_article_lines_are_paragraphs():
    text = "Headline without a stop\nFirst paragraph ends here.\nSecond paragraph, also one line.\n"
    chunks = _feeds(text)
    assert [c.feed for c in chunks] == [
        "Headline without a stop",
        "First paragraph ends here.",
        "Second paragraph, also one line.",
    ]
    assert len({c.para for c in chunks}) == 3


def test_hard_wrapped_paragraph_is_read_as_one():
    text = (
        "The committee published its report on Tuesday after a review that took\n"
        "more than two years, and it found that the agency had failed to keep\n"
        "proper records of the contracts it signed.\n"
        "\n"
        "Short heading\n"
        "\n"
        "Another paragraph that has been wrapped by an editor at a fixed width so\n"
        "that no line is longer than seventy-two characters in the stored file.\n"
    )
    chunks = _feeds(text)
    assert len(chunks) == 3
    assert chunks[0].feed.startswith("The committee") and chunks[0].feed.endswith("signed.")
    assert "\n" not in chunks[0].feed and "\n" in text[chunks[0].start : chunks[0].end]
    assert chunks[1].feed == "Short heading"


def test_list_lines_are_not_joined():
    text = "The ministry named three sites:\n- Leeds, with 40 jobs\n- York, with 12 jobs\n"
    assert len(_feeds(text)) == 3


def test_excluded_spans_are_never_fed():
    text = "Skip to content\nThe real story starts here.\nMore stories from us\n"
    start = text.index("Skip")
    nav = ExcludedSpan(start, start + len("Skip to content"), "navigation")
    more = ExcludedSpan(text.index("More"), len(text), "related links")
    chunks = _feeds(text, [nav, more])
    assert [c.feed for c in chunks] == ["The real story starts here."]


def test_long_paragraph_is_chunked_below_the_cap():
    text = "The cat sat on the mat and looked out of the window. " * 2_000  # ~100k chars, one line
    chunks = _feeds(text)
    assert len(chunks) > 1
    assert all(c.end - c.start <= segment.MAX_CHUNK for c in chunks)
    assert all(c.parse for c in chunks)
    # The chunks cover the paragraph without gaps beyond whitespace.
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_unpunctuated_run_goes_down_the_cheap_path():
    text = "word " * 400_000  # 2 MB, no sentence punctuation
    chunks = _feeds(text)
    assert chunks and not any(c.parse for c in chunks)
    pieces = segment.pseudo_sentences(text, chunks[0].start, chunks[0].end)
    assert pieces and all(e - s <= segment.SENTENCE_CAP for s, e in pieces)
    assert all(text[s:e].strip() == text[s:e] for s, e in pieces)


def test_giant_word_is_cut_out_of_its_paragraph():
    text = "Before the blob. " + "x" * 100_000 + " After the blob."
    chunks = _feeds(text)
    kinds = [(text[c.start : c.start + 6], c.parse) for c in chunks]
    assert kinds == [("Before", True), ("xxxxxx", False), ("After ", True)]


def test_parse_budget_caps_parsed_text_per_document():
    text = "\n".join(["A short sentence sits on this line."] * 20_000)  # ~720k chars
    chunks = _feeds(text)
    parsed = sum(c.end - c.start for c in chunks if c.parse)
    assert parsed <= segment.PARSE_BUDGET
    assert any(not c.parse for c in chunks)


def test_symbol_text_is_not_parsed():
    for text in ["!!! ??? ... --- ***", "= " * 10_000, "\u2728\U0001F600 \U0001F680\U0001F680"]:
        assert not any(c.parse for c in _feeds(text))


def test_whitespace_only_gives_nothing():
    assert _feeds(" \n\n\t \n   ") == []


def test_cap_span_splits_at_whitespace():
    text = ("abcdefghi " * 300).strip()
    pieces = segment.cap_span(text, 0, len(text), cap=1000)
    assert len(pieces) == 3
    assert all(e - s <= 1000 and text[s:e] == text[s:e].strip() for s, e in pieces)


def test_spans_outside_the_text_are_clamped():
    text = "One sentence here. Another one there."
    spans = [ExcludedSpan(-10, 4, "x"), ExcludedSpan(30, 500, "y"), ExcludedSpan(900, 950, "z"), ExcludedSpan(8, 3, "w")]
    chunks = _feeds(text, spans)
    assert all(0 <= c.start < c.end <= len(text) for c in chunks)
    assert [c.feed for c in chunks] == [text[4:30].strip()]


def test_markdown_marks_are_masked_for_the_parser():
    text = "**The ministry** said the [report](https://example.org/a) was *wrong*."
    (chunk,) = _feeds(text)
    assert len(chunk.feed) == len(text)
    assert chunk.feed.split() == ["The", "ministry", "said", "the", "report", "was", "wrong", "."]
    assert segment.mask_markup("snake_case and 2*3*4") == "snake_case and 2*3*4"


def test_wire_datelines_are_masked_for_the_parser():
    from workbench.nlp.segment import mask_dateline

    for line, first in [
        ("TOKYO (Reuters) - A quake struck.", "A quake"),
        ("WASHINGTON, Jan 5 (Reuters) - The Senate voted.", "The Senate"),
        ("KYIV, Ukraine (AP) \u2014 Russian forces attacked.", "Russian"),
        ("BEIJING \u2014 China's exports fell.", "China's"),
        ("SAN FRANCISCO, Calif. (AP) \u2014 A judge ruled.", "A judge"),
        # a plain hyphen where an archive lost the dash: a long place, two words, or a region
        ("CLEVELAND - Donald Trump accepted the nomination.", "Donald Trump"),
        ("PORTLAND, Maine - On Friday the governor spoke.", "On Friday"),
        ("NEW DELHI - Monsoon rains arrived early.", "Monsoon"),
    ]:
        masked = mask_dateline(line)
        assert len(masked) == len(line)
        assert masked.lstrip().startswith(first)
    for line in ("NASA - the agency said it would launch.", "NATO - The alliance met.", "UK - Prices rose.",
                 "UNICEF - The agency said 300 children had died.", "BREAKING NEWS - Fire hits the town.", "The UK \u2014 which left \u2014 said so.", "US \u2014 China talks resumed."):
        assert mask_dateline(line) == line
