"""Heads kept outside the database: the witness file, export trailers, signed heads.

Real processes: the `workbench` command, a writer killed with its WAL in
place, and an attack script that rewrites the whole history
(tests/procs/rewrite_history.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench import Workbench
from workbench.store import witness as outside

WORKBENCH = Path(sys.executable).parent / "workbench"
ATTACK = Path(__file__).parent / "procs" / "rewrite_history.py"
pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A reviewer's own config folder (witness files, signing key)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("WORKBENCH_WITNESS", str(folder / "workbench" / "witness"))
    return folder / "workbench"


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(WORKBENCH), "--db", str(db), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "WORKBENCH_REVIEWER": "ana"})


def test_every_commit_appends_its_head_to_the_users_witness(tmp_path, home):
    db = tmp_path / "w.db"
    make_db(db).close()
    assert cli(db, "verdict", "1", "false").returncode == 0
    assert cli(db, "note", "1", "checked with the ministry").returncode == 0
    with Workbench(db) as wb:
        db_id, head = wb.store.db_id, wb.store.head()
    lines = (home / "witness" / f"{db_id}.heads").read_text().splitlines()
    assert [line.split()[1] for line in lines][-1] == f"{head[0]}:{head[1]}"
    assert len(lines) == 2
    assert not (tmp_path / "witness").exists()  # beside the user's config, not beside the database
    result = cli(db, "verify")
    assert result.returncode == 0 and "checked against witness" in result.stderr


def test_a_rewritten_history_passes_the_chain_but_no_outside_head(tmp_path, home):
    db = tmp_path / "w.db"
    make_db(db).close()
    assert cli(db, "verdict", "1", "false").returncode == 0
    csv = tmp_path / "verdicts.csv"
    assert cli(db, "export", "-o", str(csv)).returncode == 0
    jsonl = tmp_path / "verdicts.jsonl"
    assert cli(db, "export", "--format", "jsonl", "-o", str(jsonl)).returncode == 0
    signed = tmp_path / "head.json"
    made = cli(db, "head", "--sign", "-o", str(signed))
    assert made.returncode == 0, made.stderr
    assert "created your signing key" in made.stderr and (home / "reviewer.key").exists()
    assert oct(os.stat(home / "reviewer.key").st_mode & 0o777) == "0o600"
    before = cli(db, "verify", "--export", str(csv), "--export", str(jsonl), "--signed-head", str(signed))
    assert before.returncode == 0, before.stderr
    head = before.stdout.split("head=")[1].strip()

    attack = subprocess.run([sys.executable, str(ATTACK), str(db), "1", "Pakistan has 40 nuclear warheads"],
                            capture_output=True, text=True, timeout=60)
    assert attack.returncode == 0, attack.stderr
    with Workbench(db, witness=None) as wb:
        assert wb.claim(1).text == "Pakistan has 40 nuclear warheads" and wb.claim(1).verdict == "true"

    # What the chain alone can prove: nothing here (the README says so).
    plain = cli(db, "verify", "--no-witness")
    assert plain.returncode == 0, plain.stderr
    # Each head kept outside catches it, in one line.
    checks = {
        "witness": [],
        "expected head": ["--expect-head", head],
        "CSV": ["--no-witness", "--export", str(csv)],
        "JSONL": ["--no-witness", "--export", str(jsonl)],
        "signed head": ["--no-witness", "--signed-head", str(signed)],
    }
    for name, args in checks.items():
        result = cli(db, "verify", *args)
        assert result.returncode == 1, name
        failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
        assert failed and ("rewritten" in failed[0] or "another hash" in failed[0]), (name, result.stderr)


def test_a_forged_or_untrusted_signed_head_is_refused(tmp_path, home):
    db = tmp_path / "w.db"
    make_db(db).close()
    signed = tmp_path / "head.json"
    assert cli(db, "head", "--sign", "-o", str(signed)).returncode == 0
    statement = json.loads(signed.read_text())
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**statement, "seq": statement["seq"] + 5}))
    result = cli(db, "verify", "--signed-head", str(forged))
    assert result.returncode == 1 and "signature does not match" in result.stderr
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = outside.sign_head(Ed25519PrivateKey.generate(), statement["db_id"], statement["seq"],
                                 statement["hash"], "mallory")
    other = tmp_path / "stranger.json"
    other.write_text(json.dumps(stranger))
    result = cli(db, "verify", "--signed-head", str(other))
    assert result.returncode == 1 and "not trusted" in result.stderr
    assert cli(db, "verify", "--signed-head", str(other), "--trust-key", stranger["public_key"]).returncode == 0


KILLED_REVIEWER = """
import os, sys
from workbench import Workbench
wb = Workbench(sys.argv[1], reviewer="ana")
ids = [c.id for c in wb.claims()]
for i in range(13):
    decision = wb.decide(ids[i % len(ids)], "false")
    print("ack", decision.seq, flush=True)
os._exit(0)  # no close, no checkpoint: the decisions are in the -wal file
"""


def test_wal_damage_that_drops_acknowledged_decisions_shows_as_cut_back(tmp_path, home):
    db = tmp_path / "w.db"
    make_db(db, articles=2).close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    proc = subprocess.run([sys.executable, "-c", KILLED_REVIEWER, str(db)], capture_output=True, text=True, timeout=60)
    acks = [int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("ack")]
    assert len(acks) == 13, proc.stderr
    wal = Path(f"{db}-wal")
    data = bytearray(wal.read_bytes())
    page_size = int.from_bytes(data[8:12], "big")
    frames = (len(data) - 32) // (24 + page_size)
    assert frames > 13
    middle = 32 + (frames // 3) * (24 + page_size) + 24 + 100  # inside a page of an early commit
    data[middle] ^= 0x01
    wal.write_bytes(data)
    plain = cli(db, "verify", "--no-witness")
    assert plain.returncode == 0  # the chain alone cannot see what it lost
    events = int(plain.stdout.split()[1])
    assert events < acks[-1]
    # ... the witness can (the plain check above checkpointed the shorter log; what is lost stays lost).
    result = cli(db, "verify")
    assert result.returncode == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert failed[0].startswith(f"FAILED: the witness") and "cut back" in failed[0], result.stderr
    assert f"the log ends at {events}" in failed[0]


def test_a_witness_that_cannot_be_written_never_fails_a_decision(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    make_db(db).close()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the witness folder should be")
    monkeypatch.setenv("WORKBENCH_WITNESS", str(blocked))
    with Workbench(db, reviewer="ana") as wb:
        decision = wb.decide(1, "false")
        assert wb.claim(1).verdict == "false" and decision.seq
        assert wb.witness.error and "was not written" in wb.witness.error
