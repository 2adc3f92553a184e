"""`workbench claim ID`: show a claim, or correct its text and speaker, audited and undoable."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store_helpers import decision_events, make_db
from workbench.cli import cli
from workbench.store import Store

PORT = """Port traffic hits record

The port handled 9.1 million containers in 2023, up 12 percent from a year earlier, the authority said.

Director Ana Ruiz said the new terminal would open in June.
"""


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], env={"WORKBENCH_REVIEWER": "ana"})


@pytest.fixture
def db(tmp_path):
    make_db(tmp_path / "w.db").close()
    return tmp_path / "w.db"


def test_without_options_it_shows_the_claim(db):
    result = run(db, "claim", 1)
    assert result.exit_code == 0, result.output
    assert "claim             The ministry said 40 people were arrested on Monday" in result.output
    assert "speaker           —" in result.output and "corrected" not in result.output
    shown = json.loads(run(db, "claim", 1, "--json").output)
    assert shown["id"] == 1 and shown["corrected"] is False and shown["extracted_text"] == shown["text"]
    with Store.open(db) as store:
        assert decision_events(store) == []  # showing writes nothing


def test_text_and_speaker_are_corrected_and_the_original_is_kept(db):
    result = run(db, "claim", 1, "--text", "The ministry said 38 people were arrested", "--speaker", "Jane Doe, minister", "--reviewer", "ben")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("saved #2: corrected text and speaker (claim 1, by ben)")  # event 1: the ingest
    shown = run(db, "claim", 1).output
    assert "claim             The ministry said 38 people were arrested\n" in shown
    assert "speaker           Jane Doe, minister" in shown
    assert "corrected         text, speaker (by a reviewer)" in shown
    assert "extracted claim   The ministry said 40 people were arrested on Monday" in shown
    assert "✎ The ministry said 38 people were arrested" in run(db, "claims").output  # the table marks it
    listed = {c["id"]: c for c in json.loads(run(db, "claims", "--json").output)}
    assert listed[1]["text"] == "The ministry said 38 people were arrested" and listed[1]["corrected"] is True
    history = run(db, "history", 1)
    assert "corrected text “The ministry said 38 people were arrested”; speaker “Jane Doe," in history.output
    assert run(db, "verify").exit_code == 0


def test_an_empty_speaker_means_none_and_undo_takes_it_back(db):
    assert run(db, "claim", 2, "--speaker", "the central bank").exit_code == 0
    assert run(db, "claim", 2, "--speaker", "").exit_code == 0
    assert json.loads(run(db, "claim", 2, "--json").output)["speaker"] is None
    assert run(db, "undo", 2).exit_code == 0  # the clearing
    assert json.loads(run(db, "claim", 2, "--json").output)["speaker"] == "the central bank"
    assert run(db, "undo", 2).exit_code == 0
    shown = json.loads(run(db, "claim", 2, "--json").output)
    assert shown["speaker"] is None and shown["corrected"] is False


@pytest.mark.parametrize(
    "args, message",
    [
        (("--text", ""), "a corrected claim needs its text"),
        (("--text", "The ministry said 40 people were arrested on Monday"), "nothing to correct"),
    ],
)
def test_bad_corrections_are_one_line_usage_errors(db, args, message):
    result = run(db, "claim", 1, *args)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and message in result.output


def test_unknown_claim(db):
    result = run(db, "claim", 4242, "--text", "x")
    assert result.exit_code == 2 and result.output.strip() == "workbench: no claim 4242"


def test_workbench_extract_never_overwrites_a_correction(tmp_path):
    db = tmp_path / "w.db"
    (tmp_path / "port.txt").write_text(PORT, encoding="utf-8")
    assert run(db, "ingest", tmp_path / "port.txt").exit_code == 0
    claims = json.loads(run(db, "claims", "--json").output)
    target = claims[0]
    corrected = "The port handled 9.1 million containers in 2023"
    assert run(db, "claim", target["id"], "--text", corrected, "--speaker", "the port authority").exit_code == 0
    result = run(db, "extract")
    assert result.exit_code == 0, result.output
    assert f"{len(claims)} kept" in result.output
    after = json.loads(run(db, "claim", target["id"], "--json").output)
    assert (after["text"], after["speaker"], after["corrected"]) == (corrected, "the port authority", True)
    assert after["extracted_text"] == target["text"]  # what extraction says, still beside it
    assert run(db, "verify").exit_code == 0
