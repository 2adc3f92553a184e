"""Typed records of the "seen before" layer: imported fact-checks, problems, candidates.

Plain frozen dataclasses with no behaviour, shared by the importers, the
matcher, the copy grouping and (later) the store, CLI and app.
"""

from __future__ import annotations

from dataclasses import dataclass

# Which reader a file went through (FactCheck.format, ImportReport.format).
FORMATS: tuple[str, ...] = (
    "claimreview",  # schema.org ClaimReview JSON-LD (object, array, @graph, nested), or an HTML page with it
    "workbench-jsonl",  # the workbench's own JSONL export
    "jsonl",  # simple JSONL: claim, rating, url, date, publisher
    "csv",  # simple CSV/TSV with a header row: claim, rating, url, date, publisher
)


@dataclass(frozen=True, slots=True)
class FactCheck:
    """One published fact-check of one claim, as read from a file.

    Text fields hold the file's text as data, with only NUL and lone
    surrogates replaced (U+FFFD) and whitespace collapsed: markup and control
    characters stay, and are made visible where shown (workbench.safetext).
    """

    key: str  # identity: "url:<url>#<claim digest>", "id:<identifier>" or "sha256:<digest>"
    claim: str  # the claim that was checked (ClaimReview.claimReviewed)
    rating: str | None = None  # the verdict as published ("False", "Pants on Fire", "Misleading")
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    url: str | None = None  # the fact-check article (validated http/https)
    date: str | None = None  # when the fact-check was published, ISO 8601 date
    publisher: str | None = None  # who published it (ClaimReview.author / publisher)
    title: str | None = None  # headline of the fact-check article
    summary: str | None = None  # a short description or subtitle, when the file gives one
    claimant: str | None = None  # who made the claim (itemReviewed.author)
    claim_date: str | None = None  # when the claim was made, ISO 8601 date
    appearances: tuple[str, ...] = ()  # URLs where the claim appeared
    language: str | None = None
    format: str = "claimreview"  # one of FORMATS
    source_file: str = ""  # the path it was imported from, as given
    source_record: str = ""  # where in that file: "record 3", "line 12", "row 7"


@dataclass(frozen=True, slots=True)
class Problem:
    """A record (or a whole file) that was not imported, and why: one line for the user."""

    file: str
    record: str  # "record 3", "line 12", "row 7", or "" for the file as a whole
    reason: str

    def line(self) -> str:
        """``FILE: RECORD: REASON`` with the file name and reason made terminal-safe."""
        from workbench.safetext import visible

        where = f"{visible(self.file)}: {self.record}" if self.record else visible(self.file)
        return f"{where}: {visible(self.reason)}"


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What reading one file gave: its fact-checks, and the records it skipped."""

    path: str
    format: str | None  # one of FORMATS; None when the file was refused as a whole
    factchecks: tuple[FactCheck, ...] = ()
    problems: tuple[Problem, ...] = ()
    ignored: int = 0  # records that are well formed but are not fact-checks (an unreviewed claim)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What storing one parsed file did (workbench.seen.library.import_factchecks)."""

    path: str
    format: str | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    ignored: int = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked candidate for "has this claim been checked before?"."""

    kind: str  # "factcheck" (imported) or "claim" (the team's own earlier verdict)
    ref: int  # factchecks.id or claims.id
    score: float  # the matcher's score, comparable with the thresholds
    bm25: float  # the raw FTS5 bm25() of the first stage (lower is better, SQLite's sign)
    level: str  # "match" (marks the claim seen before), "suggest" (shown), or "" (below both)
    text: str  # the candidate's claim text
    rating: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Claims that are exact or near-exact copies of each other across documents."""

    id: int  # the smallest claim id in the group: stable while the group keeps that claim
    claims: tuple[int, ...]  # claim ids, ascending
    documents: int = 0  # how many distinct documents the copies come from
