"""Saving decisions off the UI thread, in order, without ever dropping one.

One writer thread owns its own :class:`~workbench.store.Store` connection
(sqlite connections are not shared across threads here) and works through a
FIFO of :class:`Job`. Order matters: an undo must follow the decision it
retracts, so there is one writer, not a pool. A job leaves the queue only once
its Store call has returned, that is after COMMIT. When the database stays busy
past the busy timeout, or the disk fails, the Store raises
:class:`~workbench.store.NotSaved`: the job stays at the head of the queue,
marked failed, the writer pauses (later jobs wait behind it, so the order
holds) and the app shows "not saved" until :meth:`DecisionWriter.retry`.

No Textual here: results are handed to ``on_done`` / ``on_failed`` callbacks
(the app wraps them in ``call_from_thread``).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from workbench.domain import GroupVerdict
from workbench.evidence import Source
from workbench.scales import Scale
from workbench.store import Decision, InvalidDecision, NotSaved, Store, StoreError
from workbench.store.witness import Witness
from workbench.vocab import Action, Flag, ReviewMode

_ids = itertools.count(1)


class JobState(StrEnum):
    QUEUED = "queued"
    SAVING = "saving"
    SAVED = "saved"  # committed: the decision is in the database
    FAILED = "failed"  # not saved (busy, disk): it waits at the head of the queue for a retry
    CANCELLED = "cancelled"  # undone before it was saved
    REFUSED = "refused"  # the store would not record it (e.g. nothing left to undo)


PENDING = frozenset({JobState.QUEUED, JobState.SAVING, JobState.FAILED})


@dataclass(eq=False)
class Job:
    """One decision of this session, from key press to COMMIT."""

    action: Action
    claim_id: int
    value: str | None = None
    seen: int | None = None  # the claim's last event seq the reviewer had in view
    reviewer: str = ""
    scale: Scale | None = None
    detail: dict | None = None  # for display while pending (verdict label, colour)
    target: Job | None = None  # for an undo: the session job it retracts
    target_seq: int | None = None  # ... or an event seq
    mode: ReviewMode = ReviewMode.SINGLE  # for a verdict: the session's review mode
    overrule: bool = False  # for a verdict: the reviewer confirmed replacing another's (a second press)
    adjudicate: bool = False  # ... or settling other reviewers' disagreement
    group: bool = False  # a verdict to the claim's whole copy group (or, for an undo, the undo of one)
    match_kind: str | None = None  # for a match: the candidate's kind and id (value: confirm | reject)
    match_ref: int | None = None
    group_result: Any = None  # a group verdict's GroupVerdict: what it decided and skipped
    id: int = field(default_factory=lambda: next(_ids))
    state: JobState = JobState.QUEUED
    error: str = ""
    decision: Decision | None = None
    attempts: int = 0
    failures: int = 0  # attempts that ended NOT saved

    @property
    def failed(self) -> bool:
        return self.state == JobState.FAILED

    @property
    def not_saved(self) -> bool:
        """Failed at least once and not committed since: what the reviewer is told.

        Not ``failed``: between two automatic retries the job is queued or
        being saved again, and a screen that sampled the state would flicker
        between "saving" and "NOT saved" (or never see the failure at all).
        """
        return self.failures > 0 and self.pending

    @property
    def pending(self) -> bool:
        return self.state in PENDING


def written_seqs(job: Job) -> list[int]:
    """The events a saved job appended: its decision, and a group's on each claim it went to."""
    group = job.group_result
    decisions = [*(group.applied if isinstance(group, GroupVerdict) else group or ()), job.decision]
    return [d.seq for d in decisions if d is not None]


class DecisionWriter:
    """A single thread that commits jobs one by one with its own connection."""

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout: float,
        on_done: Callable[[Job], Any],
        on_failed: Callable[[Job], Any],
    ) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._on_done = on_done
        self._on_failed = on_failed
        self._queue: deque[Job] = deque()
        self._cond = threading.Condition()
        self._paused = False
        self._stop = False
        self._busy = False
        self._store: Store | None = None
        # The events this writer committed, added before its job is reported done: the poller
        # leaves them to the job's own message (they are not another reviewer's news).
        self.written: set[int] = set()
        self._thread = threading.Thread(target=self._run, name="workbench-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    # ------------------------------------------------------------- UI thread

    def submit(self, job: Job) -> None:
        with self._cond:
            self._queue.append(job)
            self._cond.notify_all()

    def cancel(self, job: Job) -> bool:
        """Drop a job that has not started saving; False when it is being saved now."""
        with self._cond:
            if job.state == JobState.SAVING or job not in self._queue:
                return False
            self._queue.remove(job)
            job.state = JobState.CANCELLED
            if not any(j.failed for j in self._queue):
                self._paused = False
                self._cond.notify_all()
            return True

    def retry(self) -> int:
        """Try the failed job (and everything behind it) again; returns how many wait."""
        with self._cond:
            for job in self._queue:
                if job.failed:
                    job.state = JobState.QUEUED
            self._paused = False
            self._cond.notify_all()
            return len(self._queue)

    def pending(self) -> list[Job]:
        with self._cond:
            return list(self._queue)

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._queue and not self._busy

    @property
    def paused(self) -> bool:
        with self._cond:
            return self._paused

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the queue (unless it is stuck on a failed decision), then end the thread."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    # ---------------------------------------------------------- writer thread

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stop and (self._paused or not self._queue):
                    self._cond.wait()
                if self._stop and (self._paused or not self._queue):
                    break  # stopping: but only once every decision that can be saved is
                job = self._queue[0]
                job.state = JobState.SAVING
                job.attempts += 1
                self._busy = True
            outcome = self._save(job)
            with self._cond:
                self._busy = False
                if outcome == JobState.FAILED:
                    job.state = JobState.FAILED
                    job.failures += 1
                    self._paused = True
                else:
                    if self._queue and self._queue[0] is job:
                        self._queue.popleft()
                    job.state = outcome
            (self._on_failed if outcome == JobState.FAILED else self._on_done)(job)
        if self._store is not None:
            self._store.close()

    def _save(self, job: Job) -> JobState:
        try:
            if self._store is None:
                # check=False: the app checked the file when it opened it.
                self._store = Store.open(
                    self.path, busy_timeout=self.busy_timeout, check=False, witness=Witness.default()
                )
            job.decision = self._write(self._store, job)
            self.written.update(written_seqs(job))
            return JobState.SAVED
        except NotSaved as exc:
            job.error = str(exc)
            return JobState.FAILED
        except InvalidDecision as exc:
            # Nothing to write: e.g. an undo whose target another reviewer retracted.
            job.error = str(exc)
            return JobState.REFUSED
        except StoreError as exc:
            job.error = str(exc)
            return JobState.FAILED
        except Exception as exc:  # never let the writer thread die with a decision in hand
            job.error = f"{type(exc).__name__}: {exc}"
            return JobState.FAILED

    @staticmethod
    def _write(store: Store, job: Job) -> Decision:
        """The job's call to the store's validated write path."""
        if job.action == Action.VERDICT and job.group:
            assert job.scale is not None and job.value is not None
            result = store.set_group_verdict(job.claim_id, job.value, scale=job.scale, reviewer=job.reviewer, mode=job.mode)
            job.group_result = result
            if not result.applied:
                raise InvalidDecision("; ".join(reason for _, reason in result.skipped) or "nothing to decide")
            return next((d for d in result.applied if d.claim_id == job.claim_id), result.applied[0])
        if job.action == Action.MATCH:
            assert job.match_kind is not None and job.match_ref is not None and job.value is not None
            return store.decide_match(
                job.claim_id, job.value, kind=job.match_kind, ref=job.match_ref, reviewer=job.reviewer, seen=job.seen
            )
        if job.action == Action.VERDICT:
            assert job.scale is not None and job.value is not None
            return store.set_verdict(
                job.claim_id, job.value, scale=job.scale, reviewer=job.reviewer, seen=job.seen,
                mode=job.mode, overrule=job.overrule, adjudicate=job.adjudicate,
            )
        if job.action == Action.EVIDENCE:
            given = json.loads(job.value or "{}")
            sources = [Source(s["url"], s.get("title")) for s in given.get("sources", [])]
            return store.set_evidence(
                job.claim_id, sources=sources, explanation=given.get("explanation"), reviewer=job.reviewer, seen=job.seen
            )
        if job.action == Action.FLAG:
            return store.set_flag(job.claim_id, job.value == Flag.ON, reviewer=job.reviewer, seen=job.seen)
        if job.action == Action.NOTE:
            return store.set_note(job.claim_id, job.value or "", reviewer=job.reviewer, seen=job.seen)
        if job.action == Action.CORRECT:
            changes = json.loads(job.value or "{}")
            return store.correct_claim(job.claim_id, **changes, reviewer=job.reviewer, seen=job.seen)
        if job.action == Action.UNDO:
            target = job.target_seq
            if job.target is not None:
                if job.target.decision is None:
                    raise InvalidDecision("the decision to undo was never saved")
                target = job.target.decision.seq
            if job.group:
                undone = store.undo_group(job.claim_id, reviewer=job.reviewer, target=target)
                if not undone:
                    raise InvalidDecision("the group verdict was already undone on every claim")
                job.group_result = undone
                return next((d for d in undone if d.claim_id == job.claim_id), undone[0])
            return store.undo(job.claim_id, reviewer=job.reviewer, target=target, seen=job.seen)
        raise InvalidDecision(f"the app cannot record a {job.action} decision")
