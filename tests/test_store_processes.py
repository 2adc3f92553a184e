"""Faults that cross processes: a writer killed mid-append, two reviewers writing at once."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store

WRITER = Path(__file__).parent / "procs" / "writer.py"
pytestmark = pytest.mark.slow


def start_writer(db: Path, reviewer: str, ids: list[int], count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), reviewer, ",".join(map(str, ids)), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_acknowledged_verdicts_survive_sigkill(tmp_path):
    db = tmp_path / "w.db"
    ids = make_db(db, articles=4).claim_ids()
    rng = random.Random(20230113)
    acknowledged: list[tuple[int, int, str]] = []
    for kill in range(12):
        proc = start_writer(db, f"writer{kill}", ids, 100_000)
        # Kill at a random moment while it appends: after a random number of
        # acknowledged verdicts (counting, not timing, so a slow machine still
        # gets there), then a random few milliseconds into the next append.
        wanted = rng.randint(1, 40)
        seen = 0
        deadline = time.monotonic() + 60
        while seen < wanted and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("ack "):
                _, seq, claim, slug, _ = line.split()
                acknowledged.append((int(seq), int(claim), slug))
                seen += 1
        time.sleep(rng.uniform(0, 0.004))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for line in proc.stdout.readlines():
            if line.startswith("ack ") and line.endswith("\n"):
                _, seq, claim, slug, _ = line.split()
                acknowledged.append((int(seq), int(claim), slug))
        assert seen == wanted, proc.stderr.read()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {seq: (claim, value) for seq, claim, value in conn.execute("SELECT seq, claim_id, value FROM events")}
    for seq, claim, slug in acknowledged:
        assert stored.get(seq) == (claim, slug), f"acknowledged event {seq} was lost"
    conn.close()
    store = Store.open(db)
    result = store.verify()
    assert result.ok, result.problems
    assert result.events >= len(acknowledged)


def test_two_reviewers_append_at_once_without_loss_or_fork(tmp_path):
    db = tmp_path / "w.db"
    ids = make_db(db, articles=30).claim_ids()
    assert len(ids) >= 150
    shared = ids[:20]  # both reviewers work on these
    ana_ids = shared + ids[20:80]
    ben_ids = shared + ids[80:140]
    procs = [start_writer(db, "ana", ana_ids, 300), start_writer(db, "ben", ben_ids, 300)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert err == ""
        assert out.count("ack ") == 300
    store = Store.open(db)
    result = store.verify()
    assert result.ok, result.problems
    assert result.events == 630  # 30 ingests, then 600 verdicts
    events = store.events()
    assert [e.seq for e in events] == list(range(1, 631))
    conflicts = [e for e in events if e.conflict_with]
    assert conflicts, "interleaved writes on shared claims must produce conflicts"
    by_seq = {e.seq: e for e in events}
    for event in conflicts:
        other = by_seq[event.conflict_with]
        assert event.claim_id in shared
        assert other.claim_id == event.claim_id and other.reviewer != event.reviewer
        assert (event.seen or 0) < other.seq < event.seq
    # Claims only one reviewer touched never conflict.
    assert not any(e.conflict_with for e in events if e.claim_id not in shared)


def test_verify_while_another_reviewer_commits_sees_one_snapshot(tmp_path):
    """Each verify reads one snapshot: a commit in the middle is not a cache that disagrees with the log."""
    db = tmp_path / "w.db"
    store = make_db(db, articles=40)
    ids = store.claim_ids()
    slugs = DEFAULT_SCALE.slugs()
    with store.transaction():
        for i in range(3000):  # enough events that a verify spans several of the writer's commits
            store.set_verdict(ids[i % len(ids)], slugs[i % 3], scale=DEFAULT_SCALE, reviewer="ana", seen=None)
    start = store.head()[0]
    # Its acknowledgements go nowhere: a pipe nobody reads would stop it once full.
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), "ben", ",".join(map(str, ids)), "100000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while store.head()[0] < start + 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        results = [store.verify() for _ in range(12)]
        assert writer.poll() is None, writer.stderr.read()
    finally:
        writer.kill()
        writer.communicate()
    heads = []
    for result in results:
        assert result.ok, result.problems
        assert result.events == result.head_seq == len(result.hashes)
        assert result.hashes[result.head_seq] == result.head_hash
        heads.append(result.head_seq)
    assert heads[-1] > heads[0] > start, heads
    store.close()
