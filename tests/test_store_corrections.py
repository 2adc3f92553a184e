"""Correcting a claim's text and speaker: audited, the extracted original kept, never overwritten."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store_helpers import FakeArticle, SAMPLE, decision_events, extraction_for, make_db
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE
from workbench.store import InvalidDecision, NotFound, Store
from workbench.vocab import Action

ARREST = "The ministry said 40 people were arrested on Monday"


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "w.db")
    yield s
    s.close()


def claim_id(store: Store, text: str = ARREST) -> int:
    return next(c.id for c in store.claims() if c.extracted_text == text)


def test_a_correction_is_an_audited_event_and_the_original_is_kept(store):
    cid = claim_id(store)
    decision = store.correct_claim(cid, text="The ministry said 38 people were arrested", speaker="the interior ministry", reviewer="ana")
    assert decision.action == Action.CORRECT and decision.claim_id == cid
    assert decision.state.corrections == {"text": "The ministry said 38 people were arrested", "speaker": "the interior ministry"}
    claim = store.claim(cid)
    assert (claim.text, claim.speaker) == ("The ministry said 38 people were arrested", "the interior ministry")
    assert claim.corrected and (claim.extracted_text, claim.extracted_speaker) == (ARREST, None)
    (event,) = store.history(cid)
    assert event.action == Action.CORRECT and event.reviewer == "ana"
    assert event.detail == {"extracted": {"text": ARREST, "speaker": None}}
    assert claim.reviewer == "ana" and claim.verdict is None  # a correction is not a verdict
    assert store.verify().ok


def test_the_speaker_alone_and_cleared(store):
    cid = claim_id(store)
    store.correct_claim(cid, speaker="Jane Doe, interior minister", reviewer="ana")
    claim = store.claim(cid)
    assert claim.text == ARREST and claim.speaker == "Jane Doe, interior minister"
    assert claim.corrections == {"speaker": "Jane Doe, interior minister"}
    store.correct_claim(cid, speaker="", reviewer="ana")  # "" (or None): no speaker
    assert store.claim(cid).speaker is None and store.claim(cid).corrections == {"speaker": None}
    assert store.verify().ok


def test_search_and_listings_see_the_corrected_text(store):
    cid = claim_id(store)
    store.correct_claim(cid, text="Officials counted 38 detainees", reviewer="ana")
    assert [c.id for c in store.claims(search="detainees")] == [cid]
    assert store.claim_ids(search="detainees") == [cid]


def test_undo_takes_a_correction_back(store):
    cid = claim_id(store)
    store.correct_claim(cid, text="First correction", reviewer="ana")
    store.correct_claim(cid, speaker="the ministry", reviewer="ana")
    store.undo(cid, reviewer="ana")  # the speaker
    claim = store.claim(cid)
    assert (claim.text, claim.speaker, claim.corrections) == ("First correction", None, {"text": "First correction"})
    store.undo(cid, reviewer="ana")  # the text
    claim = store.claim(cid)
    assert (claim.text, claim.corrected) == (ARREST, False)
    assert store.claims(search="First correction") == []
    assert store.verify().ok


@pytest.mark.parametrize(
    "changes, match",
    [
        ({}, "needs a new text or a new speaker"),
        ({"text": "   "}, "cannot be empty"),
        ({"text": 5}, "cannot be empty"),
        ({"text": "x" * 5001}, "at most 5,000"),
        ({"speaker": 3}, "a speaker is text"),
        ({"text": ARREST}, "already reads so"),
        ({"speaker": None}, "already reads so"),
    ],
)
def test_bad_corrections_are_refused_and_write_nothing(store, changes, match):
    with pytest.raises(InvalidDecision, match=match):
        store.correct_claim(claim_id(store), **changes, reviewer="ana")
    assert decision_events(store) == []


def test_unknown_claim_and_missing_reviewer(store):
    with pytest.raises(NotFound, match="no claim 999"):
        store.correct_claim(999, text="x", reviewer="ana")
    with pytest.raises(InvalidDecision, match="reviewer"):
        store.correct_claim(claim_id(store), text="x", reviewer=" ")


def test_reextraction_never_overwrites_a_correction(store):
    cid = claim_id(store)
    store.set_verdict(cid, "mostly-false", scale=DEFAULT_SCALE, reviewer="ana")
    store.correct_claim(cid, speaker="the interior ministry", reviewer="ana")
    other = claim_id(store, "The central bank raised its rate to 5.25 percent")
    extraction = extraction_for(SAMPLE, version="test-2")
    for claim in extraction.claims:
        claim.speaker = "re-extracted speaker"
    result = store.replace_extraction(1, extraction, model="m", extractor_version="test-2")
    assert result.kept == 5
    claim = store.claim(cid)
    assert claim.speaker == "the interior ministry" and claim.verdict == "mostly-false"
    assert claim.extracted_speaker == "re-extracted speaker"  # what the new extraction says, kept beside it
    assert claim.extractor_version == "test-2"
    assert store.claim(other).speaker == "re-extracted speaker"  # an uncorrected claim takes the new value
    assert store.verify().ok


def test_a_new_version_of_the_file_keeps_the_claim_and_its_correction(store):
    cid = claim_id(store)
    store.correct_claim(cid, text="The ministry said 38 people were arrested", reviewer="ana")
    changed = "A new first line was added by the outlet.\n" + SAMPLE
    result = store.store_document(
        FakeArticle(Path("articles/a0.txt"), changed, Metadata(title="Article 0")),
        extraction_for(changed),
        model="test",
        extractor_version="test-1",
    )
    assert result.status == "new version" and result.carried == 5
    claim = store.claim(cid)
    assert claim.document_id == result.document_id  # the same claim, by identity, in the new version
    assert claim.text == "The ministry said 38 people were arrested" and claim.extracted_text == ARREST
    assert claim.sentence_start > 0  # the new version's offsets
    assert store.verify().ok


def tamper(path, sql: str, *params) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(sql, params)
    conn.close()


def test_verify_catches_a_claim_text_changed_outside_the_log(store, tmp_path):
    cid = claim_id(store)
    tamper(tmp_path / "w.db", "UPDATE claims SET extracted = json_object('text', text, 'speaker', speaker), text = 'forged' WHERE id = ?", cid)
    problems = store.verify().problems
    assert any(p.startswith(f"claim {cid}:") and "no audited correction" in p for p in problems)


def test_verify_catches_a_correction_rewritten_on_the_claim(store, tmp_path):
    cid = claim_id(store)
    store.correct_claim(cid, text="Corrected", reviewer="ana")
    tamper(tmp_path / "w.db", "UPDATE claims SET text = 'Something else' WHERE id = ?", cid)
    assert any("differs from its audited corrections" in p for p in store.verify().problems)
    tamper(tmp_path / "w.db", "UPDATE claims SET text = 'Corrected', extracted = NULL WHERE id = ?", cid)
    assert any("not on the claim" in p for p in store.verify().problems)


def test_verify_catches_a_cached_correction_that_differs(store, tmp_path):
    cid = claim_id(store)
    store.correct_claim(cid, text="Corrected", reviewer="ana")
    tamper(tmp_path / "w.db", "UPDATE claim_state SET correction = NULL WHERE claim_id = ?", cid)
    assert any(p == f"claim {cid}: cached state differs from its events" for p in store.verify().problems)
