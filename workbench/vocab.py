"""The workbench's vocabulary: every status, order, action and export format, defined once.

Each concept is a StrEnum, so a member is also the plain string the database,
the CLI and the JSON exports use (``Status.FLAGGED == "flagged"``), and each
carries the words people read (labels, titles, file suffixes). The store, the
CLI, the app and the exporters all take their words from here; none of them
spells one of these values as a literal of its own.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Which claims a listing or an export selects, by review state."""

    label: str  # how the status line and messages name it ("showing 12 flagged")
    title: str  # the command palette's entry for it
    claims: str  # the claims it selects, in a sentence ("No claims with a conflict match.")

    def __new__(cls, value: str, label: str, title: str, claims: str) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.title = title
        member.claims = claims
        return member

    ALL = "all", "all", "Show all claims", "claims"
    UNREVIEWED = "unreviewed", "unreviewed", "Show unreviewed claims", "unreviewed claims"
    REVIEWED = "reviewed", "reviewed", "Show reviewed claims", "reviewed claims"
    FLAGGED = "flagged", "flagged", "Show flagged claims", "flagged claims"
    # A conflict (decided without seeing each other) or an open disagreement between reviewers.
    CONFLICT = "conflict", "conflicts", "Show conflicts", "claims with a conflict or a disagreement"
    DISMISSED = "dismissed", "dismissed", "Show dismissed claims", "dismissed claims"
    SUPERSEDED = "superseded", "superseded", "Show superseded claims", "superseded claims"
    # The adjudication queue: open disagreements between reviewers, until they agree or an
    # adjudicator decides.
    ADJUDICATION = "adjudication", "to adjudicate", "Show the adjudication queue", "claims to adjudicate"
    # The matcher's "match" level, or a confirmed match (workbench/seen/).
    SEEN = "seen", "seen before", "Show claims seen before", "claims seen before"


# What the app's status key (s) steps through, in order.
STATUS_CYCLE: tuple[Status, ...] = (
    Status.ALL,
    Status.UNREVIEWED,
    Status.REVIEWED,
    Status.FLAGGED,
    Status.CONFLICT,
    Status.SEEN,
)
# The statuses that depend on review state (the others are columns of the claim).
STATE_STATUSES = frozenset(
    {Status.UNREVIEWED, Status.REVIEWED, Status.FLAGGED, Status.CONFLICT, Status.DISMISSED, Status.ADJUDICATION}
)


class Order(StrEnum):
    """How a listing is sorted."""

    label: str  # "showing 12 all by score"; the palette's "Sort by score"
    short: str  # the sort key's help: "score → document order → ..."

    def __new__(cls, value: str, label: str, short: str) -> Order:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.short = short
        return member

    SCORE = "score", "by score", "score"
    DOCUMENT = "document", "in document order", "document order"
    # Needs attention first: conflicts, flags, then unreviewed, then decided.
    STATUS = "status", "by status", "status"
    RECENT = "recent", "most recent first", "recent"


ORDER_CYCLE: tuple[Order, ...] = tuple(Order)


class Action(StrEnum):
    """What an audit event records."""

    VERDICT = "verdict"  # a verdict on a scale, or the dismissal not-checkworthy
    NOTE = "note"
    FLAG = "flag"
    UNDO = "undo"  # retracts one earlier decision
    DOCUMENT = "document"  # a correction of a document's metadata (no claim)
    CORRECT = "correct"  # a reviewer's correction of a claim's text or speaker
    # What ingest, re-extraction or a migration stored: digests of the documents and
    # claims it wrote (store/content.py), so the chain covers what reviewers judge.
    CONTENT = "content"
    EVIDENCE = "evidence"  # the sources and public explanation that go with a claim's verdict
    # A refit of the desk's check-worthiness model (no claim): which model ranks the queue
    # from now on, fitted on how many decisions, and how it compared with the shipped one.
    LEARN = "learn"
    # A reviewer's answer to a "seen before" candidate (workbench/seen/): the value is a
    # MatchVerdict, the detail names the fact-check (id, key, url, rating) or the earlier claim.
    MATCH = "match"


class MatchVerdict(StrEnum):
    """The value of a match event: a candidate confirmed as the same claim, or rejected."""

    CONFIRM = "confirm"
    REJECT = "reject"


class MatchKind(StrEnum):
    """What a "seen before" candidate is."""

    FACTCHECK = "factcheck"  # an imported, published fact-check
    CLAIM = "claim"  # the team's own earlier verdict on another claim


class SeenLevel(StrEnum):
    """How close a claim's best candidate is (the matcher's two thresholds)."""

    label: str

    def __new__(cls, value: str, label: str) -> SeenLevel:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    MATCH = "match", "seen before"  # above the match threshold: the queue's glyph
    SUGGEST = "suggest", "maybe seen"  # above the suggest threshold: shown, not marked
    NONE = "none", "not seen"


class Actor(StrEnum):
    """Who a content event names as its author: the workbench itself, never a reviewer."""

    INGEST = "workbench:ingest"
    EXTRACT = "workbench:extract"
    MIGRATION = "workbench:migration"


# Decisions on a claim that stand until retracted: what undo can take back.
DECISION_ACTIONS = frozenset(
    {Action.VERDICT, Action.NOTE, Action.FLAG, Action.CORRECT, Action.EVIDENCE, Action.MATCH}
)
# What a correction may change, in the order people read them.
CORRECTABLE: tuple[str, ...] = ("text", "speaker")


class ReviewMode(StrEnum):
    """How many independent verdicts settle a claim (``[review] mode`` in workbench.toml)."""

    meaning: str

    def __new__(cls, value: str, meaning: str) -> ReviewMode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    SINGLE = "single", "one verdict settles a claim; replacing another reviewer's is an overrule"
    DOUBLE = "double", "two independent verdicts, each blind to the other until both are in"


class Role(StrEnum):
    """What a verdict is beside other reviewers' (recorded in its event's detail, ``review.role``)."""

    DOUBLE = "double"  # one of the independent verdicts of double review
    OVERRULE = "overrule"  # deliberately replaces another reviewer's standing verdict
    ADJUDICATION = "adjudication"  # settles a disagreement between other reviewers


class Agreement(StrEnum):
    """Where a claim stands between its reviewers (folded from the roles of its verdicts)."""

    label: str  # short, for a list
    meaning: str  # for help and docs

    def __new__(cls, value: str, label: str, meaning: str) -> Agreement:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.meaning = meaning
        return member

    PENDING = "pending", "1 of 2", "double review: one independent verdict, awaiting the second"
    AGREED = "agreed", "agreed", "the reviewers' verdicts agree"
    DISPUTED = "disputed", "disputed", "the reviewers disagree: open until they agree or an adjudicator decides"
    ADJUDICATED = "adjudicated", "adjudicated", "an adjudicator settled the reviewers' disagreement"


class Ranker(StrEnum):
    """Which model a learn event put in charge of ranking the unreviewed queue."""

    label: str  # how the CLI and the app name it

    def __new__(cls, value: str, label: str) -> Ranker:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    DESK = "desk", "the desk model"  # fitted on the desk's decisions; it beat the shipped one
    SHIPPED = "shipped", "the shipped model"  # the desk's did not beat it: the prior ranks


class WorkerReport(StrEnum):
    """What the matching worker's process tells the app (workbench/seen/service.py)."""

    MATCHED = "matched"  # a step's claims and their levels
    IDLE = "idle"  # nothing left to match
    ERROR = "error"  # a step failed: it tries again later
    OFF = "off"  # it cannot work on this database at all


class Flag(StrEnum):
    """The value of a flag event."""

    ON = "on"
    OFF = "off"


class ExportFormat(StrEnum):
    label: str  # the palette's "Export as ..."
    suffix: str  # the usual file name ending
    noun: str  # what a count of its items is ("exported 12 reviews")

    def __new__(cls, value: str, label: str, suffix: str, noun: str) -> ExportFormat:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.suffix = suffix
        member.noun = noun
        return member

    CSV = "csv", "CSV", ".csv", "claims"
    JSONL = "jsonl", "JSON Lines", ".jsonl", "claims"
    CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD", ".json", "reviews"


class Outcome(StrEnum):
    """What happened to one file of an ingest run."""

    INGESTED = "ingested"
    NEW_VERSION = "new version"  # a changed file: a new version of its document
    UNCHANGED = "unchanged"  # the same bytes again (maybe under another path)
    SKIPPED = "skipped"  # deliberately not taken (not an article file)
    FAILED = "failed"  # tried and refused (binary, too big, unreadable...)


REFUSED = frozenset({Outcome.SKIPPED, Outcome.FAILED})


class Shown(StrEnum):
    """A claim's review state as a reviewer sees it (the app adds its own save states)."""

    meaning: str  # for the help screen and the docs

    def __new__(cls, value: str, meaning: str) -> Shown:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    UNREVIEWED = "unreviewed", "unreviewed"
    VERDICT = "verdict", "verdict given (its label follows)"
    DISMISSED = "dismissed", "dismissed as not check-worthy"
    CONFLICT = "conflict", "conflict: two reviewers decided without seeing each other"
    DISPUTED = "disputed", "the reviewers disagree (an overrule, or double review): to adjudicate"
    PENDING = "pending", "double review: your verdict, awaiting the second reviewer's"
    HIDDEN = "hidden", "double review: another reviewer's verdict, hidden until you give yours"
    SAVING = "saving", "your decision is being saved"
    NOT_SAVED = "not-saved", "your decision is NOT saved yet (r retries)"


def parse(enum: type[StrEnum], value: str, what: str) -> StrEnum:
    """``value`` as a member of ``enum``, or ValueError naming the valid ones."""
    try:
        return enum(value)
    except ValueError:
        from workbench.safetext import visible

        valid = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {what} {visible(value)!r}: use one of {valid}") from None
