"""Documents: duplicates, new versions carrying verdicts over, re-extraction keeping identity."""

from __future__ import annotations

from pathlib import Path

from store_helpers import SAMPLE, FakeArticle, extraction_for
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store


def store_text(store, path, text, version="test-1"):
    return store.store_document(
        FakeArticle(Path(path), text, Metadata(title="T")), extraction_for(text, version=version), model="m", extractor_version=version
    )


def test_same_bytes_twice_change_nothing(tmp_path):
    store = Store.open(tmp_path / "w.db")
    first = store_text(store, "a.txt", SAMPLE)
    before = store.stats()
    again = store_text(store, "a.txt", SAMPLE)
    assert (first.status, again.status) == ("ingested", "unchanged")
    assert again.document_id == first.document_id
    assert store.stats() == before


def test_identical_content_is_one_document_with_two_paths(tmp_path):
    store = Store.open(tmp_path / "w.db")
    first = store_text(store, "inbox/a.txt", SAMPLE)
    second = store_text(store, "archive/copy.txt", SAMPLE)
    assert second.status == "unchanged" and second.duplicate_of == "inbox/a.txt"
    assert store.document(first.document_id).paths == ("inbox/a.txt", "archive/copy.txt")
    assert store.stats().documents == 1


def test_changed_file_is_a_new_version_that_carries_verdicts(tmp_path):
    store = Store.open(tmp_path / "w.db")
    first = store_text(store, "a.txt", SAMPLE)
    claims = {c.text: c.id for c in store.claims()}
    kept = claims["The central bank raised its rate to 5.25 percent"]
    dropped = claims["The team won the final 3-1 in Berlin"]
    store.set_verdict(kept, "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(dropped, "false", scale=DEFAULT_SCALE, reviewer="ana")
    store.edit_document(first.document_id, {"title": "Corrected"}, reviewer="ana")

    changed = SAMPLE.replace("The team won the final 3-1 in Berlin.", "The team lost the final 1-3 in Munich.")
    changed = "A new first line was added by the outlet.\n" + changed
    second = store_text(store, "a.txt", changed)
    assert second.status == "new version" and second.version == 2
    assert second.carried == 4 and second.superseded == 1
    row = store.claim(kept)
    assert row.document_id == second.document_id and row.verdict == "true"
    assert row.sentence_start > 0  # offsets are the new version's
    assert changed[row.sentence_start : row.sentence_end] == row.sentence
    assert [c.id for c in store.claims(status="superseded")] == [dropped]
    assert store.claim(dropped).verdict == "false"  # its history stays
    assert store.document(second.document_id).title == "Corrected"  # edits carry forward
    assert store.document(first.document_id).superseded_by == second.document_id
    assert store.stats().documents == 1
    assert store.verify().ok


def test_reextraction_keeps_ids_and_supersedes_vanished_claims(tmp_path):
    store = Store.open(tmp_path / "w.db")
    doc = store_text(store, "a.txt", SAMPLE)
    before = {c.text: c.id for c in store.claims()}
    store.set_verdict(before["Acme Corp reported revenue of $3.2 billion"], "mixed", scale=DEFAULT_SCALE, reviewer="ana")
    extraction = extraction_for(SAMPLE, version="test-2")
    extraction.claims = [c for c in extraction.claims if "Berlin" not in c.text]
    result = store.replace_extraction(doc.document_id, extraction, model="m", extractor_version="test-2")
    assert (result.kept, result.added, result.superseded) == (4, 0, 1)
    after = {c.text: c.id for c in store.claims()}
    assert after == {k: v for k, v in before.items() if "Berlin" not in k}
    assert store.claim(after["Acme Corp reported revenue of $3.2 billion"]).verdict == "mixed"
    assert {c.extractor_version for c in store.claims()} == {"test-2"}
    assert len(store.claims(search="Berlin")) == 0
    assert len(store.claims(status="superseded", search="Berlin")) == 1
    # Running it again changes nothing.
    again = store.replace_extraction(doc.document_id, extraction, model="m", extractor_version="test-2")
    assert (again.kept, again.added, again.superseded) == (4, 0, 0)
    assert store.verify().ok


def test_a_superseded_claim_that_returns_is_revived_with_its_history(tmp_path):
    store = Store.open(tmp_path / "w.db")
    doc = store_text(store, "a.txt", SAMPLE)
    target = store.claims(search="Berlin")[0].id
    store.set_flag(target, reviewer="ana")
    partial = extraction_for(SAMPLE)
    partial.claims = [c for c in partial.claims if "Berlin" not in c.text]
    store.replace_extraction(doc.document_id, partial, model="m", extractor_version="x")
    store.replace_extraction(doc.document_id, extraction_for(SAMPLE), model="m", extractor_version="y")
    row = store.claim(target)
    assert not row.superseded and row.flagged


def test_offsets_are_true_for_every_sentence(tmp_path):
    store = Store.open(tmp_path / "w.db")
    doc = store_text(store, "a.txt", SAMPLE)
    text = store.document(doc.document_id).text
    for sentence in store.sentences(doc.document_id):
        assert text[sentence.start : sentence.end] == sentence.text
