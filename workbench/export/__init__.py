"""Exports: CSV for editors, JSONL for machines, ClaimReview JSON-LD for publishing.

    from workbench.export import export
    with open("claims.csv", "wb") as out:
        result = export(store, "csv", out, reviewed_only=True)
    print(result.count, result.head, result.warnings)

Every format reads one consistent snapshot of the database and reports the
audit head (``SEQ:HASH``) that snapshot ends at, so an export can later be
proven to match the log (``workbench verify --expect-head SEQ:HASH``). No
Textual, no spaCy: the CLI, the app and the Python API all call :func:`export`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from workbench.config import Config, load_config
from workbench.export.claimreview import write_claimreview
from workbench.export.csvfile import COLUMNS, defuse, write_csv
from workbench.export.jsonl import write_jsonl
from workbench.export.rows import head_of, parse_since, selection
from workbench.store import Store
from workbench.vocab import ExportFormat, parse


@dataclass(slots=True)
class ExportResult:
    count: int  # claims (csv, jsonl) or ClaimReview items written
    head: str  # the audit head "SEQ:HASH" of the snapshot the export was read from
    warnings: list[str] = field(default_factory=list)  # for stderr / a notice: export still done


def export(
    store: Store,
    fmt: str,
    out: BinaryIO,
    *,
    reviewed_only: bool = False,
    document: int | None = None,
    reviewer: str | None = None,
    since: str | None = None,
    config: Config | None = None,
    include_disputed: bool = False,
) -> ExportResult:
    """Write the claims the filters select to ``out`` (a binary stream) in ``fmt``.

    ``fmt`` is an :class:`~workbench.vocab.ExportFormat` (or its name).
    ``reviewed_only``: claims with a verdict or dismissed as not check-worthy
    (a dismissal is a review). ``document``: any version of that document.
    ``reviewer``/``since``: whose decision, and decided at/after an ISO 8601
    date or date-time (UTC when no offset is given). ClaimReview always holds
    verdicts only, never dismissals or unreviewed claims; JSONL also holds
    superseded claims, marked so. ``config`` (ClaimReview's publisher and url
    template) defaults to the team config beside the database. ClaimReview
    leaves out claims with an open disagreement or conflict between reviewers
    unless ``include_disputed``, and names each in the warnings either way.

    Raises ValueError (one line) for an unknown format or a bad ``since``, and
    NotFound for an unknown document.
    """
    kind = ExportFormat(parse(ExportFormat, fmt, "export format"))
    chosen = selection(kind, reviewed_only=reviewed_only, document=document, reviewer=reviewer, since=parse_since(since))
    if kind == ExportFormat.CLAIMREVIEW and config is None:
        config = load_config(store.path)
    warnings: list[str] = []
    with store.snapshot() as snap:
        head = head_of(snap)  # the first read: it fixes the snapshot every row comes from
        if document is not None:
            snap.document(document)  # NotFound, rather than an empty export, for a typo
        if kind == ExportFormat.CSV:
            count = write_csv(snap, chosen, out, head)
        elif kind == ExportFormat.JSONL:
            count = write_jsonl(snap, chosen, out, head)
        else:
            assert config is not None
            count = write_claimreview(snap, chosen, out, config, warnings, include_disputed=include_disputed)
    return ExportResult(count=count, head=head, warnings=warnings)


__all__ = ["COLUMNS", "ExportFormat", "ExportResult", "defuse", "export", "parse_since"]
