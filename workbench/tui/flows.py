"""The app's long-running flows: export to a file, ingest a path, refit the desk model, each in a worker.

Each asks for a path, checks it (and asks before overwriting a file), then
runs in a thread worker on its own connection, so the queue stays usable.
Results and failures come back as toasts; a bug in an exporter or in the
pipeline is reported, never allowed to take the app down.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from workbench.api import Workbench
from workbench.store import StoreError
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.prompt import PromptScreen
from workbench.tui.screens.report import ReportScreen
from workbench.tui.text import join, literal
from workbench.vocab import ExportFormat

if TYPE_CHECKING:
    from workbench.ingest.run import FileReport  # the ingest modules load when an ingest runs
    from workbench.tui.app import ReviewApp


class ExportFlow:
    """Export as CSV, JSON Lines or ClaimReview: path prompt, overwrite question, worker."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app

    def ask(self, fmt: ExportFormat, *, include_disputed: bool = False) -> None:
        app = self.app
        default = str(Path.cwd() / f"workbench-export{fmt.suffix}")

        def got_path(text: str | None) -> None:
            if not text:
                return
            path = Path(text).expanduser()
            if path.is_dir():
                app.say(f"{path} is a folder: give a file name", severity="error")
                return
            if path.exists():
                question = join([Content("Overwrite "), literal(str(path), style="bold"), Content("?")])

                def confirmed(yes: bool | None) -> None:
                    if yes:
                        self.start(fmt, path, include_disputed=include_disputed)
                    else:
                        app.say("export cancelled: the file was left as it was")

                app.push_screen(ConfirmScreen(question), confirmed)
            else:
                self.start(fmt, path, include_disputed=include_disputed)

        app.push_screen(PromptScreen(join([Content(f"Export as {fmt.label} to:")]), default, "a file path"), got_path)

    def start(self, fmt: ExportFormat, path: Path, *, include_disputed: bool = False) -> None:
        self.app.run_worker(
            lambda: self._run(fmt, path, include_disputed), thread=True, group="export", name="export", exit_on_error=False
        )

    def _run(self, fmt: ExportFormat, path: Path, include_disputed: bool = False) -> None:
        app = self.app
        session = app.session
        try:
            with Workbench(session.db_path, config=session.config, create=False, busy_timeout=session.busy_timeout) as wb:
                result = wb.export(fmt, path, include_disputed=include_disputed)
        except (StoreError, OSError, ValueError) as exc:
            app.from_thread(app.say, f"export failed: {exc}", severity="error")
            return
        except Exception as exc:  # a bug in an exporter must not take the app down
            app.from_thread(app.say, f"export failed: {type(exc).__name__}: {exc}", severity="error")
            return
        done = f"exported {result.count} {fmt.noun} to {path} (audit head {result.head})"
        if result.warnings:
            # Every warning the CLI prints, where the reviewer reads them all before going on.
            app.from_thread(app.push_screen, ReportScreen(f"Export as {fmt.label}", [done], warnings=result.warnings))
            app.from_thread(app.say, f"{done}, with {len(result.warnings)} warning(s)", severity="warning")
        else:
            app.from_thread(app.say, done)


class IngestFlow:
    """Ingest a file, a folder, a web page or a feed: a prompt, then the real ingest in a
    worker (fetching included), each file or page reported as it is stored."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app

    def ask(self) -> None:
        app = self.app

        def got_source(text: str | None) -> None:
            from workbench.ingest.web import looks_like_url  # ingest loads only when asked for

            text = (text or "").strip()
            if not text:
                return
            if looks_like_url(text):
                self.start(urls=[text])
                return
            path = Path(text).expanduser()
            if not path.exists():
                app.say(f"no such file or folder: {path}", severity="error")
                return
            self.start(paths=[path])

        app.push_screen(
            PromptScreen(Content("Ingest articles from (a file, a folder or a web page's address):"), "", "a path or https://…"),
            got_source,
        )

    def ask_feed(self) -> None:
        app = self.app

        def got_feed(text: str | None) -> None:
            from workbench.ingest.web import looks_like_url

            text = (text or "").strip()
            if not text:
                return
            if not looks_like_url(text):
                app.say(f"not a web address: {text}", severity="error")
                return
            self.start(feeds=[text])

        app.push_screen(
            PromptScreen(Content("Ingest the new entries of a feed (RSS or Atom address):"), "", "https://…/feed.xml"),
            got_feed,
        )

    def start(self, *, paths: list[Path] = (), urls: list[str] = (), feeds: list[str] = ()) -> None:  # type: ignore[assignment]
        self.app.run_worker(
            lambda: self._run(list(paths), list(urls), list(feeds)),
            thread=True, group="ingest", name="ingest", exit_on_error=False,
        )

    def _run(self, paths: list[Path], urls: list[str], feeds: list[str]) -> None:
        from workbench.nlp.model import ModelLoadError

        app = self.app
        session = app.session
        what = ", ".join([*(str(p) for p in paths), *urls, *(f"the feed {f}" for f in feeds)])
        app.from_thread(app.say, f"ingesting {what}… (the queue stays usable)")

        def on_file(report: FileReport) -> None:
            if report.refused:
                reason = f" ({report.reason})" if report.reason else ""
                app.from_thread(app.say, f"{report.display}: {report.status}{reason}", severity="warning")
            else:
                app.from_thread(app.say, f"{report.display}: {report.status}, {report.claims} claims")
            app.from_thread(app.poll)  # show each file's claims as soon as they are stored

        try:
            with Workbench(session.db_path, config=session.config, create=False, busy_timeout=session.busy_timeout) as wb:
                report = wb.ingest(paths, urls=urls, feeds=feeds, on_file=on_file)
        except (StoreError, OSError, ValueError, ModelLoadError) as exc:
            app.from_thread(app.say, f"ingest failed: {exc}", severity="error")
            return
        except Exception as exc:  # a bug in the pipeline must not take the app down
            app.from_thread(app.say, f"ingest failed: {type(exc).__name__}: {exc}", severity="error")
            return
        app.from_thread(
            app.say,
            f"ingest done: {len(report.files)} file(s)" + ("" if report.ok else " (some failed; see the messages)"),
            severity="information" if report.ok else "warning",
        )
        app.from_thread(app.poll)


class LearnFlow:
    """Refit the desk model in a worker, from the palette or after N new decisions ([learn] auto_after).

    The refit runs in a process of its own, which a thread waits on, so the
    queue stays usable and quick;
    the store writes the learn event and the new scores in one transaction, and
    the poll that follows re-lists the queue (the cursor keeps its claim). An
    automatic refit that fails for too few decisions waits for N more; one that
    another app's refit beat to it is dropped quietly.
    """

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self.running = False
        self._auto_wait_after = 0  # event seq: an automatic refit counts decisions after it

    def start(self, *, evaluate_only: bool = False, auto: bool = False) -> None:
        app = self.app
        if self.running:
            if not auto:
                app.say("a refit is already running")
            return
        self.running = True
        session = app.session
        session.refitting = not evaluate_only
        ranking = session.ranking()
        expect: int | None | bool = (ranking.seq if ranking else None) if auto else False
        if not auto:
            app.say("evaluating the desk model… (the queue stays usable)" if evaluate_only
                    else "refitting the desk model on the desk's decisions… (the queue stays usable)")
        app.refresh_status()
        app.run_worker(
            lambda: self._run(evaluate_only, auto, expect), thread=True, group="learn", name="learn",
            exit_on_error=False,
        )

    def _run(self, evaluate_only: bool, auto: bool, expect: int | None | bool) -> None:
        from workbench.desk import LearnError, Raced, learn_in_process

        app = self.app
        session = app.session
        label = "automatic refit" if auto else "evaluate" if evaluate_only else "refit"
        try:
            # In a process of its own: seconds of Python work would otherwise slow every key.
            report = learn_in_process(
                session.db_path, reviewer=session.reviewer, evaluate_only=evaluate_only, auto=auto,
                expect_seq=expect, busy_timeout=session.busy_timeout,
            )
        except Raced as exc:  # another app's refit landed first: it counts as this one
            app.from_thread(app.say, f"{label}: {exc}", severity="information")
        except LearnError as exc:
            app.from_thread(self._refused, auto)
            app.from_thread(app.say, f"{label}: {exc}", severity="information" if auto else "warning")
        except StoreError as exc:
            app.from_thread(app.say, f"{label} failed: {exc}", severity="error")
        except Exception as exc:  # a bug in learning must not take the app down
            app.from_thread(app.say, f"{label} failed: {type(exc).__name__}: {exc}", severity="error")
        else:
            app.from_thread(app.say, f"{label}: {report.summary}")
        finally:
            app.from_thread(self._done)

    def _refused(self, auto: bool) -> None:
        if auto:
            try:
                self._auto_wait_after = self.app.session.store.head()[0]
            except StoreError:
                pass

    def _done(self) -> None:
        self.running = False
        self.app.session.refitting = False
        # The learn event names the model that ranks now: read it again, whatever the poll
        # saw first (the matching worker's commits wake the poll too).
        self.app.session.forget_ranking()
        self.app.poll()  # the learn event and the new scores: the queue is listed again
        self.app.refresh_status()

    def maybe_auto(self) -> None:
        """After a decision (ours or another reviewer's): refit when N new decisions are in."""
        every = self.app.session.config.learn_auto_after
        if not every or self.running or self.app.closing:
            return
        if self.app.session.decisions_since_refit(after=self._auto_wait_after, limit=every) >= every:
            self.start(auto=True)
