"""What still works on the blank pipeline (no model): sentences, numbers, 'X said'."""

from __future__ import annotations

from pathlib import Path

from workbench.nlp.extract import extract_document

ARTICLES = Path(__file__).parent / "data" / "articles"


def claims_of(text, blank_pipeline):
    ex = extract_document(text, [], blank_pipeline, select=False)
    for s in ex.sentences:
        assert text[s.start : s.end] == s.text
    return ex


def test_sentences_and_numbers(blank_pipeline):
    text = "Quarterly results\n\nSales rose 12% to $4.5 million in March 2021. Profit fell sharply."
    ex = claims_of(text, blank_pipeline)
    assert [s.text for s in ex.sentences] == [
        "Quarterly results", "Sales rose 12% to $4.5 million in March 2021.", "Profit fell sharply."
    ]
    sales = ex.claims[0]
    assert sales.kind == "statistic"
    assert {(e.text, e.label) for e in sales.entities} >= {("12%", "PERCENT"), ("$4.5 million", "MONEY")}
    assert [c.text for c in ex.claims][1:] == ["Profit fell sharply."]


def test_said_attribution_by_rules(blank_pipeline):
    text = (
        "Prosecutor James Whitfield said the victims had lost an average of 14,500 pounds each.\n"
        "The scheme collapsed in 2019, the regulator said.\n"
        "Prices rose by 6% last year, according to ShopWatch.\n"
        "Jane Doe, a lawyer for the families, told reporters that the ruling was a relief.\n"
    )
    ex = claims_of(text, blank_pipeline)
    by_speaker = {c.speaker: c for c in ex.claims}
    assert by_speaker["Prosecutor James Whitfield"].text.startswith("The victims had lost")
    assert by_speaker["the regulator"].text == "The scheme collapsed in 2019."
    assert by_speaker["ShopWatch"].text == "Prices rose by 6% last year."
    assert by_speaker["Jane Doe, a lawyer for the families"].text == "The ruling was a relief."


def test_quotes_and_pronoun_speakers(blank_pipeline):
    text = (
        "Robert Hale, president of the council, spoke on Monday.\n"
        "\u201cFarmers cannot carry this alone,\u201d he said. \u201cThe government must act now.\u201d\n"
    )
    ex = claims_of(text, blank_pipeline)
    quotes = [c for c in ex.claims if c.kind == "quote"]
    assert [c.text for c in quotes] == ["Farmers cannot carry this alone.", "The government must act now."]
    assert all(c.speaker == "Robert Hale, president of the council" for c in quotes)


def test_headings_and_questions_are_not_claims(blank_pipeline):
    text = "Why prices keep rising\n\nWill the bank act?\n\nThe bank raised rates on Tuesday."
    ex = claims_of(text, blank_pipeline)
    assert [c.text for c in ex.claims] == ["The bank raised rates on Tuesday."]


def test_articles_run_on_blank(blank_pipeline):
    for path in sorted(ARTICLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        ex = claims_of(text, blank_pipeline)
        assert ex.sentences and ex.claims, path.name
        assert not any(c.text.rstrip('"\u201d').endswith("?") for c in ex.claims)


def test_more_attribution_shapes_by_rules(blank_pipeline):
    text = (
        "\"This is reckless,\" said Senator Mark Hill, a Republican from Ohio.\n\n"
        "The administration says the aid will cover disaster relief.\n\n"
        "According to the Congressional Budget Office, the deficit reached 1.7 trillion dollars.\n\n"
        "Asked about the target, Okoro said she was confident.\n"
    )
    ex = claims_of(text, blank_pipeline)
    speakers = {c.text: c.speaker for c in ex.claims}
    assert speakers["This is reckless."] == "Senator Mark Hill, a Republican from Ohio"
    assert speakers["The aid will cover disaster relief."] == "The administration"
    assert speakers["The deficit reached 1.7 trillion dollars."] == "the Congressional Budget Office"
    # A clause after "said" is content, not the end of an attribution.
    assert "Asked about the target, Okoro said she was confident." in speakers
