"""Fit the matcher's ranking model on the CheckThat! train splits; write workbench/seen/data/model.json.

    .venv/bin/python bench/train_match.py [--out workbench/seen/data/model.json]

For each field weighting of the first stage (claim, title, summary), every
train query of both sets (tweets, debates) is pooled by FTS5 bm25() and each
pooled candidate turned into the matcher's features; a logistic regression
(L2, Newton's method, numpy) learns relevant-vs-not over the pooled rows of
both sets together, so one model serves tweets, debates and news claims alike.
The field weighting kept is the one with the best mean train MAP@5; dev is
only reported (bench_match.py selects nothing either: it measures).

Thresholds, from the train pools:
- ``match``: the lowest score at which a claim's top candidate is right at
  least 90% of the time;
- ``suggest``: the highest score that still shows 90% of the relevant
  fact-checks ranked in a claim's top 10.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import match_data  # noqa: E402
from workbench.seen.matcher import FEATURES, Matcher, Model  # noqa: E402
from workbench.seen.text import stems  # noqa: E402

FIELD_WEIGHTS = [(1.0, 1.0, 0.5), (1.0, 0.5, 0.5), (1.0, 1.0, 0.25)]
# Chosen on dev (bench_match.py) among pools of 50/60/100, budgets of 0.02-0.3 x the index,
# at least 3-10 and at most 8-12 terms: the budget and the cap trade tweets' long queries
# against the time of one claim against 100,000; the pool of 100 gains debates recall.
POOL = 100
BUDGET = 0.1
MIN_TERMS = 6
MAX_TERMS = 12


def pooled_features(matcher: Matcher, ds: match_data.Dataset, ids: dict[int, str],
                    qrels: dict[str, set[str]], encoder=None) -> list[tuple[str, list[int], np.ndarray, np.ndarray]]:
    """(query id, rowids, features, labels) for every query of ``qrels``; with ``encoder``, plus the cosine."""
    from workbench.seen import embed
    from workbench.seen.matcher import _day

    out = []
    matcher._refresh_stats()
    for qid, relevant in qrels.items():
        query = list(dict.fromkeys(stems(ds.queries[qid])))
        pooled = matcher.pool(query)
        if not pooled:
            out.append((qid, [], np.zeros((0, len(FEATURES) + (encoder is not None))), np.zeros(0)))
            continue
        when = ds.when(qid)
        matcher._features(query, pooled, matcher._meta(pooled), _day(when), ds.speaker(qid))
        if encoder is not None:
            mine = encoder.encode([ds.queries[qid]])[0]
            stored = embed.vectors(matcher.conn, [p.rowid for p in pooled], encoder.dimensions)
            for p in pooled:
                p.features.append(float(stored[p.rowid] @ mine) if p.rowid in stored else 0.0)
        x = np.array([p.features for p in pooled], dtype=float)
        y = np.array([1.0 if ids.get(p.rowid) in relevant else 0.0 for p in pooled])
        out.append((qid, [p.rowid for p in pooled], x, y))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, means: np.ndarray | None = None,
        scales: np.ndarray | None = None) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    if means is None or scales is None:
        means = x.mean(axis=0)
        scales = x.std(axis=0)
        scales[scales < 1e-9] = 1.0
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -40, 40)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1]), means, scales


def ranked_run(model: Model, pools, ids: dict[int, str]) -> tuple[dict[str, list[str]], list[tuple[str, np.ndarray, list[int]]]]:
    """The ranker's order per query, and the level scores in that order."""
    run = {}
    scored = []
    for qid, rowids, x, _y in pools:
        if not rowids:
            run[qid] = []
            continue
        s = np.array([model.score(list(row)) for row in x])
        order = sorted(range(len(rowids)), key=lambda i: (-s[i], i))
        run[qid] = [ids.get(rowids[i], "") for i in order]
        if model.level_weights:
            levels = np.array([model.level_score(list(x[i])) for i in order])
            scored.append((qid, levels, [rowids[i] for i in order]))
    return run, scored


def thresholds(scored, qrels: dict[str, set[str]], ids: dict[int, str]) -> tuple[float, float]:
    tops = []  # (top score, top right?)
    relevant_scores = []  # score of each relevant candidate ranked in the top 10
    for qid, scores, rowids in scored:
        rel = qrels[qid]
        tops.append((float(scores[0]), ids.get(rowids[0]) in rel))
        for i in range(min(10, len(rowids))):
            if ids.get(rowids[i]) in rel:
                relevant_scores.append(float(scores[i]))
    tops.sort(reverse=True)
    match = 1.0
    right = 0
    for n, (score, ok) in enumerate(tops, 1):
        right += ok
        if right / n >= 0.9:
            match = score
    relevant_scores.sort(reverse=True)
    suggest = relevant_scores[int(0.9 * (len(relevant_scores) - 1))] if relevant_scores else 0.5
    return round(max(match, suggest), 3), round(suggest, 3)


def fit_pairwise(pools, l2: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A linear ranker from within-query pairs: each relevant row against each other row of its pool.

    Logistic regression on feature differences (RankNet's loss with a linear
    scorer): it learns what orders one claim's candidates, where the
    pointwise fit also learns what tells easy queries from hard ones. Returns
    the weights and the scales of the differences (no bias: it cancels).
    """
    diffs = []
    for _qid, _rowids, x, y in pools:
        if len(x) == 0 or y.sum() == 0 or y.sum() == len(y):
            continue
        for row in x[y == 1]:
            diffs.append(row[None, :] - x[y == 0])
    d = np.vstack(diffs)
    scales = d.std(axis=0)
    scales[scales < 1e-9] = 1.0
    z = np.vstack([d, -d])
    labels = np.concatenate([np.ones(len(d)), np.zeros(len(d))])
    w, _b, _m, _s = fit(z, labels, l2=l2, means=np.zeros(d.shape[1]), scales=scales)
    return w, scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "workbench" / "seen" / "data" / "model.json"))
    parser.add_argument("--pool", type=int, default=POOL)
    parser.add_argument("--budget", type=float, default=BUDGET)
    parser.add_argument("--min-terms", type=int, default=MIN_TERMS)
    parser.add_argument("--max-terms", type=int, default=MAX_TERMS)
    parser.add_argument("--embed", action="store_true",
                        help="fit the model with the embedding feature (needs `make embed`): data/model-embed.json")
    parser.add_argument("--vector-cache", type=Path, help="keep the fact-checks' vectors here between runs")
    args = parser.parse_args()
    if args.embed and args.out == parser.get_default("out"):
        args.out = str(ROOT / "workbench" / "seen" / "data" / "model-embed.json")
    started = time.perf_counter()
    sets = {name: match_data.load(name) for name in ("tweets", "debates")}
    tmp = Path(tempfile.mkdtemp(prefix="train-match-"))
    built = {name: match_data.build(ds, tmp / f"{name}.db") for name, ds in sets.items()}
    encoder = None
    features = FEATURES
    if args.embed:
        from workbench.seen import embed
        from workbench.seen.matcher import EMBED_FEATURES

        encoder = embed.load_encoder()
        if encoder is None:
            sys.exit("--embed: the weights are not installed (make embed)")
        features = FEATURES + EMBED_FEATURES
        for name, (conn, _ids, _s) in built.items():
            cached, encoded, seconds = match_data.fill_vectors(conn, encoder, args.vector_cache)
            print(f"{name}: vectors {cached:,} from the cache, {encoded:,} encoded in {seconds:.0f} s")
    best = None
    relative = [FEATURES.index("bm25_top"), FEATURES.index("rank")]
    keep = [i for i in range(len(features)) if i not in relative]
    for fw in FIELD_WEIGHTS:
        blank = Model(weights=(0.0,) * len(FEATURES), bias=0.0, field_weights=fw, pool=args.pool,
                      budget=args.budget, min_terms=args.min_terms, max_terms=args.max_terms,
                      means=(0.0,) * len(FEATURES), scales=(1.0,) * len(FEATURES))
        pools = {}
        for name, ds in sets.items():
            conn, ids, _ = built[name]
            pools[name] = pooled_features(Matcher(conn, model=blank), ds, ids, ds.train, encoder)
        every = [row for name in pools for row in pools[name]]
        x = np.vstack([x for _q, _r, x, _y in every if len(x)])
        y = np.concatenate([y for _q, _r, _x, y in every if len(y)])
        means = x.mean(axis=0)
        w, scales = fit_pairwise(every)
        # The level model: pointwise, on the same scales, without the features relative to the pool.
        lw_kept, lb, _m, _s = fit(x[:, keep], y, means=means[keep], scales=scales[keep])
        lw = np.zeros(len(features))
        lw[keep] = lw_kept
        model = Model(features=features, weights=tuple(float(v) for v in w), bias=0.0, field_weights=fw, pool=args.pool,
                      budget=args.budget, min_terms=args.min_terms, max_terms=args.max_terms,
                      means=tuple(float(v) for v in means), scales=tuple(float(v) for v in scales),
                      level_weights=tuple(float(v) for v in lw), level_bias=lb)
        train_map = {}
        for name, ds in sets.items():
            run, _ = ranked_run(model, pools[name], built[name][1])
            train_map[name] = match_data.measures(run, ds.train)["MAP@5"]
        mean = sum(train_map.values()) / len(train_map)
        print(f"fields {fw}: train MAP@5 " + ", ".join(f"{k} {v:.4f}" for k, v in train_map.items()))
        if best is None or mean > best[0]:
            best = (mean, model, pools)
    assert best is not None
    _, model, pools = best
    scored_all = []
    qrels_all: dict[str, set[str]] = {}
    ids_all: dict[int, str] = {}
    for name, ds in sets.items():
        _, scored = ranked_run(model, pools[name], built[name][1])
        # Row ids repeat across the two databases: key them by set.
        scored_all += [(f"{name}:{q}", s, [f"{name}:{r}" for r in rows]) for q, s, rows in scored]
        qrels_all.update({f"{name}:{q}": rel for q, rel in ds.train.items()})
        ids_all.update({f"{name}:{r}": v for r, v in built[name][1].items()})
    match, suggest = thresholds(scored_all, qrels_all, ids_all)
    final = Model(features=features, weights=model.weights, bias=model.bias, field_weights=model.field_weights, pool=args.pool,
                  budget=args.budget, min_terms=args.min_terms, max_terms=args.max_terms,
                  suggest=suggest, match=match, means=model.means, scales=model.scales,
                  level_weights=model.level_weights, level_bias=model.level_bias,
                  trained_on="CheckThat! 2022 task 2A (tweets) and 2B (debates), train splits")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(final.to_json(), indent=2) + "\n", encoding="utf-8")
    print(f"kept fields {final.field_weights}; thresholds suggest {suggest}, match {match}")
    print("ranker: " + ", ".join(f"{f} {w:+.3f}" for f, w in zip(features, final.weights)))
    print("level:  " + ", ".join(f"{f} {w:+.3f}" for f, w in zip(features, final.level_weights)))
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
