"""A read-only copy can be audited: on a read-only mount, verify, export and listings work; writes say why not.

The read-only place is a tmpfs (or a bind of a folder) remounted read-only,
which needs root and a kernel that lets this process mount: the tests skip,
saying so, where it cannot (file modes alone do not stop root).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE

WORKBENCH = Path(sys.executable).parent / "workbench"
pytestmark = pytest.mark.slow


def mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or 'mount failed'}): no read-only place to test")


@pytest.fixture
def read_only_place(tmp_path):
    """A folder that is writable until `seal()` remounts it read-only."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder))

    def seal() -> None:
        mount("-o", "remount,ro", str(folder))

    try:
        yield folder, seal
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(WORKBENCH), "--db", str(db), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "WORKBENCH_REVIEWER": "ana"})


def decided(db: Path) -> None:
    store = make_db(db, articles=2)
    for claim in store.claim_ids()[:3]:
        store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ana")
    store.close()


def check_read_only_commands(db: Path, tmp_path: Path, events: int) -> None:
    result = cli(db, "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK {events} events")
    assert len(json.loads(cli(db, "claims", "--json").stdout)) == 10
    assert json.loads(cli(db, "stats", "--json").stdout)["reviewed"] == 3
    out = tmp_path / "copy.csv"
    exported = cli(db, "export", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    refused = cli(db, "verdict", "1", "true")
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"workbench: {db} is read-only (its file, folder or disk cannot be written): not saved"


def test_a_database_on_a_read_only_mount_is_audited_and_exported(tmp_path, read_only_place):
    folder, seal = read_only_place
    db = folder / "w.db"
    decided(db)  # closed cleanly: no -wal, no -shm, so only immutable reading is possible
    seal()
    check_read_only_commands(db, tmp_path, events=5)


WRITER_LEFT_WAL = """
import os, sys
sys.path.insert(0, sys.argv[2])
from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
store = make_db(sys.argv[1], articles=2)
for claim in store.claim_ids()[:3]:
    store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ana")
os._exit(0)  # -wal and -shm stay, holding the verdicts
"""


def test_a_read_only_copy_with_its_wal_is_read_with_it(tmp_path, read_only_place):
    folder, seal = read_only_place
    db = folder / "w.db"
    tests = str(Path(__file__).parent)
    subprocess.run([sys.executable, "-c", WRITER_LEFT_WAL, str(db), tests], check=True, timeout=60)
    assert Path(f"{db}-wal").stat().st_size > 0 and Path(f"{db}-shm").exists()
    seal()
    check_read_only_commands(db, tmp_path, events=5)


def test_a_read_only_bind_of_a_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    decided(source / "w.db")
    view = tmp_path / "view"
    view.mkdir()
    mount("--bind", str(source), str(view))
    try:
        mount("-o", "remount,ro,bind", str(view))
        check_read_only_commands(view / "w.db", tmp_path, events=5)
        created = cli(view / "new.db", "ingest", str(tmp_path))
        assert created.returncode == 1 and "read-only" in created.stderr
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)
