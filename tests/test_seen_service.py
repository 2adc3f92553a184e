"""The matching worker's process (python -m workbench.seen.service DB), as the app runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store_helpers import add_article
from workbench.seen import work
from workbench.seen.service import Report
from workbench.store import Store

DATA = Path(__file__).parent / "data" / "factchecks"
JOBS = "Unemployment fell to 3.9 percent in May, the minister said"


def worker(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.seen.service", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )


def reports_until_idle(process: subprocess.Popen[str]) -> list[Report]:
    got = []
    for line in process.stdout:
        got.append(Report.from_line(line))
        if got[-1].kind == "idle":
            return got
    raise AssertionError(f"the worker ended: {process.stderr.read()}")


def test_the_worker_matches_what_is_pending_wakes_on_a_line_and_ends_with_its_input(tmp_path):
    db = tmp_path / "w.db"
    with Store.open(db) as store:
        add_article(store, tmp_path / "jobs.txt", JOBS + ".\n")
        store.import_factchecks([DATA / "simple.csv"])
    process = worker(db)
    try:
        first = reports_until_idle(process)
        matched = {cid: level for r in first if r.kind == "matched" for cid, level in r.levels.items()}
        assert list(matched.values()) == ["match"]
        # A new claim, then a wake: the worker matches it and is idle again.
        with Store.open(db) as store:
            add_article(store, tmp_path / "more.txt", "The team won the final 3-1 in Berlin.\n")
        process.stdin.write("wake\n")
        process.stdin.flush()
        again = reports_until_idle(process)
        assert [r.levels for r in again if r.kind == "matched"] and again[-1].pending == 0
        with Store.open(db) as store, store.lock:
            assert work.pending(store.conn) == 0
        process.stdin.close()  # the app has gone (quit, or killed): the worker ends too
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_a_worker_that_cannot_open_the_database_says_so_and_ends(tmp_path):
    process = worker(tmp_path / "folder-not-a-db")
    (tmp_path / "folder-not-a-db").mkdir()
    out, _ = process.communicate(timeout=30)
    reports = [Report.from_line(line) for line in out.splitlines()]
    assert reports and reports[0].kind in ("off", "error")


def test_the_worker_waits_while_the_app_says_the_reviewer_is_busy(tmp_path):
    import time

    from workbench.seen.service import QUIET

    db = tmp_path / "w.db"
    with Store.open(db) as store:
        add_article(store, tmp_path / "jobs.txt", JOBS + ".\n" + "".join(
            f"The council spent {n} million pounds on {n} roads in {1990 + n}.\n" for n in range(30)))
        store.import_factchecks([DATA / "simple.csv"])
    process = worker(db)
    try:
        for _ in range(8):  # keys for 8 x QUIET / 4: a step ends at the claim in hand, and waits
            process.stdin.write("busy\n")
            process.stdin.flush()
            last_key = time.monotonic()
            time.sleep(QUIET / 4)
        reports = reports_until_idle(process)
        # Idle no sooner than QUIET after the last key (what is left to match may take no time).
        assert time.monotonic() >= last_key + QUIET * 0.9
        assert [r for r in reports if r.kind == "matched"]
        with Store.open(db) as store, store.lock:
            assert work.pending(store.conn) == 0
        process.stdin.close()
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
