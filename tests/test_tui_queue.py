"""The review app's main screen, driven by keys: movement, decisions, undo, filters, search, sort."""

from __future__ import annotations

from store_helpers import add_article, decision_events, make_db
from tui_helpers import screen_text, settle
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE
from workbench.store import Store
from workbench.tui.screens.note import NoteScreen

SIZE = (150, 40)


def history_text(app) -> str:
    return app.main.detail.section("History")


def verdicts(db) -> dict[int, str | None]:
    with Store.open(db) as store:
        return {r.id: r.verdict for r in store.claims()}


async def test_empty_database_shows_how_to_ingest(tmp_path, review_app):
    db = tmp_path / "empty.db"
    async with review_app(articles=0, db=db) as (app, pilot):  # the app creates the database
        text = screen_text(app)
        assert "No claims yet" in text
        assert "workbench ingest PATH" in text
        assert "Ingest a path" in text
        await pilot.press("j", "1", "x", "f", "u", "n", "G", "enter")  # nothing to act on: no crash
        await settle(pilot)
        assert app.is_running
    assert db.exists()


async def test_movement_keys(review_app):
    async with review_app(articles=20) as (app, pilot):  # 100 claims
        queue = app.main.queue
        assert len(queue.ids) == 100 and queue.cursor == 0
        await pilot.press("j", "j", "down")
        assert queue.cursor == 3
        await pilot.press("k", "up")
        assert queue.cursor == 1
        await pilot.press("G")
        assert queue.cursor == 99
        await pilot.press("g")
        assert queue.cursor == 0
        await pilot.press("end")
        assert queue.cursor == 99
        await pilot.press("home", "pagedown")
        page = queue.page
        assert page > 5 and queue.cursor == page
        await pilot.press("pagedown", "pageup")
        assert queue.cursor == page
        await pilot.press("g", "k", "up")
        assert queue.cursor == 0  # stops at the top
        await pilot.press("G", "j", "down")
        assert queue.cursor == 99  # and at the bottom
        # The detail panel follows the cursor.
        row = queue.current_row
        assert row.text in screen_text(app)
        # The cursor stays in view after a jump to the bottom.
        await pilot.press("G")
        await pilot.pause()
        assert queue.scroll_offset.y > 0
        last = queue.current_row.text
        assert last in screen_text(app)


async def test_a_step_out_of_view_scrolls_by_one_and_a_jump_centres_the_cursor(review_app):
    async with review_app(articles=20) as (app, pilot):  # 100 claims
        queue = app.main.queue
        height = queue.scrollable_content_region.height
        assert 10 < height < 90
        for _ in range(height):  # j past the last row in view: the list moves by one row
            await pilot.press("j")
        await pilot.pause()
        assert queue.cursor == height and int(queue.scroll_offset.y) == 1
        queue.move_to_claim(queue.ids[80])  # a jump (undo, n, back from a document) out of view
        await pilot.pause()
        top = int(queue.scroll_offset.y)
        assert top == min(80 - height // 2, len(queue.ids) - height)
        assert top < 80 < top + height - 1  # rows on both sides of it
        queue.move_to_claim(queue.ids[top + 2])  # a jump inside the window does not scroll
        await pilot.pause()
        assert int(queue.scroll_offset.y) == top
        await pilot.press("k", "k", "k")  # walking back from there: one row past the top
        await pilot.pause()
        assert int(queue.scroll_offset.y) == top - 1


async def test_verdict_keys_record_and_advance(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=2) as (app, pilot):
        queue = app.main.queue
        ids = list(queue.ids)
        await pilot.press("1", "2", "6", "x")
        assert queue.cursor == 4  # each decision moves on
        await settle(pilot)
        got = verdicts(db)
        assert got[ids[0]] == "true"
        assert got[ids[1]] == "mostly-true"
        assert got[ids[2]] == "unverifiable"
        assert got[ids[3]] == DISMISS
        assert got[ids[4]] is None
        # A number past the end of the scale records nothing and does not move.
        await pilot.press("9")
        await settle(pilot)
        assert queue.cursor == 4 and verdicts(db)[ids[4]] is None
        # The queue shows the verdicts' labels and glyphs; the status line the progress.
        text = screen_text(app)
        assert "● " in text and "True" in text and "Mostly true" in text and "⊘" in text
        assert "4/10 reviewed" in text
        assert "saved #6" in text  # events 1, 2: the ingests
        # Seen: each decision records the claim's latest event the reviewer had in view.
        with Store.open(db) as store:
            events = decision_events(store)
        assert [e.seen for e in events] == [None, None, None, None]
        assert all(e.reviewer == "ana" and e.scale == "default" for e in events)


async def test_flag_toggles_and_note_editor(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        queue = app.main.queue
        first = queue.current_id
        await pilot.press("f")
        await settle(pilot)
        assert queue.current_id == first  # flagging does not move
        with Store.open(db) as store:
            assert store.claim(first).flagged is True
        assert "⚑" in screen_text(app)
        await pilot.press("f")
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(first).flagged is False

        # e opens the editor; app keys typed into it are text, Enter starts a new line,
        # Ctrl+S saves.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("1", "x", "q", "u", "f", "j", "n", "space", "enter", "s", "r", "c")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)  # Enter did not close it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, NoteScreen)
        with Store.open(db) as store:
            claim = store.claim(first)
            assert claim.note == "1xqufjn \nsrc"  # two lines
            assert claim.verdict is None and claim.flagged is False
        assert queue.current_id == first
        detail = app.main.detail.section("Review")
        assert "note: 1xqufjn \nsrc" in detail  # both lines, as lines

        # Edited again: the editor holds the note, both lines.
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.value == "1xqufjn \nsrc"
        await pilot.press("f7", "s", "r", "c", "ctrl+s")  # select all, type over it
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(first).note == "src"
        assert "note: src" in screen_text(app)

        # Esc cancels: nothing written.
        with Store.open(db) as store:
            before = len(decision_events(store))
        await pilot.press("e", "z", "z", "escape")
        await settle(pilot)
        with Store.open(db) as store:
            assert len(decision_events(store)) == before
            assert store.claim(first).note == "src"


async def test_undo_walks_back_through_the_session(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=2) as (app, pilot):
        queue = app.main.queue
        ids = list(queue.ids)
        await pilot.press("1", "2", "3", "f")  # three verdicts, then a flag on the 4th claim
        await settle(pilot)
        await pilot.press("G")
        await pilot.press("u")  # the flag
        await settle(pilot)
        assert queue.current_id == ids[3]
        with Store.open(db) as store:
            assert store.claim(ids[3]).flagged is False
        await pilot.press("j", "j", "u")  # verdict 3
        await settle(pilot)
        assert queue.current_id == ids[2]
        await pilot.press("ctrl+z")  # verdict 2
        await settle(pilot)
        assert queue.current_id == ids[1]
        got = verdicts(db)
        assert got[ids[0]] == "true" and got[ids[1]] is None and got[ids[2]] is None
        await pilot.press("u")  # verdict 1
        await settle(pilot)
        assert queue.current_id == ids[0]
        assert all(v is None for v in verdicts(db).values())
        await pilot.press("u")  # nothing left: a message, no crash, no event
        await settle(pilot)
        with Store.open(db) as store:
            events = decision_events(store)
            assert [e.action for e in events] == ["verdict"] * 3 + ["flag", "undo", "undo", "undo", "undo"]
            first = events[0].seq  # after the ingests' content events
            assert [e.undoes for e in events[4:]] == [first + 3, first + 2, first + 1, first]
            assert store.verify().ok
        # History marks the undone decision.
        history = history_text(app)
        assert f"undone by #{first + 7}" in history and "verdict True" in history


async def test_undo_skips_decisions_already_retracted(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        ids = list(app.main.queue.ids)
        await pilot.press("1", "2")
        await settle(pilot)
        with Store.open(db) as store:  # another hand retracts the second verdict
            store.undo(ids[1], reviewer="ben")
        await pilot.press("u")
        await settle(pilot)
        got = verdicts(db)
        assert got[ids[0]] is None and got[ids[1]] is None
        assert app.main.queue.current_id == ids[0]


async def test_status_filter_cycle_and_document_filter(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=3) as (app, pilot):
        main = app.main
        queue = main.queue
        await pilot.press("1", "f")  # claim 0 true; claim 1 flagged
        await settle(pilot)
        seen = []
        for _ in range(6):
            await pilot.press("s")
            await settle(pilot)
            seen.append((main.view.status, len(queue.ids)))
        # Seen before: what the matching worker has marked so far (its own tests pin it down).
        assert seen[4][0] == "seen" and seen[4][1] <= 15
        del seen[4]
        assert seen == [("unreviewed", 14), ("reviewed", 1), ("flagged", 1), ("conflict", 0), ("all", 15)]
        await pilot.press("s", "s", "s", "s")  # conflicts: none, an empty state that says so
        await settle(pilot)
        # In grammatical English, naming what the filter looks for.
        assert "No claims with a conflict or a disagreement match." in screen_text(app)
        assert "No conflicts claims" not in screen_text(app)
        await pilot.press("s", "s")  # seen before, then all
        await settle(pilot)
        assert main.view.status == "all"
        # d: only this claim's document; again: all.
        doc = queue.current_row.document_id
        await pilot.press("d")
        await settle(pilot)
        assert len(queue.ids) == 5
        assert all(queue.row(cid).document_id == doc for cid in queue.ids)
        assert "doc “Article" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert len(queue.ids) == 15


async def test_search_narrows_as_you_type_and_esc_clears(tmp_path, review_app):
    db = tmp_path / "w.db"
    store = make_db(db, articles=2)
    add_article(store, "articles/other.txt", "Ms Quintana said the bridge cost 9 million.\n", title="Bridge")
    store.close()
    async with review_app(articles=0) as (app, pilot):
        queue = app.main.queue
        assert len(queue.ids) == 11
        await pilot.press("slash", "b", "r", "i", "d")
        await pilot.pause(0.2)  # the search waits for a pause in typing
        await settle(pilot)
        assert len(queue.ids) == 1
        assert "bridge cost" in queue.current_row.text
        # Keys typed into the search are text, not commands.
        with Store.open(db) as s:
            assert decision_events(s) == []
        await pilot.press("enter")  # keep the search, back to the queue
        await settle(pilot)
        assert app.focused is queue
        assert "search “brid”" in screen_text(app)
        # Hostile-looking search text is safe (made into a plain FTS query).
        await pilot.press("slash", "ctrl+u", '"', "(")
        app.main.query_one("#search").value = '"a OR (b* NEAR/2 ^c'
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        await pilot.press("slash", "escape")
        await pilot.pause(0.2)
        await settle(pilot)
        assert len(queue.ids) == 11 and app.main.view.search == ""


async def test_sort_orders(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=3) as (app, pilot):
        main, queue = app.main, app.main.queue
        with Store.open(db) as store:
            expected = {order: store.claim_ids(order=order) for order in ("score", "document", "status", "recent")}
        assert queue.ids == expected["score"]
        await pilot.press("o")
        await settle(pilot)
        assert main.view.order == "document" and queue.ids == expected["document"]
        assert "in document order" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert main.view.order == "status" and queue.ids == expected["status"]
        await pilot.press("o")
        await settle(pilot)
        assert main.view.order == "recent"
        await pilot.press("o")
        await settle(pilot)
        assert main.view.order == "score"


async def test_next_unreviewed(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=2) as (app, pilot):
        queue = app.main.queue
        ids = list(queue.ids)
        await pilot.press("1", "1", "1")  # 0..2 decided, cursor on 3
        await settle(pilot)
        await pilot.press("g", "n")
        assert queue.current_id == ids[3]
        await pilot.press("G", "n")  # wraps around to the first unreviewed
        assert queue.current_id == ids[3]


async def test_help_lists_every_key_and_the_scale(tmp_path, review_app):
    from workbench.tui import keys

    db = tmp_path / "w.db"
    async with review_app(articles=1, scale=POLITIFACT_SCALE, size=(150, 60)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body").render().plain
        for key in keys.KEYS:
            assert key.shown in body and key.description in body
        for verdict in POLITIFACT_SCALE.verdicts:
            assert verdict.label in body
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main


async def test_quit_key(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        await pilot.press("1")
        await pilot.press("q")
        await pilot.pause(0.3)
    assert not app.is_running
    assert verdicts(db)[1] == "true"  # saved before the app let go


async def test_narrow_terminal_stacks_the_panes(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1, scale=DEFAULT_SCALE, size=(80, 40)) as (app, pilot):
        main = app.main
        assert main.has_class("-narrow")
        queue, detail = main.queue.region, main.detail.region
        assert detail.y >= queue.bottom  # below, not beside
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert main.has_class("-wide")
        assert main.detail.region.x >= main.queue.region.right


async def test_undo_brings_the_cursor_back_to_a_claim_the_filter_had_hidden(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        queue = app.main.queue
        await pilot.press("s")  # unreviewed only
        await settle(pilot)
        first = queue.current_id
        await pilot.press("1")
        await settle(pilot)  # saved, the list re-read: the decided claim has left it
        assert first not in queue.ids and len(queue.ids) == 4
        await pilot.press("u")
        await settle(pilot)
        await settle(pilot)
        assert first in queue.ids
        assert queue.current_id == first
