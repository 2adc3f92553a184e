"""The store: every read and write of the workbench's SQLite database.

Reviewer decisions have exactly one write path, :meth:`Store.decide`: one event
appended in one ``BEGIN IMMEDIATE`` transaction, the claim's derived state
updated in the same transaction, and the call returns only after ``COMMIT``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from workbench.records import ClaimRecord, Extraction, Metadata
from workbench.safetext import visible
from workbench.scales import DISMISS, Scale
from workbench.store import audit, listing, schema
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT, classify, connect, quick_check
from workbench.store.errors import (
    InvalidDecision,
    NewerSchema,
    NotAWorkbenchDatabase,
    NotFound,
    NotSaved,
    StoreError,
)

STATUSES = ("all", "unreviewed", "reviewed", "flagged", "conflict", "dismissed", "superseded")
ORDERS = ("score", "document", "status", "recent")
METADATA_FIELDS = ("title", "byline", "outlet", "published", "url")


class _Latest:
    """Marker for a writer that decides with the claim's latest state in view (the CLI)."""

    def __repr__(self) -> str:
        return "LATEST"


LATEST: Any = _Latest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def normalise(text: str) -> str:
    """Text as claim identity sees it: Unicode-normalised, case-folded, spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:!?\"'\u201c\u201d\u2018\u2019")


def claim_identity(lineage: int, sentence: str, claim: str, occurrence: int) -> str:
    key = "\x1f".join((str(lineage), normalise(sentence), normalise(claim), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class ArticleLike(Protocol):
    """What the store needs from an ingested file (ingest's ``Article`` fits)."""

    path: Path
    sha256: str
    size: int
    text: str
    encoding: str
    replaced: int
    metadata: Metadata
    excluded: list
    format: str
    fetch: Any  # FetchInfo or None: kept in ``extracted`` under "fetch"


@dataclass(slots=True)
class Decision:
    """A committed event and the claim state it produced."""

    seq: int
    hash: str
    at: str
    reviewer: str
    action: str
    claim_id: int | None
    document_id: int | None
    value: str | None
    conflict_with: int | None
    undoes: int | None
    state: audit.ClaimState | None


@dataclass(slots=True)
class StoredDocument:
    status: str  # "ingested" | "new version" | "unchanged"
    document_id: int
    version: int
    sentences: int
    claims: int
    carried: int = 0  # claims (with their verdicts) carried over from the previous version
    superseded: int = 0
    duplicate_of: str | None = None  # another path holding the same bytes


@dataclass(slots=True)
class Resync:
    kept: int
    added: int
    superseded: int


@dataclass(slots=True)
class Counts:
    total: int
    reviewed: int


class Store:
    """An open workbench database. Not shared across processes; cheap to open."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._listing = listing.Listing()
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.db_id: str = meta["db_id"]
        self.genesis: str = meta["genesis"]

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        create: bool = True,
        check: bool = True,
    ) -> Store:
        """Open (or create) a workbench database.

        Raises a :class:`StoreError` subclass with one clear line when the file
        is missing (and ``create`` is false), is not SQLite, is some other
        application's database, is damaged, or was made by a newer workbench.
        """
        path = Path(path)
        name = visible(str(path))
        if not path.exists():
            if not create:
                raise NotFound(f"no database at {name} (run `workbench ingest` to create one)")
            if not path.parent.is_dir():
                raise StoreError(f"cannot create {name}: folder {visible(str(path.parent))} does not exist")
        conn = connect(path, busy_timeout=busy_timeout)
        try:
            if check:
                quick_check(conn, path)
            cls._prepare(conn, path)
            return cls(conn, path)
        except sqlite3.Error as exc:
            conn.close()
            raise classify(exc, path) from None
        except BaseException:
            conn.close()
            raise

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: Path) -> None:
        name = visible(str(path))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            if tables:
                raise NotAWorkbenchDatabase(
                    f"{name} is an SQLite database but not a workbench database"
                )
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have initialised it while we waited for the lock.
                if not conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
                ).fetchone():
                    schema.initialise(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if not app or app[0] != schema.APP_ID:
            raise NotAWorkbenchDatabase(f"{name} is an SQLite database but not a workbench database")
        version = schema.schema_version(conn)
        if version > schema.SCHEMA_VERSION:
            raise NewerSchema(
                f"{name} was made by a newer workbench (schema {version}; "
                f"this version knows up to {schema.SCHEMA_VERSION}): upgrade the workbench"
            )
        if version < schema.SCHEMA_VERSION:
            schema.migrate(conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transactions

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, begun with BEGIN IMMEDIATE; nested use joins the outer one.

        BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
        timeout), so a transaction that reads and then writes can never fail
        half-way with "database is locked" because another reviewer wrote first.
        Failures to get the lock or to write raise :class:`NotSaved`.
        """
        with self._lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise classify(exc, self.path) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise classify(exc, self.path) from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _read(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        with self._lock:
            try:
                cursor = self.conn.execute(sql, params)
                return list(audit.rows_as_dicts(cursor))
            except sqlite3.DatabaseError as exc:
                raise classify(exc, self.path) from None

    def _scalar(self, sql: str, params: Sequence | dict = ()) -> Any:
        with self._lock:
            try:
                row = self.conn.execute(sql, params).fetchone()
            except sqlite3.DatabaseError as exc:
                raise classify(exc, self.path) from None
        return row[0] if row else None

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to poll."""
        return int(self._scalar("PRAGMA data_version"))

    def head(self) -> tuple[int, str]:
        row = self._read("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        if not row:
            return 0, self.genesis
        return row[0]["seq"], row[0]["hash"]

    # --------------------------------------------------------------- decisions

    def decide(
        self,
        claim_id: int | None,
        action: str,
        value: str | None = None,
        *,
        reviewer: str,
        scale: str | None = None,
        detail: dict | None = None,
        seen: int | None | _Latest = LATEST,
        undoes: int | None = None,
        document_id: int | None = None,
        apply: Any = None,
    ) -> Decision:
        """Append one event; the one write path for every reviewer decision.

        ``seen`` is the claim's latest event seq the reviewer had in view when
        deciding (None: none). If another reviewer's event on the claim came in
        after it, the new event is kept and marked as conflicting with it.
        Returns only after COMMIT.
        """
        if not reviewer or not reviewer.strip():
            raise InvalidDecision("a decision needs a reviewer name")
        detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None
        with self.transaction() as conn:
            if claim_id is not None:
                if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
                    raise NotFound(f"no claim {claim_id}")
            head = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
            prev_seq, prev_hash = head if head else (0, self.genesis)
            conflict_with = None
            if claim_id is None:
                seen = None
            else:
                if seen is LATEST:
                    last = conn.execute(
                        "SELECT MAX(seq) FROM events WHERE claim_id = ?", (claim_id,)
                    ).fetchone()[0]
                    seen = last
                else:
                    row = conn.execute(
                        "SELECT MAX(seq) FROM events WHERE claim_id = ? AND seq > ? AND reviewer != ?",
                        (claim_id, seen or 0, reviewer),
                    ).fetchone()
                    conflict_with = row[0]
                if action == "undo":
                    undoes = self._undo_target(conn, claim_id, undoes)
            event = {
                "seq": prev_seq + 1,
                "at": now(),
                "reviewer": reviewer,
                "action": action,
                "claim_id": claim_id,
                "document_id": document_id,
                "value": value,
                "scale": scale,
                "detail": detail_json,
                "seen": seen,
                "conflict_with": conflict_with,
                "undoes": undoes,
            }
            event["prev_hash"] = prev_hash
            event["hash"] = audit.event_hash(prev_hash, event)
            conn.execute(
                f"INSERT INTO events ({audit.EVENT_COLUMNS}) VALUES "
                "(:seq, :at, :reviewer, :action, :claim_id, :document_id, :value, :scale, "
                ":detail, :seen, :conflict_with, :undoes, :prev_hash, :hash)",
                event,
            )
            state = self._refresh_state(conn, claim_id) if claim_id is not None else None
            if apply is not None:
                apply(conn)
        return Decision(
            seq=event["seq"],
            hash=event["hash"],
            at=event["at"],
            reviewer=reviewer,
            action=action,
            claim_id=claim_id,
            document_id=document_id,
            value=value,
            conflict_with=conflict_with,
            undoes=undoes,
            state=state,
        )

    def _undo_target(self, conn: sqlite3.Connection, claim_id: int, target: int | None) -> int:
        events = list(
            audit.rows_as_dicts(
                conn.execute(
                    f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq",
                    (claim_id,),
                )
            )
        )
        retracted = {e["undoes"] for e in events if e["action"] == "undo"}
        active = [
            e for e in events if e["action"] in audit.DECISION_ACTIONS and e["seq"] not in retracted
        ]
        if target is None:
            if not active:
                raise InvalidDecision(f"claim {claim_id} has no decision to undo")
            return active[-1]["seq"]
        if not any(e["seq"] == target for e in active):
            raise InvalidDecision(
                f"event {target} is not an active decision on claim {claim_id}: nothing to undo"
            )
        return target

    def _refresh_state(self, conn: sqlite3.Connection, claim_id: int) -> audit.ClaimState:
        events = audit.rows_as_dicts(
            conn.execute(
                f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq",
                (claim_id,),
            )
        )
        state = audit.fold(claim_id, events)
        conn.execute(
            f"INSERT OR REPLACE INTO claim_state ({audit.STATE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            state.as_row(),
        )
        return state

    def set_verdict(
        self,
        claim_id: int,
        slug: str,
        *,
        scale: Scale,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Record a verdict of ``scale``, or the dismissal ``not-checkworthy``."""
        if slug == DISMISS:
            detail = {"label": "Not check-worthy", "triage": True}
        else:
            verdict = scale.get(slug)
            if verdict is None:
                valid = ", ".join([*scale.slugs(), DISMISS])
                raise InvalidDecision(
                    f"unknown verdict {visible(slug)!r} for scale {scale.id}: use one of {valid}"
                )
            detail = verdict.snapshot(scale)
        return self.decide(
            claim_id, "verdict", slug, reviewer=reviewer, scale=scale.id, detail=detail, seen=seen
        )

    def set_note(
        self, claim_id: int, text: str, *, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        return self.decide(claim_id, "note", text, reviewer=reviewer, seen=seen)

    def set_flag(
        self, claim_id: int, on: bool = True, *, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        return self.decide(claim_id, "flag", "on" if on else "off", reviewer=reviewer, seen=seen)

    def undo(
        self,
        claim_id: int,
        *,
        reviewer: str,
        target: int | None = None,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Retract a decision by appending an undo event (the latest active one by default)."""
        return self.decide(claim_id, "undo", None, reviewer=reviewer, undoes=target, seen=seen)

    def edit_document(self, document_id: int, changes: dict[str, str | None], *, reviewer: str) -> Decision:
        """Correct a document's metadata; audited like any decision."""
        unknown = set(changes) - set(METADATA_FIELDS)
        if unknown:
            raise InvalidDecision(f"unknown document field(s): {', '.join(sorted(unknown))}")
        if not changes:
            raise InvalidDecision("nothing to change")
        self.document(document_id)  # raises NotFound

        def apply(conn: sqlite3.Connection) -> None:
            assignments = ", ".join(f"{name} = ?" for name in changes)
            conn.execute(
                f"UPDATE documents SET {assignments} WHERE id = ?",
                (*changes.values(), document_id),
            )

        return self.decide(
            None,
            "document",
            json.dumps(changes, sort_keys=True, ensure_ascii=False),
            reviewer=reviewer,
            document_id=document_id,
            apply=apply,
        )

    # ------------------------------------------------------------------ reading

    def claim(self, claim_id: int) -> dict:
        rows = self._read(_CLAIM_SELECT + " WHERE c.id = ?", (claim_id,))
        if not rows:
            raise NotFound(f"no claim {claim_id}")
        return _decode_claim(rows[0])

    def claims(
        self,
        *,
        status: str = "all",
        document: int | None = None,
        search: str | None = None,
        order: str = "score",
        reviewer: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        where, params = self._filters(status, document, search, reviewer, since)
        sql = f"{_CLAIM_SELECT} WHERE {where} ORDER BY {_ORDER_SQL[order]}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_decode_claim(r) for r in self._read(sql, params)]

    def claim_ids(
        self,
        *,
        status: str = "all",
        document: int | None = None,
        search: str | None = None,
        order: str = "score",
    ) -> list[int]:
        """The ordered ids of the claims a filter selects: cheap even for 100,000 claims.

        The same ids in the same order as :meth:`claims`. The claims in scope
        come from one walk of an index, the review state from a cache that the
        events keep true (:mod:`workbench.store.listing`); joining each of
        100,000 claims to its state row in SQL cost 150-220 ms once half of
        them were reviewed.
        """
        if order not in _ORDER_SQL:
            raise InvalidDecision(f"unknown order {visible(order)!r}: use one of {', '.join(_ORDER_SQL)}")
        # Review-state filters are applied from the cache below; "superseded" is a
        # column of claims, and an unknown status goes on to _filters' error.
        scope = status if status not in STATUSES or status == "superseded" else "all"
        where, params = self._filters(scope, document, search, None, None)
        base = "document" if order == "document" else "score"
        sql = f"SELECT c.id FROM claims c WHERE {where} ORDER BY {_ORDER_SQL[base]}"
        with self._lock:
            try:
                ids = self._listing.scope(self.conn, sql, params)
                if status in ("all", "superseded") and order == base or not ids:
                    return list(ids)
                return _by_state(ids, self._listing.state(self.conn), status, order)
            except sqlite3.DatabaseError as exc:
                raise classify(exc, self.path) from None

    def claims_by_ids(self, ids: Sequence[int]) -> dict[int, dict]:
        out: dict[int, dict] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._read(f"{_CLAIM_SELECT} WHERE c.id IN ({marks})", chunk):
                out[row["id"]] = _decode_claim(row)
        return out

    def count(
        self,
        *,
        status: str = "all",
        document: int | None = None,
        search: str | None = None,
    ) -> Counts:
        if status == "all" and document is None and not (search and fts_query(search)):
            # The whole database, on every decision: count from indexes, no join.
            total = self._scalar("SELECT COUNT(*) FROM claims WHERE superseded = 0")
            reviewed = self._scalar(
                "SELECT COUNT(*) FROM claim_state WHERE verdict IS NOT NULL "
                "AND claim_id NOT IN (SELECT id FROM claims WHERE superseded = 1)"
            )
            return Counts(total=total, reviewed=reviewed)
        where, params = self._filters(status, document, search, None, None)
        row = self._read(
            "SELECT COUNT(*) AS total, COUNT(s.verdict) AS reviewed "
            "FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id "
            f"WHERE {where}",
            params,
        )[0]
        return Counts(total=row["total"], reviewed=row["reviewed"])

    def _filters(
        self,
        status: str,
        document: int | None,
        search: str | None,
        reviewer: str | None,
        since: str | None,
    ) -> tuple[str, list]:
        if status not in STATUSES:
            raise InvalidDecision(f"unknown status {visible(status)!r}: use one of {', '.join(STATUSES)}")
        clauses = ["c.superseded = 1" if status == "superseded" else "c.superseded = 0"]
        params: list = []
        clauses.extend(
            {
                "unreviewed": ["s.verdict IS NULL"],
                "reviewed": ["s.verdict IS NOT NULL"],
                "flagged": ["s.flagged = 1"],
                "conflict": ["s.conflict = 1"],
                "dismissed": [f"s.verdict = '{DISMISS}'"],
            }.get(status, [])
        )
        if document is not None:
            clauses.append(
                "c.document_id IN (SELECT id FROM documents WHERE lineage = "
                "(SELECT lineage FROM documents WHERE id = ?))"
            )
            params.append(document)
        if search:
            query = fts_query(search)
            if query:
                clauses.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(query)
        if reviewer:
            clauses.append("s.reviewer = ?")
            params.append(reviewer)
        if since:
            clauses.append("s.decided_at >= ?")
            params.append(since)
        return " AND ".join(clauses), params

    def history(self, claim_id: int) -> list[dict]:
        self.claim(claim_id)  # raises NotFound
        return self._read(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq",
            (claim_id,),
        )

    def events(self, *, after: int = 0, claim_ids: Sequence[int] | None = None) -> list[dict]:
        if claim_ids is None:
            return self._read(
                f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq", (after,)
            )
        out: list[dict] = []
        ids = list(claim_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out += self._read(
                f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE seq > ? AND claim_id IN ({marks})",
                [after, *chunk],
            )
        out.sort(key=lambda e: e["seq"])
        return out

    def document(self, document_id: int) -> dict:
        rows = self._read("SELECT * FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise NotFound(f"no document {document_id}")
        return _decode_document(rows[0], self._paths(document_id))

    def documents(self, *, include_old_versions: bool = False) -> list[dict]:
        where = "" if include_old_versions else "WHERE d.superseded_by IS NULL"
        rows = self._read(
            "SELECT d.id, d.lineage, d.version, d.superseded_by, d.sha256, d.title, d.byline, "
            "d.outlet, d.published, d.url, d.encoding, d.replaced, d.size, d.format, "
            "d.ingested_at, d.model, d.extractor_version, "
            "(SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id AND c.superseded = 0) AS claims, "
            "(SELECT group_concat(path, char(10)) FROM document_paths p WHERE p.document_id = d.id) AS paths "
            f"FROM documents d {where} ORDER BY d.id"
        )
        for row in rows:
            row["paths"] = row["paths"].split("\n") if row["paths"] else []
        return rows

    def sentences(self, document_id: int) -> list[dict]:
        return self._read(
            'SELECT id, idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx',
            (document_id,),
        )

    def _paths(self, document_id: int) -> list[str]:
        return [
            r["path"]
            for r in self._read(
                "SELECT path FROM document_paths WHERE document_id = ? ORDER BY first_seen, path",
                (document_id,),
            )
        ]

    def stats(self) -> dict:
        by_verdict = {
            r["verdict"]: r["n"]
            for r in self._read(
                "SELECT s.verdict, COUNT(*) AS n FROM claim_state s JOIN claims c ON c.id = s.claim_id "
                "WHERE c.superseded = 0 AND s.verdict IS NOT NULL GROUP BY s.verdict ORDER BY n DESC"
            )
        }
        by_reviewer = {
            r["reviewer"]: {"decisions": r["decisions"], "verdicts": r["verdicts"]}
            for r in self._read(
                "SELECT reviewer, COUNT(*) AS decisions, "
                "SUM(action = 'verdict') AS verdicts FROM events GROUP BY reviewer ORDER BY reviewer"
            )
        }
        counts = self._read(
            "SELECT COUNT(*) AS claims, COUNT(s.verdict) AS reviewed, "
            "COALESCE(SUM(s.flagged), 0) AS flagged, COALESCE(SUM(s.conflict), 0) AS conflicts "
            "FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id WHERE c.superseded = 0"
        )[0]
        seq, head_hash = self.head()
        return {
            "documents": int(self._scalar("SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL")),
            "claims": int(counts["claims"]),
            "reviewed": int(counts["reviewed"]),
            "unreviewed": int(counts["claims"] - counts["reviewed"]),
            "flagged": int(counts["flagged"]),
            "conflicts": int(counts["conflicts"]),
            "events": seq,
            "head": f"{seq}:{head_hash}",
            "by_verdict": by_verdict,
            "by_reviewer": by_reviewer,
        }

    # ----------------------------------------------------------------- ingest

    def find_document(self, sha256: str) -> int | None:
        return self._scalar("SELECT id FROM documents WHERE sha256 = ?", (sha256,))

    def known_paths(self, paths: Sequence[str]) -> set[str]:
        """Which of ``paths`` (file paths or URLs) some stored document already has."""
        found: set[str] = set()
        unique = list(dict.fromkeys(paths))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r["path"] for r in self._read(
                f"SELECT DISTINCT path FROM document_paths WHERE path IN ({marks})", chunk))
        return found

    def add_path(self, document_id: int, path: str) -> bool:
        """Record another path for a stored document; False when it was known already."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO document_paths (document_id, path, first_seen) VALUES (?, ?, ?)",
                (document_id, path, now()),
            )
            return cursor.rowcount > 0

    def store_document(
        self,
        article: ArticleLike,
        extraction: Extraction,
        *,
        model: str,
        extractor_version: str,
    ) -> StoredDocument:
        """Store a newly read file with its sentences and claims, in one transaction.

        The same bytes stored before: the path is added, nothing else changes.
        A path that held other bytes before: a new version of that document;
        claims whose sentence and text are unchanged carry their id, and so
        their verdicts and history, over; the others are marked superseded.
        """
        path = str(article.path)
        with self.transaction() as conn:
            existing = conn.execute(
                "SELECT id, version FROM documents WHERE sha256 = ?", (article.sha256,)
            ).fetchone()
            if existing:
                others = [
                    r[0]
                    for r in conn.execute(
                        "SELECT path FROM document_paths WHERE document_id = ? AND path != ?",
                        (existing[0], path),
                    )
                ]
                conn.execute(
                    "INSERT OR IGNORE INTO document_paths (document_id, path, first_seen) VALUES (?, ?, ?)",
                    (existing[0], path, now()),
                )
                n_sent = conn.execute(
                    "SELECT COUNT(*) FROM sentences WHERE document_id = ?", (existing[0],)
                ).fetchone()[0]
                n_claims = conn.execute(
                    "SELECT COUNT(*) FROM claims WHERE document_id = ? AND superseded = 0",
                    (existing[0],),
                ).fetchone()[0]
                return StoredDocument(
                    "unchanged",
                    existing[0],
                    existing[1],
                    n_sent,
                    n_claims,
                    duplicate_of=None if not others or path in others else others[0],
                )
            previous = conn.execute(
                "SELECT d.id, d.lineage, d.version FROM documents d "
                "JOIN document_paths p ON p.document_id = d.id "
                "WHERE p.path = ? AND d.superseded_by IS NULL ORDER BY d.id DESC LIMIT 1",
                (path,),
            ).fetchone()
            meta = article.metadata
            extracted: dict[str, Any] = {name: getattr(meta, name) for name in METADATA_FIELDS}
            fetch = getattr(article, "fetch", None)
            if fetch is not None:
                # Where and when a web page was fetched: part of what ingest found, kept with it.
                extracted["fetch"] = {name: getattr(fetch, name) for name in fetch.__slots__}
            cursor = conn.execute(
                "INSERT INTO documents (lineage, version, sha256, title, byline, outlet, published, url, "
                "extracted, encoding, replaced, size, format, excluded, model, extractor_version, "
                "ingested_at, text) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    previous[2] + 1 if previous else 1,
                    article.sha256,
                    meta.title,
                    meta.byline,
                    meta.outlet,
                    meta.published,
                    meta.url,
                    json.dumps(extracted, ensure_ascii=False),
                    article.encoding,
                    article.replaced,
                    article.size,
                    article.format,
                    json.dumps([[s.start, s.end, s.reason] for s in article.excluded]),
                    model,
                    extractor_version,
                    now(),
                    article.text,
                ),
            )
            document_id = cursor.lastrowid
            lineage = previous[1] if previous else document_id
            conn.execute("UPDATE documents SET lineage = ? WHERE id = ?", (lineage, document_id))
            if previous:
                conn.execute(
                    "UPDATE documents SET superseded_by = ? WHERE id = ?", (document_id, previous[0])
                )
                self._carry_metadata_edits(conn, previous[0], document_id)
            conn.execute(
                "INSERT INTO document_paths (document_id, path, first_seen) VALUES (?, ?, ?)",
                (document_id, path, now()),
            )
            sync = self._write_extraction(conn, document_id, lineage, extraction)
            return StoredDocument(
                "new version" if previous else "ingested",
                document_id,
                previous[2] + 1 if previous else 1,
                len(extraction.sentences),
                len(extraction.claims),
                carried=sync.kept,
                superseded=sync.superseded,
            )

    def _carry_metadata_edits(self, conn: sqlite3.Connection, old_id: int, new_id: int) -> None:
        """A reviewer's metadata corrections apply to later versions of the same document."""
        row = conn.execute(
            f"SELECT {', '.join(METADATA_FIELDS)}, extracted FROM documents WHERE id = ?", (old_id,)
        ).fetchone()
        extracted = json.loads(row[-1])
        edited = {
            name: value
            for name, value in zip(METADATA_FIELDS, row[:-1])
            if value != extracted.get(name)
        }
        if edited:
            assignments = ", ".join(f"{name} = ?" for name in edited)
            conn.execute(
                f"UPDATE documents SET {assignments} WHERE id = ?", (*edited.values(), new_id)
            )

    def replace_extraction(
        self, document_id: int, extraction: Extraction, *, model: str, extractor_version: str
    ) -> Resync:
        """Re-run extraction's results into a stored document (``workbench extract``)."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT lineage FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if not row:
                raise NotFound(f"no document {document_id}")
            conn.execute("DELETE FROM sentences WHERE document_id = ?", (document_id,))
            conn.execute(
                "UPDATE documents SET model = ?, extractor_version = ? WHERE id = ?",
                (model, extractor_version, document_id),
            )
            return self._write_extraction(conn, document_id, row[0], extraction)

    def _write_extraction(
        self, conn: sqlite3.Connection, document_id: int, lineage: int, extraction: Extraction
    ) -> Resync:
        stamp = now()
        conn.executemany(
            'INSERT INTO sentences (document_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
            [(document_id, s.idx, s.start, s.end, s.text) for s in extraction.sentences],
        )
        sentence_ids = dict(
            conn.execute("SELECT idx, id FROM sentences WHERE document_id = ?", (document_id,))
        )
        by_idx = {s.idx: s for s in extraction.sentences}
        known = dict(
            conn.execute(
                "SELECT identity, id FROM claims WHERE document_id IN "
                "(SELECT id FROM documents WHERE lineage = ?)",
                (lineage,),
            )
        )
        occurrences: dict[tuple[str, str], int] = {}
        matched: set[int] = set()
        inserts, updates = [], []
        for position, claim in enumerate(extraction.claims):
            sentence = by_idx[claim.sentence_idx]
            key = (normalise(sentence.text), normalise(claim.text))
            occurrence = occurrences.get(key, 0)
            occurrences[key] = occurrence + 1
            identity = claim_identity(lineage, sentence.text, claim.text, occurrence)
            values = _claim_values(claim, sentence, sentence_ids.get(claim.sentence_idx), position)
            claim_id = known.get(identity)
            if claim_id is None:
                inserts.append((identity, document_id, *values, stamp, stamp))
            elif claim_id not in matched:
                matched.add(claim_id)
                updates.append((document_id, *values, stamp, claim_id))
        conn.executemany(
            "INSERT INTO claims (identity, document_id, sentence_id, sentence_idx, sentence, "
            'sent_start, sent_end, start, "end", position, text, kind, speaker, score, tier, '
            "reasons, entities, extractor_version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        conn.executemany(
            "UPDATE claims SET document_id = ?, sentence_id = ?, sentence_idx = ?, sentence = ?, "
            'sent_start = ?, sent_end = ?, start = ?, "end" = ?, position = ?, text = ?, kind = ?, '
            "speaker = ?, score = ?, tier = ?, reasons = ?, entities = ?, extractor_version = ?, "
            "superseded = 0, updated_at = ? WHERE id = ?",
            updates,
        )
        stale = [cid for cid in known.values() if cid not in matched]
        superseded = 0
        for i in range(0, len(stale), 500):
            chunk = stale[i : i + 500]
            marks = ",".join("?" * len(chunk))
            superseded += conn.execute(
                f"UPDATE claims SET superseded = 1, updated_at = ? "
                f"WHERE superseded = 0 AND id IN ({marks})",
                [stamp, *chunk],
            ).rowcount
        listing.bump_claims_generation(conn)
        return Resync(kept=len(updates), added=len(inserts), superseded=superseded)

    # ------------------------------------------------------------------ verify

    def verify(self, *, expect_head: str | None = None) -> audit.VerifyResult:
        from workbench.store.verify import verify

        with self._lock:
            return verify(self, expect_head=expect_head)

    # ------------------------------------------- planner statistics (review app)

    def optimize(self) -> None:
        """Refresh the query planner's statistics (ingest calls this at the end of a run).

        Without statistics the planner walks the score index for a one-document
        filter (about 240 ms at 100,000 claims, against 0.2 ms with them). Raises
        NotSaved when the database is busy; callers may skip it and try later.
        """
        with self.transaction() as conn:
            schema.analyze(conn)


def _claim_values(claim: ClaimRecord, sentence: Any, sentence_id: int | None, position: int) -> tuple:
    return (
        sentence_id,
        claim.sentence_idx,
        sentence.text,
        sentence.start,
        sentence.end,
        claim.start,
        claim.end,
        position,
        claim.text,
        claim.kind,
        claim.speaker,
        float(claim.score),
        claim.tier,
        json.dumps(list(claim.reasons), ensure_ascii=False),
        json.dumps(
            [
                {"text": e.text, "label": e.label, "start": e.start, "end": e.end}
                for e in claim.entities
            ],
            ensure_ascii=False,
        ),
        claim.extractor_version,
    )


_CLAIM_SELECT = """SELECT c.id, c.document_id, d.title AS document_title, d.lineage AS document_lineage,
    c.sentence_idx, c.sentence, c.sent_start, c.sent_end, c.start, c."end" AS "end", c.position,
    c.text, c.kind, c.speaker, c.score, c.tier, c.reasons, c.entities, c.extractor_version,
    c.superseded, s.verdict, s.scale, s.detail, s.note, COALESCE(s.flagged, 0) AS flagged,
    s.reviewer, s.decided_at, s.last_seq, COALESCE(s.conflict, 0) AS conflict,
    COALESCE(s.events, 0) AS events
FROM claims c JOIN documents d ON d.id = c.document_id
LEFT JOIN claim_state s ON s.claim_id = c.id"""

_ORDER_SQL = {
    "score": "c.score DESC, c.id",
    "document": "c.document_id, c.position, c.id",
    # Needs attention first: conflicts, flags, then unreviewed, then decided.
    "status": "COALESCE(s.conflict, 0) DESC, COALESCE(s.flagged, 0) DESC, "
    "(s.verdict IS NOT NULL), c.score DESC, c.id",
    "recent": "s.decided_at IS NULL, s.decided_at DESC, c.score DESC, c.id",
}


def _by_state(ids: list[int], state: listing.ReviewState, status: str, order: str) -> list[int]:
    """Filter ``ids`` (in score or document order) by review state, then sort them by it."""
    chosen = {
        "unreviewed": state.reviewed,
        "reviewed": state.reviewed,
        "flagged": state.flagged,
        "conflict": state.conflict,
        "dismissed": state.dismissed,
    }.get(status)
    if status == "unreviewed":
        ids = [i for i in ids if i not in chosen]
    elif chosen is not None:
        ids = [i for i in ids if i in chosen]
    if order == "status":
        # Needs attention first: conflicts, flags, then unreviewed, then decided;
        # the sorts are stable, so score order holds within each group.
        conflict, flagged, reviewed = state.conflict, state.flagged, state.reviewed
        special = conflict | flagged
        head = [i for i in ids if i in special] if special else []
        head.sort(key=lambda i: (i not in conflict, i not in flagged, i in reviewed))
        rest = [i for i in ids if i not in special] if special else ids
        return head + [i for i in rest if i not in reviewed] + [i for i in rest if i in reviewed]
    if order == "recent":
        # Newest decision first, ties in score order (a reversed sort is stable
        # too); claims never decided follow in score order.
        decided = state.decided
        head = [i for i in ids if i in decided]
        head.sort(key=decided.__getitem__, reverse=True)
        return head + [i for i in ids if i not in decided]
    return list(ids)


def _decode_claim(row: dict) -> dict:
    row["reasons"] = json.loads(row["reasons"])
    row["entities"] = json.loads(row["entities"])
    row["detail"] = json.loads(row["detail"]) if row["detail"] else None
    row["flagged"] = bool(row["flagged"])
    row["conflict"] = bool(row["conflict"])
    row["superseded"] = bool(row["superseded"])
    return row


def _decode_document(row: dict, paths: list[str]) -> dict:
    row["excluded"] = json.loads(row["excluded"])
    row["extracted"] = json.loads(row["extracted"])
    row["paths"] = paths
    return row


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word a quoted prefix term.

    User input is never passed to MATCH as syntax, so quotes, brackets or a
    stray AND cannot cause an FTS syntax error.
    """
    words = _FTS_TOKEN.findall(text)[:16]
    return " ".join(f'"{w}"*' for w in words)
