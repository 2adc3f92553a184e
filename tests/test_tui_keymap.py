"""The team's [keys] in workbench.toml rebind the app's keys by binding id, through Textual's keymap."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from store_helpers import make_db
from tui_helpers import screen_text, settle
from workbench.cli import cli
from workbench.config import Config, ConfigError, load_config
from workbench.store import Store
from workbench.tui import keys
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.screens.note import NoteScreen


def test_an_id_rebinds_every_screen_a_qualified_id_one():
    assert keys.keymap({"note": "m"}) == {"queue.note": "m", "document.note": "m"}
    assert keys.keymap({"document.back": "h"}) == {"document.back": "h"}
    assert keys.keymap({"verdict-1": "!", "help": "?,f1"}) == {
        "queue.verdict-1": "exclamation_mark", "document.verdict-1": "exclamation_mark",
        "queue.help": "question_mark,f1", "document.help": "question_mark,f1",
    }


@pytest.mark.parametrize(
    "entries, message",
    [
        ({"launch": "l"}, "[keys] launch: no such key binding"),
        ({"note": ""}, "give the key(s) as text"),
        ({"note": 5}, "give the key(s) as text"),
        ({"note": "ctrl+"}, "'ctrl+' is not a key name"),
        ({"note": "hyperdrive"}, "'hyperdrive' is not a key name"),
        ({"note": "f"}, "puts 'f' on both 'flag' and 'note' in the queue"),
        ({"document.back": "j"}, "puts 'j' on both 'doc-next' and 'back' in the document view"),
    ],
)
def test_a_bad_entry_is_one_clear_line(entries, message):
    with pytest.raises(ConfigError) as info:
        keys.keymap(entries, source="db/workbench.toml")
    assert message in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith("db/workbench.toml: ")


def test_swapping_two_keys_is_not_a_clash():
    assert keys.keymap({"flag": "e", "note": "f"})["queue.flag"] == "e"


def test_the_config_file_carries_the_table(tmp_path):
    (tmp_path / "workbench.toml").write_text('[keys]\nnote = "m"\n"document.back" = "h"\n', encoding="utf-8")
    config = load_config(tmp_path / "w.db")
    assert dict(config.keys) == {"note": "m", "document.back": "h"}
    (tmp_path / "workbench.toml").write_text('keys = "m"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[keys\] must be tables"):
        load_config(tmp_path / "w.db")


async def test_rebound_keys_work_and_the_old_ones_do_not(tmp_path, review_app):
    config = Config(keys={"note": "m", "document.back": "h", "verdict-1": "t"})
    async with review_app(config=config) as (app, pilot):
        first = app.main.queue.current_id
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)  # e no longer edits the note
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("o", "k", "ctrl+s")
        await settle(pilot)
        await pilot.press("t")  # verdict 1, moved
        await settle(pilot)
        with Store.open(tmp_path / "w.db") as store:
            assert store.claim(first).note == "ok" and store.claim(first).verdict == "true"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")  # back moved to h: Esc does nothing here now
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("h")
        await pilot.pause()
        assert app.screen is app.main
        # The help shows the keys as rebound; the footer too (Textual draws the keymap's keys).
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body").render().plain
        assert "  m  " in body and "edit the claim's note" in body
        await pilot.press("escape")
        await pilot.pause()
        assert "m note" in screen_text(app).splitlines()[-1]


def test_review_refuses_a_bad_keys_table_before_opening_the_app(tmp_path):
    make_db(tmp_path / "w.db").close()
    (tmp_path / "workbench.toml").write_text('[keys]\nnote = "f"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "review"], env={"WORKBENCH_REVIEWER": "ana"})
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "puts 'f' on both 'flag' and 'note'" in result.output
