"""Seen before: retrieval quality on CheckThat! dev, and the three speed figures, each against a baseline.

    .venv/bin/python bench/bench_match.py [--skip-speed] [--skip-quality] [--ingest-files 120]

Quality (../shared/data/claim-retrieval; train and dev only, dev reported):
the fact-checks of each set are written as a simple JSONL file and imported
through the real path (importers.read_factchecks, library.import_factchecks);
every dev query is matched by the real Matcher (with its document's date: a
debate's from its id, a tweet's from its signature). The baseline, in the same
run: plain BM25, FTS5 bm25() over vclaim + title with SQLite's default
tokenizer, every query word OR'ed. Reported: MAP@5 (official), MAP@1, R@20,
MRR, and what the two thresholds do on dev.

Speed:
1. matching one claim against 100,000 fact-checks and claims (the real
   vclaims plus word-shuffled variants with their own URLs), per claim, beside
   the bare first-stage FTS5 query on the same index;
2. what matching and copy grouping add to ingest: own sample articles
   ingested by the real ingest (spaCy and all), then every claim matched
   against the 100,000 and signed for copies;
3. importing 100,000 ClaimReview records from one JSON-LD file, beside
   json.loads of that file plus a bare INSERT of its claims.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import match_data  # noqa: E402
from workbench.seen import copies, importers, library  # noqa: E402
from workbench.seen.matcher import Matcher, fts_query, record_matches  # noqa: E402
from workbench.seen.schema import create_tables  # noqa: E402
from workbench.seen.text import stems, words  # noqa: E402


def plain_bm25(ds: match_data.Dataset, db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE plain USING fts5(vclaim, title)")
    ids = [v["vclaim_id"] for v in ds.vclaims]
    conn.executemany(
        "INSERT INTO plain (rowid, vclaim, title) VALUES (?, ?, ?)",
        [(i, v["vclaim"], v.get("title") or "") for i, v in enumerate(ds.vclaims)],
    )
    run = {}
    for qid in ds.dev:
        terms = list(dict.fromkeys(words(ds.queries[qid])))
        rows = conn.execute(
            "SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT 20", (fts_query(terms),)
        ).fetchall() if terms else []
        run[qid] = [ids[r[0]] for r in rows]
    conn.close()
    return run


def quality(tmp: Path) -> None:
    print("== quality: CheckThat! dev (train used for fitting only) ==")
    for name in ("tweets", "debates"):
        ds = match_data.load(name)
        conn, ids, seconds = match_data.build(ds, tmp / f"q-{name}.db")
        matcher = Matcher(conn)
        run: dict[str, list[str]] = {}
        levels = {"match": [0, 0], "suggest": [0, 0]}  # [claims at that level, whose top is right]
        shown = shown_right = relevant_total = 0
        for qid, relevant in ds.dev.items():
            ranked = matcher.rank(ds.queries[qid], when=ds.when(qid), speaker=ds.speaker(qid))
            run[qid] = [ids.get(r[0], "") for r in ranked]
            top_score = ranked[0][1] if ranked else 0.0
            right = bool(ranked) and ids.get(ranked[0][0]) in relevant
            if top_score >= matcher.model.match:
                levels["match"][0] += 1
                levels["match"][1] += right
            elif top_score >= matcher.model.suggest:
                levels["suggest"][0] += 1
                levels["suggest"][1] += right
            above = [r for r in ranked[:10] if r[1] >= matcher.model.suggest]
            shown += len(above)
            shown_right += sum(1 for r in above if ids.get(r[0]) in relevant)
            relevant_total += len(relevant)
        ours = match_data.measures(run, ds.dev)
        base = match_data.measures(plain_bm25(ds, tmp / f"plain-{name}.db"), ds.dev)
        print(f"{name}: {len(ds.vclaims):,} fact-checks imported in {seconds:.1f} s, {len(ds.dev)} dev queries")
        print(f"  {'':22s}" + "".join(f"{k:>8s}" for k in ours))
        print(f"  {'plain BM25 (baseline)':22s}" + "".join(f"{base[k]:8.4f}" for k in ours))
        print(f"  {'workbench matcher':22s}" + "".join(f"{ours[k]:8.4f}" for k in ours))
        n = len(ds.dev)
        m, s = levels["match"], levels["suggest"]
        print(
            f"  thresholds: 'match' (>= {matcher.model.match}) on {m[0]}/{n} claims, top right in "
            f"{m[1]}/{m[0] or 1} ({m[1] / (m[0] or 1):.0%}); 'suggest' only (>= {matcher.model.suggest}) on "
            f"{s[0]}/{n}, top right {s[1]}/{s[0] or 1}; {shown / n:.1f} shown per claim, "
            f"{shown_right}/{relevant_total} ({shown_right / max(relevant_total, 1):.0%}) of the relevant shown"
        )
        conn.close()


# -- speed ----------------------------------------------------------------------------------


def hundred_thousand() -> list[dict]:
    """The real vclaims of both sets, then word-shuffled variants of them, 100,000 records in all."""
    records = []
    for name in ("tweets", "debates"):
        ds = match_data.load(name)
        records += [match_data.vclaim_record(name, v) for v in ds.vclaims]
    rng = random.Random(16)
    base = list(records)
    i = 0
    while len(records) < 100_000:
        src = base[i % len(base)]
        i += 1
        claim = src["claim"].split()
        rng.shuffle(claim)
        title = (src.get("title") or "").split()
        rng.shuffle(title)
        records.append({**src, "claim": " ".join(claim), "title": " ".join(title),
                        "url": f"https://factcheck.example/{i}/"})
    return records


def claimreview(rec: dict) -> dict:
    item = {"@type": "Claim"}
    if rec.get("claimant"):
        item["author"] = {"@type": "Person", "name": rec["claimant"]}
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": rec["url"],
        "claimReviewed": rec["claim"], "headline": rec.get("title"), "datePublished": "2021-02-08",
        "author": {"@type": "Organization", "name": rec.get("publisher") or "Example"},
        "reviewRating": {"@type": "Rating", "alternateName": rec.get("rating") or "False",
                         "ratingValue": 1, "bestRating": 5, "worstRating": 1},
        "itemReviewed": item,
    }


def speed(tmp: Path, ingest_files: int) -> None:
    print("== speed ==")
    records = hundred_thousand()
    # 3. importing 100,000 ClaimReview records
    path = tmp / "claimreview-100k.jsonld"
    path.write_text(json.dumps([claimreview(r) for r in records], ensure_ascii=False), encoding="utf-8")
    size = path.stat().st_size
    conn = sqlite3.connect(tmp / "speed.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    create_tables(conn)
    start = time.perf_counter()
    parsed = importers.read_factchecks(path)
    parse_s = time.perf_counter() - start
    report = library.import_factchecks(conn, parsed)
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    again = library.import_factchecks(conn, importers.read_factchecks(path))
    reimport_s = time.perf_counter() - start
    base_conn = sqlite3.connect(tmp / "bare.db", isolation_level=None)
    base_conn.execute("CREATE TABLE t (url TEXT, claim TEXT)")
    start = time.perf_counter()
    data = json.loads(path.read_text(encoding="utf-8"))
    base_conn.execute("BEGIN")
    base_conn.executemany("INSERT INTO t VALUES (?, ?)", [(d["url"], d["claimReviewed"]) for d in data])
    base_conn.execute("COMMIT")
    bare_s = time.perf_counter() - start
    print(f"import of {len(records):,} ClaimReview records ({size / 1e6:.0f} MB JSON-LD): {import_s:.1f} s "
          f"(parse {parse_s:.1f} s, store and index {import_s - parse_s:.1f} s); target < 60 s")
    print(f"  added {report.added:,}, problems {len(report.problems)}; re-import: {again.unchanged:,} unchanged, "
          f"{again.added} added, in {reimport_s:.1f} s")
    print(f"  baseline, json.loads + bare INSERT of url and claim: {bare_s:.1f} s")
    # 1. one claim against 100,000
    matcher = Matcher(conn)
    queries = []
    for name in ("tweets", "debates"):
        ds = match_data.load(name)
        queries += [(ds.queries[q], ds.when(q)) for q in ds.dev]
    for text, when in queries[:20]:
        matcher.candidates(text, when=when)  # warm the page cache and the IDF cache
    times, bare = [], []
    for text, when in queries:
        start = time.perf_counter()
        matcher.candidates(text, when=when)
        times.append(time.perf_counter() - start)
        terms = list(dict.fromkeys(stems(text)))
        start = time.perf_counter()
        conn.execute(
            "SELECT rowid FROM seen_fts WHERE seen_fts MATCH ? ORDER BY bm25(seen_fts) LIMIT 10", (fts_query(terms),)
        ).fetchall()
        bare.append(time.perf_counter() - start)

    def p(values: list[float], q: float) -> float:
        return sorted(values)[int(q * (len(values) - 1))] * 1000

    print(f"matching one claim against {len(records):,} fact-checks ({len(queries)} dev claims): "
          f"median {p(times, 0.5):.1f} ms, p95 {p(times, 0.95):.1f} ms, max {max(times) * 1000:.1f} ms; target < 50 ms")
    print(f"  baseline, the bare FTS5 bm25() top 10: median {p(bare, 0.5):.1f} ms, p95 {p(bare, 0.95):.1f} ms")
    # 2. what matching adds to ingest
    from bench_ingest import build_corpus, own_samples
    from workbench.ingest.run import ingest_paths
    from workbench.nlp.model import load_pipeline
    from workbench.store import Store

    folder = tmp / "corpus"
    folder.mkdir()
    build_corpus(folder, own_samples(), ingest_files)
    pipeline = load_pipeline(None)
    store = Store.open(tmp / "ingest.db")
    start = time.perf_counter()
    ingest_paths(store, [folder], pipeline=pipeline)
    ingest_s = time.perf_counter() - start
    store.close()
    # The fact-checks go into the ingested database (not timed), then the ingested claims are matched.
    iconn = sqlite3.connect(tmp / "ingest.db", isolation_level=None)
    create_tables(iconn)
    library.import_factchecks(iconn, parsed)
    claims = iconn.execute(
        "SELECT c.id, c.document_id, c.text, d.published FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.superseded = 0"
    ).fetchall()
    imatcher = Matcher(iconn)
    start = time.perf_counter()
    record_matches(iconn, imatcher, [(cid, text, published) for cid, _doc, text, published in claims])
    match_s = time.perf_counter() - start
    start = time.perf_counter()
    copies.add_claims(iconn, [(cid, doc, text) for cid, doc, text, _p in claims])
    copies_s = time.perf_counter() - start
    added = (match_s + copies_s) / ingest_s
    print(f"ingest of {ingest_files} articles ({len(claims):,} claims), 1 process: {ingest_s:.1f} s (baseline); "
          f"matching them against {len(records):,}: +{match_s:.2f} s, copy signatures: +{copies_s:.2f} s; "
          f"together +{added:.1%} of ingest; target <= 10%")
    iconn.close()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--ingest-files", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-match-") as tmp:
        if not args.skip_quality:
            quality(Path(tmp))
        if not args.skip_speed:
            speed(Path(tmp), args.ingest_files)


if __name__ == "__main__":
    main()
