"""The matching worker as a process of its own, for the app: ``python -m workbench.seen.service DB``.

Matching is Python: in a thread of the app it shared the GIL with the UI, and
a step under way made the keys wait (the app's start-up too, by seconds on a
large database). In a process it runs on the other core, at a lower priority,
on a connection of its own; its writes are the short BEGIN IMMEDIATE steps of
:func:`workbench.store.seen.match_step`, which the app's poll sees as the
seen-before caches changing.

The app writes lines to its standard input: ``wake`` (something was
committed: there may be work) and ``stop``; a step under way ends after the
claim in hand as soon as a line waits, and the end of the input (the app has
gone, even killed) is a stop. It writes one JSON object a line to its
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

STEP = 50  # claims a step: its write transaction stays a few milliseconds
IDLE_WAIT = 30.0  # seconds between looks when nothing woke the worker
# After a wake, wait this long for more commits before matching: a reviewer deciding a claim a
# second (or two apps at once) costs one step per pause, not one per decision.
SETTLE = 1.0
NICE = 10  # the reviewer's own process, an ingest, another reviewer's app come first


@dataclass(frozen=True, slots=True)
class Report:
    """One message of the worker: ``matched`` (a step's levels), ``idle``, ``error`` or ``off``."""

    kind: str
    levels: dict[int, str] = field(default_factory=dict)
    pending: int = 0
    message: str = ""

    def to_line(self) -> str:
        return json.dumps({"kind": self.kind, "levels": {str(k): v for k, v in self.levels.items()},
                           "pending": self.pending, "message": self.message}) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Report:
        data = json.loads(line)
        return cls(str(data["kind"]), {int(k): str(v) for k, v in data.get("levels", {}).items()},
                   int(data.get("pending", 0)), str(data.get("message", "")))


class _Stopped(Exception):
    pass


class _Inbox:
    """The app's lines, read by a thread so that a step can ask, without blocking, whether one waits."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.strip())
        self._lines.put("stop")  # the app has gone

    def waiting(self) -> bool:
        return not self._lines.empty()

    def wait(self, timeout: float) -> bool:
        """Until the app says something or ``timeout`` passes; whether it woke us. A stop stops."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return False
        self._take(line)
        self.drain()
        return True

    def drain(self) -> None:
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return
            self._take(line)

    @staticmethod
    def _take(line: str) -> None:
        if line == "stop":
            raise _Stopped


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
        send(Report("off", message=str(exc)))
        return
    matcher: Matcher | None = None
    try:
        while True:
            try:
                matcher = matcher or Matcher(conn)
                step = match_step(conn, matcher=matcher, limit=STEP, stop=inbox.waiting)
            except Exception as exc:  # busy, or a damaged index: say it, try again later
                send(Report("error", message=f"{type(exc).__name__}: {exc}"))
                matcher = None
                inbox.wait(IDLE_WAIT)
                continue
            if step.matched:
                send(Report("matched", levels=dict(step.levels), pending=step.pending))
            if step.matched and step.pending:
                inbox.drain()
                continue
            send(Report("idle"))
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
