"""`workbench learn`: refit, --evaluate and --status, through the real CLI on a real database."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from desk_helpers import make_desk_db
from workbench.cli import cli
from workbench.config import ConfigError, load_config
from workbench.nlp import checkworthy
from workbench.store import Store
from workbench.vocab import Action, Status


def run(db, *args, **env):
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], env={"WORKBENCH_REVIEWER": "ana", **env})


@pytest.fixture
def db(tmp_path):
    """A desk database before any refit: 360 claims, 200 of them decided."""
    make_desk_db(tmp_path / "w.db").close()
    return tmp_path / "w.db"


def test_too_few_decisions_is_one_line_exit_1_and_nothing_recorded(tmp_path):
    make_desk_db(tmp_path / "few.db", documents=3, decided=12).close()
    result = run(tmp_path / "few.db", "learn")
    assert result.exit_code == 1
    assert result.output == "workbench: too few decisions to learn from: 12 (need at least 20)\n"
    result = run(tmp_path / "few.db", "learn", "--evaluate", "--json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    with Store.open(tmp_path / "few.db") as store:
        assert all(e.action != Action.LEARN for e in store.events())


def test_one_kind_of_decision_only_is_one_line(tmp_path):
    with make_desk_db(tmp_path / "one.db", decided=0) as store:
        from workbench.scales import DEFAULT_SCALE

        for claim_id in sorted(store.claim_ids())[:30]:
            store.dismiss(claim_id, scale=DEFAULT_SCALE, reviewer="ana")
    result = run(tmp_path / "one.db", "learn")
    assert (result.exit_code, result.output) == (
        1, "workbench: only dismissals so far: a model needs both verdicts and dismissals\n")


def test_evaluate_reports_by_grouped_cross_validation_and_changes_nothing(db):
    with Store.open(db) as store:
        head = store.head()
    result = run(db, "learn", "--evaluate")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "decisions          200 (" in out and "cross-validation   5 folds, grouped by document" in out
    assert "result             desk model beats the shipped model over 5 folds of 200 decisions" in out
    assert "changed            nothing (--evaluate)" in out
    data = json.loads(run(db, "learn", "--evaluate", "--json").output)
    assert data["evaluate_only"] is True and data["beats_prior"] is True and data["seq"] is None
    assert len(data["folds"]) == 5 and data["local_ap"] > data["prior_ap"]
    assert set(data["counts"]) == {"labels", "verdicts", "dismissals", "documents"}
    with Store.open(db) as store:
        assert store.head() == head


def test_evaluate_exits_1_when_the_desk_model_does_not_beat_the_shipped_one(tmp_path):
    make_desk_db(tmp_path / "noise.db", shuffled=True).close()
    result = run(tmp_path / "noise.db", "learn", "--evaluate")
    assert result.exit_code == 1
    assert "result             desk model does not beat the shipped model" in result.output


def test_learn_refits_re_ranks_the_unreviewed_and_records_an_audited_event(db):
    with Store.open(db) as store:
        decided = {c.id: (c.score, c.model_version) for c in store.claims(status=Status.REVIEWED)}
    result = run(db, "learn", "--reviewer", "bo")
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        ranking = store.ranking()
        assert ranking.desk and ranking.reviewer == "bo"
        assert f"ranks now          {ranking.version}, the desk model (was" not in result.output  # nothing before
        assert f"ranks now          {ranking.version}, the desk model\n" in result.output
        assert "re-ranked          160 unreviewed claims (decided claims never move)" in result.output
        assert f"audit event        #{ranking.seq}" in result.output
        assert {c.id: (c.score, c.model_version) for c in store.claims(status=Status.REVIEWED)} == decided
        top = store.claims(status=Status.UNREVIEWED, limit=1)[0]
    assert run(db, "verify").exit_code == 0
    shown = run(db, "claim", top.id).output
    assert f"scored by         the desk model {ranking.version}, over the shipped model cw-test+r0" in shown
    assert "shipped score     " in shown and "reasons           the desk checks claims with" in shown
    listed = json.loads(run(db, "claims", "--status", "unreviewed", "--limit", 1, "--json").output)[0]
    assert listed["model_version"] == ranking.version and listed["prior_version"] == "cw-test+r0"
    assert isinstance(listed["prior_score"], float) and isinstance(listed["prior_reasons"], list)


def test_learn_json_and_status(db):
    data = json.loads(run(db, "learn", "--json").output)
    assert data["ranker"] == "desk" and data["version"].startswith("desk-") and data["rescored"] == 160
    assert set(data["seconds"]) == {"read", "evaluate", "fit", "score", "write"}
    status = run(db, "learn", "--status")
    assert status.exit_code == 0
    assert f"ranks now          {data['version']} (the desk model)" in status.output
    assert f"since              event #{data['seq']}, by ana at " in status.output
    assert "new decisions      0 since the last refit" in status.output
    assert "automatic refit    off ([learn] auto_after)" in status.output
    assert f"  #{data['seq']}" in status.output
    run(db, "verdict", 300, "true")
    state = json.loads(run(db, "learn", "--status", "--json").output)
    assert state["decisions_since"] == 1 and state["ranking"]["version"] == data["version"]
    assert [h["seq"] for h in state["history"]] == [data["seq"]]


def test_a_refit_that_does_not_beat_keeps_the_shipped_model_with_exit_0(tmp_path):
    make_desk_db(tmp_path / "noise.db", shuffled=True).close()
    result = run(tmp_path / "noise.db", "learn")
    assert result.exit_code == 0, result.output
    assert f"ranks now          {checkworthy.MODEL_VERSION}, the shipped model" in result.output
    assert "re-ranked          0 claims back on the shipped model's score" in result.output
    status = run(tmp_path / "noise.db", "learn", "--status").output
    assert f"ranks now          {checkworthy.MODEL_VERSION} (the shipped model)" in status


def test_status_before_any_refit_and_the_auto_setting(tmp_path):
    make_desk_db(tmp_path / "w.db", documents=2, decided=0).close()
    (tmp_path / "workbench.toml").write_text("[learn]\nauto_after = 25\n", encoding="utf-8")
    out = run(tmp_path / "w.db", "learn", "--status").output
    assert "ranks now          the shipped model (no refit yet)" in out
    assert "automatic refit    in the app after 25 new decisions" in out
    assert load_config(tmp_path / "w.db").learn_auto_after == 25


@pytest.mark.parametrize("value", ['"ten"', "-1", "true", "2.5"])
def test_a_bad_auto_after_is_one_line_naming_the_file(tmp_path, value):
    (tmp_path / "workbench.toml").write_text(f"[learn]\nauto_after = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"workbench.toml: \[learn\] `auto_after` must be a whole number"):
        load_config(tmp_path / "w.db")
    result = run(tmp_path / "w.db", "learn", "--status")
    assert result.exit_code == 2 and result.output.count("\n") == 1
