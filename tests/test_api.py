"""The Python API: the facade over the store, ingest, re-extraction, export and verify."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from store_helpers import SAMPLE, make_db
from workbench import Workbench
from workbench.domain import Claim, Decision, Document, Event, Stats
from workbench.scales import POLITIFACT_SCALE
from workbench.store import InvalidDecision, NotFound
from workbench.vocab import Action, Order, Status

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


@pytest.fixture
def db(tmp_path):
    make_db(tmp_path / "w.db", articles=2).close()
    return tmp_path / "w.db"


def test_the_documented_example_runs(tmp_path, monkeypatch, capsys, pipeline):
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- api-example:start -->", 1)[1].split("<!-- api-example:end -->", 1)[0]
    code = re.search(r"```python\n(.*?)```", block, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    exec(compile(code, str(DOCS), "exec"), {"__name__": "__example__"})
    out = capsys.readouterr().out
    assert "1 ingested" in out and "saved as event 2 by ana" in out and "1 claims exported" in out
    with Workbench(tmp_path / "example.db") as wb:
        (reviewed,) = wb.claims(status=Status.REVIEWED)
        assert reviewed.verdict == "mostly-true" and reviewed.note == "the rate is 5.25%, as reported"
        assert "5.25 percent" in reviewed.text
    assert (tmp_path / "verdicts.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_reading_returns_records(db):
    with Workbench(db) as wb:
        claims = wb.claims(order=Order.DOCUMENT, limit=3)
        assert all(isinstance(c, Claim) for c in claims) and [c.position for c in claims] == [0, 1, 2]
        assert wb.claims(order="document", limit=3) == claims
        assert wb.claim(claims[0].id) == claims[0]
        documents = wb.documents()
        assert all(isinstance(d, Document) for d in documents) and documents[0].claims == 5
        assert wb.document(documents[0].id).text == SAMPLE
        assert isinstance(wb.stats(), Stats) and wb.stats().claims == 10
        with pytest.raises(NotFound):
            wb.claim(4242)


def test_decisions_go_through_the_validated_write_path(db):
    with Workbench(db, reviewer="ana") as wb:
        claim = wb.claims()[0].id
        decision = wb.decide(claim, "pants-on-fire", scale="politifact", note="no such figure")
        assert isinstance(decision, Decision) and decision.action == Action.VERDICT
        assert decision.state.verdict == "pants-on-fire" and decision.state.scale == POLITIFACT_SCALE.id
        wb.flag(claim)
        wb.undo(claim)  # the flag
        assert [e.action for e in wb.history(claim)] == ["verdict", "note", "flag", "undo"]
        assert all(isinstance(e, Event) for e in wb.history(claim))
        assert wb.claim(claim).note == "no such figure" and not wb.claim(claim).flagged
        wb.edit_document(1, {"title": "Corrected"}, reviewer="ed")
        assert wb.document(1).title == "Corrected"
        assert wb.history(claim)[0].reviewer == "ana"
        with pytest.raises(InvalidDecision, match="unknown verdict 'sort-of'"):
            wb.decide(claim, "sort-of")
        assert wb.verify().ok


def test_a_decision_needs_a_reviewer(db, monkeypatch):
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    with Workbench(db) as wb:
        with pytest.raises(InvalidDecision, match="needs a reviewer"):
            wb.note(wb.claims()[0].id, "x")
        assert wb.note(wb.claims()[0].id, "x", reviewer="ben").reviewer == "ben"
    monkeypatch.setenv("WORKBENCH_REVIEWER", "cleo")
    with Workbench(db) as wb:
        assert wb.flag(wb.claims()[0].id).reviewer == "cleo"


def test_export_to_a_stream_or_a_file(db, tmp_path):
    with Workbench(db, reviewer="ana") as wb:
        wb.decide(wb.claims()[0].id, "false")
        out = io.BytesIO()
        result = wb.export("jsonl", out, reviewed_only=True)
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        assert result.count == 1 and lines[0]["verdict"] == "false" and lines[-1]["audit_head"] == result.head
        target = tmp_path / "out.csv"
        assert wb.export("csv", target).count == 10 and target.read_bytes().startswith(b"\xef\xbb\xbf")
        with pytest.raises(ValueError, match="unknown export format"):
            wb.export("xml", io.BytesIO())


def test_a_missing_database_is_refused_when_asked(tmp_path):
    with pytest.raises(NotFound, match="no database at"):
        Workbench(tmp_path / "absent.db", create=False)


def test_extract_keeps_ids_and_verdicts(db, pipeline):
    with Workbench(db, reviewer="ana") as wb:
        before = {c.text: c.id for c in wb.claims()}
        first = next(iter(before.values()))
        wb.decide(first, "true")
        results = wb.extract(document=1, pipeline=pipeline)
        assert [r.document_id for r in results] == [1] and results[0].ok
        assert wb.claim(first).verdict == "true"
        with pytest.raises(NotFound):
            wb.extract(document=99, pipeline=pipeline)


def test_correct_a_claim_through_the_api(db):
    with Workbench(db, reviewer="ana") as wb:
        claim = wb.claims(order="document")[0]
        decision = wb.correct(claim.id, text="The ministry said 38 people were arrested", speaker="the ministry")
        assert decision.action == Action.CORRECT and decision.state.corrections["speaker"] == "the ministry"
        now = wb.claim(claim.id)
        assert now.corrected and now.extracted_text == claim.text and now.text.endswith("38 people were arrested")
        assert now.to_json()["corrections"] == {"text": "The ministry said 38 people were arrested", "speaker": "the ministry"}
        wb.undo(claim.id)
        back = wb.claim(claim.id)
        assert (back.text, back.speaker, back.corrected, back.corrections) == (claim.text, claim.speaker, False, None)
        assert wb.verify().ok
