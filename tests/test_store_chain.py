"""The chain's proof (store/chain.py): it proves an intact log as the event-by-event walk does, and gives up on any doubt."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
from workbench.store import audit, chain
from workbench.store.schema import EVENT_TRIGGERS


@pytest.fixture
def logged(tmp_path):
    """A database with 30 events besides ingest's; returns its path and genesis."""
    path = tmp_path / "c.db"
    store = make_db(path, articles=2)
    ids = store.claim_ids()
    for i in range(30):
        store.set_verdict(ids[i % 5], DEFAULT_SCALE.slugs()[i % 6], scale=DEFAULT_SCALE, reviewer="r0")
    genesis = store.genesis
    store.close()
    return path, genesis


def tamper(path, *sql: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for name in EVENT_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        conn.execute(statement)
    for statement in EVENT_TRIGGERS.values():
        conn.execute(statement)
    return conn


@pytest.mark.parametrize("chunk", [1, 2, 7, 31, 32, 8192])
def test_the_proof_of_an_intact_log_is_the_walk_s_at_every_range_size(logged, chunk):
    path, genesis = logged
    conn = sqlite3.connect(path)
    walked = chain.walk(conn, genesis, lenient=False, sql_json=True)
    assert walked.problems == []
    proved = chain.prove(conn, genesis, chunk=chunk)
    assert proved is not None
    assert proved.problems == []
    assert proved.hashes == walked.hashes
    assert proved.head == walked.head == (32, walked.hashes[32])


def test_an_empty_log_is_proved_at_the_genesis(tmp_path):
    conn = sqlite3.connect(tmp_path / "empty.db")
    conn.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, at, reviewer, action, claim_id, document_id, value, "
                 "scale, detail, seen, conflict_with, undoes, prev_hash, hash, content)")
    proved = chain.prove(conn, "g" * 64)
    assert proved is not None and proved.hashes == {} and proved.head == (0, "g" * 64)


TAMPERS = {
    "an edited value": ["UPDATE events SET value = 'false' WHERE seq = 12"],
    "a deleted event": ["DELETE FROM events WHERE seq = 12"],
    "a deleted last event of a range": ["DELETE FROM events WHERE seq = 14"],
    "an event moved before the first": ["UPDATE events SET seq = 0 WHERE seq = 1"],
    "a link edited": ["UPDATE events SET prev_hash = 'x' || substr(prev_hash, 2) WHERE seq = 9"],
    "a hash split by a comma": ["UPDATE events SET hash = substr(hash, 1, 10) || ',' || substr(hash, 11) WHERE seq = 9"],
    "a NUL in a link": ["UPDATE events SET prev_hash = prev_hash || char(0) WHERE seq = 9"],
    "an empty link": ["UPDATE events SET prev_hash = '' WHERE seq = 9"],
    "a blob": ["UPDATE events SET detail = CAST(detail AS BLOB) WHERE seq = 9"],
    "a swapped pair": [
        "UPDATE events SET seq = -1 WHERE seq = 10",
        "UPDATE events SET seq = 10 WHERE seq = 11",
        "UPDATE events SET seq = 11 WHERE seq = -1",
    ],
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_the_proof_gives_up_where_the_walk_names_a_break(logged, name):
    """Never a false proof: whatever the walk finds broken, the proof does not prove (at any range size)."""
    path, genesis = logged
    conn = tamper(path, *TAMPERS[name])
    for chunk in (1, 7, 8192):
        try:
            assert chain.prove(conn, genesis, chunk=chunk) is None
        except sqlite3.OperationalError:  # SQLite's JSON refuses a blob: verify then walks too
            assert name == "a blob"
    try:
        walked = chain.walk(conn, genesis, lenient=False, sql_json=True)
    except sqlite3.OperationalError:
        walked = chain.walk(conn, genesis, lenient=False, sql_json=False)
    assert walked.problems, name


def test_a_real_is_left_to_the_walk_which_hashes_it_as_canonical_row(logged):
    path, genesis = logged
    conn = sqlite3.connect(path, isolation_level=None)
    prev_seq, prev_hash = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    event = {name: None for name in audit.HASHED_FIELDS}
    event.update(seq=prev_seq + 1, at="2024-01-01T00:00:00.000Z", reviewer="r", action="note", claim_id=1, seen=0.3)
    event.update(prev_hash=prev_hash, hash=audit.event_hash(prev_hash, event))
    conn.execute(audit.INSERT_EVENT, event)
    assert chain.prove(conn, genesis) is None
    assert chain.walk(conn, genesis, lenient=False, sql_json=True).problems == []


def test_the_proof_stops_when_asked(logged):
    path, genesis = logged
    conn = sqlite3.connect(path)
    assert chain.prove(conn, genesis, chunk=4, stop=lambda: True) is None
