"""Sharing the write lock: ingest commits often and gives way; busy and locked messages say who and what."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
from workbench.store import NotSaved, Store, StoreError
from workbench.store.writers import announce_ingest

BULK = Path(__file__).parent / "procs" / "bulk_store.py"


@pytest.mark.slow
def test_a_reviewer_never_waits_out_the_busy_timeout_behind_an_ingest(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    # Six articles of 2,500 claims: several seconds of storing, once held in one transaction.
    bulk = subprocess.Popen([sys.executable, str(BULK), str(db), "6", "2500"], stdout=subprocess.PIPE, text=True)
    assert bulk.stdout.readline().strip() == "start"
    store = Store.open(db, busy_timeout=3.0)
    waits, failures = [], []
    while bulk.poll() is None:
        start = time.monotonic()
        try:
            store.set_flag(1, reviewer="ana")
        except NotSaved as exc:
            failures.append(str(exc))
        waits.append(time.monotonic() - start)
        time.sleep(0.05)
    store.close()
    assert bulk.returncode == 0
    assert failures == []
    assert len(waits) > 3 and max(waits) < 3.0


def test_busy_names_an_ingest_when_one_holds_the_lock(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    lock = sqlite3.connect(db, isolation_level=None, timeout=0)
    lock.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db, busy_timeout=0.2) as store:
            with pytest.raises(NotSaved, match="another reviewer or tool is writing"):
                store.set_flag(1, reviewer="ana")
            with announce_ingest(db):
                with pytest.raises(NotSaved, match=r"busy \(an ingest \(process \d+\) is writing\): not saved"):
                    store.set_verdict(1, "true", scale=DEFAULT_SCALE, reviewer="ana")
    finally:
        lock.execute("ROLLBACK")
        lock.close()


HOLD_EXCLUSIVE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE meta SET value = value WHERE key = 'created_at'")
conn.execute("COMMIT")
print("holding", flush=True)
time.sleep(30)
"""


@pytest.mark.slow
def test_a_read_blocked_by_an_exclusive_lock_never_speaks_of_saving(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_EXCLUSIVE, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        workbench = Path(sys.executable).parent / "workbench"
        result = subprocess.run([str(workbench), "--db", str(db), "claims"], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 1
        assert "saved" not in result.stderr.lower()
        assert result.stderr.strip().startswith(f"workbench: {db} is locked by another process")
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()
