"""A review session, without Textual: who decides on which scale, what is pending, undo, caches.

Size: one session object: decisions in flight, undo, caches and the seen-before
selection share its state; it has no Textual, so it is tested without Pilot.

The app is a shell over one of these. It holds the three connections:

* ``store``: the UI thread's reads (rows in view, a claim's detail,
  ``PRAGMA data_version`` polling), each a millisecond or less;
* ``reader``: list queries (the ordered ids of a filter or a search, tens of
  ms at 100,000 claims), run in a worker thread and interruptible;
* the :class:`~workbench.tui.writer.DecisionWriter`'s own, which commits this
  session's decisions in order. A decision shows "saved" only once the store
  has returned, after COMMIT.

WAL mode lets the two readers go on while a write waits for a busy database.
Everything the app shows about this session's decisions (pending, not saved,
what undo would take back) comes from here, so it is tested without Pilot.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbench.config import Config
from workbench.describe import scored_by, verdict_label
from workbench.domain import Claim, Counts, Document, Event, Match, Ranking, Sentence
from workbench.evidence import Source
from workbench.safetext import visible
from workbench.scales import DISMISS, Scale
from workbench.store import ClaimFilter, Store, StoreError
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT
from workbench.vocab import DECISION_ACTIONS, Action, Agreement, Flag, MatchVerdict, Order, Ranker, ReviewMode, Role, Status
from workbench.tui.writer import DecisionWriter, Job, JobState

CACHED_DOCUMENTS = 64  # documents (with their text) and their sentences kept for the detail panel
CACHED_HISTORIES = 256  # claims whose events are kept (a page of the queue either way, and more)
MIN_SEARCH = 2  # characters: one letter matches most of a big database and helps nobody

Notify = Callable[[str, str], None]  # (message, severity): a toast in the app


class SaveState(StrEnum):
    IDLE = "idle"
    SAVING = "saving"
    SAVED = "saved"
    NOT_SAVED = "not-saved"


@dataclass(frozen=True, slots=True)
class Saving:
    """What the status line says about saving."""

    state: SaveState
    detail: str = ""  # "#123" once saved
    unsaved: int = 0


@dataclass(frozen=True, slots=True)
class View:
    """What the queue lists: the store's filters and order."""

    status: Status = Status.ALL
    order: Order = Order.SCORE
    document: int | None = None
    document_title: str | None = None
    search: str = ""

    @property
    def effective_search(self) -> str | None:
        return self.search if len(self.search.strip()) >= MIN_SEARCH else None

    def filter(self, status: Status | None = None) -> ClaimFilter:
        return ClaimFilter(status=status or self.status, document=self.document, search=self.effective_search)

    def depends_on_state(self) -> bool:
        """Would a decision change which claims are listed, or their order?"""
        return self.status != Status.ALL or self.order in (Order.STATUS, Order.RECENT)


class Consequence(StrEnum):
    """What a verdict would do beside other reviewers' that needs a confirming second press."""

    OVERRULE = "overrule"
    ADJUDICATE = "adjudicate"


@dataclass(frozen=True, slots=True)
class Armed:
    """A verdict key pressed once on a claim where it would overrule or adjudicate: the same
    key again on the same claim records it; any other key cancels."""

    claim_id: int
    slug: str
    consequence: Consequence
    message: str  # what the status line says will happen


def label_of(entry: dict | Any) -> str:
    return str(entry.get("label") or entry.get("verdict") or "?")


class ReviewSession:
    """One reviewer's session over one database: reads, decisions in flight, undo, caches."""

    def __init__(
        self,
        db_path: Path,
        *,
        reviewer: str,
        scale: Scale,
        config: Config | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        on_job: Callable[[Job], Any] | None = None,
        on_change: Callable[..., Any] | None = None,  # (claim ids or None, relist=)
        notify: Notify | None = None,
        mode: ReviewMode | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.scale = scale
        self.mode = ReviewMode(mode or (config.review_mode if config else ReviewMode.SINGLE))
        self.armed: Armed | None = None
        self.config = config or Config()
        self.busy_timeout = busy_timeout
        # check=False: `workbench review` has just run the integrity check on this
        # file, and at 100,000 claims it costs a quarter of a second.
        self.store = Store.open(self.db_path, create=True, busy_timeout=busy_timeout, check=False)
        self.reader = Store.open(self.db_path, busy_timeout=busy_timeout, check=False)
        # The writer thread hands each finished job to on_job (the app moves it to
        # its own thread and calls job_finished there).
        done = on_job or self.job_finished
        self.writer = DecisionWriter(self.db_path, busy_timeout=busy_timeout, on_done=done, on_failed=done)
        self._on_change = on_change or (lambda _ids, **_: None)
        self._notify = notify or (lambda _message, _severity: None)
        self.jobs: list[Job] = []  # this session's decisions, for undo
        self._pending: dict[int, list[Job]] = {}
        self._documents: OrderedDict[int, Document] = OrderedDict()
        self._sentences: OrderedDict[int, list[Sentence]] = OrderedDict()
        self._histories: OrderedDict[int, list[Event]] = OrderedDict()
        self.last_saved: Job | None = None
        # The desk model: which one ranks (read again whenever anything may have
        # changed), the counts each desk version was fitted on, and whether a refit runs.
        self._ranking: Ranking | None = None
        self._fitted_on: dict[str, dict[str, int]] = {}
        self.refitting = False
        # Seen before: which suggestion of each claim the reviewer selected (w), and the
        # claim whose next verdict goes to its whole copy group (b, then a verdict key).
        self.selected_match: dict[int, int] = {}
        self.group_armed: int | None = None
        self._scales: tuple[Config, Scale, Mapping[str, Scale]] | None = None

    def start(self) -> None:
        self.writer.start()

    def close(self, timeout: float | None = None) -> None:
        """Write what is queued (unless stuck on a failed decision), then close every connection."""
        self.writer.stop(timeout=timeout if timeout is not None else max(5.0, 2 * self.busy_timeout + 1))
        self.store.close()
        self.reader.close()

    def say(self, message: str, severity: str = "information") -> None:
        self._notify(message, severity)

    # ---------------------------------------------------------------- reading

    def scales(self) -> Mapping[str, Scale]:
        """Every scale by id, the session's own among them: the same object until the config
        or the session's scale changes (the detail panel keeps the lines it built for it)."""
        built = self._scales
        if built is None or built[0] is not self.config or built[1] is not self.scale:
            scales = self.config.scales()
            scales.setdefault(self.scale.id, self.scale)
            built = self._scales = (self.config, self.scale, MappingProxyType(scales))
        return built[2]

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, Claim]:
        try:
            return self.store.claims_by_ids(ids)
        except StoreError as exc:
            self.say(str(exc), "error")
            return {}

    def matches(self, claim_id: int) -> list[Match]:
        """The claim's "seen before" candidates as the worker left them (answered ones first)."""
        try:
            return self.store.matches(claim_id)
        except StoreError as exc:
            self.say(str(exc), "error")
            return []

    def suggestions(self, claim_id: int) -> list[Match]:
        return [m for m in self.matches(claim_id) if m.answer is None]

    def selected(self, claim_id: int) -> Match | None:
        """The suggestion the reviewer selected on this claim (the best one until w moves it)."""
        found = self.suggestions(claim_id)
        if not found:
            return None
        return found[min(self.selected_match.get(claim_id, 0), len(found) - 1)]

    def select_next_match(self, claim_id: int) -> Match | None:
        found = self.suggestions(claim_id)
        if not found:
            self.say(f"claim {claim_id} has no seen-before suggestion to select")
            return None
        index = (min(self.selected_match.get(claim_id, 0), len(found) - 1) + 1) % len(found)
        self.selected_match[claim_id] = index
        self._on_change([claim_id])
        return found[index]

    def answer_match(self, claim: Claim, answer: MatchVerdict) -> Job | None:
        """Confirm or reject the selected suggestion: a match decision through the writer."""
        match = self.selected(claim.id)
        if match is None:
            self.say(f"claim {claim.id} has no seen-before suggestion to {answer}")
            return None
        self.armed = None
        self.selected_match.pop(claim.id, None)
        job = Job(
            Action.MATCH, claim.id, answer.value, seen=claim.last_seq, reviewer=self.reviewer,
            match_kind=match.kind, match_ref=match.ref,
            detail={"label": f"match {'confirmed' if answer == MatchVerdict.CONFIRM else 'rejected'}"},
        )
        return self._submit(job)

    def proposed(self, claim: Claim) -> str | None:
        """The slug the claim's confirmed match proposes on the session's scale, or None."""
        from workbench.seen.propose import proposed_verdict

        return proposed_verdict(claim.match, self.scale) if claim.match else None

    def arm_group(self, claim: Claim) -> str:
        """b: the next verdict key on this claim goes to its whole copy group; what to say."""
        self.armed = None
        if self.group_armed == claim.id:
            self.group_armed = None
            return "group verdict cancelled"
        self.group_armed = claim.id
        copies = claim.copies
        return (f"next verdict goes to this claim and its {copies} cop{'y' if copies == 1 else 'ies'} "
                "(one event each; Esc cancels)" if copies else
                "next verdict goes to this claim's copy group (no copies are known yet; Esc cancels)")

    def armed_message(self, claim_id: int | None = None) -> str | None:
        """What a key pressed once is waiting for (an overrule's second press, a group verdict), if anything
        (on ``claim_id`` only, when given)."""
        if self.armed is not None and claim_id in (None, self.armed.claim_id):
            return self.armed.message
        if self.group_armed is not None and claim_id in (None, self.group_armed):
            return "group verdict: the next verdict key goes to the whole copy group (other keys cancel)"
        return None

    def document(self, document_id: int) -> Document | None:
        doc = self._documents.get(document_id)
        if doc is None:
            try:
                doc = self.store.document(document_id)
            except StoreError:
                return None
            self._documents[document_id] = doc
            while len(self._documents) > CACHED_DOCUMENTS:
                self._documents.popitem(last=False)
        return doc

    def sentences(self, document_id: int) -> list[Sentence]:
        sentences = self._sentences.get(document_id)
        if sentences is None:
            try:
                sentences = self.store.sentences(document_id)
            except StoreError:
                return []
            self._sentences[document_id] = sentences
            while len(self._sentences) > CACHED_DOCUMENTS:
                self._sentences.popitem(last=False)
        return sentences

    def history(self, claim_id: int) -> list[Event]:
        """Every event on a claim, oldest first (treat it as read-only).

        The log is append-only, and writers commit one at a time, so a claim
        read before needs only its events after the last one read: a claim
        with hundreds of decisions is not read and decoded again on every show.
        """
        cached = self._histories.get(claim_id)
        try:
            if cached is None:
                events = self.store.history(claim_id)
            else:
                newer = self.store.events(after=cached[-1].seq if cached else 0, claim_ids=[claim_id])
                events = [*cached, *newer] if newer else cached
        except StoreError:
            return []
        self._histories[claim_id] = events
        self._histories.move_to_end(claim_id)
        while len(self._histories) > CACHED_HISTORIES:
            self._histories.popitem(last=False)
        return events

    def document_claims(self, document_id: int) -> list[Claim]:
        """The current claims of one document version, in reading order."""
        try:
            rows = self.store.claims(document=document_id, order=Order.DOCUMENT)
        except StoreError as exc:
            self.say(str(exc), "error")
            return []
        return [c for c in rows if c.document_id == document_id]

    def forget_caches(self) -> None:
        """Documents may have changed (an ingest, an edit, a refit): read them again when asked."""
        self._documents.clear()
        self._sentences.clear()
        self._ranking = None

    # The desk model.

    def forget_ranking(self) -> None:
        self._ranking = None

    def ranking(self) -> Ranking | None:
        """Which model ranks the unreviewed queue (None: the store cannot say now)."""
        if self._ranking is None:
            try:
                self._ranking = self.store.ranking()
            except StoreError:
                return None
        return self._ranking

    def ranking_label(self) -> str:
        """For the status line: the desk model's version, "shipped", or a refit under way."""
        if self.refitting:
            return "refitting…"
        ranking = self.ranking()
        if ranking is not None and ranking.desk and ranking.version:
            return ranking.version
        return str(Ranker.SHIPPED)

    def scored_by(self, claim: Claim) -> str:
        """Which model gave this claim's score, tier and reasons (the detail panel's first line of them)."""
        counts = None
        version = claim.model_version
        if claim.ranked_by_desk and version:
            if version not in self._fitted_on:
                try:
                    stored = self.store.desk_model(version, body=False)
                except StoreError:
                    stored = None
                self._fitted_on[version] = dict(stored.counts) if stored else {}
            counts = self._fitted_on[version]
        return scored_by(claim, counts)

    def decisions_since_refit(self, *, after: int = 0, limit: int | None = None) -> int:
        """Verdicts and dismissals since the latest refit (or since event ``after``, if later)."""
        ranking = self.ranking()
        since = max(ranking.seq or 0 if ranking else 0, after)
        try:
            return self.store.decisions_since(since, limit=limit)
        except StoreError:
            return 0

    # List reads for the queue, on the reader connection (called from a worker thread).

    def _filter(self, view: View, status: Status | None = None) -> ClaimFilter:
        # The reviewer's own view of review state: in double review their verdict counts.
        return replace(view.filter(status), viewer=self.reviewer)

    def list_ids(self, view: View, status: Status | None = None) -> list[int]:
        return self.reader.queries.claim_ids(self._filter(view, status), view.order)

    def count(self, view: View) -> Counts:
        return self.reader.queries.count(
            ClaimFilter(document=view.document, search=view.effective_search, viewer=self.reviewer)
        )

    def unreviewed_ids(self, view: View) -> list[int]:
        """The unreviewed claims of the view, in its order (UI thread: `n` far from the cursor)."""
        return self.store.queries.claim_ids(self._filter(view, Status.UNREVIEWED), view.order)

    def unreviewed(self, claim: Claim) -> bool:
        """Not decided yet, as this reviewer sees it (double review: their own verdict counts)."""
        return claim.verdict is None and not claim.reviewed_by(self.reviewer) and self.pending_for(claim.id) is None

    def interrupt_listing(self) -> None:
        """A list query for an older keystroke is stopped, not waited for."""
        self.reader.interrupt()

    # -------------------------------------------------------------- deciding

    def pending_for(self, claim_id: int) -> Job | None:
        jobs = self._pending.get(claim_id)
        return jobs[-1] if jobs else None

    def pending_list(self, claim_id: int) -> list[Job]:
        return list(self._pending.get(claim_id, ()))

    def pending_jobs(self) -> list[Job]:
        return [job for jobs in self._pending.values() for job in jobs]

    def flagged(self, claim: Claim) -> bool:
        """Whether the claim is flagged, counting this session's unsaved flag on it."""
        pending = self.pending_for(claim.id)
        if pending is not None and pending.action == Action.FLAG:
            return pending.value == Flag.ON
        return claim.flagged

    def consequence(self, claim: Claim, slug: str) -> tuple[Consequence, str] | None:
        """What a verdict ``slug`` on ``claim`` would do beside other reviewers, when it needs
        confirming: overrule another's standing verdict, or adjudicate a disagreement.

        The store decides for real (``decisions.verdict_role``) and refuses a
        verdict that needed confirming and did not get it; this reads the same
        rules off the claim as shown, to ask before sending it.
        """
        me = self.reviewer
        reviews = dict(claim.reviews or {})
        label = self._label(slug)
        if self.pending_for(claim.id) is not None:
            return None  # our own decision on it is still being saved: the store will judge
        if claim.agreement == Agreement.DISPUTED:
            if me not in reviews:
                each = ", ".join(f"{name} {label_of(entry)}" for name, entry in sorted(reviews.items()))
                return Consequence.ADJUDICATE, f"{each} disagree: adjudicate with {label}"
            if claim.verdict is None:
                return None  # double review: revising one's own verdict
        elif claim.agreement == Agreement.PENDING or (claim.verdict is None and self.mode == ReviewMode.DOUBLE):
            return None  # an independent verdict: blind, nobody's to overrule
        if claim.verdict is None or slug == claim.verdict:
            return None
        if claim.agreement == Agreement.AGREED and reviews:
            holders = [name for name, entry in reviews.items() if entry.get("verdict") == claim.verdict]
        else:
            holders = [claim.reviewer] if claim.reviewer else []
        others = sorted(name for name in holders if name != me)
        if not others:
            return None
        current = verdict_label(claim.verdict, claim.detail, self.scales(), claim.scale)
        return Consequence.OVERRULE, f"{' and '.join(others)} said {current}: overrule it with {label}"

    def _label(self, slug: str) -> str:
        if slug == DISMISS:
            return "not check-worthy"
        verdict = self.scale.get(slug)
        return verdict.label if verdict else slug

    def decide(
        self, claim: Claim, action: Action, value: str | None, *, overrule: bool = False, adjudicate: bool = False
    ) -> Job:
        """The one decision path of the app: queue a job for the writer thread."""
        self.armed = None
        detail = None
        if action == Action.VERDICT:
            detail = {"label": verdict_label(value, None, self.scales(), self.scale.id)}
            verdict = self.scale.get(value or "")
            if verdict is not None:
                detail["colour"] = verdict.colour
        job = Job(
            action, claim.id, value, seen=claim.last_seq, reviewer=self.reviewer, scale=self.scale, detail=detail,
            mode=self.mode, overrule=overrule, adjudicate=adjudicate,
        )
        return self._submit(job)

    def decide_evidence(self, claim: Claim, sources: Sequence[Source], explanation: str | None) -> Job:
        """Set the claim's evidence (its sources and public explanation) through the writer."""
        value = json.dumps(
            {"sources": [s.to_json() for s in sources], "explanation": explanation}, sort_keys=True, ensure_ascii=False
        )
        return self.decide(claim, Action.EVIDENCE, value)

    def verdict_key(self, claim: Claim, slug: str, key: str = "the key") -> Job | Armed:
        """A verdict key on ``claim``: recorded, or armed when it needs a confirming second press.

        The same key again on the same claim confirms (recorded as an overrule
        or an adjudication); :meth:`disarm` (any other key) cancels.
        """
        if self.group_armed is not None:
            group, self.group_armed = self.group_armed == claim.id, None
            if group:
                # Each claim's own rules apply in the store: one that would overrule
                # someone or adjudicate is skipped and reported, never decided.
                job = self.decide(claim, Action.VERDICT, slug)
                job.group = True
                return job
        armed = self.armed
        if armed is not None and armed.claim_id == claim.id and armed.slug == slug:
            return self.decide(
                claim, Action.VERDICT, slug,
                overrule=armed.consequence == Consequence.OVERRULE,
                adjudicate=armed.consequence == Consequence.ADJUDICATE,
            )
        found = self.consequence(claim, slug)
        if found is None:
            return self.decide(claim, Action.VERDICT, slug)
        consequence, what = found
        verb, _, rest = what.partition(": ")
        self.armed = Armed(claim.id, slug, consequence, f"{verb}: press {key} again to {rest} (other keys cancel)")
        return self.armed

    def disarm(self) -> bool:
        """Cancel a verdict waiting for its second press (or a group verdict); whether one was waiting."""
        was = self.armed is not None or self.group_armed is not None
        self.armed = self.group_armed = None
        return was

    # ------------------------------------------------------------- notices

    def notices(self, events: Iterable[Event]) -> list[tuple[str, str]]:
        """Messages for this reviewer about other reviewers' new events: an overrule of their
        verdict, an adjudication or a completed double review of a claim they decided, a
        conflict with them, an undo of their decision. (message, severity) pairs."""
        me = self.reviewer
        theirs = [e for e in events if e.reviewer != me and e.claim_id is not None]
        if not theirs:
            return []
        out: list[tuple[str, str]] = []
        by_claim: dict[int, list[Event]] = {}
        for claim_id in sorted({e.claim_id for e in theirs}):  # type: ignore[misc]
            by_claim[claim_id] = self.history(claim_id)
        for e in theirs:
            history = by_claim.get(e.claim_id, [])  # type: ignore[arg-type]
            owner = {h.seq: h.reviewer for h in history}
            who = visible(e.reviewer)
            role = e.role or {}
            kind = role.get("role")
            if kind == Role.OVERRULE and owner.get(role.get("of")) == me:
                label = verdict_label(e.value, e.detail, self.scales(), e.scale)
                out.append((
                    f"{who} overruled your verdict on claim {e.claim_id} with {label} (#{e.seq}): "
                    "a disagreement until you agree or someone adjudicates", "warning",
                ))
            elif kind == Role.ADJUDICATION and any(owner.get(seq) == me for seq in role.get("of") or []):
                label = verdict_label(e.value, e.detail, self.scales(), e.scale)
                out.append((f"{who} adjudicated claim {e.claim_id}: {label} (#{e.seq})", "information"))
            elif kind == Role.DOUBLE and any(h.reviewer == me and (h.role or {}).get("role") == Role.DOUBLE for h in history):
                claim = self.fetch_rows([e.claim_id]).get(e.claim_id)  # type: ignore[arg-type]
                if claim is not None and claim.agreement == Agreement.AGREED:
                    out.append((f"claim {e.claim_id}: {who}'s independent verdict agrees with yours", "information"))
                elif claim is not None and claim.agreement == Agreement.DISPUTED:
                    each = ", ".join(f"{visible(n)} {label_of(r)}" for n, r in sorted((claim.reviews or {}).items()))
                    out.append((f"claim {e.claim_id}: {who} disagrees with you ({each}): to adjudicate", "warning"))
            if e.conflict_with is not None and owner.get(e.conflict_with) == me:
                out.append((
                    f"conflict on claim {e.claim_id}: {who} decided it without seeing your decision "
                    f"(#{e.conflict_with}); both are kept", "warning",
                ))
            if e.action == Action.UNDO and owner.get(e.undoes) == me:
                out.append((f"{who} undid your decision #{e.undoes} on claim {e.claim_id}", "warning"))
        return out

    def _submit(self, job: Job) -> Job:
        self._pending.setdefault(job.claim_id, []).append(job)
        if job.action in DECISION_ACTIONS:
            self.jobs.append(job)
        self.writer.submit(job)
        self._on_change([job.claim_id])
        return job

    def _drop_pending(self, job: Job) -> None:
        jobs = self._pending.get(job.claim_id, [])
        if job in jobs:
            jobs.remove(job)
        if not jobs:
            self._pending.pop(job.claim_id, None)

    def job_finished(self, job: Job) -> None:
        """The writer is done with a job (saved, refused, or not saved): on the UI thread."""
        if job.state == JobState.FAILED:
            self._on_change([job.claim_id])
            if job.attempts == 1:
                self.say(f"NOT SAVED: {job.error}. Press r to retry (it retries by itself too).", "error")
            return
        self._drop_pending(job)
        if job.state == JobState.SAVED and job.group and job.group_result is not None:
            self._said_group(job)
        if job.state == JobState.SAVED:
            self.last_saved = job
            decision = job.decision
            if decision is not None and decision.conflict_with:
                self.say(
                    f"conflict on claim {job.claim_id}: another reviewer decided it (event "
                    f"#{decision.conflict_with}) after you last saw it; both decisions are kept",
                    "warning",
                )
        elif job.state == JobState.REFUSED:
            self.say(f"not recorded: {job.error}", "warning")
        # Saved, it may move the claim in or out of the view (and it moved the counts): the
        # poller leaves our own commits to this message (tui/sync.py).
        self._on_change([job.claim_id], relist=job.state == JobState.SAVED)

    def _said_group(self, job: Job) -> None:
        result = job.group_result
        if job.action == Action.UNDO:
            self.say(f"group verdict undone on {len(result)} claim(s)")
        else:
            skipped = "; ".join(f"claim {cid}: {why}" for cid, why in result.skipped)
            self.say(
                f"verdict given to copy group {result.group_id}: {len(result.applied)} claim(s)"
                + (f"; skipped {skipped}" if skipped else ""),
                "warning" if result.skipped else "information",
            )
        self._on_change(None)  # the other claims of the group changed too

    def retry(self) -> int:
        """Try the decisions that were not saved again; how many wait."""
        waiting = self.writer.retry()
        self._on_change(None)
        if not waiting:
            self.say("nothing waits to be saved")
        return waiting

    def auto_retry(self) -> bool:
        """The retry timer's tick: False once nothing waits (the timer may stop)."""
        if self.writer.paused:
            self.writer.retry()
            self._on_change(None)
            return True
        return bool(self.writer.pending())

    def saving(self) -> Saving:
        pending = self.writer.pending()
        if any(job.not_saved for job in pending):
            return Saving(SaveState.NOT_SAVED, "", len(pending))
        if pending:
            return Saving(SaveState.SAVING, "", len(pending))
        if self.last_saved is not None and self.last_saved.decision is not None:
            return Saving(SaveState.SAVED, f"#{self.last_saved.decision.seq}", 0)
        return Saving(SaveState.IDLE)

    def undo_last(self, current: Callable[[int], Claim | None]) -> int | None:
        """Undo this session's last decision that still stands; the claim to show, or None.

        ``current`` gives the claim as the app shows it now (its last event is
        what the undo has seen).
        """
        while self.jobs:
            job = self.jobs.pop()
            if job.state in (JobState.CANCELLED, JobState.REFUSED):
                continue
            if job.state in (JobState.QUEUED, JobState.FAILED) and self.writer.cancel(job):
                self._drop_pending(job)
                self._on_change([job.claim_id])
                self.say(f"undone (it had not been saved): {job.action} on claim {job.claim_id}")
                return job.claim_id
            if job.state == JobState.SAVED and job.decision is not None and self._retracted(job):
                continue
            claim = current(job.claim_id)
            undo = Job(
                Action.UNDO, job.claim_id, None,
                seen=claim.last_seq if claim else None, reviewer=self.reviewer, target=job,
                group=job.group and job.action == Action.VERDICT,  # a group verdict is undone as a group
            )
            self._submit(undo)
            return job.claim_id
        self.say("nothing left to undo in this session")
        return None

    def _retracted(self, job: Job) -> bool:
        assert job.decision is not None
        seq = job.decision.seq
        return any(e.action == Action.UNDO and e.undoes == seq for e in self.history(job.claim_id))
