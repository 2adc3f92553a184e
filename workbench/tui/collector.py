"""When Python's cycle collector runs: not in the middle of a key press.

A full (generation 2) collection walks every tracked object and stops the UI
thread while it does. At 100,000 claims, after start-up, that was 50-150 ms
(300 ms and more right after a screen was torn down), and it struck whichever
key allocated the last straw: most of the p95 outliers of bench/bench_app.py.

So, once the first claims are on screen:

* what start-up built (Textual, the screens, the first rows: ~80,000 objects
  that live as long as the app) is frozen, so no collection walks it again;
* automatic full collections are switched off; the young generations still
  run by themselves (a few ms each) and collect the cycles that die young;
* full collections run from a timer, between messages rather than inside a
  frame: when the reviewer has paused (no input for ``IDLE`` seconds), or as
  soon as ``PRESSURE`` young collections have run since the last one (the
  pace of CPython's own policy), so one never has much garbage to free. One
  due while the reviewer is at the keys waits for the frame in hand to be
  drawn (``defer``: the app's call_after_refresh), so that it falls between a
  key's frame and the next key rather than between a key and its frame.
  Textual makes plenty that lives a while (every cached line of the screen
  is a reference cycle), and letting it pile up for a minute made a single
  collection of 350,000 objects take 350 ms;
* what survives a full collection is frozen too, so the next one walks only
  what came since (a few ms, where it walked the whole session's heap again:
  100-170 ms at 100,000 claims, and once in a while inside a key);
* what was frozen since start-up is thawed and collected once the reviewer
  has really paused (``THAW`` seconds without input), or at a pause of
  ``IDLE`` once ``THAW_AFTER`` objects were frozen that way: cycles that died
  after they were frozen (old cached lines) are freed then, so memory stays
  bounded.

Everything is put back as it was when the app stops: tests run many apps in
one process.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE = 1.0  # seconds without input before a full collection may run
THAW = 5.0  # seconds without input before what was frozen after start-up is collected again
THAW_AFTER = 300_000  # objects frozen since the last thaw that make one due at the next pause of IDLE
PRESSURE = 10  # young collections since the last full one that make the next one due even while busy
NEVER = 1_000_000_000  # a generation-2 threshold that automatic collection never reaches


class IdleCollector:
    """Freeze the start-up heap, then run full collections between keys, not during them."""

    def __init__(
        self,
        *,
        idle: float = IDLE,
        pressure: int = PRESSURE,
        thaw: float = THAW,
        thaw_after: int = THAW_AFTER,
        defer: Callable[[Callable[[], None]], object] | None = None,
    ) -> None:
        self.idle = idle
        self._defer = defer  # runs a callable once the screen is drawn; None: at once
        self._deferred = False  # a collection waits for the frame
        self.pressure = pressure
        self.thaw = thaw
        self.thaw_after = thaw_after
        self._saved: tuple[int, int, int] | None = None  # the thresholds to put back
        self._last_input = time.monotonic()
        self._base_frozen = 0  # frozen at start-up or at the last thaw
        self._thawed = True  # nothing frozen since the last thaw
        self.full_collections = 0
        self.thaws = 0

    @property
    def started(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        """Start-up is over: freeze what it built and take over full collections."""
        if self.started:
            return
        gc.collect()  # the garbage of start-up is not frozen with it
        gc.freeze()
        self._base_frozen = gc.get_freeze_count()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def input(self) -> None:
        """A key (or the mouse): the reviewer is busy."""
        self._last_input = time.monotonic()

    def tick(self) -> None:
        """Called a few times a second: collect if the reviewer paused, or one is due anyway."""
        if not self.started:
            return
        paused = time.monotonic() - self._last_input
        if not self._thawed and (paused >= self.thaw or (paused >= self.idle and self._much_frozen())):
            self._thaw()
            return
        pending = gc.get_count()[2]  # young (generation-1) collections since the last full one
        if pending == 0:
            return
        if paused >= self.idle:
            self._collect()
        elif pending >= self.pressure and not self._deferred:
            if self._defer is None:
                self._collect()
            else:
                self._deferred = True
                self._defer(self._collect)

    def _collect(self) -> None:
        self._deferred = False
        if not self.started or gc.get_count()[2] == 0:
            return
        gc.collect()
        self.full_collections += 1
        gc.freeze()  # the survivors: the next collection walks only what comes after them
        self._thawed = False

    def _much_frozen(self) -> bool:
        """THAW_AFTER objects or more were frozen since start-up or the last thaw (the count, read when asked)."""
        return gc.get_freeze_count() - self._base_frozen >= self.thaw_after

    def _thaw(self) -> None:
        """Collect everything, what was frozen too (the one long walk, so only in a pause); freeze what lives on."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._base_frozen = gc.get_freeze_count()
        self._thawed = True
        self.thaws += 1

    def stop(self) -> None:
        """Put the collector back as it was (the frozen objects become collectable again)."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        gc.unfreeze()
