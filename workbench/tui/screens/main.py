"""The main screen: the claim queue beside (or, when narrow, above) the claim under review.

Size: one screen: the queue, its filters, search and the detail pane move together on
every key; the widgets themselves are one per file.
"""

from __future__ import annotations

import time
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.widgets import Input

from workbench.domain import Claim, Counts
from workbench.store import StoreError
from workbench.tui import keys
from workbench.tui.host import DataChanged, OpenDocument
from workbench.tui.lines import draw_out_of_sight
from workbench.tui.screens.actions import DecisionActions
from workbench.tui.session import View
from workbench.tui.text import clipped, join
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.seen import seen_before
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.queue import ClaimQueue
from workbench.tui.widgets.search import SearchBar
from workbench.tui.widgets.status_line import Progress, StatusLine
from workbench.vocab import ORDER_CYCLE, STATUS_CYCLE, Order, Status

SCAN_CHUNK = 200
SCAN_LIMIT = 2000  # rows `n` scans in the cached window before asking the store


COMPACT_WIDTH = 110  # narrower: the panes stack (app.tcss), and the detail is read compact
COMPACT_HEIGHT = 32  # lower: the detail shows the source sentence before its context


class MainScreen(DecisionActions):
    BINDINGS = keys.bindings(keys.QUEUE)
    WHERE = keys.QUEUE
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (COMPACT_WIDTH, "-wide")]

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
        self._to_first = False  # the next list starts on its first row (a new search)

    def compose(self) -> ComposeResult:
        session = self.host.session
        yield StatusLine(id="status")
        with Container(id="panes"):
            yield ClaimQueue(
                session.fetch_rows,
                session.scales,
                session.pending_for,
                viewer=lambda: session.reviewer,
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
        return self.view.depends_on_state()

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
            self.host.session.interrupt_listing()
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
        host = self.host
        session = host.session
        try:
            if with_ids:
                ids = session.list_ids(view)
                if generation != self._generation:
                    return
                host.from_thread(self._apply, generation, ids, None)
            if with_counts:
                counts = session.count(view)
                if generation == self._generation:
                    host.from_thread(self._apply_counts, generation, counts)
        except StoreError as exc:
            if generation == self._generation and "interrupt" not in str(exc):
                host.from_thread(host.say, str(exc), severity="error")
        except Exception as exc:  # never let a read take the app down
            if not host.closing:
                host.from_thread(host.say, f"could not read the claims: {type(exc).__name__}: {exc}", severity="error")

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
        if self._to_first:
            keep, fallback, self._to_first = None, 0, False
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
            self.call_after_refresh(self.host.start_up_done)
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
                Content("or here: Ctrl+P, then “Ingest a path or a web page”."),
                Content(""),
                Content("Claims appear as soon as they are extracted; ? lists every key."),
            ]
        lines = [Content(f"No {view.status.claims} match.").stylize("bold"), Content("")]
        if view.search:
            lines.append(join([Content("search: “"), clipped(view.search, 40), Content("”  (/ then Esc clears it)")]))
        if view.status == Status.ADJUDICATION:
            lines.append(Content("Nothing to adjudicate: no reviewers disagree here. a shows every claim again."))
        elif view.status != Status.ALL:
            lines.append(Content(f"s shows the next status filter; Ctrl+P → “{Status.ALL.title}”."))
        if view.document is not None:
            lines.append(Content("d shows every document again."))
        return lines

    def set_view(self, **changes: object) -> None:
        old = self.view
        view = replace(self.view, **changes)  # type: ignore[arg-type]
        self.view = replace(view, status=Status(view.status), order=Order(view.order))
        self.refresh_status()
        # Progress counts the scope (document and search), not the status filter
        # or the order: changing those re-reads the list only.
        scope_changed = (old.document, old.effective_search) != (self.view.document, self.view.effective_search)
        if old.search != self.view.search:
            self._to_first = True  # a new search starts on its first result
        self.requery(counts=scope_changed)

    # -------------------------------------------------------------- display

    def refresh_status(self) -> None:
        session = self.host.session
        self.query_one(StatusLine).show(
            Progress(
                reviewer=session.reviewer,
                scale=session.scale.name,
                reviewed=self.counts.reviewed,
                total=self.counts.total,
                shown=len(self.queue.ids),
                status=self.view.status,
                order=self.view.order,
                search=self.view.search,
                search_short=bool(self.view.search.strip()) and self.view.effective_search is None,
                document=self.view.document_title if self.view.document is not None else None,
                save=session.saving(),
                mode=session.mode,
                awaiting=self.counts.awaiting,
                disputed=self.counts.disputed,
                armed=session.armed_message(),
                ranking=session.ranking_label(),
            )
        )

    def show_armed(self) -> None:
        self.refresh_status()

    def on_resize(self) -> None:
        compact = self.size.width < COMPACT_WIDTH or self.size.height < COMPACT_HEIGHT
        if compact != self.detail.compact:
            self.detail.compact = compact
            self.show_detail()

    def show_detail(self) -> None:
        row = self.queue.current_row
        session = self.host.session
        armed = session.armed
        group = session.group_armed
        if (armed is not None and (row is None or armed.claim_id != row.id)) or (
            group is not None and (row is None or group != row.id)
        ):
            session.disarm()  # the cursor left the claim: the second press would land elsewhere
            self.refresh_status()
        if row is None:
            if not self.queue.ids:
                self.detail.show_nothing(self.queue.empty_message[0])
            return
        self.detail.show(
            row,
            document=session.document(row.document_id),
            sentences=session.sentences(row.document_id),
            history=session.history(row.id),
            scales=session.scales(),
            pending=session.pending_list(row.id),
            viewer=session.reviewer,
            scored_by=session.scored_by(row),
            seen=seen_before(session, row),
        )

    def action_focus_detail(self) -> None:
        self._disarm()
        self.detail.focus()

    def focus_queue(self) -> None:
        self.queue.focus()

    def action_escape(self) -> None:
        """Esc in the queue: cancel a verdict waiting for its second press, else clear the search."""
        if self.host.session.disarm():
            self.refresh_status()
            return
        if self.view.search or self.query_one(SearchBar).value:
            self.action_end_search(clear=True)

    def action_toggle_adjudication(self) -> None:
        self._disarm()
        self.set_view(status=Status.ALL if self.view.status == Status.ADJUDICATION else Status.ADJUDICATION)

    def on_data_changed(self, message: DataChanged) -> None:
        """Rows changed in the store (ours or another reviewer's): redraw them, maybe re-list."""
        if message.seen_only and message.claim_ids is None:
            # The claim under review is drawn again if its marks changed; our own worker also
            # names what it matched (seen_changed), which redraws its candidates.
            if self.queue.current_id in self.queue.recheck_seen():
                self.show_detail()
        else:
            self.data_changed(message.claim_ids)
        if message.relist:
            if message.claim_ids is None:
                self.requery()
            else:
                self.requery(ids=self.view_depends_on_state())

    def data_changed(self, claim_ids: list[int] | None) -> None:
        self.queue.forget(claim_ids)
        current = self.queue.current_id
        if current is not None and (claim_ids is None or current in claim_ids):
            self.show_detail()
        self.refresh_status()

    # -------------------------------------------------- DecisionActions hooks

    def current_row(self) -> Claim | None:
        return self.queue.current_row

    def claim_shown(self, claim_id: int) -> Claim | None:
        return self.queue.row(claim_id)

    def advance(self) -> None:
        self.queue.move_by(1)

    def show_claim(self, claim_id: int) -> None:
        if not self.queue.move_to_claim(claim_id):
            self._follow, self._follow_tries = claim_id, 3  # listed again once the undo is saved

    def follow(self, claim_id: int) -> None:
        """Another screen (the document view) is on top and moved to this claim: go there now
        and draw the window, so that coming back composes the screen from cache."""
        if self.queue.move_to_claim(claim_id):
            draw_out_of_sight(self.queue)  # its rows through render_line: read and drawn now
            draw_out_of_sight(self.detail)

    # ------------------------------------------------------------- movement

    def action_cursor_down(self) -> None:
        self._disarm()
        self.queue.move_by(1)

    def action_cursor_up(self) -> None:
        self._disarm()
        self.queue.move_by(-1)

    def action_cursor_top(self) -> None:
        self._disarm()
        self.queue.move_to(0)

    def action_cursor_bottom(self) -> None:
        self._disarm()
        self.queue.move_to(len(self.queue.ids) - 1)

    def action_page_down(self) -> None:
        self._disarm()
        self.queue.move_by(self.queue.page)

    def action_page_up(self) -> None:
        self._disarm()
        self.queue.move_by(-self.queue.page)

    def action_next_unreviewed(self) -> None:
        self._disarm()
        queue, session = self.queue, self.host.session
        n = len(queue.ids)
        if not n:
            return

        def unreviewed(row: Claim) -> bool:
            return session.unreviewed(row)

        # Most of the time the next one is near: scan the list a chunk at a time.
        scanned = 0
        start = queue.cursor + 1
        while scanned < min(SCAN_LIMIT, n):
            if start >= n:
                start = 0
            for row in queue.rows_from(start, SCAN_CHUNK):
                if unreviewed(row) and row.id != queue.current_id:
                    queue.move_to_claim(row.id)
                    return
            scanned += SCAN_CHUNK
            start += SCAN_CHUNK
        # Far away: ask the store which are unreviewed, then pick the first after the cursor.
        try:
            todo = session.unreviewed_ids(self.view)
        except StoreError as exc:
            self.host.say(str(exc), severity="error")
            return
        positions = sorted(
            p for cid in todo if (p := queue.index_of(cid)) is not None and session.pending_for(cid) is None
        )
        after = [p for p in positions if p > queue.cursor] or [p for p in positions if p != queue.cursor]
        if after:
            queue.move_to(after[0], jump=True)
        else:
            self.host.say("every claim in this list has a decision")

    # ------------------------------------------------------ filters & search

    def action_cycle_status(self) -> None:
        self._disarm()
        current = self.view.status if self.view.status in STATUS_CYCLE else Status.ALL
        self.set_view(status=STATUS_CYCLE[(STATUS_CYCLE.index(current) + 1) % len(STATUS_CYCLE)])

    def action_cycle_order(self) -> None:
        self._disarm()
        self.set_view(order=ORDER_CYCLE[(ORDER_CYCLE.index(self.view.order) + 1) % len(ORDER_CYCLE)])

    def action_toggle_document(self) -> None:
        self._disarm()
        if self.view.document is not None:
            self.set_view(document=None, document_title=None)
            return
        row = self.queue.current_row
        if row is None:
            return
        self.set_view(document=row.document_id, document_title=row.document_title or f"document {row.document_id}")

    def action_search(self) -> None:
        self._disarm()
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

    @on(SearchBar.Done)
    def _search_done(self, event: SearchBar.Done) -> None:
        event.stop()
        self.action_end_search(clear=event.clear)

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
        self._disarm()
        row = self.queue.current_row
        if row is not None:
            self.app.post_message(OpenDocument(row.document_id, row.id))
