"""The audit log: append-only for every client, hash-chained, and verify catches tampering."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store, audit
from workbench.store.decisions import refresh_state
from workbench.store.schema import EVENT_TRIGGERS


@pytest.fixture
def decided(tmp_path):
    """A database with ten events on several claims; returns its path."""
    path = tmp_path / "w.db"
    store = make_db(path, articles=2)
    ids = store.claim_ids()
    for i in range(10):
        store.set_verdict(ids[i % 4], DEFAULT_SCALE.slugs()[i % 6], scale=DEFAULT_SCALE, reviewer=f"r{i % 2}")
    store.close()
    return path


def raw(path):
    conn = sqlite3.connect(path, isolation_level=None)
    return conn


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events SET value = 'false' WHERE seq = 3",
        "UPDATE events SET reviewer = 'mallory'",
        "DELETE FROM events WHERE seq = 3",
        "DELETE FROM events",
        "INSERT OR REPLACE INTO events SELECT * FROM events WHERE seq = 3",
        "REPLACE INTO events SELECT * FROM events WHERE seq = 3",
        "INSERT INTO events SELECT * FROM events WHERE seq = 3 ON CONFLICT(seq) DO UPDATE SET value = 'x'",
        "INSERT INTO events SELECT * FROM events WHERE seq = 3 ON CONFLICT DO NOTHING",
        "INSERT OR IGNORE INTO events SELECT * FROM events WHERE seq = 3",
        # Appending a forged event that does not extend the chain head.
        "INSERT INTO events (seq, at, reviewer, action, prev_hash, hash) "
        "VALUES ((SELECT MAX(seq) + 1 FROM events), 'x', 'mallory', 'verdict', 'forged', 'forged')",
        "INSERT INTO events (at, reviewer, action, prev_hash, hash) VALUES ('x', 'm', 'verdict', 'a', 'b')",
    ],
)
def test_events_refuse_every_rewrite(decided, sql):
    conn = raw(decided)
    before = conn.execute("SELECT seq, hash, value FROM events ORDER BY seq").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(sql)
    assert conn.execute("SELECT seq, hash, value FROM events ORDER BY seq").fetchall() == before


def test_database_identity_cannot_change(decided):
    conn = raw(decided)
    with pytest.raises(sqlite3.DatabaseError, match="identity"):
        conn.execute("UPDATE meta SET value = 'x' WHERE key = 'db_id'")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM meta")


def test_claims_are_never_deleted(decided):
    conn = raw(decided)
    with pytest.raises(sqlite3.DatabaseError, match="superseded"):
        conn.execute("DELETE FROM claims WHERE id = 1")


def test_chain_links_every_event(decided):
    store = Store.open(decided)
    events = store.events()
    assert [e.seq for e in events] == list(range(1, 13))  # two ingests, then ten verdicts
    assert events[0].prev_hash == store.genesis
    for before, after in zip(events, events[1:]):
        assert after.prev_hash == before.hash
    result = store.verify()
    assert result.ok, result.problems
    assert result.head == f"12:{events[-1].hash}"


def drop_triggers(conn):
    for name in EVENT_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore_triggers(conn):
    for sql in EVENT_TRIGGERS.values():
        conn.execute(sql)


def verify_problems(path, **kwargs):
    store = Store.open(path)
    try:
        result = store.verify(**kwargs)
    finally:
        store.close()
    return result


def test_verify_catches_an_edited_event(decided):
    conn = raw(decided)
    drop_triggers(conn)
    conn.execute("UPDATE events SET value = 'true' WHERE seq = 4")
    restore_triggers(conn)
    result = verify_problems(decided)
    assert not result.ok
    assert result.problems[0].startswith("event 4:")
    assert "edited" in result.problems[0]


def test_verify_catches_a_deleted_middle_event(decided):
    conn = raw(decided)
    drop_triggers(conn)
    conn.execute("DELETE FROM events WHERE seq = 5")
    restore_triggers(conn)
    result = verify_problems(decided)
    assert not result.ok
    assert any(p.startswith("event 6:") and "missing" in p for p in result.problems)


def test_verify_catches_swapped_events(decided):
    conn = raw(decided)
    drop_triggers(conn)
    a = conn.execute("SELECT * FROM events WHERE seq = 3").fetchone()
    b = conn.execute("SELECT * FROM events WHERE seq = 4").fetchone()
    conn.execute("DELETE FROM events WHERE seq IN (3, 4)")
    marks = ",".join("?" * len(a))
    conn.execute(f"INSERT INTO events VALUES ({marks})", (3, *b[1:]))
    conn.execute(f"INSERT INTO events VALUES ({marks})", (4, *a[1:]))
    restore_triggers(conn)
    result = verify_problems(decided)
    assert not result.ok
    assert result.problems[0].startswith("event 3:")


def test_verify_catches_a_truncated_tail_given_the_expected_head(decided):
    head = verify_problems(decided).head
    conn = raw(decided)
    drop_triggers(conn)
    conn.execute("DELETE FROM events WHERE seq > 7")
    restore_triggers(conn)
    # The cut chain is internally consistent, so only the expected head reveals it.
    store = Store.open(decided)
    for claim_id in {r[0] for r in conn.execute("SELECT claim_id FROM claim_state")}:
        with store.transaction() as c:
            refresh_state(c, claim_id)
    store.close()
    assert verify_problems(decided).ok
    result = verify_problems(decided, expect_head=head)
    assert not result.ok
    assert "no longer on the chain" in result.problems[0]


def test_verify_accepts_an_earlier_head_still_on_the_chain(decided):
    head = verify_problems(decided).head
    store = Store.open(decided)
    store.set_flag(store.claim_ids()[0], reviewer="later")
    store.close()
    assert verify_problems(decided, expect_head=head).ok


def test_verify_reports_missing_and_altered_triggers(decided):
    conn = raw(decided)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("CREATE TRIGGER events_no_update BEFORE UPDATE ON events WHEN 0 BEGIN SELECT 1; END")
    result = verify_problems(decided)
    assert not result.ok
    assert any("events_no_delete is missing" in p for p in result.problems)
    assert any("events_no_update has been altered" in p for p in result.problems)


def test_verify_catches_a_cache_that_disagrees_with_the_events(decided):
    conn = raw(decided)
    conn.execute("UPDATE claim_state SET verdict = 'true', reviewer = 'mallory' WHERE claim_id = 1")
    result = verify_problems(decided)
    assert not result.ok
    assert any(p.startswith("claim 1:") for p in result.problems)


def test_verify_catches_document_metadata_changed_outside_the_log(decided):
    conn = raw(decided)
    conn.execute("UPDATE documents SET title = 'A quieter headline' WHERE id = 1")
    result = verify_problems(decided)
    assert any(p.startswith("document 1:") for p in result.problems)


def test_audited_document_edit_passes_verify(decided):
    store = Store.open(decided)
    decision = store.edit_document(1, {"title": "Corrected title", "published": "2023-01-13"}, reviewer="ed")
    assert decision.document_id == 1
    assert store.document(1).title == "Corrected title"
    assert store.verify().ok


def append_raw(path, **fields):
    """Append an event with any field values, hashed as the store hashes, bypassing validation."""
    conn = raw(path)
    prev_seq, prev_hash = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    event = {name: None for name in audit.HASHED_FIELDS}
    event.update(seq=prev_seq + 1, at="2024-01-01T00:00:00.000Z", reviewer="mallory", action="note", claim_id=1)
    event.update(fields)
    event["prev_hash"] = prev_hash
    event["hash"] = audit.event_hash(prev_hash, event)
    conn.execute(audit.INSERT_EVENT, event)
    conn.close()
    return event


HOSTILE = "".join(map(chr, range(128))) + "é€\u2028\u2029\u202e\u200b\ufeff\uffff𝄞\U0010ffff"


def test_sqlite_writes_what_each_hash_covers_as_canonical_row_does(decided):
    """verify lets SQLite write the bytes each event's hash is taken over: for every event, canonical_row's."""
    append_raw(decided, value=HOSTILE, reviewer=HOSTILE[::-1], detail='{"a": "\\u0000"}', content="1:x")
    conn = raw(decided)
    assert audit.sql_hashing_agrees(conn)
    rows = conn.execute(f"SELECT {audit.SORTED_COLUMNS}, {audit.HASHED_SQL} FROM events ORDER BY seq").fetchall()
    assert len(rows) == 13
    for row in rows:
        assert row[-1] == (row[audit.PREV_HASH] + "\n" + audit.canonical_row(row)).encode("utf-8")
    result = verify_problems(decided)
    assert result.events == 13
    assert not any(p.startswith("event 13: its hash") for p in result.problems), result.problems


BLURS = ["value || char(0)", "value || char(0) || 'more'", "replace(value, char(31), char(30))"]


@pytest.mark.parametrize("edit", BLURS)
def test_verify_catches_an_edit_sqlite_json_could_blur(decided, edit):
    append_raw(decided, value=HOSTILE)
    conn = raw(decided)
    drop_triggers(conn)
    conn.execute(f"UPDATE events SET value = {edit} WHERE seq = 13")
    restore_triggers(conn)
    result = verify_problems(decided)
    assert "event 13: its hash does not match its contents (edited)" in result.problems


def test_verify_reads_a_real_as_canonical_row_writes_it(decided):
    """SQLite's JSON prints a real to 15 digits (0.3 and 0.30000000000000004 alike): never used for one."""
    conn = raw(decided)
    assert conn.execute("SELECT json_quote(0.3) = json_quote(0.30000000000000004)").fetchone()[0] == 1
    append_raw(decided, seen=0.3)
    edited = "event 13: its hash does not match its contents (edited)"
    assert edited not in verify_problems(decided).problems  # hashed with the real as canonical_row writes it
    drop_triggers(conn)
    conn.execute("UPDATE events SET seen = 0.30000000000000004 WHERE seq = 13")
    restore_triggers(conn)
    assert edited in verify_problems(decided).problems


@pytest.mark.parametrize("column", ["detail", "reviewer", "value", "at", "content", "scale"])
def test_a_blob_in_an_event_is_damage_at_a_named_event(decided, column):
    """SQLite's JSON refuses a blob, canonical_row too: one line, never a traceback."""
    conn = raw(decided)
    drop_triggers(conn)
    conn.execute(f"UPDATE events SET {column} = CAST({column} AS BLOB) WHERE seq = 6")
    restore_triggers(conn)
    result = verify_problems(decided)
    assert "event 6: holds raw bytes where text or a number belongs (damaged)" in result.problems


def test_a_utf16_database_is_hashed_by_canonical_row(tmp_path):
    """SQLite casts a UTF-16 database's text to UTF-16 bytes: the probe sees it, and canonical_row hashes them."""
    path = tmp_path / "u16.db"
    conn = sqlite3.connect(path)
    conn.execute('PRAGMA encoding = "UTF-16le"')
    conn.execute("CREATE TABLE x (a)")  # the encoding holds once the file has a page
    conn.execute("DROP TABLE x")
    conn.close()
    store = make_db(path, articles=2)
    for i, claim in enumerate(store.claim_ids()[:4]):
        store.set_verdict(claim, DEFAULT_SCALE.slugs()[i], scale=DEFAULT_SCALE, reviewer="r0")
    assert store.conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
    assert not audit.sql_hashing_agrees(store.conn)
    assert store.verify().ok
    seq = store.head()[0]
    store.close()
    conn = raw(path)
    drop_triggers(conn)
    conn.execute("UPDATE events SET reviewer = 'mallory' WHERE seq = ?", (seq,))
    restore_triggers(conn)
    assert f"event {seq}: its hash does not match its contents (edited)" in verify_problems(path).problems
