"""The CLI over ingest and nlp: ingest, extract, score, documents, document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli

ARTICLE = """Port traffic hits record

March 3, 2024

The port handled 9.1 million containers in 2023, up 12 percent from a year earlier.

Director Ana Ruiz said the new terminal would open in June.
"""


def run(*args, input=None, env=None):
    runner = CliRunner()
    return runner.invoke(cli, list(map(str, args)), input=input, env={"WORKBENCH_REVIEWER": "ana", **(env or {})})


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "port.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    return folder


def test_ingest_reports_each_file_and_exits_1_on_refusal(tmp_path, folder):
    db = tmp_path / "w.db"
    result = run("--db", db, "ingest", folder)
    assert result.exit_code == 1
    assert "ingested: " in result.output and "port.txt (doc 1:" in result.output
    assert "failed: " in result.output and "scan.txt" in result.output and "PDF" in result.output
    assert "2 files: 1 ingested, 1 failed" in result.output
    assert "Traceback" not in result.output
    again = run("--db", db, "ingest", folder / "port.txt")
    assert again.exit_code == 0
    assert "unchanged: " in again.output


def test_ingest_names_the_model_tier(tmp_path, folder):
    result = run("--db", tmp_path / "w.db", "ingest", folder / "port.txt")
    assert result.exit_code == 0
    assert "model: " in result.output


def test_ingest_with_an_unknown_model_is_a_usage_error(tmp_path, folder):
    result = run("--db", tmp_path / "w.db", "ingest", folder / "port.txt", "--model", "no_such_model_xyz")
    assert result.exit_code == 2
    assert "no_such_model_xyz" in result.output and "Traceback" not in result.output


def test_max_bytes_accepts_units_and_names_the_flag(tmp_path, folder):
    result = run("--db", tmp_path / "w.db", "ingest", folder / "port.txt", "--max-bytes", "100")
    assert result.exit_code == 1
    assert "--max-bytes" in result.output
    bad = run("--db", tmp_path / "w.db", "ingest", folder, "--max-bytes", "lots")
    assert bad.exit_code == 2


def test_extract_keeps_verdicts_and_is_repeatable(tmp_path, folder):
    db = tmp_path / "w.db"
    run("--db", db, "ingest", folder / "port.txt")
    claims = json.loads(run("--db", db, "claims", "--json").output)
    assert claims
    run("--db", db, "verdict", claims[0]["id"], "true")
    result = run("--db", db, "extract")
    assert result.exit_code == 0, result.output
    assert f"document 1: {len(claims)} kept, 0 new, 0 superseded" in result.output
    after = json.loads(run("--db", db, "claims", "--json").output)
    assert {c["id"] for c in after} == {c["id"] for c in claims}
    assert next(c for c in after if c["id"] == claims[0]["id"])["verdict"] == "true"
    assert run("--db", db, "extract", "--document", "99").exit_code == 2


def test_score_prints_one_line_per_input_line(tmp_path):
    lines = [
        "The unemployment rate fell to 3.9 percent in May.",
        "",
        "I think we should all calm down.",
        "tab\tinside [bold]markup[/] \x1b[31m",
        "???",
    ]
    src = tmp_path / "lines.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("score", src)
    assert result.exit_code == 0
    out = result.stdout.rstrip("\n").split("\n")
    assert len(out) == len(lines)
    for line, original in zip(out, lines):
        score, verdict, sentence = line.split("\t")
        assert 0.0 <= float(score) <= 1.0 and verdict in ("yes", "no")
        if "\t" not in original and "\x1b" not in original:
            assert sentence == original
    assert float(out[0].split("\t")[0]) > float(out[2].split("\t")[0])
    # stdin works too
    piped = run("score", input="The bank raised rates to 5 percent.\nHello.\n")
    assert piped.exit_code == 0 and len(piped.stdout.strip().split("\n")) == 2
    # --transcript: the same lines, in order, each ranked with its neighbours.
    spoken = run("score", "--transcript", src)
    assert spoken.exit_code == 0
    ranked = spoken.stdout.rstrip("\n").split("\n")
    assert len(ranked) == len(lines) and ranked[1].split("\t")[0] == "0.0000"
    assert [r.split("\t")[2] for r in ranked] == [r.split("\t")[2] for r in out]
    assert float(ranked[0].split("\t")[0]) > float(ranked[2].split("\t")[0])


def test_documents_and_document_edit_are_audited(tmp_path, folder):
    db = tmp_path / "w.db"
    run("--db", db, "ingest", folder / "port.txt")
    docs = json.loads(run("--db", db, "documents", "--json").output)
    assert docs[0]["published"] == "2024-03-03"
    result = run("--db", db, "document", "1", "--title", "Port traffic hits a record", "--url", "https://example.org/port", "--date", "2024-03-04")
    assert result.exit_code == 0
    shown = json.loads(run("--db", db, "document", "1", "--json").output)
    assert (shown["title"], shown["url"], shown["published"]) == ("Port traffic hits a record", "https://example.org/port", "2024-03-04")
    assert run("--db", db, "document", "1", "--date", "03/04/2024").exit_code == 2
    assert run("--db", db, "verify").stdout.startswith("OK 2 events")  # the ingest, the edit


@pytest.mark.slow
def test_ingest_in_two_processes_from_the_real_command(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("9.1", f"{i}.4"), encoding="utf-8")
    script = Path(sys.executable).parent / "workbench"
    done = subprocess.run([script, "--db", tmp_path / "w.db", "ingest", "--jobs", "2", folder], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "6 files: 6 ingested" in done.stdout
