"""Shared fixtures: the spaCy pipelines, loaded once per test session."""

from __future__ import annotations

import pytest

from workbench.nlp.model import Pipeline, blank_pipeline as _blank_pipeline, load_pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline (official or pinned English model), as the app loads it."""
    return load_pipeline()


@pytest.fixture(scope="session")
def blank_pipeline() -> Pipeline:
    """The no-model tier: sentencizer and number rules only."""
    return _blank_pipeline()
