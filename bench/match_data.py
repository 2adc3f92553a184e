"""The CheckThat! claim-retrieval data, read for bench_match.py and train_match.py.

Reads ../shared/data/claim-retrieval (never copied into the project): the
fact-checks ("vclaims"), the queries and the train and dev relevance
judgements. Only the train and dev splits are read; the test splits are held out.

The fact-checks go into a workbench database through the real import path:
each vclaim becomes one line of a simple JSONL file (claim, title, summary,
rating, url, date or claim_date, publisher, claimant), which
``workbench.seen.importers.read_factchecks`` parses and
``workbench.seen.library.import_factchecks`` stores. A vclaim is known again
by the URL it was given (Snopes' and PolitiFact's own URL patterns).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.seen import importers, library  # noqa: E402
from workbench.seen.schema import create_tables  # noqa: E402
from workbench.seen.text import digest  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "claim-retrieval"
if not DATA.exists():
    DATA = Path("/work/shared/data/claim-retrieval")

SETS = {
    "tweets": ("ct22-2a-tweets", "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
               "CT2022-Task2A-EN-Train_QRELs.tsv", "CT2022-Task2A-EN-Dev_QRELs.tsv"),
    "debates": ("ct21-2b-debates", "CT2022-Task2B-EN-Train-Dev_Queries.tsv",
                "CT2022-Task2B-EN-Train_QRELs.tsv", "CT2022-Task2B-EN-Dev_QRELs.tsv"),
}

# A tweet's text ends "— Name (@handle) January 14, 2020": its date, as a document's.
_TWEET_DATE = re.compile(r"\(@\w+\)\s+([A-Z][a-z]+ \d{1,2}, \d{4})\s*$")


@dataclass
class Dataset:
    name: str
    vclaims: list[dict]
    queries: dict[str, str]
    train: dict[str, set[str]]
    dev: dict[str, set[str]]
    _speakers: dict[str, set[str]] | None = None

    def when(self, query_id: str) -> str | None:
        """The date of the query's document: a debate's from its id, a tweet's from its signature."""
        if self.name == "debates":
            m = re.match(r"(\d{4})(\d{2})(\d{2})_", query_id)
            if m:
                try:
                    return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
                except ValueError:
                    return None
            return None
        m = _TWEET_DATE.search(self.queries.get(query_id, ""))
        return importers.iso_day(m[1]) if m else None

    def speaker(self, query_id: str) -> str | None:
        """Who said the query, as the workbench's claims.speaker would give it, when the data tells.

        A debate sentence's id names its event ("20170822_Trump_phoenix",
        "20161019_3pres"): when exactly one of the event's words is the surname
        or first name of a frequent PolitiFact claimant, that claimant is the
        speaker (a speech or an interview); debates between several people
        name none, and get None, as a claim whose speaker is unknown does.
        Tweets: the fact-checks carry no claimant, so None.
        """
        if self.name != "debates":
            return None
        if self._speakers is None:
            counts: dict[str, int] = {}
            for v in self.vclaims:
                name = (v.get("speaker") or "").strip()
                if len(name.split()) >= 2:
                    counts[name] = counts.get(name, 0) + 1
            names: dict[str, set[str]] = {}
            for name, n in counts.items():
                if n >= 20:
                    parts = name.lower().split()
                    for word in (parts[0], parts[-1]):
                        names.setdefault(word, set()).add(name)
            self._speakers = names
        found = set()
        for word in query_id.lower().split("_")[1:]:
            found |= self._speakers.get(word, set()) if len(self._speakers.get(word, ())) == 1 else set()
        return found.pop() if len(found) == 1 else None


def _qrels(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            out.setdefault(parts[0], set()).add(parts[2])
    return out


def load(name: str) -> Dataset:
    folder, queries, train, dev = SETS[name]
    base = DATA / folder
    vclaims = [json.loads(line) for line in (base / "vclaims.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    qs: dict[str, str] = {}
    for line in (base / queries).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            qid, text = line.split("\t", 1)
            qs[qid] = text
    return Dataset(name, vclaims, qs, _qrels(base / train), _qrels(base / dev))


def vclaim_record(name: str, v: dict) -> dict:
    """A vclaim as a line of the simple JSONL import format."""
    if name == "tweets":
        slug = v["vclaim_id"].removeprefix("vclaim-sno-")
        return {
            "claim": v["vclaim"], "title": v.get("title"), "summary": v.get("subtitle"),
            "url": f"https://www.snopes.com/fact-check/{slug}/", "date": v.get("date"),
            "publisher": "Snopes",
        }
    url = v.get("url") or ""
    return {
        "claim": v["vclaim"], "title": v.get("title"), "rating": v.get("truth_label"),
        "url": f"https://www.politifact.com{url}" if url.startswith("/") else (url or None),
        "claim_date": v.get("date"), "claimant": v.get("speaker"), "publisher": "PolitiFact",
    }


def write_jsonl(ds: Dataset, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for v in ds.vclaims:
            out.write(json.dumps(vclaim_record(ds.name, v), ensure_ascii=False) + "\n")


def build(ds: Dataset, db_path: Path) -> tuple[sqlite3.Connection, dict[int, str], float]:
    """A database holding the dataset's fact-checks, imported; returns (conn, id -> vclaim_id, seconds)."""
    import time

    jsonl = db_path.with_suffix(".jsonl")
    write_jsonl(ds, jsonl)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    create_tables(conn)
    start = time.perf_counter()
    parsed = importers.read_factchecks(jsonl)
    report = library.import_factchecks(conn, parsed)
    seconds = time.perf_counter() - start
    if parsed.problems:
        print(f"  {ds.name}: {len(parsed.problems)} records not imported, e.g. {parsed.problems[0].line()}")
    by_url_claim = {}
    for v in ds.vclaims:
        rec = vclaim_record(ds.name, v)
        by_url_claim[(rec["url"], digest(rec["claim"]))] = v["vclaim_id"]
    ids = {}
    for row_id, url, claim in conn.execute("SELECT id, url, claim FROM factchecks"):
        vid = by_url_claim.get((url, digest(claim)))
        if vid:
            ids[row_id] = vid
    del report
    return conn, ids, seconds


# -- measures -----------------------------------------------------------------------------


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    hits = 0
    total = 0.0
    for i, item in enumerate(ranked[:k], 1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def measures(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    map5 = map1 = r20 = mrr = 0.0
    for qid, relevant in qrels.items():
        ranked = run.get(qid, [])
        map5 += average_precision(ranked, relevant, 5)
        map1 += average_precision(ranked, relevant, 1)
        r20 += len(set(ranked[:20]) & relevant) / len(relevant)
        for i, item in enumerate(ranked, 1):
            if item in relevant:
                mrr += 1 / i
                break
    n = max(len(qrels), 1)
    return {"MAP@5": map5 / n, "MAP@1": map1 / n, "R@20": r20 / n, "MRR": mrr / n}


# -- sentence vectors (the embedding extra) ----------------------------------------------------


def fill_vectors(conn: sqlite3.Connection, encoder, cache: Path | None = None) -> tuple[int, int, float]:
    """Every fact-check's vector into seen_vectors: from ``cache`` (by text) when given, the rest by
    the real path (embed.fill_vectors). Returns (from cache, encoded, seconds encoding)."""
    import hashlib
    import time

    import numpy as np

    from workbench.seen import embed

    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    cached = 0
    path = None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        path = cache / f"vectors-{embed.PINNED['model.safetensors'][1][:12]}.npz"
        if path.exists():
            stored = np.load(path)
            known = dict(zip(stored["keys"].tolist(), stored["vectors"]))
            rows = []
            for row_id, claim in conn.execute("SELECT id, claim FROM factchecks"):
                v = known.get(key(claim))
                if v is not None:
                    rows.append((row_id, v.astype("<f2").tobytes()))
            with library.write(conn):
                conn.executemany("INSERT OR REPLACE INTO seen_vectors (rowid, vector) VALUES (?, ?)", rows)
            cached = len(rows)
    start = time.perf_counter()
    encoded = 0
    while n := embed.fill_vectors(conn, encoder, limit=512):
        encoded += n
    seconds = time.perf_counter() - start
    if path is not None and encoded:
        keys, vectors = [], []
        if path.exists():
            stored = np.load(path)
            keys, vectors = stored["keys"].tolist(), list(stored["vectors"])
        for claim, blob in conn.execute("SELECT f.claim, v.vector FROM factchecks f JOIN seen_vectors v ON v.rowid = f.id"):
            keys.append(key(claim))
            vectors.append(np.frombuffer(blob, dtype="<f2"))
        np.savez(path, keys=np.array(keys), vectors=np.array(vectors, dtype="<f2"))
    return cached, encoded, seconds
