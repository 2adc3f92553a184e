"""Storing imported fact-checks and keeping the search index in step with them.

    from workbench.seen import importers, library
    parsed = importers.read_factchecks("feed.jsonld")
    report = library.import_factchecks(conn, parsed)     # added / updated / unchanged
    library.sync_reviewed(conn)                          # the team's verdicts into the index

Both write in short ``BEGIN IMMEDIATE`` transactions of at most ``CHUNK``
records, so a 100,000-record import never holds the write lock for long and a
reviewer's verdict gets in between chunks. Re-importing the same file changes
nothing (every record ``unchanged``); a record whose rating or text changed
under the same key is updated in place and re-indexed.

Every change to what can be matched bumps ``seen_meta.generation``, so the
matched status of claims (seen_status) is known to be stale.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from workbench.seen.records import FactCheck, ImportReport, ParsedFile
from workbench.seen.schema import INDEX_VERSION
from workbench.seen.text import stems, words

CHUNK = 500  # verdicts a write transaction: it stays short beside the reviewers' decisions
BULK_VERDICTS = 200  # more new verdicts than this in one sync: every cached claim is stale
DISMISS = "not-checkworthy"  # workbench.scales.DISMISS, not imported: that module reads TOML files

_FIELDS = (
    "claim", "rating", "rating_value", "best_rating", "worst_rating", "url", "date", "publisher",
    "title", "summary", "claimant", "claim_date", "appearances", "language", "format",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[None]:
    """One short writing transaction, BEGIN IMMEDIATE, or the caller's when one is open."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _values(fc: FactCheck) -> tuple:
    return (
        fc.claim, fc.rating, fc.rating_value, fc.best_rating, fc.worst_rating, fc.url, fc.date,
        fc.publisher, fc.title, fc.summary, fc.claimant, fc.claim_date,
        json.dumps(list(fc.appearances), ensure_ascii=False), fc.language, fc.format,
    )


def index_row(claim: str, title: str | None, summary: str | None) -> tuple[str, str, str]:
    """The three indexed columns of a candidate: its stemmed terms."""
    return " ".join(stems(claim)), " ".join(stems(title or "")), " ".join(stems(summary or ""))


def bump_generation(conn: sqlite3.Connection, *, everything: bool = True) -> None:
    """The index changed (its term statistics with it). ``everything``: every claim's candidates
    are stale too (an import: a new fact-check may match any claim); else only the claims the
    caller marks (:func:`mark_stale`), as a new verdict of the team's does."""
    conn.execute("UPDATE seen_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    if everything:
        conn.execute(
            "INSERT OR REPLACE INTO seen_meta (key, value) "
            "SELECT 'stale', value FROM seen_meta WHERE key = 'generation'"
        )


def generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM seen_meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def stale_before(conn: sqlite3.Connection) -> int:
    """A claim's cached candidates older than this generation are stale (the last change that
    could move any claim's candidates: an import, a rebuild)."""
    row = conn.execute("SELECT value FROM seen_meta WHERE key = 'stale'").fetchone()
    return int(row[0]) if row else generation(conn)


def mark_stale(conn: sqlite3.Connection, claim_ids: Iterable[int]) -> None:
    """These claims' cached candidates are stale: the worker matches them again."""
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        conn.execute(
            f"UPDATE seen_status SET generation = -1 WHERE claim_id IN ({','.join('?' * len(part))})", part
        )


NEIGHBOURS = 10  # claims whose candidates a new verdict may change: the closest by full-text search


def _neighbours(conn: sqlite3.Connection, claim_id: int, text: str) -> set[int]:
    """Claims a verdict on ``claim_id`` could be a candidate for: those that already have it as one,
    its copies, and the closest texts by the store's full-text index of claims (its rarest words
    decide, as in the matcher's first stage)."""
    near = {r[0] for r in conn.execute(
        "SELECT claim_id FROM seen_matches WHERE kind = 'claim' AND ref = ?", (claim_id,)
    )}
    near |= {r[0] for r in conn.execute(
        "SELECT g.claim_id FROM copy_groups g JOIN copy_groups h ON h.group_id = g.group_id WHERE h.claim_id = ?",
        (claim_id,),
    )}
    unique = list(dict.fromkeys(w for w in words(text) if len(w) > 2))[:16]
    if unique:
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in unique)
        try:
            near |= {r[0] for r in conn.execute(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?", (query, NEIGHBOURS)
            )}
        except sqlite3.OperationalError:  # no claims_fts (a bare test database): the others still count
            pass
    near.discard(claim_id)
    return near


def _chunks(items: tuple[FactCheck, ...] | list[FactCheck], size: int) -> Iterable[list[FactCheck]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def import_factchecks(conn: sqlite3.Connection, parsed: ParsedFile) -> ImportReport:
    """Store the fact-checks of one parsed file: insert new keys, update changed ones, skip the same."""
    added = updated = unchanged = 0
    placeholders_cache: dict[int, str] = {}
    for chunk in _chunks(parsed.factchecks, CHUNK):
        now = _now()
        with write(conn):
            marks = placeholders_cache.setdefault(len(chunk), ",".join("?" * len(chunk)))
            existing = {
                row[0]: (row[1], tuple(row[2:]))
                for row in conn.execute(
                    f"SELECT key, id, {', '.join(_FIELDS)} FROM factchecks WHERE key IN ({marks})",
                    [fc.key for fc in chunk],
                )
            }
            new_rows = []
            changed = False
            for fc in chunk:
                values = _values(fc)
                found = existing.get(fc.key)
                if found is None:
                    new_rows.append((fc, values))
                    continue
                row_id, old = found
                if old == values:
                    unchanged += 1
                    continue
                conn.execute(
                    f"UPDATE factchecks SET {', '.join(f'{f} = ?' for f in _FIELDS)}, source_file = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values, parsed.path, now, row_id),
                )
                conn.execute("DELETE FROM seen_fts WHERE rowid = ?", (row_id,))
                conn.execute("DELETE FROM seen_vectors WHERE rowid = ?", (row_id,))
                conn.execute(
                    "INSERT INTO seen_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
                    (row_id, *index_row(fc.claim, fc.title, fc.summary)),
                )
                updated += 1
                changed = True
            if new_rows:
                start = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM factchecks").fetchone()[0]
                conn.executemany(
                    f"INSERT INTO factchecks (id, key, {', '.join(_FIELDS)}, source_file, imported_at, updated_at) "
                    f"VALUES (?, ?, {', '.join('?' * len(_FIELDS))}, ?, ?, ?)",
                    [
                        (start + i, fc.key, *values, parsed.path, now, now)
                        for i, (fc, values) in enumerate(new_rows)
                    ],
                )
                conn.executemany(
                    "INSERT INTO seen_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
                    [
                        (start + i, *index_row(fc.claim, fc.title, fc.summary))
                        for i, (fc, _values_) in enumerate(new_rows)
                    ],
                )
                added += len(new_rows)
                changed = True
            if changed:
                bump_generation(conn)
    return ImportReport(
        path=parsed.path,
        format=parsed.format,
        added=added,
        updated=updated,
        unchanged=unchanged,
        problems=parsed.problems,
        ignored=parsed.ignored,
    )


def _meta_int(conn: sqlite3.Connection, key: str) -> int:
    row = conn.execute("SELECT value FROM seen_meta WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else 0


def sync_behind(conn: sqlite3.Connection) -> bool:
    """Whether decisions were made since the last :func:`sync_reviewed` (it stopped early, or none ran)."""
    row = conn.execute("SELECT MAX(last_seq) FROM claim_state").fetchone()
    return row is not None and row[0] is not None and row[0] > _meta_int(conn, "claims_seq")


def sync_reviewed(conn: sqlite3.Connection, *, stop: Callable[[], bool] | None = None) -> int:
    """Bring the team's reviewed claims into the index; returns how many entries changed.

    A claim is a candidate while it has a verdict on a scale (not a dismissal)
    and is not superseded. Follows claim_state.last_seq from the last sync, so
    a call with nothing new reads only the rows decided since. ``stop``: asked
    between transactions; the rest is synced by the next call.
    """
    mark = _meta_int(conn, "claims_seq")
    rows = conn.execute(
        "SELECT s.claim_id, s.last_seq, s.verdict, c.text, c.superseded FROM claim_state s "
        "JOIN claims c ON c.id = s.claim_id WHERE s.last_seq > ? ORDER BY s.last_seq",
        (mark,),
    ).fetchall()
    if not rows:
        return 0
    changed = 0
    # A verdict can move only the candidates already cached: claims not yet matched
    # are matched against the index as it will be. On a first sync (thousands of
    # verdicts from before seen-before, none matched yet) that skips a full-text
    # search a verdict; a bulk of verdicts makes every cached claim stale at once,
    # as an import does, rather than search the neighbours of each.
    bulk = len(rows) > BULK_VERDICTS
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        # Reads, outside the write: the transaction holds the lock a reviewer's decision needs.
        stale: set[int] = set()
        if not bulk and conn.execute("SELECT 1 FROM seen_status LIMIT 1").fetchone() is not None:
            for claim_id, _last_seq, _verdict, text, _superseded in chunk:
                stale |= _neighbours(conn, claim_id, text)
        with write(conn):
            for claim_id, last_seq, verdict, text, superseded in chunk:
                present = conn.execute(
                    "SELECT 1 FROM seen_claims WHERE claim_id = ?", (claim_id,)
                ).fetchone() is not None
                wanted = bool(verdict) and verdict != DISMISS and not superseded
                if present:
                    conn.execute("DELETE FROM seen_fts WHERE rowid = ?", (-claim_id,))
                    conn.execute("DELETE FROM seen_vectors WHERE rowid = ?", (-claim_id,))
                    conn.execute("DELETE FROM seen_claims WHERE claim_id = ?", (claim_id,))
                if wanted:
                    conn.execute(
                        "INSERT INTO seen_fts (rowid, claim, title, summary) VALUES (?, ?, '', '')",
                        (-claim_id, index_row(text, None, None)[0]),
                    )
                    conn.execute(
                        "INSERT INTO seen_claims (claim_id, last_seq) VALUES (?, ?)", (claim_id, last_seq)
                    )
                if present or wanted:
                    changed += 1
            conn.execute(
                "INSERT OR REPLACE INTO seen_meta (key, value) VALUES ('claims_seq', ?)", (str(chunk[-1][1]),)
            )
            if changed:
                # Not every claim, unless a bulk came in: only those these verdicts may be a candidate for.
                bump_generation(conn, everything=bulk)
                mark_stale(conn, stale)
        if stop is not None and stop():
            break
    return changed


def rebuild_index(conn: sqlite3.Connection) -> None:
    """Re-derive seen_fts from factchecks and seen_claims (after a stemmer change: INDEX_VERSION)."""
    with write(conn):
        conn.execute("DELETE FROM seen_fts")
        for row_id, claim, title, summary in conn.execute("SELECT id, claim, title, summary FROM factchecks").fetchall():
            conn.execute(
                "INSERT INTO seen_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
                (row_id, *index_row(claim, title, summary)),
            )
        conn.execute("DELETE FROM seen_claims")
        conn.execute("INSERT OR REPLACE INTO seen_meta (key, value) VALUES ('claims_seq', '0')")
        conn.execute("INSERT OR REPLACE INTO seen_meta (key, value) VALUES ('index_version', ?)", (str(INDEX_VERSION),))
        bump_generation(conn)
    sync_reviewed(conn)
