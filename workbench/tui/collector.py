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
  pace of CPython's own policy), so one never has much garbage to free.
  Textual makes plenty that lives a while (every cached line of the screen
  is a reference cycle), and letting it pile up for a minute made a single
  collection of 350,000 objects take 350 ms.

Everything is put back as it was when the app stops: tests run many apps in
one process.
"""

from __future__ import annotations

import gc
import time

IDLE = 1.0  # seconds without input before a full collection may run
PRESSURE = 10  # young collections since the last full one that make the next one due even while busy
NEVER = 1_000_000_000  # a generation-2 threshold that automatic collection never reaches


class IdleCollector:
    """Freeze the start-up heap, then run full collections between keys, not during them."""

    def __init__(self, *, idle: float = IDLE, pressure: int = PRESSURE) -> None:
        self.idle = idle
        self.pressure = pressure
        self._saved: tuple[int, int, int] | None = None  # the thresholds to put back
        self._last_input = time.monotonic()
        self.full_collections = 0

    @property
    def started(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        """Start-up is over: freeze what it built and take over full collections."""
        if self.started:
            return
        gc.collect()  # the garbage of start-up is not frozen with it
        gc.freeze()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def input(self) -> None:
        """A key (or the mouse): the reviewer is busy."""
        self._last_input = time.monotonic()

    def tick(self) -> None:
        """Called a few times a second: collect if the reviewer paused, or one is due anyway."""
        pending = gc.get_count()[2]  # young (generation-1) collections since the last full one
        if not self.started or pending == 0:
            return
        if pending >= self.pressure or time.monotonic() - self._last_input >= self.idle:
            gc.collect()
            self.full_collections += 1

    def stop(self) -> None:
        """Put the collector back as it was (the frozen objects become collectable again)."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        gc.unfreeze()
