"""Building real workbench databases for store, CLI, export and app tests, without spaCy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.records import ClaimRecord, Entity, ExcludedSpan, Extraction, Metadata, SentenceRecord
from workbench.store import Store


@dataclass
class FakeArticle:
    """Stands in for ingest's Article: the store only reads these attributes."""

    path: Path
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    excluded: list[ExcludedSpan] = field(default_factory=list)
    encoding: str = "utf-8"
    replaced: int = 0
    format: str = "text"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def extraction_for(text: str, *, version: str = "test-1") -> Extraction:
    """One sentence per line, one claim per sentence: enough structure for store tests."""
    sentences, claims = [], []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            idx = len(sentences)
            sentences.append(SentenceRecord(idx, offset, offset + len(line), line))
            words = line.split()
            entity = Entity(words[0], "ORG", offset, offset + len(words[0]))
            claims.append(
                ClaimRecord(
                    sentence_idx=idx,
                    text=line.rstrip("."),
                    start=offset,
                    end=offset + len(line),
                    kind="event",
                    speaker=None,
                    score=round(1.0 - idx * 0.01, 4) if idx < 100 else 0.01,
                    tier="high" if idx < 3 else "medium",
                    reasons=["contains a number"] if any(c.isdigit() for c in line) else ["names an organisation"],
                    entities=[entity],
                    extractor_version=version,
                )
            )
        offset += len(line) + 1
    return Extraction(sentences, claims)


def add_article(store: Store, path: str | Path, text: str, **meta: str) -> int:
    article = FakeArticle(Path(path), text, Metadata(**meta))
    result = store.store_document(article, extraction_for(text), model="test", extractor_version="test-1")
    return result.document_id


SAMPLE = (
    "The ministry said 40 people were arrested on Monday.\n"
    "The central bank raised its rate to 5.25 percent.\n"
    "Acme Corp reported revenue of $3.2 billion.\n"
    "The court sentenced the former mayor to six years.\n"
    "The team won the final 3-1 in Berlin.\n"
)


def make_db(path: Path, *, articles: int = 1) -> Store:
    store = Store.open(path)
    for i in range(articles):
        add_article(store, f"articles/a{i}.txt", SAMPLE.replace("40", str(40 + i)), title=f"Article {i}")
    return store


def legacy_verdict(store: Store, claim_id: int, value: str, *, scale: str, reviewer: str) -> int:
    """Append a verdict as a client older than scale snapshots wrote it: no detail at all.

    The store's own write path refuses such a verdict now, so the event is
    written the way that client did: chained to the head, its state refreshed.
    Returns the event's seq.
    """
    from workbench.store import audit, clock
    from workbench.store.decisions import refresh_state

    from workbench.store import content

    with store.transaction() as conn:
        # Since migration 9 every client binds the claim's content digest (an older
        # one cannot open the file), so this one does too.
        event = audit.append(conn, store.genesis, {
            "at": clock.now(), "reviewer": reviewer, "action": "verdict", "claim_id": claim_id,
            "value": value, "scale": scale, "content": content.claim_digest(conn, claim_id),
        })
        refresh_state(conn, claim_id)
    return event["seq"]


def decision_events(store: Store) -> list:
    """The log's events other than the content events ingest appends (what reviewers decided)."""
    from workbench.vocab import Action

    return [e for e in store.events() if e.action != Action.CONTENT]


def first_seq(store: Store) -> int:
    """The seq the next event will get (ingest's content events come first in a new database)."""
    return store.head()[0] + 1
