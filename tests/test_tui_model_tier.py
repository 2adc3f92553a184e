"""The app says which model tier new ingests use, and what the blank tier loses."""

from __future__ import annotations

from store_helpers import make_db
from workbench.tui.testing import make_app, screen_text


async def test_help_names_the_model_tier(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_MODEL", raising=False)
    make_db(tmp_path / "w.db").close()
    app = make_app(tmp_path / "w.db")
    async with app.run_test(size=(140, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "new ingests use" in text
        assert "(pinned)" in text or "(official)" in text


async def test_blank_tier_warns_what_is_lost(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_MODEL", "blank")
    make_db(tmp_path / "w.db").close()
    app = make_app(tmp_path / "w.db")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("(blank)" in m and "pronoun resolution" in m for m in messages)
