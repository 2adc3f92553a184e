"""What keeps every key fast at 100,000 claims, checked for behaviour.

bench/bench_app.py measures the speed; these check that the shortcuts behind
it show the same things: screens kept and reused show the claim or document
they are opened on (never the previous one), the footer still follows the
keys, the document view's restyled lines draw as a full rewrap would, and the
garbage collector is given back as it was when the app stops.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from store_helpers import SAMPLE, add_article, make_db
from workbench.store import Store
from tui_helpers import screen_text, settle
from workbench.tui.collector import NEVER, IdleCollector
from workbench.tui.lines import line_strip
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.screens.note import NoteScreen
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.safe_text_area import SafeTextArea

SIZE = (150, 40)


def two_documents(db: Path) -> tuple[list[int], list[int]]:
    with Store.open(db) as store:
        first = add_article(store, "articles/one.txt", SAMPLE, title="First report")
        second = add_article(store, "articles/two.txt", SAMPLE.replace("Berlin", "Madrid"), title="Second report")
        return store.claim_ids(document=first, order="document"), store.claim_ids(document=second, order="document")


async def test_the_document_view_is_kept_and_shows_each_document_it_is_opened_on(tmp_path, review_app):
    db = tmp_path / "w.db"
    first, second = two_documents(db)
    async with review_app(articles=0) as (app, pilot):
        main = app.main
        main.queue.move_to_claim(first[1])
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, DocumentScreen)
        assert view.current_row().id == first[1]
        text = screen_text(app)
        assert "First report" in text and "Second report" not in text and "claim 2/5" in text
        await pilot.press("j", "escape")
        await pilot.pause()
        assert app.screen is main and main.queue.current_id == first[2]

        main.queue.move_to_claim(second[0])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is view  # the same screen, handed another document
        assert view.current_row().id == second[0]
        text = screen_text(app)
        assert "Second report" in text and "First report" not in text and "claim 1/5" in text
        assert "Madrid" in text and "Berlin" not in text
        assert int(view.view.scroll_offset.y) == 0

        # Decisions from the reused view land on its document's claims.
        await pilot.press("x")
        await settle(pilot)
        assert view.current_row().id == second[1]
        with Store.open(db) as store:
            assert store.claim(second[0]).verdict == "not-checkworthy"
            assert store.claim(first[2]).verdict is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main and main.queue.current_id == second[1]


async def test_the_note_editor_is_kept_and_opens_on_each_claims_own_note(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        queue = app.main.queue
        first = queue.current_id
        await pilot.press("e", "a", "b", "c", "ctrl+s")
        await settle(pilot)
        await pilot.press("j")
        second = queue.current_id
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteScreen)
        field = editor.query_one(SafeTextArea)
        assert field.text == ""  # not the first claim's note
        assert queue.row(second).text[:30] in screen_text(app)
        await pilot.press("escape")
        await pilot.press("k", "e")
        await pilot.pause()
        assert app.screen is editor  # the same editor, handed the first claim
        assert field.text == "abc" and field.cursor_location == (0, 3)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(first).note == "abcd"
            assert store.claim(second).note is None


async def test_the_footer_follows_the_keys_without_rebuilding_on_every_screen_switch(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(articles=1) as (app, pilot):
        footer = app.main.query_one(KeyFooter)
        rebuilds = 0
        recompose = footer.recompose

        async def counted() -> None:
            nonlocal rebuilds
            rebuilds += 1
            await recompose()

        footer.recompose = counted  # type: ignore[method-assign]
        for key in ("question_mark", "escape", "e", "escape", "enter", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert rebuilds == 0
        assert "next new" in screen_text(app).splitlines()[-1]
        # Focus on the search line changes the keys: the footer follows.
        await pilot.press("slash")
        await pilot.pause(0.1)
        assert rebuilds == 1
        assert "clear search" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert rebuilds == 2
        assert "next new" in screen_text(app).splitlines()[-1]


async def test_moving_in_a_long_article_draws_what_a_full_rewrap_draws(tmp_path, review_app):
    db = tmp_path / "w.db"
    text = "".join(
        f"Paragraph {i}: the ministry said {i} people were arrested, and the bank raised its rate to {i} percent.\n"
        for i in range(120)
    )
    with Store.open(db) as store:
        add_article(store, "articles/long.txt", text, title="Long")
    async with review_app(articles=0, size=(60, 30)) as (app, pilot):  # narrow: every paragraph wraps
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"jjjjjjjkkjjjj")
        await pilot.pause()
        view = app.screen.view
        assert len(view._lines) > 120

        def drawn() -> list[list[tuple[str, str]]]:
            return [
                [(segment.text, str(segment.style)) for segment in line_strip(view, line, 60, view.visual_style)]
                for line, _, _ in view._lines
            ]

        restyled = drawn()
        view._rebuild()
        assert restyled == drawn()

        # The same article opened again, on another claim: its wrapped lines are
        # kept, the highlight moves, and the view scrolls to that claim.
        await pilot.press("escape")
        await pilot.pause()
        queue = app.main.queue
        last = max(queue.ids, key=lambda cid: queue.row(cid).start)
        queue.move_to_claim(last)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current_row().id == last
        assert "Paragraph 119:" in screen_text(app)
        reopened = drawn()
        view._rebuild()
        assert reopened == drawn() and reopened != restyled


async def test_full_collections_wait_for_the_app_and_the_collector_is_given_back(review_app):
    thresholds = gc.get_threshold()
    async with review_app() as (app, pilot):
        for _ in range(50):
            if app.collector.started:
                break
            await pilot.pause(0.02)
        assert app.collector.started  # once the first claims are on screen
        assert gc.get_threshold()[2] == NEVER and gc.get_freeze_count() > 0
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0


def test_a_full_collection_runs_in_a_pause_or_when_garbage_piles_up():
    collector = IdleCollector(idle=3600, pressure=1_000_000)
    try:
        collector.start()

        def churn() -> int:  # cycles enough for young collections to run; how many ran
            before = gc.get_count()[2]
            for _ in range(30_000):
                a: list = []
                a.append(a)
            return gc.get_count()[2] - before

        assert churn() > 0
        collector.input()
        collector.tick()
        assert collector.full_collections == 0  # the reviewer is busy, and little is pending
        collector.idle = 0
        collector.tick()
        assert collector.full_collections == 1  # a pause
        collector.tick()
        assert collector.full_collections == 1  # nothing new to look at
        collector.idle, collector.pressure = 3600, 1
        churn()
        collector.input()
        collector.tick()
        assert collector.full_collections == 2  # busy, but due
    finally:
        collector.stop()
    assert not collector.started


def test_a_collection_due_while_the_reviewer_types_waits_for_the_frame_in_hand():
    later: list = []  # what the app's call_after_refresh would run once the screen is drawn
    collector = IdleCollector(idle=3600, pressure=1, defer=later.append)
    try:
        collector.start()
        while gc.get_count()[2] == 0:  # a young collection has run: a full one is due
            [[] for _ in range(1000)]
        collector.input()
        collector.tick()
        collector.tick()
        assert collector.full_collections == 0 and len(later) == 1  # asked once, not run yet
        later.pop()()
        assert collector.full_collections == 1
        collector.tick()
        assert not later  # nothing pending since
    finally:
        collector.stop()


def test_what_survives_a_full_collection_is_frozen_until_a_real_pause_thaws_it():
    """A full collection walks only what came since the last one; garbage that was frozen
    (a cycle that died after it) is freed once the reviewer pauses long enough."""

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the cyclic collector frees it

    def churn() -> None:  # enough young collections for a full one to be pending
        before = gc.get_count()[2]
        while gc.get_count()[2] == before:
            [Node() for _ in range(1000)]

    collector = IdleCollector(idle=0, pressure=1_000_000, thaw=3600, thaw_after=10**9)
    try:
        collector.start()
        kept = Node()
        churn()
        frozen = gc.get_freeze_count()
        collector.tick()
        assert collector.full_collections == 1 and gc.get_freeze_count() > frozen  # kept is frozen now
        gone = weakref.ref(kept)
        del kept
        churn()
        collector.tick()
        assert collector.full_collections == 2 and gone() is not None  # frozen: not walked again
        collector.thaw = 0  # the reviewer has paused
        collector.tick()
        assert collector.thaws == 1 and gone() is None
        collector.tick()
        assert collector.thaws == 1  # nothing frozen since
        collector.thaw, collector.thaw_after = 3600, 1  # or much frozen since: thawed at a short pause
        kept_too = Node()  # noqa: F841 - survives, and is frozen
        churn()
        collector.tick()
        assert collector.full_collections == 3 and collector.thaws == 1
        collector.tick()
        assert collector.thaws == 2
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


async def test_the_detail_panel_redraws_only_changed_lines_and_shows_what_a_full_redraw_shows(tmp_path, review_app):
    db = tmp_path / "w.db"
    two_documents(db)
    with Store.open(db) as store:
        add_article(store, "articles/three.txt", "Inflation rose to 4 percent in March, the highest since 1991.\n",
                    title="A third report with a much longer title that wraps the document section further")
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        detail = app.main.detail

        def on_screen() -> list[str]:
            region = detail.scrollable_content_region
            strips = app.screen._compositor.render_strips()
            return [strips[y].crop(region.x, region.x + region.width).text.rstrip()
                    for y in range(region.y, region.y + region.height)]

        def expected() -> list[str]:
            lines = detail.visible_lines()
            return [line.rstrip() for line in lines] + [""] * (detail.scrollable_content_region.height - len(lines))

        await pilot.pause()
        seen = set()
        for key in "jjjjfjjjjjkkkkfkkjjjjjjjjjgG":
            await pilot.press(key)
            await settle(pilot)
            assert on_screen() == expected(), f"after {key}"
            seen.add(tuple(expected()))
        assert len(seen) > 5  # the panel did change from claim to claim


async def test_a_long_history_draws_its_latest_decisions_and_counts_the_rest(tmp_path, review_app):
    from workbench.tui.widgets.detail import HISTORY_SHOWN, HISTORY_STEP

    db = tmp_path / "w.db"
    first, _ = two_documents(db)
    with Store.open(db) as store:
        for _ in range(HISTORY_SHOWN + 4):
            store.set_flag(first[0], reviewer="ana")
    async with review_app(articles=0, db=db, size=SIZE) as (app, pilot):
        app.main.queue.move_to_claim(first[0])
        await pilot.pause()
        # Fewer than HISTORY_STEP over the window: all drawn (the window moves by steps).
        history = app.main.detail.section("History").splitlines()
        assert len(history) == HISTORY_SHOWN + 4 and history[0].startswith("#")
        with Store.open(db) as store:
            for _ in range(HISTORY_STEP):
                store.set_flag(first[0], reviewer="ana")
            last = store.history(first[0])[-1]
        app.main.show_detail()
        history = app.main.detail.section("History").splitlines()
        assert history[0] == f"… {HISTORY_STEP} earlier decisions: workbench history {first[0]} lists them all"
        assert len(history) == HISTORY_SHOWN + 4 + 1
        assert history[-1].startswith(f"#{last.seq}")


async def test_pages_drawn_ahead_show_the_rows_of_the_list_they_land_on(review_app):
    async with review_app(articles=40, size=SIZE) as (app, pilot):  # 200 claims
        queue = app.main.queue
        height = queue.scrollable_content_region.height
        await pilot.press("j")
        await settle(pilot)
        # Between keys the pages either side and both ends are drawn ahead.
        ahead = {key[0] for key in queue._strips}
        assert set(queue.ids[height:2 * height - 1]) <= ahead and set(queue.ids[-height:]) <= ahead

        def drawn() -> list[str]:
            region = queue.scrollable_content_region
            strips = app.screen._compositor.render_strips()
            return [strips[y].crop(region.x, region.x + region.width).text for y in range(region.y, region.y + region.height)]

        def wanted() -> list[str]:
            top = int(queue.scroll_offset.y)
            width = queue.scrollable_content_region.width
            return [queue.row_content(queue.row(cid), width).plain for cid in queue.ids[top:top + height]]

        for key in ("pagedown", "pagedown", "G", "pageup", "g", "pagedown"):
            await pilot.press(key)
            await settle(pilot)
            assert [line.rstrip() for line in drawn()] == [line.rstrip() for line in wanted()], key


@pytest.mark.parametrize("size", [SIZE, (72, 22)])  # the second lays the panel out compact
async def test_the_detail_panel_wrapped_by_section_is_the_whole_panel_wrapped(tmp_path, review_app, size):
    # Sections are wrapped one by one and cached (a flag re-wraps two of them, not the panel):
    # line for line and style for style, that is the wrap of the panel as one text.
    from textual.content import Content

    from workbench.tui.text import join

    db = tmp_path / "w.db"
    two_documents(db)
    async with review_app(articles=0, db=db, size=size) as (app, pilot):
        detail = app.main.detail
        assert detail.compact == (size != SIZE)

        def whole() -> list[tuple[str, tuple]]:
            parts: list = []
            for title, body in detail.sections.items():
                if parts:
                    parts.append("\n\n" if not detail.compact else "\n")
                if title:
                    parts += [Content(title).stylize("bold $text-accent"), "\n"]
                parts.append(body)
            width = max(10, detail.scrollable_content_region.width)
            return [(line.plain, tuple(line.spans)) for line in join(parts).wrap(width)]

        await pilot.pause()
        for key in "jfjjfkkfuujjG":
            await pilot.press(key)
            await settle(pilot)
            assert [(line.plain, tuple(line.spans)) for line in detail._lines] == whole(), f"after {key}"
