"""Ingest throughput against bare spaCy on the same texts, in one run.

    .venv/bin/python bench/bench_ingest.py [--files 240] [--rounds 2] [--shared]

Builds a folder of articles in a temporary directory: copies of our own sample
articles (seeds/, tests/data/articles/, tests/data/ingest/clutter/), each copy
made unique so ingest cannot skip it as unchanged; with --shared, articles cut
from the CheckThat! 2019 debate transcripts in ../shared/data instead (read,
never copied into the project). Then, wall-clock, best of --rounds:

- bare spaCy, full pipeline:  nlp.pipe over the file texts with spacy.load(model)
- bare spaCy, same components: the components the workbench runs
- workbench ingest, 1 process: read, decode, clutter, segment, parse, extract,
  score, store in SQLite (a fresh database each round)
- workbench ingest, --jobs 2
- extraction only: segmentation, parsing, claims and scoring of the same texts,
  without reading files or writing the database (the budget: at most 15% over
  bare spaCy with the same components)

Words are whitespace-separated tokens of the file texts. Targets: ingest with
one process at least 85% of bare spaCy's rate; with --jobs 2 at least 1.6 times
bare spaCy's single-process rate (on 2 cores).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.ingest.clutter import find_clutter  # noqa: E402
from workbench.ingest.run import ingest_paths  # noqa: E402
from workbench.nlp.extract import extract_documents  # noqa: E402
from workbench.nlp.model import load_pipeline  # noqa: E402
from workbench.store import Store  # noqa: E402

SAMPLE_DIRS = [ROOT / "seeds", ROOT / "tests" / "data" / "articles", ROOT / "tests" / "data" / "ingest" / "clutter"]
SHARED_CT19 = ROOT.parent / "shared" / "data" / "ct19-checkworthy-debates" / "CT19-T1-Training.csv"


def own_samples() -> list[str]:
    texts = []
    for folder in SAMPLE_DIRS:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".md"):
                texts.append(path.read_text(encoding="utf-8"))
    return texts


def shared_articles(lines_per_article: int = 30) -> list[str]:
    if not SHARED_CT19.exists():
        sys.exit(f"--shared: {SHARED_CT19} not found")
    by_file: dict[str, list[str]] = {}
    with SHARED_CT19.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_file.setdefault(row["file_name"], []).append(row["text"].strip())
    texts = []
    for lines in by_file.values():
        for i in range(0, len(lines), lines_per_article):
            texts.append("\n\n".join(lines[i : i + lines_per_article]) + "\n")
    return texts


def build_corpus(folder: Path, texts: list[str], files: int) -> list[str]:
    written = []
    for i in range(files):
        text = texts[i % len(texts)]
        if i >= len(texts):
            # A distinct copy: one more short paragraph, so the bytes (and the hash) differ.
            text = text.rstrip("\n") + f"\n\nThis copy was archived as number {i}.\n"
        (folder / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")
        written.append(text)
    return written


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=240, help="articles in the corpus")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many rounds")
    parser.add_argument("--shared", action="store_true", help="articles cut from the CT19 transcripts")
    parser.add_argument("--model", default=None, help="spaCy model (default: the workbench's choice)")
    args = parser.parse_args()

    import spacy

    pipeline = load_pipeline(args.model)
    full = spacy.load(pipeline.name) if pipeline.tier != "blank" else pipeline.nlp
    same = pipeline.nlp
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        texts = build_corpus(folder, shared_articles() if args.shared else own_samples(), args.files)
        n_words = words(texts)
        print(f"corpus: {len(texts)} articles, {n_words} words ({'CT19 transcripts' if args.shared else 'own samples'})")
        print(f"{pipeline.describe()}; workbench components: {', '.join(same.pipe_names)}")
        print(f"bare full pipeline components: {', '.join(full.pipe_names)}")
        print(f"cores: {os.cpu_count()}")

        def bare(nlp):
            return lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64))

        def ingest(jobs: int, round_no: int):
            def run() -> None:
                store = Store.open(Path(tmp) / f"ingest_{jobs}_{round_no}.db")
                report = ingest_paths(store, [folder], pipeline=pipeline if jobs == 1 else None, jobs=jobs, model=args.model)
                store.close()
                assert report.count("ingested") == len(texts), report.summary()
            return run

        items = [(text, find_clutter(text)) for text in texts]

        def extraction() -> None:
            for _ in extract_documents(items, pipeline):
                pass

        results: dict[str, float] = {}
        for round_no in range(args.rounds):
            for name, fn in (
                ("bare spaCy, full pipeline", bare(full)),
                ("bare spaCy, same components", bare(same)),
                ("extraction only", extraction),
                ("workbench ingest, 1 process", ingest(1, round_no)),
                ("workbench ingest, --jobs 2", ingest(2, round_no)),
            ):
                elapsed = timed(fn)
                results[name] = min(results.get(name, float("inf")), elapsed)

    base = n_words / results["bare spaCy, full pipeline"]
    print()
    print(f"{'':32} {'seconds':>8} {'words/s':>9} {'vs bare full':>13}")
    for name, elapsed in results.items():
        rate = n_words / elapsed
        print(f"{name:32} {elapsed:8.2f} {rate:9.0f} {rate / base:12.2f}x")
    one = n_words / results["workbench ingest, 1 process"] / base
    two = n_words / results["workbench ingest, --jobs 2"] / base
    same_rate = n_words / results["bare spaCy, same components"]
    print()
    print(f"ingest, 1 process:  {one:.0%} of bare spaCy (target >= 85%); "
          f"{n_words / results['workbench ingest, 1 process'] / same_rate:.0%} of bare spaCy with the same components")
    print(f"ingest, --jobs 2:   {two:.2f}x bare spaCy's single-process rate (target >= 1.6x)")
    added = results["extraction only"] / results["bare spaCy, same components"] - 1
    print(f"extraction adds {added:+.1%} to bare spaCy with the same components (budget <= +15%)")


if __name__ == "__main__":
    main()
