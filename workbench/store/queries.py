"""The one query layer: which claims a filter selects, in which order, read as records.

Size: the one query layer: one filter, one SELECT and every read of claims, events and
matches, kept together on purpose (the GUIDE's rule).

Every read of claims goes through here: the store's listings, the app's list
of ids, the counts, and every exporter (which only formats what this returns).
There is one filter (:class:`ClaimFilter`, turned into SQL by :func:`where`)
and one SELECT (``claims`` joined to their document and review state); the
tabular exports read the same rows as text cells (:mod:`workbench.store.cells`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from workbench.domain import Claim, Counts, Event, Match, ReviewerCounts, Stats
from workbench.evidence import sources_of
from workbench.records import Entity
from workbench.safetext import visible
from workbench.scales import DISMISS
from workbench.store import audit
from workbench.store.connection import classify
from workbench.store.database import Database
from workbench.store.errors import InvalidDecision, NotFound
from workbench.store.listing import order_by_state
from workbench.vocab import STATE_STATUSES, Action, Agreement, MatchVerdict, Order, Status

FROM = (
    "FROM claims c JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN claim_state s ON s.claim_id = c.id"
)
# In the order of domain.Claim's fields (decode_claim reads them by position,
# the cheapest way for the 100,000 rows of an export): a new claim column goes
# here, in decode_claim and in Claim together.
_COLUMNS = (
    'c.id, c.identity, c.document_id, d.title, d.lineage, c.sentence_id, c.sentence_idx, c.sentence, '
    'c.sent_start, c.sent_end, c.start, c."end", c.position, c.text, c.speaker, c.kind, c.score, '
    "c.tier, c.reasons, c.entities, c.extractor_version, c.superseded, c.created_at, c.updated_at, "
    "s.verdict, s.scale, s.detail, s.note, s.flagged, s.reviewer, s.decided_at, s.last_seq, "
    "s.conflict, s.events, s.correction, c.extracted, s.agreement, s.reviews, s.sources, s.explanation, c.context, "
    "c.model_version, c.prior_score, c.prior_tier, c.prior_reasons, c.prior_version, "
    # Seen before: the worker's cached level, the copy group's size less the claim, the
    # confirmed match (one primary-key lookup each, so no join changes the plan).
    "(SELECT level FROM seen_status WHERE claim_id = c.id), "
    "MAX(COALESCE((SELECT COUNT(*) - 1 FROM copy_groups h WHERE h.group_id = "
    "(SELECT group_id FROM copy_groups g WHERE g.claim_id = c.id)), 0), 0), s.match"
)
# Seen before (Status.SEEN): above the matcher's match threshold, or a confirmed match.
# Over ``claims c`` alone (claim_ids walks claims without claim_state); from partial indexes.
SEEN_SQL = (
    "(c.id IN (SELECT claim_id FROM seen_status WHERE level = 'match') "
    "OR c.id IN (SELECT claim_id FROM claim_state WHERE match IS NOT NULL))"
)
# Our own word, inlined (never a parameter) so that the planner can use the partial
# index claim_state_disputed.
DISPUTED_SQL = f"s.agreement = '{Agreement.DISPUTED.value}'"
# Double review: the viewer gave one of the verdicts behind an unsettled agreement.
_VIEWER_DECIDED = "(s.agreement IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(s.reviews) WHERE key = ?))"
SELECT = f"SELECT {_COLUMNS} {FROM}"

ORDER_SQL: dict[Order, str] = {
    Order.SCORE: "c.score DESC, c.id",
    Order.DOCUMENT: "c.document_id, c.position, c.id",
    Order.STATUS: f"(COALESCE(s.conflict, 0) OR COALESCE({DISPUTED_SQL}, 0)) DESC, COALESCE(s.flagged, 0) DESC, "
    "(s.verdict IS NOT NULL), c.score DESC, c.id",
    Order.RECENT: "s.decided_at IS NULL, s.decided_at DESC, c.score DESC, c.id",
}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims a listing, a count or an export covers."""

    status: Status = Status.ALL
    document: int | None = None  # any version of this document
    search: str | None = None  # full text over claim, sentence and speaker
    reviewer: str | None = None  # the reviewer of the claim's current state
    since: str | None = None  # canonical UTC timestamp: current state decided at/after it
    verdicts_only: bool = False  # a verdict on a scale: no dismissals, no unreviewed claims
    include_superseded: bool = False  # current and superseded claims alike (the JSONL export)
    # Whose view of review state: in double review a claim is reviewed for this
    # reviewer once they gave their verdict, settled or not (the app's own reviewer).
    viewer: str | None = None


def parse_status(value: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        valid = ", ".join(Status)
        raise InvalidDecision(f"unknown status {visible(value)!r}: use one of {valid}") from None


def parse_order(value: str) -> Order:
    try:
        return Order(value)
    except ValueError:
        valid = ", ".join(Order)
        raise InvalidDecision(f"unknown order {visible(value)!r}: use one of {valid}") from None


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word a quoted prefix term.

    User input is never passed to MATCH as syntax, so quotes, brackets or a
    stray AND cannot cause an FTS syntax error.
    """
    words = _FTS_TOKEN.findall(text)[:16]
    return " ".join(f'"{w}"*' for w in words)


def where(f: ClaimFilter, *, walk: bool = False) -> tuple[str, list]:
    """The filter as SQL over ``claims c`` LEFT JOIN ``claim_state s``, and its parameters.

    ``walk``: the caller reads every selected row in document order (an
    export). The unary + then keeps SQLite off the (superseded, score) index,
    so it walks claims_by_document in that order instead of sorting every row
    in a temporary B-tree: half the time of a 100,000-claim export.
    """
    status = f.status
    clauses: list[str] = []
    params: list = []
    if status == Status.SUPERSEDED:
        clauses.append("c.superseded = 1")
    elif not f.include_superseded:
        clauses.append("+c.superseded = 0" if walk else "c.superseded = 0")
    if status == Status.UNREVIEWED:
        clauses.append("s.verdict IS NULL")
        if f.viewer:
            clauses.append(f"NOT COALESCE({_VIEWER_DECIDED}, 0)")
            params.append(f.viewer)
    elif status == Status.REVIEWED and f.viewer and not f.verdicts_only:
        clauses.append(f"(s.verdict IS NOT NULL OR {_VIEWER_DECIDED})")
        params.append(f.viewer)
    elif status == Status.REVIEWED or f.verdicts_only:
        clauses.append("s.verdict IS NOT NULL")
    elif status == Status.FLAGGED:
        clauses.append("s.flagged = 1")
    elif status == Status.CONFLICT:
        clauses.append(f"(s.conflict = 1 OR {DISPUTED_SQL})")
    elif status == Status.ADJUDICATION:
        clauses.append(DISPUTED_SQL)
    elif status == Status.SEEN:
        clauses.append(SEEN_SQL)
    elif status == Status.DISMISSED:
        clauses.append("s.verdict = ?")
        params.append(DISMISS)
    if f.verdicts_only:
        clauses.append("s.verdict != ?")
        params.append(DISMISS)
    if f.document is not None:
        clauses.append(
            "c.document_id IN (SELECT id FROM documents WHERE lineage = "
            "(SELECT lineage FROM documents WHERE id = ?))"
        )
        params.append(f.document)
    if f.search:
        query = fts_query(f.search)
        if query:
            clauses.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(query)
    if f.reviewer:
        clauses.append("s.reviewer = ?")
        params.append(f.reviewer)
    if f.since:
        clauses.append("s.decided_at >= ?")
        params.append(f.since)
    return " AND ".join(clauses) or "1", params


_loads = json.JSONDecoder().decode


def _detail(text: str | None) -> object:
    if not text:
        return None
    try:
        return _loads(text)
    except ValueError:
        return None


def decode_claim(row: Sequence) -> Claim:
    """A row of SELECT as a Claim: JSON decoded, flags as booleans (the store's one boundary)."""
    detail_text = row[26]
    detail = _detail(detail_text)
    return Claim(
        *row[:18],
        tuple(_loads(row[18])),
        tuple(Entity(e["text"], e["label"], e["start"], e["end"]) for e in _loads(row[19])),
        row[20],
        bool(row[21]),
        row[22],
        row[23],
        row[24],
        row[25],
        detail,
        row[27],
        bool(row[28]),
        row[29],
        row[30],
        row[31],
        bool(row[32]),
        row[33] or 0,
        _loads(row[34]) if row[34] else None,
        *((extracted["text"], extracted["speaker"]) if (extracted := _detail(row[35])) else (row[13], row[14])),
        row[36],
        _detail(row[37]) if row[37] else None,
        sources_of(_detail(row[38])) if row[38] else (),
        row[39],
        detail_text,
        tuple(_loads(row[40])),
        row[41],
        row[42],
        row[43],
        tuple(_loads(row[44])) if row[44] else (),
        row[45],
        row[46],
        row[47],
        _detail(row[48]) if row[48] else None,
    )


def match_answers(conn: sqlite3.Connection, claim_ids: Sequence[int]) -> dict[int, set[tuple[str, int]]]:
    """Per claim, the candidates a reviewer confirmed or rejected (standing: not undone): never suggested again."""
    out: dict[int, set[tuple[str, int]]] = {}
    ids = list(claim_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        for claim_id, detail in conn.execute(
            f"SELECT e.claim_id, e.detail FROM events e WHERE e.action = ? AND e.claim_id IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM events u WHERE u.action = ? AND u.undoes = e.seq AND u.claim_id = e.claim_id)",
            [Action.MATCH, *part, Action.UNDO],
        ):
            try:
                named = json.loads(detail or "")
                out.setdefault(claim_id, set()).add((str(named["kind"]), int(named["ref"])))
            except (ValueError, KeyError, TypeError):
                continue
    return out


def decode_event(row: Sequence) -> Event:
    """A row in audit.EVENT_COLUMNS order as an Event, its detail decoded."""
    action = row[3]
    if action in Action._value2member_map_:
        action = Action(action)
    detail_text = row[8]
    detail = _detail(detail_text)
    # EVENT_COLUMNS: the hashed fields (content last), then prev_hash and hash.
    return Event(*row[:3], action, *row[4:8], detail, *row[9:12], row[13], row[14], row[12], detail_text)


class Queries:
    """The reads of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _claims(self, sql: str, params: Sequence = ()) -> list[Claim]:
        return [decode_claim(r) for r in self.db.rows(sql, params)]

    def claim(self, claim_id: int) -> Claim:
        rows = self._claims(f"{SELECT} WHERE c.id = ?", (claim_id,))
        if not rows:
            raise NotFound(f"no claim {claim_id}")
        return rows[0]

    def claims(self, f: ClaimFilter, order: Order = Order.SCORE, *, limit: int | None = None, offset: int = 0) -> list[Claim]:
        sql, params = self.select(f, order)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self._claims(sql, params)

    @staticmethod
    def select(f: ClaimFilter, order: Order = Order.SCORE, *, walk: bool = False) -> tuple[str, list]:
        """The SELECT of every claim ``f`` selects, in ``order``: what exporters iterate."""
        clause, params = where(f, walk=walk)
        return f"{SELECT} WHERE {clause} ORDER BY {ORDER_SQL[order]}", params

    def claims_by_ids(self, ids: Sequence[int]) -> dict[int, Claim]:
        out: dict[int, Claim] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for claim in self._claims(f"{SELECT} WHERE c.id IN ({marks})", chunk):
                out[claim.id] = claim
        return out

    def matches(self, claim_id: int) -> list[Match]:
        """A claim's "seen before" candidates: those a reviewer answered (confirmed first), then the
        matcher's cached suggestions by rank, the answered ones left out."""
        if self.db.scalar("SELECT 1 FROM claims WHERE id = ?", (claim_id,)) is None:
            raise NotFound(f"no claim {claim_id}")
        answered: dict[tuple[str, int], tuple[int, str, dict]] = {}
        for seq, value, detail in self.db.rows(
            "SELECT e.seq, e.value, e.detail FROM events e WHERE e.action = ? AND e.claim_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM events u WHERE u.action = ? AND u.undoes = e.seq AND u.claim_id = e.claim_id) ORDER BY e.seq",
            (Action.MATCH, claim_id, Action.UNDO),
        ):
            named = _detail(detail)
            if isinstance(named, dict) and isinstance(named.get("ref"), int):
                answered[(str(named.get("kind")), named["ref"])] = (seq, value, named)
        out = [
            Match(
                kind=kind, ref=ref, rank=named.get("rank"), level=None, score=named.get("score"),
                text=str(named.get("claim") or ""), rating=named.get("rating") or named.get("label"),
                publisher=named.get("publisher"), date=named.get("date"), url=named.get("url"),
                title=named.get("title"), answer=value, event=seq,
            )
            for (kind, ref), (seq, value, named) in sorted(
                answered.items(), key=lambda item: (item[1][1] != MatchVerdict.CONFIRM, -item[1][0])
            )
        ]
        for kind, ref, rank, score, level, text, rating, publisher, date, url, title in self.db.rows(
            "SELECT m.kind, m.ref, m.rank, m.score, m.level, "
            "COALESCE(f.claim, c.text), COALESCE(f.rating, json_extract(s.detail, '$.label'), s.verdict), "
            "f.publisher, COALESCE(f.date, substr(s.decided_at, 1, 10)), f.url, COALESCE(f.title, d.title) "
            "FROM seen_matches m "
            "LEFT JOIN factchecks f ON m.kind = 'factcheck' AND f.id = m.ref "
            "LEFT JOIN claims c ON m.kind = 'claim' AND c.id = m.ref "
            "LEFT JOIN claim_state s ON m.kind = 'claim' AND s.claim_id = m.ref "
            "LEFT JOIN documents d ON m.kind = 'claim' AND d.id = c.document_id "
            "WHERE m.claim_id = ? ORDER BY m.rank",
            (claim_id,),
        ):
            if (kind, ref) in answered:
                continue
            out.append(Match(kind=kind, ref=ref, rank=rank, level=level, score=score, text=text or "",
                             rating=rating, publisher=publisher, date=date, url=url, title=title))
        return out

    def claim_ids(self, f: ClaimFilter, order: Order = Order.SCORE) -> list[int]:
        """The ordered ids of the claims a filter selects: cheap even for 100,000 claims.

        The same ids in the same order as :meth:`claims`. The claims in scope
        come from one walk of an index, the review state from a cache that the
        events keep true (:mod:`workbench.store.listing`); joining each of
        100,000 claims to its state row in SQL cost 150-220 ms once half of
        them were reviewed. Only the state statuses go to the cache; the
        reviewer and since filters, which the app never uses, to SQL.
        """
        # Seen before goes to SQL: the worker's seen_status changes under no claims generation.
        if f.reviewer or f.since or f.verdicts_only or f.status == Status.SEEN:
            sql, params = self.select(f, order)
            return [r[0] for r in self.db.rows(f"SELECT id FROM ({sql})", params)]
        by_state = f.status in STATE_STATUSES
        scope = ClaimFilter(
            status=Status.ALL if by_state else f.status,
            document=f.document,
            search=f.search,
            include_superseded=f.include_superseded,
        )
        base = Order.DOCUMENT if order == Order.DOCUMENT else Order.SCORE
        db = self.db
        with db.lock:
            try:
                ids = self._scope_ids(scope, base)
                if not by_state and order == base or not ids:
                    return list(ids)
                return order_by_state(ids, db.listing.state(db.conn), f.status, order, viewer=f.viewer)
            except sqlite3.DatabaseError as exc:
                raise classify(exc, db.path) from None

    def _scope_ids(self, scope: ClaimFilter, base: Order) -> list[int]:
        """The ids of a scope with no state filter, in ``base`` order, from the listing's
        caches (the caller holds the store's lock). A search filters the scope's ids by the
        full-text index rather than joining every hit to its claim row."""
        db = self.db
        match = fts_query(scope.search) if scope.search else ""
        clause, params = where(replace(scope, search=None) if match else scope)
        sql = f"SELECT c.id FROM claims c WHERE {clause} ORDER BY {ORDER_SQL[base]}"
        if match:
            return db.listing.searched(db.conn, sql, params, match)
        return db.listing.scope(db.conn, sql, params)

    def count(self, f: ClaimFilter) -> Counts:
        """How many claims ``f`` selects, how many are reviewed, and between reviewers: how many
        wait on the viewer's double review being settled (``f.viewer``), how many are disputed."""
        viewer = f.viewer
        awaiting_sql = f"SUM(s.verdict IS NULL AND {_VIEWER_DECIDED})"
        if f == ClaimFilter(search=f.search, viewer=viewer) and not (f.search and fts_query(f.search)):
            # The whole database, on every decision: count from indexes, no join.
            live = "claim_id NOT IN (SELECT id FROM claims WHERE superseded = 1)"
            total = self.db.scalar("SELECT COUNT(*) FROM claims WHERE superseded = 0")
            reviewed = self.db.scalar(f"SELECT COUNT(*) FROM claim_state WHERE verdict IS NOT NULL AND {live}")
            disputed = self.db.scalar(f"SELECT COUNT(*) FROM claim_state s WHERE {DISPUTED_SQL} AND {live}")
            awaiting = 0
            if viewer:
                awaiting = self.db.scalar(
                    f"SELECT COALESCE({awaiting_sql}, 0) FROM claim_state s WHERE s.agreement IS NOT NULL AND {live}",
                    (viewer,),
                )
            return Counts(total=total, reviewed=reviewed, awaiting=int(awaiting or 0), disputed=int(disputed or 0))
        if f == ClaimFilter(search=f.search, document=f.document, viewer=viewer) and f.search and fts_query(f.search):
            # A search: count the listed ids against the cached review state, no join.
            db = self.db
            with db.lock:
                try:
                    ids = self._scope_ids(ClaimFilter(search=f.search, document=f.document), Order.SCORE)
                    state = db.listing.state(db.conn)
                except sqlite3.DatabaseError as exc:
                    raise classify(exc, db.path) from None
            reviewed = state.reviewed
            disputed = state.disputed
            deciders = state.deciders
            return Counts(
                total=len(ids),
                reviewed=sum(1 for i in ids if i in reviewed),
                awaiting=sum(1 for i in ids if i in deciders and viewer in deciders[i]) if viewer and deciders else 0,
                disputed=sum(1 for i in ids if i in disputed) if disputed else 0,
            )
        clause, params = where(f)
        awaiting = f", COALESCE({awaiting_sql}, 0)" if viewer else ", 0"
        total, reviewed, disputed, awaiting_n = self.db.rows(
            f"SELECT COUNT(*), COUNT(s.verdict), COALESCE(SUM({DISPUTED_SQL}), 0){awaiting} "
            f"FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id WHERE {clause}",
            [viewer, *params] if viewer else params,
        )[0]
        return Counts(total=total, reviewed=reviewed, awaiting=int(awaiting_n or 0), disputed=int(disputed or 0))

    def pending(self, f: ClaimFilter) -> int:
        """How many claims ``f`` selects await double review's second verdict."""
        clause, params = where(f)
        return int(self.db.scalar(
            f"SELECT COUNT(*) FROM claims c JOIN claim_state s ON s.claim_id = c.id WHERE {clause} AND s.agreement = ?",
            [*params, Agreement.PENDING],
        ) or 0)

    # ---------------------------------------------------------------- events

    def _events(self, sql: str, params: Sequence = ()) -> list[Event]:
        return [decode_event(r) for r in self.db.rows(sql, params)]

    def history(self, claim_id: int) -> list[Event]:
        """Every event on a claim, oldest first."""
        if self.db.scalar("SELECT 1 FROM claims WHERE id = ?", (claim_id,)) is None:
            raise NotFound(f"no claim {claim_id}")
        return self._events(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (claim_id,)
        )

    def events(self, *, after: int = 0, claim_ids: Iterable[int] | None = None) -> list[Event]:
        if claim_ids is None:
            return self._events(f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq", (after,))
        out: list[Event] = []
        ids = list(claim_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out += self._events(
                f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE seq > ? AND claim_id IN ({marks})",
                [after, *chunk],
            )
        out.sort(key=lambda e: e.seq)
        return out

    def events_of(self, f: ClaimFilter) -> dict[int, list[Event]]:
        """The events of every claim ``f`` selects, by claim, in log order (one pass)."""
        clause, params = where(f)
        history: dict[int, list[Event]] = {}
        for event in self._events(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id IN "
            f"(SELECT c.id FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id WHERE {clause}) "
            "ORDER BY seq",
            params,
        ):
            history.setdefault(event.claim_id, []).append(event)  # type: ignore[arg-type]
        return history

    def document_edits(self) -> list[Event]:
        """Every audited correction of document metadata, in log order."""
        return self._events(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id IS NULL AND action = ? ORDER BY seq",
            (Action.DOCUMENT,),
        )

    def content_events(self) -> list[Event]:
        """Every content event (what ingest and re-extraction stored, as digests), in log order."""
        return self._events(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id IS NULL AND action = ? ORDER BY seq",
            (Action.CONTENT,),
        )

    def text_rows(self, names: Sequence[str], f: ClaimFilter, *, batch: int = 2000) -> Iterator[list[tuple[bytes, ...]]]:
        """Batches of :func:`text_cells` rows, every cell as UTF-8 bytes.

        Bytes straight from SQLite: a tabular export of 100,000 claims then
        never decodes every cell to str only to encode it again.
        """
        from workbench.store.cells import text_cells

        sql, params = text_cells(names, f)
        db = self.db
        with db.lock:
            conn = db.conn
            factory = conn.text_factory
            conn.text_factory = bytes
            try:
                cursor = conn.execute(sql, params)
                while rows := cursor.fetchmany(batch):
                    yield rows
            except sqlite3.DatabaseError as exc:
                raise classify(exc, db.path) from None
            finally:
                conn.text_factory = factory

    # ----------------------------------------------------------------- stats

    def stats(self) -> Stats:
        db = self.db
        by_verdict = dict(
            db.rows(
                "SELECT s.verdict, COUNT(*) AS n FROM claim_state s JOIN claims c ON c.id = s.claim_id "
                "WHERE c.superseded = 0 AND s.verdict IS NOT NULL GROUP BY s.verdict ORDER BY n DESC"
            )
        )
        by_reviewer = {
            reviewer: ReviewerCounts(decisions=int(decisions), verdicts=int(verdicts or 0))
            for reviewer, decisions, verdicts in db.rows(
                "SELECT reviewer, COUNT(*), SUM(action = ?) FROM events WHERE action != ? "
                "GROUP BY reviewer ORDER BY reviewer",
                (Action.VERDICT, Action.CONTENT),
            )
        }
        claims, reviewed, flagged, conflicts, disputed, pending = db.rows(
            "SELECT COUNT(*), COUNT(s.verdict), COALESCE(SUM(s.flagged), 0), COALESCE(SUM(s.conflict), 0), "
            f"COALESCE(SUM({DISPUTED_SQL}), 0), COALESCE(SUM(s.agreement = ?), 0) "
            "FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id WHERE c.superseded = 0",
            (Agreement.PENDING,),
        )[0]
        seq, head_hash = db.head()
        return Stats(
            documents=int(db.scalar("SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL")),
            claims=int(claims),
            reviewed=int(reviewed),
            unreviewed=int(claims - reviewed),
            flagged=int(flagged),
            conflicts=int(conflicts),
            events=seq,
            head=f"{seq}:{head_hash}",
            by_verdict=by_verdict,
            by_reviewer=by_reviewer,
            disputed=int(disputed),
            pending=int(pending),
        )
