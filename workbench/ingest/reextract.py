"""Re-extraction: run the current extractor over stored documents again.

``workbench extract`` and the Python API both call :func:`reextract`. A claim
whose identity (document, sentence and normalised text) is unchanged keeps its
id, verdicts and history; a claim that vanishes is marked superseded, never
deleted. A document whose extraction fails costs that document only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.domain import Resync
from workbench.ingest.run import extract_chunk, rank_new
from workbench.seen import work as seen_work
from workbench.store import Store

if TYPE_CHECKING:
    from workbench.nlp.model import Pipeline


@dataclass(frozen=True, slots=True)
class Reextracted:
    """What re-extracting one document did: its claims kept, added and superseded, or why not."""

    document_id: int
    resync: Resync | None = None
    error: str | None = None
    warning: str | None = None  # the desk model that ranks could not score the new claims

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        if self.resync is None:
            return f"failed: document {self.document_id}: {self.error}"
        r = self.resync
        line = f"document {self.document_id}: {r.kept} kept, {r.added} new, {r.superseded} superseded"
        return f"{line} (warning: {self.warning})" if self.warning else line


def reextract(
    store: Store,
    pipeline: Pipeline,
    *,
    document: int | None = None,
    on_document: Callable[[Reextracted], None] | None = None,
) -> list[Reextracted]:
    """Re-extract one document (any id of it), or every current document, with ``pipeline``.

    Raises NotFound for an unknown ``document`` before anything is extracted.
    """
    from workbench.nlp.extract import EXTRACTOR_VERSION

    if document is not None:
        ids = [store.document(document).id]
    else:
        ids = [d.id for d in store.documents()]
    results = []
    for doc_id in ids:
        doc = store.document(doc_id)
        result = extract_chunk([(doc.text or "", list(doc.excluded))], pipeline)[0]
        if isinstance(result, str):
            outcome = Reextracted(doc_id, error=result)
        else:
            sync = store.replace_extraction(doc_id, result, model=pipeline.label(), extractor_version=EXTRACTOR_VERSION)
            # Re-extraction scores every claim with the shipped model again; a desk
            # model that ranks the queue then scores the unreviewed ones.
            notes: list[str] = []
            rank_new(store, [doc_id], notes)
            with store.transaction() as conn:  # its claims signed again for copies
                seen_work.after_ingest(conn, [doc_id])
            outcome = Reextracted(doc_id, resync=sync, warning=notes[0] if notes else None)
        results.append(outcome)
        if on_document is not None:
            on_document(outcome)
    return results
