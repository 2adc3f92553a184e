"""Shared fixtures: the spaCy pipelines, loaded once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

# Witness files and reviewer keys go to the user's config folder: never the real one from tests.
_CONFIG = tempfile.mkdtemp(prefix="workbench-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG
os.environ["WORKBENCH_WITNESS"] = os.path.join(_CONFIG, "witness")

from workbench.nlp.model import Pipeline, blank_pipeline as _blank_pipeline, load_pipeline


@pytest.fixture(autouse=True)
def own_preferences(tmp_path, tmp_path_factory, monkeypatch):
    """Each test its own personal preferences file (the app's theme) and its own witness
    folder: never the real user's. Tests copy template databases, and a copy keeps its
    database id, so a witness shared between tests would see two histories of one id."""
    monkeypatch.setenv("WORKBENCH_USER_CONFIG", str(tmp_path / "preferences.json"))
    monkeypatch.setenv("WORKBENCH_WITNESS", str(tmp_path_factory.mktemp("witness")))


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline (official or pinned English model), as the app loads it."""
    return load_pipeline()


@pytest.fixture(scope="session")
def blank_pipeline() -> Pipeline:
    """The no-model tier: sentencizer and number rules only."""
    return _blank_pipeline()


@pytest.fixture
def review_app(tmp_path):
    """Open the review app on a database, ready to drive with Pilot (the TUI tests' one way in).

        async with review_app(articles=2) as (app, pilot):
            await pilot.press("1")

    ``articles``: how many sample articles (5 claims each) a new database at
    ``db`` (default tmp_path/w.db) gets; 0 leaves an existing or empty file as
    it is. The app has caught up (settled) before the block runs. ``size``
    is the terminal; other keywords go to ReviewApp (reviewer, scale, config,
    busy_timeout, retry_interval, ...).
    """
    from contextlib import asynccontextmanager

    from store_helpers import make_db
    from tui_helpers import make_app, settle

    @asynccontextmanager
    async def opened(*, articles: int = 1, db=None, size=(150, 40), settled: bool = True, notifications: bool = False, **options):
        path = db or tmp_path / "w.db"
        if articles:
            make_db(path, articles=articles).close()
        app = make_app(path, **options)
        async with app.run_test(size=size, notifications=notifications) as pilot:
            if settled:
                await settle(pilot)
            yield app, pilot

    return opened
