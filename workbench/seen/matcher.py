"""Ranking earlier fact-checks and reviewed claims for a claim: "has this been checked?".

    matcher = Matcher(conn)                    # reads the model shipped in seen/data/model.json
    for c in matcher.candidates("Schools will close on Friday", when="2024-05-01"):
        print(c.level, round(c.score, 2), c.rating, c.publisher, c.url)

Two stages:

1. **Recall: BM25 in SQLite FTS5.** The claim's stemmed terms (stopwords out)
   become an OR query, every term quoted, so nothing a claim contains can be
   read as FTS5 syntax. ``bm25(seen_fts, w_claim, w_title, w_summary)`` weighs
   a fact-check's claim, headline and summary; the best ``pool`` rows go on.
2. **Precision: two small logistic models over the same features.** The
   *ranker* orders a claim's pool; the *level* model gives each candidate a
   score in 0..1, comparable across claims, that the two thresholds are set on.
   The level model sees no feature relative to the pool's best: a claim nobody
   has checked must score low, not see its best poor candidate promoted (the
   ranker does use it: it is worth +0.06 MAP@5 on tweets). Features: BM25 divided by the query's
   total IDF; the IDF share of the query found in the candidate and of the
   candidate's claim found in the query; ordered term pairs in common; numbers
   in common; and, when the claim's date is known (its document's), how close
   the candidate's dates are to it. Weights and thresholds are fitted on the
   CheckThat! train splits by ``bench/train_match.py`` and shipped as JSON.

Above ``suggest`` a candidate is shown; above ``match`` the claim is marked
"seen before". Nothing is merged or decided here: the caller records what a
reviewer confirms or rejects, and passes those as ``exclude`` so they are
never suggested again for that claim.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from workbench.seen.importers import iso_day
from workbench.seen.records import Candidate
from workbench.seen.text import stems

FEATURES: tuple[str, ...] = (
    "bm25",  # -bm25() / total IDF of the query terms
    "bm25_top",  # bm25 relative to the pool's best
    "cover_query",  # IDF share of the query's terms in the candidate (claim, title, summary)
    "cover_claim",  # IDF share of the candidate claim's terms in the query
    "pairs",  # share of the query's consecutive term pairs also consecutive in the candidate
    "numbers",  # share of the query's numbers in the candidate
    "same_day",  # the candidate's claim or review date within a day of the claim's date
    "near_date",  # 1 / (1 + days apart / 30); 0 when either date is unknown
    "has_date",  # both dates known
)


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped ranking model: feature weights, field weights, pool size and thresholds."""

    weights: tuple[float, ...]
    bias: float
    field_weights: tuple[float, float, float] = (1.0, 1.0, 0.5)
    pool: int = 50
    suggest: float = 0.2
    match: float = 0.7
    features: tuple[str, ...] = FEATURES
    trained_on: str = ""
    means: tuple[float, ...] = field(default=())  # standardisation, fitted with the weights
    scales: tuple[float, ...] = field(default=())
    level_weights: tuple[float, ...] = field(default=())  # the level model: no relative feature
    level_bias: float = 0.0

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the model's features are not this matcher's")
        return cls(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            field_weights=tuple(float(w) for w in data["field_weights"]),  # type: ignore[arg-type]
            pool=int(data["pool"]),
            suggest=float(data["suggest"]),
            match=float(data["match"]),
            trained_on=str(data.get("trained_on", "")),
            means=tuple(float(x) for x in data["means"]),
            scales=tuple(float(x) for x in data["scales"]),
            level_weights=tuple(float(w) for w in data["level_weights"]),
            level_bias=float(data["level_bias"]),
        )

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "means": list(self.means),
            "scales": list(self.scales),
            "level_weights": list(self.level_weights),
            "level_bias": self.level_bias,
            "field_weights": list(self.field_weights),
            "pool": self.pool,
            "suggest": self.suggest,
            "match": self.match,
            "trained_on": self.trained_on,
        }

    def score(self, x: list[float]) -> float:
        """The ranker's score: orders one claim's candidates."""
        return self._logistic(self.weights, self.bias, x)

    def level_score(self, x: list[float]) -> float:
        """The level model's score: what the suggest and match thresholds apply to."""
        return self._logistic(self.level_weights, self.level_bias, x)

    def _logistic(self, weights: tuple[float, ...], bias: float, x: list[float]) -> float:
        z = bias
        for w, v, m, s in zip(weights, x, self.means, self.scales):
            z += w * (v - m) / s
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def shipped_model() -> Model:
    text = resources.files("workbench.seen").joinpath("data/model.json").read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))


def fts_query(terms: list[str]) -> str:
    """An FTS5 query matching any of ``terms``, each quoted (a quote inside doubled)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class Pooled:
    """One first-stage hit, before the model scores it."""

    rowid: int
    bm25: float
    claim: list[str]
    title: list[str]
    summary: list[str]
    features: list[float] = field(default_factory=list)


class Matcher:
    """Ranks candidates for claim texts against one database's seen_fts index."""

    def __init__(self, conn: sqlite3.Connection, *, model: Model | None = None) -> None:
        self.conn = conn
        self.model = model or shipped_model()
        self._idf_cache: dict[str, float] = {}
        self._idf_generation: int | None = None
        self._docs = 1

    # -- term statistics ------------------------------------------------------------------

    def _refresh_stats(self) -> None:
        row = self.conn.execute("SELECT value FROM seen_meta WHERE key = 'generation'").fetchone()
        gen = int(row[0]) if row else 0
        if gen != self._idf_generation:
            self._idf_cache.clear()
            self._idf_generation = gen
            facts = self.conn.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]
            claims = self.conn.execute("SELECT COUNT(*) FROM seen_claims").fetchone()[0]
            self._docs = max(facts + claims, 1)

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25's IDF of each term over the index (terms absent from it get the highest)."""
        missing = [t for t in terms if t not in self._idf_cache]
        if missing:
            found: dict[str, int] = {}
            for start in range(0, len(missing), 500):
                part = missing[start:start + 500]
                found.update(
                    self.conn.execute(
                        f"SELECT term, doc FROM seen_vocab WHERE term IN ({','.join('?' * len(part))})", part
                    ).fetchall()
                )
            n = self._docs
            for t in missing:
                df = found.get(t, 0)
                self._idf_cache[t] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return {t: self._idf_cache[t] for t in terms}

    # -- the two stages ------------------------------------------------------------------

    def pool(self, terms: list[str], *, size: int | None = None, kind: str | None = None) -> list[Pooled]:
        """First stage: the best ``size`` rows by FTS5 bm25() (lower is better in SQLite)."""
        if not terms:
            return []
        w_claim, w_title, w_summary = self.model.field_weights
        where = ""
        if kind == "factcheck":
            where = " AND rowid > 0"
        elif kind == "claim":
            where = " AND rowid < 0"
        rows = self.conn.execute(
            "SELECT rowid, bm25(seen_fts, ?, ?, ?) AS s, claim, title, summary FROM seen_fts "
            f"WHERE seen_fts MATCH ?{where} ORDER BY s LIMIT ?",
            (w_claim, w_title, w_summary, fts_query(terms), size or self.model.pool),
        ).fetchall()
        return [Pooled(r[0], r[1], r[2].split(), r[3].split(), r[4].split()) for r in rows]

    def _features(self, query: list[str], pooled: list[Pooled], dates: dict[int, tuple[date | None, ...]],
                  when: date | None) -> None:
        qset = set(query)
        vocab: set[str] = set(qset)
        for p in pooled:
            vocab.update(p.claim)
        idf = self.idf(vocab)
        q_mass = sum(idf[t] for t in qset) or 1.0
        pairs = {(a, b) for a, b in zip(query, query[1:])}
        numbers = {t for t in qset if any(ch.isdigit() for ch in t)}
        best = -pooled[0].bm25 if pooled else 1.0
        for p in pooled:
            words = set(p.claim) | set(p.title) | set(p.summary)
            claim_set = set(p.claim)
            common = qset & words
            c_mass = sum(idf[t] for t in claim_set) or 1.0
            seq = p.claim + ["\x00"] + p.title + ["\x00"] + p.summary
            cand_pairs = set(zip(seq, seq[1:]))
            gap = None
            for d in dates.get(p.rowid, ()):
                if d is not None and when is not None:
                    g = abs((when - d).days)
                    gap = g if gap is None else min(gap, g)
            p.features = [
                -p.bm25 / q_mass,
                (-p.bm25 / best) if best > 0 else 0.0,
                sum(idf[t] for t in common) / q_mass,
                sum(idf[t] for t in claim_set & qset) / c_mass,
                (len(pairs & cand_pairs) / len(pairs)) if pairs else 0.0,
                (len(numbers & words) / len(numbers)) if numbers else 0.0,
                1.0 if gap is not None and gap <= 1 else 0.0,
                1.0 / (1.0 + gap / 30.0) if gap is not None else 0.0,
                1.0 if gap is not None else 0.0,
            ]

    def _dates(self, pooled: list[Pooled]) -> dict[int, tuple[date | None, ...]]:
        out: dict[int, tuple[date | None, ...]] = {}
        facts = [p.rowid for p in pooled if p.rowid > 0]
        claims = [-p.rowid for p in pooled if p.rowid < 0]
        if facts:
            for row_id, day, claim_day in self.conn.execute(
                f"SELECT id, date, claim_date FROM factchecks WHERE id IN ({','.join('?' * len(facts))})", facts
            ):
                out[row_id] = (_day(claim_day), _day(day))
        if claims:
            for claim_id, published in self.conn.execute(
                "SELECT c.id, d.published FROM claims c JOIN documents d ON d.id = c.document_id "
                f"WHERE c.id IN ({','.join('?' * len(claims))})",
                claims,
            ):
                out[-claim_id] = (_day(iso_day(published)),)
        return out

    def rank(self, text: str, *, when: str | None = None, exclude: frozenset[tuple[str, int]] | set = frozenset(),
             pool: int | None = None) -> list[tuple[int, float, float]]:
        """(rowid, level score, bm25) for every pooled row, in the ranker's order; rowid < 0 is a claim."""
        self._refresh_stats()
        query = list(dict.fromkeys(stems(text)))
        pooled = self.pool(query, size=pool)
        if exclude:
            pooled = [
                p for p in pooled
                if (("claim", -p.rowid) if p.rowid < 0 else ("factcheck", p.rowid)) not in exclude
            ]
        if not pooled:
            return []
        self._features(query, pooled, self._dates(pooled), _day(iso_day(when)) if when else None)
        order = sorted(pooled, key=lambda p: (-self.model.score(p.features), p.bm25, p.rowid))
        return [(p.rowid, self.model.level_score(p.features), p.bm25) for p in order]

    def candidates(
        self,
        text: str,
        *,
        when: str | None = None,
        claim_id: int | None = None,
        exclude: frozenset[tuple[str, int]] | set = frozenset(),
        limit: int = 10,
        include_below: bool = False,
    ) -> list[Candidate]:
        """The ranked candidates for one claim's text, with their fact-check or claim details.

        ``when``: the date of the claim's document (ISO), which lets a fact-check
        of a claim made that day rank higher. ``claim_id``: the claim itself, never
        its own candidate. ``exclude``: (kind, ref) pairs a reviewer already
        confirmed or rejected for this claim. Only candidates at or above the
        ``suggest`` threshold are returned unless ``include_below``. In the
        ranker's order; ``score`` is the level model's (see the module doc).
        """
        skip = set(exclude)
        if claim_id is not None:
            skip.add(("claim", claim_id))
        ranked = self.rank(text, when=when, exclude=frozenset(skip))
        out: list[Candidate] = []
        chosen = [r for r in ranked if include_below or r[1] >= self.model.suggest][:limit]
        details = self._details([r[0] for r in chosen])
        for rowid, score, bm25 in chosen:
            level = "match" if score >= self.model.match else "suggest" if score >= self.model.suggest else ""
            info = details.get(rowid, {})
            out.append(
                Candidate(
                    kind="claim" if rowid < 0 else "factcheck",
                    ref=-rowid if rowid < 0 else rowid,
                    score=score,
                    bm25=bm25,
                    level=level,
                    text=info.get("text", ""),
                    rating=info.get("rating"),
                    publisher=info.get("publisher"),
                    date=info.get("date"),
                    url=info.get("url"),
                    title=info.get("title"),
                )
            )
        return out

    def _details(self, rowids: list[int]) -> dict[int, dict]:
        out: dict[int, dict] = {}
        facts = [r for r in rowids if r > 0]
        claims = [-r for r in rowids if r < 0]
        if facts:
            for row in self.conn.execute(
                "SELECT id, claim, rating, publisher, date, url, title FROM factchecks "
                f"WHERE id IN ({','.join('?' * len(facts))})",
                facts,
            ):
                out[row[0]] = dict(zip(("text", "rating", "publisher", "date", "url", "title"), row[1:]))
        if claims:
            for row in self.conn.execute(
                "SELECT c.id, c.text, s.detail, s.verdict, s.reviewer, s.decided_at, d.url, d.title "
                "FROM claims c JOIN claim_state s ON s.claim_id = c.id JOIN documents d ON d.id = c.document_id "
                f"WHERE c.id IN ({','.join('?' * len(claims))})",
                claims,
            ):
                claim_id, text, detail, verdict, reviewer, decided, url, title = row
                label = verdict
                try:
                    parsed = json.loads(detail) if detail else {}
                    label = parsed.get("label") or parsed.get("alternate_name") or verdict
                except (ValueError, AttributeError):
                    pass
                out[-claim_id] = {
                    "text": text, "rating": label, "publisher": reviewer,
                    "date": (decided or "")[:10] or None, "url": url, "title": title,
                }
        return out


def record_matches(conn: sqlite3.Connection, matcher: Matcher, claims: list[tuple[int, str, str | None]],
                   *, exclude: dict[int, set[tuple[str, int]]] | None = None, limit: int = 10) -> dict[int, str]:
    """Match claims (id, text, document date) and cache the results in seen_matches / seen_status.

    The cache is what the queue's glyph and ``claims --seen-before`` read; it is
    recomputed whenever seen_meta.generation has moved on (an import, a new
    verdict). ``exclude``: per claim, the (kind, ref) a reviewer confirmed or
    rejected. Returns each claim's level: "match", "suggest" or "none".
    """
    from workbench.seen.library import generation, write

    levels: dict[int, str] = {}
    results = []
    for claim_id, text, when in claims:
        found = matcher.candidates(text, when=when, claim_id=claim_id,
                                   exclude=frozenset((exclude or {}).get(claim_id, ())), limit=limit)
        results.append((claim_id, found))
    with write(conn):
        gen = generation(conn)
        for claim_id, found in results:
            conn.execute("DELETE FROM seen_matches WHERE claim_id = ?", (claim_id,))
            conn.executemany(
                "INSERT INTO seen_matches (claim_id, kind, ref, rank, score, level) VALUES (?, ?, ?, ?, ?, ?)",
                [(claim_id, c.kind, c.ref, rank, c.score, c.level) for rank, c in enumerate(found, 1)],
            )
            level = found[0].level if found else "none"
            conn.execute(
                "INSERT OR REPLACE INTO seen_status (claim_id, level, best, generation) VALUES (?, ?, ?, ?)",
                (claim_id, level or "none", found[0].score if found else 0.0, gen),
            )
            levels[claim_id] = level or "none"
    return levels
