"""The review app: triage claims at keyboard speed, never losing a decision.

Size: the app shell: lifecycle, polling, the screens' asks and the palette's commands;
the flows it starts live in flows.py and seen.py.

A thin Textual shell. What the session knows (decisions in flight, undo,
caches, the three connections) is in :mod:`workbench.tui.session`; following
other writers is :mod:`workbench.tui.sync`; the export and ingest flows are
:mod:`workbench.tui.flows`. The app owns the screens: it opens the ones the
screens ask for (by message), and tells every screen in the stack when data
changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from workbench.api import Workbench
from workbench.config import Config
from workbench.safetext import visible
from workbench.scales import Scale
from workbench.store import StoreError
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT
from workbench.tui import keys
from workbench.tui.collector import IdleCollector
from workbench.tui.commands import PaletteCommand, WorkbenchCommands
from workbench.tui.flows import ExportFlow, IngestFlow, LearnFlow
from workbench.tui.seen import SeenFlow
from workbench import userprefs
from workbench.tui.host import (
    BackToQueue,
    CorrectClaim,
    DataChanged,
    EditEvidence,
    EditNote,
    OpenDocument,
    QueueFollows,
    QuitRequested,
    ShowHelp,
)
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.correct import CorrectScreen
from workbench.tui.screens.evidence import EvidenceScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note import NoteScreen
from workbench.tui.screens.prompt import PromptScreen
from workbench.tui.screens.quit import QuitScreen
from workbench.tui.screens.report import ReportScreen
from workbench.tui.session import ReviewSession
from workbench.tui.sync import POLL_INTERVAL, Poller
from workbench.tui.writer import Job, JobState
from workbench.vocab import ORDER_CYCLE, STATUS_CYCLE, Action, ExportFormat, ReviewMode, Status

RETRY_INTERVAL = 3.0  # seconds before a not-saved decision is tried again by itself
COLLECT_INTERVAL = 0.25  # seconds between checks whether a full garbage collection is due


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
        mode: ReviewMode | None = None,
    ) -> None:
        super().__init__()
        config = config or Config()
        # A bad [keys] entry is a ConfigError here, before anything is drawn.
        self.keymap = keys.keymap(config.keys, source=str(config.path or "workbench.toml"))
        self.db_path = Path(db_path)
        self.busy_timeout = busy_timeout
        self.poll_interval = poll_interval
        self.retry_interval = retry_interval
        self.session = ReviewSession(
            self.db_path,
            reviewer=reviewer,
            scale=scale,
            config=config,
            busy_timeout=busy_timeout,
            on_job=lambda job: self.post_message(self.JobFinished(job)),
            on_change=self._session_changed,
            notify=lambda message, severity: self.say(message, severity=severity),
            mode=mode,
        )
        self.poller = Poller(self.session.store, own=self.session.writer.written)
        self._relist_due = False  # our own decisions were saved since the last look: the view is listed again
        self.exports = ExportFlow(self)
        self.ingests = IngestFlow(self)
        self.learning = LearnFlow(self)
        self.seen = SeenFlow(self)
        self._retry_timer: Any = None
        self.closing = False  # set while the app shuts down: workers finish quietly
        self.collector = IdleCollector(defer=self.call_after_refresh)
        self.main = MainScreen()

    # ------------------------------------------------------------ lifecycle

    def get_default_screen(self) -> Screen:
        return self.main

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self._restore_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.session.start()
        self.set_interval(self.poll_interval, self.poll)
        self.set_interval(COLLECT_INTERVAL, self.collector.tick)
        from workbench.nlp.model import ModelLoadError, probe_pipeline, require_scorer  # cheap: no spaCy

        try:
            require_scorer()
        except ModelLoadError as exc:
            self.say(f"{exc}; ingest from the app will fail until then", severity="error")
        description, lost = probe_pipeline()
        if lost:
            self.say(
                f"{description}: no English model is installed, so ingest loses " + "; ".join(lost),
                severity="warning",
            )
        self.run_worker(self._check_desk_model, thread=True, group="desk-check", name="desk-check", exit_on_error=False)

    def _check_desk_model(self) -> None:
        """A desk model that ranks but cannot be read is said at once (in a thread: it may be large)."""
        from workbench.desk import LearnError, load_model

        try:
            with Workbench(self.db_path, create=False, busy_timeout=self.busy_timeout) as wb:
                load_model(wb.store)
        except LearnError as exc:
            self.from_thread(self.say, f"{exc}; new claims keep the shipped model's score until then", severity="warning")
        except Exception:  # the store's own errors show elsewhere; this check never takes the app down
            pass

    # The theme is one person's: kept in their own preferences, not the team's config.

    def _restore_theme(self) -> None:
        name = userprefs.get("theme")
        if isinstance(name, str) and name in self.available_themes:
            self._theme_restored = name
            self.theme = name

    def _remember_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str) or name == getattr(self, "_theme_restored", None):
            return
        self._theme_restored = name
        try:
            userprefs.put("theme", name)
        except OSError as exc:
            self.say(f"the theme is used, but could not be remembered: {exc.strerror or exc}", severity="warning")

    def get_key_display(self, binding: Binding) -> str:
        """The verdict keys as the active scale has them ("1-6"), everything else as Textual does."""
        if (binding.id or "").endswith(".verdict-1") and binding.key == "1":
            return self.session.scale.keys_shown()
        return super().get_key_display(binding)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        # keys.keymap refuses clashes within our table; this catches one with Textual's own keys.
        names = ", ".join(sorted(b.key for b in clashed_bindings))
        self.say(f"workbench.toml [keys]: {names} replaced a built-in key", severity="warning")

    async def action_quit(self) -> None:
        """Textual's own quit (Ctrl+Q, the palette's "Quit") asks too, like q."""
        self.request_quit()

    def start_up_done(self) -> None:
        """The first claims are on screen: from now on, no full garbage collection
        runs in the middle of a key (see collector.py), and the matching worker
        starts (its interpreter and first step would slow the start-up down)."""
        self.collector.start()
        self.seen.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            # The reviewer is busy: no full collection now, and the matching worker waits.
            self.collector.input()
            self.seen.busy()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.stop()  # tests run many apps in one process
        # Queued decisions are still written before the thread ends (a failed one
        # has already been reported and asked about by request_quit).
        self.closing = True
        self.seen.stop()
        self.session.close()

    def request_quit(self) -> None:
        """q: quit, unless a decision is still being saved or could not be; then one dialog
        that follows the writer (see screens/quit.py)."""
        if not self.session.writer.pending():
            self.exit()
            return
        if isinstance(self.screen, QuitScreen):
            return  # already asking: one message, not one per keypress

        def answer(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(QuitScreen(self.session.writer.pending), answer)

    # --------------------------------------------------------- data changes

    def poll(self) -> None:
        """Another connection committed (a second reviewer, an ingest, our writer): refresh."""
        change = self.poller.check()
        if self._relist_due and (change is None or change.cache_only):
            self.main.post_message(DataChanged([], relist=True))  # the counts, and the list if a decision moves it
        self._relist_due = False  # any other change below re-lists as well
        if change is None:
            return
        if change.cache_only:  # the seen-before caches: redraw the marks in view that changed
            self._tell_screens(None, relist=self.main.view.status == Status.SEEN, seen_only=True)
            return
        if change.everything:
            self.session.forget_caches()
        self._tell_screens(change.claim_ids, relist=True)
        self.seen.wake()  # new claims or verdicts: the matcher has work
        # Another reviewer overruled us, disagreed, adjudicated, conflicted, undid ours: say so now.
        for message, severity in self.session.notices(change.events):
            self.say(message, severity=severity)
        if change.events:  # another reviewer's decisions count too (not the matcher's cache writes)
            self.learning.maybe_auto()

    def _session_changed(self, claim_ids: list[int] | None, *, relist: bool = False) -> None:
        """The session changed claims itself (a decision submitted, saved, undone): redrawn at once.

        A saved decision may also move its claim in or out of the view and moves
        the counts: that re-listing waits for the next poll, so a burst of keys
        lists the view once, not once a key (the poller leaves our own commits out).
        """
        self._tell_screens(claim_ids)
        self._relist_due = self._relist_due or relist

    def seen_changed(self, claim_ids: list[int]) -> None:
        """The matching worker matched these claims: redraw them (glyph, detail panel)."""
        self._tell_screens(claim_ids, relist=self.main.view.status == Status.SEEN)

    def _tell_screens(self, claim_ids: list[int] | None, *, relist: bool = False, seen_only: bool = False) -> None:
        for screen in self.screen_stack:
            screen.post_message(DataChanged(claim_ids, relist=relist, seen_only=seen_only))

    def on_review_app_job_finished(self, message: JobFinished) -> None:
        self.session.job_finished(message.job)
        if message.job.state == JobState.SAVED:
            self.seen.wake()  # a verdict is a candidate for the matcher (the poller leaves our commits out)
        if message.job.action == Action.VERDICT and message.job.decision is not None:
            self.learning.maybe_auto()
        if message.job.failed:
            if self._retry_timer is None and self.retry_interval > 0:
                self._retry_timer = self.set_interval(self.retry_interval, self._auto_retry)
        elif not self.session.writer.pending() and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def _auto_retry(self) -> None:
        if not self.session.auto_retry() and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    # ------------------------------------------------------- screens' asks

    def on_open_document(self, message: OpenDocument) -> None:
        """The document view, on one claim. One screen, installed once, like help."""
        from workbench.tui.screens.document import DocumentScreen

        if not self.is_screen_installed("document"):
            self.install_screen(DocumentScreen(), name="document")
        screen = self.get_screen("document")
        screen.open(message.document_id, message.claim_id)  # type: ignore[attr-defined]
        self.push_screen(screen)

    def on_back_to_queue(self, message: BackToQueue) -> None:
        if self.screen is not self.main:
            self.pop_screen()
        if message.claim_id is not None:
            self.main.show_claim(message.claim_id)

    def on_queue_follows(self, message: QueueFollows) -> None:
        if self.screen is not self.main:
            self.main.follow(message.claim_id)

    def on_show_help(self, _message: ShowHelp) -> None:
        # One help screen, installed once: composing a screen costs more than a key may.
        if not self.is_screen_installed("help"):
            self.install_screen(HelpScreen(self.session.scale, self.keymap), name="help")
        help_screen = self.get_screen("help")
        help_screen.show_scale(self.session.scale)  # type: ignore[attr-defined]
        self.push_screen(help_screen)

    def on_edit_note(self, message: EditNote) -> None:
        claim = message.claim
        old = claim.note or ""

        def done(text: str | None) -> None:
            # The editor shows (and so returns) the note's visible form.
            if text is None or text == visible(old, multiline=True):
                return
            current = self.main.queue.row(claim.id) or claim
            self.session.decide(current, Action.NOTE, text)

        # One editor, installed once and reused (like help): see note.py.
        if not self.is_screen_installed("note"):
            self.install_screen(NoteScreen(), name="note")
        editor = self.get_screen("note")
        editor.edit(claim.text, old)  # type: ignore[attr-defined]
        self.push_screen(editor, done)

    def on_edit_evidence(self, message: EditEvidence) -> None:
        claim = message.claim

        def done(result: tuple | None) -> None:
            if result is not None:
                sources, explanation = result
                current = self.main.queue.row(claim.id) or claim
                self.session.decide_evidence(current, sources, explanation)

        # One editor, installed once and reused, like the note editor.
        if not self.is_screen_installed("evidence"):
            self.install_screen(EvidenceScreen(), name="evidence")
        editor = self.get_screen("evidence")
        editor.edit(claim)  # type: ignore[attr-defined]
        self.push_screen(editor, done)

    def on_correct_claim(self, message: CorrectClaim) -> None:
        claim = message.claim

        def done(changes: dict | None) -> None:
            if changes:
                current = self.main.queue.row(claim.id) or claim
                self.session.decide(current, Action.CORRECT, json.dumps(changes, sort_keys=True, ensure_ascii=False))

        # One editor, installed once and reused, like the note editor.
        if not self.is_screen_installed("correct"):
            self.install_screen(CorrectScreen(), name="correct")
        editor = self.get_screen("correct")
        editor.edit(claim)  # type: ignore[attr-defined]
        self.push_screen(editor, done)

    def on_quit_requested(self, _message: QuitRequested) -> None:
        self.request_quit()

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
                    try:
                        callback(*args, **kwargs)
                    except NoMatches:
                        pass  # the widget it would update went with its screen meanwhile

        try:
            loop.call_soon_threadsafe(run)
        except RuntimeError:  # the loop has closed
            pass

    def say(self, message: str, *, severity: str = "information") -> None:
        """A toast. Messages carry data (file names, reviewer names): never markup."""
        self.notify(visible(message), severity=severity, markup=False)  # type: ignore[arg-type]

    def refresh_status(self) -> None:
        self.main.refresh_status()

    # ------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Keep Textual's own (theme, keys, screenshot, quit); ours come from WorkbenchCommands.
        yield from super().get_system_commands(screen)

    def palette_commands(self) -> list[PaletteCommand]:
        main = self.main
        commands = [
            PaletteCommand(
                f"Export as {fmt.label}",
                f"write the claims and verdicts to a {fmt.suffix} file",
                lambda fmt=fmt: self.exports.ask(fmt),
            )
            for fmt in ExportFormat
        ]
        commands.append(
            PaletteCommand(
                f"Export as {ExportFormat.CLAIMREVIEW.label}, disputed claims included",
                "publish claims the reviewers disagree on too (each one is listed)",
                lambda: self.exports.ask(ExportFormat.CLAIMREVIEW, include_disputed=True),
            )
        )
        commands.append(
            PaletteCommand(
                "Agreement between reviewers",
                "per pair: claims, percent agreement and Cohen's kappa on double review's blind verdicts",
                self.show_agreement,
            )
        )
        other = ReviewMode.SINGLE if self.session.mode == ReviewMode.DOUBLE else ReviewMode.DOUBLE
        commands.append(
            PaletteCommand(
                f"Review mode: {other} review",
                f"for this session: {other.meaning}",
                lambda: self.use_mode(other),
            )
        )
        commands.append(
            PaletteCommand(Status.ADJUDICATION.title, "claims the reviewers disagree on", lambda: main.set_view(status=Status.ADJUDICATION))
        )
        commands.append(PaletteCommand(
            "Ingest a path or a web page", "read articles from a file, a folder or a URL and extract claims", self.ingests.ask,
        ))
        commands.append(PaletteCommand(
            "Ingest a feed", "fetch the new entries of an RSS or Atom feed and extract claims", self.ingests.ask_feed,
        ))
        commands.append(PaletteCommand(
            "Import fact-checks",
            "published fact-checks (ClaimReview JSON-LD, CSV, JSONL): claims seen before are marked ≈",
            self.seen.ask_import,
        ))
        commands.append(PaletteCommand(
            "Refit the desk model",
            "learn from the desk's verdicts and dismissals; the better model re-ranks the unreviewed claims",
            self.learning.start,
        ))
        commands.append(PaletteCommand(
            "Evaluate the desk model",
            "would a model of the desk's decisions beat the shipped one? (changes nothing)",
            lambda: self.learning.start(evaluate_only=True),
        ))
        commands.append(PaletteCommand("Switch reviewer", "record decisions under another name", self.ask_reviewer))
        for scale in self.session.scales().values():
            commands.append(
                PaletteCommand(
                    f"Switch scale: {scale.name}",
                    f"number keys give the verdicts of this scale ({len(scale.verdicts)} verdicts)",
                    lambda scale=scale: self.use_scale(scale),
                )
            )
        for order in ORDER_CYCLE:
            commands.append(PaletteCommand(f"Sort {order.label}", "order of the queue", lambda order=order: main.set_view(order=order)))
        for status in STATUS_CYCLE:
            commands.append(PaletteCommand(status.title, "status filter", lambda status=status: main.set_view(status=status)))
        commands.append(PaletteCommand("Only this claim's document", "document filter", self._document_filter_on))
        commands.append(PaletteCommand("All documents", "clear the document filter", lambda: main.set_view(document=None, document_title=None)))
        commands.append(PaletteCommand("Clear search", "show every claim of the filter again", lambda: main.action_end_search(clear=True)))
        commands.append(PaletteCommand("Retry saving", "try the decisions that were not saved again", self.session.retry))
        return commands

    def _document_filter_on(self) -> None:
        if self.main.view.document is None:
            self.main.action_toggle_document()

    def use_scale(self, scale: Scale) -> None:
        self.session.scale = scale
        self.say(f"scale: {scale.name}; keys {scale.keys_shown()} now record its verdicts")
        self.refresh_status()
        self.main.refresh_bindings()  # the footer names the new scale's keys

    def use_mode(self, mode: ReviewMode) -> None:
        self.session.mode = ReviewMode(mode)
        self.say(f"{mode} review for this session: {mode.meaning}")
        self.refresh_status()

    def show_agreement(self) -> None:
        from workbench.agreement import agreement

        try:
            report = agreement(self.session.store.events())
        except StoreError as exc:
            self.say(str(exc), severity="error")
            return
        self.push_screen(ReportScreen("Agreement between reviewers (double review, blind verdicts)", report.lines()))

    def ask_reviewer(self) -> None:
        def done(name: str | None) -> None:
            if name:
                self.session.reviewer = name
                self.say(f"decisions are now recorded as {name}")
                self.refresh_status()

        self.push_screen(PromptScreen(Content("Reviewer name"), self.session.reviewer), done)


def run_app(
    db_path: Path,
    *,
    reviewer: str,
    scale: Scale,
    config: Config,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    mode: ReviewMode | None = None,
) -> None:
    """Open the review app on ``db_path`` (created when new) until the reviewer quits.

    Raises ConfigError for a bad ``[keys]`` entry before the screen is taken over.
    """
    app = ReviewApp(Path(db_path), reviewer=reviewer, scale=scale, config=config, busy_timeout=busy_timeout, mode=mode)
    app.run()


__all__ = ["ReviewApp", "run_app"]
