"""Untrusted text renders literally everywhere: never parsed as markup, never sent as control codes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from store_helpers import FakeArticle, extraction_for
from tui_helpers import PtyProcess, screen_text, settle, workers_done
from workbench.records import Metadata
from workbench.store import Store
from workbench.tui.text import literal
from workbench.vocab import ExportFormat

MARKUP = "[bold]B[/] [/] [@click=app.quit]Q [link=https://evil.example]L[/link]"
CONTROLS = "E\x1b[31mRED\x1b]0;pwned\x07 N\x00 C\x85\x9b R\u202eevil Z\u200bw"
HOSTILE = f"{MARKUP} {CONTROLS}"

# What must never reach the screen as-is, and what stands in for it.
RAW = ["\x1b", "\x00", "\x85", "\x9b", "\u202e", "\u200b", "\x07"]
SHOWN = ["[bold]B[/]", "[@click=app.quit]Q", "[link=https://evil.example]", "␛[31mRED", "␀", "⟨RLO⟩", "⟨ZWSP⟩", "⟨U+0085⟩", "␇"]


def hostile_db(db: Path) -> list[int]:
    store = Store.open(db)
    text = (
        f"The minister said {HOSTILE} about the budget.\n"
        "The central bank raised its rate to 5.25 percent.\n"
    )
    extraction = extraction_for(text)
    for claim in extraction.claims:
        claim.speaker = f"Spk {HOSTILE}"
        claim.reasons = [f"reason {HOSTILE}"]
    article = FakeArticle(
        Path(f"articles/{MARKUP} \x1b[2J name.txt"),
        text,
        Metadata(title=f"Title {HOSTILE}", outlet=f"Outlet {HOSTILE}", published="2024-05-01"),
    )
    store.store_document(article, extraction, model="test", extractor_version="test-1")
    ids = store.claim_ids(order="document")
    store.set_note(ids[0], f"note {HOSTILE}", reviewer=f"other {HOSTILE}")
    store.close()
    return ids


def assert_literal(text: str, *, expect: list[str] = SHOWN) -> None:
    for raw in RAW:
        assert raw not in text, f"raw {raw!r} reached the screen"
    for shown in expect:
        assert shown in text, f"{shown!r} is not on screen"


def test_literal_never_parses_markup():
    content = literal(HOSTILE)
    assert content.plain.startswith("[bold]B[/] [/] [@click=app.quit]Q")
    assert not content.spans
    assert "\x1b" not in content.plain and "⟨RLO⟩" in content.plain


async def test_hostile_text_in_every_widget(tmp_path, review_app):
    db = tmp_path / "w.db"
    ids = hostile_db(db)
    reviewer = f"rev {MARKUP} \x1b[5m\u202e"
    async with review_app(articles=0, reviewer=reviewer, size=(220, 60), notifications=True) as (app, pilot):
        assert app.main.queue.current_id == ids[0]
        # The queue, the status line and the detail (claim, speaker, sentence,
        # document title, outlet, path, reasons, note, history with a hostile reviewer).
        text = screen_text(app)
        assert_literal(text, expect=["[bold]B[/]", "⟨RLO⟩"])
        detail = app.main.detail.text()
        assert_literal(detail)
        for part in ("Title [bold]B[/]", "Outlet [bold]B[/]", "Spk [bold]B[/]", "reason [bold]B[/]",
                     "note [bold]B[/]", "other [bold]B[/]", "name.txt", "␛[2J"):
            assert part in detail, part
        assert "rev [bold]B[/]" in text  # the reviewer in the status line
        await pilot.press("1")  # decide as the hostile reviewer; the history shows the name
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert "rev [bold]B[/]" in app.main.detail.section("History")

        # A search with markup in it.
        await pilot.press("slash", "[", "b", "]")
        app.main.query_one("#search").value = "[bold]"  # the rest at once: typing is tested elsewhere
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert_literal(screen_text(app), expect=["search “[bold]”"])
        await pilot.press("slash", "escape")
        await settle(pilot)

        # The note editor's title and text.
        await pilot.press("e")
        await pilot.pause()
        assert_literal(screen_text(app), expect=["Note on: The minister said [bold]B[/]", "⟨RLO⟩evil Z⟨ZWSP⟩w"])
        note_input = app.screen.query_one("#note-input")
        assert note_input.text.startswith("note [bold]B[/] [/] [@click=app.quit]Q")
        assert "\x1b" not in note_input.text and "␛[31mRED" in note_input.text
        await pilot.press("escape")
        await pilot.pause()

        # The claim editor: the sentence in its title, the claim and the speaker in its fields.
        await pilot.press("c")
        await pilot.pause()
        assert_literal(screen_text(app), expect=["Correct claim", "The minister said [bold]B[/]"])
        fields = [app.screen.query_one(f"#correct-{name}").value for name in ("text", "speaker")]
        assert all("\x1b" not in f and "␛[31mRED" in f for f in fields)
        await pilot.press("escape")
        await pilot.pause()

        # The document view: the whole article, title and path.
        await pilot.press("enter")
        await pilot.pause()
        assert_literal(screen_text(app), expect=SHOWN + ["Title [bold]B[/]"])
        await pilot.press("escape")
        await pilot.pause()

        # Help, and a toast carrying a hostile file name.
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        app.say(f"exported 2 claims to {MARKUP} {CONTROLS}.csv")
        await pilot.pause(0.2)
        assert_literal(screen_text(app), expect=["exported 2 claims to [bold]B[/]", "[@click=app.quit]Q"])

        # A hostile palette entry (a custom scale's name) and the palette itself.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sca")
        await pilot.pause(0.2)
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen is app.main


async def test_hostile_export_file_name(tmp_path, review_app):
    db = tmp_path / "w.db"
    hostile_db(db)
    target = tmp_path / "[bold]out[@click=app.quit] \x1b[31m\u202e.csv"  # no "/" in a file name
    async with review_app(articles=0, size=(220, 50), notifications=True) as (app, pilot):
        app.exports.start(ExportFormat.CSV, target)
        await workers_done(app)
        await pilot.pause(0.2)
        assert target.read_bytes().startswith(b"\xef\xbb\xbf\"claim_id\"")  # the real exporter wrote it
        assert_literal(screen_text(app), expect=["[bold]out[@click=app.quit] ␛[31m⟨RLO⟩.csv"])
        assert app.is_running


@pytest.mark.slow
def test_hostile_text_never_reaches_a_real_terminal(tmp_path):
    import os

    db = tmp_path / "w.db"
    hostile_db(db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    workbench = Path(sys.executable).parent / "workbench"
    app = PtyProcess([str(workbench), "--db", str(db), "review", "--reviewer", "pty"], cols=200, rows=50, env=env)
    try:
        assert app.wait_for("[@click=app.quit]Q", timeout=30) is not None, app.text()[-2000:]
        raw = app.output()
    finally:
        app.kill()
    # The data's own sequences never reach the terminal: no red, no title, no RLO.
    for sequence in ("\x1b[31mRED", "\x1b]0;pwned", "\u202e", "\u200b", "\x1b[2J name", "\x1b[5m"):
        assert sequence not in raw, f"{sequence!r} reached the terminal"
    assert "␛[31mRED" in raw and "⟨RLO⟩" in raw
