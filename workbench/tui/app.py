"""The review app: triage claims at keyboard speed, never losing a decision.

Threads and connections:

* the UI thread reads through ``self.store`` (rows in view, the claim's detail,
  ``PRAGMA data_version`` polling): each of these is a millisecond or less;
* list queries (the ordered ids of a filter or a search: tens of ms at
  100,000 claims) run in a thread worker on ``self.reader``, its own connection;
* decisions are committed by :class:`~workbench.tui.writer.DecisionWriter` on a
  third connection, in order. A decision shows "saved" only once the store has
  returned, after COMMIT.

WAL mode lets the two readers go on while a write waits for a busy database.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from workbench.config import Config
from workbench.safefile import atomic_write
from workbench.safetext import visible
from workbench.scales import Scale
from workbench.store import Store, StoreError
from workbench.store.audit import DECISION_ACTIONS
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT
from workbench.tui.collector import IdleCollector
from workbench.tui.commands import PaletteCommand, WorkbenchCommands
from workbench.tui.confirm import ConfirmScreen
from workbench.tui.help import HelpScreen
from workbench.tui.main_screen import ORDER_CYCLE, STATUS_CYCLE, MainScreen
from workbench.tui.note import NoteScreen
from workbench.tui.prompt import PromptScreen
from workbench.tui.statusbar import ORDER_NAMES
from workbench.tui.text import join, literal
from workbench.tui.writer import DecisionWriter, Job

BULK_EVENTS = 500  # more new events than this at once: refresh everything rather than read them
FULL_REFRESH = 5.0  # seconds: after decisions came in, the whole list is re-read at most this often
POLL_INTERVAL = 0.5  # seconds between data_version checks: another reviewer shows within 1 s
RETRY_INTERVAL = 3.0  # seconds before a not-saved decision is tried again by itself
COLLECT_INTERVAL = 0.25  # seconds between checks whether a full garbage collection is due
EXPORT_FORMATS = {"csv": ("CSV", ".csv"), "jsonl": ("JSON Lines", ".jsonl"), "claimreview": ("ClaimReview JSON-LD", ".json")}
FILTER_TITLES = {
    "all": "Show all claims",
    "unreviewed": "Show unreviewed claims",
    "reviewed": "Show reviewed claims",
    "flagged": "Show flagged claims",
    "conflict": "Show conflicts",
}


class ReviewApp(App):
    """Keyboard-driven claim triage over one workbench database."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}

    class JobFinished(Message):
        """The writer thread is done with a job (saved, refused or failed)."""

        def __init__(self, job: Job) -> None:
            super().__init__()
            self.job = job

    def __init__(
        self,
        db_path: Path,
        *,
        reviewer: str,
        scale: Scale,
        config: Config | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        poll_interval: float = POLL_INTERVAL,
        retry_interval: float = RETRY_INTERVAL,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.scale = scale
        self.config = config or Config()
        self.busy_timeout = busy_timeout
        self.poll_interval = poll_interval
        self.retry_interval = retry_interval
        # check=False: `workbench review` has just run the integrity check on this
        # file, and at 100,000 claims it costs a quarter of a second.
        self.store = Store.open(self.db_path, create=True, busy_timeout=busy_timeout, check=False)
        self.reader = Store.open(self.db_path, busy_timeout=busy_timeout, check=False)
        self.writer = DecisionWriter(
            self.db_path,
            busy_timeout=busy_timeout,
            on_done=lambda job: self.post_message(self.JobFinished(job)),
            on_failed=lambda job: self.post_message(self.JobFinished(job)),
        )
        self.session: list[Job] = []  # this session's decisions, for undo
        self._pending: dict[int, list[Job]] = {}
        self._documents: OrderedDict[int, dict] = OrderedDict()
        self._sentences: OrderedDict[int, list[dict]] = OrderedDict()
        self._data_version = self.store.data_version()
        self._head_seq = self.store.head()[0]
        self._stale = False
        self._full_refresh_at = time.monotonic()
        self._last_saved: Job | None = None
        self._retry_timer: Any = None
        self.closing = False  # set while the app shuts down: workers finish quietly
        self.collector = IdleCollector()
        self.main = MainScreen()

    # ------------------------------------------------------------ lifecycle

    def get_default_screen(self) -> Screen:
        return self.main

    def on_mount(self) -> None:
        self.writer.start()
        self.set_interval(self.poll_interval, self.poll)
        self.set_interval(COLLECT_INTERVAL, self.collector.tick)
        from workbench.nlp.model import probe_pipeline  # cheap: does not import spaCy

        description, lost = probe_pipeline()
        if lost:
            self.say(
                f"{description}: no English model is installed, so ingest loses "
                + "; ".join(lost),
                severity="warning",
            )

    async def action_quit(self) -> None:
        """Textual's own quit (Ctrl+Q, the palette's "Quit") asks too, like q."""
        self.request_quit()

    def start_up_done(self) -> None:
        """The first claims are on screen: from now on, no full garbage collection
        runs in the middle of a key (see collector.py)."""
        self.collector.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input()  # the reviewer is busy: no full collection now
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.stop()  # tests run many apps in one process
        # Queued decisions are still written before the thread ends (a failed one
        # has already been reported and asked about by request_quit).
        self.closing = True
        self.writer.stop(timeout=max(5.0, 2 * self.busy_timeout + 1))
        self.store.close()
        self.reader.close()

    def request_quit(self) -> None:
        """q: quit, unless a decision would be lost; then ask."""
        pending = self.writer.pending()
        if not pending:
            self.exit()
            return
        if any(job.failed for job in pending):
            question = Content(
                f"{len(pending)} decision(s) are NOT saved (the database is busy or failing).\n"
                "Quit anyway and lose them?  (n, then r, retries)"
            )

            def answer(yes: bool | None) -> None:
                if yes:
                    self.exit()

            self.push_screen(ConfirmScreen(question), answer)
            return
        # Still being saved: give the writer a moment, then ask again.
        self.say("saving… quitting as soon as it is saved")
        self.set_timer(0.2, self.request_quit)

    # ------------------------------------------------------------- reading

    def scales(self) -> dict[str, Scale]:
        scales = self.config.scales()
        scales.setdefault(self.scale.id, self.scale)
        return scales

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, dict]:
        try:
            return self.store.claims_by_ids(ids)
        except StoreError as exc:
            self.say(str(exc), severity="error")
            return {}

    def document(self, document_id: int) -> dict | None:
        doc = self._documents.get(document_id)
        if doc is None:
            try:
                doc = self.store.document(document_id)
            except StoreError:
                return None
            self._documents[document_id] = doc
            while len(self._documents) > 64:
                self._documents.popitem(last=False)
        return doc

    def sentences(self, document_id: int) -> list[dict]:
        sentences = self._sentences.get(document_id)
        if sentences is None:
            try:
                sentences = self.store.sentences(document_id)
            except StoreError:
                return []
            self._sentences[document_id] = sentences
            while len(self._sentences) > 64:
                self._sentences.popitem(last=False)
        return sentences

    def history(self, claim_id: int) -> list[dict]:
        try:
            return self.store.history(claim_id)
        except StoreError:
            return []

    def pending_for(self, claim_id: int) -> Job | None:
        jobs = self._pending.get(claim_id)
        return jobs[-1] if jobs else None

    def pending_list(self, claim_id: int) -> list[Job]:
        return list(self._pending.get(claim_id, ()))

    def poll(self) -> None:
        """Another connection committed (a second reviewer, an ingest, our writer): refresh.

        Decisions arrive as events: only the claims they touch are re-read, and
        the list is re-read only when the view depends on review state. A commit
        with no new event (an ingest, a re-extraction) re-reads everything.
        """
        try:
            version = self.store.data_version()
            if version == self._data_version:
                if self._stale and time.monotonic() - self._full_refresh_at > FULL_REFRESH:
                    self._refresh_everything()
                return
            self._data_version = version
            head, _ = self.store.head()
            if head - self._head_seq > BULK_EVENTS:  # a bulk of decisions: re-read it all
                self._head_seq = head
                self._refresh_everything()
                return
            events = self.store.events(after=self._head_seq) if head != self._head_seq else []
        except StoreError:
            return
        self._head_seq = max(self._head_seq, head)
        if not events or any(e["claim_id"] is None for e in events):
            self._refresh_everything()  # no event (ingest, re-extraction) or a document edit
            return
        touched = sorted({e["claim_id"] for e in events})
        # Anything else may have been committed in the same moment (an ingest next
        # to a decision): the whole list is read again a little later, in any case.
        self._stale = True
        self._tell_screens(touched)
        self.main.requery(ids=self.main.view_depends_on_state())

    def _refresh_everything(self) -> None:
        self._stale = False
        self._full_refresh_at = time.monotonic()
        self._documents.clear()
        self._sentences.clear()
        self._tell_screens(None)
        self.main.requery()

    def _tell_screens(self, claim_ids: list[int] | None) -> None:
        for screen in self.screen_stack:
            changed = getattr(screen, "data_changed", None)
            if changed is not None:
                changed(claim_ids)

    # ------------------------------------------------------------ deciding

    def decide(self, row: dict, action: str, value: str | None) -> Job | None:
        """The one decision path of the app: queue a job for the writer thread."""
        detail = None
        if action == "verdict":
            verdict = self.scale.get(value or "")
            detail = {"label": verdict.label, "colour": verdict.colour} if verdict else {"label": "dismissed"}
        job = Job(
            action,
            row["id"],
            value,
            seen=row.get("last_seq"),
            reviewer=self.reviewer,
            scale=self.scale,
            detail=detail,
        )
        return self._submit(job)

    def _submit(self, job: Job) -> Job:
        self._pending.setdefault(job.claim_id, []).append(job)
        if job.action in DECISION_ACTIONS:
            self.session.append(job)
        self.writer.submit(job)
        self._tell_screens([job.claim_id])
        return job

    def on_review_app_job_finished(self, message: JobFinished) -> None:
        job = message.job
        if job.state == "failed":
            self._not_saved(job)
            return
        jobs = self._pending.get(job.claim_id, [])
        if job in jobs:
            jobs.remove(job)
        if not jobs:
            self._pending.pop(job.claim_id, None)
        if job.state == "saved":
            self._last_saved = job
            if self.writer.pending() == [] and self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None
            decision = job.decision
            if decision is not None and decision.conflict_with:
                self.say(
                    f"conflict on claim {job.claim_id}: another reviewer decided it (event "
                    f"#{decision.conflict_with}) after you last saw it; both decisions are kept",
                    severity="warning",
                )
        elif job.state == "refused":
            self.say(f"not recorded: {job.error}", severity="warning")
        self._tell_screens([job.claim_id])

    def _not_saved(self, job: Job) -> None:
        self._tell_screens([job.claim_id])
        if job.attempts == 1:
            self.say(f"NOT SAVED: {job.error}. Press r to retry (it retries by itself too).", severity="error")
        if self._retry_timer is None and self.retry_interval > 0:
            self._retry_timer = self.set_interval(self.retry_interval, self._auto_retry)

    def _auto_retry(self) -> None:
        if self.writer.paused:
            self.writer.retry()
            self._tell_screens(None)
        elif not self.writer.pending() and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def retry_saves(self) -> None:
        waiting = self.writer.retry()
        self._tell_screens(None)
        if not waiting:
            self.say("nothing waits to be saved")

    def save_state(self) -> tuple[str, str, int]:
        """(state, detail, unsaved count) for the status bar."""
        pending = self.writer.pending()
        if any(job.failed for job in pending):
            return "not-saved", "", len(pending)
        if pending:
            return "saving", "", len(pending)
        if self._last_saved is not None and self._last_saved.decision is not None:
            return "saved", f"#{self._last_saved.decision.seq}", 0
        return "idle", "", 0

    def edit_note(self, row: dict) -> None:
        claim_id, old = row["id"], row.get("note") or ""

        def done(text: str | None) -> None:
            # The editor shows (and so returns) the note's visible form.
            if text is None or text == visible(old):
                return
            current = self.main.queue.row(claim_id) or row
            self.decide(current, "note", text)

        # One editor, installed once and reused (like help): see note.py.
        if not self.is_screen_installed("note"):
            self.install_screen(NoteScreen(), name="note")
        editor = self.get_screen("note")
        editor.edit(row["text"], old)  # type: ignore[attr-defined]
        self.push_screen(editor, done)

    def undo_last(self) -> None:
        """Undo this session's last decision that still stands; the cursor goes back to it."""
        while self.session:
            job = self.session.pop()
            if job.state in ("cancelled", "refused"):
                continue
            if job.state in ("queued", "failed") and self.writer.cancel(job):
                jobs = self._pending.get(job.claim_id, [])
                if job in jobs:
                    jobs.remove(job)
                if not jobs:
                    self._pending.pop(job.claim_id, None)
                self._tell_screens([job.claim_id])
                self._show_claim(job.claim_id)
                self.say(f"undone (it had not been saved): {job.action} on claim {job.claim_id}")
                return
            if job.state == "saved" and job.decision is not None and self._retracted(job):
                continue
            row = self.main.queue.row(job.claim_id) or {}
            undo = Job("undo", job.claim_id, None, seen=row.get("last_seq"), reviewer=self.reviewer, target=job)
            self._submit(undo)
            self._show_claim(job.claim_id)
            return
        self.say("nothing left to undo in this session")

    def _retracted(self, job: Job) -> bool:
        assert job.decision is not None
        return any(e["action"] == "undo" and e["undoes"] == job.decision.seq for e in self.history(job.claim_id))

    def _show_claim(self, claim_id: int) -> None:
        show = getattr(self.screen, "show_claim", None)
        if show is not None:
            show(claim_id)
        else:
            self.main.show_claim(claim_id)

    # ----------------------------------------------------------- messages

    def from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> None:
        """Run ``callback`` on the UI thread, from a worker, without waiting for it.

        Not call_from_thread: that blocks the worker until the callback has run,
        and a worker blocked on a loop that is shutting down would keep the
        process from exiting. Callbacks run in order, in the app's context.
        """
        loop = self._loop
        if self.closing or loop is None:
            return

        def run() -> None:
            if not self.closing:
                with self._context():
                    callback(*args, **kwargs)

        try:
            loop.call_soon_threadsafe(run)
        except RuntimeError:  # the loop has closed
            pass

    def say(self, message: str, *, severity: str = "information") -> None:
        """A toast. Messages carry data (file names, reviewer names): never markup."""
        self.notify(visible(message), severity=severity, markup=False)  # type: ignore[arg-type]

    def show_help(self) -> None:
        # One help screen, installed once: composing a screen costs more than a key may.
        if not self.is_screen_installed("help"):
            self.install_screen(HelpScreen(self.scale), name="help")
        help_screen = self.get_screen("help")
        help_screen.show_scale(self.scale)  # type: ignore[attr-defined]
        self.push_screen(help_screen)

    def show_document(self, document_id: int, claim_id: int | None = None) -> None:
        """The document view, on one claim. One screen, installed once, like help."""
        from workbench.tui.document import DocumentScreen

        if not self.is_screen_installed("document"):
            self.install_screen(DocumentScreen(), name="document")
        screen = self.get_screen("document")
        screen.open(document_id, claim_id)  # type: ignore[attr-defined]
        self.push_screen(screen)

    def refresh_status(self) -> None:
        self.main.refresh_status()

    # ------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Keep Textual's own (theme, keys, screenshot, quit); ours come from WorkbenchCommands.
        yield from super().get_system_commands(screen)

    def palette_commands(self) -> list[PaletteCommand]:
        main = self.main
        commands = [
            PaletteCommand(f"Export as {name}", f"write the claims and verdicts to a {ext} file", lambda fmt=fmt: self.ask_export(fmt))
            for fmt, (name, ext) in EXPORT_FORMATS.items()
        ]
        commands.append(PaletteCommand("Ingest a path", "read articles from a file or folder and extract claims", self.ask_ingest))
        commands.append(PaletteCommand("Switch reviewer", "record decisions under another name", self.ask_reviewer))
        for scale in self.scales().values():
            commands.append(
                PaletteCommand(
                    f"Switch scale: {scale.name}",
                    f"number keys give the verdicts of this scale ({len(scale.verdicts)} verdicts)",
                    lambda scale=scale: self.use_scale(scale),
                )
            )
        for order in ORDER_CYCLE:
            commands.append(PaletteCommand(f"Sort {ORDER_NAMES[order]}", "order of the queue", lambda order=order: main.set_view(order=order)))
        for status in STATUS_CYCLE:
            commands.append(PaletteCommand(FILTER_TITLES[status], "status filter", lambda status=status: main.set_view(status=status)))
        commands.append(PaletteCommand("Only this claim's document", "document filter", self._document_filter_on))
        commands.append(PaletteCommand("All documents", "clear the document filter", lambda: main.set_view(document=None, document_title=None)))
        commands.append(PaletteCommand("Clear search", "show every claim of the filter again", lambda: main.action_end_search(clear=True)))
        commands.append(PaletteCommand("Retry saving", "try the decisions that were not saved again", self.retry_saves))
        return commands

    def _document_filter_on(self) -> None:
        if self.main.view.document is None:
            self.main.action_toggle_document()

    def use_scale(self, scale: Scale) -> None:
        self.scale = scale
        self.say(f"scale: {scale.name}; keys 1-{len(scale.verdicts)} now record its verdicts")
        self.refresh_status()

    def ask_reviewer(self) -> None:
        def done(name: str | None) -> None:
            if name:
                self.reviewer = name
                self.say(f"decisions are now recorded as {name}")
                self.refresh_status()

        self.push_screen(PromptScreen(Content("Reviewer name"), self.reviewer), done)

    # -------------------------------------------------------------- export

    def ask_export(self, fmt: str) -> None:
        name, ext = EXPORT_FORMATS[fmt]
        default = str(Path.cwd() / f"workbench-export{ext}")

        def got_path(text: str | None) -> None:
            if not text:
                return
            path = Path(text).expanduser()
            if path.is_dir():
                self.say(f"{path} is a folder: give a file name", severity="error")
                return
            if path.exists():
                question = join([Content("Overwrite "), literal(str(path), style="bold"), Content("?")])

                def confirmed(yes: bool | None) -> None:
                    if yes:
                        self.start_export(fmt, path)
                    else:
                        self.say("export cancelled: the file was left as it was")

                self.push_screen(ConfirmScreen(question), confirmed)
            else:
                self.start_export(fmt, path)

        title = join([Content(f"Export as {name} to:")])
        self.push_screen(PromptScreen(title, default, "a file path"), got_path)

    def start_export(self, fmt: str, path: Path) -> None:
        self.run_worker(lambda: self._export(fmt, path), thread=True, group="export", name="export", exit_on_error=False)

    def _export(self, fmt: str, path: Path) -> None:
        try:
            from workbench.export import export
        except ImportError:
            self.from_thread(self.say, "export is not available in this build", severity="error")
            return
        try:
            with Store.open(self.db_path, busy_timeout=self.busy_timeout, check=False) as store:
                with atomic_write(path) as out:
                    result = export(store, fmt, out, config=self.config)
        except (StoreError, OSError, ValueError) as exc:
            self.from_thread(self.say, f"export failed: {exc}", severity="error")
            return
        except Exception as exc:  # a bug in an exporter must not take the app down
            self.from_thread(self.say, f"export failed: {type(exc).__name__}: {exc}", severity="error")
            return
        count = getattr(result, "count", "?")
        self.from_thread(self.say, f"exported {count} claims to {path}")

    # -------------------------------------------------------------- ingest

    def ask_ingest(self) -> None:
        def got_path(text: str | None) -> None:
            if text:
                path = Path(text).expanduser()
                if not path.exists():
                    self.say(f"no such file or folder: {path}", severity="error")
                    return
                self.run_worker(lambda: self._ingest(path), thread=True, group="ingest", name="ingest", exit_on_error=False)

        self.push_screen(PromptScreen(Content("Ingest articles from (a file or a folder):"), "", "a path"), got_path)

    def _ingest(self, path: Path) -> None:
        try:
            from workbench.ingest.run import ingest_paths
        except ImportError:
            self.from_thread(self.say, "ingest is not available in this build", severity="error")
            return
        self.from_thread(self.say, f"ingesting {path}… (the queue stays usable)")

        def on_file(report: Any) -> None:
            display = getattr(report, "display", "")
            status = getattr(report, "status", "")
            reason = getattr(report, "reason", None)
            if status in ("failed", "skipped"):
                self.from_thread(self.say, f"{display}: {status}" + (f" ({reason})" if reason else ""), severity="warning")
            else:
                self.from_thread(self.say, f"{display}: {status}, {getattr(report, 'claims', 0)} claims")
            self.from_thread(self.poll)  # show each file's claims as soon as they are stored

        try:
            with Store.open(self.db_path, busy_timeout=self.busy_timeout, check=False) as store:
                report = ingest_paths(store, [path], on_file=on_file)
        except (StoreError, OSError, ValueError) as exc:
            self.from_thread(self.say, f"ingest failed: {exc}", severity="error")
            return
        except Exception as exc:  # a bug in the pipeline must not take the app down
            self.from_thread(self.say, f"ingest failed: {type(exc).__name__}: {exc}", severity="error")
            return
        files = getattr(report, "files", [])
        ok = getattr(report, "ok", True)
        self.from_thread(
            self.say,
            f"ingest done: {len(files)} file(s)" + ("" if ok else " (some failed; see the messages)"),
            severity="information" if ok else "warning",
        )
        self.from_thread(self.poll)


def run_app(
    db_path: Path,
    *,
    reviewer: str,
    scale: Scale,
    config: Config,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> None:
    """Open the review app on ``db_path`` (created when new) until the reviewer quits."""
    app = ReviewApp(Path(db_path), reviewer=reviewer, scale=scale, config=config, busy_timeout=busy_timeout)
    app.run()


__all__ = ["ReviewApp", "run_app"]
