"""Seen before in the app: the worker marks claims, the queue shows ≈ and ×N, the detail panel lists
candidates, l / L answer them, b gives a verdict to the copy group and u undoes it; the palette imports."""

from __future__ import annotations

import time
from pathlib import Path

from store_helpers import add_article
from tui_helpers import screen_text, settle
from workbench.seen import work
from workbench.store import Store
from workbench.vocab import Action

DATA = Path(__file__).parent / "data" / "factchecks"
JOBS = "Unemployment fell to 3.9 percent in May, the minister said"
WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"
SIZE = (150, 40)


def build(db: Path, tmp_path: Path, *, imported: bool = True) -> None:
    with Store.open(db) as store:
        add_article(store, tmp_path / "jobs.txt", JOBS + ".\n")
        for i, text in enumerate((WIRE + ".", WIRE.upper() + "!", WIRE.lower() + ".")):
            add_article(store, tmp_path / f"wire{i}.txt", text + "\n")
        with store.lock:
            work.sign_pending(store.conn)
        if imported:
            store.import_factchecks([DATA / "simple.csv"])


async def matched(app, pilot, timeout: float = 15.0) -> None:
    """Wait until the matching worker has nothing pending, and the app has redrawn."""
    deadline = time.monotonic() + timeout
    app.seen.wake()
    while not app.seen.idle.is_set():
        if time.monotonic() > deadline:
            raise TimeoutError("the matching worker did not finish")
        await pilot.pause(0.05)
    await settle(pilot)


async def to_claim(app, pilot, claim_id: int) -> None:
    assert app.main.queue.move_to_claim(claim_id)
    await pilot.pause()


def jobs_id(db: Path) -> int:
    with Store.open(db) as store:
        return next(c.id for c in store.claims() if c.text.startswith("Unemployment"))


async def test_the_worker_marks_seen_before_and_the_panel_lists_candidates(tmp_path, review_app):
    db = tmp_path / "w.db"
    build(db, tmp_path)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        await matched(app, pilot)
        claim = jobs_id(db)
        await to_claim(app, pilot, claim)
        row = app.main.queue.current_row
        assert row.seen_before and row.seen_level == "match"
        text = screen_text(app)
        assert "≈" in text and "×2" in text  # the glyph, and the wire copies' count
        panel = app.main.detail.section("Seen before")
        assert "True" in panel and "Example Checks" in panel and "2024-06-07" in panel
        assert "https://checks.example.org/jobs-may" in panel and "▸" in panel
        # The formula-looking fact-check is data, shown as text, never run or parsed.
        await pilot.press("s", "s", "s", "s", "s")  # the status filter: seen before
        await settle(pilot)
        assert app.main.view.status == "seen" and app.main.queue.ids == [claim]


async def test_l_confirms_the_selected_candidate_which_proposes_its_verdict(tmp_path, review_app):
    db = tmp_path / "w.db"
    build(db, tmp_path)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        await matched(app, pilot)
        claim = jobs_id(db)
        await to_claim(app, pilot, claim)
        await pilot.press("l")
        await settle(pilot)
        row = app.main.queue.current_row
        assert row.match is not None and row.match["url"] == "https://checks.example.org/jobs-may"
        panel = app.main.detail.section("Seen before")
        assert "Proposed verdict: True (press 1 to give it)" in panel and "✓ confirmed" in panel
        await pilot.press("1")  # the usual verdict key accepts it
        await settle(pilot)
        with Store.open(db) as store:
            actions = [e.action for e in store.history(claim)]
            assert actions == [Action.MATCH, Action.VERDICT] and store.claim(claim).verdict == "true"
        await to_claim(app, pilot, claim)
        await pilot.press("u", "u")  # undo the verdict, then the match
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(claim).match is None and store.claim(claim).verdict is None
            assert store.verify().ok


async def test_capital_l_rejects_and_w_moves_the_selection(tmp_path, review_app):
    db = tmp_path / "w.db"
    build(db, tmp_path)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        await matched(app, pilot)
        claim = jobs_id(db)
        await to_claim(app, pilot, claim)
        first = app.session.selected(claim)
        await pilot.press("w")
        await pilot.pause()
        second = app.session.selected(claim)
        assert second is not None and (second.kind, second.ref) != (first.kind, first.ref) or second == first
        await pilot.press("L")
        await settle(pilot)
        with Store.open(db) as store:
            (event,) = [e for e in store.history(claim) if e.action == Action.MATCH]
            assert event.value == "reject" and event.detail["ref"] == second.ref
        assert (second.kind, second.ref) not in {(m.kind, m.ref) for m in app.session.suggestions(claim)}


async def test_b_gives_the_next_verdict_to_the_copy_group_and_u_undoes_the_group(tmp_path, review_app):
    db = tmp_path / "w.db"
    build(db, tmp_path, imported=False)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        with Store.open(db) as store:
            wire = sorted(c.id for c in store.claims() if "ministry" in c.text.lower())
        await to_claim(app, pilot, wire[1])
        await pilot.press("b")
        await pilot.pause()
        assert "copy group" in screen_text(app)
        await pilot.press("5")
        await settle(pilot)
        with Store.open(db) as store:
            assert [store.claim(i).verdict for i in wire] == ["false"] * 3
            groups = {store.history(i)[-1].detail["group"]["id"] for i in wire}
            assert groups == {wire[0]}
        await pilot.press("u")
        await settle(pilot)
        with Store.open(db) as store:
            assert [store.claim(i).verdict for i in wire] == [None] * 3
            assert store.verify().ok
        # b then any other key cancels: the next verdict is the claim's own.
        await to_claim(app, pilot, wire[0])
        await pilot.press("b", "escape", "4")
        await settle(pilot)
        with Store.open(db) as store:
            assert [store.claim(i).verdict for i in wire] == ["mostly-false", None, None]


async def test_import_fact_checks_from_the_palette(tmp_path, review_app):
    from test_tui_palette import answer, invoke

    db = tmp_path / "w.db"
    build(db, tmp_path, imported=False)
    async with review_app(articles=0, db=db, size=SIZE, notifications=True) as (app, pilot):
        await invoke(pilot, "Import fact-checks")
        await answer(pilot, str(DATA / "simple.csv"))
        await settle(pilot)
        await matched(app, pilot)
        with Store.open(db) as store:
            assert store.claim(jobs_id(db)).seen_before
        await to_claim(app, pilot, jobs_id(db))
        assert "≈" in screen_text(app)


async def test_the_worker_matches_in_a_process_of_its_own_which_ends_with_the_app(tmp_path, review_app):
    import os

    db = tmp_path / "w.db"
    build(db, tmp_path)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        pid = app.seen.pid
        assert pid is not None and pid != os.getpid()  # off the UI's GIL: the keys never wait on it
        process = app.seen._process
        await matched(app, pilot)
        assert app.seen.steps >= 1
        with Store.open(db) as store, store.lock:
            assert work.pending(store.conn) == 0
    assert process.poll() is not None  # quitting the app ends it



async def test_another_apps_matching_redraws_only_the_marks_that_changed(tmp_path, review_app):
    db = tmp_path / "w.db"
    build(db, tmp_path)
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        await matched(app, pilot)
        queue = app.main.queue
        claim = jobs_id(db)
        others = [cid for cid in queue.ids if cid != claim]
        kept = {cid: queue.row(cid) for cid in others}
        # Another app's worker writes the caches (here: by hand, on another connection): this
        # claim is no longer a match. Nothing else changed.
        with Store.open(db) as store, store.lock:
            store.conn.execute("UPDATE seen_status SET level = 'none' WHERE claim_id = ?", (claim,))
        app.poll()
        await pilot.pause()
        await pilot.pause()
        assert queue.row(claim).seen_level == "none" and not queue.row(claim).seen_before
        assert "≈" not in screen_text(app).split("Unemployment")[0].splitlines()[-1]
        assert all(queue.row(cid) is kept[cid] for cid in others)  # the rows whose marks stayed, untouched
