"""The desk model in the app: refit from the palette in a worker, the ranking model on the
status line and in the detail panel, and the automatic refit after N decisions."""

from __future__ import annotations

import dataclasses

from desk_helpers import make_desk_db
from test_tui_palette import run_command, until
from tui_helpers import screen_text, settle, workers_done
from workbench.config import Config
from workbench.store import Store
from workbench.vocab import Action, Status

SIZE = (170, 45)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_refit_from_the_palette_re_ranks_the_queue_and_says_which_model_ranks(tmp_path, review_app):
    make_desk_db(tmp_path / "w.db").close()
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE) as (app, pilot):
        main = app.main
        assert "ranked by shipped" in screen_text(app)
        main.set_view(status=Status.UNREVIEWED)
        await settle(pilot)
        before = list(main.queue.ids)
        first = main.queue.current_id
        await run_command(pilot, "refit the desk")
        await pilot.press("x")  # the queue stays usable while the worker refits
        await until(pilot, lambda: any(m.startswith("refit: the desk model desk-") for m in messages(app)))
        await workers_done(app)
        await settle(pilot)
        with Store.open(tmp_path / "w.db") as store:
            ranking = store.ranking()
            assert ranking.desk and ranking.reviewer == "ana"
            assert store.claim(first).dismissed and store.verify().ok
            assert main.queue.ids == store.claim_ids(status=Status.UNREVIEWED) != before
        assert f"ranked by {ranking.version}" in screen_text(app)
        assert not app.session.refitting
        main.queue.move_to(0)
        await pilot.pause()
        row = main.queue.current_row
        assert row.model_version == ranking.version
        why = main.detail.section("Why it scored").splitlines()
        labels = ranking.counts["labels"]  # 200, or 201 when the x above landed before the refit read
        assert labels in (200, 201)
        assert why[0] == f"scored by the desk model {ranking.version} (fitted on {labels} decisions), over the shipped model cw-test+r0"
        assert why[1:] == [f"• {r}" for r in row.reasons]
        head = main.detail.section("")
        assert f"tier {row.tier}" in head and "score" not in head  # tiers and order, not a number


async def test_a_decided_claim_shows_the_model_that_scored_it_then(tmp_path, review_app):
    make_desk_db(tmp_path / "w.db").close()
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE) as (app, pilot):
        app.main.set_view(status=Status.REVIEWED)
        await settle(pilot)
        app.main.queue.move_to(0)
        await pilot.pause()
        why = app.main.detail.section("Why it scored").splitlines()
        assert why[0] == "scored by the shipped model cw-test+r0"


async def test_too_few_decisions_is_a_message_and_nothing_changes(tmp_path, review_app):
    make_desk_db(tmp_path / "w.db", documents=3, decided=8).close()
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE) as (app, pilot):
        await run_command(pilot, "refit the desk")
        await until(pilot, lambda: any(m.startswith("refit: too few decisions") for m in messages(app)))
        await workers_done(app)
        assert "refit: too few decisions to learn from: 8 (need at least 20)" in messages(app)
        with Store.open(tmp_path / "w.db") as store:
            assert store.ranking().seq is None
        await settle(pilot)
        assert "ranked by shipped" in screen_text(app)


async def test_evaluate_from_the_palette_reports_and_writes_nothing(tmp_path, review_app):
    make_desk_db(tmp_path / "w.db").close()
    with Store.open(tmp_path / "w.db") as store:
        head = store.head()
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE) as (app, pilot):
        await run_command(pilot, "evaluate the desk")
        await until(pilot, lambda: any(m.startswith("evaluate: desk model beats") for m in messages(app)))
        await workers_done(app)
    with Store.open(tmp_path / "w.db") as store:
        assert store.head() == head


async def test_the_app_refits_by_itself_after_n_new_decisions(tmp_path, review_app):
    make_desk_db(tmp_path / "w.db").close()
    config = dataclasses.replace(Config(), learn_auto_after=5)
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE, config=config) as (app, pilot):
        app.main.set_view(status=Status.UNREVIEWED)
        await settle(pilot)
        # 200 decisions and no refit yet: the first decision here starts one.
        await pilot.press("1")
        await until(pilot, lambda: any(m.startswith("automatic refit: the desk model") for m in messages(app)))
        await workers_done(app)
        await settle(pilot)
        for key in "x1x1":  # four more: not yet
            await pilot.press(key)
            await settle(pilot)
        await workers_done(app)
        with Store.open(tmp_path / "w.db") as store:
            learns = [e for e in store.events() if e.action == Action.LEARN]
        assert len(learns) == 1 and learns[0].detail["auto"] is True
        await pilot.press("x")  # the fifth

        def refits() -> int:
            with Store.open(tmp_path / "w.db") as store:
                return sum(e.action == Action.LEARN for e in store.events())

        # The store, not the toasts: the first refit's toast may have timed out by now.
        await until(pilot, lambda: refits() >= 2, timeout=30.0)
        await until(pilot, lambda: any(m.startswith("automatic refit:") for m in messages(app)))
        await workers_done(app)
        with Store.open(tmp_path / "w.db") as store:
            learns = [e for e in store.events() if e.action == Action.LEARN]
            assert len(learns) == 2 and learns[1].detail["counts"]["labels"] == 206
            assert store.verify().ok


async def test_an_unreadable_desk_model_is_said_at_start(tmp_path, review_app):
    from workbench import desk

    with make_desk_db(tmp_path / "w.db") as store:
        desk.learn(store, reviewer="ana")
        with store.transaction() as conn:
            conn.execute("UPDATE desk_models SET body = '[]'")
    async with review_app(articles=0, db=tmp_path / "w.db", size=SIZE) as (app, pilot):
        await until(pilot, lambda: any("not a workbench desk model" in m for m in messages(app)))
        assert any(m.endswith("new claims keep the shipped model's score until then") for m in messages(app))
