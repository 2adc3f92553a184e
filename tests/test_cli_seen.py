"""The CLI of "seen before": import, matches, match, claims --seen-before, verdict --group, undo --group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from store_helpers import add_article
from workbench.cli import cli
from workbench.seen import work
from workbench.store import Store

DATA = Path(__file__).parent / "data" / "factchecks"
JOBS = "Unemployment fell to 3.9 percent in May, the minister said"
WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], env={"WORKBENCH_REVIEWER": "ana"})


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.db"
    with Store.open(path) as store:
        add_article(store, tmp_path / "jobs.txt", JOBS + ".\n")
        for i, text in enumerate((WIRE + ".", WIRE.upper() + "!", WIRE.lower() + ".")):
            add_article(store, tmp_path / f"wire{i}.txt", text + "\n")
        with store.lock:
            work.sign_pending(store.conn)  # what ingest does as it stores them
    return path


def jobs_claim(db) -> int:
    with Store.open(db) as store:
        return next(c.id for c in store.claims() if c.text.startswith("Unemployment"))


def test_import_reports_each_bad_record_and_the_counts_and_is_idempotent(db):
    first = run(db, "import", DATA / "simple.csv", DATA / "simple.jsonl")
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert any(line.startswith(f"{DATA / 'simple.csv'}: row ") for line in lines)  # one line per bad record
    assert any("simple.jsonl: line 3:" in line for line in lines)
    assert "2 of 2 file(s) read:" in first.output and "seen before:" in first.output
    again = run(db, "import", DATA / "simple.csv", DATA / "simple.jsonl", "--json")
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"], data["read"]) == (0, 0, 2) and data["unchanged"] > 0
    assert data["reports"][0]["problems"][0]["reason"]


def test_import_exits_1_only_when_nothing_could_be_read(db, tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = run(db, "import", tmp_path / "bad.json", tmp_path / "missing.csv")
    assert result.exit_code == 1
    assert "bad.json" in result.output and "missing.csv" in result.output
    assert "Traceback" not in result.output
    mixed = run(db, "import", tmp_path / "bad.json", DATA / "simple.csv")
    assert mixed.exit_code == 0


def test_matches_lists_candidates_and_match_confirms_and_rejects_them(db):
    run(db, "import", DATA / "simple.csv")
    claim = jobs_claim(db)
    table = run(db, "matches", claim)
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:4] == ["N", "LEVEL", "SCORE", "RATING"]
    assert "https://checks.example.org/jobs-may" in table.output and "Example Checks" in table.output
    found = json.loads(run(db, "matches", claim, "--json").stdout)
    assert found[0]["kind"] == "factcheck" and found[0]["level"] == "match" and found[0]["answer"] is None
    assert set(found[0]) >= {"rank", "score", "rating", "publisher", "date", "url", "text"}
    seen = json.loads(run(db, "claims", "--seen-before", "--json").stdout)
    assert [c["id"] for c in seen] == [claim] and seen[0]["seen_level"] == "match"
    confirmed = run(db, "match", claim, "--confirm", 1)
    assert confirmed.exit_code == 0, confirmed.output
    assert "match confirmed: factcheck" in confirmed.output
    assert f"give it with: workbench verdict {claim} true" in confirmed.output
    after = json.loads(run(db, "matches", claim, "--json").stdout)
    assert after[0]["answer"] == "confirm"
    assert "match confirmed" in run(db, "history", claim).output
    assert run(db, "verify").exit_code == 0


def test_match_errors_are_one_line(db):
    claim = jobs_claim(db)
    nothing = run(db, "match", claim, "--confirm", 1)
    assert nothing.exit_code == 2 and nothing.output.strip() == f"workbench: claim {claim} has no suggestion to answer"
    both = run(db, "match", claim, "--confirm", 1, "--reject", 2)
    assert both.exit_code == 2 and "give --confirm N or --reject N" in both.output
    missing = run(db, "matches", 999)
    assert missing.exit_code == 2 and missing.output.strip() == "workbench: no claim 999"


def test_a_verdict_to_the_copy_group_and_its_undo(db):
    with Store.open(db) as store:
        wire = sorted(c.id for c in store.claims() if "ministry" in c.text.lower())
    table = run(db, "claims")
    assert table.output.splitlines()[0].split()[5:7] == ["SEEN", "COPIES"]
    given = run(db, "verdict", wire[1], "false", "--group")
    assert given.exit_code == 0, given.output
    assert f"copy group {wire[0]}: 3 of 3 claim(s) decided, 0 skipped" in given.output
    with Store.open(db) as store:
        assert [store.claim(i).verdict for i in wire] == ["false"] * 3
    one = run(db, "undo", wire[0])
    assert "was a group verdict on 3 claims" in one.output
    rest = run(db, "undo", wire[1], "--group")
    assert rest.exit_code == 0 and rest.output.count("undo of #") == 2  # wire[0]'s part was undone already
    with Store.open(db) as store:
        assert [store.claim(i).verdict for i in wire] == [None] * 3
    again = run(db, "verdict", wire[0], "true", "--group", "--reviewer", "ben")
    assert again.exit_code == 0
    skipped = run(db, "verdict", wire[0], "false", "--group")
    assert skipped.exit_code == 1 and "skipped claim" in skipped.output and "overrules them" in skipped.output
    assert run(db, "verify").exit_code == 0
