"""The ordered claim ids behind the review app's list, from caches that stay true.

The app re-reads its list on every filter, sort and search keystroke, and after
each decision while the list is filtered by state. At 100,000 claims, reading
the ids in score order costs ~35 ms and the review state 15-45 ms more, so both
are kept between calls and checked, never trusted:

* the claims in a scope (a document, a search) change only when ingest or
  re-extraction writes claims, and that bumps ``meta.claims_generation`` in the
  same transaction;
* review state changes only by appending events, so the head seq dates it, and
  the events after it name the claims whose state to read again.

Both checks are one indexed lookup each, so another reviewer's process and our
own writes are seen alike.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import json

from workbench.scales import DISMISS
from workbench.vocab import Agreement, Order, Status

SCOPES_KEPT = 4  # the list, a document, the last search or two: each up to ~1 MB at 100k claims
REBUILD_AFTER = 5000  # more new events than this: reading all state is cheaper than patching it


def bump_claims_generation(conn: sqlite3.Connection) -> None:
    """Called in the transaction that writes claims: cached lists of ids are stale."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('claims_generation', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


@dataclass
class ReviewState:
    """The review state of every claim that has any, as sets the list filters by."""

    seq: int = 0
    reviewed: set[int] = field(default_factory=set)
    flagged: set[int] = field(default_factory=set)
    conflict: set[int] = field(default_factory=set)  # a conflict or a disagreement (the conflicts filter)
    dismissed: set[int] = field(default_factory=set)
    disputed: set[int] = field(default_factory=set)  # reviewers disagree (the adjudication queue)
    decided: dict[int, str] = field(default_factory=dict)  # claim id -> decided_at
    # Unsettled double reviews: claim id -> the reviewers whose verdict is in (pending
    # ones, and disagreements with no standing verdict). Only these rows' JSON is read.
    deciders: dict[int, frozenset[str]] = field(default_factory=dict)

    def put(
        self,
        claim_id: int,
        verdict: str | None,
        flagged: int,
        conflict: int,
        decided_at: str | None,
        agreement: str | None = None,
        reviews: str | None = None,
    ) -> None:
        for group in (self.reviewed, self.flagged, self.conflict, self.dismissed, self.disputed):
            group.discard(claim_id)
        self.decided.pop(claim_id, None)
        self.deciders.pop(claim_id, None)
        if verdict is not None:
            self.reviewed.add(claim_id)
            if verdict == DISMISS:
                self.dismissed.add(claim_id)
        elif agreement is not None and reviews:
            try:
                self.deciders[claim_id] = frozenset(json.loads(reviews))
            except ValueError:
                pass
        if flagged:
            self.flagged.add(claim_id)
        if agreement == Agreement.DISPUTED:
            self.disputed.add(claim_id)
            self.conflict.add(claim_id)
        if conflict:
            self.conflict.add(claim_id)
        if decided_at is not None:
            self.decided[claim_id] = decided_at

    def reviewed_for(self, viewer: str | None) -> set[int]:
        """The claims that count as reviewed for ``viewer``: settled, or (double review) decided by them."""
        if not viewer or not self.deciders:
            return self.reviewed
        return self.reviewed | {cid for cid, names in self.deciders.items() if viewer in names}


_STATE_SQL = "SELECT claim_id, verdict, flagged, conflict, decided_at, agreement, reviews FROM claim_state"


class Listing:
    """Per connection: not shared between threads without the store's lock."""

    def __init__(self) -> None:
        self._generation: str | None = None
        self._scopes: OrderedDict[tuple, list[int]] = OrderedDict()
        self._state: ReviewState | None = None

    def scope(self, conn: sqlite3.Connection, sql: str, params: list) -> list[int]:
        """The ids ``sql`` selects, in its order; callers must not change the list."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'claims_generation'").fetchone()
        generation = row[0] if row else "0"
        if generation != self._generation:
            self._scopes.clear()
            self._generation = generation
        return self._kept((sql, tuple(params)), lambda: [r[0] for r in conn.execute(sql, params)])

    def searched(self, conn: sqlite3.Connection, sql: str, params: list, match: str) -> list[int]:
        """The ids of ``sql`` (a scope with no search) that the full-text query ``match``
        finds, in the scope's order.

        The scope's ids are cached and the index lookup is cheap; letting SQLite join a
        broad search (17,000 of 100,000 claims) to the claims table and sort it read a
        wide row per hit: ~150-300 ms where this takes ~30."""
        ids = self.scope(conn, sql, params)

        def filtered() -> list[int]:
            hits = {r[0] for r in conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?", (match,))}
            return [i for i in ids if i in hits] if hits else []

        return self._kept((sql, tuple(params), "match", match), filtered)

    def _kept(self, key: tuple, compute: Callable[[], list[int]]) -> list[int]:
        """A cached list of ids (the most recent SCOPES_KEPT), computed when missing."""
        ids = self._scopes.get(key)
        if ids is None:
            ids = self._scopes[key] = compute()
            while len(self._scopes) > SCOPES_KEPT:
                self._scopes.popitem(last=False)
        else:
            self._scopes.move_to_end(key)
        return ids

    def state(self, conn: sqlite3.Connection) -> ReviewState:
        head = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        state = self._state
        if state is None or head < state.seq or head - state.seq > REBUILD_AFTER:
            state = ReviewState(seq=head)
            for row in conn.execute(_STATE_SQL):
                state.put(*row)
        elif head > state.seq:
            touched = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT claim_id FROM events WHERE seq > ? AND claim_id IS NOT NULL", (state.seq,)
                )
            ]
            for i in range(0, len(touched), 500):
                chunk = touched[i : i + 500]
                found = set()
                for row in conn.execute(f"{_STATE_SQL} WHERE claim_id IN ({','.join('?' * len(chunk))})", chunk):
                    state.put(*row)
                    found.add(row[0])
                for claim_id in set(chunk) - found:
                    state.put(claim_id, None, 0, 0, None)
            state.seq = head
        self._state = state
        return state


def order_by_state(
    ids: list[int], state: ReviewState, status: Status, order: Order, *, viewer: str | None = None
) -> list[int]:
    """Filter ``ids`` (in score or document order) by review state, then sort them by it.

    ``viewer``: in double review, a claim counts as reviewed for them once their verdict is in.
    """
    reviewed = state.reviewed_for(viewer) if status in (Status.UNREVIEWED, Status.REVIEWED) else state.reviewed
    chosen = {
        Status.UNREVIEWED: reviewed,
        Status.REVIEWED: reviewed,
        Status.FLAGGED: state.flagged,
        Status.CONFLICT: state.conflict,
        Status.DISMISSED: state.dismissed,
        Status.ADJUDICATION: state.disputed,
    }.get(status)
    if status == Status.UNREVIEWED:
        ids = [i for i in ids if i not in chosen]
    elif chosen is not None:
        ids = [i for i in ids if i in chosen]
    if order == Order.STATUS:
        # Needs attention first: conflicts, flags, then unreviewed, then decided;
        # the sorts are stable, so score order holds within each group.
        conflict, flagged, reviewed = state.conflict, state.flagged, state.reviewed
        special = conflict | flagged
        head = [i for i in ids if i in special] if special else []
        head.sort(key=lambda i: (i not in conflict, i not in flagged, i in reviewed))
        rest = [i for i in ids if i not in special] if special else ids
        return head + [i for i in rest if i not in reviewed] + [i for i in rest if i in reviewed]
    if order == Order.RECENT:
        # Newest decision first, ties in score order (a reversed sort is stable
        # too); claims never decided follow in score order.
        decided = state.decided
        head = [i for i in ids if i in decided]
        head.sort(key=decided.__getitem__, reverse=True)
        return head + [i for i in ids if i not in decided]
    return list(ids)
