"""The app says which model tier new ingests use, and what the blank tier loses."""

from __future__ import annotations

from tui_helpers import screen_text


async def test_help_names_the_model_tier(monkeypatch, review_app):
    monkeypatch.delenv("WORKBENCH_MODEL", raising=False)
    async with review_app(size=(140, 60), settled=False) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "new ingests use" in text
        assert "(pinned)" in text or "(official)" in text


async def test_blank_tier_warns_what_is_lost(monkeypatch, review_app):
    monkeypatch.setenv("WORKBENCH_MODEL", "blank")
    async with review_app(size=(140, 40), settled=False) as (app, pilot):
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("(blank)" in m and "pronoun resolution" in m for m in messages)
