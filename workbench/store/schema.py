"""The database schema, built by numbered migrations.

Size: the numbered migrations are one append-only list; splitting them would scatter
what a database at each version holds.

A database records the last migration applied (``meta.schema_version``). Opening
it runs the missing ones, each in its own ``BEGIN IMMEDIATE`` transaction, so a
database made by an older workbench opens in a newer one. Migrations are only
ever appended to this list; a released one is never edited: a test holds the
hash of the schema each released migration produces (tests/test_store_migrations.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

from workbench.seen import schema as seen_schema
from workbench.store import content, identity
from workbench.vocab import Actor

APP_ID = "workbench"

# Triggers that make the audit log append-only, for every client that opens the
# file. `verify` checks that they are present and unaltered. The INSERT guard
# matters as much as the other two: INSERT OR REPLACE deletes the old row
# without firing DELETE triggers (unless recursive_triggers is on), and upsert
# turns into an UPDATE; requiring each insert to be exactly the next sequence
# number, chained to the current head, refuses both before they touch a row.
EVENT_TRIGGERS: dict[str, str] = {
    "events_no_update": """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END""",
    "events_no_delete": """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END""",
    "events_append_only": """CREATE TRIGGER events_append_only BEFORE INSERT ON events
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
  OR NEW.prev_hash IS NOT COALESCE(
        (SELECT hash FROM events WHERE seq = NEW.seq - 1),
        (SELECT value FROM meta WHERE key = 'genesis'))
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an insert must extend the chain head');
END""",
    "meta_keep_identity": """CREATE TRIGGER meta_keep_identity BEFORE UPDATE ON meta
WHEN OLD.key IN ('app', 'db_id', 'genesis')
BEGIN
    SELECT RAISE(ABORT, 'the database identity cannot change');
END""",
    "meta_no_delete": """CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
BEGIN
    SELECT RAISE(ABORT, 'meta rows cannot be deleted');
END""",
    "claims_no_delete": """CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
BEGIN
    SELECT RAISE(ABORT, 'claims are never deleted: they are superseded');
END""",
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # Inside an open transaction sqlite-utils runs scripts statement by
    # statement (sqlite3's executescript() would COMMIT first), so each
    # migration stays one transaction.
    return sqlite_utils.Database(conn, recursive_triggers=False)


def _m001_core(conn: sqlite3.Connection) -> None:
    _db(conn).executescript(
        """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    lineage INTEGER NOT NULL,              -- id of the first version of this document
    version INTEGER NOT NULL DEFAULT 1,
    superseded_by INTEGER REFERENCES documents(id),
    sha256 TEXT NOT NULL UNIQUE,           -- of the original bytes
    title TEXT, byline TEXT, outlet TEXT, published TEXT, url TEXT,
    extracted TEXT NOT NULL DEFAULT '{}',  -- metadata as ingest found it (JSON); edits are events
    encoding TEXT, replaced INTEGER NOT NULL DEFAULT 0,
    size INTEGER, format TEXT,
    excluded TEXT NOT NULL DEFAULT '[]',   -- clutter spans (JSON [[start, end, reason], ...])
    model TEXT, extractor_version TEXT,
    ingested_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX documents_lineage ON documents(lineage, version);

CREATE TABLE document_paths (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    path TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (document_id, path)
);
CREATE INDEX document_paths_path ON document_paths(path);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (document_id, idx)
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- stable: kept across re-extraction, never reused
    identity TEXT NOT NULL UNIQUE,         -- document lineage + sentence + normalised claim text
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sentence_id INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
    sentence_idx INTEGER NOT NULL,
    sentence TEXT NOT NULL,                -- the source sentence, as it stands in the document
    sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    position INTEGER NOT NULL,             -- order within the document
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    score REAL NOT NULL,
    tier TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '[]',
    entities TEXT NOT NULL DEFAULT '[]',
    extractor_version TEXT NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX claims_by_score ON claims(superseded, score DESC, id);
CREATE INDEX claims_by_document ON claims(document_id, position);

-- The audit log. Append-only (see the triggers), hash-chained.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,                  -- verdict | note | flag | undo | document
    claim_id INTEGER REFERENCES claims(id),
    document_id INTEGER REFERENCES documents(id),
    value TEXT,
    scale TEXT,
    detail TEXT,                           -- JSON: what the value meant when it was recorded
    seen INTEGER,                          -- the claim's latest event the reviewer had seen
    conflict_with INTEGER,                 -- another reviewer's event the reviewer had not seen
    undoes INTEGER,                        -- the event an undo retracts
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_claim ON events(claim_id, seq);
CREATE INDEX events_by_document ON events(document_id, seq);

-- Current state of each claim, derived from its events in the same transaction
-- that appends them. `verify` recomputes it from the events and compares.
CREATE TABLE claim_state (
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
    verdict TEXT,
    scale TEXT,
    detail TEXT,
    note TEXT,
    flagged INTEGER NOT NULL DEFAULT 0,
    reviewer TEXT,
    decided_at TEXT,
    last_seq INTEGER NOT NULL,
    conflict INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL
);
CREATE INDEX claim_state_verdict ON claim_state(verdict);
"""
    )
    for sql in EVENT_TRIGGERS.values():
        conn.execute(sql)


def _m002_search(conn: sqlite3.Connection) -> None:
    # sqlite-utils builds the FTS5 tables and the triggers that keep them in sync.
    db = _db(conn)
    db["claims"].enable_fts(["text", "sentence", "speaker"], create_triggers=True)
    db["sentences"].enable_fts(["text"], create_triggers=True)


# The tables whose statistics help the planner. Not the full-text index's
# shadow tables: statistics taken while they are small mislead sqlite's own
# queries on them as they grow (a bulk load into a fresh database ran ~10x slower).
ANALYZED_TABLES = ("documents", "document_paths", "sentences", "claims", "claim_state", "events")


def analyze(conn: sqlite3.Connection) -> None:
    """Refresh planner statistics for the main tables, never for the FTS internals.

    Full, not sampled: with analysis_limit the estimates for claims were off by
    50x and the one-document filter went back to walking the score index. A full
    pass over 100,000 claims takes under 0.1 s.
    """
    conn.execute("PRAGMA analysis_limit = 0")
    for table in ANALYZED_TABLES:
        conn.execute(f"ANALYZE {table}")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        conn.execute("DELETE FROM sqlite_stat1 WHERE tbl NOT IN (%s)" % ",".join("?" * len(ANALYZED_TABLES)), ANALYZED_TABLES)


def _m003_document_order(conn: sqlite3.Connection) -> None:
    # Walking claims in document order (the app's sort, the exports) from an index
    # instead of sorting 100,000 rows in a temporary B-tree: 55 ms instead of 240.
    conn.execute(
        "CREATE INDEX claims_in_document_order ON claims(superseded, document_id, position, id)"
    )
    # Statistics of empty tables would mislead the planner during the first big
    # ingest; a database that already holds claims gets them now, others after ingest.
    if conn.execute("SELECT 1 FROM claims LIMIT 1").fetchone():
        analyze(conn)


def _m004_state_indexes(conn: sqlite3.Connection) -> None:
    # Listing the flagged or the conflicting claims (`workbench claims --status
    # flagged|conflict`) starts from these few rows instead of walking every claim.
    conn.execute("CREATE INDEX claim_state_flagged ON claim_state(claim_id) WHERE flagged = 1")
    conn.execute("CREATE INDEX claim_state_conflict ON claim_state(claim_id) WHERE conflict = 1")


def _m005_drop_decided_index(conn: sqlite3.Connection) -> None:
    # Migration 4 once also created claim_state_decided, an index on decided_at
    # that nothing reads; it was dropped from migration 4 in place (commit
    # 129cfed), so databases made before that still have it and newer ones do
    # not. This brings them into line: every database has the same schema.
    conn.execute("DROP INDEX IF EXISTS claim_state_decided")


def _m006_corrections(conn: sqlite3.Connection) -> None:
    # A reviewer's correction of a claim's text or speaker is an event; the claim
    # row shows the corrected values (so search, listings and exports see them)
    # and keeps what extraction said in `extracted` (JSON {"text", "speaker"}),
    # set only while a correction stands: NULL means the row is as extracted.
    # claim_state.correction is the corrections the events add up to (JSON).
    # Both columns start NULL, so no existing row is rewritten.
    conn.execute("ALTER TABLE claims ADD COLUMN extracted TEXT")
    conn.execute("ALTER TABLE claim_state ADD COLUMN correction TEXT")


def _m007_claim_context(conn: sqlite3.Connection) -> None:
    # The words a claim keeps as the article has them because coreference was not
    # sure what they mean ("It", "the company"): JSON list, empty when the claim
    # reads on its own. Older claims start empty; re-extraction fills them.
    conn.execute("ALTER TABLE claims ADD COLUMN context TEXT NOT NULL DEFAULT '[]'")


# The full-text index follows only the columns it indexes. sqlite-utils' trigger fired
# on every UPDATE of a claim, so re-ranking 10,000 claims (a desk model's refit)
# deleted and re-inserted 10,000 index rows it did not change: 1.6 s instead of 0.3.
CLAIMS_FTS_UPDATE = """CREATE TRIGGER "claims_au" AFTER UPDATE OF "text", "sentence", "speaker" ON "claims" BEGIN
  INSERT INTO "claims_fts" ("claims_fts", rowid, "text", "sentence", "speaker") VALUES('delete', old.rowid, old."text", old."sentence", old."speaker");
  INSERT INTO "claims_fts" (rowid, "text", "sentence", "speaker") VALUES (new.rowid, new."text", new."sentence", new."speaker");
END"""


def _m008_desk_model(conn: sqlite3.Connection) -> None:
    # Written to find its work done if a database ran it under another number (it
    # was 14, then 8, on the branch it was built on).
    #
    # The desk's own check-worthiness model (learning from verdicts and dismissals).
    # claims.score, tier and reasons stay what ranks the queue; the shipped model's
    # are kept apart as the prior (prior_score, prior_tier, prior_reasons, and the
    # shipped version that gave them), since a desk model is fitted over them; and
    # model_version names the model that gave score, tier and reasons. Rows stored
    # before start with the prior equal to their score; their versions are unknown.
    present = {row[1] for row in conn.execute("PRAGMA table_info(claims)")}
    for column, kind in (("prior_score", "REAL"), ("prior_tier", "TEXT"), ("prior_reasons", "TEXT"),
                         ("prior_version", "TEXT"), ("model_version", "TEXT")):
        if column not in present:
            conn.execute(f"ALTER TABLE claims ADD COLUMN {column} {kind}")
    conn.execute('DROP TRIGGER IF EXISTS "claims_au"')
    conn.execute(CLAIMS_FTS_UPDATE)
    conn.execute(
        "UPDATE claims SET prior_score = score, prior_tier = tier, prior_reasons = reasons WHERE prior_score IS NULL"
    )
    # Each model a learn event put in use, with the counts it was fitted on. The
    # body (learn.LocalModel's JSON) is kept for the model in use; older ones keep
    # their row and lose their body. The learn events say which ranks (see the index).
    conn.execute(
        """CREATE TABLE IF NOT EXISTS desk_models (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,                 -- desk-<hash of the model's content>
    prior_version TEXT NOT NULL,           -- the shipped model it was fitted over
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events(seq),  -- the learn event that put it in use
    created_at TEXT NOT NULL,
    counts TEXT NOT NULL,                  -- JSON: labels, verdicts, dismissals, documents
    sha256 TEXT NOT NULL,                  -- of the body, as the learn event records it
    body TEXT                              -- the model as JSON; NULL once another replaced it
)"""
    )
    conn.execute("CREATE INDEX IF NOT EXISTS desk_models_version ON desk_models(version)")
    # The latest learn event says which model ranks: found from the end of a small index.
    conn.execute("CREATE INDEX IF NOT EXISTS events_learn ON events(seq) WHERE action = 'learn'")


def _m009_content_digests(conn: sqlite3.Connection) -> None:
    # Each event may record the content digest of the claim or document it was
    # decided on (NULL for the events written before this migration, whose hashes
    # stay as they were: the canonical JSON holds `content` only when it is set).
    conn.execute("ALTER TABLE events ADD COLUMN content TEXT")
    # The baseline: one content event per stored document, binding it, its
    # extraction and its claims into the chain as they stand now. What was changed
    # outside the log before this point cannot be told apart; from here on it can.
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0]
    stamp = _now()
    for (document_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
        scope = content.Scope(conn, [document_id], "WHERE document_id = ?", [document_id], before=False)
        content.record(conn, genesis, Actor.MIGRATION, scope, at=stamp, document_id=document_id)


def _m010_agreement(conn: sqlite3.Connection) -> None:
    # Between reviewers: where a claim stands (agreement: pending, agreed, disputed,
    # adjudicated; NULL for a verdict standing alone) and the verdicts behind it
    # (reviews: JSON {reviewer: {seq, verdict, label}}), folded from the roles that
    # verdict events record in their detail. The adjudication queue lists the
    # disputed claims from this index. Both columns start NULL: no existing
    # event has a role, so no existing row changes.
    conn.execute("ALTER TABLE claim_state ADD COLUMN agreement TEXT")
    conn.execute("ALTER TABLE claim_state ADD COLUMN reviews TEXT")
    conn.execute("CREATE INDEX claim_state_disputed ON claim_state(claim_id) WHERE agreement = 'disputed'")


def _m011_evidence(conn: sqlite3.Connection) -> None:
    # A verdict's evidence: its sources (JSON [{url, title}]) and the public
    # explanation, from the claim's latest evidence event. NULL until one exists.
    conn.execute("ALTER TABLE claim_state ADD COLUMN sources TEXT")
    conn.execute("ALTER TABLE claim_state ADD COLUMN explanation TEXT")


def _m012_seen_before(conn: sqlite3.Connection) -> None:
    # "Seen before" (workbench/seen/): imported fact-checks, the search index over
    # them and the team's verdicts, the matcher's cached candidates and status per
    # claim, and copy groups. seen.schema.TABLES_SQL is frozen with this migration
    # (its statements are run here, one by one). Only factchecks is imported data;
    # the others are derived caches, rebuilt by the worker (seen.work).
    for statement in seen_schema.statements():
        conn.execute(statement)
    # A reviewer's standing confirmed match (JSON: what the match event named),
    # folded from the claim's match events like every other column of claim_state.
    # NULL until a match is confirmed: no existing row changes.
    conn.execute("ALTER TABLE claim_state ADD COLUMN match TEXT")
    conn.execute("CREATE INDEX claim_state_match ON claim_state(claim_id) WHERE match IS NOT NULL")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_core,
    _m002_search,
    _m003_document_order,
    _m004_state_indexes,
    _m005_drop_decided_index,
    _m006_corrections,
    _m007_claim_context,
    _m008_desk_model,
    _m009_content_digests,
    _m010_agreement,
    _m011_evidence,
    _m012_seen_before,
]
SCHEMA_VERSION = len(MIGRATIONS)


def initialise(conn: sqlite3.Connection) -> None:
    """Write the identity of a new database: a random id and the chain's genesis hash."""
    db_id = identity.new_db_id()
    genesis = identity.genesis_hash(db_id)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("app", APP_ID),
            ("db_id", db_id),
            ("genesis", genesis),
            ("created_at", _now()),
            ("schema_version", "0"),
        ],
    )


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the migrations after the database's version, up to ``target``."""
    applied = []
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current >= target:
                conn.execute("COMMIT")
                return applied
            MIGRATIONS[current](conn)
            conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(current + 1),)
            )
            conn.execute("COMMIT")
            applied.append(current + 1)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
