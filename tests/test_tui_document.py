"""The document view: the whole article, claims highlighted, clutter dimmed, decisions by the same keys."""

from __future__ import annotations

from pathlib import Path

from store_helpers import FakeArticle, extraction_for
from workbench.records import ExcludedSpan, Metadata
from workbench.store import Store
from tui_helpers import screen_text, settle
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.widgets.article import CLUTTER_STYLE, CURRENT_STYLE

ARTICLE = (
    "Share this article on Facebook\n"
    "The ministry said 40 people were arrested on Monday.\n"
    "The central bank raised its rate to 5.25 percent.\n"
    "Acme Corp reported revenue of $3.2 billion.\n"
    "The court sentenced the former mayor to six years.\n"
)


def make_article_db(db: Path) -> tuple[int, list[int]]:
    store = Store.open(db)
    clutter_end = ARTICLE.index("\n")
    article = FakeArticle(
        Path("articles/one.txt"),
        ARTICLE,
        Metadata(title="Arrests and rates", outlet="Daily Example", published="2024-05-01"),
        excluded=[ExcludedSpan(0, clutter_end, "share links")],
    )
    extraction = extraction_for(ARTICLE)
    extraction.claims = extraction.claims[1:]  # the share line is clutter, not a claim
    doc = store.store_document(article, extraction, model="test", extractor_version="test-1").document_id
    ids = store.claim_ids(document=doc, order="document")
    store.close()
    return doc, ids


async def test_open_jump_decide_and_go_back(tmp_path, review_app):
    db = tmp_path / "w.db"
    doc, ids = make_article_db(db)
    async with review_app(articles=0, size=(120, 40)) as (app, pilot):
        main = app.main
        main.queue.move_to_claim(ids[1])
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert screen.current_row().id == ids[1]
        text = screen_text(app)
        assert "Arrests and rates" in text and "Daily Example" in text and "2024-05-01" in text
        assert "Share this article on Facebook" in text  # clutter is shown (dimmed), not hidden
        assert "The court sentenced the former mayor" in text
        assert "claim 2/4" in text
        view = screen.view
        styles = {str(span.style) for line, _, _ in view._lines for span in line.spans}
        assert CLUTTER_STYLE in styles and CURRENT_STYLE in styles

        await pilot.press("j")
        assert screen.current_row().id == ids[2]
        await pilot.press("p", "p")
        assert screen.current_row().id == ids[0]
        await pilot.press("n", "down")
        assert screen.current_row().id == ids[2]
        await pilot.press("k")
        assert screen.current_row().id == ids[1]

        # The same decision keys: a verdict moves to the next claim of the document.
        await pilot.press("5")
        await settle(pilot)
        assert screen.current_row().id == ids[2]
        await pilot.press("x", "f")
        await settle(pilot)
        assert screen.current_row().id == ids[3]
        await pilot.press("e", "c", "a", "l", "l", "ctrl+s")
        await settle(pilot)
        with Store.open(db) as store:
            assert store.claim(ids[1]).verdict == "false"
            assert store.claim(ids[2]).verdict == "not-checkworthy"
            assert store.claim(ids[3]).flagged is True
            assert store.claim(ids[3]).note == "call"
        assert "note: call" in screen_text(app)
        assert "⚑" in screen_text(app)

        # Undo from the document view walks back too, and the view follows.
        await pilot.press("u")  # the note
        await settle(pilot)
        await pilot.press("u")  # the flag
        await settle(pilot)
        await pilot.press("u")  # the dismissal
        await settle(pilot)
        assert screen.current_row().id == ids[2]
        with Store.open(db) as store:
            assert store.claim(ids[2]).verdict is None
            assert store.claim(ids[3]).flagged is False

        # Help works here as well; Esc goes back to the queue, on the claim last viewed.
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "escape")
        await pilot.pause()
        assert app.screen is main
        assert main.queue.current_id == ids[2]


async def test_document_view_of_a_long_article_scrolls_to_the_claim(tmp_path, review_app):
    db = tmp_path / "w.db"
    text = "".join(f"Line {i} of filler, the ministry said {i} things.\n" for i in range(300))
    store = Store.open(db)
    article = FakeArticle(Path("articles/long.txt"), text, Metadata(title="Long"))
    store.store_document(article, extraction_for(text), model="test", extractor_version="test-1")
    last = store.claim_ids(order="document")[-1]
    store.close()
    async with review_app(articles=0, size=(100, 30)) as (app, pilot):
        app.main.queue.move_to_claim(last)
        await pilot.press("enter")
        await pilot.pause()
        assert "Line 299 of filler" in screen_text(app)
        await pilot.press("escape")


async def test_the_queue_follows_the_document_view_out_of_sight_and_comes_back_drawn_right(tmp_path, review_app):
    # Leaving the document view should cost a key no more than composing the
    # screen: the queue moves (and draws) while the document is on top. What it
    # then shows must be what a fresh draw shows, cursor colours included.
    async with review_app(articles=12, size=(120, 24)) as (app, pilot):
        main = app.main
        first = main.queue.current_id
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        for _ in range(3):
            await pilot.press("j")
        await pilot.pause()
        target = screen.current_row().id
        assert target != first
        assert main.queue.current_id == target  # already there, before Esc
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main and main.queue.current_id == target
        row = main.queue.row(target)
        assert row.text[:40] in screen_text(app)
        drawn = app.export_screenshot()
        for widget in app.screen.walk_children():
            widget.refresh()
        main.queue._strips.clear()  # and the queue's own drawn rows
        await pilot.pause()
        assert app.export_screenshot() == drawn
