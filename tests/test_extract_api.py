"""The extraction API: streaming, order, offsets, caps and hostile input."""

from __future__ import annotations

from workbench.nlp import segment
from workbench.nlp.extract import CLAIM_CAP, EXTRACTOR_VERSION, extract_document, extract_documents
from workbench.records import ExcludedSpan

STORY = (
    "Acme Corp said on Monday that its revenue rose 8% to $3.2 billion.\n"
    "The company will open 40 new stores next year, chief executive Jane Doe said.\n"
)


def check_records(text, ex):
    assert [s.idx for s in ex.sentences] == list(range(len(ex.sentences)))
    previous = -1
    for s in ex.sentences:
        assert text[s.start : s.end] == s.text
        assert 0 < len(s.text) <= segment.SENTENCE_CAP
        assert s.start >= previous
        previous = s.end
    for c in ex.claims:
        assert 0 <= c.sentence_idx < len(ex.sentences)
        assert len(c.text) <= CLAIM_CAP
        assert c.extractor_version == EXTRACTOR_VERSION
        for e in c.entities:
            assert text[e.start : e.end] == e.text


def test_one_extraction_per_item_in_order(pipeline):
    texts = [STORY, "", "   \n\n", "Only a heading", STORY.replace("Acme", "Zenith")]
    results = list(extract_documents(((t, []) for t in texts), pipeline, batch_size=2))
    assert len(results) == len(texts)
    for text, ex in zip(texts, results):
        check_records(text, ex)
    assert "Acme" in results[0].claims[0].text and "Zenith" in results[4].claims[0].text
    assert results[1].sentences == [] and results[1].claims == []
    assert results[2].sentences == [] and results[3].claims == []


def test_documents_stream(pipeline):
    pulled = []

    def items():
        for n in range(40):
            pulled.append(n)
            yield STORY, []

    stream = extract_documents(items(), pipeline, batch_size=4)
    first = next(stream)
    assert first.claims
    assert len(pulled) < 40  # the first result came before the input was used up
    assert len(list(stream)) == 39


def test_single_document_matches_batch(pipeline):
    single = extract_document(STORY, [], pipeline)
    (batched,) = list(extract_documents([(STORY, [])], pipeline))
    assert single == batched


def test_attribution_and_kinds(pipeline):
    ex = extract_document(STORY, [], pipeline)
    revenue = next(c for c in ex.claims if "revenue rose 8%" in c.text)
    assert revenue.speaker == "Acme Corp" and revenue.kind == "statistic"
    assert revenue.text.startswith("Acme Corp's revenue")  # "its" made standalone
    stores = next(c for c in ex.claims if "40 new stores" in c.text)
    assert stores.kind == "prediction" and "Jane Doe" in stores.speaker
    assert "said" not in stores.text


def test_excluded_spans_yield_nothing(pipeline):
    text = "Subscribe to our newsletter today\n" + STORY + "Related: Acme shares fell 3% last week.\n"
    clutter = [
        ExcludedSpan(0, text.index("\n"), "promo"),
        ExcludedSpan(text.index("Related"), len(text), "related links"),
    ]
    ex = extract_document(text, clutter, pipeline)
    check_records(text, ex)
    assert ex.sentences and all(s.start >= clutter[0].end and s.end <= clutter[1].start for s in ex.sentences)
    assert not any("3% last week" in c.text for c in ex.claims)


def test_questions_headings_and_furniture_are_not_claims(pipeline):
    text = (
        "Is the economy slowing down?\n"
        "Why prices keep rising\n"
        "Inflation in numbers\n"
        "Read more\n"
        "Sign up for our newsletter to get the latest news.\n"
        "Prices rose.\n"
    )
    ex = extract_document(text, [], pipeline)
    assert [c.text for c in ex.claims] == ["Prices rose."]


def test_hostile_input_is_handled(pipeline):
    cases = [
        " \t\n\n   ",
        "!!! ??? ... ;;; ---",
        "x" * 100_000,
        "\U0001F600" * 2_000 + " The minister said the plan failed.",
        "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631. The minister said the plan failed.",
        "The minister\x1b[31m said\x00 the plan failed.\x07\u202e",
        "[bold]The minister[/bold] said the plan failed.",
    ]
    results = list(extract_documents(((t, []) for t in cases), pipeline))
    for text, ex in zip(cases, results):
        check_records(text, ex)
    assert results[0].sentences == [] and results[1].claims == []
    assert results[2].claims == [] and all(len(s.text) <= segment.SENTENCE_CAP for s in results[2].sentences)
    assert any("plan failed" in c.text for c in results[3].claims)
    markup = results[6]
    assert markup.sentences[0].text == cases[6]  # markup is data, kept as written
    assert "plan failed" in markup.claims[0].text and "minister" in markup.claims[0].speaker


def test_two_megabytes_without_punctuation(pipeline):
    text = "word " * 400_000
    ex = extract_document(text, [], pipeline)
    check_records(text, ex)
    assert ex.claims == []
    assert len(ex.sentences) >= len(text) // segment.SENTENCE_CAP


def test_text_longer_than_max_length_never_reaches_spacy_whole(blank_pipeline):
    sentence = "The council approved the budget on Tuesday. "
    text = sentence * (blank_pipeline.nlp.max_length // len(sentence) + 100)
    assert len(text) > blank_pipeline.nlp.max_length
    ex = extract_document(text, [], blank_pipeline)  # would raise E088 if passed whole
    check_records(text, ex)
    assert ex.sentences[-1].end > len(text) - len(sentence)


def test_overlong_sentence_is_split_and_gives_no_claim(pipeline):
    long = "The committee said that " + ", ".join(f"item {n} was approved" for n in range(200)) + "."
    ex = extract_document(long, [], pipeline)
    check_records(long, ex)
    assert len(ex.sentences) > 1
    assert ex.claims == []


def test_random_text_never_breaks_the_records(pipeline, blank_pipeline):
    import random

    rnd = random.Random(7)
    pieces = ['"', "\u201c", "\u201d", ":", ";", ",", ".", "?", "\n", "\n\n", " ", "he said", "She told",
              "according to", "It", "They", "The minister", "said", "12%", "and", "Smith", "Jones,", "(",
              "\u202e", "\x00", "\u4e2d", "\U0001F642", "x" * 40]
    texts = ["".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 200)))
             for _ in range(40)]
    items = [(t, [ExcludedSpan(rnd.randint(-5, 50), rnd.randint(0, 400), "x")]) for t in texts]
    for p in (pipeline, blank_pipeline):
        results = list(extract_documents(items, p, batch_size=8))
        assert len(results) == len(items)
        for (text, _), ex in zip(items, results):
            check_records(text, ex)
