"""`workbench verify`: prove the audit log and everything derived from it are intact.

The chain is proved on a second connection (store/chain.py) while this one reads
the log once for everything else, both in one snapshot.

Size: one module for one pass over the log: each event's meaning, the content
digests and the folded state are checked in the same walk.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from workbench import evidence
from workbench.domain import METADATA_FIELDS
from workbench.safetext import visible
from workbench.scales import BUILTIN_SCALES, DISMISS
from workbench.store import audit, chain, content, schema
from workbench.store.desk import check_desk, check_learn_event
from workbench.store.identity import genesis_hash
from workbench.vocab import CORRECTABLE, Action, Flag, MatchKind, MatchVerdict, Role

if TYPE_CHECKING:
    from workbench.store.database import Database

MAX_LISTED = 20  # problems of one kind listed before "... more"
_TEXT = frozenset({str, type(None)})  # what a text column holds


def _normalise_sql(sql: str) -> str:
    return " ".join(sql.split())


def verify(store: Database, *, expect_head: str | None = None) -> audit.VerifyResult:
    """Check, in order: integrity, the schema and triggers, the chain, each event's meaning,
    the content digests, the derived caches, the expected head.

    Stops at the first broken event and names it; later checks still run, so
    one report shows every kind of damage. Text that is not valid UTF-8 (a
    damaged page) is read again leniently and reported where it sits.
    """
    # verify keeps every claim's events until it has folded them: a few hundred thousand
    # objects, none of them in a cycle, which the cyclic collector would walk again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _verify_readable(store, expect_head)
    finally:
        if collecting:
            gc.enable()


def _verify_readable(store: Database, expect_head: str | None) -> audit.VerifyResult:
    conn = store.conn
    try:
        try:
            return _verify(store, expect_head)
        except sqlite3.OperationalError as exc:
            if "decode" in str(exc).lower():
                raise
            # SQLite's JSON refuses a blob where an event holds text (damage): the log is
            # read again, each event's canonical JSON written here.
            return _verify(store, expect_head, sql_json=False)
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
    factory = conn.text_factory
    conn.text_factory = _lenient_text
    try:
        return _verify(store, expect_head, lenient=True)
    finally:
        conn.text_factory = factory


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _verify(
    store: Database, expect_head: str | None, *, lenient: bool = False, sql_json: bool = True
) -> audit.VerifyResult:
    conn = store.conn
    problems: list[str] = []

    # A second connection proves the chain, writes the content digests and runs the
    # file-level checks in SQLite, off the GIL, while this thread reads the log for the
    # rest. What it read is used only when both connections read the same snapshot: no
    # commit came between this connection's data_version before the helper began reading
    # and the one it reads at.
    own = not conn.in_transaction  # inside a caller's transaction, only this connection sees it
    helper = _Helper(store, prove=own and sql_json and not lenient)
    helper.start()
    # Connecting is slow: it stays outside the window a commit could fall in. A connection
    # that does not come (a lock held elsewhere) leaves everything to this one.
    before = None
    if helper.connected.wait(timeout=_CONNECT_WAIT) and helper.proving:
        before = _data_version(conn)
        helper.go.set()
        helper.reading.wait()
    else:
        helper.give_up()
        helper.go.set()
    if own:
        conn.execute("BEGIN")  # one snapshot for every check below, whoever commits meanwhile
    try:
        present = {
            name: sql
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        }
        if before is not None and _data_version(conn) != before:
            helper.give_up()
        for name, expected in schema.EVENT_TRIGGERS.items():
            if name not in present:
                problems.append(f"trigger {name} is missing: the log is not protected against edits")
            elif _normalise_sql(present[name]) != _normalise_sql(expected):
                problems.append(f"trigger {name} has been altered")
        problems.extend(_check_schema(conn))

        if genesis_hash(store.db_id) != store.genesis:
            problems.append("the genesis hash does not match the database id")

        walk = _walk(store)
        found = helper.proof()
        if found is None:
            found = chain.walk(conn, store.genesis, lenient=lenient, sql_json=sql_json)
        problems.extend(found.problems)
        problems.extend(walk.meaning)
        if expect_head:
            problems.extend(_check_expected_head(expect_head, found.hashes))

        folds: dict[int, audit.ClaimState] = {}

        def fold(claim_id: int) -> audit.ClaimState:
            """Each claim folded once, for the state and the corrections checks."""
            state = folds.get(claim_id)
            if state is None:
                state = folds[claim_id] = audit.fold_rows(claim_id, walk.by_claim[claim_id])
            return state

        for name, check in (
            ("content", lambda: walk.tracker.finish(conn, helper.digests)),
            ("claim state", lambda: _check_claim_state(conn, walk.by_claim, fold)),
            ("corrections", lambda: _check_corrections(conn, walk.corrected, fold)),
            ("document metadata", lambda: _check_documents(conn, walk.doc_edits)),
            ("desk models", lambda: check_desk(conn, walk.learn_events)),
        ):
            try:
                problems.extend(check())
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # Data a damaged page left unreadable: still one line, naming the check.
                problems.append(f"the {name} check met damaged data: {visible(f'{type(exc).__name__}: {exc}')}")
    except BaseException:
        helper.abort()
        helper.go.set()
        helper.join()
        raise
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")  # a read transaction: nothing to keep or lose
    problems[:0] = helper.file_problems()

    head_seq, head_hash = found.head
    return audit.VerifyResult(
        ok=not problems, events=len(found.hashes), head_seq=head_seq, head_hash=head_hash, problems=problems,
        hashes=found.hashes,
    )


_CONNECT_WAIT = 2.0  # seconds verify waits for its second connection before it does without


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]


@dataclass
class _Walk:
    """What the pass over the log found, and what the later checks take from it."""

    meaning: list[str]
    tracker: _ContentTracker
    by_claim: defaultdict[int, list[tuple]]  # each claim's events, as rows, oldest first
    corrected: set[int]  # the claims with a correction event
    doc_edits: dict[int, list[dict]]
    learn_events: list[dict]


def _walk(store: Database) -> _Walk:
    """One pass over the events, in order: each event's meaning, the content each binds, each claim's events.

    One pass, with locals, rows and no call per event where one can be spared:
    it is most of what verify costs. The chain is checked apart (store/chain.py).
    """
    conn = store.conn
    by_claim: defaultdict[int, list[tuple]] = defaultdict(list)
    corrected: set[int] = set()
    doc_edits: dict[int, list[dict]] = {}
    learn_events: list[dict] = []
    fields = audit.SORTED_FIELDS
    content_action, document_action = Action.CONTENT.value, Action.DOCUMENT.value
    learn_action, correct_action, note_action = Action.LEARN.value, Action.CORRECT.value, Action.NOTE.value
    tracker = _ContentTracker()
    bound_claims = tracker.claims
    meaning: list[str] = []
    # Most events repeat a few meanings (a verdict of a scale, a flag on or off): each is
    # checked once, keyed by every field a meaning depends on (a snapshot's JSON costs to parse).
    checked: dict[tuple, str | None] = {}
    unchecked = object()
    # The claims' events are kept for the fold: one copy of each verdict snapshot, not one per event.
    details: dict[str | None, str | None] = {}
    for row in conn.execute(f"SELECT {', '.join(fields)} FROM events ORDER BY seq"):
        action, at, claim_id, conflict_with, digest, detail, document_id, reviewer, scale, seen, seq, undoes, value = row
        if action == content_action:
            parsed = content.parse_detail(detail)
            if len(meaning) <= MAX_LISTED:
                _note_meaning(meaning, seq, _content_problem(claim_id, parsed))
            tracker.content_event(seq, parsed)
        else:
            if len(meaning) <= MAX_LISTED:
                if action == note_action:  # a note's meaning reads no more than this: its text is its own
                    key = (action, type(value), type(scale), type(detail), claim_id is None)
                else:
                    key = (action, value, scale, detail, claim_id is None, document_id is None, undoes is None)
                problem = checked.get(key, unchecked)
                if problem is unchecked:
                    problem = checked[key] = _check_meaning(row)
                if problem:
                    _note_meaning(meaning, seq, problem)
            if digest is not None:
                bound = bound_claims.get(claim_id) if claim_id is not None else None
                if bound is None or bound[1] != digest:  # the common case (it matches) costs one lookup
                    tracker.decision(seq, claim_id, document_id, digest)
            elif tracker.covering and (claim_id is not None or action == document_action):
                tracker.add(f"event {seq}: a decision that does not record the content it was made on")
        if claim_id is not None:
            shared = details.setdefault(detail, detail)
            by_claim[claim_id].append(row if shared is detail else (
                action, at, claim_id, conflict_with, digest, shared, document_id, reviewer, scale, seen, seq, undoes,
                value,
            ))
            if action == correct_action:
                corrected.add(claim_id)
        elif action == document_action:
            if document_id is not None:
                doc_edits.setdefault(document_id, []).append(dict(zip(fields, row)))
        elif action == learn_action:
            learn_events.append(dict(zip(fields, row)))
    return _Walk(meaning, tracker, by_claim, corrected, doc_edits, learn_events)


def _note_meaning(meaning: list[str], seq: int, problem: str | None) -> None:
    if problem:
        meaning.append(f"event {seq}: {problem}" if len(meaning) < MAX_LISTED else "... (more events not listed)")


@dataclass(frozen=True, slots=True)
class _Written:
    """The claims' and documents' digests SQLite wrote, with the ids it left to Python; None where it did not."""

    claims: tuple[dict[int, str], list[int]] | None
    documents: tuple[dict[int, list[str]], list[int]] | None


class _Helper(threading.Thread):
    """The second connection: the chain's proof (store/chain.py) and the claims' digests written
    by SQLite (store/content.py), then integrity_check and FTS5's check.

    The proof and the digests read inside a read transaction begun before
    ``reading`` is set; the file checks run after it, outside one (FTS5's
    check is a write statement).
    """

    def __init__(self, store: Database, *, prove: bool) -> None:
        super().__init__(name="workbench-verify-helper", daemon=True)
        self.store = store
        self.proving = prove
        self.connected = threading.Event()  # its connection is open (or cannot be)
        self.go = threading.Event()  # the caller has read its data_version: the snapshot may be taken
        self.reading = threading.Event()  # the proof's snapshot is taken (or there is none)
        self.proved = threading.Event()
        self.digested = threading.Event()
        self._abandoned = False  # the proof is not wanted
        self._aborted = False  # nothing more is wanted (verify failed and starts again)
        self._chain: chain.Chain | None = None
        self._claims: tuple[dict[int, str], list[int]] | None = None
        self._documents: tuple[dict[int, list[str]], list[int]] | None = None
        self.problems: list[str] = []
        self.error: BaseException | None = None
        self.has_connection = False

    def give_up(self) -> None:
        """The proof is not wanted (it would be of another snapshot): it stops between ranges."""
        self._abandoned = True

    def abort(self) -> None:
        """Verify failed and starts again: the proof stops, and the file checks do not start."""
        self._abandoned = self._aborted = True

    def run(self) -> None:
        from workbench.store.connection import connect, connect_read_only

        try:
            try:
                if self.store.read_only:
                    conn, _ = connect_read_only(self.store.path)
                else:
                    conn = connect(self.store.path)
            except Exception:  # noqa: BLE001 - the caller checks the chain and the file itself
                self.proving = False
                return
            self.has_connection = True
            self.connected.set()
            try:
                if self.proving:
                    self.go.wait()
                    self._prove(conn)
                if not self._aborted:
                    self.problems = _file_problems(conn)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                self.error = exc
            finally:
                conn.close()
        finally:
            self.connected.set()
            self.reading.set()
            self.proved.set()
            self.digested.set()

    def _prove(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken here
        except sqlite3.Error:
            self.proving = False
            return
        finally:
            self.reading.set()
        try:
            try:
                self._chain = chain.prove(conn, self.store.genesis, stop=lambda: self._abandoned)
            except (sqlite3.Error, ValueError, UnicodeError, TypeError):
                self._chain = None  # damage, most likely: chain.walk names it
            finally:
                self.proved.set()
            if not self._abandoned:
                try:
                    self._claims = content.claim_digests_in_sql(conn)
                    self._documents = content.document_digests_in_sql(conn)
                except (sqlite3.Error, ValueError, UnicodeError, TypeError):
                    pass  # the caller computes what is missing
        finally:
            self.digested.set()
            if conn.in_transaction:
                conn.execute("COMMIT")

    def proof(self) -> chain.Chain | None:
        """The proved chain; None when it was not proved (or not on this snapshot)."""
        if not self.proving or self._abandoned:
            return None
        self.proved.wait()
        return None if self._abandoned else self._chain

    def digests(self) -> _Written:
        """The digests SQLite wrote (content.*_digests_in_sql) on the caller's snapshot, each None where it did not."""
        if not self.proving or self._abandoned:
            return _Written(None, None)
        self.digested.wait()
        return _Written(None, None) if self._abandoned else _Written(self._claims, self._documents)

    def file_problems(self) -> list[str]:
        self.join()
        if self.error is not None:
            raise self.error
        if not self.has_connection:
            return _file_problems(self.store.conn)
        return self.problems


def _file_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    bad = [r[0] for r in rows if r[0] != "ok"]
    if bad:
        problems.append(f"integrity_check failed: {visible(bad[0])}")
    problems.extend(_check_search_index(conn))
    return problems


def _settled(
    conn: sqlite3.Connection, written: tuple[dict, list[int]] | None, recorded: dict, every: Callable, some: Callable
) -> dict:
    """The digests of every claim or document: those SQLite wrote, with Python's for each it
    left and each that differs from its record (Python decides); all Python's when it wrote none."""
    if written is None:
        return every(conn)
    found, left = written
    again = [*left, *(k for k, v in found.items() if recorded.get(k, (0, v))[1] != v)]
    found.update(some(conn, again))
    return found


class _ContentTracker:
    """Follows the content digests along the chain, and checks the rows against the last ones.

    A claim's or document's digest may change only in a content event (an
    ingest or re-extraction, which also says what it replaced); every decision
    must have been made on the content the chain holds at that point; and the
    rows must hold what the last event recorded.
    """

    def __init__(self) -> None:
        self.claims: dict[int, tuple[int, str]] = {}
        self.documents: dict[int, tuple[int, list]] = {}
        self.meta: tuple[int, str] | None = None
        self.covering = False  # from the first content event on, every decision binds its content
        self.problems: list[str] = []

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        elif len(self.problems) == MAX_LISTED:
            self.problems.append("... (more content differences not listed)")

    def content_event(self, seq: int, detail: Mapping | None) -> None:
        """A content event, its detail as content.parse_detail reads it."""
        if detail is None:
            return  # _check_meaning reports it
        self.covering = True
        was = detail.get("was", {})
        for kind, known, listed, replaced in (
            ("claim", self.claims, detail["claims"], was.get("claims", {})),
            ("document", self.documents, detail["documents"], was.get("documents", {})),
        ):
            for key, now in listed.items():
                item = int(key)
                old = known.get(item)
                before = replaced.get(key)
                if old is not None and before != old[1]:
                    self.add(
                        f"{kind} {item}: changed outside the log between event {old[0]} and event {seq} "
                        f"(event {seq} stored over content no event recorded)"
                    )
                elif old is None and before is not None:
                    self.add(f"{kind} {item}: event {seq} replaced content no event had recorded")
                known[item] = (seq, now)
        self.meta = (seq, detail["meta"])

    def decision(self, seq: int, claim_id: int | None, document_id: int | None, digest: str) -> None:
        if claim_id is not None:
            bound = self.claims.get(claim_id)
            what, shown = f"claim {claim_id}", digest
            recorded = bound[1] if bound else None
        else:
            doc = self.documents.get(document_id) if document_id is not None else None
            bound = doc
            what, shown = f"document {document_id}", digest
            recorded = doc[1][0] if doc else None
        if bound is None:
            self.add(f"{what}: event {seq} was decided on content no content event stored")
        elif recorded != shown:
            self.add(
                f"{what}: event {seq} was decided on content that differs from what event {bound[0]} stored "
                f"(changed outside the log before event {seq})"
            )

    def finish(self, conn: sqlite3.Connection, written: Callable[[], _Written]) -> list[str]:
        """The rows against the last digests; ``written`` gives the digests SQLite wrote, where it did."""
        if not self.covering:
            return self.problems
        sql = written()
        # Python decides each claim or document SQLite left, and each whose digest differs from its record.
        claims = _settled(conn, sql.claims, self.claims, content.claim_digests, content.claim_digests_of)
        for claim_id in sorted(set(claims) | set(self.claims)):
            now, bound = claims.get(claim_id), self.claims.get(claim_id)
            if bound is None:
                self.add(f"claim {claim_id}: is not on the audit chain (stored outside the log)")
            elif now is None:
                self.add(f"claim {claim_id}: event {bound[0]} stored it, and it is gone")
            elif now != bound[1]:
                self.add(
                    f"claim {claim_id}: its text, speaker, span, sentence, visibility or shipped score no longer matches "
                    f"what event {bound[0]} stored (changed outside the log)"
                )
        documents = _settled(conn, sql.documents, self.documents, content.document_digests, content.document_digests)
        for document_id in sorted(set(documents) | set(self.documents)):
            now, bound = documents.get(document_id), self.documents.get(document_id)
            if bound is None:
                self.add(f"document {document_id}: is not on the audit chain (stored outside the log)")
            elif now is None:
                self.add(f"document {document_id}: event {bound[0]} stored it, and it is gone")
            elif now[0] != bound[1][0]:
                self.add(
                    f"document {document_id}: its text, paths or ingest record no longer match "
                    f"what event {bound[0]} stored (changed outside the log)"
                )
            elif now[1] != bound[1][1]:
                self.add(
                    f"document {document_id}: its sentences no longer match what event {bound[0]} stored "
                    "(changed outside the log)"
                )
        if self.meta is not None and content.meta_digest(conn) != self.meta[1]:
            self.add(f"the database's identity record differs from what event {self.meta[0]} stored")
        return self.problems


@lru_cache(maxsize=1)
def _expected_schema() -> dict[str, tuple[str, str, str]]:
    """Every schema object a database at the current version holds: name -> (type, table, SQL)."""
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        schema.initialise(fresh)
        schema.migrate(fresh)
        return {
            name: (kind, table, _normalise_sql(sql or ""))
            for kind, name, table, sql in fresh.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            if not name.startswith("sqlite_stat")  # statistics come and go with ANALYZE
        }
    finally:
        fresh.close()


def _check_schema(conn: sqlite3.Connection) -> list[str]:
    """The tables, indexes and triggers are those the migrations build, word for word.

    Other modules may add tables of their own (the fact-check library), but no
    trigger on the store's tables: one could rewrite what is stored as it is written.
    """
    expected = _expected_schema()
    found = {
        name: (kind, table, _normalise_sql(sql or ""))
        for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        if not name.startswith("sqlite_stat")  # statistics come and go with ANALYZE
    }
    problems = []
    for name, spec in expected.items():
        if name in schema.EVENT_TRIGGERS:
            # The SQL is reported above, in words about the log; here, what it is attached to.
            if name in found and found[name][:2] != spec[:2]:
                problems.append(f"trigger {name} is attached to another table (altered)")
            continue
        if name not in found:
            problems.append(f"{spec[0]} {name} is missing from the schema")
        elif found[name] != spec:
            problems.append(f"{spec[0]} {name} differs from the schema the migrations build (altered)")
    store_tables = {table for kind, table, _ in expected.values()}
    for name, (kind, table, _) in found.items():
        if name not in expected and kind == "trigger" and table in store_tables:
            problems.append(f"an unknown trigger {visible(name)!r} on {visible(table)} (not the workbench's)")
    return problems[:MAX_LISTED]


def _check_search_index(conn: sqlite3.Connection) -> list[str]:
    """FTS5's own check that the search indexes match the claims and sentences they index.

    It runs as a write statement, so a read-only database skips it (and says so
    nowhere: the index is derived, searching is what it affects).
    """
    problems = []
    for table in ("claims_fts", "sentences_fts"):
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if any(word in text for word in ("readonly", "read-only", "locked", "busy")):
                return []  # read-only, or another writer holds the lock: the check waits for next time
            problems.append(f"the search index {table} is damaged: {visible(str(exc))}")
        except sqlite3.DatabaseError as exc:
            problems.append(f"the search index {table} is damaged: {visible(str(exc))}")
    return problems


def _check_meaning(row: tuple) -> str | None:
    """What makes an event meaningless (an unknown action, a verdict outside its scale...), or None.

    It reads the action, value, scale and detail, and whether the claim, the
    document and the event undone are named: verify checks each set of them once.
    """
    action, value, detail = row[audit.ACTION], row[audit.VALUE], row[audit.DETAIL]
    if not {type(action), type(value), type(row[audit.SCALE]), type(detail)} <= _TEXT:
        return "its action, value, scale or detail is not text (the file is damaged here)"
    if action not in Action._value2member_map_:
        return f"unknown action {visible(str(action))!r}"
    if action == Action.CONTENT:
        return _content_problem(row[audit.CLAIM_ID], content.parse_detail(detail))
    if action == Action.DOCUMENT:
        try:
            changes = json.loads(value or "")
        except ValueError:
            changes = None
        if row[audit.DOCUMENT_ID] is None or not isinstance(changes, dict) or not set(changes) <= set(METADATA_FIELDS):
            return f"a document edit that names no document or unknown fields"
        return None
    if action == Action.LEARN:
        return check_learn_event(dict(zip(audit.SORTED_FIELDS, row)))
    if row[audit.CLAIM_ID] is None:
        return f"a {action} that names no claim"
    if action == Action.FLAG and value not in (Flag.ON, Flag.OFF):
        return f"a flag must be on or off, not {visible(str(value))!r}"
    if action == Action.UNDO and row[audit.UNDOES] is None:
        return f"an undo that retracts nothing"
    if action == Action.VERDICT:
        roles = bool(detail) and '"review"' in detail
        parsed = _parse(detail) if value != DISMISS or roles else None  # an overrule's detail is parsed once
        return _check_verdict(value, row[audit.SCALE], parsed) or (_check_role(parsed) if roles else None)
    if action == Action.EVIDENCE:
        return evidence.problem(value)
    if action == Action.MATCH:
        try:
            named = json.loads(detail or "")
        except ValueError:
            named = None
        if (
            value not in MatchVerdict._value2member_map_
            or not isinstance(named, dict)
            or named.get("kind") not in MatchKind._value2member_map_
            or isinstance(named.get("ref"), bool)
            or not isinstance(named.get("ref"), int)
        ):
            return "a match must confirm or reject a fact-check or a claim it names by id"
    if action == Action.CORRECT:
        try:
            fields = json.loads(value or "")
        except ValueError:
            fields = None
        text, speaker = (fields or {}).get("text", ""), (fields or {}).get("speaker")
        if (
            not isinstance(fields, dict)
            or not fields
            or not set(fields) <= set(CORRECTABLE)
            or ("text" in fields and (not isinstance(text, str) or not text.strip()))
            or not (speaker is None or isinstance(speaker, str))
        ):
            return f"a correction must set a non-empty text and/or a speaker, and nothing else"
    return None


def _content_problem(claim_id: int | None, parsed: object) -> str | None:
    if claim_id is not None or parsed is None:
        return "a content event must list the digests of what it stored, and name no claim"
    return None


def _parse(detail: str | None) -> object:
    """A verdict's detail as JSON, None when it is not JSON."""
    try:
        return json.loads(detail) if detail else None
    except ValueError:
        return None


def _check_role(detail: object) -> str | None:
    """A verdict's role beside other reviewers' (its parsed detail's review) must name what it relates to."""
    review = detail.get("review") if isinstance(detail, dict) else None  # _check_verdict reports the rest
    if review is None:
        return None
    role = review.get("role") if isinstance(review, dict) else None
    if role not in Role._value2member_map_:
        return f"a verdict with an unknown role {visible(str(role))!r}"
    of = review.get("of")
    if role == Role.OVERRULE and (isinstance(of, bool) or not isinstance(of, int)):
        return "an overrule that names no event"
    if role == Role.ADJUDICATION and not (isinstance(of, list) and all(isinstance(x, int) for x in of)):
        return "an adjudication that names no verdicts"
    if role == Role.DOUBLE and not isinstance(review.get("blind"), bool):
        return "a double-review verdict that does not say whether it was blind"
    return None


def _check_verdict(value: str | None, scale_id: str | None, detail: object) -> str | None:
    """A verdict must be on the scale it names, as its parsed detail (a snapshot of its definition) records."""
    if value == DISMISS:
        return None
    where = f"verdict {visible(str(value))!r}"
    if isinstance(detail, dict) and "slug" in detail:
        if detail.get("slug") != value:
            return f"{where} differs from the verdict its record defines ({visible(str(detail.get('slug')))!r})"
        rating, best, worst = detail.get("rating_value"), detail.get("best_rating"), detail.get("worst_rating")
        if detail.get("on_scale") is False:
            if rating is not None:
                return f"{where} is off its scale but carries a rating"
        else:
            numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (rating, best, worst))
            if not numbers or not worst <= rating <= best:  # type: ignore[operator]
                return f"{where} is rated outside its scale's range"
        builtin = BUILTIN_SCALES.get(scale_id or "")
        if builtin is not None and builtin.get(value or "") is None:
            return f"{where} is not on the built-in scale {scale_id!r}"
        return None
    # Recorded without a snapshot (an older client): only a built-in scale can vouch for it.
    builtin = BUILTIN_SCALES.get(scale_id or "")
    if builtin is None or builtin.get(value or "") is None:
        return f"{where} is not on its recorded scale {visible(str(scale_id))!r}"
    return None


def _check_expected_head(expect_head: str, hashes: dict[int, str]) -> list[str]:
    seq_text, _, want = expect_head.strip().partition(":")
    try:
        seq = int(seq_text)
    except ValueError:
        return [f"--expect-head must look like SEQ:HASH, got {expect_head!r}"]
    if seq == 0:
        return []
    if seq not in hashes:
        return [
            f"expected head {seq} is no longer on the chain: the log ends at "
            f"{max(hashes) if hashes else 0} (cut back)"
        ]
    if hashes[seq] != want.strip().lower():
        return [f"expected head {seq} is no longer on the chain: event {seq} has another hash (rewritten)"]
    return []


def _check_claim_state(
    conn: sqlite3.Connection, by_claim: Mapping[int, list[tuple]], fold: Callable[[int], audit.ClaimState]
) -> list[str]:
    cached = {
        row[0]: row
        for row in conn.execute(f"SELECT {audit.STATE_COLUMNS} FROM claim_state")
    }
    problems = []
    for claim_id in sorted(set(cached) | set(by_claim)):
        events = by_claim.get(claim_id)
        if not events:
            problems.append(f"claim {claim_id}: cached state has no events behind it")
            continue
        derived = fold(claim_id).as_row()
        if cached.get(claim_id) != derived:
            problems.append(f"claim {claim_id}: cached state differs from its events")
        if len(problems) >= MAX_LISTED:
            problems.append("... (more cache differences not listed)")
            break
    return problems


def _check_corrections(
    conn: sqlite3.Connection, corrected: Iterable[int], fold: Callable[[int], audit.ClaimState]
) -> list[str]:
    """A claim shows what extraction said, overlaid by the corrections its events add up to.

    The extracted values are kept (``claims.extracted``) exactly while a
    correction stands; a text or speaker changed outside the log shows up as a
    row that holds them with no correction behind it, or one that differs.
    """
    derived = {}
    for claim_id in corrected:
        correction = fold(claim_id).correction
        if correction:
            derived[claim_id] = json.loads(correction)
    problems = []
    rows = {
        row[0]: row
        for row in conn.execute("SELECT id, text, speaker, extracted FROM claims WHERE extracted IS NOT NULL")
    }
    for claim_id in sorted(set(rows) | set(derived)):
        row = rows.get(claim_id)
        if row is None:
            problems.append(f"claim {claim_id}: its corrections are not on the claim (what extraction said is lost)")
        elif claim_id not in derived:
            problems.append(f"claim {claim_id}: marked corrected with no audited correction behind it")
        else:
            try:
                extracted = json.loads(row[3])
            except ValueError:
                extracted = None
            if not isinstance(extracted, dict):
                problems.append(f"claim {claim_id}: what extraction said is not readable")
                continue
            shown = {**extracted, **derived[claim_id]}
            if (row[1], row[2]) != (shown.get("text"), shown.get("speaker")):
                problems.append(f"claim {claim_id}: text or speaker differs from its audited corrections")
        if len(problems) >= MAX_LISTED:
            problems.append("... (more correction differences not listed)")
            break
    return problems


def _check_documents(conn: sqlite3.Connection, doc_edits: dict[int, list[dict]]) -> list[str]:
    """Current metadata = what ingest extracted, overlaid by the audited corrections."""
    problems = []
    rows = conn.execute(
        f"SELECT id, lineage, extracted, {', '.join(METADATA_FIELDS)} FROM documents ORDER BY id"
    ).fetchall()
    lineage_of = {row[0]: row[1] for row in rows}
    edits_by_lineage: dict[int, list[dict]] = {}
    for document_id, events in doc_edits.items():
        edits_by_lineage.setdefault(lineage_of.get(document_id, document_id), []).extend(events)
    for row in rows:
        document_id, lineage = row[0], row[1]
        try:
            extracted = json.loads(row[2])
            expected = {name: extracted.get(name) for name in METADATA_FIELDS}
            # Edits made on this version or an earlier one of the same document carry forward.
            for event in sorted(edits_by_lineage.get(lineage, []), key=lambda e: e["seq"]):
                if event["document_id"] <= document_id:
                    expected.update(json.loads(event["value"]))
        except (ValueError, TypeError, AttributeError):
            problems.append(f"document {document_id}: its ingest record or an edit of it is unreadable (damaged)")
            continue
        current = dict(zip(METADATA_FIELDS, row[3:]))
        if current != expected:
            problems.append(f"document {document_id}: metadata differs from ingest plus its audited edits")
    return problems
