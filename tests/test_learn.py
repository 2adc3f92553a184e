"""The desk's local model: refusals, learning over the prior, evaluation, JSON, tiers, reasons."""

from __future__ import annotations

import json
import math
import random

import pytest

from workbench.nlp import checkworthy as cw
from workbench.nlp import learn
from workbench.nlp.learn import Example, LearnError, LocalModel

# A desk that checks council spending figures and dismisses transfer gossip,
# whatever the shipped model thinks of either.
CHECKED = [
    "The council spent {n} million pounds on road repairs last year.",
    "Council spending on libraries fell by {n}% over five years.",
    "The council said it had spent {n} million pounds on temporary housing.",
]
DISMISSED = [
    "The striker has been linked with a move to {n} clubs this summer.",
    "Transfer rumours about the striker grew after the {n}-1 win.",
    "Fans hope the striker will stay for {n} more seasons.",
]


def _desk(n_docs: int = 12, seed: int = 0) -> list[Example]:
    rng = random.Random(seed)
    out = []
    for d in range(n_docs):
        for k in range(8):
            checked = k % 2 == 0
            text = rng.choice(CHECKED if checked else DISMISSED).format(n=rng.randint(2, 90))
            # The prior is indifferent: it scores both the same on average.
            out.append(Example(
                claim_id=f"{d}-{k}", document=f"doc{d}", text=text,
                kind="statistic" if "%" in text or "million" in text else "event",
                speaker="Maria Lopez" if k % 3 == 0 else None, position=k,
                prior=rng.uniform(0.4, 0.9), prior_reasons=["contains a number"],
                label=1 if checked else 0))
    return out


# ---------------------------------------------------------------- bad input


def test_too_few_labels_is_refused_with_a_clear_message():
    with pytest.raises(LearnError, match="too few decisions to learn from: 6"):
        learn.fit(_desk()[:6])


def test_one_class_is_refused():
    only_dismissed = [e for e in _desk() if e.label == 0]
    with pytest.raises(LearnError, match="only dismissals"):
        learn.fit(only_dismissed)
    only_verdicts = [e for e in _desk() if e.label == 1]
    with pytest.raises(LearnError, match="only verdicts"):
        learn.evaluate(only_verdicts)


def test_too_few_of_one_class_and_one_document_are_refused():
    ex = _desk()
    lopsided = [e for e in ex if e.label == 0][:30] + [e for e in ex if e.label == 1][:2]
    with pytest.raises(LearnError, match="2 verdicts and 30 dismissals"):
        learn.fit(lopsided)
    one_doc = [Example(**{**_fields(e), "document": "same"}) for e in ex[:40]]
    with pytest.raises(LearnError, match="1 document"):
        learn.fit(one_doc)


def test_unlabelled_examples_are_ignored_and_bad_labels_refused():
    ex = _desk()
    unlabelled = [Example(**{**_fields(e), "label": None}) for e in ex[:50]]
    model = learn.fit(ex + unlabelled)
    assert model.counts["labels"] == len(ex)
    bad = [Example(**{**_fields(ex[0]), "label": 2})] + ex
    with pytest.raises(LearnError, match="neither 0 nor 1"):
        learn.fit(bad)
    nan = [Example(**{**_fields(ex[0]), "prior": float("nan")})] + ex
    with pytest.raises(LearnError, match="not a number"):
        learn.fit(nan)


def _fields(e: Example) -> dict:
    return {k: getattr(e, k) for k in Example.__slots__}


# ---------------------------------------------------------------- learning


def test_the_local_model_learns_what_the_desk_checks_and_beats_the_prior():
    ex = _desk()
    model = learn.fit(ex)
    assert model.counts == {"labels": 96, "verdicts": 48, "dismissals": 48, "documents": 12}
    checked = Example(claim_id="a", document="new", text="The council spent 40 million pounds on parks.",
                      kind="statistic", prior=0.5)
    gossip = Example(claim_id="b", document="new", text="The striker has been linked with a move to Spain.",
                     kind="event", prior=0.5)
    assert model.score(checked) > model.score(gossip) + 0.2
    ev = learn.evaluate(ex)
    assert ev.beats_prior
    assert ev.local_ap > ev.prior_ap
    assert len(ev.folds) == 5 and sum(f.labels for f in ev.folds) == len(ex)
    assert "beats the shipped model" in ev.message and "96 decisions" in ev.message


def test_with_labels_that_agree_with_the_prior_it_stays_near_the_prior():
    rng = random.Random(1)
    ex = []
    for d in range(10):
        for k in range(10):
            p = rng.random()
            ex.append(Example(claim_id=f"{d}{k}", document=d, text=f"Claim number {d} {k} about the budget.",
                              kind="event", prior=p, label=int(rng.random() < p)))
    model = learn.fit(ex)
    assert 0.7 < model.prior_weight < 1.5
    # The ranking of new claims follows the prior.
    probe = [Example(claim_id=i, document="x", text="A claim about the budget.", kind="event", prior=p)
             for i, p in enumerate((0.1, 0.3, 0.6, 0.9))]
    scores = [model.score(e) for e in probe]
    assert scores == sorted(scores)


def test_evaluate_says_when_the_decisions_agree_with_the_prior():
    rng = random.Random(2)
    ex = []
    for d in range(10):
        for k in range(8):
            p = rng.uniform(0.05, 0.95)
            # The desk checks exactly what the shipped model ranks high.
            ex.append(Example(claim_id=f"{d}-{k}", document=d, text=f"Claim {k} about the budget in {d}.",
                              kind="event", prior=p, label=int(p > 0.5)))
    ev = learn.evaluate(ex)
    assert not ev.beats_prior and ev.local_ap == ev.prior_ap == 1.0
    assert ev.message.startswith("desk model does not beat the shipped model")
    assert ev.message.endswith("the decisions so far agree with the shipped model's ranking")
    # A desk whose taste differs gets no such note, used or not.
    assert "agree" not in learn.evaluate(_desk()).message


def test_fit_is_deterministic_and_the_version_follows_the_labels():
    ex = _desk()
    a, b = learn.fit(ex), learn.fit(list(ex))
    assert a.version == b.version and a.version.startswith("desk-")
    flipped = [Example(**{**_fields(e), "label": 1 - e.label}) if i == 0 else e for i, e in enumerate(ex)]
    assert learn.fit(flipped).version != a.version
    assert a.prior_version == cw.MODEL_VERSION


# ---------------------------------------------------------------- JSON


def test_json_round_trip_scores_the_same_and_runs_no_code():
    ex = _desk()
    model = learn.fit(ex)
    text = model.to_json()
    raw = json.loads(text)
    assert raw["format"] == learn.FORMAT and raw["version"] == model.version
    again = LocalModel.from_json(text)
    assert [again.score(e) for e in ex] == [model.score(e) for e in ex]
    assert again.tier_cuts == model.tier_cuts and again.explain(ex[0]) == model.explain(ex[0])


@pytest.mark.parametrize("text, message", [
    ("not json", "not JSON"),
    ("[]", "not a workbench desk model"),
    ('{"format": "something else"}', "not a workbench desk model"),
])
def test_bad_stored_models_are_refused(text, message):
    with pytest.raises(LearnError, match=message):
        LocalModel.from_json(text)


def test_a_stored_model_of_another_feature_version_or_with_bad_numbers_is_refused():
    raw = json.loads(learn.fit(_desk()).to_json())
    old = dict(raw, features="desk-f0")
    with pytest.raises(LearnError, match="run learn again"):
        LocalModel.from_json(json.dumps(old))
    broken = dict(raw, weights={"w:council": "heavy"})
    with pytest.raises(LearnError, match="bad field"):
        LocalModel.from_json(json.dumps(broken))
    nan = dict(raw, bias=float("nan"))
    with pytest.raises(LearnError, match="non-finite"):
        LocalModel.from_json(json.dumps(nan))
    missing = {k: v for k, v in raw.items() if k != "tier_cuts"}
    with pytest.raises(LearnError, match="bad field"):
        LocalModel.from_json(json.dumps(missing))


# ---------------------------------------------------------------- tiers and reasons


def test_tiers_keep_the_shares_the_shipped_tiers_give_the_population():
    ex = _desk()
    model = learn.fit(ex)
    prior_shares = [cw.tier_for(e.prior) for e in ex]
    local_shares = [model.tier(model.score(e)) for e in ex]
    for tier in ("high", "medium", "low"):
        # Ties at a cut may move a claim or two.
        assert abs(prior_shares.count(tier) - local_shares.count(tier)) <= 2, tier
    scored = learn.rescore(model, ex[:5])
    assert [s.tier for s in scored] == [model.tier(s.score) for s in scored]
    assert all(s.model_version == model.version for s in scored)


def test_reasons_come_from_the_local_model_terms():
    ex = _desk()
    model = learn.fit(ex)
    gossip = Example(claim_id="g", document="new", text="The striker has been linked with a move.",
                     kind="event", prior=0.8, prior_reasons=["names a person"])
    reasons = model.explain(gossip)
    assert 1 <= len(reasons) <= 5
    assert any("striker" in r and "ranked lower" in r for r in reasons), reasons
    for r in reasons:
        assert len(r) < 80 and r.isprintable()
    # Every word named as a reason carries a weight of that sign in the model.
    for r in reasons:
        if r.startswith("the desk") and '"' in r:
            word = r.split('"')[1]
            w = model.weights.get("w:" + word, 0.0) or model.weights.get("b:" + word, 0.0)
            assert (w < 0) == ("ranked lower" in r), r
    # The prior is one input: its reasons appear, marked as the shipped model's.
    prior_led = Example(claim_id="p", document="new", text="Something entirely unseen.", kind="event",
                        prior=0.99, prior_reasons=["contains a number"])
    assert "shipped model: contains a number" in model.explain(prior_led)


def test_features_need_no_parse_and_read_the_store_fields():
    e = Example(claim_id=1, document=1, text='"We spent £40m," said Maria Lopez.', kind="quote",
                speaker="Maria Lopez, IMF economist", position=0, prior=0.5)
    f = learn.features(e)
    assert {"k:quote", "sp:named", "pos:lede", "num", "quote"} <= set(f)
    assert "pos:unknown" in learn.features(Example(claim_id=2, document=1, text="x", kind="event",
                                                   position=None, prior=0.5))
    assert "sp:unnamed" in learn.features(Example(claim_id=2, document=1, text="x", kind="event",
                                                  speaker="officials", prior=0.5))
    assert math.isclose(learn.LocalModel.from_json(learn.fit(_desk()).to_json()).norm_k, 12.0)


def test_evaluate_over_too_few_documents_keeps_the_prior():
    few = [e for e in _desk() if e.document in ("doc0", "doc1", "doc2", "doc3")]
    ev = learn.evaluate(few)
    assert not ev.beats_prior
    assert "4 documents" in ev.message and "needed" in ev.message
