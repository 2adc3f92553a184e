"""Agreement between reviewers: percent agreement and Cohen's kappa, checked against a hand computation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store_helpers import make_db
from workbench.agreement import agreement, cohen_kappa
from workbench.api import Workbench
from workbench.cli import cli
from workbench.scales import DEFAULT_SCALE

# Ten claims, decided blind by ana and ben (double review): T true, F false, M mixed, U unverifiable.
ANA = "T T T T F F F M M U".split()
BEN = "T T T F F F M M U U".split()
SLUGS = {"T": "true", "F": "false", "M": "mixed", "U": "unverifiable"}
# By hand:
#   agreed: claims 1, 2, 3 (T), 5, 6 (F), 8 (M), 10 (U) -> 7 of 10, p_o = 0.70
#   ana used T 4, F 3, M 2, U 1; ben T 3, F 3, M 2, U 2
#   p_e = (4*3 + 3*3 + 2*2 + 1*2) / 10^2 = 27 / 100 = 0.27
#   kappa = (0.70 - 0.27) / (1 - 0.27) = 0.43 / 0.73 = 0.589041...
# "True or not": both 3, ana only 1, ben only 0, neither 6
#   p_o = 0.9, p_e = 0.4*0.3 + 0.6*0.7 = 0.54, kappa = 0.36 / 0.46 = 0.782609...
# "False or not": both 2 (claims 5, 6), ana only 1 (7), ben only 1 (4), neither 6
#   p_o = 0.8, p_e = 0.3*0.3 + 0.7*0.7 = 0.58, kappa = 0.22 / 0.42 = 0.523810...
KAPPA = 0.43 / 0.73
KAPPA_TRUE = 0.36 / 0.46
KAPPA_FALSE = 0.22 / 0.42


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path, articles=2)
    ids = store.claim_ids()[:10]
    for claim, a, b in zip(ids, ANA, BEN):
        store.set_verdict(claim, SLUGS[a], scale=DEFAULT_SCALE, reviewer="ana", mode="double")
        store.set_verdict(claim, SLUGS[b], scale=DEFAULT_SCALE, reviewer="ben", mode="double")
    # Not independent, so not counted: cai adjudicates claim 4, ana revises claim 7 after
    # seeing ben's, and a single-review confirmation on another claim.
    store.set_verdict(ids[3], "mixed", scale=DEFAULT_SCALE, reviewer="cai", adjudicate=True)
    store.set_verdict(ids[6], "mixed", scale=DEFAULT_SCALE, reviewer="ana", mode="double")
    store.close()
    return path


def test_kappa_matches_the_hand_computation(desk):
    with Workbench(desk, reviewer="x") as wb:
        report = wb.agreement()
    (pair,) = report.pairs
    assert pair.reviewers == ("ana", "ben")
    assert (pair.claims, pair.agreed) == (10, 7)
    assert pair.observed == pytest.approx(0.70)
    assert pair.expected == pytest.approx(0.27)
    assert pair.kappa == pytest.approx(KAPPA)
    by = {v.verdict: v for v in pair.verdicts}
    assert (by["true"].first, by["true"].second, by["true"].both) == (4, 3, 3)
    assert by["true"].kappa == pytest.approx(KAPPA_TRUE)
    assert (by["false"].first, by["false"].second, by["false"].both) == (3, 3, 2)
    assert by["false"].kappa == pytest.approx(KAPPA_FALSE)
    assert pair.table[("true", "false")] == 1 and pair.table[("false", "mixed")] == 1


def test_kappa_edge_cases():
    assert cohen_kappa([]) is None
    everything_true = cohen_kappa([("t", "t")] * 5)
    assert everything_true.observed == 1.0 and everything_true.kappa is None  # chance explains it all
    opposite = cohen_kappa([("a", "b"), ("b", "a")])
    assert opposite.kappa == pytest.approx(-1.0)


def test_the_cli_prints_the_table_and_json(desk):
    runner = CliRunner()
    table = runner.invoke(cli, ["agreement", "--db", str(desk)])
    assert table.exit_code == 0, table.output
    assert "ana and ben: 10 claims, agree on 7 (70.0%), chance 27.0%, Cohen's kappa 0.589" in table.output
    assert any(line.split()[:5] == ["True", "4", "3", "3", "0.783"] for line in table.output.splitlines())
    data = json.loads(runner.invoke(cli, ["--db", str(desk), "agreement", "--json"]).output)
    (pair,) = data["pairs"]
    assert pair["reviewers"] == ["ana", "ben"] and pair["claims"] == 10 and pair["agreed"] == 7
    assert pair["percent_agreement"] == 70.0 and pair["kappa"] == round(KAPPA, 4)
    assert {v["verdict"]: v["kappa"] for v in pair["verdicts"]}["false"] == round(KAPPA_FALSE, 4)


def test_no_double_review_says_how_to_start_one(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path)
    store.set_verdict(store.claim_ids()[0], "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "agreement"])
    assert result.exit_code == 0 and "no claim was decided blind by two reviewers" in result.output
    assert 'mode = "double"' in result.output


def test_three_reviewers_make_three_pairs(tmp_path):
    store = make_db(tmp_path / "w.db")
    for claim in store.claim_ids():
        for name, slug in (("ana", "true"), ("ben", "true"), ("cai", "false")):
            # Each opened the claim before any verdict was in (seen=None): all three blind.
            store.set_verdict(claim, slug, scale=DEFAULT_SCALE, reviewer=name, mode="double", seen=None)
    report = agreement(store.events())
    assert [p.reviewers for p in report.pairs] == [("ana", "ben"), ("ana", "cai"), ("ben", "cai")]
    assert [p.agreed for p in report.pairs] == [5, 0, 0]
    store.close()
