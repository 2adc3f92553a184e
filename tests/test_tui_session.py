"""The review session without Textual: decisions in flight, undo, save state, caches, polling."""

from __future__ import annotations

import queue
import sqlite3

import pytest

from store_helpers import add_article, decision_events, make_db
from workbench.scales import DEFAULT_SCALE, DISMISS
from workbench.store import Store
from workbench.tui.session import ReviewSession, SaveState, View
from workbench.tui.sync import Poller
from workbench.tui.writer import Job, JobState
from workbench.vocab import Action, Flag, Order, Status


class Harness:
    """A session whose writer hands finished jobs to this thread, as the app's loop does."""

    def __init__(self, path, **options) -> None:
        self.done: queue.Queue[Job] = queue.Queue()
        self.changes: list[list[int] | None] = []
        self.relists: list[bool] = []  # beside each change: whether the view is to be listed again
        self.notices: list[tuple[str, str]] = []
        self.session = ReviewSession(
            path,
            reviewer="ana",
            scale=DEFAULT_SCALE,
            on_job=self.done.put,
            on_change=lambda ids, relist=False: (self.changes.append(ids), self.relists.append(relist)),
            notify=lambda message, severity: self.notices.append((message, severity)),
            **options,
        )
        self.session.start()

    def finish(self, n: int = 1, timeout: float = 10.0) -> list[Job]:
        jobs = []
        for _ in range(n):
            job = self.done.get(timeout=timeout)
            self.session.job_finished(job)
            jobs.append(job)
        return jobs

    def claim(self, claim_id: int):
        return self.session.fetch_rows([claim_id])[claim_id]


@pytest.fixture
def harness(tmp_path):
    make_db(tmp_path / "w.db", articles=2).close()
    h = Harness(tmp_path / "w.db")
    yield h
    h.session.close()


def test_a_decision_is_pending_until_committed_then_saved(harness):
    session = harness.session
    ids = session.list_ids(View())
    assert session.saving().state == SaveState.IDLE
    job = session.decide(harness.claim(ids[0]), Action.VERDICT, "mostly-true")
    assert session.pending_for(ids[0]) is job and job.detail["label"] == "Mostly true"
    assert harness.changes[-1] == [ids[0]]
    (done,) = harness.finish()
    assert done is job and job.state == JobState.SAVED and job.decision is not None
    assert session.pending_for(ids[0]) is None
    saving = session.saving()
    assert (saving.state, saving.detail) == (SaveState.SAVED, f"#{job.decision.seq}")
    assert harness.claim(ids[0]).verdict == "mostly-true"


def test_flag_toggle_counts_an_unsaved_flag(harness):
    session = harness.session
    claim = harness.claim(session.list_ids(View())[0])
    assert not session.flagged(claim)
    session.decide(claim, Action.FLAG, Flag.ON)
    assert session.flagged(claim)  # before it is saved
    harness.finish()
    assert session.flagged(harness.claim(claim.id))


def test_undo_walks_back_and_skips_what_another_hand_retracted(harness):
    session = harness.session
    ids = session.list_ids(View())
    for cid, slug in zip(ids, ("true", "false", "mixed")):
        session.decide(harness.claim(cid), Action.VERDICT, slug)
    harness.finish(3)
    with Store.open(session.db_path) as other:
        other.undo(ids[2], reviewer="ben")
    assert session.undo_last(harness.claim) == ids[1]  # the third was retracted already
    harness.finish()
    assert harness.claim(ids[1]).verdict is None and harness.claim(ids[0]).verdict == "true"
    assert session.undo_last(harness.claim) == ids[0]
    harness.finish()
    assert session.undo_last(harness.claim) is None
    assert harness.notices[-1][0] == "nothing left to undo in this session"


def test_not_saved_while_locked_then_retried_in_order_and_undo_drops_an_unsaved_one(tmp_path):
    make_db(tmp_path / "w.db").close()
    h = Harness(tmp_path / "w.db", busy_timeout=0.1)
    session = h.session
    try:
        ids = session.list_ids(View())
        lock = sqlite3.connect(tmp_path / "w.db", isolation_level=None, timeout=0)
        lock.execute("BEGIN IMMEDIATE")
        first = session.decide(h.claim(ids[0]), Action.VERDICT, "true")
        session.decide(h.claim(ids[1]), Action.VERDICT, DISMISS)
        (failed,) = h.finish()
        assert failed is first and first.failed
        assert session.saving().state == SaveState.NOT_SAVED and session.saving().unsaved == 2
        assert any("NOT SAVED" in m for m, _ in h.notices)
        assert session.undo_last(h.claim) == ids[1]  # never reached the database: just dropped
        assert len(session.writer.pending()) == 1
        lock.execute("ROLLBACK")
        lock.close()
        assert session.auto_retry()
        h.finish()
        assert first.state == JobState.SAVED and not session.auto_retry()
        with Store.open(tmp_path / "w.db") as store:
            assert [(e.claim_id, e.value) for e in decision_events(store)] == [(ids[0], "true")]
    finally:
        session.close()


def test_a_decision_that_failed_stays_not_saved_while_it_is_retried(tmp_path):
    # The quit dialog and the status bar look every 0.1 s, the retry runs every
    # few tenths: a decision that failed must read "not saved" through the whole
    # retry, not only in the instants between one attempt and the next.
    make_db(tmp_path / "w.db").close()
    h = Harness(tmp_path / "w.db", busy_timeout=0.4)
    session = h.session
    lock = sqlite3.connect(tmp_path / "w.db", isolation_level=None, timeout=0)
    try:
        ids = session.list_ids(View())
        lock.execute("BEGIN IMMEDIATE")
        job = session.decide(h.claim(ids[0]), Action.VERDICT, "true")
        assert not job.not_saved and session.saving().state == SaveState.SAVING  # not tried yet
        h.finish()
        assert job.failed and job.not_saved and job.failures == 1
        assert session.auto_retry()  # the retry timer's tick: the writer tries again now
        assert job.state in (JobState.QUEUED, JobState.SAVING) and not job.failed
        assert job.not_saved and session.saving().state == SaveState.NOT_SAVED
        h.finish()
        assert job.failures == 2 and job.not_saved
        lock.execute("ROLLBACK")
        assert session.auto_retry()
        h.finish()
        assert job.state == JobState.SAVED and not job.not_saved
        assert session.saving().state == SaveState.SAVED
    finally:
        lock.close()
        session.close()
def test_views_list_what_the_store_lists(harness):
    session = harness.session
    with Store.open(session.db_path) as store:
        doc = store.claim(store.claim_ids()[0]).document_id
        for view in (View(), View(status=Status.UNREVIEWED, order=Order.DOCUMENT), View(document=doc, search="bank")):
            expected = store.claim_ids(status=view.status, order=view.order, document=view.document, search=view.effective_search)
            assert session.list_ids(view) == expected
    assert View(search="b").effective_search is None  # one letter is not a search yet
    assert View(status=Status.FLAGGED).depends_on_state() and not View().depends_on_state()


def test_caches_keep_documents_until_forgotten(harness):
    session = harness.session
    doc = harness.claim(session.list_ids(View())[0]).document_id
    assert session.document(doc) is session.document(doc)
    assert session.sentences(doc) is session.sentences(doc)
    session.forget_caches()
    assert session.document(doc).title == "Article 0"


def test_the_poller_names_the_claims_another_connection_decided(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path)
    ids = store.claim_ids()
    with Store.open(path) as watched:
        poller = Poller(watched, full_refresh=3600)
        assert poller.check() is None  # nothing committed
        store.set_verdict(ids[1], "true", scale=DEFAULT_SCALE, reviewer="ben")
        store.set_flag(ids[0], reviewer="ben")
        change = poller.check()
        assert change is not None and change.claim_ids == sorted([ids[0], ids[1]])
        assert poller.check() is None
        add_article(store, "other.txt", "Beta rose 4 percent.\n")  # claims written: anything may differ
        assert poller.check().everything
        store.edit_document(1, {"title": "New"}, reviewer="ben")  # a document edit: everything too
        assert poller.check().everything
    store.close()


def test_our_own_writer_s_commits_are_left_to_their_job_and_another_reviewer_s_are_not(harness):
    """The poller leaves out what this session's writer committed (the job's message redraws
    its claim and re-lists): no second redraw, no re-count, no full re-read seconds later."""
    session = harness.session
    ids = session.list_ids(View())
    with Store.open(session.db_path) as watched:
        poller = Poller(watched, full_refresh=0, own=session.writer.written)
        session.decide(harness.claim(ids[0]), Action.FLAG, Flag.ON)
        harness.finish()
        assert (harness.changes[-1], harness.relists[-1]) == ([ids[0]], True)  # the job's own redraw, re-listed
        change = poller.check()
        assert change is not None and change.cache_only and not change.events
        assert poller.check() is None  # and no full refresh falls due after it (full_refresh=0)
        with Store.open(session.db_path) as other:
            other.set_note(ids[1], "checked", reviewer="ben")
            session.decide(harness.claim(ids[2]), Action.FLAG, Flag.ON)
            harness.finish()
        change = poller.check()  # both commits in one look: only ben's is news
        assert change.claim_ids == [ids[1]] and [e.reviewer for e in change.events] == ["ben"]


def test_history_is_read_once_then_only_its_newer_events(harness):
    session = harness.session
    claim_id = session.list_ids(View())[0]
    first = session.history(claim_id)
    assert first == [] and session.history(claim_id) is first  # nothing new: the same list
    session.decide(harness.claim(claim_id), Action.FLAG, Flag.ON)
    harness.finish()
    with Store.open(session.db_path) as other:  # another reviewer, on their own connection
        other.set_note(claim_id, "checked the ministry's figures", reviewer="ben")
        expected = other.history(claim_id)
    shown = session.history(claim_id)
    assert [e.seq for e in shown] == [e.seq for e in expected] and len(shown) == 2
    assert [e.action for e in shown] == [Action.FLAG, Action.NOTE]
    assert first == []  # a list handed out before is never changed under its reader
