"""Documents and their versions: storing a read file with its sentences and claims.

A document is identified by its bytes (SHA-256) and, across versions, by its
lineage: a path that held other bytes before becomes a new version of that
document. Claims are matched across versions and re-extractions by identity
(:mod:`workbench.store.identity`), so a claim that is still there keeps its id,
and with it its verdicts and history; the others are marked superseded, never
deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from workbench.domain import METADATA_FIELDS, Document, Resync, Sentence, StoredDocument
from workbench.records import ClaimRecord, ExcludedSpan, Extraction, Metadata, SentenceRecord
from workbench.store import clock, content, listing, schema
from workbench.store.database import Database
from workbench.store.errors import NotFound
from workbench.store.identity import claim_identity, normalise
from workbench.vocab import Actor, Outcome


_DOCUMENT_COLUMNS = (
    "d.id, d.lineage, d.version, d.superseded_by, d.sha256, d.title, d.byline, d.outlet, d.published, "
    "d.url, d.extracted, d.encoding, d.replaced, d.size, d.format, d.model, d.extractor_version, "
    "d.ingested_at, (SELECT group_concat(path, char(10)) FROM "
    "(SELECT path FROM document_paths p WHERE p.document_id = d.id ORDER BY first_seen, path)), d.excluded"
)


class ArticleLike(Protocol):
    """What the store needs from an ingested file (ingest's ``Article`` fits)."""

    path: Path
    sha256: str
    size: int
    text: str
    encoding: str
    replaced: int
    metadata: Metadata
    excluded: list
    format: str
    fetch: Any  # FetchInfo or None: kept in ``extracted`` under "fetch"


def _decode_document(row: tuple, *, claims: int | None = None, text: str | None = None) -> Document:
    paths = tuple(row[18].split("\n")) if row[18] else ()
    excluded = tuple(ExcludedSpan(int(s), int(e), str(r)) for s, e, r in json.loads(row[19] or "[]"))
    return Document(
        *row[:10],
        json.loads(row[10]) if row[10] else {},
        *row[11:18],
        paths,
        excluded,
        claims,
        text,
    )


class Documents:
    """Reading and writing the documents of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------- read

    def document(self, document_id: int) -> Document:
        rows = self.db.rows(f"SELECT {_DOCUMENT_COLUMNS}, d.text FROM documents d WHERE d.id = ?", (document_id,))
        if not rows:
            raise NotFound(f"no document {document_id}")
        return _decode_document(rows[0][:-1], text=rows[0][-1])

    def documents(self, *, include_old_versions: bool = False) -> list[Document]:
        """The stored documents (current versions), with their current claims counted."""
        where = "" if include_old_versions else "WHERE d.superseded_by IS NULL"
        rows = self.db.rows(
            f"SELECT {_DOCUMENT_COLUMNS}, "
            "(SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id AND c.superseded = 0) "
            f"FROM documents d {where} ORDER BY d.id"
        )
        return [_decode_document(row[:-1], claims=row[-1]) for row in rows]

    def sentences(self, document_id: int) -> list[Sentence]:
        return [
            Sentence(*row)
            for row in self.db.rows(
                'SELECT id, idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx', (document_id,)
            )
        ]

    def find_document(self, sha256: str) -> int | None:
        return self.db.scalar("SELECT id FROM documents WHERE sha256 = ?", (sha256,))

    def known_paths(self, paths: Sequence[str]) -> set[str]:
        """Which of ``paths`` (file paths or URLs) some stored document already has."""
        found: set[str] = set()
        unique = list(dict.fromkeys(paths))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.rows(f"SELECT DISTINCT path FROM document_paths WHERE path IN ({marks})", chunk))
        return found

    # ---------------------------------------------------------------- write

    def add_path(self, document_id: int, path: str) -> bool:
        """Record another path for a stored document; False when it was known already."""
        with self.db.transaction() as conn:
            return _add_path(conn, self.db.genesis, document_id, path)

    def store_document(
        self, article: ArticleLike, extraction: Extraction, *, model: str, extractor_version: str
    ) -> StoredDocument:
        """Store a newly read file with its sentences and claims, in one transaction.

        The same bytes stored before: the path is added, nothing else changes.
        A path that held other bytes before: a new version of that document;
        claims whose sentence and text are unchanged carry their id, and so
        their verdicts and history, over; the others are marked superseded.
        """
        path = str(article.path)
        with self.db.transaction() as conn:
            existing = conn.execute("SELECT id, version FROM documents WHERE sha256 = ?", (article.sha256,)).fetchone()
            if existing:
                return _known_bytes(conn, self.db.genesis, existing[0], existing[1], path)
            previous = conn.execute(
                "SELECT d.id, d.lineage, d.version FROM documents d "
                "JOIN document_paths p ON p.document_id = d.id "
                "WHERE p.path = ? AND d.superseded_by IS NULL ORDER BY d.id DESC LIMIT 1",
                (path,),
            ).fetchone()
            version = previous[2] + 1 if previous else 1
            # What this write replaces: the previous version and its lineage's claims.
            scope = content.Scope(conn, [previous[0]], _LINEAGE_CLAIMS, [previous[1]]) if previous else None
            document_id = _insert_document(conn, article, version, model, extractor_version)
            lineage = previous[1] if previous else document_id
            if scope is None:
                scope = content.Scope(conn, [], _LINEAGE_CLAIMS, [lineage], before=False)
            conn.execute("UPDATE documents SET lineage = ? WHERE id = ?", (lineage, document_id))
            if previous:
                conn.execute("UPDATE documents SET superseded_by = ? WHERE id = ?", (document_id, previous[0]))
                _carry_metadata_edits(conn, previous[0], document_id)
            conn.execute(
                "INSERT INTO document_paths (document_id, path, first_seen) VALUES (?, ?, ?)",
                (document_id, path, clock.now()),
            )
            sync = write_extraction(conn, document_id, lineage, extraction)
            content.record(
                conn, self.db.genesis, Actor.INGEST, scope, at=clock.now(),
                new_documents=[document_id], document_id=document_id,
            )
            return StoredDocument(
                Outcome.NEW_VERSION if previous else Outcome.INGESTED,
                document_id,
                version,
                len(extraction.sentences),
                len(extraction.claims),
                carried=sync.kept,
                superseded=sync.superseded,
            )

    def replace_extraction(
        self, document_id: int, extraction: Extraction, *, model: str, extractor_version: str
    ) -> Resync:
        """Write a new extraction of a stored document in place of its old one."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT lineage FROM documents WHERE id = ?", (document_id,)).fetchone()
            if not row:
                raise NotFound(f"no document {document_id}")
            scope = content.Scope(conn, [document_id], _LINEAGE_CLAIMS, [row[0]])
            conn.execute("DELETE FROM sentences WHERE document_id = ?", (document_id,))
            conn.execute(
                "UPDATE documents SET model = ?, extractor_version = ? WHERE id = ?",
                (model, extractor_version, document_id),
            )
            sync = write_extraction(conn, document_id, row[0], extraction)
            content.record(conn, self.db.genesis, Actor.EXTRACT, scope, at=clock.now(), document_id=document_id)
            return sync

    def optimize(self) -> None:
        """Refresh the query planner's statistics (ingest calls this at the end of a run).

        Without statistics the planner walks the score index for a one-document
        filter (about 240 ms at 100,000 claims, against 0.2 ms with them). Raises
        NotSaved when the database is busy; callers may skip it and try later.
        """
        with self.db.transaction() as conn:
            schema.analyze(conn)


_LINEAGE_CLAIMS = "WHERE document_id IN (SELECT id FROM documents WHERE lineage = ?)"


def _add_path(conn: sqlite3.Connection, genesis: str, document_id: int, path: str) -> bool:
    """Record another path of a stored document (a content event: paths are part of its digest)."""
    if conn.execute("SELECT 1 FROM document_paths WHERE document_id = ? AND path = ?", (document_id, path)).fetchone():
        return False
    scope = content.Scope(conn, [document_id], "WHERE 0")
    conn.execute(
        "INSERT INTO document_paths (document_id, path, first_seen) VALUES (?, ?, ?)",
        (document_id, path, clock.now()),
    )
    content.record(conn, genesis, Actor.INGEST, scope, at=clock.now(), document_id=document_id)
    return True


def _known_bytes(conn: sqlite3.Connection, genesis: str, document_id: int, version: int, path: str) -> StoredDocument:
    """The same bytes again: only the path is recorded."""
    others = [
        r[0]
        for r in conn.execute(
            "SELECT path FROM document_paths WHERE document_id = ? AND path != ?", (document_id, path)
        )
    ]
    _add_path(conn, genesis, document_id, path)
    sentences = conn.execute("SELECT COUNT(*) FROM sentences WHERE document_id = ?", (document_id,)).fetchone()[0]
    claims = conn.execute(
        "SELECT COUNT(*) FROM claims WHERE document_id = ? AND superseded = 0", (document_id,)
    ).fetchone()[0]
    return StoredDocument(
        Outcome.UNCHANGED,
        document_id,
        version,
        sentences,
        claims,
        duplicate_of=None if not others or path in others else others[0],
    )


def _insert_document(conn: sqlite3.Connection, article: ArticleLike, version: int, model: str, extractor_version: str) -> int:
    meta = article.metadata
    extracted: dict[str, Any] = {name: getattr(meta, name) for name in METADATA_FIELDS}
    fetch = getattr(article, "fetch", None)
    if fetch is not None:
        # Where and when a web page was fetched: part of what ingest found, kept with it.
        extracted["fetch"] = {name: getattr(fetch, name) for name in fetch.__slots__}
    cursor = conn.execute(
        "INSERT INTO documents (lineage, version, sha256, title, byline, outlet, published, url, "
        "extracted, encoding, replaced, size, format, excluded, model, extractor_version, "
        "ingested_at, text) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version,
            article.sha256,
            *(getattr(meta, name) for name in METADATA_FIELDS),
            json.dumps(extracted, ensure_ascii=False),
            article.encoding,
            article.replaced,
            article.size,
            article.format,
            json.dumps([[s.start, s.end, s.reason] for s in article.excluded]),
            model,
            extractor_version,
            clock.now(),
            article.text,
        ),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def _carry_metadata_edits(conn: sqlite3.Connection, old_id: int, new_id: int) -> None:
    """A reviewer's metadata corrections apply to later versions of the same document."""
    row = conn.execute(f"SELECT {', '.join(METADATA_FIELDS)}, extracted FROM documents WHERE id = ?", (old_id,)).fetchone()
    extracted = json.loads(row[-1])
    edited = {name: value for name, value in zip(METADATA_FIELDS, row[:-1]) if value != extracted.get(name)}
    if edited:
        assignments = ", ".join(f"{name} = ?" for name in edited)
        conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*edited.values(), new_id))


def write_extraction(conn: sqlite3.Connection, document_id: int, lineage: int, extraction: Extraction) -> Resync:
    """Write sentences and claims; claims already known to the lineage keep their id.

    A kept claim takes the new extraction's values, except where a reviewer
    corrected its text or speaker: those stay as corrected, and what the new
    extraction says goes into ``extracted`` beside them. Every claim written
    here is scored by the shipped model (its prior and its ranking score alike);
    a desk model in use re-ranks the unreviewed ones afterwards (workbench.desk).
    """
    stamp = clock.now()
    conn.executemany(
        'INSERT INTO sentences (document_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
        [(document_id, s.idx, s.start, s.end, s.text) for s in extraction.sentences],
    )
    sentence_ids = dict(conn.execute("SELECT idx, id FROM sentences WHERE document_id = ?", (document_id,)))
    by_idx = {s.idx: s for s in extraction.sentences}
    known = dict(
        conn.execute(
            "SELECT identity, id FROM claims WHERE document_id IN (SELECT id FROM documents WHERE lineage = ?)",
            (lineage,),
        )
    )
    corrections = {
        claim_id: json.loads(correction)
        for claim_id, correction in conn.execute(
            "SELECT s.claim_id, s.correction FROM claim_state s JOIN claims c ON c.id = s.claim_id "
            "WHERE s.correction IS NOT NULL AND c.document_id IN (SELECT id FROM documents WHERE lineage = ?)",
            (lineage,),
        )
    }
    occurrences: dict[tuple[str, str], int] = {}
    matched: set[int] = set()
    inserts, updates = [], []
    for position, claim in enumerate(extraction.claims):
        sentence = by_idx[claim.sentence_idx]
        key = (normalise(sentence.text), normalise(claim.text))
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        identity = claim_identity(lineage, sentence.text, claim.text, occurrence)
        values = _claim_values(claim, sentence, sentence_ids.get(claim.sentence_idx), position)
        claim_id = known.get(identity)
        if claim_id is None:
            inserts.append((identity, document_id, *values, stamp, stamp))
        elif claim_id not in matched:
            matched.add(claim_id)
            extracted = None
            if claim_id in corrections:
                # The reviewer's text and speaker stand; extraction's new ones are kept beside them.
                new = {"text": claim.text, "speaker": claim.speaker}
                extracted = json.dumps(new, sort_keys=True, ensure_ascii=False)
                shown = {**new, **corrections[claim_id]}
                values = (*values[:8], shown["text"], values[9], shown["speaker"], *values[11:])
            updates.append((document_id, *values, extracted, stamp, claim_id))
    conn.executemany(
        "INSERT INTO claims (identity, document_id, sentence_id, sentence_idx, sentence, "
        'sent_start, sent_end, start, "end", position, text, kind, speaker, score, tier, '
        "reasons, entities, extractor_version, context, prior_score, prior_tier, prior_reasons, "
        "prior_version, model_version, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    conn.executemany(
        "UPDATE claims SET document_id = ?, sentence_id = ?, sentence_idx = ?, sentence = ?, "
        'sent_start = ?, sent_end = ?, start = ?, "end" = ?, position = ?, text = ?, kind = ?, '
        "speaker = ?, score = ?, tier = ?, reasons = ?, entities = ?, extractor_version = ?, "
        "context = ?, prior_score = ?, prior_tier = ?, prior_reasons = ?, prior_version = ?, "
        "model_version = ?, extracted = ?, superseded = 0, updated_at = ? WHERE id = ?",
        updates,
    )
    stale = [cid for cid in known.values() if cid not in matched]
    superseded = 0
    for i in range(0, len(stale), 500):
        chunk = stale[i : i + 500]
        marks = ",".join("?" * len(chunk))
        superseded += conn.execute(
            f"UPDATE claims SET superseded = 1, updated_at = ? WHERE superseded = 0 AND id IN ({marks})",
            [stamp, *chunk],
        ).rowcount
    listing.bump_claims_generation(conn)
    return Resync(kept=len(updates), added=len(inserts), superseded=superseded)


def _claim_values(claim: ClaimRecord, sentence: SentenceRecord, sentence_id: int | None, position: int) -> tuple[Any, ...]:
    reasons = json.dumps(list(claim.reasons), ensure_ascii=False)
    return (
        sentence_id,
        claim.sentence_idx,
        sentence.text,
        sentence.start,
        sentence.end,
        claim.start,
        claim.end,
        position,
        claim.text,
        claim.kind,
        claim.speaker,
        float(claim.score),
        claim.tier,
        reasons,
        json.dumps(
            [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in claim.entities],
            ensure_ascii=False,
        ),
        claim.extractor_version,
        json.dumps(list(claim.unresolved), ensure_ascii=False),
        # The prior: what the shipped model said, kept apart from whatever ranks later.
        float(claim.score),
        claim.tier,
        reasons,
        claim.model_version or None,
        claim.model_version or None,
    )
