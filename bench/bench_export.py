"""Benchmark the exports over 100,000 claims against sqlite3's own CSV output.

    .venv/bin/python bench/bench_export.py [--claims 100000] [--reviewed 0.4] [--runs 3]

Builds a database of N claims (100 per article, in one transaction) with a
share of them decided, then times ``export(store, "csv", file)`` beside a
baseline measured in the same run on the same disk: the ``sqlite3`` command
line shell writing the very same SELECT with ``-csv`` to a file. When the shell
is not installed, the baseline is Python's csv module over the same SELECT (and
the output says so). Target: the workbench CSV export runs at least half as
fast as the baseline. JSONL and ClaimReview times are printed for reference.
Best of --runs for each figure (CSV runs interleaved with the baseline's).
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from store_helpers import FakeArticle  # noqa: E402

from workbench.config import Config  # noqa: E402
from workbench.export import export  # noqa: E402
from workbench.export.csvfile import plain_select  # noqa: E402
from workbench.export.rows import selection  # noqa: E402
from workbench.records import ClaimRecord, Entity, Extraction, Metadata, SentenceRecord  # noqa: E402
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.vocab import ExportFormat  # noqa: E402

PER_ARTICLE = 100
TEMPLATES = (
    "The ministry said {n} people were arrested on Monday in the capital, officials confirmed.",
    'Acme Corp reported revenue of ${n}.2 billion, up from "last year\'s" figure.',
    "The central bank raised its rate to {n}.25 percent, the highest since 2008.",
    "وزیر اعظم نے کہا کہ {n} فیصد لوگوں کو روزگار ملا۔",
    "政府は{n}人が避難したと発表した。",
    "Le ministre a déclaré que {n} % des écoles étaient fermées 🏫.",
    "The court sentenced the former mayor to {n} years, a spokesperson said.",
    "Unemployment fell to {n}.1% in March, according to the statistics office.",
)
SPEAKERS = (None, "Jane Doe, health minister", "the Ministry of Finance", "WHO", None)


def article(i: int) -> tuple[FakeArticle, Extraction]:
    lines = [TEMPLATES[(i + j) % len(TEMPLATES)].format(n=i * PER_ARTICLE + j) for j in range(PER_ARTICLE)]
    text = "\n".join(lines) + "\n"
    sentences, claims, offset = [], [], 0
    for idx, line in enumerate(lines):
        sentences.append(SentenceRecord(idx, offset, offset + len(line), line))
        speaker = SPEAKERS[(i + idx) % len(SPEAKERS)]
        claims.append(
            ClaimRecord(
                sentence_idx=idx,
                text=line.rstrip("."),
                start=offset,
                end=offset + len(line),
                kind=("statistic", "event", "quote")[idx % 3],
                speaker=speaker,
                score=round(1 - idx / PER_ARTICLE, 4),
                tier=("high", "medium", "low")[idx % 3],
                reasons=["contains a number", "names an organisation"][: 1 + idx % 2],
                entities=[Entity(line.split()[0], "ORG", offset, offset + len(line.split()[0]))],
                extractor_version="bench-1",
            )
        )
        offset += len(line) + 1
    meta = Metadata(
        title=f"Article {i}: budget, rates & arrests",
        outlet="The Daily Example",
        published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        url=f"https://news.example.org/{i}",
    )
    return FakeArticle(Path(f"articles/a{i}.txt"), text, meta), Extraction(sentences, claims)


def build(path: Path, n_claims: int, reviewed: float) -> Store:
    store = Store.open(path)
    with store.transaction():
        for i in range(max(1, n_claims // PER_ARTICLE)):
            a, x = article(i)
            store.store_document(a, x, model="bench", extractor_version="bench-1")
    ids = store.claim_ids(order="document")
    # Spread the decided share evenly: claim i is decided when i * share crosses an integer.
    chosen = [c for i, c in enumerate(ids) if int((i + 1) * reviewed) > int(i * reviewed)]
    slugs = DEFAULT_SCALE.slugs()
    with store.transaction():  # building the fixture is not what we measure
        for k, claim in enumerate(chosen):
            if k % 10 == 9:
                store.set_verdict(claim, DISMISS, scale=DEFAULT_SCALE, reviewer="r1")
            elif k % 10 == 8:
                store.set_verdict(claim, "half-true", scale=POLITIFACT_SCALE, reviewer="r2")
            else:
                store.set_verdict(claim, slugs[k % len(slugs)], scale=DEFAULT_SCALE, reviewer=f"r{k % 3}")
            if k % 7 == 0:
                store.set_note(claim, f"called the ministry, ref {k}; see thread", reviewer="r1")
    return store


def best(runs: int, fn) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (this process plus its children) over runs.

    CPU time is printed too because on a shared machine the wall clock also
    counts the time other processes held the cores.
    """
    walls, cpus = [], []
    for _ in range(runs):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p0, w0 = time.process_time(), time.perf_counter()
        fn()
        w1, p1 = time.perf_counter(), time.process_time()
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(w1 - w0)
        cpus.append(p1 - p0 + (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime))
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reviewed", type=float, default=0.4, help="share of claims with a decision")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        start = time.perf_counter()
        store = build(db, args.claims, args.reviewed)
        n = store.count().total
        decided = store.count().reviewed
        print(f"fixture: {n} claims, {decided} with a verdict or dismissal, built in {time.perf_counter() - start:.1f} s")

        sql, params = plain_select(selection(ExportFormat.CSV))
        assert not params
        out_base = folder / "baseline.csv"
        shell = shutil.which("sqlite3")
        if shell:
            label = "sqlite3 -csv (same SELECT)"

            def baseline() -> None:
                with open(out_base, "wb") as f:
                    subprocess.run([shell, "-csv", "-header", str(db), sql], stdout=f, check=True)
        else:
            label = "Python csv module over the same SELECT (no sqlite3 shell found)"

            def baseline() -> None:
                conn = sqlite3.connect(db)
                with open(out_base, "w", encoding="utf-8", newline="") as f:
                    csv.writer(f).writerows(conn.execute(sql))
                conn.close()

        out_csv = folder / "export.csv"

        def ours(fmt: str, path: Path):
            def run() -> None:
                with open(path, "wb") as f:
                    export(store, fmt, f, config=Config(review_url="https://fc.example.org/c/{claim_id}"))
            return run

        # Interleaved, so a burst of load from other processes hits both sides alike.
        pairs = [(best(1, baseline), best(1, ours("csv", out_csv))) for _ in range(args.runs)]
        w_base, c_base = min(p[0][0] for p in pairs), min(p[0][1] for p in pairs)
        w_csv, c_csv = min(p[1][0] for p in pairs), min(p[1][1] for p in pairs)
        with open(out_base, encoding="utf-8", newline="") as f:
            base_rows = list(csv.reader(f))[1:]
        with open(out_csv, encoding="utf-8-sig", newline="") as f:
            our_rows = list(csv.reader(f))[1:-1]
        same = "same cells" if our_rows == base_rows else "CELLS DIFFER"
        print(f"CSV of {n} claims (best of {args.runs}; wall clock, then CPU):")
        print(f"  baseline   {w_base:6.3f} s {n / w_base:>9,.0f} rows/s | cpu {c_base:6.3f} s {n / c_base:>9,.0f} rows/s   {label}")
        print(f"  workbench  {w_csv:6.3f} s {n / w_csv:>9,.0f} rows/s | cpu {c_csv:6.3f} s {n / c_csv:>9,.0f} rows/s   BOM, QUOTE_ALL, CRLF, formula-safe")
        for what, ratio in (("wall", w_base / w_csv), ("cpu", c_base / c_csv)):
            print(f"  ratio {what:<4} {ratio:.2f} of the baseline's speed (target >= 0.50): {'OK' if ratio >= 0.5 else 'MISSED'}")
        print(f"  output     {len(our_rows)} rows, {same} as the baseline; sizes {out_base.stat().st_size / 1e6:.1f} MB "
              f"and {out_csv.stat().st_size / 1e6:.1f} MB")

        for fmt, name in (("jsonl", "export.jsonl"), ("claimreview", "export.jsonld")):
            wall, cpu = best(args.runs, ours(fmt, folder / name))
            print(f"{fmt:<11} {wall:6.3f} s (cpu {cpu:.3f} s), {(folder / name).stat().st_size / 1e6:.1f} MB")
        store.close()


if __name__ == "__main__":
    main()
