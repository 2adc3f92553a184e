"""The typed records the store returns: claims with their review state, events, documents.

Size: the typed records between layers, each small; one module so every layer imports
its records from one place.

JSON columns are decoded once, where the store reads them; every layer above
(the CLI, the app, the exporters, the Python API) gets these frozen records,
never rows or dicts. Each record has one ``to_json()``: the CLI's ``--json``
and the JSONL export both print it, so a field has one name everywhere.

The records written by extraction (what goes *into* the store) are in
:mod:`workbench.records`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from workbench.evidence import Source
from workbench.records import Entity, ExcludedSpan
from workbench.scales import DISMISS
from workbench.vocab import Action, Agreement, Ranker, SeenLevel

# A document's metadata that ingest extracts and a reviewer may correct.
METADATA_FIELDS: tuple[str, ...] = ("title", "byline", "outlet", "published", "url")


DESK_VERSION_PREFIX = "desk-"  # a desk model's version: learn.fit names it "desk-" + a hash


def is_desk_version(version: str | None) -> bool:
    """A version of a desk model (fitted on the desk's decisions), not of the shipped one."""
    return bool(version) and version.startswith(DESK_VERSION_PREFIX)  # type: ignore[union-attr]


def _entity_json(entity: Entity) -> dict:
    return {"text": entity.text, "label": entity.label, "start": entity.start, "end": entity.end}


_canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


@lru_cache(maxsize=4096)
def _canonical_text(text: str) -> bool:
    try:
        return _canonical(json.loads(text)) == text
    except ValueError:
        return False


def raw_unless_canonical(value: Any, text: str | None) -> str | None:
    """``text`` (a stored detail) when re-serialising its decoded ``value`` would not give it back.

    Cached by text: the details of one scale's verdicts are the same few texts,
    and an export checks one per event.
    """
    if text is None:
        return None
    if value is None:
        return text  # it did not decode
    return None if _canonical_text(text) else text


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim as stored, with its document's title and its current review state."""

    id: int
    identity: str  # lineage + sentence + normalised text as first extracted: what survives re-extraction
    document_id: int
    document_title: str | None
    document_lineage: int
    sentence_id: int | None
    sentence_idx: int
    sentence: str  # the source sentence, as it stands in the document
    sentence_start: int
    sentence_end: int
    start: int  # the claim's source span in the document text
    end: int
    position: int  # order within the document
    text: str  # as a reviewer corrected it, else as extracted
    speaker: str | None  # likewise
    kind: str
    score: float
    tier: str
    reasons: tuple[str, ...]
    entities: tuple[Entity, ...]
    extractor_version: str
    superseded: bool
    created_at: str
    updated_at: str
    # Review state, folded from the claim's events (all empty when it has none).
    verdict: str | None = None
    scale: str | None = None
    detail: Mapping[str, Any] | None = None  # the verdict's definition when it was given
    note: str | None = None
    flagged: bool = False
    reviewer: str | None = None
    decided_at: str | None = None
    last_seq: int | None = None  # the claim's latest event: what a reviewer has "seen"
    conflict: bool = False
    event_count: int = 0
    # A reviewer's corrections: the fields they set ({"text": ..., "speaker": ...}), None when
    # there are none; and what extraction said, which a correction never overwrites.
    corrections: Mapping[str, str | None] | None = None
    extracted_text: str = ""
    extracted_speaker: str | None = None
    # Between reviewers: an Agreement (None while one verdict stands alone) and the
    # verdicts behind it, {reviewer: {"seq", "verdict", "label"}}.
    agreement: str | None = None
    reviews: Mapping[str, Mapping[str, Any]] | None = None
    # The evidence of the verdict: its sources and the public explanation.
    sources: tuple[Source, ...] = ()
    explanation: str | None = None
    detail_text: str | None = field(default=None, repr=False)  # the stored text of detail
    # Words kept as the article has them that lean on context coreference was not sure
    # of ("It", "the company"); empty when the claim reads on its own.
    context: tuple[str, ...] = ()
    # Check-worthiness: score, tier and reasons above are what ranks the queue, and
    # model_version the model that gave them (a desk model's "desk-..." or the shipped
    # one's; None: the shipped model, from before versions were recorded). The shipped
    # model's own score, tier and reasons, the prior a desk model is fitted over, are
    # kept apart, with the shipped version that gave them.
    model_version: str | None = None
    prior_score: float | None = None
    prior_tier: str | None = None
    prior_reasons: tuple[str, ...] = ()
    prior_version: str | None = None
    # Seen before (workbench/seen/): the matcher's level for the claim's best candidate
    # (a SeenLevel; None until the worker has matched it), how many copies of it other
    # documents hold (its copy group less itself), and the match a reviewer confirmed
    # (what the match event named: kind, ref, rating, publisher, url...), None if none.
    seen_level: str | None = None
    copies: int = 0
    match: Mapping[str, Any] | None = None

    @property
    def seen_before(self) -> bool:
        """The matcher found a candidate above its match threshold, or a reviewer confirmed one."""
        return self.seen_level == SeenLevel.MATCH or self.match is not None

    @property
    def ranked_by_desk(self) -> bool:
        """Score, tier and reasons come from a desk model, not the shipped one."""
        return is_desk_version(self.model_version)

    @property
    def needs_context(self) -> bool:
        """The claim leans on its article, and no reviewer has reworded it since."""
        return bool(self.context) and not (self.corrections and "text" in self.corrections)

    @property
    def disputed(self) -> bool:
        """Reviewers disagree on it: it waits for them to agree, or for an adjudicator."""
        return self.agreement == Agreement.DISPUTED

    @property
    def pending(self) -> bool:
        """Double review: one independent verdict is in, the second is awaited."""
        return self.agreement == Agreement.PENDING

    def reviewed_by(self, reviewer: str) -> bool:
        """Whether ``reviewer`` has given one of the verdicts behind its agreement."""
        return bool(self.reviews) and reviewer in self.reviews  # type: ignore[operator]

    @property
    def corrected(self) -> bool:
        """A reviewer's correction of the text or speaker stands."""
        return bool(self.corrections)

    @property
    def reviewed(self) -> bool:
        """A verdict or a dismissal (a dismissal is a review)."""
        return self.verdict is not None

    @property
    def dismissed(self) -> bool:
        return self.verdict == DISMISS

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in _CLAIM_JSON}
        out["reasons"] = list(self.reasons)
        out["prior_reasons"] = list(self.prior_reasons)
        out["entities"] = [_entity_json(e) for e in self.entities]
        if self.detail is not None:
            out["detail"] = dict(self.detail)
        out["corrected"] = self.corrected
        out["context"] = list(self.context)
        out["needs_context"] = self.needs_context
        if self.corrections is not None:
            out["corrections"] = dict(self.corrections)
        if self.reviews is not None:
            out["reviews"] = {name: dict(entry) for name, entry in self.reviews.items()}
        out["sources"] = [s.to_json() for s in self.sources]
        out["seen_before"] = self.seen_before
        if self.match is not None:
            out["match"] = dict(self.match)
        raw = raw_unless_canonical(self.detail, self.detail_text)
        if raw is not None:
            out["detail_raw"] = raw
        return out


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the audit log."""

    seq: int
    at: str
    reviewer: str
    action: str  # an Action; kept as stored text when a tampered log holds another word
    claim_id: int | None
    document_id: int | None
    value: str | None
    scale: str | None
    detail: Any
    seen: int | None
    conflict_with: int | None
    undoes: int | None
    prev_hash: str
    hash: str
    content: str | None = None  # the digest of the claim (or document) it was decided on
    detail_text: str | None = field(default=None, repr=False)

    @property
    def role(self) -> Mapping[str, Any] | None:
        """A verdict's role beside other reviewers' (``detail.review``): double, overrule, adjudication."""
        if self.action != Action.VERDICT or not isinstance(self.detail, Mapping):
            return None
        review = self.detail.get("review")
        return review if isinstance(review, Mapping) else None

    def changes(self) -> dict[str, str | None]:
        """A document edit's or a claim correction's fields and their new values."""
        if self.action not in (Action.DOCUMENT, Action.CORRECT) or not self.value:
            return {}
        try:
            value = json.loads(self.value)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in _EVENT_JSON}
        out["action"] = str(self.action)
        raw = raw_unless_canonical(self.detail, self.detail_text)
        if raw is not None:
            out["detail_raw"] = raw
        return out


# The fields each to_json() writes, in order (the stored detail text is written only when needed).
_CLAIM_JSON = tuple(f.name for f in fields(Claim) if f.name != "detail_text")
_EVENT_JSON = tuple(f.name for f in fields(Event) if f.name != "detail_text")
_MATCH_JSON = ("kind", "ref", "rank", "level", "score", "text", "rating", "publisher", "date", "url", "title",
               "answer", "event")


@dataclass(frozen=True, slots=True)
class Sentence:
    id: int
    idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A stored version of an article. ``text`` is None when it was listed without it."""

    id: int
    lineage: int  # id of the first version
    version: int
    superseded_by: int | None
    sha256: str
    title: str | None
    byline: str | None
    outlet: str | None
    published: str | None
    url: str | None
    extracted: Mapping[str, Any]  # the metadata as ingest found it; edits are events
    encoding: str | None
    replaced: int
    size: int | None
    format: str | None
    model: str | None
    extractor_version: str | None
    ingested_at: str
    paths: tuple[str, ...]
    excluded: tuple[ExcludedSpan, ...] = ()
    claims: int | None = None  # current claims, when listed with the count
    text: str | None = field(default=None, repr=False)

    def metadata(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in METADATA_FIELDS}

    def to_json(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("text", "excluded")}
        out["extracted"] = dict(self.extracted)
        out["paths"] = list(self.paths)
        out["excluded"] = [[s.start, s.end, s.reason] for s in self.excluded]
        return out


@dataclass(frozen=True, slots=True)
class Review:
    """A claim's review state right after a decision (what the decision produced)."""

    claim_id: int
    verdict: str | None
    scale: str | None
    detail: Mapping[str, Any] | None
    note: str | None
    flagged: bool
    reviewer: str | None
    decided_at: str | None
    last_seq: int
    conflict: bool
    event_count: int
    corrections: Mapping[str, str | None] | None = None
    agreement: str | None = None
    reviews: Mapping[str, Mapping[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """A committed event and the claim state it produced."""

    seq: int
    hash: str
    at: str
    reviewer: str
    action: Action
    claim_id: int | None
    document_id: int | None
    value: str | None
    conflict_with: int | None
    undoes: int | None
    state: Review | None
    role: Mapping[str, Any] | None = None  # a verdict's role beside other reviewers' (detail.review)


@dataclass(frozen=True, slots=True)
class Match:
    """A "seen before" candidate of a claim: an imported fact-check or the team's earlier claim."""

    kind: str  # a MatchKind: factcheck | claim
    ref: int  # factchecks.id or claims.id
    rank: int | None  # the matcher's rank (1 = best), when it ranked it
    level: str | None  # a SeenLevel (match | suggest) for a suggestion; None once answered
    score: float | None  # the matcher's 0..1 score
    text: str  # the claim that was checked
    rating: str | None  # the published rating, or the earlier claim's verdict label
    publisher: str | None
    date: str | None  # the fact-check's date, or when the earlier verdict was given
    url: str | None  # the fact-check article
    title: str | None  # its headline, or the earlier claim's article title
    answer: str | None = None  # a MatchVerdict once a reviewer answered it (confirm | reject)
    event: int | None = None  # the match event that answered it

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _MATCH_JSON}


@dataclass(frozen=True, slots=True)
class GroupVerdict:
    """What a verdict given to a copy group did: one decision per claim it went to, and the skipped."""

    group_id: int  # the copy group (its smallest claim id), or the claim itself without copies
    claims: tuple[int, ...]  # the group's live claims
    applied: tuple[Decision, ...]
    skipped: tuple[tuple[int, str], ...]  # (claim id, why): it would overrule or adjudicate, or had it already


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What storing one read file did."""

    status: str  # an Outcome: ingested, new version or unchanged
    document_id: int
    version: int
    sentences: int
    claims: int
    carried: int = 0  # claims (with their verdicts) carried over from the previous version
    superseded: int = 0
    duplicate_of: str | None = None  # another path holding the same bytes


@dataclass(frozen=True, slots=True)
class Resync:
    """What writing a new extraction into a document did to its claims."""

    kept: int
    added: int
    superseded: int


@dataclass(frozen=True, slots=True)
class Counts:
    total: int
    reviewed: int  # a settled verdict or a dismissal
    awaiting: int = 0  # double review: the viewer's verdict is in, the claim not settled yet
    disputed: int = 0  # reviewers disagree


@dataclass(frozen=True, slots=True)
class ReviewerCounts:
    decisions: int
    verdicts: int


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    claims: int
    reviewed: int
    unreviewed: int
    flagged: int
    conflicts: int
    events: int
    head: str
    by_verdict: Mapping[str, int]
    by_reviewer: Mapping[str, ReviewerCounts]
    disputed: int = 0  # reviewers disagree: the adjudication queue
    pending: int = 0  # double review: awaiting the second verdict

    def to_json(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["by_verdict"] = dict(self.by_verdict)
        out["by_reviewer"] = {
            name: {"decisions": c.decisions, "verdicts": c.verdicts} for name, c in self.by_reviewer.items()
        }
        return out


@dataclass(frozen=True, slots=True)
class LearnRow:
    """A current claim as learning from the desk reads it: what the store keeps, and the decision."""

    claim_id: int
    document: int  # the document's lineage: cross-validation never splits a document's versions
    text: str  # as the reviewer reads it (a correction included)
    kind: str
    speaker: str | None
    position: int  # the sentence's index in its article, from 0
    prior_score: float  # the shipped model's, never a desk model's
    prior_reasons: tuple[str, ...]
    label: int | None  # 1 a verdict on any scale, 0 a dismissal, None no verdict (undone, flagged only)
    model_version: str | None  # what scored it now


@dataclass(frozen=True, slots=True)
class Rescore:
    """A claim's new score, tier and reasons, and the model that gave them."""

    claim_id: int
    score: float
    tier: str
    reasons: tuple[str, ...]
    model_version: str


@dataclass(frozen=True, slots=True)
class DeskModel:
    """A desk model as stored: the learn event that put it in use, its counts, its JSON."""

    version: str
    prior_version: str
    event_seq: int
    created_at: str
    counts: Mapping[str, int]
    sha256: str
    body: str | None = field(default=None, repr=False)  # None once a later model replaced it


@dataclass(frozen=True, slots=True)
class Ranking:
    """Which model ranks the unreviewed queue: what the latest learn event chose.

    Before any learn event the shipped model ranks (``seq`` None, ``version`` None:
    each claim records the shipped version that scored it).
    """

    ranker: Ranker
    version: str | None
    seq: int | None = None  # the learn event
    at: str | None = None
    reviewer: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)  # what it was fitted or judged on
    message: str = ""  # the evaluation's one line, as recorded

    @property
    def desk(self) -> bool:
        return self.ranker == Ranker.DESK

    def to_json(self) -> dict[str, Any]:
        return {
            "ranker": str(self.ranker), "version": self.version, "seq": self.seq, "at": self.at,
            "reviewer": self.reviewer, "counts": dict(self.counts), "message": self.message,
        }
