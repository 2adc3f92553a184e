"""The store's side of "seen before": importing fact-checks and matching claims on a store's file.

The work itself is :mod:`workbench.seen` (readers, index, matcher, copies);
this module runs it on a :class:`~workbench.store.database.Database`, with
the answers reviewers gave (match events) as what is never suggested again.
The CLI runs it on the store's own connection, under its lock. The app runs
:func:`match_step` on a connection of its own (:func:`side_connection`) in a
worker thread, so matching never holds the lock a keystroke's decision needs:
its writes are short BEGIN IMMEDIATE transactions beside the app's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from workbench.seen import importers, library, work
from workbench.seen.matcher import Matcher, record_matches
from workbench.seen.records import ImportReport
from workbench.store.connection import connect
from workbench.store.database import Database
from workbench.store.queries import match_answers


def import_files(
    db: Database, paths: Iterable[str | Path], *, on_file: Callable[[ImportReport], None] | None = None
) -> list[ImportReport]:
    """Read and store the fact-checks of these files and folders, one report per file."""
    reports: list[ImportReport] = []
    for parsed in importers.read_many(paths):
        with db.lock:
            report = library.import_factchecks(db.conn, parsed)
        reports.append(report)
        if on_file is not None:
            on_file(report)
    return reports


def match_step(
    conn: sqlite3.Connection, *, matcher: Matcher | None = None, limit: int = 200,
    stop: Callable[[], bool] | None = None,
) -> work.MatchStep:
    """One step of the matching worker on ``conn``: never suggests what a reviewer answered.
    ``stop``: asked between claims; when it says so the step ends early (what it matched is kept)."""
    return work.match_pending(conn, matcher=matcher, limit=limit, exclude=lambda ids: match_answers(conn, ids),
                              stop=stop)


def match_all(
    db: Database, *, on_step: Callable[[work.MatchStep], None] | None = None, limit: int = 200
) -> int:
    """Match every pending claim on the store's connection (the CLI): steps until none is left."""
    matched = 0
    matcher: Matcher | None = None
    while True:
        with db.lock:
            matcher = matcher or Matcher(db.conn)
            step = match_step(db.conn, matcher=matcher, limit=limit)
        matched += step.matched
        if on_step is not None:
            on_step(step)
        if not step.matched or not step.pending:
            return matched


def match_claims(conn: sqlite3.Connection, claim_ids: Iterable[int], *, matcher: Matcher | None = None) -> dict[int, str]:
    """Match these claims now (``workbench matches`` on a claim the worker has not reached); their levels."""
    work.sign_pending(conn)
    library.sync_reviewed(conn)
    ids = list(claim_ids)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        "SELECT c.id, c.text, d.published, c.speaker FROM claims c JOIN documents d ON d.id = c.document_id "
        f"WHERE c.id IN ({marks})", ids,
    ).fetchall()
    if not rows:
        return {}
    return record_matches(conn, matcher or Matcher(conn), [tuple(r) for r in rows], exclude=match_answers(conn, ids),
                          as_of=library.generation(conn))


def is_current(conn: sqlite3.Connection, claim_id: int) -> bool:
    """Whether the claim's cached candidates are as new as the index."""
    row = conn.execute("SELECT generation FROM seen_status WHERE claim_id = ?", (claim_id,)).fetchone()
    return row is not None and row[0] >= library.stale_before(conn)


def side_connection(db: Database) -> sqlite3.Connection:
    """A second connection to the store's file, for a worker thread (WAL: it reads beside the app)."""
    return connect(db.path)
