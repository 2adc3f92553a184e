"""Planner statistics: taken for the main tables only, safe to refresh at any time."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import make_db
from workbench.store import NotSaved, Store


def stat_tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT DISTINCT tbl FROM sqlite_stat1")}
    except sqlite3.OperationalError:  # no statistics table at all
        return set()
    finally:
        conn.close()


def test_a_new_database_has_no_statistics_until_it_holds_claims(tmp_path):
    Store.open(tmp_path / "w.db").close()
    assert stat_tables(tmp_path / "w.db") == set()


def test_optimize_covers_main_tables_never_the_search_index(tmp_path):
    db = tmp_path / "w.db"
    store = make_db(db, articles=4)
    doc = store.claims()[0].document_id
    before = store.claim_ids(document=doc)
    store.optimize()
    tables = stat_tables(db)
    assert "claims" in tables
    assert not any("fts" in t for t in tables)
    store.optimize()  # again: no error, same answers, chain untouched
    assert store.claim_ids(document=doc) == before
    assert store.verify().ok
    store.close()


def test_optimize_on_a_busy_database_raises_not_saved(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = Store.open(db, busy_timeout=0.1)
        with pytest.raises(NotSaved):
            store.optimize()
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
