"""Learning from the desk: a local check-worthiness model fitted on the team's own decisions.

    examples = [Example(...), ...]          # every claim the desk decided, plus its context
    ev = evaluate(examples)                 # grouped cross-validation: does it beat the prior?
    model = fit(examples)                   # LearnError on too few labels or one class
    text = model.to_json()                  # stored in or beside the database
    model = LocalModel.from_json(text)      # plain JSON: no code runs on load
    scored = rescore(model, queue)          # score, tier and reasons for unreviewed claims

A verdict is the label "check-worthy" (1) and a dismissal "not check-worthy" (0).
The local model is a logistic regression whose first input is the shipped model's
logit (the prior, see checkworthy.py), and whose other inputs are what the store
keeps for every claim: the claim's words, its kind, whether its speaker is named,
its position in the article, numbers, quotation marks and the shipped model's
reasons (what its parse saw: opinion, quantity, non-response...). The prior's weight is
regularised towards 1 and every other weight towards 0, so with a few labels the
local model is the prior, and with many it learns what this desk checks and what
it dismisses. No spaCy parse is needed, so a refit takes a fraction of a second
even at 10,000 labels (bench/bench_learn.py measures it).

Scores are for ranking. Tiers of a local model keep the shares of the queue that
the shipped tiers had (see :func:`fit`), so "high" stays the top of the queue.

Size: the features, the solver, the grouped evaluation and the JSON form are one
model: a model read from JSON must be scored by the same features it was fitted on.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

FORMAT = "workbench-desk-model"
FORMAT_VERSION = 1
# Bump when features() changes: a stored model with another value is refused.
FEATURES_VERSION = "desk-f2"

MIN_LABELS = 20
MIN_PER_CLASS = 5
MIN_DOCUMENTS = 2
MIN_EVAL_DOCUMENTS = 5  # evaluate says "beats" only over at least this many documents
DEFAULT_C = 0.3
MIN_DF = 2
# The prior's weight is held towards 1 this many times harder than a structural
# feature (kind, speaker, position...) towards 0: one odd label must not undo the
# shipped model. Words are held WORD_PENALTY times harder than structure.
PRIOR_STIFFNESS = 10.0
WORD_PENALTY = 4.0
MIN_GAIN = 0.005  # mean average precision the local model must gain to be used
AGREE = 0.001  # average precision apart in every fold: the desk ranks as the prior does
_CLIP = 1e-4


class LearnError(ValueError):
    """Bad input for learning: the message is one line, for the reviewer."""


@dataclass(slots=True, kw_only=True)
class Example:
    """One claim as the store keeps it, and the desk's decision when there is one."""

    claim_id: int | str
    document: int | str  # cross-validation never splits a document
    text: str  # the claim as the reviewer reads it
    kind: str
    prior: float  # the shipped model's score, 0..1 (not a local model's)
    speaker: str | None = None
    position: int | None = None  # sentence index in the article, from 0
    prior_reasons: Sequence[str] = ()
    label: int | None = None  # 1 = verdict (check-worthy), 0 = dismissed


@dataclass(slots=True)
class Scored:
    score: float
    tier: str
    reasons: list[str]
    model_version: str


# ---------------------------------------------------------------- features

_TOKEN_RX = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*|[%$£€]")
_QUOTE_RX = re.compile(r"[\"“”]")
_STOP = frozenset(
    "the a an of to in and or for on at by with from as is are was were be been it its this that "
    "these those there their they he she his her we our you your i has have had not but".split()
)
_PRONOUNS = frozenset("he she they it we i you his her their its our officials".split())


def _word(tok: str) -> str:
    if tok[0].isdigit():
        digits = tok.replace(",", "").replace(".", "")
        if len(digits) == 4 and digits[:2] in ("19", "20") and "," not in tok:
            return "<year>"
        return "<num>"
    return tok


def named_speaker(speaker: str | None) -> bool:
    """A speaker with a capitalised name ("Maria Lopez, IMF"), not "officials" or "he"."""
    if not speaker or not speaker.strip():
        return False
    words = speaker.split()
    return words[0].lower() not in _PRONOUNS and any(w[:1].isupper() for w in words[:6])


def position_bucket(position: int | None) -> str:
    if position is None:
        return "unknown"
    if position <= 1:
        return "lede"
    if position <= 5:
        return "early"
    if position <= 15:
        return "middle"
    return "late"


def features(ex: Example) -> list[str]:
    """Feature names of one claim, from what the store keeps (no parse)."""
    text = (ex.text or "").lower()
    toks = [_word(t) for t in _TOKEN_RX.findall(text)]
    out = {"k:" + (ex.kind or "none"), "pos:" + position_bucket(ex.position)}
    if ex.speaker and ex.speaker.strip():
        out.add("sp:named" if named_speaker(ex.speaker) else "sp:unnamed")
    else:
        out.add("sp:none")
    if any(t in ("<num>", "%", "$", "£", "€") for t in toks):
        out.add("num")
    if _QUOTE_RX.search(ex.text or ""):
        out.add("quote")
    n = len(toks)
    out.add("len:" + ("short" if n < 8 else "medium" if n < 20 else "long"))
    for r in ex.prior_reasons:
        # The shipped model's reasons carry what its parse saw (opinion, quantity,
        # non-response...); wording reasons quote words, which the words cover.
        if '"' not in r and len(r) < 80:
            out.add("r:" + r)
    prev = "<s>"
    for t in toks:
        if t not in _STOP:
            out.add("w:" + t)
        out.add("b:" + prev + " " + t)
        prev = t
    return sorted(out)


# ---------------------------------------------------------------- the model


def _logit(p: float) -> float:
    p = min(max(float(p), _CLIP), 1.0 - _CLIP)
    return math.log(p / (1.0 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(slots=True)
class LocalModel:
    version: str
    prior_version: str
    bias: float
    prior_weight: float
    weights: dict[str, float]
    norm_k: float
    tier_cuts: dict[str, float]  # "high" and "medium": lowest score of each tier
    counts: dict[str, int]
    params: dict[str, float] = field(default_factory=dict)

    # ------------------------------------------------------------ scoring

    def _contributions(self, ex: Example) -> tuple[float, float, list[tuple[float, str]]]:
        feats = features(ex)
        scale = math.sqrt(self.norm_k / max(len(feats), 1))
        parts = []
        for f in feats:
            w = self.weights.get(f)
            if w:
                parts.append((w * scale, f))
        prior_part = self.prior_weight * _logit(ex.prior)
        return self.bias + prior_part + sum(c for c, _ in parts), prior_part, parts

    def score(self, ex: Example) -> float:
        return round(_sigmoid(self._contributions(ex)[0]), 4)

    def tier(self, score: float) -> str:
        if score >= self.tier_cuts["high"]:
            return "high"
        if score >= self.tier_cuts["medium"]:
            return "medium"
        return "low"

    def explain(self, ex: Example) -> list[str]:
        """Reasons from this model's own terms: what moved the score, largest first."""
        total, prior_part, parts = self._contributions(ex)
        ranked: list[tuple[float, str]] = []
        for c, f in parts:
            phrase = _feature_phrase(f, c)
            if phrase and abs(c) >= 0.1:
                ranked.append((abs(c), phrase))
        # The shipped model is one input of this one: its reasons stand for its share.
        if abs(prior_part) >= 0.1 and ex.prior_reasons:
            for k, r in enumerate(list(ex.prior_reasons)[:2]):
                ranked.append((abs(prior_part) / (k + 1), "shipped model: " + r))
        ranked.sort(key=lambda x: -x[0])
        out: list[str] = []
        for _, phrase in ranked:
            phrase = phrase[:79]
            if phrase not in out:
                out.append(phrase)
        if not out:
            out.append("desk model: no decided claim was like this one")
        return out[:5]

    # ------------------------------------------------------------ JSON

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "features": FEATURES_VERSION,
            "version": self.version,
            "prior_version": self.prior_version,
            "counts": self.counts,
            "params": self.params,
            "bias": self.bias,
            "prior_weight": self.prior_weight,
            "norm_k": self.norm_k,
            "tier_cuts": self.tier_cuts,
            "weights": self.weights,
        }, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> LocalModel:
        try:
            raw = json.loads(text)
        except (ValueError, TypeError) as e:
            raise LearnError(f"desk model: not JSON ({e})") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise LearnError("desk model: not a workbench desk model")
        if raw.get("format_version") != FORMAT_VERSION or raw.get("features") != FEATURES_VERSION:
            raise LearnError(
                f"desk model: format {raw.get('format_version')}/{raw.get('features')} is not "
                f"{FORMAT_VERSION}/{FEATURES_VERSION}; run learn again")
        try:
            weights = {str(k): float(v) for k, v in raw["weights"].items()}
            cuts = {"high": float(raw["tier_cuts"]["high"]), "medium": float(raw["tier_cuts"]["medium"])}
            model = cls(
                version=str(raw["version"]), prior_version=str(raw["prior_version"]),
                bias=float(raw["bias"]), prior_weight=float(raw["prior_weight"]), weights=weights,
                norm_k=float(raw["norm_k"]), tier_cuts=cuts,
                counts={str(k): int(v) for k, v in raw["counts"].items()},
                params={str(k): float(v) for k, v in raw.get("params", {}).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise LearnError(f"desk model: missing or bad field ({e})") from None
        if not all(math.isfinite(v) for v in [model.bias, model.prior_weight, *weights.values()]):
            raise LearnError("desk model: non-finite weight")
        return model


def _feature_phrase(f: str, c: float) -> str | None:
    up = c > 0
    tail = "" if up else ": ranked lower"
    verb = "checks" if up else "dismisses"
    head, _, body = f.partition(":")
    if head == "w":
        body = body.replace("<num>", "#").replace("<year>", "####")
        return f'the desk {verb} claims with "{body}"{tail}'
    if head == "b":
        a, _, b = body.partition(" ")
        if a in _STOP and b in _STOP or "<s>" in a and b in _STOP:
            return None
        words = body.replace("<s> ", "").replace("<num>", "#").replace("<year>", "####")
        return f'the desk {verb} claims with "{words}"{tail}'
    if head == "k":
        return f"the desk {verb} {body} claims{tail}"
    if head == "sp":
        what = {"named": "with a named speaker", "unnamed": "with an unnamed speaker",
                "none": "with no speaker"}[body]
        return f"the desk {verb} claims {what}{tail}"
    if head == "pos":
        what = {"lede": "at the top of an article", "early": "early in an article",
                "middle": "in the middle of an article", "late": "late in an article",
                "unknown": "of unknown position"}[body]
        return f"the desk {verb} claims {what}{tail}"
    if f == "num":
        return f"the desk {verb} claims with numbers{tail}"
    if f == "quote":
        return f"the desk {verb} quoted claims{tail}"
    if head == "len":
        return f"the desk {verb} {body} claims{tail}"
    if head == "r":
        body = body.replace(": ranked lower", "")
        return f"the desk {verb} claims the shipped model calls {body}{tail}"[:79]
    return None


# ---------------------------------------------------------------- fitting


def _check(labelled: list[Example]) -> None:
    n = len(labelled)
    pos = sum(1 for e in labelled if e.label == 1)
    neg = n - pos
    docs = len({e.document for e in labelled})
    if n < MIN_LABELS:
        raise LearnError(f"too few decisions to learn from: {n} (need at least {MIN_LABELS})")
    if pos == 0 or neg == 0:
        only = "verdicts" if neg == 0 else "dismissals"
        raise LearnError(f"only {only} so far: a model needs both verdicts and dismissals")
    if min(pos, neg) < MIN_PER_CLASS:
        raise LearnError(
            f"too few of one kind: {pos} verdicts and {neg} dismissals "
            f"(need at least {MIN_PER_CLASS} of each)")
    if docs < MIN_DOCUMENTS:
        raise LearnError(f"decisions from {docs} document only: need at least {MIN_DOCUMENTS}")


def _labelled(examples: Iterable[Example]) -> list[Example]:
    out = []
    for e in examples:
        if e.label is None:
            continue
        if e.label not in (0, 1):
            raise LearnError(f"claim {e.claim_id}: label {e.label!r} is neither 0 nor 1")
        if not (isinstance(e.prior, (int, float)) and math.isfinite(e.prior)):
            raise LearnError(f"claim {e.claim_id}: prior score {e.prior!r} is not a number")
        out.append(e)
    return out


class _Design:
    """Sparse rows (COO arrays) of the labelled examples over a fixed vocabulary."""

    def __init__(self, feats: list[list[str]], names: list[str], norm_k: float):
        index = {f: i for i, f in enumerate(names)}
        get = index.get
        ids = [[j for j in map(get, fs) if j is not None] for fs in feats]
        lengths = np.asarray([len(fs) for fs in feats], dtype=np.float64)
        counts = np.asarray([len(x) for x in ids], dtype=np.int64)
        self.n, self.d = len(feats), len(names)
        self.rows = np.repeat(np.arange(self.n, dtype=np.int64), counts)
        self.cols = np.fromiter((j for x in ids for j in x), dtype=np.int64, count=int(counts.sum()))
        self.vals = np.repeat(np.sqrt(norm_k / np.maximum(lengths, 1.0)), counts)

    def dot(self, theta: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=self.vals * theta[self.cols], minlength=self.n)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=self.vals * r[self.rows], minlength=self.d)


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # einsum, not BLAS: on a busy 2-core machine BLAS's threads cost more than the sum.
    return float(np.einsum("i,i->", a, b))


def _lbfgs(fg, x0: np.ndarray, *, max_iter: int = 300, memory: int = 10, tol: float = 1e-5) -> np.ndarray:
    """Minimise a smooth convex function given f and its gradient (deterministic L-BFGS)."""
    x = x0.copy()
    f, g = fg(x)
    ss: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for _ in range(max_iter):
        if float(np.abs(g).max()) <= tol * max(1.0, abs(f)):
            break
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(ss), reversed(ys)):
            a = _dot(s, q) / _dot(y, s)
            alphas.append(a)
            q -= a * y
        if ss:
            q *= _dot(ss[-1], ys[-1]) / _dot(ys[-1], ys[-1])
        else:
            q /= max(1.0, math.sqrt(_dot(g, g)))
        for (s, y), a in zip(zip(ss, ys), reversed(alphas)):
            b = _dot(y, q) / _dot(y, s)
            q += (a - b) * s
        d = -q
        gd = _dot(g, d)
        if gd >= 0:
            d, gd = -g, -_dot(g, g)
        step = 1.0
        while True:
            xn = x + step * d
            fn, gn = fg(xn)
            if fn <= f + 1e-4 * step * gd or step < 1e-10:
                break
            step *= 0.5
        s, y = xn - x, gn - g
        if _dot(s, y) > 1e-12:
            ss.append(s)
            ys.append(y)
            if len(ss) > memory:
                ss.pop(0)
                ys.pop(0)
        # Ranking needs no more digits than this; it halves the iterations.
        done = abs(f - fn) <= 1e-7 * max(1.0, abs(f))
        x, f, g = xn, fn, gn
        if done:
            break
    return x


def fit(
    examples: Iterable[Example],
    *,
    prior_version: str | None = None,
    population: Iterable[Example] | None = None,
    C: float = DEFAULT_C,
    min_df: int = MIN_DF,
) -> LocalModel:
    """A local model from the labelled examples (those whose label is 0 or 1).

    ``population`` (default: the labelled examples) is what the tier cuts are set on:
    each tier gets the share of it that the shipped tiers give the prior scores.
    Raises LearnError, with a one-line message, on too few labels, one class or one
    document.
    """
    labelled = _labelled(examples)
    _check(labelled)
    return _fit(labelled, [features(e) for e in labelled], prior_version=prior_version,
                population=population, C=C, min_df=min_df)


def _fit(labelled: list[Example], feats: list[list[str]], *, prior_version: str | None,
         population: Iterable[Example] | None, C: float, min_df: int) -> LocalModel:
    from workbench.nlp import checkworthy

    prior_version = prior_version or checkworthy.MODEL_VERSION
    df = Counter(f for fs in feats for f in fs)
    names = sorted(f for f, n in df.items() if n >= min_df)
    norm_k = 12.0
    X = _Design(feats, names, norm_k)
    y = np.asarray([float(e.label) for e in labelled])
    offset = np.asarray([_logit(e.prior) for e in labelled])
    lam_a = PRIOR_STIFFNESS / C
    # Words tie a model to the topics of the documents it saw, structure does not:
    # a word is held towards 0 WORD_PENALTY times harder than a structural feature.
    lam = np.asarray([(WORD_PENALTY if n[:2] in ("w:", "b:") else 1.0) / C for n in names])

    def fg(params: np.ndarray) -> tuple[float, np.ndarray]:
        b, a, theta = params[0], params[1], params[2:]
        z = b + a * offset + X.dot(theta)
        loss = float(np.logaddexp(0.0, z).sum()) - _dot(y, z)
        r = 1.0 / (1.0 + np.exp(-z)) - y
        loss += 0.5 * _dot(lam * theta, theta) + 0.5 * lam_a * (a - 1.0) ** 2 + 0.5 * 0.01 * b * b
        grad = np.empty_like(params)
        grad[0] = r.sum() + 0.01 * b
        grad[1] = _dot(r, offset) + lam_a * (a - 1.0)
        grad[2:] = X.tdot(r) + lam * theta
        return loss, grad

    x0 = np.zeros(2 + len(names))
    x0[1] = 1.0
    params = _lbfgs(fg, x0)
    weights = {n: round(float(w), 4) for n, w in zip(names, params[2:]) if abs(w) >= 1e-3}
    counts = {
        "labels": len(labelled),
        "verdicts": int(y.sum()),
        "dismissals": int(len(y) - y.sum()),
        "documents": len({e.document for e in labelled}),
    }
    model = LocalModel(
        version="", prior_version=prior_version, bias=round(float(params[0]), 5),
        prior_weight=round(float(params[1]), 5), weights=dict(sorted(weights.items())), norm_k=norm_k,
        tier_cuts={"high": 1.0, "medium": 1.0}, counts=counts, params={"C": C, "min_df": min_df, "word_penalty": WORD_PENALTY},
    )
    if population is None:
        # The labelled examples' scores, from the design already built.
        z = params[0] + params[1] * offset + X.dot(params[2:])
        scores = [round(_sigmoid(float(v)), 4) for v in z]
        model.tier_cuts = _matched_cuts(model, labelled, scores)
    else:
        model.tier_cuts = _matched_cuts(model, list(population))
    body = model.to_json()
    model.version = "desk-" + hashlib.sha256(body.encode()).hexdigest()[:10]
    return model


def _matched_cuts(model: LocalModel, population: list[Example],
                  scores: list[float] | None = None) -> dict[str, float]:
    """Cuts that give each tier the share of ``population`` the shipped tiers give it."""
    from workbench.nlp import checkworthy

    if not population:
        return {"high": checkworthy.HIGH_CUT, "medium": checkworthy.MEDIUM_CUT}
    prior_tiers = Counter(checkworthy.tier_for(e.prior) for e in population)
    if scores is None:
        scores = [model.score(e) for e in population]
    scores = sorted(scores, reverse=True)
    n = len(scores)
    cuts = {}
    taken = 0
    for tier in ("high", "medium"):
        taken += prior_tiers.get(tier, 0)
        cuts[tier] = scores[taken - 1] if taken > 0 else 1.0 + 1e-9
        if taken >= n:
            cuts[tier] = 0.0
    cuts["medium"] = min(cuts["medium"], cuts["high"])
    return cuts


def rescore(model: LocalModel, examples: Iterable[Example]) -> list[Scored]:
    """Score, tier and reasons of each example under ``model``, in order."""
    out = []
    for e in examples:
        s = model.score(e)
        out.append(Scored(s, model.tier(s), model.explain(e), model.version))
    return out


# ---------------------------------------------------------------- evaluation


@dataclass(slots=True)
class FoldResult:
    documents: int
    labels: int
    prior_ap: float
    local_ap: float
    prior_p5: float
    local_p5: float


@dataclass(slots=True)
class Evaluation:
    labels: int
    documents: int
    folds: list[FoldResult]
    prior_ap: float
    local_ap: float
    prior_p5: float
    local_p5: float
    beats_prior: bool
    message: str


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    order = sorted(range(len(labels)), key=lambda i: (-scores[i], i))
    hits = 0
    total = 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def precision_at(labels: Sequence[int], scores: Sequence[float], k: int = 5) -> float:
    order = sorted(range(len(labels)), key=lambda i: (-scores[i], i))[:k]
    return sum(labels[i] for i in order) / len(order) if order else 0.0


def per_document_precision(examples: Sequence[Example], scores: Sequence[float], k: int = 5) -> float:
    """Mean over documents of the precision of the top ``k`` decided claims."""
    by: dict[int | str, list[int]] = {}
    for i, e in enumerate(examples):
        by.setdefault(e.document, []).append(i)
    values = [precision_at([examples[i].label for i in idx], [scores[i] for i in idx], k)
              for idx in by.values()]
    return sum(values) / len(values) if values else 0.0


def evaluate(examples: Iterable[Example], *, folds: int = 5, C: float = DEFAULT_C) -> Evaluation:
    """Does a local model beat the prior on the desk's own labels?

    Cross-validation grouped by document: each fold's documents are scored by a model
    fitted on the other folds only. "Beats" means a higher mean average precision over
    the folds by at least MIN_GAIN, top-5 precision no worse, and more folds won than
    lost. Raises LearnError as fit does.
    """
    labelled = _labelled(examples)
    _check(labelled)
    docs = sorted({e.document for e in labelled}, key=lambda d: (str(type(d)), d))
    k = max(2, min(folds, len(docs)))
    # Documents go to folds round-robin in a fixed order: deterministic and grouped.
    fold_of = {d: i % k for i, d in enumerate(docs)}
    results: list[FoldResult] = []
    feats = [features(e) for e in labelled]  # once, shared by the folds
    for i in range(k):
        inside = [n for n, e in enumerate(labelled) if fold_of[e.document] != i]
        train = [labelled[n] for n in inside]
        test = [e for e in labelled if fold_of[e.document] == i]
        y = [e.label for e in test]
        if not test or len(set(y)) < 2:
            continue
        try:
            _check(train)
        except LearnError:
            continue
        model = _fit(train, [feats[n] for n in inside], prior_version="cv", population=None,
                     C=C, min_df=MIN_DF)
        local = [model.score(e) for e in test]
        prior = [e.prior for e in test]
        results.append(FoldResult(
            documents=len({e.document for e in test}), labels=len(test),
            prior_ap=average_precision(y, prior), local_ap=average_precision(y, local),
            prior_p5=per_document_precision(test, prior), local_p5=per_document_precision(test, local),
        ))
    if not results:
        raise LearnError("no fold had both verdicts and dismissals to test on: decide more claims")

    def mean(attr: str) -> float:
        return round(sum(getattr(r, attr) for r in results) / len(results), 4)

    wins = sum(r.local_ap > r.prior_ap for r in results)
    losses = sum(r.local_ap < r.prior_ap for r in results)
    p_ap, l_ap = mean("prior_ap"), mean("local_ap")
    # A tie or a hair's gain is noise on a few hundred labels: the prior stays.
    beats = l_ap >= p_ap + MIN_GAIN and mean("local_p5") >= mean("prior_p5") and wins > losses
    verdict = "beats" if beats else "does not beat"
    message = (f"desk model {verdict} the shipped model over {len(results)} folds of "
               f"{len(labelled)} decisions: average precision {l_ap:.3f} vs {p_ap:.3f}, "
               f"top-5 precision {mean('local_p5'):.3f} vs {mean('prior_p5'):.3f}")
    if not beats and all(abs(r.local_ap - r.prior_ap) < AGREE for r in results):
        # Not a failure of the desk model: where the desk has decided, the shipped
        # model already ranks as the desk does, so its decisions have nothing to teach
        # yet (bench_learn measures this on debates the shipped model's data resembles).
        message += "; the decisions so far agree with the shipped model's ranking"
    if beats and len(docs) < MIN_EVAL_DOCUMENTS:
        # Folds of one or two documents say more about those documents than the desk.
        beats = False
        message = (f"desk model not used yet: decisions from {len(docs)} documents, "
                   f"{MIN_EVAL_DOCUMENTS} needed to show it beats the shipped model "
                   f"(average precision {l_ap:.3f} vs {p_ap:.3f})")
    return Evaluation(
        labels=len(labelled), documents=len(docs), folds=results, prior_ap=p_ap, local_ap=l_ap,
        prior_p5=mean("prior_p5"), local_p5=mean("local_p5"), beats_prior=beats, message=message,
    )
