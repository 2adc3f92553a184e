"""The claim editor (c): correct a claim's text and speaker from the queue or the document view."""

from __future__ import annotations

from store_helpers import decision_events

from textual.widgets import Input

from tui_helpers import screen_text, settle
from workbench.store import Store
from workbench.tui.screens.correct import CorrectScreen
from workbench.tui.screens.document import DocumentScreen

ARREST = "The ministry said 40 people were arrested on Monday"


async def fill(pilot, text: str | None = None, speaker: str | None = None) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, CorrectScreen)
    if text is not None:
        screen.query_one("#correct-text", Input).value = text
    if speaker is not None:
        screen.query_one("#correct-speaker", Input).value = speaker


async def test_c_corrects_text_and_speaker_and_u_takes_it_back(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app() as (app, pilot):
        queue = app.main.queue
        first = queue.current_id
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CorrectScreen)
        assert "Correct claim 1, from: The ministry said 40" in screen_text(app)
        field = app.screen.query_one("#correct-text", Input)
        assert field.value == ARREST and app.focused is field
        # App keys typed into the editor are text, not commands.
        await pilot.press("end", *" 1xqu", "tab", *"Jane Doe, minister")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.is_running
        with Store.open(db) as store:
            claim = store.claim(first)
            assert (claim.text, claim.speaker) == (ARREST + " 1xqu", "Jane Doe, minister")
            assert claim.extracted_text == ARREST and claim.corrected and claim.verdict is None
        text = screen_text(app)
        assert "✎ The ministry said 40 people were arrested on Monday 1xqu"[:30] in text  # the queue marks it
        detail = app.main.detail
        assert "text and speaker corrected; extraction said:" in detail.section("Corrected by a reviewer")
        assert ARREST in detail.section("Corrected by a reviewer")
        assert "corrected text" in detail.section("History")
        assert queue.current_id == first  # correcting does not move on

        # Unchanged fields, or Esc: nothing written.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", "x", "escape")
        await settle(pilot)
        with Store.open(db) as store:
            assert len(decision_events(store)) == 1

        # An empty text is refused in the editor itself.
        await pilot.press("c")
        await pilot.pause()
        await fill(pilot, text="   ")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CorrectScreen)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("u")  # undo the correction
        await settle(pilot)
        with Store.open(db) as store:
            claim = store.claim(first)
            assert (claim.text, claim.speaker, claim.corrected) == (ARREST, None, False)
            assert store.verify().ok


async def test_the_editor_is_kept_and_opens_on_each_claim_and_the_document_view_corrects_too(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app() as (app, pilot):
        queue = app.main.queue
        await pilot.press("c")
        await pilot.pause()
        editor = app.screen
        await fill(pilot, speaker="the ministry")
        await pilot.press("ctrl+s")  # Ctrl+S saves too
        await settle(pilot)
        await pilot.press("j")
        second = queue.current_id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is editor  # the same editor, handed the claim under the cursor
        assert editor.query_one("#correct-speaker", Input).value == ""
        assert editor.query_one("#correct-text", Input).value == queue.row(second).text
        await fill(pilot, text="The central bank raised its main rate to 5.25 percent")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert "✎ The central bank raised its main rate" in screen_text(app)
        with Store.open(db) as store:
            assert store.claim(second).text == "The central bank raised its main rate to 5.25 percent"
            assert store.claim(1).speaker == "the ministry"
            assert store.verify().ok
