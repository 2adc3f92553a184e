"""Check-worthiness: a rank score 0..1, a tier and readable reasons for a sentence or claim.

Two stages, both linear, both in one JSON artifact (no code runs on load, read once
per process on first use):

- The sentence model (:func:`score_span`, `workbench score`): sparse word, tag,
  entity and cue features plus the mean tok2vec vector, trained on debate sentences
  with folds grouped by election, plus fixed rule priors for what debates never
  show but news pages do (non-responses, page clutter, headings). Its logit is
  shifted at training time so that THRESHOLD (0.5) is its yes/no cut.
- The news layer (:func:`score_claim`, every extracted claim): the sentence
  model's logit weighed with what the extractor knows and a sentence alone does
  not show (the claim's kind and position in the article), fitted on labelled
  news articles written for this project.
  Its tiers are cut on news (HIGH_CUT, MEDIUM_CUT; precision and coverage are in
  the README).
- The transcript mode (:func:`score_transcript`, `workbench score --transcript`):
  a debate's or speech's lines in order, each line's sentence-model logit with a
  share of its neighbours' (CONTEXT_WEIGHTS).

Scores rank claims; they are not probabilities of anything.

Size: one module because the reasons must come from the terms of the model that
scored; features, scoring and the wording of reasons change together.
"""

from __future__ import annotations

import copy
import json
import math
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.nlp import cw_features
from workbench.nlp.cw_features import Cues

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from workbench.records import Entity

ARTIFACT_PATH = Path(__file__).with_name("data") / "checkworthy.json"
# Must equal the artifact header's version (a test checks); bump RULES_VERSION when
# the priors, reasons or tiers below change.
ARTIFACT_VERSION = "cw-6100225eca"
RULES_VERSION = "r4"
MODEL_VERSION: str = f"{ARTIFACT_VERSION}+{RULES_VERSION}"

# The sentence model's yes/no cut (`workbench score`).
THRESHOLD: float = 0.5
# Tiers of score_claim, cut on the news layer's out-of-article scores of the dev
# articles (bench/train_checkworthy.py prints them; a test checks they match the
# artifact): "high" is the largest top of the ranking at least 90% check-worthy,
# "medium" goes on while its own band is at least half check-worthy. Measured
# precision and coverage: bench/eval_checkworthy.py section 3b, and the README.
HIGH_CUT = 0.639
MEDIUM_CUT = 0.4918

# Anything longer is not one sentence; score its start rather than parse megabytes.
MAX_CHARS = 10_000

# Fixed priors (logit units) added to the learned score. The first four are cues
# debates never show; they are large because such lines carry no claim at all,
# whatever their words look like. The last three push opinion, prediction and hedge
# below factual claims beyond what debate labels alone taught the model (the product
# ranks them low by design); their size is the most that left grouped-CV AP on the
# debates within noise (0.754 -> 0.750).
PRIORS: dict[str, float] = {
    "non_response": -3.0,
    "boilerplate": -3.0,
    "fragment": -1.5,
    "short": -1.5,
    "opinion": -0.7,
    "prediction": -0.7,
    "hedge": -0.5,
}
@dataclass(slots=True)
class SentenceScore:
    score: float
    reasons: list[str]


@dataclass(slots=True)
class _Analysis:
    logit: float
    cues: Cues
    words: list[tuple[float, str]]  # the learned model's strongest word features
    cue_weight: dict[str, float]  # learned weight + prior for each cue present


_lock = threading.Lock()
_model: dict[str, Any] | None = None
# The last doc seen and whether it is fully annotated: an article's sentences arrive
# one after another, and the check scans the doc's tokens.
_last_doc: tuple[Any, bool] = (None, False)
_last_span: tuple[Any, Any, Any] = (None, None, None)
_layer_cache: tuple[Any, dict[str, Any], dict[str, float]] | None = None


def load_model() -> dict[str, Any]:
    """The artifact, parsed once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                with ARTIFACT_PATH.open(encoding="utf-8") as f:
                    raw = json.load(f)
                for part in ("full", "lex"):
                    dense = raw[part].get("dense")
                    if dense is not None:
                        import numpy as np

                        raw[part]["dense"] = np.asarray(dense, dtype="float32")
                _model = raw
    return _model


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def rule_prior(cues: Cues) -> dict[str, float]:
    """Fixed priors that apply to these cues (used by training to set the threshold)."""
    out: dict[str, float] = {}
    if cues.non_response:
        out["non_response"] = PRIORS["non_response"]
    if cues.boilerplate:
        out["boilerplate"] = PRIORS["boilerplate"]
    if cues.fragment:
        out["fragment"] = PRIORS["fragment"]
    if cues.words < 4:
        out["short"] = PRIORS["short"]
    for name in ("opinion", "prediction", "hedge", "question"):
        if name in PRIORS and getattr(cues, name):
            out[name] = PRIORS[name]
    return out


def _analyse_once(span: "Span | Doc") -> _Analysis:
    """_analyse, remembered for the last span: the extractor scores several claims
    of one sentence in a row. Callers must not mutate the result."""
    global _last_span
    key = (span.doc, getattr(span, "start", 0), getattr(span, "end", len(span)))
    last = _last_span
    if last[0] is key[0] and last[1] == key[1:]:
        return last[2]
    a = _analyse(span)
    _last_span = (key[0], key[1:], a)
    return a


def _analyse(span: "Span | Doc") -> _Analysis:
    global _last_doc
    model = load_model()
    doc = span.doc
    last = _last_doc
    if last[0] is doc:
        full = last[1]
    else:
        full = cw_features.has_full_annotation(doc)
        _last_doc = (doc, full)
    part = model["full"]
    dense = part.get("dense")
    if full and (dense is None or doc.tensor.shape[1] != dense.shape[0]):
        full = False
    if not full:
        part = model["lex"]
        dense = None
    feats, cues = cw_features.extract(span, full)
    weights: dict[str, float] = part["weights"]
    distinct = set(feats)
    # Rows were scaled by sqrt(norm_k / max(norm_min, distinct features)) in training.
    scale = (math.sqrt(part["norm_k"] / max(part.get("norm_min", 1), len(distinct)))
             if part.get("norm_k") else 1.0)
    total = 0.0
    words: list[tuple[float, str]] = []
    for f in distinct:
        w = weights.get(f)
        if w is None:
            continue
        total += w
        if w >= 0.3 and f[1] == ":" and f[0] in "wb":
            words.append((w, f))
    logit = part["bias"] + scale * total
    if dense is not None:
        vec = cw_features.pooled_tensor(span)
        if vec is not None:
            logit += float(vec @ dense)
    cue_weight: dict[str, float] = {}
    for name in cw_features.CUE_NAMES:
        if getattr(cues, name):
            cue_weight[name] = scale * weights.get("c:" + name, 0.0)
    if cues.number:
        # A number counts through its word feature as much as through the cue.
        cue_weight["number"] = cue_weight.get("number", 0.0) + scale * (
            weights.get("w:<num>", 0.0) if "w:<num>" in distinct else 0.0)
    for name, prior in rule_prior(cues).items():
        logit += prior
        cue_weight[name] = cue_weight.get(name, 0.0) + prior
    words.sort(reverse=True)
    return _Analysis(logit, cues, [x for x in words if not _is_function(x[1])][:3], cue_weight)


def _is_function(feature: str) -> bool:
    return any(part in _FUNCTION_WORDS for part in feature[2:].split("|"))


# ---------------------------------------------------------------- reasons


def _names(cues: Cues) -> str | None:
    kinds = [k for k, on in (("a person", cues.person), ("an organisation", cues.org),
                             ("a place", cues.place)) if on]
    if not kinds:
        return "names someone or something" if cues.named else None
    if len(kinds) == 1:
        return "names " + kinds[0]
    return "names " + ", ".join(kinds[:-1]) + " and " + kinds[-1]


def _word_phrase(feature: str) -> str:
    body = feature[2:].replace("<s>|", "").replace("|</s>", "").replace("|", " ")
    return body.replace("<num>", "#").replace("<year>", "####")


# Only content words make a readable reason ("voted", "tax cuts"), not "since" or ", which".
_CONTENT_RX = re.compile(r"[a-z][a-z'-]{3,}( [a-z][a-z'-]{2,})?")
_FUNCTION_WORDS = frozenset(
    "that this these those there their they them then than what when where which while with "
    "would could should have been being does doing from into onto over under about after "
    "before since because against also just only very more most some such here were will".split()
)

_NEGATIVE = {
    "non_response": "non-response line: ranked lower",
    "boilerplate": "page furniture, not a claim: ranked lower",
    "fragment": "heading or fragment: ranked lower",
    "short": "too short to be a claim: ranked lower",
    "opinion": "opinion: ranked lower",
    "prediction": "prediction: ranked lower",
    "hedge": "hedged: ranked lower",
    "question": "question: ranked lower",
}


def _reasons(a: _Analysis, *, named_speaker: str | None = None,
             layer: dict[str, float] | None = None) -> list[str]:
    c = a.cues
    ranked: list[tuple[float, str]] = []

    def helps(name: str) -> bool:
        # A cue is a reason only if the model that scored this weighs it upwards:
        # the sentence model's weight, plus the news layer's when it scored.
        w = a.cue_weight.get(name, 0.0) * (layer.get("__base__", 1.0) if layer else 1.0)
        return w + (layer.get("c:" + name, 0.0) if layer else 0.0) > 0

    # Positive evidence, weighted so the concrete, checkable things come first.
    if c.quantity and helps("quantity"):
        ranked.append((3.0, "contains a quantity"))
    elif c.number and helps("number"):
        ranked.append((2.9, "contains a number"))
    if c.comparison and (c.number or c.quantity) and helps("comparison"):
        ranked.append((2.5, "makes a comparison"))
    if c.legal and helps("legal"):
        ranked.append((2.4, "legal or official act"))
    if named_speaker:
        ranked.append((2.3, "attributed to a named source"))
    elif c.attribution and (c.person or c.org) and helps("attribution") and not layer:
        ranked.append((2.3, "attributed to a named source"))
    elif c.attribution and helps("attribution"):
        ranked.append((1.5, "attributed statement"))
    names = _names(c)
    if names:
        ranked.append((2.0, names))
    if c.date and helps("date"):
        ranked.append((1.8, "gives a date or time"))
    if c.past and helps("past") and not (c.opinion or c.prediction or c.non_response or c.boilerplate or c.fragment
                       or c.question):
        ranked.append((1.0, "reports a past event"))
    shown = [_word_phrase(f) for w, f in a.words if w >= 0.3]
    shown = [p for p in shown if _CONTENT_RX.fullmatch(p)][:2]
    if shown:
        ranked.append((1.2, "wording typical of checked claims: " + ", ".join(f'"{p}"' for p in shown)))
    # Down-ranking cues count only when they actually pull the score down.
    for name, phrase in _NEGATIVE.items():
        w = a.cue_weight.get(name)
        if w is None:
            continue
        if layer:
            w = w * layer.get("__base__", 1.0) + layer.get("c:" + name, 0.0)
        if w < -0.05:
            ranked.append((4.0 - w, phrase))
    if not ranked:
        # Nothing specific fired: say which way the wording as a whole leaned.
        ranked.append((0.0, "reads like a factual statement" if a.logit >= 0 else
                       "no checkable detail found"))
    ranked.sort(key=lambda x: -x[0])
    seen: list[str] = []
    for _, phrase in ranked:
        if phrase not in seen:
            seen.append(phrase)
    return seen[:5]


# ---------------------------------------------------------------- public API


def tier_for(score: float) -> str:
    if score >= HIGH_CUT:
        return "high"
    if score >= MEDIUM_CUT:
        return "medium"
    return "low"


def score_span(span: "Span | Doc") -> SentenceScore:
    """Score one sentence (a Span, or a Doc holding one sentence)."""
    a = _analyse(span)
    if a.cues.tokens == 0:
        return SentenceScore(0.0, ["empty"])
    return SentenceScore(round(_sigmoid(a.logit), 4), _reasons(a))


# Structure the extractor knows and a sentence alone does not show. The news layer
# (fitted on our labelled news articles, see bench/train_checkworthy.py) weighs these
# beside the sentence model's logit. Unknown structure (None) adds nothing.
def position_bucket(position: int | None) -> str | None:
    """Where a sentence sits in its article (0 = the first sentence, often the headline)."""
    if position is None or position < 0:
        return None
    if position == 0:
        return "pos:0"
    if position <= 2:
        return "pos:1-2"
    if position <= 5:
        return "pos:3-5"
    if position <= 10:
        return "pos:6-10"
    return "pos:11+"


_QUOTE_CHARS = ('"', "\u201c", "\u201d")
# Who says a claim is left out of the layer on purpose: the labelled news it is
# fitted on is a few hundred claims from one labeller, who marked many quoted
# opinions as not worth checking, and a layer that learnt "quotes rank lower" from
# them pushed down the politicians' statements fact-checkers check most
# (measured: the attribution-free layer keeps the held-out articles' selection
# targets; see README, Check-worthiness).  The sentence model still reads the
# words of a quote.
LAYER_CUES: tuple[str, ...] = (
    "number", "quantity", "date", "comparison", "person", "org", "place", "legal",
    "opinion", "prediction", "hedge", "question", "fragment", "past",
    "non_response", "boilerplate",
)


def layer_features(
    cues: Cues,
    *,
    kind: str | None,
    speaker: str | None,
    position: int | None = None,
    direct_quote: bool | None = None,
    sentence_text: str = "",
) -> list[str]:
    """The news layer's inputs for one claim (training calls this too)."""
    out = []
    if kind and kind != "quote":
        out.append("kind:" + kind)
    bucket = position_bucket(position)
    if bucket:
        out.append(bucket)
    for name in LAYER_CUES:
        if getattr(cues, name):
            out.append("c:" + name)
    if cues.words < 4:
        out.append("c:short")
    return out


def _claim_cues(shared: _Analysis, entities: "list[Entity] | None", claim_text: str | None) -> Cues:
    """The sentence's cues with what the claim's entities and text add (a copy only
    when they add something: the shared cues are never changed)."""
    cues = shared.cues
    person = org = place = quantity = False
    if entities:
        labels = {e.label for e in entities}
        person = not cues.person and bool(labels & cw_features.PERSONAL)
        org = not cues.org and bool(labels & cw_features.ORGS)
        place = not cues.place and bool(labels & cw_features.PLACES)
        quantity = not (cues.quantity and cues.number) and bool(labels & cw_features.QUANT_ENTS)
    number = (not cues.number and not quantity and bool(claim_text)
              and cw_features._DIGIT_RX.search(claim_text) is not None)
    if not (person or org or place or quantity or number):
        return cues
    cues = copy.copy(cues)
    cues.person |= person
    cues.org |= org
    cues.place |= place
    if quantity:
        cues.quantity = cues.number = True
    if number:
        cues.number = True
    return cues


def _span_text(span: "Span") -> str:
    # The extractor keeps the parsed text in user_data: slicing it is cheaper than
    # Span.text, which joins the tokens again.
    doc = span.doc
    text = doc.user_data.get("workbench_text") if doc.user_data else None
    if isinstance(text, str) and len(text) >= span.end_char:
        return text[span.start_char:span.end_char]
    return span.text


def _layer() -> tuple[dict[str, Any], dict[str, float]]:
    """The news layer, and its weights with the base weight under "__base__" (for reasons)."""
    global _layer_cache
    model = load_model()
    cached = _layer_cache
    if cached is None or cached[0] is not model:
        part = model["news"]
        cached = (model, part, dict(part["weights"], __base__=part["base"]))
        _layer_cache = cached
    return cached[1], cached[2]


def claim_inputs(
    sentence: "Span",
    *,
    kind: str | None,
    speaker: str | None,
    entities: "list[Entity] | None" = None,
    claim_text: str | None = None,
    position: int | None = None,
    direct_quote: bool | None = None,
) -> tuple[float, list[str], _Analysis]:
    """The sentence model's logit and the news layer's features of one claim."""
    shared = _analyse_once(sentence)
    cues = _claim_cues(shared, entities, claim_text)
    feats = layer_features(cues, kind=kind, speaker=speaker, position=position,
                           direct_quote=direct_quote,
                           sentence_text="" if direct_quote is not None else _span_text(sentence))
    a = _Analysis(shared.logit, cues, shared.words, shared.cue_weight)
    return shared.logit, feats, a


def score_claim(
    sentence: "Span",
    *,
    kind: str,
    speaker: str | None,
    entities: "list[Entity] | None" = None,
    claim_text: str | None = None,
    position: int | None = None,
    direct_quote: bool | None = None,
) -> tuple[float, str, list[str]]:
    """Score, tier and reasons of a claim extracted from ``sentence``.

    ``position`` is the sentence's index in its article (0 = first) and
    ``direct_quote`` whether the claim is a direct quotation; both are optional
    (None: unknown, no effect; a quote is then read from the sentence's quotation
    marks). The score is the news layer: the sentence model's logit weighed with
    the claim's kind, speaker, position and quotation, fitted on labelled news.
    """
    if _analyse_once(sentence).cues.tokens == 0:
        return 0.0, "low", ["empty"]
    base, feats, a = claim_inputs(sentence, kind=kind, speaker=speaker, entities=entities,
                                  claim_text=claim_text, position=position, direct_quote=direct_quote)
    layer, with_base = _layer()
    w = layer["weights"]
    base_part = layer["base"] * base
    parts = {f: w.get(f, 0.0) for f in feats}
    logit = layer["bias"] + base_part + sum(parts.values())
    score = round(_sigmoid(logit), 4)
    named = _named_speaker(speaker)
    reasons = _claim_reasons(a, parts, named_speaker=named, layer=with_base)
    return score, tier_for(score), reasons


_LAYER_PHRASES: dict[str, tuple[str, str]] = {
    # feature: (phrase when it raises the score, phrase when it lowers it)
    "kind:statistic": ("a statistic", "statistic: ranked lower"),
    "kind:event": ("reports an event", "event: ranked lower"),
    "kind:designation": ("legal or official designation", "designation: ranked lower"),
    "kind:quote": ("attributed statement", "attributed statement: ranked lower"),
    "kind:prediction": ("a forecast or pledge", "forecast: ranked lower"),
    "kind:opinion": ("opinion", "opinion: ranked lower"),
    "speaker:named": ("attributed to a named source", "named source: ranked lower"),
    "speaker:unnamed": ("attributed to an unnamed source", "unnamed source: ranked lower"),
    "pos:0": ("first line of the article", "first line of the article: ranked lower"),
    "pos:1-2": ("at the top of the article", "top of the article: ranked lower"),
    "pos:3-5": ("early in the article", "early in the article: ranked lower"),
    "pos:6-10": ("in the body of the article", "body of the article: ranked lower"),
    "pos:11+": ("late in the article", "late in the article: ranked lower"),
    "quote": ("direct quotation", "direct quotation: ranked lower"),
}


def _claim_reasons(a: _Analysis, parts: dict[str, float], *, named_speaker: str | None,
                   layer: dict[str, float]) -> list[str]:
    """Reasons from the layer's own terms, then the sentence model's cues."""
    ranked: list[tuple[float, str]] = []
    for f, w in parts.items():
        phrase = _LAYER_PHRASES.get(f)
        if phrase is None or abs(w) < 0.15:
            continue
        ranked.append((4.0 + abs(w), phrase[0] if w > 0 else phrase[1]))
    ranked.sort(key=lambda x: -x[0])
    seen = [p for _, p in ranked]
    for r in _reasons(a, named_speaker=named_speaker if parts.get("speaker:named", 0.0) > 0 else None,
                      layer=layer):
        if r not in seen and not (r == "attributed to a named source" and "named source: ranked lower" in seen):
            seen.append(r)
    return seen[:5]


def _named_speaker(speaker: str | None) -> str | None:
    """The speaker if it names someone (a capitalised word), not 'officials' or 'he'."""
    if not speaker:
        return None
    if any(w[:1].isupper() for w in speaker.split()[0:6]) and speaker.split()[0].lower() not in (
        "he", "she", "they", "it", "we", "i", "you"
    ):
        return speaker
    return None


def score_texts(texts: Iterable[str], nlp: "Language", batch_size: int = 256) -> Iterator[SentenceScore]:
    """One score per input text, in order; empty or blank texts score 0.

    Each text is scored as one sentence, whatever the pipeline's segmentation says.
    """
    def clipped(items: Iterable[str]) -> Iterator[str]:
        for t in items:
            t = "" if t is None else str(t)
            yield t[:MAX_CHARS]

    for doc in nlp.pipe(clipped(texts), batch_size=batch_size):
        yield score_span(doc[:])


# ---------------------------------------------------------------- transcripts

# A transcript (a debate, a speech, a press conference) is speech in order: a
# speaker making a checkable claim tends to make a run of them, and a line amid
# small talk is rarely the one a fact-checker picks. Each line's logit gains a share
# of each of its four nearest neighbours' on either side. Chosen by
# `bench/train_checkworthy.py --context-cv` on the 11 CT19 transcripts it reports on
# (MAP 0.299 alone, 0.328 with these; 0.326-0.328 for 4 to 6 neighbours at 0.075,
# so not a peak); the five held-out transcripts were only measured after (README,
# "CT19, as measured"). Not used for articles: on our news articles context of the
# same kind lowered per-article AP on the dev articles (0.959 -> 0.953 and less).
CONTEXT_WEIGHTS: tuple[float, ...] = (0.075, 0.075, 0.075, 0.075)
_CONTEXT_REASON = 0.5  # logits of context that earn a reason (the last one)


def _clipped_logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1.0 - 1e-4)
    return math.log(p / (1.0 - p))


def context_parts(scores: list[float], empty: list[bool] | None = None) -> list[float]:
    """What each line's neighbours add to its logit (CONTEXT_WEIGHTS). Empty lines
    neither gain nor give context; a missing neighbour (the ends) adds nothing."""
    empty = empty or [False] * len(scores)
    kept = [i for i, e in enumerate(empty) if not e]
    z = [_clipped_logit(scores[i]) for i in kept]
    parts = [0.0] * len(scores)
    for k, i in enumerate(kept):
        add = 0.0
        for d, w in enumerate(CONTEXT_WEIGHTS, 1):
            if k - d >= 0:
                add += w * z[k - d]
            if k + d < len(z):
                add += w * z[k + d]
        parts[i] = add
    return parts


def score_transcript(texts: Iterable[str], nlp: "Language", batch_size: int = 256) -> list[SentenceScore]:
    """Scores of a transcript's lines, in order: each line by the sentence model, then
    ranked with its neighbours (CONTEXT_WEIGHTS). Empty lines score 0."""
    alone = list(score_texts(texts, nlp, batch_size=batch_size))
    empty = [r.reasons == ["empty"] for r in alone]
    parts = context_parts([r.score for r in alone], empty)
    out = []
    for r, e, add in zip(alone, empty, parts):
        if e:
            out.append(r)
            continue
        reasons = list(r.reasons)
        if add >= _CONTEXT_REASON:
            reasons = [*reasons[:4], "amid check-worthy lines"]
        elif add <= -_CONTEXT_REASON:
            reasons = [*reasons[:4], "amid lines with no checkable claim: ranked lower"]
        out.append(SentenceScore(round(_sigmoid(_clipped_logit(r.score) + add), 4), reasons))
    return out
