"""Migrations are append-only: a released one never changes what it builds.

Each released migration's effect is pinned by a hash of the schema a new
database has after it (sqlite_master: every table, index and trigger, as SQL).
A change to a released migration changes its hash and fails here; a new
migration adds its hash to RELEASED. Commit 129cfed edited migration 4 in place
(it lost an index); migration 5 brings the databases made before it into line.
"""

from __future__ import annotations

import hashlib
import sqlite3

from workbench.store import Store, schema

# sha256 of the schema after migration N, for N = 1, 2, ... (see schema_digest).
RELEASED: tuple[str, ...] = (
    "daebc7b92484867448cbf8664925a70b30ec902292c4f619d6a6645299981ec0",  # 1 core tables, triggers
    "1421ba2f5b93288c9a5432f77a7dcfcbf64b8ab70b308b2091c9e87d284681aa",  # 2 full-text search
    "3ad002ba9ae5ba42315c2a5c5610e9d59741a1c1948dc247010185bd0a6ab338",  # 3 document-order index
    "51444da0a943251ebfe65c3baadea537fef9674c3bec148d084efffcc5174c01",  # 4 state indexes (as after 129cfed)
    "51444da0a943251ebfe65c3baadea537fef9674c3bec148d084efffcc5174c01",  # 5 no decided_at index anywhere
    "174804338a5104757b11bf5bf025bed2908adfb274a3b2debda15608373749a0",  # 6 claim corrections
    "b76d285e9c37f3383e397d47a146cfb0c2b57922aa4aa4df119bdf7f860e7f32",  # 7 claims' needs-context words
    "d885b32e10bb5f873e1b9001266615cb98d0099896bd106e2a21cac584ed30f2",  # 8 desk model, prior kept apart
    "f6e13018e2372853278c9cab250896f90f5cb297e7695b18736a8b4bdd1ffe6e",  # 9 content digests on events
    "eaad1ad7d26cadd92924a589c4b20a5d61a40bd14f21daadb867c2af2558900d",  # 10 agreement between reviewers
    "39fcbc22988c20ddee808694698bfc0b8e0d797a36569f5c5b8d2df44cda5036",  # 11 evidence
    "e90818632c0b67b0d1a842564abb1d265e31975fb58eec85b5f9901456504c01",  # 12 seen before, claim_state.match
)


def schema_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every object's type, name and SQL (whitespace normalised), the statistics tables aside."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    return [(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows]


def schema_digest(conn: sqlite3.Connection) -> str:
    text = "\n".join("\x1f".join(row) for row in schema_rows(conn))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def built_to(target: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=target)
    return conn


def test_released_migrations_still_build_what_they_built():
    digests = [schema_digest(built_to(n)) for n in range(1, schema.SCHEMA_VERSION + 1)]
    assert len(RELEASED) <= len(digests), "a released migration was removed"
    for n, (released, now) in enumerate(zip(RELEASED, digests), start=1):
        assert now == released, (
            f"migration {n} was released and now builds another schema: never edit a released "
            "migration; append a new one that changes the schema instead"
        )
    assert len(RELEASED) == len(digests), (
        f"record the new migration's schema hash in RELEASED: {digests[len(RELEASED):]}"
    )


def test_a_database_made_before_129cfed_ends_with_the_schema_of_a_new_one(tmp_path):
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=4)
    # What migration 4 also built before commit 129cfed took it out in place.
    conn.execute("CREATE INDEX claim_state_decided ON claim_state(decided_at)")
    conn.close()
    with Store.open(old) as store:
        assert schema.schema_version(store.conn) == schema.SCHEMA_VERSION
        migrated = schema_rows(store.conn)
        assert store.verify().ok
    with Store.open(tmp_path / "new.db") as store:
        assert migrated == schema_rows(store.conn)
    assert "claim_state_decided" not in {name for _, name, _ in migrated}


def test_a_database_with_decisions_gains_corrections_and_keeps_everything(tmp_path):
    from store_helpers import add_article
    from workbench.scales import DEFAULT_SCALE

    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=5)
    conn.close()
    # Claims and a verdict written at schema 5 (before corrections existed).
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("INSERT INTO documents (id, lineage, sha256, ingested_at, text) VALUES (1, 1, 'a', 'x', 'Rates rose.')")
    raw.execute(
        "INSERT INTO claims (identity, document_id, sentence_idx, sentence, sent_start, sent_end, start, \"end\", "
        "position, text, kind, speaker, score, tier, extractor_version, created_at, updated_at) VALUES "
        "('i1', 1, 0, 'Rates rose.', 0, 11, 0, 11, 0, 'Rates rose', 'event', 'the bank', 0.9, 'high', 'v', 'x', 'x')"
    )
    raw.close()
    with Store.open(path) as store:
        assert schema.schema_version(store.conn) == schema.SCHEMA_VERSION
        claim = store.claim(1)
        assert (claim.text, claim.speaker, claim.corrected) == ("Rates rose", "the bank", False)
        assert (claim.extracted_text, claim.extracted_speaker) == ("Rates rose", "the bank")
        store.set_verdict(1, "true", scale=DEFAULT_SCALE, reviewer="ana")
        store.correct_claim(1, speaker="the central bank", reviewer="ana")
        assert store.claim(1).speaker == "the central bank" and store.verify().ok
        add_article(store, "b.txt", "Prices fell 2 percent.\n")
