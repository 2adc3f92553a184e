"""The store: the one facade over the workbench's SQLite database.

Each concern is a module of its own, and :class:`Store` puts them behind one
object (as sqlite-utils' ``Database`` does):

* opening, migrations and transactions: :mod:`workbench.store.database`;
* reading claims, events and counts: :mod:`workbench.store.queries`;
* reviewer decisions, the one validated write path: :mod:`workbench.store.decisions`;
* documents, versions and extraction results: :mod:`workbench.store.documents`;
* the desk model (learn events, re-ranking): :mod:`workbench.store.desk`;
* identity of databases and claims: :mod:`workbench.store.identity`;
* verification of the audit log: :mod:`workbench.store.verify`;
* "seen before" (importing fact-checks, matching): :mod:`workbench.store.seen`.

Every method returns typed records (:mod:`workbench.domain`), never rows.

Size: over 400 lines as a facade only: each method is a typed, documented
call into one of the modules above, and splitting the facade would split the
one object scripts and the CLI hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING
from contextlib import contextmanager
import sqlite3
import threading
from pathlib import Path

from workbench.domain import (
    Claim,
    Counts,
    Decision,
    DeskModel,
    Document,
    Event,
    GroupVerdict,
    LearnRow,
    Match,
    Ranking,
    Rescore,
    Resync,
    Sentence,
    Stats,
    StoredDocument,
)
from workbench.records import Extraction
from workbench.safetext import visible
from workbench.scales import Scale
from workbench.store import audit
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT
from workbench.store.database import Database
from workbench.store.decisions import LATEST, UNSET, Decisions, _Latest, _Unset
from workbench.store.desk import Desk, Scorer
from workbench.store.documents import ArticleLike, Documents
from workbench.evidence import Source
from workbench.store.errors import NotFound
from workbench.store.queries import ClaimFilter, Queries, parse_order, parse_status
from workbench.store.witness import Witness
from workbench.vocab import Order, Ranker, ReviewMode, Status

if TYPE_CHECKING:
    from workbench.seen.records import ImportReport
    from workbench.seen.work import MatchStep


class Store:
    """An open workbench database. Not shared across processes; cheap to open."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.queries = Queries(db)
        self._decisions = Decisions(db)
        self._documents = Documents(db)
        self._desk = Desk(db, self._decisions)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        create: bool = True,
        check: bool = True,
        witness: Witness | None = None,
    ) -> Store:
        """Open (or create) a workbench database, migrating an older one.

        Raises a :class:`~workbench.store.StoreError` subclass with one clear
        line when the file is missing (and ``create`` is false), is not SQLite,
        is some other application's database, is damaged, or was made by a
        newer workbench. ``check=False`` skips ``PRAGMA quick_check`` (0.2 s at
        100,000 claims) for a file just checked by the same process.
        ``witness``: where the head goes after every commit (store/witness.py).
        """
        db = Database.open(path, busy_timeout=busy_timeout, create=create, check=check)
        db.witness = witness
        return cls(db)

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def db_id(self) -> str:
        return self._db.db_id

    @property
    def genesis(self) -> str:
        return self._db.genesis

    @property
    def read_only(self) -> str | None:
        """Why the database is open read-only (its file, folder or mount), or None."""
        return self._db.read_only

    @property
    def witness(self) -> Witness | None:
        return self._db.witness

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection itself, for tests and tools that work on the file directly."""
        return self._db.conn

    @property
    def lock(self) -> threading.RLock:
        """Held while using ``conn`` directly: the store's threads use the same connection."""
        return self._db.lock

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A BEGIN IMMEDIATE transaction (nested use joins the outer one): see Database."""
        with self._db.transaction() as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read-only Store frozen at its first read until the block ends.

        Its own connection inside one read transaction: in WAL mode it sees the
        database as it was at that first read however many commits land
        meanwhile, and never blocks a writer (exports read through this). When
        this store is itself inside a transaction, that transaction is the
        consistent view, and the only one that sees its own writes: it is used.
        """
        with self._db.lock:
            if self._db.conn.in_transaction:
                yield self
                return
        db = Database.snapshot_of(self._db)
        try:
            db.conn.execute("BEGIN")  # deferred: the snapshot is taken by the first SELECT
            try:
                yield Store(db)
            finally:
                if db.conn.in_transaction:
                    db.conn.execute("COMMIT")
        finally:
            db.close()

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to poll."""
        return int(self._db.scalar("PRAGMA data_version"))

    def head(self) -> tuple[int, str]:
        """The audit log's last event as (seq, hash); (0, genesis) while it is empty."""
        return self._db.head()

    def interrupt(self) -> None:
        """Stop a read running on this connection in another thread (it raises StoreError)."""
        self._db.conn.interrupt()

    # ---------------------------------------------------------------- reading

    def claim(self, claim_id: int) -> Claim:
        """One claim with its review state; NotFound when there is none."""
        return self.queries.claim(claim_id)

    def claims(
        self,
        *,
        status: str = Status.ALL,
        document: int | None = None,
        search: str | None = None,
        order: str = Order.SCORE,
        reviewer: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        viewer: str | None = None,
    ) -> list[Claim]:
        """The claims a filter selects, in ``order`` (see :class:`~workbench.store.queries.ClaimFilter`).

        An unknown ``document`` is NotFound, not an empty list. ``viewer``: whose
        view of review state (double review: their own verdict counts).
        """
        f = ClaimFilter(parse_status(status), document, search, reviewer, since, viewer=viewer)
        if document is not None:
            self.require_document(document)
        return self.queries.claims(f, parse_order(order), limit=limit, offset=offset)

    def require_document(self, document_id: int) -> None:
        """NotFound unless a document ``document_id`` is stored."""
        if self._db.scalar("SELECT 1 FROM documents WHERE id = ?", (document_id,)) is None:
            raise NotFound(f"no document {document_id}")

    def claim_ids(
        self,
        *,
        status: str = Status.ALL,
        document: int | None = None,
        search: str | None = None,
        order: str = Order.SCORE,
        viewer: str | None = None,
    ) -> list[int]:
        """The ordered ids of :meth:`claims`, cheap even at 100,000 claims (the app's list).

        ``viewer``: whose view of review state (double review: their own verdict counts).
        """
        f = ClaimFilter(parse_status(status), document, search, viewer=viewer)
        return self.queries.claim_ids(f, parse_order(order))

    def claims_by_ids(self, ids: Sequence[int]) -> dict[int, Claim]:
        return self.queries.claims_by_ids(ids)

    def count(
        self, *, status: str = Status.ALL, document: int | None = None, search: str | None = None,
        viewer: str | None = None,
    ) -> Counts:
        """How many claims a filter selects, how many of them are reviewed, and between reviewers."""
        return self.queries.count(ClaimFilter(parse_status(status), document, search, viewer=viewer))

    def history(self, claim_id: int) -> list[Event]:
        """Every event on a claim, oldest first; NotFound for an unknown claim."""
        return self.queries.history(claim_id)

    def events(self, *, after: int = 0, claim_ids: Sequence[int] | None = None) -> list[Event]:
        """Events after seq ``after`` (of some claims only, if given), in log order."""
        return self.queries.events(after=after, claim_ids=claim_ids)

    def stats(self) -> Stats:
        return self.queries.stats()

    def document(self, document_id: int) -> Document:
        """One document version with its text; NotFound when there is none."""
        return self._documents.document(document_id)

    def documents(self, *, include_old_versions: bool = False) -> list[Document]:
        """The stored documents (current versions unless asked), without their text."""
        return self._documents.documents(include_old_versions=include_old_versions)

    def sentences(self, document_id: int) -> list[Sentence]:
        return self._documents.sentences(document_id)

    # -------------------------------------------------------------- decisions

    def set_verdict(
        self,
        claim_id: int,
        slug: str,
        *,
        scale: Scale,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
        mode: ReviewMode | str = ReviewMode.SINGLE,
        overrule: bool = False,
        adjudicate: bool = False,
    ) -> Decision:
        """Record a verdict of ``scale`` (or the dismissal ``not-checkworthy``); a label works too.

        ``seen`` is the claim's latest event the reviewer had in view (None:
        none; LATEST: whatever is latest now). If another reviewer's event on
        the claim came in after it, both are kept and the new one is marked as
        a conflict. Replacing another reviewer's verdict that was in view needs
        ``overrule=True`` (OverruleNeeded otherwise), deciding a disagreement
        of others ``adjudicate=True`` (AdjudicationNeeded); both are recorded
        as such. ``mode``: double review makes a claim's first verdicts
        independent and blind. Returns after COMMIT.
        """
        return self._decisions.set_verdict(
            claim_id, slug, scale=scale, reviewer=reviewer, seen=seen, mode=mode, overrule=overrule, adjudicate=adjudicate
        )

    def dismiss(
        self, claim_id: int, *, scale: Scale, reviewer: str, seen: int | None | _Latest = LATEST, **how: object
    ) -> Decision:
        """Dismiss a claim as not check-worthy (``how``: mode, overrule, adjudicate as for a verdict)."""
        return self._decisions.dismiss(claim_id, scale=scale, reviewer=reviewer, seen=seen, **how)

    def set_evidence(
        self,
        claim_id: int,
        *,
        sources: Sequence[Source | str] = (),
        explanation: str | None = None,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Set the evidence of a claim's verdict: sources (URL and optional title) and a public explanation.

        Replaces the claim's evidence as a whole (nothing clears it); audited, undoable.
        """
        return self._decisions.set_evidence(claim_id, sources=sources, explanation=explanation, reviewer=reviewer, seen=seen)

    def set_note(self, claim_id: int, text: str, *, reviewer: str, seen: int | None | _Latest = LATEST) -> Decision:
        """Set a claim's note (an empty text clears it)."""
        return self._decisions.set_note(claim_id, text, reviewer=reviewer, seen=seen)

    def set_flag(
        self, claim_id: int, on: bool = True, *, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Flag a claim as needing checking (``on=False`` clears it)."""
        return self._decisions.set_flag(claim_id, on, reviewer=reviewer, seen=seen)

    def undo(
        self, claim_id: int, *, reviewer: str, target: int | None = None, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Retract a decision by appending an undo event (the latest active one by default)."""
        return self._decisions.undo(claim_id, reviewer=reviewer, target=target, seen=seen)

    def correct_claim(
        self,
        claim_id: int,
        *,
        text: str | _Unset = UNSET,
        speaker: str | None | _Unset = UNSET,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Correct a claim's text and/or speaker (``speaker=None``: none); extraction's are kept.

        The claim shows the corrected values everywhere (listings, search,
        exports); re-extraction never overwrites them; undo retracts it.
        """
        return self._decisions.correct_claim(claim_id, text=text, speaker=speaker, reviewer=reviewer, seen=seen)

    def edit_document(self, document_id: int, changes: Mapping[str, str | None], *, reviewer: str) -> Decision:
        """Correct a document's metadata; audited like any decision."""
        return self._decisions.edit_document(document_id, changes, reviewer=reviewer)

    # ------------------------------------------------------------ seen before

    def matches(self, claim_id: int) -> list[Match]:
        """A claim's "seen before" candidates: answered ones first, then the matcher's by rank."""
        return self.queries.matches(claim_id)

    def decide_match(
        self, claim_id: int, answer: str, *, kind: str, ref: int, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Confirm or reject a candidate (``answer``: confirm | reject): one audited match event."""
        return self._decisions.decide_match(claim_id, answer, kind=kind, ref=ref, reviewer=reviewer, seen=seen)

    def set_group_verdict(
        self, claim_id: int, slug: str, *, scale: Scale, reviewer: str, mode: ReviewMode | str = ReviewMode.SINGLE
    ) -> GroupVerdict:
        """One verdict for the claim's whole copy group: one audited event per claim, in one transaction."""
        return self._decisions.set_group_verdict(claim_id, slug, scale=scale, reviewer=reviewer, mode=mode)

    def undo_group(self, claim_id: int, *, reviewer: str, target: int | None = None) -> list[Decision]:
        """Undo a group verdict on every claim it went to (one undo event per claim)."""
        return self._decisions.undo_group(claim_id, reviewer=reviewer, target=target)

    def import_factchecks(self, paths: Sequence[str | Path], *, on_file: Callable[[ImportReport], None] | None = None) -> list[ImportReport]:
        """Import published fact-checks from files and folders; one report per file."""
        from workbench.store import seen

        return seen.import_files(self._db, paths, on_file=on_file)

    def match_pending(self, *, on_step: Callable[[MatchStep], None] | None = None) -> int:
        """Match every claim whose candidates are missing or stale; returns how many were matched."""
        from workbench.store import seen

        return seen.match_all(self._db, on_step=on_step)

    def match_claim(self, claim_id: int, *, force: bool = False) -> None:
        """Match one claim now unless its cached candidates are current (or ``force``)."""
        from workbench.store import seen

        self.claim(claim_id)  # NotFound
        if self.read_only:
            return  # a read-only file keeps the candidates it has
        with self._db.lock:
            if force or not seen.is_current(self._db.conn, claim_id):
                seen.match_claims(self._db.conn, [claim_id])

    def side_connection(self) -> sqlite3.Connection:
        """A second connection to the file, for a worker thread (the app's matching)."""
        from workbench.store import seen

        return seen.side_connection(self._db)

    # ----------------------------------------------------------------- ingest

    def find_document(self, sha256: str) -> int | None:
        return self._documents.find_document(sha256)

    def known_paths(self, paths: Sequence[str]) -> set[str]:
        """Which of ``paths`` (file paths or URLs) some stored document already has."""
        return self._documents.known_paths(paths)

    def add_path(self, document_id: int, path: str) -> bool:
        return self._documents.add_path(document_id, path)

    def store_document(
        self, article: ArticleLike, extraction: Extraction, *, model: str, extractor_version: str
    ) -> StoredDocument:
        """Store a read file with its sentences and claims (a new version when its path is known)."""
        return self._documents.store_document(article, extraction, model=model, extractor_version=extractor_version)

    def replace_extraction(
        self, document_id: int, extraction: Extraction, *, model: str, extractor_version: str
    ) -> Resync:
        """Write a re-run of extraction over a stored document (``workbench extract``)."""
        return self._documents.replace_extraction(
            document_id, extraction, model=model, extractor_version=extractor_version
        )

    def optimize(self) -> None:
        """Refresh the planner's statistics (after an ingest)."""
        self._documents.optimize()

    # ------------------------------------------------------------ the desk model

    def learn_rows(
        self,
        *,
        unreviewed_only: bool = False,
        document_ids: Sequence[int] | None = None,
        not_version: str | None = None,
    ) -> list[LearnRow]:
        """The current claims as learning reads them: the shipped model's score, and the decision."""
        return self._desk.rows(unreviewed_only=unreviewed_only, document_ids=document_ids, not_version=not_version)

    def ranking(self) -> Ranking:
        """Which model ranks the unreviewed queue (what the latest learn event chose)."""
        return self._desk.ranking()

    def learn_history(self, limit: int = 20) -> list[Ranking]:
        """The latest learn events, newest first."""
        return self._desk.history(limit)

    def desk_model(self, version: str, *, body: bool = True) -> DeskModel | None:
        """A stored desk model of this version, with its JSON while it is the one in use."""
        return self._desk.model(version, body=body)

    def decisions_since(self, seq: int, *, limit: int | None = None) -> int:
        """Verdicts and dismissals recorded after event ``seq``."""
        return self._desk.decisions_since(seq, limit=limit)

    def record_learn(
        self,
        *,
        reviewer: str,
        ranker: Ranker,
        version: str,
        prior_version: str,
        counts: Mapping[str, int],
        evaluation: Mapping[str, object],
        message: str,
        body: str | None,
        rescores: Sequence[Rescore] = (),
        catch_up: Scorer | None = None,
        auto: bool = False,
        expect_seq: int | None | bool = False,
    ) -> tuple[int, int]:
        """A refit, audited: the model put in use (or the shipped one kept), the unreviewed
        claims re-ranked, the learn event; one transaction. Returns (seq, re-ranked)."""
        return self._desk.record_learn(
            reviewer=reviewer, ranker=ranker, version=version, prior_version=prior_version, counts=counts,
            evaluation=evaluation, message=message, body=body, rescores=rescores, catch_up=catch_up,
            auto=auto, expect_seq=expect_seq,
        )

    def rescore(self, rescores: Sequence[Rescore]) -> int:
        """Write scores of the model in use to claims still unreviewed (new claims after an ingest)."""
        return self._desk.rescore(rescores)

    # ----------------------------------------------------------------- verify

    def verify(self, *, expect_head: str | None = None) -> audit.VerifyResult:
        """Check the chain, the triggers, every derived cache and the file's integrity."""
        from workbench.store.verify import verify

        with self._db.lock:
            try:
                return verify(self._db, expect_head=expect_head)
            except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
                # What SQLite itself cannot read (a damaged schema, a page it refuses) is damage too.
                head = (0, self._db.genesis)
                problem = f"the file is damaged where verify reads it: {visible(str(exc))}"
                return audit.VerifyResult(ok=False, events=0, head_seq=head[0], head_hash=head[1], problems=[problem])
