"""Store.optimize (added for the review app): planner statistics, safe to run any time."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import make_db
from workbench.store import NotSaved, Store


def test_optimize_analyzes_once_then_keeps_results_and_chain(tmp_path):
    db = tmp_path / "w.db"
    store = make_db(db, articles=4)
    doc = store.claims()[0]["document_id"]
    before = store.claim_ids(document=doc)
    store.conn.execute("DROP TABLE sqlite_stat1")  # no statistics yet: the first call runs ANALYZE
    store.optimize()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0] > 0
    assert conn.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'claims'").fetchone()[0] > 0
    conn.close()
    # (Whether the planner then picks the document index depends on the data's
    # size; bench/bench_app.py measures the document filter at 100,000 claims.)
    store.optimize()  # again: PRAGMA optimize, no error
    assert store.claim_ids(document=doc) == before
    assert store.verify().ok
    store.close()


def test_optimize_on_a_busy_database_raises_not_saved(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("DROP TABLE sqlite_stat1")  # as a database from before migration 3: ANALYZE has to write
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = Store.open(db, busy_timeout=0.1)
        with pytest.raises(NotSaved):
            store.optimize()
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
