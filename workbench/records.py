"""Plain records that travel between the layers (ingest, nlp, store, export).

They carry no behaviour and import nothing heavy, so every layer, and the worker
processes of a parallel ingest, can share them cheaply (they pickle as-is).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of claim, in the order the app lists them.
KINDS: tuple[str, ...] = (
    "statistic",    # statistic / quantity
    "event",        # event / action
    "designation",  # designation / legal
    "quote",        # attributed statement / quote
    "prediction",
    "opinion",      # opinion / recommendation
)

KIND_LABELS: dict[str, str] = {
    "statistic": "statistic/quantity",
    "event": "event/action",
    "designation": "designation/legal",
    "quote": "attributed statement/quote",
    "prediction": "prediction",
    "opinion": "opinion/recommendation",
}

TIERS: tuple[str, ...] = ("high", "medium", "low")


@dataclass(slots=True)
class ExcludedSpan:
    """A stretch of the stored text that is page clutter, not article (kept, shown dimmed)."""

    start: int
    end: int
    reason: str


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    url: str | None = None


@dataclass(slots=True)
class FetchInfo:
    """Where and when a page came from the web (stored with the document's extracted metadata)."""

    url: str  # as asked (normalised): the document's identity, like a file's path
    final_url: str  # after redirects
    fetched_at: str  # ISO 8601, UTC
    status: int = 200
    content_type: str = ""
    feed: str | None = None  # the feed that listed it, when it came from one


@dataclass(slots=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, DATE, CARDINAL, ...
    start: int  # character offsets in the document text
    end: int


@dataclass(slots=True)
class SentenceRecord:
    idx: int  # position of the sentence in the document, from 0
    start: int  # character offsets in the document text: text[start:end] == self.text
    end: int
    text: str


@dataclass(slots=True)
class ClaimRecord:
    sentence_idx: int  # SentenceRecord.idx of the source sentence
    text: str  # the standalone claim, as a reviewer reads it
    start: int  # character span of the claim's source material in the document text
    end: int
    kind: str  # one of KINDS
    speaker: str | None = None  # who made it, with role when the text gives one
    score: float = 0.0  # check-worthiness, 0..1
    tier: str = "low"  # one of TIERS
    reasons: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    extractor_version: str = ""
    # Words kept as the article has them that lean on context coref was not sure of
    # ("It", "the company"): the claim needs its context to be read correctly.
    unresolved: list[str] = field(default_factory=list)
    # The check-worthiness model that gave score, tier and reasons (checkworthy.MODEL_VERSION;
    # "" when none did): the store keeps them as the claim's prior, apart from a desk model's.
    model_version: str = ""

    @property
    def needs_context(self) -> bool:
        return bool(self.unresolved)


@dataclass(slots=True)
class Extraction:
    """What the nlp layer returns for one document."""

    sentences: list[SentenceRecord]
    claims: list[ClaimRecord]
