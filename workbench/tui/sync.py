"""Following the database while other connections write: another reviewer, an ingest, our writer.

No Textual here. The app calls :meth:`Poller.check` twice a second; it costs
one ``PRAGMA data_version`` when nothing happened, which is nearly always.
Our own writer's events are left out (``own``): each of its jobs redraws its
claim when it is done, so seeing the commit again here would redraw it twice,
re-count, and re-read the whole list a few seconds later, while the reviewer
is still pressing keys.
"""

from __future__ import annotations

import time
from collections.abc import Container
from dataclasses import dataclass

from workbench.domain import Event
from workbench.store import Store, StoreError

BULK_EVENTS = 500  # more new events than this at once: refresh everything rather than read them
FULL_REFRESH = 5.0  # seconds: after decisions came in, the whole list is re-read at most this often
POLL_INTERVAL = 0.5  # seconds between checks: another reviewer shows within 1 s


@dataclass(frozen=True, slots=True)
class Change:
    """What changed since the last check: some claims' review state, or anything at all."""

    claim_ids: list[int] | None  # None: anything may have changed (re-read everything)
    events: tuple[Event, ...] = ()  # the new events, when they were read (notices come from them)
    # A commit with no event that wrote no claim: the seen-before caches (the matching
    # worker's, or another app's): the rows in view are drawn again, nothing is re-listed.
    cache_only: bool = False

    @property
    def everything(self) -> bool:
        return self.claim_ids is None and not self.cache_only


class Poller:
    """Turns commits by any connection into the claims to redraw.

    Decisions arrive as events: only the claims they touch change. A commit
    with no new event (an ingest, a re-extraction) or a document edit may have
    changed anything. Anything else may also be committed in the same moment
    as a decision, so after decisions the whole view is re-read once a little
    later (FULL_REFRESH) in any case.
    """

    def __init__(
        self, store: Store, *, full_refresh: float = FULL_REFRESH, own: Container[int] = frozenset()
    ) -> None:
        self.store = store
        self.own = own  # the seqs of the events our own writer committed
        self.full_refresh = full_refresh
        self._data_version = store.data_version()
        self._head_seq = store.head()[0]
        self._claims_generation = self._generation()
        self._stale = False
        self._refreshed_at = time.monotonic()

    def check(self) -> Change | None:
        """None when nothing was committed since the last check (one cheap pragma)."""
        try:
            version = self.store.data_version()
            if version == self._data_version:
                if self._stale and time.monotonic() - self._refreshed_at > self.full_refresh:
                    return self._everything()
                return None
            self._data_version = version
            head, _ = self.store.head()
            if head - self._head_seq > BULK_EVENTS:  # a bulk of decisions: re-read it all
                self._head_seq = head
                return self._everything()
            events = self.store.events(after=self._head_seq) if head != self._head_seq else []
        except StoreError:
            return None
        self._head_seq = max(self._head_seq, head)
        foreign = [e for e in events if e.seq not in self.own]
        if events and not foreign:
            # Only our own jobs (a correction also moves the claims' generation): what else
            # may have come in the same commit window is the seen-before caches, redrawn cheaply.
            self._claims_generation = self._generation()
            return Change(None, (), cache_only=True)
        events = foreign
        if not events:
            generation = self._generation()
            if generation == self._claims_generation:
                return Change(None, (), cache_only=True)
            self._claims_generation = generation
        if not events or any(e.claim_id is None for e in events):
            return self._everything(events)  # no event (ingest, re-extraction) or a document edit
        self._stale = True
        return Change(sorted({e.claim_id for e in events if e.claim_id is not None}), tuple(events))

    def _generation(self) -> str | None:
        """meta.claims_generation: moved by every write to claims (ingest, corrections, re-ranking)."""
        try:
            with self.store.lock:
                row = self.store.conn.execute("SELECT value FROM meta WHERE key = 'claims_generation'").fetchone()
        except Exception:  # a damaged file is reported by the reads that need it
            return None
        return row[0] if row else None

    def _everything(self, events: list[Event] | tuple = ()) -> Change:
        self._stale = False
        self._refreshed_at = time.monotonic()
        return Change(None, tuple(events))
