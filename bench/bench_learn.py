"""Learning from the desk: a simulated reviewer, and the refit time at 10,000 labels.

    .venv/bin/python bench/bench_learn.py [--data ../shared/data] [--every 25]

A reviewer works down the queue of "stream" documents from the top, a document
at a time (the one whose best claim ranks highest, all its claims from the best
down, as a fact-checker triages an article), and each decision reveals the gold
label (check-worthy = verdict, not = dismissal). Every
``--every`` decisions the local model (workbench/nlp/learn.py) is refitted on all
decisions so far and re-ranks what is left; decided claims never move. After 0,
50, 100, 200 and 400 decisions it reports precision of the top 5 per held-out
document, for the shipped model (the prior) and the local model, side by side,
under the best any ranking could do on those documents (every check-worthy claim
first: a document with 2 of them tops out at 0.4):

1. News: tests/data/news, claims found by the real extractor and scored by the
   shipped model with their position. Stream: the "dev" articles; held out: the
   "holdout" articles. (The shipped news layer was fitted on the dev articles, so
   the prior already knows the stream: what is left to learn is this desk's own
   taste beyond it.)
2. Debates, a second domain (needs ../shared/data): the prior is the sentence
   model. CT24 dev (never trained on) as the stream and CT24 dev-test held out,
   each cut into documents of 12 consecutive rows (in id order); and CT19, the
   transcripts from 2017 on outside HELD_OUT_CT19 as the stream and the five held
   out transcripts, in 40-line documents, held out (MAP per transcript as well,
   since most 40-line pieces hold one check-worthy line or none).

"guarded" is what the product does: the local model ranks only when
learn.evaluate says it beats the prior on the decisions so far.

Last, the time of one refit and of one evaluate at 10,000 labels (CT24 train
sentences, prior from the words-only model), against scoring the same 10,000
claims with the fitted model.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import train_checkworthy as T  # noqa: E402

from workbench.nlp import checkworthy as cw  # noqa: E402
from workbench.nlp import learn  # noqa: E402

CHECKPOINTS = (0, 50, 100, 200, 400)


def mean_p5(examples: list[learn.Example], scores: list[float]) -> float:
    return learn.per_document_precision(examples, scores, 5)


def mean_ap_by(examples: list[learn.Example], scores: list[float], key) -> float:
    by: dict = defaultdict(list)
    for e, s in zip(examples, scores):
        by[key(e)].append((e.label, s))
    aps = [learn.average_precision([y for y, _ in v], [s for _, s in v]) for v in by.values()]
    return sum(aps) / len(aps)


def queue(left: list[learn.Example], ranker) -> list[learn.Example]:
    """The reviewer's order: the document whose best claim ranks highest, all of its
    claims from its best down (a fact-checker triages an article at a time, verdicts
    and dismissals both), then the next document."""
    by: dict = defaultdict(list)
    for e in left:
        by[e.document].append(e)
    docs = [sorted(v, key=lambda e: (-ranker(e), str(e.claim_id))) for v in by.values()]
    docs.sort(key=lambda v: (-ranker(v[0]), str(v[0].document)))
    return [e for v in docs for e in v]


def simulate(name: str, stream: list[learn.Example], held: list[learn.Example], every: int,
             extra=None) -> None:
    """The reviewer's session: decide the top of the queue, refit every ``every`` decisions."""
    print(f"\n== {name}: {len(stream)} stream claims in {len({e.document for e in stream})} documents, "
          f"{len(held)} held-out claims in {len({e.document for e in held})} documents")
    head = f"{'decisions':>9s} {'prior P@5':>9s} {'local P@5':>9s} {'guarded P@5':>11s}"
    if extra:
        head += f" {'prior ' + extra[0]:>12s} {'local ' + extra[0]:>12s}"
    print(head + "   refit   evaluate says")
    prior_held = [e.prior for e in held]
    best = mean_p5(held, [float(e.label) for e in held])
    decided: list[learn.Example] = []
    left = list(stream)
    model: learn.LocalModel | None = None
    use_local = False
    note = "prior only"
    fit_s = 0.0
    for target in range(0, max(CHECKPOINTS) + 1, every):
        while len(decided) < target and left:
            # Re-ranked only at refits; between them the queue's order holds.
            decided.append(left.pop(0))
        if target and (target % every == 0):
            t0 = time.perf_counter()
            try:
                model = learn.fit(decided)
                ev = learn.evaluate(decided)
                use_local = ev.beats_prior
                note = f"{'beats' if ev.beats_prior else 'no'} (AP {ev.local_ap:.3f} vs {ev.prior_ap:.3f})"
            except learn.LearnError as e:
                model, use_local, note = None, False, str(e)[:48]
            fit_s = time.perf_counter() - t0
            ranker = model.score if (model is not None and use_local) else (lambda e: e.prior)
            left = queue(left, ranker)
        elif target == 0:
            left = queue(left, lambda e: e.prior)
        if target in CHECKPOINTS:
            local = [model.score(e) for e in held] if model is not None else prior_held
            guarded = local if use_local else prior_held
            row = (f"{target:9d} {mean_p5(held, prior_held):9.3f} {mean_p5(held, local):9.3f} "
                   f"{mean_p5(held, guarded):11.3f}")
            if extra:
                row += f" {mean_ap_by(held, prior_held, extra[1]):12.3f} {mean_ap_by(held, local, extra[1]):12.3f}"
            print(row + f"  {fit_s:5.2f}s  {note}")
    print(f"{'best':>9s} {best:9.3f}   (every check-worthy held-out claim first)")


# ---------------------------------------------------------------- domains


def news_examples(sentence_only: bool = False) -> tuple[list[learn.Example], list[learn.Example]]:
    from workbench.nlp.model import load_pipeline

    claims = [c for c in T.news_claims(T.load_news(T.NEWS_DIR), load_pipeline()) if c.label is not None]
    out: dict[str, list[learn.Example]] = {"dev": [], "holdout": []}
    for n, c in enumerate(claims):
        kw = {k: v for k, v in c.call.items() if k not in ("sentence", "position")}
        if sentence_only:
            r = cw.score_span(c.call["sentence"])
            score, reasons = r.score, r.reasons
        else:
            score, _, reasons = cw.score_claim(c.call["sentence"], position=c.position, **kw)
        out[c.split].append(learn.Example(
            claim_id=n, document=c.article, text=c.text, kind=c.kind, speaker=c.speaker,
            position=c.position, prior=score, prior_reasons=reasons, label=c.label))
    return out["dev"], out["holdout"]


def sentence_examples(texts: list[str], labels: list[int], docs: list[str], positions: list[int],
                      speakers: list[str | None], nlp, prefix: str) -> list[learn.Example]:
    out = []
    for n, (t, r) in enumerate(zip(texts, cw.score_texts(texts, nlp))):
        out.append(learn.Example(
            claim_id=f"{prefix}{n}", document=docs[n], text=t, kind="", speaker=speakers[n],
            position=positions[n], prior=r.score, prior_reasons=r.reasons, label=labels[n]))
    return out


def ct24_examples(data: Path, nlp, split: str, block: int = 12) -> list[learn.Example]:
    rows = T.load_ct24(data, split)
    return sentence_examples([r[1] for r in rows], [r[2] for r in rows],
                             [f"{split}:{k // block}" for k in range(len(rows))],
                             [k % block for k in range(len(rows))], [None] * len(rows), nlp, split)


def ct19_examples(data: Path, nlp, files: list[str], window: int = 40) -> list[learn.Example]:
    ct19 = T.load_ct19(data)
    texts, labels, docs, pos, speakers = [], [], [], [], []
    for f in files:
        for k, (speaker, text, label) in enumerate(ct19[f]):
            texts.append(text)
            labels.append(label)
            docs.append(f"{f}#{k // window}")
            pos.append(k % window)
            speakers.append(speaker.title() if speaker else None)
    return sentence_examples(texts, labels, docs, pos, speakers, nlp, "ct19")


def refit_time(data: Path, n: int = 10_000) -> None:
    import spacy

    print(f"\n== refit at {n:,} labels (CT24 train sentences; prior from the words-only model)")
    rows = T.load_ct24(data, "train")[:n]
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    ex = sentence_examples([r[1] for r in rows], [r[2] for r in rows], [str(r[0] // 25) for r in rows],
                           [None] * len(rows), [None] * len(rows), blank, "t")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        model = learn.fit(ex)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    ev = learn.evaluate(ex)
    t_eval = time.perf_counter() - t0
    t0 = time.perf_counter()
    learn.rescore(model, ex)
    t_score = time.perf_counter() - t0
    size = len(model.to_json())
    print(f"fit: best {min(times):.2f} s, worst {max(times):.2f} s of 3 (target < 10 s); "
          f"{len(model.weights):,} weights, {size / 1e3:.0f} kB of JSON")
    print(f"evaluate (5 folds, 5 fits): {t_eval:.2f} s; {ev.message}")
    print(f"baseline in the same run: rescoring the same {n:,} claims with reasons: {t_score:.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=T.DEFAULT_DATA)
    ap.add_argument("--every", type=int, default=25, help="refit after this many decisions")
    args = ap.parse_args(argv)
    print(f"shipped model {cw.MODEL_VERSION}; refit every {args.every} decisions")

    stream, held = news_examples()
    simulate("news (tests/data/news), prior = the shipped model: stream = dev articles, "
             "held out = holdout articles", stream, held, args.every)
    stream, held = news_examples(sentence_only=True)
    simulate("news, prior = the debate-trained sentence model alone (a desk starting from a model "
             "that never saw news)", stream, held, args.every)

    if not (args.data / "ct24-checkworthy-en").exists():
        print(f"\ndebates skipped: {args.data} not found")
        return 0
    nlp = T.load_nlp()
    simulate("debates, CT24: stream = dev, held out = dev-test (documents of 12 rows)",
             ct24_examples(args.data, nlp, "dev"), ct24_examples(args.data, nlp, "dev-test"), args.every)
    ct19_files = list(T.load_ct19(args.data))
    stream_files = [f for f in ct19_files if f[:4] >= "2017" and f not in T.HELD_OUT_CT19]
    simulate("debates, CT19: stream = 2017-19 transcripts, held out = the 5 held-out transcripts "
             "(40-line documents)",
             ct19_examples(args.data, nlp, stream_files), ct19_examples(args.data, nlp, list(T.HELD_OUT_CT19)),
             args.every, extra=("MAP", lambda e: str(e.document).split("#")[0]))
    refit_time(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
