"""Two reviewers on one database, and a database that will not take a write."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import decision_events
from workbench.store import Store
from tui_helpers import screen_text, settle
from workbench.tui.screens.quit import QuitScreen
from workbench.tui.state import GLYPH
from workbench.vocab import Shown

WRITER = Path(__file__).parent / "procs" / "writer.py"
SIZE = (140, 40)


def second_reviewer(db: Path, reviewer: str, claim_ids: list[int], count: int) -> list[str]:
    """Run another reviewer in its own process (tests/procs/writer.py); its acknowledgements."""
    done = subprocess.run(
        [sys.executable, str(WRITER), str(db), reviewer, ",".join(map(str, claim_ids)), str(count)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


async def until(pilot, condition, seconds: float) -> float:
    """Seconds it took for ``condition`` to hold; fails after ``seconds``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not seen within {seconds} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


@pytest.mark.slow
async def test_other_reviewers_decisions_and_conflicts_show_within_two_seconds(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, articles=2, reviewer="ana", settled=False) as (app, pilot):
        await settle(pilot, poll=False)
        queue = app.main.queue
        ids = list(queue.ids)
        await pilot.press("1")  # ana: claim 0 is true
        await settle(pilot, poll=False)
        await pilot.press("j", "j")  # the cursor is on claim 3 now
        on = queue.current_id

        # ben, in another process, decides claim 0 (without having seen ana's
        # verdict: a conflict) and claim 5.
        acks = second_reviewer(db, "ben", [ids[0], ids[5]], 2)
        assert acks[0].split()[-1] != "0", "the writer's first verdict should conflict with ana's"

        def shown() -> bool:
            row0, row5 = queue.row(ids[0]), queue.row(ids[5])
            return bool(row0 and row0.conflict and row5 and row5.verdict == "mostly-true")

        await until(pilot, shown, 2.0)
        await pilot.pause()
        assert queue.current_id == on  # the refresh kept the cursor on its claim
        text = screen_text(app)
        assert f"{GLYPH[Shown.CONFLICT]}  high True" in text  # ben's True verdict, conflicting
        assert "Mostly true" in text
        queue.move_to_claim(ids[0])
        await pilot.pause()
        history = app.main.detail.section("History")
        assert "ana" in history and "ben" in history and "CONFLICT with #3" in history  # 1, 2: the ingests
        assert "1/10 reviewed" not in screen_text(app)  # counts refreshed: 2 reviewed now
        await until(pilot, lambda: "2/10 reviewed" in screen_text(app), 2.0)

        # Ana resolves it having seen ben's verdict: replacing his True with Mostly true
        # overrules him, so the first press only says so; the second records it.
        await pilot.press("2")
        await pilot.pause()
        assert "ben said True: press 2 again to overrule it with Mostly true" in screen_text(app)
        assert app.session.pending_jobs() == []
        await pilot.press("2")
        await settle(pilot, poll=False)
        await until(pilot, lambda: not queue.row(ids[0]).conflict, 2.0)
        with Store.open(db) as store:
            events = store.events()
            last = events[-1]
            bens = [e.seq for e in events if e.claim_id == ids[0] and e.reviewer == "ben"]
            assert last.reviewer == "ana" and last.conflict_with is None
            assert last.role == {"role": "overrule", "of": bens[-1]}
            assert store.claim(ids[0]).agreement == "disputed"  # open until they agree or someone adjudicates
            assert store.verify().ok


def hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another connection that has begun a write and keeps it open."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    return conn


async def test_not_saved_while_locked_then_saved_on_retry(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, busy_timeout=0.2, retry_interval=0) as (app, pilot):  # retry by key only
        queue = app.main.queue
        first = queue.current_id
        lock = hold_write_lock(db)
        try:
            await pilot.press("1")
            await until(pilot, lambda: app.session.writer.paused, 5.0)
            await settle(pilot, poll=False)
            assert app.is_running
            text = screen_text(app)
            assert "NOT SAVED (1)" in text and "r: retry" in text
            assert f"{GLYPH[Shown.NOT_SAVED]}  high True" in text  # the pending decision stays visible
            # Reading goes on while the database is locked.
            await pilot.press("k", "j", "j")
            await pilot.pause()
            assert queue.cursor == 2
            # A retry while still locked fails again, without a crash.
            await pilot.press("r")
            await until(pilot, lambda: app.session.writer.paused and app.session.writer.pending()[0].attempts == 2, 5.0)
            await settle(pilot, poll=False)  # the app has handled the writer's report
            assert "NOT SAVED" in screen_text(app)
            # q asks first: a decision would be lost.
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, QuitScreen) and "NOT saved" in app.screen.said
            await pilot.press("n")
            await pilot.pause()
            assert app.is_running
            await pilot.press("ctrl+q")  # Textual's own quit key asks too
            await pilot.pause()
            assert isinstance(app.screen, QuitScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        await pilot.press("r")
        await settle(pilot)
        assert "saved #2" in screen_text(app)  # event 1: the ingest
        with Store.open(db) as store:
            assert store.claim(first).verdict == "true"
            assert store.verify().ok


async def test_not_saved_decisions_keep_their_order_and_retry_by_themselves(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, articles=1, busy_timeout=0.1, retry_interval=0.3) as (app, pilot):
        ids = list(app.main.queue.ids)
        lock = hold_write_lock(db)
        try:
            await pilot.press("1", "2", "x")
            await until(pilot, lambda: app.session.writer.paused, 5.0)
            await pilot.pause()
            assert "NOT SAVED (3)" in screen_text(app)
            # Undo of a decision that never reached the database just drops it.
            await pilot.press("u")
            await pilot.pause()
            assert app.main.queue.current_id == ids[2]
            assert len(app.session.writer.pending()) == 2
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        await until(pilot, lambda: not app.session.writer.pending(), 5.0)  # the automatic retry
        await settle(pilot)
        with Store.open(db) as store:
            events = decision_events(store)
        assert [(e.claim_id, e.value) for e in events] == [(ids[0], "true"), (ids[1], "mostly-true")]
