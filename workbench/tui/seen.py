"""Seen before in the app: matching in a process of its own, and importing fact-checks from the palette.

Matching one claim costs an FTS5 query and two small models, several
milliseconds of Python: far too much for a keystroke, and a big ingest
brings thousands of claims. In a thread it shared the GIL with the UI (keys
and start-up waited on it), so it runs in a process
(:mod:`workbench.seen.service`) on a connection of its own, in small steps of
short BEGIN IMMEDIATE writes beside the app's decisions. A thread here reads
its reports and hands the matched ids to the UI thread (their rows redraw
with the glyph); the app wakes it when something may have changed: the poll
(another writer committed), an ingest or an import, or a decision of this
session. Nothing here decides: a reviewer confirms or rejects a candidate
with l / L.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from workbench.api import Workbench
from workbench.seen import service
from workbench.seen.service import Report
from workbench.store import StoreError
from workbench.vocab import WorkerReport
from workbench.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp

STOP_WAIT = 2.0  # seconds the worker gets to end its step when the app quits, before it is ended
BUSY_EVERY = 0.1  # seconds between the "busy" lines keys send (the worker waits service.QUIET after the last)


class SeenFlow:
    """The matching worker's process and the palette's import."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._busy_sent = 0.0
        self.steps = 0  # steps that matched something (for tests and the bench)
        self.idle = threading.Event()  # set while nothing is pending

    # ------------------------------------------------------------ the worker

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        app = self.app
        if self._process is not None or app.closing:
            return
        if app.session.store.read_only:
            self.idle.set()
            return  # nothing can be cached on a read-only file: the queue shows what is there
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "workbench.seen.service", str(app.session.db_path)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8", bufsize=1,
                start_new_session=True,  # a Ctrl+C meant for the app is not the worker's
            )
        except OSError as exc:
            self.idle.set()
            app.say(f"seen before: matching is off ({exc})", severity="warning")
            return
        self._reader = threading.Thread(target=self._read, name="workbench-seen-reports", daemon=True)
        self._reader.start()

    def wake(self) -> None:
        self.idle.clear()
        self._send(service.WAKE)

    def busy(self) -> None:
        """A key: the worker waits until the reviewer pauses (at most one line a tenth of a second)."""
        now = time.monotonic()
        if now - self._busy_sent >= BUSY_EVERY:
            self._busy_sent = now
            self._send(service.BUSY)

    def stop(self, timeout: float = STOP_WAIT) -> None:
        process = self._process
        if process is None:
            return
        self._send(service.STOP)
        try:
            process.wait(timeout)  # a step under way ends after the claim in hand
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout)
        self._process = None

    def _send(self, line: str) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return
        with self._send_lock:
            try:
                process.stdin.write(line + "\n")
                process.stdin.flush()
            except (OSError, ValueError):  # the worker has gone (its reports said why)
                pass

    def _read(self) -> None:
        """The worker's reports, in a thread: what it matched goes to the UI thread."""
        app = self.app
        process = self._process
        assert process is not None and process.stdout is not None
        try:
            for line in process.stdout:
                try:
                    report = Report.from_line(line)
                except (ValueError, KeyError, TypeError):
                    continue
                if app.closing:
                    continue
                if report.kind == WorkerReport.MATCHED:
                    self.steps += 1
                    app.from_thread(app.seen_changed, list(report.levels))
                elif report.kind == WorkerReport.IDLE:
                    self.idle.set()
                elif report.kind == WorkerReport.ERROR:
                    app.from_thread(app.say, f"seen before: matching paused ({report.message})", severity="warning")
                elif report.kind == WorkerReport.OFF:
                    self.idle.set()
                    app.from_thread(app.say, f"seen before: matching is off ({report.message})", severity="warning")
        except (OSError, ValueError):
            pass
        self.idle.set()  # the worker has ended: nothing more will be matched

    # ---------------------------------------------------------------- import

    def ask_import(self) -> None:
        app = self.app

        def got_path(text: str | None) -> None:
            text = (text or "").strip()
            if not text:
                return
            path = Path(text).expanduser()
            if not path.exists():
                app.say(f"no such file or folder: {path}", severity="error")
                return
            self.start_import([path])

        app.push_screen(
            PromptScreen(
                Content("Import published fact-checks from (ClaimReview JSON-LD, CSV or JSONL; a file or a folder):"),
                "", "a path",
            ),
            got_path,
        )

    def start_import(self, paths: list[Path]) -> None:
        self.app.run_worker(lambda: self._import(paths), thread=True, group="import", name="import", exit_on_error=False)

    def _import(self, paths: list[Path]) -> None:
        app = self.app
        session = app.session
        app.from_thread(app.say, f"importing {', '.join(map(str, paths))}… (the queue stays usable)")

        def on_file(report) -> None:  # type: ignore[no-untyped-def]
            for problem in report.problems[:3]:
                app.from_thread(app.say, problem.line(), severity="warning")
            if len(report.problems) > 3:
                app.from_thread(app.say, f"{report.path}: {len(report.problems) - 3} more problems "
                                "(workbench import lists them all)", severity="warning")

        try:
            with Workbench(session.db_path, config=session.config, create=False,
                           busy_timeout=session.busy_timeout) as wb:
                reports = wb.import_factchecks(paths, match=False, on_file=on_file)
        except (StoreError, OSError, ValueError) as exc:
            app.from_thread(app.say, f"import failed: {exc}", severity="error")
            return
        added = sum(r.added for r in reports)
        updated = sum(r.updated for r in reports)
        unchanged = sum(r.unchanged for r in reports)
        app.from_thread(app.say, f"imported {added} fact-check(s), {updated} updated, {unchanged} unchanged; "
                        "matching the claims in the background")
        self.wake()
