"""The SQLite store: documents, sentences, claims, and the append-only audit log.

No Textual or Click imports here; the CLI and the app are thin shells over it.
:class:`Store` is the facade; it returns the typed records of
:mod:`workbench.domain`.
"""

from __future__ import annotations

from workbench.domain import Counts, Decision, Resync, StoredDocument
from workbench.store.audit import ClaimState, VerifyResult
from workbench.store.decisions import LATEST, UNSET
from workbench.store.errors import (
    AdjudicationNeeded,
    CorruptDatabase,
    InvalidDecision,
    NewerSchema,
    NotADatabase,
    NotAWorkbenchDatabase,
    NotFound,
    NotSaved,
    OverruleNeeded,
    StoreError,
)
from workbench.store.identity import claim_identity, normalise
from workbench.store.queries import ClaimFilter, fts_query
from workbench.store.store import Store

__all__ = [
    "AdjudicationNeeded",
    "LATEST",
    "UNSET",
    "ClaimFilter",
    "ClaimState",
    "CorruptDatabase",
    "Counts",
    "Decision",
    "InvalidDecision",
    "NewerSchema",
    "NotADatabase",
    "NotAWorkbenchDatabase",
    "NotFound",
    "NotSaved",
    "OverruleNeeded",
    "Resync",
    "Store",
    "StoreError",
    "StoredDocument",
    "VerifyResult",
    "claim_identity",
    "fts_query",
    "normalise",
]
