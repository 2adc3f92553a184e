"""The matching worker as a process of its own, for the app: ``python -m workbench.seen.service DB``.

Matching is Python: in a thread of the app it shared the GIL with the UI, and
a step under way made the keys wait (the app's start-up too, by seconds on a
large database). In a process it runs on the other core, at a lower priority,
on a connection of its own; its writes are the short BEGIN IMMEDIATE steps of
:func:`workbench.store.seen.match_step`, which the app's poll sees as the
seen-before caches changing.

The app writes lines to its standard input: ``wake`` (something was
committed: there may be work), ``busy`` (the reviewer is at the keys: the
worker waits until they pause for ``QUIET`` seconds, since even on another
core it slows the UI down where the cores share a cache or are hyperthreads
of one) and ``stop``; a step under way ends after the claim in hand as soon
as a line waits, and the end of the input (the app has gone, even killed) is
a stop. It writes one JSON object a line to its
standard output, a :class:`Report`: what a step matched, that nothing is
left, or why it paused. Its standard error goes nowhere: the process shares
the reviewer's terminal.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from workbench.vocab import WorkerReport

STEP = 50  # claims a step: its write transaction stays a few milliseconds
IDLE_WAIT = 30.0  # seconds between looks when nothing woke the worker
# After a wake, wait this long for more commits before matching: a reviewer deciding a claim a
# second (or two apps at once) costs one step per pause, not one per decision.
SETTLE = 1.0
QUIET = 0.5  # seconds without a key before the worker goes on
NICE = 10  # the reviewer's own process, an ingest, another reviewer's app come first
# The app's lines (both ends use these).
WAKE, BUSY, STOP = "wake", "busy", "stop"


@dataclass(frozen=True, slots=True)
class Report:
    """One message of the worker (see :class:`~workbench.vocab.WorkerReport`)."""

    kind: WorkerReport
    levels: dict[int, str] = field(default_factory=dict)
    pending: int = 0
    message: str = ""

    def to_line(self) -> str:
        return json.dumps({"kind": self.kind, "levels": {str(k): v for k, v in self.levels.items()},
                           "pending": self.pending, "message": self.message}) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Report:
        data = json.loads(line)
        return cls(WorkerReport(data["kind"]), {int(k): str(v) for k, v in data.get("levels", {}).items()},
                   int(data.get("pending", 0)), str(data.get("message", "")))


class _Stopped(Exception):
    pass


class _Inbox:
    """The app's lines, read by a thread so that a step can ask, without blocking, whether one waits."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self.busy_at = 0.0  # time.monotonic() of the app's last "busy"
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.strip())
        self._lines.put(STOP)  # the app has gone

    def waiting(self) -> bool:
        return not self._lines.empty()

    def wait(self, timeout: float) -> bool:
        """Until the app wakes us or ``timeout`` passes; whether it woke us. A stop stops."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                return False
            self._take(line)
            if line != BUSY:  # keys are no reason to look for work
                self.drain()
                return True
        return False

    def drain(self) -> None:
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return
            self._take(line)

    def quiet(self) -> None:
        """Wait while the reviewer is at the keys (each "busy" moves the end of the wait)."""
        while (left := QUIET - (time.monotonic() - self.busy_at)) > 0:
            try:
                self._take(self._lines.get(timeout=left))
            except queue.Empty:
                pass

    def _take(self, line: str) -> None:
        if line == STOP:
            raise _Stopped
        if line == BUSY:
            self.busy_at = time.monotonic()


def run(db_path: Path, inbox: _Inbox, out: IO[str]) -> None:
    """Match until told to stop."""
    from workbench.seen.matcher import Matcher
    from workbench.store.connection import connect
    from workbench.store.seen import match_step

    def send(report: Report) -> None:
        out.write(report.to_line())
        out.flush()

    try:
        conn = connect(db_path)
    except Exception as exc:  # the app says it once; the queue shows what is cached
        send(Report(WorkerReport.OFF, message=str(exc)))
        return
    matcher: Matcher | None = None
    try:
        while True:
            inbox.drain()
            inbox.quiet()
            try:
                matcher = matcher or Matcher(conn)
                step = match_step(conn, matcher=matcher, limit=STEP, stop=inbox.waiting)
            except Exception as exc:  # busy, or a damaged index: say it, try again later
                send(Report(WorkerReport.ERROR, message=f"{type(exc).__name__}: {exc}"))
                matcher = None
                inbox.wait(IDLE_WAIT)
                continue
            if step.matched:
                send(Report(WorkerReport.MATCHED, levels=dict(step.levels), pending=step.pending))
            if (step.matched and step.pending) or step.syncing:
                inbox.drain()
                continue
            send(Report(WorkerReport.IDLE))
            if inbox.wait(IDLE_WAIT):
                time.sleep(SETTLE)  # let a burst of commits end: one step for all of them
                inbox.drain()
    except (_Stopped, BrokenPipeError):
        return
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m workbench.seen.service DB", file=sys.stderr)
        return 2
    try:
        os.nice(NICE)
    except OSError:
        pass
    run(Path(args[0]), _Inbox(sys.stdin), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
