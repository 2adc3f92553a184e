"""An ingest run: files in, documents, sentences and claims stored, one report line per file.

Size: one ingest run, from the walk to the stored claims: the batching, the worker
processes and the transactions share their bookkeeping (what is pending, what is done).

The CLI's ``workbench ingest`` and the review app's "Ingest a path or a web page" both call
:func:`ingest_paths`. A bad file never stops the run: it is reported with its
reason and the others still go in. Nothing already stored is touched except
through the store's own versioning (a changed file becomes a new version).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.ingest.files import Candidate, Refusal, walk
from workbench.ingest.reader import DEFAULT_MAX_BYTES, Article, IngestError, read_article
from workbench.records import Extraction
from workbench.safetext import visible
from workbench.seen import work as seen_work
from workbench.store import Store, StoredDocument, StoreError
from workbench.store.writers import announce_ingest
from workbench.vocab import REFUSED, Outcome

if TYPE_CHECKING:
    from workbench.nlp.model import Pipeline

BATCH = 16  # documents per store transaction, at most
SIGN_CLAIMS = 1000  # claims signed for copies per transaction, at most (a document's own may be more)
# A write transaction of ingest ends after this long or this much text, whichever comes
# first, so a reviewer's decision never waits behind it for long; and between two of
# them ingest gives way to a decision that is waiting (store/writers.py).
TRANSACTION_SECONDS = 0.5
TRANSACTION_BYTES = 2_000_000
GIVE_WAY_SECONDS = 2.0
WINDOW = 64  # documents handed to extraction at once (its spaCy batches span documents)


@dataclass(slots=True)
class FileReport:
    display: str
    status: str  # an Outcome
    reason: str | None = None
    document_id: int | None = None
    sentences: int = 0
    claims: int = 0
    carried: int = 0
    encoding: str | None = None
    replaced: int = 0
    words: int = 0

    @property
    def refused(self) -> bool:
        return self.status in REFUSED

    @property
    def failed(self) -> bool:
        return self.status == Outcome.FAILED

    def line(self) -> str:
        """The report line a person reads, already terminal-safe."""
        if self.refused:
            return f"{self.status}: {self.display} ({visible(self.reason or '')})"
        parts = [f"{self.sentences} sentences", f"{self.claims} claims"]
        if self.carried:
            parts.append(f"{self.carried} carried over")
        if self.encoding:
            parts.append(self.encoding + (f", {self.replaced} replaced" if self.replaced else ""))
        suffix = f", {visible(self.reason)}" if self.reason else ""
        return f"{self.status}: {self.display} (doc {self.document_id}: {', '.join(parts)}{suffix})"


@dataclass(slots=True)
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    model: str = ""
    explicit_refusals: int = 0  # files named on the command line that did not go in
    notes: list[str] = field(default_factory=list)  # things the user should know about the run

    @property
    def ok(self) -> bool:
        return not any(f.failed for f in self.files) and self.explicit_refusals == 0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def summary(self) -> str:
        counts = [
            f"{self.count(s)} {s}"
            for s in Outcome
            if self.count(s)
        ]
        stored = [f for f in self.files if not f.refused]
        sentences = sum(f.sentences for f in stored if f.status != Outcome.UNCHANGED)
        claims = sum(f.claims for f in stored if f.status != Outcome.UNCHANGED)
        return (
            f"{len(self.files)} files: {', '.join(counts) or 'nothing to do'}; "
            f"{sentences} new sentences, {claims} new claims"
        )


@dataclass(slots=True)
class _Pending:
    """A file read and waiting for extraction (or, when a duplicate, for its twin)."""

    article: Article
    report: FileReport
    explicit: bool
    twin_of: int | None = None  # index of an earlier file in this run with the same bytes
    model: str = ""  # the pipeline that extracted it


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    pipeline: Pipeline | None = None,
    model: str | None = None,
    all_files: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    on_file: Callable[[FileReport], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; report every file through ``on_file`` as it is done.

    ``jobs`` > 1 runs extraction in that many worker processes; reading files
    and writing the database stay in this process, so the store has one writer.
    """
    report = IngestReport()

    def emit(file_report: FileReport) -> None:
        report.files.append(file_report)
        if on_file is not None:
            on_file(file_report)

    items: list[Candidate | Refusal] = []
    explicit: list[bool] = []
    for path in paths:
        is_file_argument = not Path(path).is_dir()
        for item in walk([path], all_files=all_files):
            items.append(item)
            explicit.append(is_file_argument)
    if on_total is not None:
        on_total(len(items))

    run = _Run(store, report, emit)
    for item, named in zip(items, explicit):
        if isinstance(item, Refusal):
            emit(FileReport(item.display, item.status, item.reason))
            report.explicit_refusals += int(named and item.status == Outcome.SKIPPED)
            continue
        try:
            article = read_article(item, max_bytes=max_bytes)
        except IngestError as exc:
            emit(FileReport(item.display, exc.status, exc.reason))
            report.explicit_refusals += int(named and exc.status == Outcome.SKIPPED)
            continue
        except OSError as exc:
            emit(FileReport(item.display, Outcome.FAILED, f"cannot read: {exc.strerror or exc}"))
            continue
        except Exception as exc:  # a bug in reading one file must cost that file, not the run
            emit(FileReport(item.display, Outcome.FAILED, f"could not read: {type(exc).__name__}: {exc}"))
            continue
        # Identity of a file is its absolute path, so that a later run from
        # another folder still recognises the file and versions it.
        article = replace(article, path=Path(os.path.abspath(article.path)))
        run.admit(article, named)
    run.finish(pipeline=pipeline, model=model, jobs=jobs)
    return report


class _Run:
    """What happens to read articles: the unchanged ones at once, the rest extracted and stored.

    Shared by files (:func:`ingest_paths`) and web pages (:mod:`webrun`).
    """

    def __init__(self, store: Store, report: IngestReport, emit: Callable[[FileReport], None]) -> None:
        self.store = store
        self.report = report
        self.emit = emit
        self.pending: list[_Pending] = []
        self.first_by_sha: dict[str, int] = {}

    def admit(self, article: Article, named: bool, reason: str | None = None) -> None:
        file_report = FileReport(
            article.display, Outcome.INGESTED, reason=reason, encoding=article.encoding, replaced=article.replaced,
            words=len(article.text.split()),
        )
        known = self.store.find_document(article.sha256)
        if known is not None:
            stored = self.store.store_document(article, Extraction([], []), model="", extractor_version="")
            _describe(file_report, stored)
            self.emit(file_report)
            return
        twin = self.first_by_sha.get(article.sha256)
        if twin is None:
            self.first_by_sha[article.sha256] = len(self.pending)
        self.pending.append(_Pending(article, file_report, named, twin))

    def finish(self, *, pipeline: Pipeline | None, model: str | None, jobs: int) -> None:
        pending, report, store = self.pending, self.report, self.store
        if not pending:
            return
        if pipeline is None and (jobs <= 1 or len(pending) < jobs):
            from workbench.nlp.model import load_pipeline

            pipeline = load_pipeline(model)
        if pipeline is not None:
            report.model = pipeline.label()
            extractions = _extract_here(pending, pipeline)
        else:
            extractions = _extract_in_workers(pending, model, jobs, report)
        with announce_ingest(store.path):  # a reviewer kept waiting is told an ingest is writing
            _store_all(store, pending, extractions, self.emit, report.notes)
        try:
            store.optimize()  # fresh planner statistics for the app's filters
        except StoreError:
            pass  # busy: statistics can wait for the next run


def _describe(file_report: FileReport, stored: StoredDocument) -> None:
    file_report.status = stored.status
    if stored.status == Outcome.UNCHANGED:
        file_report.reason = None
    file_report.document_id = stored.document_id
    file_report.sentences = stored.sentences
    file_report.claims = stored.claims
    file_report.carried = stored.carried
    if stored.status == Outcome.UNCHANGED and stored.duplicate_of:
        file_report.reason = f"same content as {stored.duplicate_of}"


def _store_all(
    store: Store,
    pending: list[_Pending],
    extractions: Iterator[tuple[int, Extraction | str]],
    emit: Callable[[FileReport], None],
    notes: list[str] | None = None,
) -> None:
    """Write each extraction as it arrives, a batch of documents per transaction.

    Each document gets its own savepoint, so one that fails to store is
    reported and the rest of the batch still commits. When a desk model ranks
    the queue, it scores the batch's new claims before they are reported.
    """
    from workbench.nlp.extract import EXTRACTOR_VERSION

    batch: list[tuple[int, Extraction | str]] = []

    def flush() -> None:
        done: list[FileReport] = []
        queue = list(batch)
        while queue:
            _give_way(store)
            _store_some(queue, done)
        rank_new(store, [r.document_id for r in done if r.document_id is not None and not r.refused], notes)
        for file_report in done:
            emit(file_report)
        batch.clear()

    def _store_some(queue: list[tuple[int, Extraction | str]], done: list[FileReport]) -> None:
        """Store documents from the head of ``queue`` in one transaction bounded by time and size."""
        started = time.monotonic()
        stored_ids: list[int] = []
        with store.transaction() as conn:
            _fill(conn, queue, done, stored_ids, started)
        # Copy signatures of the new claims, in short transactions of their own right after
        # (up to SIGN_CLAIMS claims each, a waiting reviewer first): the queue's copy counts
        # are right as soon as the batch is there, and storing never holds the lock for them.
        claims_of = {r.document_id: r.claims for r in done if r.document_id is not None}
        part: list[int] = []
        size = 0
        for document_id in stored_ids + [None]:  # type: ignore[list-item]
            if part and (document_id is None or size + claims_of.get(document_id, 0) > SIGN_CLAIMS):
                _give_way(store)
                with store.transaction() as conn:
                    seen_work.after_ingest(conn, part)
                part, size = [], 0
            if document_id is not None:
                part.append(document_id)
                size += claims_of.get(document_id, 0)

    def _fill(conn: sqlite3.Connection, queue: list[tuple[int, Extraction | str]], done: list[FileReport],
              stored_ids: list[int], started: float) -> None:
        """Store documents from the head of ``queue`` until the transaction's time or size is up."""
        size = 0
        while queue:
            if size and (time.monotonic() - started > TRANSACTION_SECONDS or size > TRANSACTION_BYTES):
                return
            index, result = queue.pop(0)
            item = pending[index]
            size += len(item.article.text)
            if isinstance(result, str):
                item.report.status, item.report.reason = Outcome.FAILED, result
                done.append(item.report)
                continue
            conn.execute("SAVEPOINT document")
            try:
                stored = store.store_document(
                    item.article, result, model=item.model, extractor_version=EXTRACTOR_VERSION
                )
                conn.execute("RELEASE SAVEPOINT document")
            except (StoreError, ValueError, KeyError) as exc:
                conn.execute("ROLLBACK TO SAVEPOINT document")
                conn.execute("RELEASE SAVEPOINT document")
                item.report.status, item.report.reason = Outcome.FAILED, f"could not store: {exc}"
                done.append(item.report)
                continue
            _describe(item.report, stored)
            done.append(item.report)
            if stored.status != Outcome.UNCHANGED and stored.document_id is not None:
                stored_ids.append(stored.document_id)

    for index, result in extractions:
        batch.append((index, result))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()


def _give_way(store: Store) -> None:
    """Before ingest takes the write lock again: let a waiting reviewer's decision go first."""
    from workbench.store.writers import someone_waiting

    deadline = time.monotonic() + GIVE_WAY_SECONDS
    while someone_waiting(store.path) and time.monotonic() < deadline:
        time.sleep(0.005)


def rank_new(store: Store, document_ids: list[int], notes: list[str] | None = None) -> None:
    """New claims come scored by the shipped model; a desk model that ranks scores them too.

    A stored desk model that cannot be read leaves them on the shipped score,
    with one note; a busy database leaves them for the next refit or ingest.
    """
    if not document_ids:
        return
    from workbench.desk import rescore_new

    try:
        _, warning = rescore_new(store, document_ids=document_ids)
    except StoreError:
        return
    if warning and notes is not None and warning not in notes:
        notes.append(warning)


def _work(pending: list[_Pending]) -> tuple[list[tuple[int, tuple[str, list]]], dict[int, list[int]]]:
    """The documents to extract, and for each the later files in this run with the same bytes.

    A twin follows its first copy into the store, where it becomes a second path.
    """
    work, twins = [], {}
    for index, item in enumerate(pending):
        if item.twin_of is None:
            work.append((index, (item.article.text, item.article.excluded)))
        else:
            twins.setdefault(item.twin_of, []).append(index)
    return work, twins


def _extract_here(pending: list[_Pending], pipeline: Pipeline) -> Iterator[tuple[int, Extraction | str]]:
    description = pipeline.label()
    work, twins = _work(pending)
    for start in range(0, len(work), WINDOW):
        chunk = work[start : start + WINDOW]
        results = extract_chunk([payload for _, payload in chunk], pipeline)
        for (index, _), result in zip(chunk, results):
            for target in (index, *twins.get(index, ())):
                pending[target].model = description
                yield target, result


def extract_chunk(items: list[tuple[str, list]], pipeline: Pipeline) -> list[Extraction | str]:
    """Extract a batch; if the batch fails, retry one document at a time to isolate the bad one."""
    from workbench.nlp.extract import extract_document, extract_documents

    try:
        return list(extract_documents(items, pipeline))
    except Exception:
        results: list[Extraction | str] = []
        for text, excluded in items:
            try:
                results.append(extract_document(text, excluded, pipeline))
            except Exception as exc:  # a bug must cost one file, not the run
                results.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return results


# ------------------------------------------------------------------ processes

_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(model: str | None) -> None:
    global _WORKER_PIPELINE
    from workbench.nlp.model import load_pipeline

    _WORKER_PIPELINE = load_pipeline(model)


def _worker_extract(items: list[tuple[str, list]]) -> tuple[str, list[Extraction | str]]:
    assert _WORKER_PIPELINE is not None
    return _WORKER_PIPELINE.label(), extract_chunk(items, _WORKER_PIPELINE)


def _extract_in_workers(
    pending: list[_Pending], model: str | None, jobs: int, report: IngestReport
) -> Iterator[tuple[int, Extraction | str]]:
    """Extraction in ``jobs`` processes, results in input order, a bounded number in flight.

    If the worker pool breaks (a worker killed, out of memory, a model that will
    not load there), the rest is extracted in this process: the run finishes.
    """
    work, twins = _work(pending)
    # Windows small enough that every worker gets several, so none idles at the end.
    size = max(1, min(WINDOW, -(-len(work) // (jobs * 3))))
    chunks = [work[i : i + size] for i in range(0, len(work), size)]

    def deliver(chunk: list, description: str, results: list) -> Iterator[tuple[int, Extraction | str]]:
        report.model = report.model or description
        for (index, _), result in zip(chunk, results):
            for target in (index, *twins.get(index, ())):
                pending[target].model = description
                yield target, result

    done = 0
    try:
        # spawn, not fork: the caller may be the review app, whose threads make fork unsafe.
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=get_context("spawn"), initializer=_worker_init, initargs=(model,)
        ) as pool:
            in_flight: deque[tuple[list, Future]] = deque()
            queue = iter(chunks)

            def submit() -> None:
                chunk = next(queue, None)
                if chunk is not None:
                    in_flight.append((chunk, pool.submit(_worker_extract, [p for _, p in chunk])))

            for _ in range(2 * jobs):
                submit()
            while in_flight:
                chunk, future = in_flight.popleft()
                try:
                    description, results = future.result()
                except BrokenProcessPool:
                    raise
                except Exception as exc:  # e.g. a result that would not pickle: this window only
                    description, results = "", [f"extraction failed: {type(exc).__name__}: {exc}"] * len(chunk)
                submit()
                yield from deliver(chunk, description, results)
                done += 1
    except BrokenProcessPool as exc:
        report.notes.append(f"the worker processes stopped ({exc}); the rest was extracted in this process")
    remaining = chunks[done:]
    if not remaining:
        return
    from workbench.nlp.model import ModelLoadError, load_pipeline

    try:
        pipeline = load_pipeline(model)
    except ModelLoadError as exc:
        for chunk in remaining:
            yield from deliver(chunk, "", [f"extraction failed: {exc}"] * len(chunk))
        return
    for chunk in remaining:
        yield from deliver(chunk, pipeline.label(), extract_chunk([p for _, p in chunk], pipeline))
