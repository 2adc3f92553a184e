"""The CLI between reviewers and for evidence: --overrule, --adjudicate, --source, --explanation,
`evidence`, blind history, and --db / --reviewer before or after the command."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from store_helpers import make_db
from workbench.cli import cli
from workbench.store import Store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.db"
    make_db(path, articles=2).close()
    return path


def run(db, *args, reviewer="ana", env=None):
    environment = {"WORKBENCH_REVIEWER": reviewer, **(env or {})}
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], env=environment)


def first_claim(db) -> int:
    return json.loads(run(db, "claims", "--json").output)[0]["id"]


def test_verdicts_take_labels_in_any_case(db):
    claim = first_claim(db)
    result = run(db, "verdict", claim, "TRUE")
    assert result.exit_code == 0 and "verdict true" in result.output
    other = json.loads(run(db, "claims", "--json").output)[1]["id"]
    assert run(db, "verdict", other, "Mostly true").exit_code == 0
    with Store.open(db) as store:
        assert store.claim(other).verdict == "mostly-true"


def test_overruling_another_reviewer_needs_overrule(db):
    claim = first_claim(db)
    assert run(db, "verdict", claim, "true", reviewer="ana").exit_code == 0
    with Store.open(db) as store:
        anas = store.events()[-1].seq
    refused = run(db, "verdict", claim, "false", reviewer="ben")
    assert refused.exit_code == 2
    assert "its verdict is ana's 'True'" in refused.output and "--overrule" in refused.output
    done = run(db, "verdict", claim, "false", "--overrule", reviewer="ben")
    assert done.exit_code == 0 and f"(overrules #{anas})" in done.output
    assert "disputed: ana True · ben False" in done.output
    history = run(db, "history", claim)
    assert f"overrules #{anas}" in history.output and "disputed" in history.output
    listed = json.loads(run(db, "claims", "--status", "adjudication", "--json").output)
    assert [c["id"] for c in listed] == [claim] and listed[0]["agreement"] == "disputed"
    # Someone else settles it, saying so.
    assert run(db, "verdict", claim, "mixed", reviewer="cai").exit_code == 2
    settled = run(db, "verdict", claim, "mixed", "--adjudicate", reviewer="cai")
    assert settled.exit_code == 0 and f"adjudicates #{anas}, #{anas + 1}" in settled.output
    assert json.loads(run(db, "claims", "--status", "adjudication", "--json").output) == []


def test_double_review_history_is_blind_until_both_decided(db):
    claim = first_claim(db)
    assert run(db, "verdict", claim, "true", "--double", "--note", "ministry figure checks out", reviewer="ana").exit_code == 0
    shown = run(db, "history", claim, reviewer="ben")
    assert "verdict hidden until you give your verdict" in shown.output and "True" not in shown.output
    assert "note hidden until you give your verdict" in shown.output and "checks out" not in shown.output
    fields = run(db, "claim", claim, reviewer="ben").output
    assert "checks out" not in fields and "hidden until you give your verdict" in fields
    assert "checks out" in run(db, "claim", claim, reviewer="ana").output
    own = run(db, "history", claim, reviewer="ana")
    assert "verdict True" in own.output
    status = run(db, "claims", reviewer="ben").output
    assert "pending" in status and "1 of 2" in status
    assert run(db, "verdict", claim, "false", "--double", reviewer="ben").exit_code == 0
    now = run(db, "history", claim, reviewer="ben").output
    assert "verdict True" in now and "disputed" in now


def test_double_review_from_the_team_config(db, tmp_path):
    (tmp_path / "workbench.toml").write_text('[review]\nmode = "double"\n', encoding="utf-8")
    claim = first_claim(db)
    assert run(db, "verdict", claim, "true").exit_code == 0
    with Store.open(db) as store:
        assert store.claim(claim).agreement == "pending"
    (tmp_path / "workbench.toml").write_text('[review]\nmode = "triple"\n', encoding="utf-8")
    bad = run(db, "verdict", claim, "true")
    assert bad.exit_code == 2 and "[review] `mode` must be \"single\" or \"double\"" in bad.output


def test_sources_and_explanation_with_a_verdict_and_on_their_own(db):
    claim = first_claim(db)
    result = run(
        db, "verdict", claim, "false",
        "--source", "https://ons.gov.uk/figures Labour market, May 2024",
        "--source", "https://example.org/report",
        "--explanation", "The ministry's figure is 38.",
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"saved #(\d+): verdict false .*\nsaved #\d+: evidence", result.output)
    shown = run(db, "evidence", claim)
    assert "https://ons.gov.uk/figures Labour market, May 2024" in shown.output
    assert "The ministry's figure is 38." in shown.output
    data = json.loads(run(db, "evidence", claim, "--json").output)
    assert data["sources"][1] == {"url": "https://example.org/report", "title": None}
    # Only the explanation: the sources are kept.
    assert run(db, "evidence", claim, "--explanation", "Figure: 38 (ONS).").exit_code == 0
    data = json.loads(run(db, "evidence", claim, "--json").output)
    assert len(data["sources"]) == 2 and data["explanation"] == "Figure: 38 (ONS)."
    assert "source" in run(db, "claim", claim).output
    assert run(db, "evidence", claim, "--clear").exit_code == 0
    assert "has no evidence yet" in run(db, "evidence", claim).output
    assert run(db, "undo", claim).exit_code == 0  # takes the clearing back
    assert len(json.loads(run(db, "evidence", claim, "--json").output)["sources"]) == 2


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "example.org", "https://e.org/\x1b]52;c;x\x07"])
def test_a_bad_source_is_one_line_naming_it(db, bad):
    claim = first_claim(db)
    result = run(db, "verdict", claim, "false", "--source", bad)
    assert result.exit_code == 2
    assert "--source" in result.output and "Traceback" not in result.output
    assert "\x1b" not in result.output
    with Store.open(db) as store:
        assert store.history(claim) == []  # refused before anything was written


def test_db_and_reviewer_before_or_after_the_command(db, tmp_path):
    runner = CliRunner()
    env = {"WORKBENCH_REVIEWER": "", "WORKBENCH_DB": ""}
    listed = runner.invoke(cli, ["claims", "--db", str(db), "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    claim = json.loads(listed.output)[0]["id"]
    before = runner.invoke(cli, ["--reviewer", "alice", "--db", str(db), "verdict", str(claim), "true"], env=env)
    assert before.exit_code == 0 and "by alice" in before.output
    after = runner.invoke(cli, ["verdict", str(claim), "true", "--db", str(db), "--reviewer", "bob"], env=env)
    assert after.exit_code == 0 and "by bob" in after.output
    # The one after the command wins over the one before.
    both = runner.invoke(cli, ["--db", str(tmp_path / "nope.db"), "stats", "--db", str(db)], env=env)
    assert both.exit_code == 0 and "claims" in both.output


def test_an_unknown_document_is_an_error(db):
    result = run(db, "claims", "--document", 999)
    assert result.exit_code == 2 and result.output.strip() == "workbench: no document 999"


def test_stats_and_scales_say_what_is_new(db):
    claim = first_claim(db)
    run(db, "verdict", claim, "true", "--double")
    stats = run(db, "stats").output
    assert "pending     1" in stats and "disputed    0" in stats
    scales = run(db, "scales").output
    assert "unverifiable   Unverifiable   off the scale (published by name)" in scales
    assert "rating 1 of 1..5" in scales
