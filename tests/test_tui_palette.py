"""The command palette: switch scale and reviewer, sort and filter, export (path prompt, overwrite)."""

from __future__ import annotations

from store_helpers import decision_events

import json
from pathlib import Path

import pytest

from test_export_support import read_csv
from tui_helpers import screen_text, settle, workers_done
from workbench.config import Config
from workbench.scales import POLITIFACT_SCALE, load_scale
from workbench.store import Store
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.prompt import PromptScreen
from workbench.tui.screens.report import ReportScreen

SIZE = (140, 40)


async def run_command(pilot, text: str) -> None:
    """Open the palette, type, wait for the hits, choose the first."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    for _ in range(40):  # the palette searches in a worker
        await pilot.pause(0.05)
        palette = pilot.app.screen
        lists = palette.query("CommandList") if hasattr(palette, "query") else []
        if lists and lists.first().option_count:
            break
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot, text: str) -> None:
    """Fill the open prompt (typing a long path key by key only slows the test) and press Enter."""
    from textual.widgets import Input

    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def invoke(pilot, title: str) -> None:
    """Run a palette entry by its exact title, as choosing it in the palette does."""
    (command,) = [c for c in pilot.app.palette_commands() if c.title == title]
    command.callback()
    await settle(pilot, poll=False)


async def until(pilot, condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached in time")


async def test_switch_scale_from_the_palette(tmp_path, review_app):
    db = tmp_path / "w.db"
    house = tmp_path / "house.toml"
    house.write_text(
        'id = "house"\nname = "House [bold]scale[/bold]"\n'
        '[[verdict]]\nslug = "solid"\nlabel = "Solid [@click=app.quit]"\n'
        '[[verdict]]\nslug = "shaky"\nlabel = "Shaky"\n',
        encoding="utf-8",
    )
    config = Config(custom_scales=(load_scale(house),))
    async with review_app(size=SIZE, config=config) as (app, pilot):
        ids = list(app.main.queue.ids)
        await run_command(pilot, "politifact")
        assert app.session.scale is POLITIFACT_SCALE
        assert "PolitiFact Truth-O-Meter" in screen_text(app)
        await pilot.press("6")  # Pants on Fire exists only on this scale
        await settle(pilot)
        with Store.open(db) as store:
            claim = store.claim(ids[0])
            assert (claim.verdict, claim.scale) == ("pants-on-fire", "politifact")

        # A custom scale from the team config; its markup-looking name is shown as typed.
        await run_command(pilot, "House")
        assert app.session.scale.id == "house"
        assert "House [bold]scale[/bold]" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert app.is_running
        with Store.open(db) as store:
            assert store.claim(ids[1]).verdict == "solid"
        assert "Solid [@cli" in screen_text(app)  # the queue's label column, clipped
        await pilot.press("k")
        await pilot.pause()
        assert "Solid [@click=app.quit]" in app.main.detail.section("Review")  # the detail, whole
        assert "[@click=app.quit] by ana" in screen_text(app)  # (wrapped on screen)


async def test_switch_reviewer_sort_and_filter_from_the_palette(tmp_path, review_app):
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, articles=2) as (app, pilot):
        await run_command(pilot, "switch reviewer")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"ben", "enter")
        await pilot.pause()
        assert app.session.reviewer == "ben"
        assert "ben" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        with Store.open(db) as store:
            assert decision_events(store)[0].reviewer == "ben"

        await run_command(pilot, "in doc")
        await settle(pilot)
        assert app.main.view.order == "document"
        # The other sort and filter entries, by their palette titles (opening the
        # palette for each costs half a second and tests nothing more).
        await invoke(pilot, "Show unreviewed claims")
        assert app.main.view.status == "unreviewed" and len(app.main.queue.ids) == 9
        await invoke(pilot, "Only this claim's document")
        assert app.main.view.document is not None
        await invoke(pilot, "Show conflicts")
        assert app.main.view.status == "conflict" and app.main.queue.ids == []
        await invoke(pilot, "All documents")
        await invoke(pilot, "Show all claims")
        assert app.main.view.document is None and len(app.main.queue.ids) == 10
        for title in ("Sort by score", "Sort by status", "Sort most recent first", "Show flagged claims",
                      "Show reviewed claims", "Clear search", "Retry saving"):
            await invoke(pilot, title)
        assert app.main.view.status == "reviewed" and app.main.view.order == "recent"
        # Textual's own commands are there too: the theme among them.
        titles = [c.title for c in app.palette_commands()]
        assert "Ingest a path or a web page" in titles and "Ingest a feed" in titles
        assert "Export as ClaimReview JSON-LD" in titles
        assert any(c.title == "Theme" or "theme" in c.title.lower() for c in app.get_system_commands(app.screen))


def export_toasts(app) -> list[str]:
    return [n.message for n in app._notifications if n.message.startswith("exported ")]


async def test_export_asks_for_a_path_and_never_overwrites_without_asking(tmp_path, review_app):
    target = tmp_path / "out [bold].csv"
    async with review_app(size=SIZE) as (app, pilot):
        await pilot.press("1")
        await settle(pilot)
        await run_command(pilot, "as CSV")
        assert isinstance(app.screen, PromptScreen)
        await answer(pilot, str(target))
        await until(pilot, lambda: target.exists())
        await workers_done(app)
        header, rows, trailer = read_csv(target.read_bytes())
        assert header[0] == "claim_id" and len(rows) == 5 and trailer.startswith("# audit head 2:")  # the ingest, the verdict
        assert [r[header.index("verdict")] for r in rows].count("true") == 1
        assert len(export_toasts(app)) == 1

        # Again to the same path: it asks; "n" leaves the file as it was.
        target.write_text("precious\n")
        await invoke(pilot, "Export as CSV")
        await answer(pilot, str(target))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "[bold].csv?" in screen_text(app)  # the name, brackets and all (it may wrap at the space)
        await pilot.press("n")
        await pilot.pause()
        await workers_done(app)
        assert target.read_text() == "precious\n"
        assert len(export_toasts(app)) == 1  # nothing was exported

        # "y" overwrites.
        await invoke(pilot, "Export as JSON Lines")
        await answer(pilot, str(target))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: len(export_toasts(app)) == 2)
        await workers_done(app)
        objects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert [o["type"] for o in objects] == ["claim"] * 5 + ["export"]
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{target.name}.")]  # no temporary file left
        assert app.is_running


async def test_export_of_claimreview_from_the_palette_says_what_is_missing(tmp_path, review_app):
    target = tmp_path / "reviews.json"
    async with review_app(size=SIZE) as (app, pilot):
        await pilot.press("1")
        await settle(pilot)
        await run_command(pilot, "ClaimReview")
        await answer(pilot, str(target))
        await until(pilot, lambda: target.exists())
        await workers_done(app)
        await pilot.pause()
        reviews = json.loads(target.read_text(encoding="utf-8"))
        assert [r["@type"] for r in reviews] == ["ClaimReview"]
        messages = [n.message for n in app._notifications]
        assert any("exported 1 reviews" in m for m in messages)
        # Every warning the CLI prints reaches the reviewer, in a report that stays until closed.
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
        report = app.screen.text()
        assert "exported 1 reviews" in report and "2 warning(s)" in report
        assert "placeholder" in report and "no review_url template" in report
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)


async def test_ingest_a_path_from_the_palette(tmp_path, review_app, pipeline):
    # The real ingest, in the app's worker; `pipeline` loads the model once for the session.
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "story.txt").write_text(
        "Bridges closed\n\nThe mayor said 12 bridges were closed on Monday after the storm.\n"
    )
    async with review_app(size=SIZE) as (app, pilot):
        before = len(app.main.queue.ids)
        await run_command(pilot, "ingest")
        await answer(pilot, str(folder))
        await until(pilot, lambda: any("story.txt: ingested" in n.message for n in app._notifications), timeout=60)
        await workers_done(app)
        await settle(pilot)
        with Store.open(tmp_path / "w.db") as store:
            assert len(app.main.queue.ids) == store.count().total > before
        assert any("bridges were closed" in app.main.queue.row(cid).text for cid in app.main.queue.ids)


@pytest.mark.slow
async def test_ingest_with_the_real_pipeline(tmp_path, review_app):
    import shutil

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(seeds[0], folder / seeds[0].name)
    db = tmp_path / "w.db"
    async with review_app(size=SIZE, articles=0) as (app, pilot):
        assert "No claims yet" in screen_text(app)
        await run_command(pilot, "ingest")
        await answer(pilot, str(folder))
        await until(pilot, lambda: len(app.main.queue.ids) >= 10, timeout=90)
        await workers_done(app)
        await settle(pilot)
        assert "No claims yet" not in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
    with Store.open(db) as store:
        assert store.stats().reviewed == 1


async def test_ingest_a_web_page_and_a_feed_from_the_palette(tmp_path, review_app, pipeline):
    """The palette fetches a URL and a feed's new entries in a worker, from a real local server."""
    from web_server import Route, WebServer

    page = (Path(__file__).resolve().parent / "data" / "web" / "pages" / "00_broadsheet_business_statistics.html").read_bytes()
    with WebServer() as web:
        base = web.url("")
        web.routes.update({
            "/story": Route(page),
            "/feed.xml": Route(
                (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{base}/</link>'
                 f"<item><title>S</title><link>{base}/story2</link></item></channel></rss>").encode(),
                headers={"Content-Type": "application/rss+xml"},
            ),
            "/story2": Route(page.replace(b"<body", b"<body data-copy='2'")),
        })
        async with review_app(size=SIZE) as (app, pilot):
            before = len(app.main.queue.ids)
            await run_command(pilot, "ingest a path")
            await answer(pilot, web.url("/story"))
            await until(pilot, lambda: any("/story: ingested" in n.message for n in app._notifications), timeout=60)
            await workers_done(app)
            await settle(pilot)
            assert len(app.main.queue.ids) > before
            await run_command(pilot, "ingest a feed")
            await answer(pilot, web.url("/feed.xml"))
            await until(pilot, lambda: sum("ingest done" in n.message for n in app._notifications) >= 2, timeout=60)
            await workers_done(app)
    with Store.open(tmp_path / "w.db") as store:
        paths = {p for d in store.documents() for p in d.paths}
    assert web.url("/story") in paths and web.url("/story2") in paths
