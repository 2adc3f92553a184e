"""Shared helpers for the export tests: articles with chosen claims, speakers and metadata.

store_helpers.add_article makes one plain claim per line; export tests need
hostile text, speakers, kinds and entities, so they describe claims directly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from store_helpers import FakeArticle
from workbench.records import ClaimRecord, Entity, Extraction, Metadata, SentenceRecord
from workbench.store import Store
from workbench.store import clock as store_clock


def add_claims(store: Store, path: str, claims: list[dict], **meta: str | None) -> int:
    """Store one document whose sentences are the claims' ``sentence`` (default: their text).

    Each claim dict may give text, sentence, speaker, kind, score, tier, reasons, entities,
    unresolved (the words that need context).
    Sentences are joined with a blank line, so a sentence may hold newlines itself.
    """
    sentences, records, parts = [], [], []
    offset = 0
    for idx, spec in enumerate(claims):
        sentence = spec.get("sentence", spec["text"])
        sentences.append(SentenceRecord(idx, offset, offset + len(sentence), sentence))
        records.append(
            ClaimRecord(
                sentence_idx=idx,
                text=spec["text"],
                start=offset,
                end=offset + len(sentence),
                kind=spec.get("kind", "statistic"),
                speaker=spec.get("speaker"),
                score=spec.get("score", round(0.9 - idx * 0.01, 4)),
                tier=spec.get("tier", "high"),
                reasons=spec.get("reasons", ["contains a number"]),
                entities=[Entity(**e) for e in spec.get("entities", [])],
                extractor_version="test-1",
                unresolved=list(spec.get("unresolved", [])),
            )
        )
        parts.append(sentence)
        offset += len(sentence) + 2
    text = "\n\n".join(parts) + "\n"
    article = FakeArticle(Path(path), text, Metadata(**meta))
    result = store.store_document(
        article, Extraction(sentences, records), model="test", extractor_version="test-1"
    )
    return result.document_id


def read_csv(raw: bytes) -> tuple[list[str], list[list[str]], str]:
    """Header, records and the trailer line of a CSV export (BOM stripped)."""
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")[1:]
    body, _, trailer = text.rstrip("\r\n").rpartition("\r\n")
    rows = list(csv.reader(io.StringIO(body + "\r\n", newline="")))
    return rows[0], rows[1:], trailer


class Clock:
    """Deterministic decision times: patch the store's clock in a test."""

    def __init__(self, monkeypatch, start: str = "2024-05-01T10:00:00.000Z") -> None:
        self.value = start
        monkeypatch.setattr(store_clock, "now", lambda: self.value)

    def set(self, value: str) -> None:
        self.value = value


def test_add_claims_stores_what_it_describes(tmp_path):
    store = Store.open(tmp_path / "w.db")
    doc = add_claims(
        store,
        "a.txt",
        [{"text": "Two\nlines", "speaker": "Jane Doe"}, {"text": "x", "sentence": "x y"}],
        title="T",
    )
    rows = store.claims(document=doc, order="document")
    assert [(r.text, r.speaker, r.sentence) for r in rows] == [
        ("Two\nlines", "Jane Doe", "Two\nlines"),
        ("x", None, "x y"),
    ]
    assert store.document(doc).title == "T"
    store.close()
