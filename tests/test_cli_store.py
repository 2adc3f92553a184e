"""The CLI over the store: every command, JSON for scripts, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from store_helpers import make_db
from workbench.cli import cli


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.db"
    make_db(path, articles=2).close()
    return path


def run(db, *args, env=None):
    runner = CliRunner()
    return runner.invoke(cli, ["--db", str(db), *map(str, args)], env=env or {"WORKBENCH_REVIEWER": "ana"})


def test_every_command_has_help():
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.split("Commands:")[1].strip().splitlines()]
    assert set(names) == {
        "claims", "claim", "verdict", "note", "flag", "undo", "history", "verify", "stats", "ingest", "extract",
        "score", "documents", "document", "export", "scales", "review", "head", "evidence", "agreement", "learn",
        "import", "matches", "match",
    }
    for name in names:
        sub = runner.invoke(cli, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Usage:" in sub.output


def test_claims_json_has_the_documented_fields(db):
    result = run(db, "claims", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 10
    for key in ("id", "document_id", "sentence", "text", "speaker", "kind", "score", "tier", "verdict", "note",
                "reviewer", "decided_at", "start", "end"):
        assert key in rows[0]
    assert rows == sorted(rows, key=lambda r: -r["score"])
    assert json.loads(run(db, "claims", "--json").output) == rows


def test_verdict_note_flag_undo_history_round_trip(db):
    claim = json.loads(run(db, "claims", "--json").output)[0]["id"]
    result = run(db, "verdict", str(claim), "mostly-false", "--note", "ministry figure is 38")
    assert result.exit_code == 0, result.output
    assert "saved #3: verdict mostly-false" in result.output  # 1, 2: the two ingests
    assert run(db, "flag", str(claim)).exit_code == 0
    assert run(db, "note", str(claim), "see [bold]report[/]").exit_code == 0
    listed = {r["id"]: r for r in json.loads(run(db, "claims", "--status", "reviewed", "--json").output)}
    assert listed[claim]["verdict"] == "mostly-false"
    assert listed[claim]["note"] == "see [bold]report[/]"
    assert listed[claim]["reviewer"] == "ana"
    assert run(db, "undo", str(claim)).exit_code == 0  # retracts the note
    history = json.loads(run(db, "history", str(claim), "--json").output)
    assert [h["action"] for h in history] == ["verdict", "note", "flag", "note", "undo"]
    assert history[3]["retracted_by"] == 7
    table = run(db, "history", str(claim))
    assert "undone by #7" in table.output and "ana" in table.output
    flagged = json.loads(run(db, "claims", "--status", "flagged", "--json").output)
    assert [r["id"] for r in flagged] == [claim]
    assert run(db, "flag", str(claim), "--off").exit_code == 0
    assert json.loads(run(db, "claims", "--status", "flagged", "--json").output) == []


def test_reviewer_from_option_env_and_login(db):
    claim = json.loads(run(db, "claims", "--json").output)[0]["id"]
    run(db, "verdict", str(claim), "true", "--reviewer", "ben")
    assert json.loads(run(db, "history", str(claim), "--json").output)[0]["reviewer"] == "ben"
    run(db, "verdict", str(claim), "true", env={"WORKBENCH_REVIEWER": "cleo"})
    assert json.loads(run(db, "history", str(claim), "--json").output)[1]["reviewer"] == "cleo"


def test_unknown_verdict_is_a_usage_error_listing_valid_ones(db):
    result = run(db, "verdict", "1", "sort-of")
    assert result.exit_code == 2
    assert "true, mostly-true, mixed, mostly-false, false, unverifiable, not-checkworthy" in result.output
    assert "Traceback" not in result.output


def test_politifact_scale_by_option(db):
    assert run(db, "verdict", "1", "pants-on-fire", "--scale", "politifact").exit_code == 0
    assert run(db, "verdict", "1", "pants-on-fire").exit_code == 2


def test_missing_claim_is_a_usage_error(db):
    result = run(db, "note", "4242", "x")
    assert result.exit_code == 2
    assert result.output.strip() == "workbench: no claim 4242"


def test_verify_ok_line_and_expect_head(db):
    run(db, "verdict", "1", "true")
    result = run(db, "verify")
    assert result.exit_code == 0
    line = result.stdout.strip()
    assert line.startswith("OK 3 events head=3:")  # two ingests, one verdict
    head = line.split("head=")[1]
    assert run(db, "verify", "--expect-head", head).exit_code == 0
    bad = run(db, "verify", "--expect-head", "5:" + "0" * 64)
    assert bad.exit_code == 1
    assert "FAILED: expected head 5 is no longer on the chain" in bad.output


def test_stats_json_integers(db):
    run(db, "verdict", "1", "true")
    run(db, "verdict", "2", "not-checkworthy", "--reviewer", "ben")
    data = json.loads(run(db, "stats", "--json").output)
    assert isinstance(data["documents"], int) and data["documents"] == 2
    assert isinstance(data["claims"], int) and data["claims"] == 10
    assert data["reviewed"] == 2
    assert data["by_verdict"] == {"true": 1, "not-checkworthy": 1}
    assert data["by_reviewer"]["ben"]["verdicts"] == 1
    text = run(db, "stats").output
    assert "documents   2" in text


def test_missing_database_is_one_line(tmp_path):
    result = run(tmp_path / "absent.db", "claims")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "no database at" in result.output


def test_not_a_database_is_one_line_and_exit_1(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000)
    result = run(path, "stats")
    assert result.exit_code == 1
    assert result.output.strip() == f"workbench: {path} is not an SQLite database"


def test_hostile_text_is_shown_visibly_in_tables(db):
    run(db, "note", "1", "x")
    run(db, "verdict", "1", "true", "--reviewer", "eve\x1b[31m\u202e")
    output = run(db, "history", "1").output
    assert "\x1b" not in output and "\u202e" not in output
    assert "eve␛[31m⟨RLO⟩" in output


def test_real_command_and_module_entry_point(db, tmp_path):
    script = str(Path(sys.executable).parent / "workbench")
    for command in ([script], [sys.executable, "-m", "workbench"]):
        done = subprocess.run([*command, "--db", str(db), "stats", "--json"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["claims"] == 10
    bad = subprocess.run([script, "--db", str(db), "verdict", "1", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_commands_without_nlp_do_not_import_spacy(db):
    code = (
        "import sys; from workbench.cli import main; sys.argv=['workbench','--db',sys.argv[1],'claims','--json'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "assert 'spacy' not in sys.modules and 'textual' not in sys.modules, 'heavy import'"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_export_to_stdout_and_to_a_file(db, tmp_path):
    run(db, "verdict", "1", "false")
    out = run(db, "export", "--format", "csv", "--reviewed-only")
    assert out.exit_code == 0
    assert out.stdout_bytes.startswith(b"\xef\xbb\xbf\"claim_id\"")
    assert "exported 1 claims" in out.stderr
    target = tmp_path / "out.csv"
    target.write_text("previous export")
    done = run(db, "export", "-o", target, "--format", "jsonl")
    assert done.exit_code == 0
    objects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["type"] for o in objects].count("claim") == 10
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []


def test_export_usage_errors(db, tmp_path):
    assert run(db, "export", "--since", "last week").exit_code == 2
    assert run(db, "export", "--format", "xml").exit_code == 2
    missing = run(db, "export", "--document", "42")
    assert missing.exit_code == 2 and "no document 42" in missing.output
    assert run(db, "export", "-o", tmp_path / "no" / "such" / "dir.csv").exit_code == 1


def test_team_scale_from_config_by_id(db, tmp_path):
    (tmp_path / "house.toml").write_text(
        'id = "house"\nname = "House"\n[[verdict]]\nslug = "solid"\nlabel = "Solid"\n', encoding="utf-8"
    )
    (tmp_path / "workbench.toml").write_text('[review]\nscales = ["house.toml"]\nscale = "house"\n', encoding="utf-8")
    listed = json.loads(run(db, "scales", "--json").output)
    house = next(s for s in listed if s["id"] == "house")
    assert house["default"] and house["verdicts"][0]["best_rating"] == 2
    assert run(db, "verdict", "1", "solid").exit_code == 0  # the team default scale
    assert run(db, "verdict", "1", "mixed", "--scale", "default").exit_code == 0
    assert [h["scale"] for h in json.loads(run(db, "history", "1", "--json").output)] == ["house", "default"]
    (tmp_path / "workbench.toml").write_text('[review]\nscale = "nope"\n', encoding="utf-8")
    broken = run(db, "scales")
    assert broken.exit_code == 2 and "workbench.toml" in broken.output
