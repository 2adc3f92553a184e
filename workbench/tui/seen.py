"""Seen before in the app: matching in a worker thread, and importing fact-checks from the palette.

Matching one claim costs an FTS5 query and two small models, several
milliseconds: far too much for a keystroke, and a big ingest brings thousands
of claims. So a worker thread, on a connection of its own
(:func:`workbench.store.seen.side_connection`), takes the pending claims in
small steps (:func:`workbench.store.seen.match_step`: short BEGIN IMMEDIATE
writes beside the app's decisions) while the reviewer is not typing (it
shares the GIL with the UI thread), hands the matched ids to the UI thread
(their rows redraw with the glyph), and sleeps until something may have
changed: the app's poll (another writer committed), an ingest or an import,
or a decision of this session. Nothing here decides: a reviewer confirms or
rejects a candidate with l / L.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from workbench.api import Workbench
from workbench.store import StoreError
from workbench.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp

STEP = 50  # claims a step: its write transaction stays a few milliseconds
IDLE_WAIT = 30.0  # seconds between looks when nothing woke the worker
PAUSE = 0.02  # between busy steps: the UI thread's keys go first
# Matching is Python under the GIL: while the reviewer is at the keys, the worker waits
# (a step under way ends after the claim in hand), and goes on once they pause this long.
QUIET = 0.5
# After a wake, wait this long for more commits before matching: a reviewer deciding a claim a
# second (or two apps at once) costs one step per pause, not one per decision.
SETTLE = 1.0


class SeenFlow:
    """The matching worker and the palette's import."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None
        self.steps = 0  # steps that matched something (for tests and the bench)
        self.idle = threading.Event()  # set while nothing is pending

    # ------------------------------------------------------------ the worker

    def start(self) -> None:
        # A thread of its own, not a Textual worker: it lives as long as the app, and
        # waiting for the app's workers to finish (an export, a query) must not wait on it.
        self._thread = threading.Thread(target=self._run, name="workbench-seen", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self.idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop = True
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)  # a step under way finishes its short transaction

    def _run(self) -> None:
        from workbench.seen.matcher import Matcher
        from workbench.store.seen import match_step

        app = self.app
        if app.session.store.read_only:
            self.idle.set()
            return  # nothing can be cached on a read-only file: the queue shows what is there
        try:
            conn = app.session.store.side_connection()
        except StoreError as exc:
            app.from_thread(app.say, f"seen before: matching is off ({exc})", severity="warning")
            return
        matcher: Matcher | None = None
        try:
            while not self._stop and not app.closing:
                self._wait_for_quiet()
                if self._stop or app.closing:
                    return
                try:
                    matcher = matcher or Matcher(conn)
                    step = match_step(conn, matcher=matcher, limit=STEP, stop=self._give_way)
                except Exception as exc:  # busy, or a damaged index: say it once, try again later
                    if app.closing or self._stop:
                        return
                    app.from_thread(app.say, f"seen before: matching paused ({type(exc).__name__}: {exc})",
                                    severity="warning")
                    matcher = None
                    self._wake.wait(IDLE_WAIT)
                    self._wake.clear()
                    continue
                if step.matched:
                    self.steps += 1
                    app.from_thread(app.seen_changed, list(step.levels))
                if step.matched and step.pending:
                    time.sleep(PAUSE)
                    continue
                self.idle.set()
                self._wake.wait(IDLE_WAIT)
                self._wake.clear()
                if not self._stop:
                    time.sleep(SETTLE)  # let a burst of commits end: one step for all of them
                    self._wake.clear()
        finally:
            conn.close()

    def _give_way(self) -> bool:
        """Whether the step under way should end now: the reviewer pressed a key, or the app stops."""
        return self._stop or self.app.closing or time.monotonic() - self.app.last_input < QUIET

    def _wait_for_quiet(self) -> None:
        while not (self._stop or self.app.closing):
            wait = QUIET - (time.monotonic() - self.app.last_input)
            if wait <= 0:
                return
            time.sleep(wait)

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
