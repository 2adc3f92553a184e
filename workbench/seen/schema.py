"""The tables of "seen before": imported fact-checks, the search index, copy groups.

:data:`TABLES_SQL` is released as migration 12 of ``workbench/store/schema.py``
(``_m012_seen_before``), which runs these very statements: it is frozen. A
change to these tables is a new constant run by a new migration, never an
edit here (tests/test_store_migrations.py holds the schema's hash).
:func:`create_tables` runs the same statements on a bare connection (the seen
tests, which need no store). It only creates tables of its own; it reads the store's ``claims``, ``claim_state`` and ``documents`` but
adds no trigger to them, so the store keeps its single write path. Reviewed
claims reach the index through :func:`workbench.seen.library.sync_reviewed`,
which follows ``claim_state.last_seq``.

The search index ``seen_fts`` holds both kinds of candidate, so their BM25
scores share one set of term statistics:

- an imported fact-check ``factchecks.id = N`` is row ``N``;
- a claim of the team's with a verdict, ``claims.id = N``, is row ``-N``.

Its columns hold the *stemmed* terms (workbench.seen.text.stems), not the raw
text: the stemmer is Python's, so the index and the query always agree, and
``seen_vocab`` (fts5vocab) gives the document frequency of exactly the terms a
query asks for.
"""

from __future__ import annotations

import sqlite3

# Bumped when the index's terms would come out differently (the stemmer or the
# columns change): the library rebuilds seen_fts when it finds an older one.
INDEX_VERSION = 1

# Released with migration 12: never edit (see the module docstring).
TABLES_SQL = """
CREATE TABLE IF NOT EXISTS factchecks (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- url:<url>#<claim digest> | id:<identifier> | sha256:<content hash>
    claim TEXT NOT NULL,
    rating TEXT,
    rating_value REAL, best_rating REAL, worst_rating REAL,
    url TEXT,                          -- the fact-check article, validated http(s)
    date TEXT,                         -- ISO date the fact-check was published
    publisher TEXT,
    title TEXT,
    summary TEXT,
    claimant TEXT,
    claim_date TEXT,                   -- ISO date the claim was made
    appearances TEXT NOT NULL DEFAULT '[]',  -- JSON list of URLs
    language TEXT,
    format TEXT NOT NULL,              -- claimreview | workbench-jsonl | jsonl | csv
    source_file TEXT NOT NULL,         -- the file it was (last) imported from
    imported_at TEXT NOT NULL,         -- first import
    updated_at TEXT NOT NULL           -- last import that changed it
);
CREATE INDEX IF NOT EXISTS factchecks_url ON factchecks(url);

-- Search index over fact-checks (rowid = factchecks.id) and reviewed claims (rowid = -claims.id).
CREATE VIRTUAL TABLE IF NOT EXISTS seen_fts USING fts5(
    claim, title, summary,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS seen_vocab USING fts5vocab(seen_fts, 'row');

-- Sentence vectors of the indexed rows (same row ids as seen_fts), for the optional embedding
-- feature (workbench.seen.embed): filled after import/ingest by the worker, never by ingest.
CREATE TABLE IF NOT EXISTS seen_vectors (
    rowid INTEGER PRIMARY KEY,         -- factchecks.id, or -claims.id
    vector BLOB NOT NULL               -- float16 little-endian, unit length
);

-- Reviewed claims in the index: which claim, as of which of its events.
CREATE TABLE IF NOT EXISTS seen_claims (
    claim_id INTEGER PRIMARY KEY,      -- claims.id
    last_seq INTEGER NOT NULL          -- claim_state.last_seq when it was indexed
);

CREATE TABLE IF NOT EXISTS seen_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The matcher's candidates per claim, as last computed (a cache: never an audited fact).
CREATE TABLE IF NOT EXISTS seen_matches (
    claim_id INTEGER NOT NULL,         -- claims.id
    kind TEXT NOT NULL,                -- factcheck | claim
    ref INTEGER NOT NULL,              -- factchecks.id or claims.id
    rank INTEGER NOT NULL,             -- 1 = best
    score REAL NOT NULL,               -- the matcher's score, 0..1
    level TEXT NOT NULL,               -- match | suggest
    PRIMARY KEY (claim_id, kind, ref)
);
CREATE INDEX IF NOT EXISTS seen_matches_ref ON seen_matches(kind, ref);
-- One row per claim matched: its best level, for the queue's glyph and --seen-before.
CREATE TABLE IF NOT EXISTS seen_status (
    claim_id INTEGER PRIMARY KEY,
    level TEXT NOT NULL,               -- match | suggest | none
    best REAL NOT NULL,
    generation INTEGER NOT NULL        -- seen_meta 'generation' when computed
);
CREATE INDEX IF NOT EXISTS seen_status_level ON seen_status(level) WHERE level != 'none';

-- Near-exact copies of claims across documents (MinHash, workbench.seen.copies).
CREATE TABLE IF NOT EXISTS copy_signatures (
    claim_id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    exact TEXT NOT NULL,               -- digest of the canonical text: equal means an exact copy
    signature BLOB NOT NULL            -- MinHash, little-endian uint32 x copies.PERMUTATIONS
);
CREATE INDEX IF NOT EXISTS copy_signatures_exact ON copy_signatures(exact);
CREATE TABLE IF NOT EXISTS copy_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,           -- hash of that band of the signature
    claim_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS copy_bands_bucket ON copy_bands(band, bucket);
CREATE INDEX IF NOT EXISTS copy_bands_claim ON copy_bands(claim_id);
CREATE TABLE IF NOT EXISTS copy_groups (
    claim_id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL          -- the smallest claim id in the group
);
CREATE INDEX IF NOT EXISTS copy_groups_group ON copy_groups(group_id);
"""


# The rows seen_meta starts with (migration 12 writes them too).
META_SQL = (
    "INSERT OR IGNORE INTO seen_meta (key, value) VALUES ('index_version', '1')",
    "INSERT OR IGNORE INTO seen_meta (key, value) VALUES ('generation', '0')",
)


def statements() -> list[str]:
    """TABLES_SQL as single statements, then META_SQL."""
    return [part for part in TABLES_SQL.split(";\n") if part.strip()] + list(META_SQL)


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the "seen before" tables (idempotent). Run inside the caller's transaction.

    Statements are run one by one, never with executescript(), which would
    COMMIT the caller's open transaction first. A store's database has them
    from migration 12 on; this is for a bare connection.
    """
    for statement in statements():
        conn.execute(statement)
