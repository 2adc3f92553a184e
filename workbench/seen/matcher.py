"""Ranking earlier fact-checks and reviewed claims for a claim: "has this been checked?".

Size: one module because the first stage, the features and the two models are one
ranking: a feature's definition and the query that pools its candidates change together
(each measured in bench/bench_match.py).

    matcher = Matcher(conn)                    # reads the model shipped in seen/data/model.json
    for c in matcher.candidates("Schools will close on Friday", when="2024-05-01", speaker="Jane Doe"):
        print(c.level, round(c.score, 2), c.rating, c.publisher, c.url)

Two stages:

1. **Recall: BM25 in SQLite FTS5.** The claim's stemmed terms (stopwords out)
   become an OR query, every term quoted, so nothing a claim contains can be
   read as FTS5 syntax. Only the query's rarest terms are asked for: while
   their document frequencies add up to at most ``Model.budget`` of the index,
   never fewer than ``Model.min_terms`` nor more than ``Model.max_terms``; a
   common term costs FTS5 its whole posting list and adds little to BM25, and
   bm25() visits every asked term of every row it scores. ``bm25(seen_fts, w_claim, w_title,
   w_summary)`` weighs a fact-check's claim, headline and summary; the best
   ``pool`` row ids go on, and their stored terms are read by row id after
   the sort, so the sort never carries text.
2. **Precision: two small linear models over the same features**, computed
   over *all* the query's terms. The *ranker* orders a claim's pool; it is
   fitted on pairs (a relevant candidate against another of the same pool), so
   it learns what orders candidates, not what makes a query easy. The *level*
   model gives each candidate a score in 0..1, comparable across claims, that
   the two thresholds are set on; it sees no feature relative to the pool (a
   claim nobody has checked must score low, not see its best poor candidate
   promoted). Features: BM25 over the query's total IDF; the IDF share of the
   query found in the candidate, in its headline, and of the candidate's
   claim found in the query; ordered term pairs and numbers in common; the
   claim's speaker against the candidate's claimant (surnames), when both are
   known; and, when the claim's date is known (its document's), how close the
   candidate's dates are to it. With the optional encoder (workbench.seen.embed)
   a second model adds the cosine of the two claims' sentence vectors. Weights
   and thresholds are fitted on the CheckThat! train splits by
   ``bench/train_match.py`` and shipped as JSON; pool, budget and term caps
   were chosen on dev.

Above ``suggest`` a candidate is shown; above ``match`` the claim is marked
"seen before". Nothing is merged or decided here: the caller records what a
reviewer confirms or rejects, and passes those as ``exclude`` so they are
never suggested again for that claim.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import numpy as np

from workbench.seen.embed import Encoder
from workbench.seen.embed import vectors as embed_vectors
from workbench.seen.importers import iso_day
from workbench.seen.records import Candidate
from workbench.seen.text import canonical, stems

FEATURES: tuple[str, ...] = (
    "bm25",  # -bm25() of the first stage / total IDF of the query's terms
    "bm25_top",  # bm25 relative to the pool's best
    "rank",  # 1 / (1 + the first stage's rank)
    "cover_query",  # IDF share of the query's terms in the candidate (claim, title, summary)
    "cover_title",  # IDF share of the query's terms in the candidate's headline
    "cover_claim",  # IDF share of the candidate claim's terms in the query
    "pairs",  # share of the query's consecutive term pairs also consecutive in the candidate
    "numbers",  # share of the query's numbers in the candidate
    "claimant",  # the claim's speaker is the candidate's claimant (same surname)
    "other_claimant",  # both known and different
    "same_day",  # the candidate's claim or review date within a day of the claim's date
    "near_date",  # 1 / (1 + days apart / 30); 0 when either date is unknown
    "has_date",  # both dates known
)
# With the optional sentence-embedding encoder (workbench.seen.embed): one more feature.
EMBED_FEATURES: tuple[str, ...] = (
    "cosine",  # cosine of the claim's and the candidate claim's all-MiniLM-L6-v2 vectors
)


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped ranking model: feature weights, field weights, pool size and thresholds."""

    weights: tuple[float, ...]
    bias: float
    field_weights: tuple[float, float, float] = (1.0, 1.0, 0.5)
    pool: int = 50
    # The first stage asks FTS5 only for the query's rarest terms: while their
    # document frequencies add up to at most ``budget`` x the index's size, and
    # never fewer than ``min_terms``. An OR query costs what its terms' posting
    # lists hold, and a common term adds little to BM25; the second stage still
    # scores every term of the query (cover_query, pairs, numbers).
    budget: float = 0.05
    min_terms: int = 4
    max_terms: int = 1_000  # and never more: FTS5's bm25() visits every asked term of every row it scores
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
        features = tuple(data["features"])
        if features not in (FEATURES, FEATURES + EMBED_FEATURES):
            raise ValueError("the model's features are not this matcher's")
        return cls(
            features=features,
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            field_weights=tuple(float(w) for w in data["field_weights"]),  # type: ignore[arg-type]
            pool=int(data["pool"]),
            budget=float(data.get("budget", 1e9)),
            min_terms=int(data.get("min_terms", 1_000)),
            max_terms=int(data.get("max_terms", 1_000)),
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
            "budget": self.budget,
            "min_terms": self.min_terms,
            "max_terms": self.max_terms,
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

    def scores(self, rows: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
        """The ranker's and the level model's scores of many feature rows at once (numpy)."""
        x = (np.asarray(rows, dtype=float) - np.asarray(self.means)) / np.asarray(self.scales)
        rank = x @ np.asarray(self.weights) + self.bias
        level = x @ np.asarray(self.level_weights) + self.level_bias
        return (1.0 / (1.0 + np.exp(-np.clip(rank, -40.0, 40.0))),
                1.0 / (1.0 + np.exp(-np.clip(level, -40.0, 40.0))))

    def _logistic(self, weights: tuple[float, ...], bias: float, x: list[float]) -> float:
        z = bias
        for w, v, m, s in zip(weights, x, self.means, self.scales):
            z += w * (v - m) / s
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


    @property
    def embedded(self) -> bool:
        """Whether the model wants the sentence-embedding feature."""
        return self.features[len(FEATURES):] == EMBED_FEATURES


def shipped_model(*, embedded: bool = False) -> Model:
    """The lexical model (data/model.json), or the one with the embedding feature (data/model-embed.json)."""
    name = "data/model-embed.json" if embedded else "data/model.json"
    text = resources.files("workbench.seen").joinpath(name).read_text(encoding="utf-8")
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


def surname(name: str | None) -> str:
    """The last word of a person's name, canonical ("Sen. Bernie Sanders" -> "sanders"); "" if none."""
    if not name:
        return ""
    parts = [w for w in canonical(name).split() if w not in _NAME_SUFFIXES]
    return parts[-1] if parts else ""


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})

_POOL_SQL = (
    "SELECT rowid, bm25(seen_fts, ?, ?, ?) AS s FROM seen_fts WHERE seen_fts MATCH ?{where} ORDER BY s LIMIT ?"
)


class Matcher:
    """Ranks candidates for claim texts against one database's seen_fts index."""

    def __init__(self, conn: sqlite3.Connection, *, model: Model | None = None, encoder: Encoder | None = None) -> None:
        """``encoder``: the optional sentence encoder (embed.load_encoder()); with it, the model
        with the embedding feature is used for claims whose pooled candidates all have their
        vectors (embed.fill_vectors), and the lexical model for the others."""
        self.conn = conn
        self.encoder = encoder
        self.model = model or shipped_model()
        self.embed_model = shipped_model(embedded=True) if encoder is not None else None
        self._df_cache: dict[str, int] = {}
        self._idf_cache: dict[str, float] = {}
        self._idf_generation: int | None = None
        self._docs = 1

    # -- term statistics ------------------------------------------------------------------

    def _refresh_stats(self) -> None:
        row = self.conn.execute("SELECT value FROM seen_meta WHERE key = 'generation'").fetchone()
        gen = int(row[0]) if row else 0
        if gen != self._idf_generation:
            self._idf_cache.clear()
            self._df_cache.clear()
            self._idf_generation = gen
            facts = self.conn.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]
            claims = self.conn.execute("SELECT COUNT(*) FROM seen_claims").fetchone()[0]
            self._docs = max(facts + claims, 1)

    def _load(self, terms: set[str] | list[str]) -> None:
        missing = [t for t in terms if t not in self._idf_cache]
        if not missing:
            return
        found: dict[str, int] = {}
        for start in range(0, len(missing), 500):
            part = missing[start:start + 500]
            found.update(
                self.conn.execute(
                    f"SELECT term, doc FROM seen_vocab WHERE term IN ({','.join('?' * len(part))})", part
                ).fetchall()
            )
        n = self._docs
        if len(self._idf_cache) > 200_000:
            self._idf_cache.clear()
            self._df_cache.clear()
        for t in missing:
            df = found.get(t, 0)
            self._df_cache[t] = df
            self._idf_cache[t] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25's IDF of each term over the index (terms absent from it get the highest)."""
        self._load(terms)
        return {t: self._idf_cache[t] for t in terms}

    def first_stage_terms(self, query: list[str]) -> list[str]:
        """The terms the FTS5 query asks for: the rarest, within the model's posting budget."""
        self._load(query)
        df = self._df_cache
        present = sorted((t for t in query if df[t] > 0), key=lambda t: (df[t], t))
        budget = self.model.budget * self._docs
        chosen: list[str] = []
        total = 0
        for t in present:
            if len(chosen) >= self.model.max_terms or (len(chosen) >= self.model.min_terms and total + df[t] > budget):
                break
            chosen.append(t)
            total += df[t]
        return chosen

    # -- the two stages ------------------------------------------------------------------

    def pool(self, terms: list[str], *, size: int | None = None, kind: str | None = None) -> list[Pooled]:
        """First stage: the best ``size`` rows by FTS5 bm25() (lower is better in SQLite).

        ``terms`` is the whole query; only :meth:`first_stage_terms` of it are
        asked of FTS5, and the stored terms of the rows it returns are read by
        row id afterwards, so the sort carries no text.
        """
        if not terms:
            return []
        chosen = self.first_stage_terms(terms)
        if not chosen:
            return []
        w_claim, w_title, w_summary = self.model.field_weights
        where = ""
        if kind == "factcheck":
            where = " AND rowid > 0"
        elif kind == "claim":
            where = " AND rowid < 0"
        hits = self.conn.execute(
            _POOL_SQL.format(where=where),
            (w_claim, w_title, w_summary, fts_query(chosen), size or self.model.pool),
        ).fetchall()
        if not hits:
            return []
        texts = {
            r[0]: r[1:]
            for r in self.conn.execute(
                f"SELECT rowid, claim, title, summary FROM seen_fts WHERE rowid IN ({','.join('?' * len(hits))})",
                [h[0] for h in hits],
            )
        }
        out = []
        for rowid, score in hits:
            claim, title, summary = texts.get(rowid, ("", "", ""))
            out.append(Pooled(rowid, score, claim.split(), title.split(), summary.split()))
        return out

    def _features(self, query: list[str], pooled: list[Pooled], meta: dict[int, tuple],
                  when: date | None, speaker: str | None = None) -> None:
        qset = set(query)
        vocab: set[str] = set(qset)
        for p in pooled:
            vocab.update(p.claim)
        self._load(vocab)
        idf = self._idf_cache
        q_mass = sum(idf[t] for t in qset) or 1.0
        pairs = {(a, b) for a, b in zip(query, query[1:])}
        numbers = {t for t in qset if any(ch.isdigit() for ch in t)}
        best = -pooled[0].bm25 if pooled else 1.0
        who = surname(speaker)
        for i, p in enumerate(pooled):
            claim_set = set(p.claim)
            title_set = set(p.title)
            words = claim_set | title_set | set(p.summary)
            common = qset & words
            c_mass = sum(idf[t] for t in claim_set) or 1.0
            seq = p.claim + ["\x00"] + p.title + ["\x00"] + p.summary
            cand_pairs = set(zip(seq, seq[1:]))
            days, claimant = meta.get(p.rowid, ((), None))
            gap = None
            if when is not None:
                for d in days:
                    if d is not None:
                        g = abs((when - d).days)
                        gap = g if gap is None else min(gap, g)
            theirs = surname(claimant) if who else ""
            p.features = [
                -p.bm25 / q_mass,
                (-p.bm25 / best) if best > 0 else 0.0,
                1.0 / (1.0 + i),
                sum(idf[t] for t in common) / q_mass,
                sum(idf[t] for t in qset & title_set) / q_mass,
                sum(idf[t] for t in claim_set & qset) / c_mass,
                (len(pairs & cand_pairs) / len(pairs)) if pairs else 0.0,
                (len(numbers & words) / len(numbers)) if numbers else 0.0,
                1.0 if theirs and theirs == who else 0.0,
                1.0 if theirs and theirs != who else 0.0,
                1.0 if gap is not None and gap <= 1 else 0.0,
                1.0 / (1.0 + gap / 30.0) if gap is not None else 0.0,
                1.0 if gap is not None else 0.0,
            ]

    def _meta(self, pooled: list[Pooled]) -> dict[int, tuple[tuple[date | None, ...], str | None]]:
        """Per pooled row: its dates (claim made, fact-check published) and its claimant."""
        out: dict[int, tuple[tuple[date | None, ...], str | None]] = {}
        facts = [p.rowid for p in pooled if p.rowid > 0]
        claims = [-p.rowid for p in pooled if p.rowid < 0]
        if facts:
            for row_id, day, claim_day, claimant in self.conn.execute(
                "SELECT id, date, claim_date, claimant FROM factchecks "
                f"WHERE id IN ({','.join('?' * len(facts))})", facts
            ):
                out[row_id] = ((_day(claim_day), _day(day)), claimant)
        if claims:
            for claim_id, published, speaker in self.conn.execute(
                "SELECT c.id, d.published, c.speaker FROM claims c JOIN documents d ON d.id = c.document_id "
                f"WHERE c.id IN ({','.join('?' * len(claims))})",
                claims,
            ):
                out[-claim_id] = ((_day(iso_day(published)),), speaker)
        return out

    def rank(self, text: str, *, when: str | None = None, speaker: str | None = None,
             exclude: frozenset[tuple[str, int]] | set = frozenset(),
             pool: int | None = None) -> list[tuple[int, float, float, str]]:
        """(rowid, level score, bm25, level) for every pooled row, in the ranker's order; rowid < 0 is a claim.

        ``level`` is "match", "suggest" or "" by the thresholds of the model that scored the row.
        """
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
        self._features(query, pooled, self._meta(pooled), _day(iso_day(when)) if when else None, speaker)
        model = self.model
        if self.encoder is not None and self.embed_model is not None and text.strip():
            stored = embed_vectors(self.conn, [p.rowid for p in pooled], self.encoder.dimensions)
            if len(stored) == len(pooled):
                mine = self.encoder.encode([text])[0]
                for p in pooled:
                    p.features.append(float(stored[p.rowid] @ mine))
                model = self.embed_model
        ranks, levels = model.scores([p.features for p in pooled])
        order = sorted(range(len(pooled)), key=lambda i: (-ranks[i], pooled[i].bm25, pooled[i].rowid))
        out = []
        for i in order:
            score = float(levels[i])
            out.append((pooled[i].rowid, score, pooled[i].bm25,
                        "match" if score >= model.match else "suggest" if score >= model.suggest else ""))
        return out

    def candidates(
        self,
        text: str,
        *,
        when: str | None = None,
        speaker: str | None = None,
        claim_id: int | None = None,
        exclude: frozenset[tuple[str, int]] | set = frozenset(),
        limit: int = 10,
        include_below: bool = False,
    ) -> list[Candidate]:
        """The ranked candidates for one claim's text, with their fact-check or claim details.

        ``when``: the date of the claim's document (ISO), which lets a fact-check
        of a claim made that day rank higher. ``speaker``: who made the claim
        (claims.speaker), which lets a fact-check of the same claimant rank
        higher. ``claim_id``: the claim itself, never its own candidate.
        ``exclude``: (kind, ref) pairs a reviewer already confirmed or rejected
        for this claim. Only candidates at or above the ``suggest`` threshold
        are returned unless ``include_below``. In the ranker's order; ``score``
        is the level model's (see the module doc).
        """
        skip = set(exclude)
        if claim_id is not None:
            skip.add(("claim", claim_id))
        ranked = self.rank(text, when=when, speaker=speaker, exclude=frozenset(skip))
        out: list[Candidate] = []
        chosen = [r for r in ranked if include_below or r[3]][:limit]
        details = self._details([r[0] for r in chosen])
        for rowid, score, bm25, level in chosen:
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


def record_matches(conn: sqlite3.Connection, matcher: Matcher,
                   claims: list[tuple[int, str, str | None]] | list[tuple[int, str, str | None, str | None]],
                   *, exclude: dict[int, set[tuple[str, int]]] | None = None, limit: int = 10,
                   as_of: int | None = None, stop: Callable[[], bool] | None = None) -> dict[int, str]:
    """Match claims (id, text, document date[, speaker]) and cache the results in seen_matches / seen_status.

    The cache is what the queue's glyph and ``claims --seen-before`` read; it is
    recomputed whenever seen_meta.generation has moved on (an import, a new
    verdict). ``exclude``: per claim, the (kind, ref) a reviewer confirmed or
    rejected. ``as_of``: the generation the matching read (default: the one
    current when the results are written); a status is never newer than what
    it saw. ``stop``: asked after each claim; when it says so, the claims
    matched so far are stored and the rest are left for later (the app's
    worker gives way to a reviewer's keys). Returns each claim's level:
    "match", "suggest" or "none", for the claims it stored.
    """
    from workbench.seen.library import generation, write

    levels: dict[int, str] = {}
    results = []
    for claim in claims:
        claim_id, text, when = claim[0], claim[1], claim[2]
        speaker = claim[3] if len(claim) > 3 else None  # type: ignore[misc]
        found = matcher.candidates(text, when=when, speaker=speaker, claim_id=claim_id,
                                   exclude=frozenset((exclude or {}).get(claim_id, ())), limit=limit)
        results.append((claim_id, found))
        if stop is not None and stop():
            break
    with write(conn):
        gen = generation(conn) if as_of is None else as_of
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
