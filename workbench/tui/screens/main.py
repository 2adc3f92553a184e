"""The main screen: the claim queue beside (or, when narrow, above) the claim under review."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input

from workbench.store import Counts, StoreError
from workbench.tui import keys
from workbench.tui.actions import DecisionActions
from workbench.tui.detail import ClaimDetail
from workbench.tui.footer import KeyFooter
from workbench.tui.queue import ClaimQueue
from workbench.tui.search import SearchBar
from workbench.tui.statusbar import STATUS_NAMES, Progress, StatusBar
from workbench.tui.text import clipped, join

if TYPE_CHECKING:
    from workbench.tui.app import ReviewApp

STATUS_CYCLE = ("all", "unreviewed", "reviewed", "flagged", "conflict")
ORDER_CYCLE = ("score", "document", "status", "recent")
MIN_SEARCH = 2  # characters: one letter matches most of a big database and helps nobody
SCAN_CHUNK = 200
SCAN_LIMIT = 2000  # rows `n` scans in the cached window before asking the store


@dataclass(frozen=True)
class View:
    """What the queue shows: the store's filters and order."""

    status: str = "all"
    order: str = "score"
    document: int | None = None
    document_title: str | None = None
    search: str = ""

    @property
    def effective_search(self) -> str | None:
        return self.search if len(self.search.strip()) >= MIN_SEARCH else None


class MainScreen(DecisionActions, Screen):
    BINDINGS = keys.bindings(keys.QUEUE)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    app: ReviewApp

    def __init__(self) -> None:
        super().__init__(id="main")
        self.view = View()
        self.counts = Counts(total=0, reviewed=0)
        self._generation = 0
        self._follow: int | None = None  # a claim the cursor should land on once listed
        self._follow_tries = 0
        self.loaded = False  # the first list has arrived
        self.query_started: float | None = None
        self.query_applied: float | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Container(id="panes"):
            yield ClaimQueue(
                self.app.fetch_rows,
                self.app.scales,
                self.app.pending_for,
                on_move=lambda _claim_id: self.show_detail(),
                id="queue",
            )
            yield ClaimDetail(id="detail")
        yield SearchBar(placeholder="search claims, sentences, speakers…", id="search")
        yield KeyFooter()

    @property
    def queue(self) -> ClaimQueue:
        return self.query_one(ClaimQueue)

    @property
    def detail(self) -> ClaimDetail:
        return self.query_one(ClaimDetail)

    def on_mount(self) -> None:
        self.queue.focus()
        self.refresh_status()
        self.requery()

    # ------------------------------------------------------------- querying

    def view_depends_on_state(self) -> bool:
        """Would a decision change which claims are listed, or their order?"""
        return self.view.status != "all" or self.view.order in ("status", "recent")

    def requery(self, *, follow: int | None = None, ids: bool = True, counts: bool = True) -> None:
        """Read the ordered ids and/or the counts for the current view in a thread."""
        if follow is not None:
            self._follow, self._follow_tries = follow, 3
        if not ids and not self.loaded:
            ids = True
        if ids:
            self._generation += 1
            self.query_started = time.perf_counter()
            # A search still running for an older keystroke is interrupted, not waited for.
            self.app.reader.conn.interrupt()
        generation, view = self._generation, self.view
        self.run_worker(
            lambda: self._query(generation, view, ids, counts),
            thread=True,
            group="query" if ids else "count",
            exclusive=True,
            exit_on_error=False,
            name="query" if ids else "count",
        )

    def _query(self, generation: int, view: View, with_ids: bool = True, with_counts: bool = True) -> None:
        """In a worker thread, on the reader connection: the list first, the counts after."""
        reader, app = self.app.reader, self.app
        search = view.effective_search
        try:
            if with_ids:
                ids = reader.claim_ids(status=view.status, document=view.document, search=search, order=view.order)
                if generation != self._generation:
                    return
                app.from_thread(self._apply, generation, ids, None)
            if with_counts:
                counts = reader.count(document=view.document, search=search)
                if generation == self._generation:
                    app.from_thread(self._apply_counts, generation, counts)
        except StoreError as exc:
            if generation == self._generation and "interrupt" not in str(exc):
                app.from_thread(app.say, str(exc), severity="error")
        except Exception as exc:  # never let a read take the app down
            if not app.closing:
                app.from_thread(app.say, f"could not read the claims: {type(exc).__name__}: {exc}", severity="error")

    def _apply_counts(self, generation: int, counts: Counts) -> None:
        if generation != self._generation:
            return
        self.counts = counts
        self.queue.empty_message = self._empty_message(counts)
        if not self.queue.ids:
            self.queue.refresh()
            self.detail.show_nothing(self.queue.empty_message[0])
        self.refresh_status()

    def _apply(self, generation: int, ids: list[int], counts: Counts | None) -> None:
        if generation != self._generation:
            return
        queue = self.queue
        keep, fallback = queue.current_id, queue.cursor
        follow, self._follow = self._follow, None
        if counts is not None:
            self.counts = counts
            queue.empty_message = self._empty_message(counts)
        else:
            queue.empty_message = self._empty_message(self.counts)
        queue.set_ids(ids, keep=keep, fallback=fallback)
        if follow is not None and not queue.move_to_claim(follow) and self._follow_tries > 0:
            # Not listed yet (the undo that brings it back is still saving): try next time.
            self._follow, self._follow_tries = follow, self._follow_tries - 1
        first_list = not self.loaded
        self.loaded = True
        self.query_applied = time.perf_counter()
        if first_list:  # start-up is over once it is on screen
            self.call_after_refresh(self.app.start_up_done)
        self.refresh_status()
        if not ids:
            self.detail.show_nothing(queue.empty_message[0])

    def _empty_message(self, counts: Counts) -> list[Content]:
        view = self.view
        if counts.total == 0 and view.document is None and not view.search:
            return [
                Content("No claims yet.").stylize("bold"),
                Content(""),
                Content("Ingest articles from a shell:  workbench ingest PATH"),
                Content("or here: Ctrl+P, then “Ingest a path”."),
                Content(""),
                Content("Claims appear as soon as they are extracted; ? lists every key."),
            ]
        what = STATUS_NAMES.get(view.status, view.status)
        lines = [Content(f"No {what} claims match.").stylize("bold"), Content("")]
        if view.search:
            lines.append(join([Content("search: “"), clipped(view.search, 40), Content("”  (/ then Esc clears it)")]))
        if view.status != "all":
            lines.append(Content("s shows the next status filter; Ctrl+P → “Show all claims”."))
        if view.document is not None:
            lines.append(Content("d shows every document again."))
        return lines

    def set_view(self, **changes: object) -> None:
        old = self.view
        self.view = replace(self.view, **changes)  # type: ignore[arg-type]
        self.refresh_status()
        # Progress counts the scope (document and search), not the status filter
        # or the order: changing those re-reads the list only.
        scope_changed = (old.document, old.effective_search) != (self.view.document, self.view.effective_search)
        self.requery(counts=scope_changed)

    # -------------------------------------------------------------- display

    def refresh_status(self) -> None:
        app = self.app
        saving = app.save_state()
        self.query_one(StatusBar).show(
            Progress(
                reviewer=app.reviewer,
                scale=app.scale.name,
                reviewed=self.counts.reviewed,
                total=self.counts.total,
                shown=len(self.queue.ids),
                status=self.view.status,
                order=self.view.order,
                search=self.view.search,
                search_short=bool(self.view.search.strip()) and self.view.effective_search is None,
                document=self.view.document_title if self.view.document is not None else None,
                save=saving[0],
                save_detail=saving[1],
                unsaved=saving[2],
            )
        )

    def show_detail(self) -> None:
        row = self.queue.current_row
        if row is None:
            if not self.queue.ids:
                self.detail.show_nothing(self.queue.empty_message[0])
            return
        app = self.app
        self.detail.show(
            row,
            document=app.document(row["document_id"]),
            sentences=app.sentences(row["document_id"]),
            history=app.history(row["id"]),
            scales=app.scales(),
            pending=app.pending_list(row["id"]),
        )

    def data_changed(self, claim_ids: list[int] | None) -> None:
        """Rows changed in the store (ours or another reviewer's): redraw them."""
        self.queue.forget(claim_ids)
        current = self.queue.current_id
        if current is not None and (claim_ids is None or current in claim_ids):
            self.show_detail()
        self.refresh_status()

    # -------------------------------------------------- DecisionActions hooks

    def current_row(self) -> dict | None:
        return self.queue.current_row

    def advance(self) -> None:
        self.queue.move_by(1)

    def show_claim(self, claim_id: int) -> None:
        if not self.queue.move_to_claim(claim_id):
            self._follow, self._follow_tries = claim_id, 3  # listed again once the undo is saved

    # ------------------------------------------------------------- movement

    def action_cursor_down(self) -> None:
        self.queue.move_by(1)

    def action_cursor_up(self) -> None:
        self.queue.move_by(-1)

    def action_cursor_top(self) -> None:
        self.queue.move_to(0)

    def action_cursor_bottom(self) -> None:
        self.queue.move_to(len(self.queue.ids) - 1)

    def action_page_down(self) -> None:
        self.queue.move_by(self.queue.page)

    def action_page_up(self) -> None:
        self.queue.move_by(-self.queue.page)

    def action_next_unreviewed(self) -> None:
        queue, app = self.queue, self.app
        n = len(queue.ids)
        if not n:
            return

        def unreviewed(row: dict) -> bool:
            return row["verdict"] is None and app.pending_for(row["id"]) is None

        # Most of the time the next one is near: scan the list a chunk at a time.
        scanned = 0
        start = queue.cursor + 1
        while scanned < min(SCAN_LIMIT, n):
            if start >= n:
                start = 0
            for row in queue.rows_from(start, SCAN_CHUNK):
                if unreviewed(row) and row["id"] != queue.current_id:
                    queue.move_to_claim(row["id"])
                    return
            scanned += SCAN_CHUNK
            start += SCAN_CHUNK
        # Far away: ask the store which are unreviewed, then pick the first after the cursor.
        v = self.view
        try:
            todo = app.store.claim_ids(status="unreviewed", document=v.document, search=v.effective_search, order=v.order)
        except StoreError as exc:
            app.say(str(exc), severity="error")
            return
        positions = sorted(
            p for cid in todo if (p := queue.index_of(cid)) is not None and app.pending_for(cid) is None
        )
        after = [p for p in positions if p > queue.cursor] or [p for p in positions if p != queue.cursor]
        if after:
            queue.move_to(after[0])
        else:
            app.say("every claim in this list has a decision")

    # ------------------------------------------------------ filters & search

    def action_cycle_status(self) -> None:
        current = self.view.status if self.view.status in STATUS_CYCLE else "all"
        self.set_view(status=STATUS_CYCLE[(STATUS_CYCLE.index(current) + 1) % len(STATUS_CYCLE)])

    def action_cycle_order(self) -> None:
        self.set_view(order=ORDER_CYCLE[(ORDER_CYCLE.index(self.view.order) + 1) % len(ORDER_CYCLE)])

    def action_toggle_document(self) -> None:
        if self.view.document is not None:
            self.set_view(document=None, document_title=None)
            return
        row = self.queue.current_row
        if row is None:
            return
        self.set_view(document=row["document_id"], document_title=row["document_title"] or f"document {row['document_id']}")

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.add_class("-active")
        bar.focus()

    def action_end_search(self, clear: bool = False) -> None:
        bar = self.query_one(SearchBar)
        if clear:
            bar.value = ""
            if self.view.search:
                self.set_view(search="")
        if not bar.value:
            bar.remove_class("-active")
        self.queue.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        # No debounce: each keystroke starts a query and interrupts the one before
        # (requery calls sqlite3's interrupt), so the last keystroke never waits.
        self._run_search(event.value)

    def _run_search(self, text: str) -> None:
        if text != self.view.search:
            self.set_view(search=text)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._run_search(event.value)
        self.action_end_search(clear=False)

    # ------------------------------------------------------------- reading

    def action_open_document(self) -> None:
        row = self.queue.current_row
        if row is not None:
            self.app.show_document(row["document_id"], row["id"])
