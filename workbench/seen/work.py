"""The two calls that keep "seen before" current: one for ingest, one for a background worker.

    from workbench.seen import work
    # in ingest, after a file's (or a run's) claims are stored: cheap, batched
    work.after_ingest(conn, [document_id, ...])
    # in the app's worker thread, or the CLI after ingest/import, until nothing is pending
    while (step := work.match_pending(conn, limit=200)).matched:
        show(step.pending)

Ingest pays only for what must be there as soon as the claims are: their
copy signatures (workbench.seen.copies, one batch per call), so the queue's
copy counts are right at once. Matching a claim against every fact-check
costs an FTS5 query and a small model per claim, several times what
extracting it cost, so it runs after ingest, in short steps: each step
brings the team's new verdicts into the index (library.sync_reviewed), then
matches up to ``limit`` claims whose cached status (seen_status) is missing
or stale (older than the last import, or marked by a new verdict it may
concern: library.sync_reviewed), new claims first, and writes
their candidates in one short BEGIN IMMEDIATE transaction. A claim is shown
without the glyph until its step has run: the status is a cache, never a
decision, so it can lag without losing anything.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from workbench.seen import copies, library
from workbench.seen.matcher import Matcher, record_matches


@dataclass(frozen=True, slots=True)
class IngestSeen:
    """What :func:`after_ingest` did."""

    signed: int  # claims signed for copies
    groups: frozenset[int]  # copy groups created or grown (their ids)


@dataclass(frozen=True, slots=True)
class MatchStep:
    """What one :func:`match_pending` step did, and what is left."""

    matched: int  # claims matched in this step
    levels: dict[int, str]  # claim id -> "match" | "suggest" | "none"
    pending: int  # claims still to match after this step
    seconds: float
    syncing: bool = False  # stopped while the team's verdicts were still being synced: more to do


def after_ingest(conn: sqlite3.Connection, document_ids: Iterable[int]) -> IngestSeen:
    """Sign the live claims of these documents for copies and link them to their copies.

    Call it from ingest once a document's claims are stored: inside the
    transaction that stores them (it joins an open transaction), or once per
    run. Called per file in a transaction of its own, it costs that
    transaction's commit (an fsync with synchronous=FULL) on top, as much as
    the signing itself (bench_match.py measures both ways). A new version of
    a document re-signs its claims; superseded claims are left out.
    """
    ids = sorted(set(document_ids))
    items: list[tuple[int, int, str]] = []
    for part in _parts(ids):
        items += conn.execute(
            "SELECT id, document_id, text FROM claims WHERE superseded = 0 AND document_id IN "
            f"({','.join('?' * len(part))}) ORDER BY id",
            part,
        ).fetchall()
    groups = copies.add_claims(conn, items) if items else set()
    return IngestSeen(signed=len(items), groups=frozenset(groups))


def sign_pending(conn: sqlite3.Connection, *, limit: int = 2000) -> IngestSeen:
    """Sign up to ``limit`` live claims that have no copy signature yet (the worker's safety net).

    For claims stored by a process that did not call :func:`after_ingest`
    (an older workbench, an import script): :func:`match_pending` calls it
    first, so the worker always catches up.
    """
    items = conn.execute(
        "SELECT c.id, c.document_id, c.text FROM claims c WHERE c.superseded = 0 AND NOT EXISTS "
        "(SELECT 1 FROM copy_signatures s WHERE s.claim_id = c.id) ORDER BY c.id LIMIT ?",
        (limit,),
    ).fetchall()
    groups = copies.add_claims(conn, items) if items else set()
    return IngestSeen(signed=len(items), groups=frozenset(groups))


_STALE = (
    "FROM claims c LEFT JOIN seen_status s ON s.claim_id = c.id "
    "WHERE c.superseded = 0 AND (s.claim_id IS NULL OR s.generation < ?)"
)


def pending(conn: sqlite3.Connection) -> int:
    """How many live claims have no current match status."""
    return conn.execute(f"SELECT COUNT(*) {_STALE}", (library.stale_before(conn),)).fetchone()[0]


def match_pending(
    conn: sqlite3.Connection,
    *,
    matcher: Matcher | None = None,
    limit: int = 200,
    exclude: Callable[[list[int]], dict[int, set[tuple[str, int]]]] | None = None,
    stop: Callable[[], bool] | None = None,
) -> MatchStep:
    """One worker step: sign unsigned claims, sync the team's verdicts, match up to ``limit`` pending claims.

    New claims (no status) come before stale ones, newest first: they are the
    ones a reviewer is about to read. ``exclude``: given the claim ids of the
    step, the (kind, ref) pairs a reviewer confirmed or rejected for each
    (from the audit trail), never suggested again. Pass one ``matcher`` across
    steps: it keeps its term statistics while the index does not change.
    Reads outside any transaction; writes one short transaction per step.
    ``stop``: asked between pieces of work (see :func:`record_matches`); a step
    it ends early stores what it did, and the next one goes on from there.
    """
    started = time.perf_counter()
    sign_pending(conn, limit=max(limit, 50))
    library.sync_reviewed(conn, stop=stop)
    if stop is not None and stop() and library.sync_behind(conn):
        # Stopped in the middle of a sync: claims matched now would be stale again once it goes on.
        return MatchStep(matched=0, levels={}, pending=pending(conn), seconds=time.perf_counter() - started,
                         syncing=True)
    gen = library.generation(conn)
    stale = library.stale_before(conn)
    rows = conn.execute(
        "SELECT c.id, c.text, d.published, c.speaker "
        "FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN seen_status s ON s.claim_id = c.id "
        "WHERE c.superseded = 0 AND (s.claim_id IS NULL OR s.generation < ?) "
        "ORDER BY s.claim_id IS NOT NULL, c.id DESC LIMIT ?",
        (stale, limit),
    ).fetchall()
    levels: dict[int, str] = {}
    if rows:
        matcher = matcher or Matcher(conn)
        skip = exclude([r[0] for r in rows]) if exclude else None
        levels = record_matches(conn, matcher, [tuple(r) for r in rows], exclude=skip, as_of=gen, stop=stop)
    return MatchStep(matched=len(levels), levels=levels, pending=pending(conn),
                     seconds=time.perf_counter() - started)


def _parts(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
