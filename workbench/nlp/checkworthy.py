"""Check-worthiness: a score 0..1, a tier and readable reasons for a sentence or claim.

The score is a linear model (sparse word/tag/entity features plus the mean tok2vec
vector) trained on debate sentences, plus fixed rule priors for what debates never
show but news pages do (non-responses, page clutter, headings). Opinion, prediction,
hedge and question cues are features the model learned from data; the kind a claim
extractor assigns is folded in by :func:`score_claim` without counting a cue twice.

The artifact is JSON (no code runs on load), read once per process on first use.
Logits are shifted at training time so that 0.5 is the yes/no cut of both models.
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
ARTIFACT_VERSION = "cw-61aa413d69"
RULES_VERSION = "r2"
MODEL_VERSION: str = f"{ARTIFACT_VERSION}+{RULES_VERSION}"

THRESHOLD: float = 0.5
# Tiers: "low" is what `workbench score` says no to; "high" is about the top quarter
# of a real article's statements (23% of the seed article's at 0.95; our claim-dense
# test articles, half of whose statements are claims, get 40-50%). Printed by
# bench/eval_checkworthy.py section 3b.
HIGH_CUT = 0.95
MEDIUM_CUT = THRESHOLD

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
# What a claim's kind adds, in logit units, when the sentence itself did not already
# show it (see score_claim).
KIND_PRIORS: dict[str, float] = {
    "statistic": 0.3,
    "designation": 0.3,
    "event": 0.0,
    "quote": 0.0,
    "prediction": -1.0,
    "opinion": -1.2,
}
NAMED_SPEAKER_BONUS = 0.2


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


def _reasons(a: _Analysis, *, named_speaker: str | None = None, kind_note: str | None = None) -> list[str]:
    c = a.cues
    ranked: list[tuple[float, str]] = []
    # Positive evidence, weighted so the concrete, checkable things come first.
    if c.quantity:
        ranked.append((3.0, "contains a quantity"))
    elif c.number:
        ranked.append((2.9, "contains a number"))
    if c.comparison and (c.number or c.quantity):
        ranked.append((2.5, "makes a comparison"))
    if c.legal:
        ranked.append((2.4, "legal or official act"))
    if named_speaker:
        ranked.append((2.3, "attributed to a named source"))
    elif c.attribution and (c.person or c.org):
        ranked.append((2.3, "attributed to a named source"))
    elif c.attribution:
        ranked.append((1.5, "attributed statement"))
    names = _names(c)
    if names:
        ranked.append((2.0, names))
    if c.date:
        ranked.append((1.8, "gives a date or time"))
    if c.past and not (c.opinion or c.prediction or c.non_response or c.boilerplate or c.fragment
                       or c.question):
        ranked.append((1.0, "reports a past event"))
    shown = [_word_phrase(f) for w, f in a.words if w >= 0.3]
    shown = [p for p in shown if _CONTENT_RX.fullmatch(p)][:2]
    if shown:
        ranked.append((1.2, "wording typical of checked claims: " + ", ".join(f'"{p}"' for p in shown)))
    # Down-ranking cues count only when they actually pull the score down.
    for name, phrase in _NEGATIVE.items():
        w = a.cue_weight.get(name)
        if w is not None and w < -0.05:
            ranked.append((4.0 - w, phrase))
    if kind_note:
        ranked.append((5.0, kind_note))
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


def score_claim(
    sentence: "Span",
    *,
    kind: str,
    speaker: str | None,
    entities: "list[Entity] | None" = None,
    claim_text: str | None = None,
) -> tuple[float, str, list[str]]:
    """Score, tier and reasons of a claim extracted from ``sentence``.

    The kind moves the score only by what the sentence's own cues did not already
    account for: an opinion sentence already scored as opinion is not pushed down
    again, and a statistic whose number the features saw gets no second bonus.
    """
    shared = _analyse_once(sentence)
    if shared.cues.tokens == 0:
        return 0.0, "low", ["empty"]
    a = _Analysis(shared.logit, copy.copy(shared.cues), shared.words, shared.cue_weight)
    if entities is not None:
        labels = {e.label for e in entities}
        a.cues.person = a.cues.person or bool(labels & cw_features.PERSONAL)
        a.cues.org = a.cues.org or bool(labels & cw_features.ORGS)
        a.cues.place = a.cues.place or bool(labels & cw_features.PLACES)
        if labels & cw_features.QUANT_ENTS:
            a.cues.quantity = a.cues.number = True
    if claim_text and not a.cues.number and cw_features._DIGIT_RX.search(claim_text):
        a.cues.number = True

    logit = a.logit
    note = None
    prior = KIND_PRIORS.get(kind, 0.0)
    if prior < 0:
        cue = "opinion" if kind == "opinion" else "prediction"
        already = min(0.0, a.cue_weight.get(cue, 0.0))
        if kind == "prediction":
            already = min(already, a.cue_weight.get("hedge", 0.0))
        extra = min(0.0, prior - already)
        logit += extra
        if extra < 0 or already < 0:
            note = f"{cue}: ranked lower"
    elif prior > 0:
        seen = a.cues.number if kind == "statistic" else a.cues.legal
        if not seen:
            logit += prior
    named = _named_speaker(speaker)
    if named and not a.cues.attribution:
        logit += NAMED_SPEAKER_BONUS
    score = round(_sigmoid(logit), 4)
    reasons = _reasons(a, named_speaker=named, kind_note=note)
    return score, tier_for(score), reasons


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
