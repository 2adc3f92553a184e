"""Opening databases: settings on every connection, clear errors for wrong files, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import SAMPLE, add_article, make_db
from workbench.store import (
    CorruptDatabase,
    NewerSchema,
    NotADatabase,
    NotAWorkbenchDatabase,
    NotFound,
    Store,
    schema,
)


def test_new_database_has_identity_and_settings(tmp_path):
    store = Store.open(tmp_path / "w.db")
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert len(store.db_id) == 32
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    assert store.head() == (0, store.genesis)


def test_reopen_keeps_identity_and_data(tmp_path):
    store = make_db(tmp_path / "w.db")
    db_id = store.db_id
    store.close()
    again = Store.open(tmp_path / "w.db")
    assert again.db_id == db_id
    assert again.stats().claims == 5


def test_missing_database_without_create(tmp_path):
    with pytest.raises(NotFound, match="no database at"):
        Store.open(tmp_path / "absent.db", create=False)


def test_missing_folder(tmp_path):
    with pytest.raises(Exception, match="does not exist"):
        Store.open(tmp_path / "nope" / "w.db")


def test_text_file_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(NotADatabase, match="notes.db is not an SQLite database"):
        Store.open(path)
    assert path.read_text().startswith("these are my notes")  # untouched


def test_other_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkbenchDatabase, match="not a workbench database"):
        Store.open(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"recipes"}


def test_corrupt_database_gets_a_clear_error(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path, articles=20)
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    # Scribble over the middle pages, leaving the header intact.
    for i in range(2 * page, 6 * page):
        data[i] = (i * 7) % 256
    path.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabase, NotADatabase)) as info:
        Store.open(path)
    message = str(info.value)
    assert "w.db" in message and "\n" not in message


def test_database_from_newer_version_is_refused(tmp_path):
    path = tmp_path / "w.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchema, match="newer workbench"):
        Store.open(path)


def test_older_database_is_migrated_with_its_data(tmp_path):
    """A database built by the first migration only opens, gains search, and keeps its rows."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=1)
    assert schema.schema_version(conn) == 1
    conn.close()
    # Write through a Store that skips migration: emulate data written by the old version.
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute(
        "INSERT INTO documents (id, lineage, sha256, ingested_at, text) VALUES (1, 1, 'abc', 'x', 'The bank raised rates.')"
    )
    raw.execute(
        "INSERT INTO claims (identity, document_id, sentence_idx, sentence, sent_start, sent_end, start, \"end\", "
        "position, text, kind, score, tier, extractor_version, created_at, updated_at) "
        "VALUES ('i1', 1, 0, 'The bank raised rates.', 0, 22, 0, 22, 0, 'The bank raised rates', 'event', 0.9, 'high', 'v0', 'x', 'x')"
    )
    raw.close()
    store = Store.open(path)
    assert schema.schema_version(store.conn) == schema.SCHEMA_VERSION
    assert [c.text for c in store.claims(search="bank")] == ["The bank raised rates"]
    assert store.verify().ok


def test_fresh_database_opened_by_two_processes_at_once(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "w.db"
    code = "import sys; from workbench.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    store = Store.open(path)
    assert store.verify().ok
    add_article(store, "a.txt", SAMPLE)
    assert store.stats().claims == 5


@pytest.mark.parametrize("key", ["genesis", "db_id"])
def test_a_damaged_identity_row_is_a_damaged_database_not_a_crash(tmp_path, key):
    path = tmp_path / "w.db"
    make_db(path, articles=2).close()
    conn = sqlite3.connect(path)
    # What a scribbled meta page can leave (the guarding triggers go first, as damage ignores them).
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meta'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    conn.commit()
    conn.close()
    with pytest.raises(CorruptDatabase) as info:
        Store.open(path)
    message = str(info.value)
    assert "w.db" in message and key in message and "\n" not in message
