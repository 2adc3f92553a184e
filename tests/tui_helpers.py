"""Helpers for driving the review app in tests and the benchmark (Pilot-based).

The tests, bench/bench_app.py and docs/screenshot.py share one notion of "the
app has caught up": list queries applied, the writer's results handled. The
shared app fixture of the TUI tests (conftest.py) builds on these.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING

from workbench.tui.writer import JobState

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from workbench.tui.app import ReviewApp


async def settle(pilot: Pilot, *, timeout: float = 10.0, poll: bool = True) -> None:
    """Wait until every queued decision is handled and the queue shows fresh data.

    A decision that failed to save counts as handled (it waits for a retry).
    """
    app: ReviewApp = pilot.app  # type: ignore[assignment]
    session = app.session
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        jobs = session.pending_jobs()
        if not jobs:
            break
        if session.writer.paused and all(job.state in (JobState.FAILED, JobState.QUEUED) for job in jobs):
            break  # not saved: waiting for a retry
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not settle: decisions still being saved")
        await pilot.pause(0.02)
    if poll:
        app.poll()
    await pilot.pause()  # the messages the screens were sent (data changed, re-list) are handled
    await workers_done(app)
    await pilot.pause()


async def workers_done(app) -> None:
    """Every worker of the app has finished. A list query that a newer one replaced (the
    queries are exclusive) ends cancelled: that is the app working, not a failure."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def screen_text(app: ReviewApp) -> str:
    """The text of the whole current screen, as the compositor draws it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def make_app(db_path, *, reviewer: str = "ana", scale=None, config=None, **options) -> ReviewApp:
    """A ReviewApp on ``db_path`` with the default scale and config unless given."""
    from workbench.config import Config
    from workbench.scales import DEFAULT_SCALE
    from workbench.tui.app import ReviewApp

    return ReviewApp(db_path, reviewer=reviewer, scale=scale or DEFAULT_SCALE, config=config or Config(), **options)


# ---------------------------------------------------------------- a real terminal

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
)


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


class PtyProcess:
    """A command under a pseudo-terminal of a given size, its output read by a thread."""

    def __init__(self, argv: list[str], *, cols: int = 120, rows: int = 40, env: dict | None = None) -> None:
        import fcntl
        import pty
        import struct
        import subprocess
        import termios
        import threading

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment.update({"TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)})
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the child is gone (EIO)
                return
            if not data:
                return
            with self._lock:
                self._chunks.append(data)

    def output(self) -> str:
        with self._lock:
            raw = b"".join(self._chunks)
        return raw.decode("utf-8", errors="replace")

    def text(self) -> str:
        return strip_ansi(self.output())

    def wait_for(self, needle: str, timeout: float = 20.0, *, since: int = 0) -> float | None:
        """Seconds since start when ``needle`` appeared in the output text; None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text()[since:]:
                return time.perf_counter() - self.started
            if self.proc.poll() is not None and needle not in self.text()[since:]:
                time.sleep(0.05)
                return None if needle not in self.text()[since:] else time.perf_counter() - self.started
            time.sleep(0.01)
        return None

    def send(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def kill(self, sig: int | None = None) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if sig is None else sig)
        try:
            self.proc.wait(timeout=10)
        finally:
            try:
                os.close(self.master)
            except OSError:
                pass
