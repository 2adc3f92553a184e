"""Workbench.learn and Workbench.ranking: the Python API over the same refit as the CLI and the app."""

from __future__ import annotations

import pytest

from desk_helpers import make_desk_db
from workbench import Workbench
from workbench.desk import LearnError
from workbench.store import InvalidDecision
from workbench.vocab import Action, Ranker


def test_learn_evaluate_only_needs_no_reviewer_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    make_desk_db(tmp_path / "w.db").close()
    with Workbench(tmp_path / "w.db") as wb:
        head = wb.store.head()
        report = wb.learn(evaluate_only=True)
        assert report.evaluate_only and report.beats_prior and wb.store.head() == head
        assert report.to_json()["ranker"] == "shipped" and report.version is None
        with pytest.raises(InvalidDecision, match="a decision needs a reviewer name"):
            wb.learn()
        assert wb.ranking().ranker == Ranker.SHIPPED


def test_learn_records_the_refit_under_the_reviewer(tmp_path):
    make_desk_db(tmp_path / "w.db").close()
    with Workbench(tmp_path / "w.db", reviewer="ana") as wb:
        report = wb.learn(reviewer="bo")
        ranking = wb.ranking()
        assert (ranking.ranker, ranking.version, ranking.seq, ranking.reviewer) == (
            Ranker.DESK, report.version, report.seq, "bo")
        assert dict(ranking.counts) == report.counts and ranking.message == report.message
        assert ranking.to_json()["version"] == report.version
        assert wb.store.events(after=report.seq - 1)[0].action == Action.LEARN
        assert report.summary == f"the desk model {report.version} ranks the queue now: 160 unreviewed claims re-ranked"


def test_too_little_to_learn_from_is_a_learn_error_a_value_error(tmp_path):
    make_desk_db(tmp_path / "w.db", documents=2, decided=5).close()
    with Workbench(tmp_path / "w.db", reviewer="ana") as wb:
        with pytest.raises(ValueError, match="too few decisions"):
            wb.learn()
        with pytest.raises(LearnError):
            wb.learn(evaluate_only=True)
