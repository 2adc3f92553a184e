"""The SQLite store: documents, sentences, claims, and the append-only audit log.

No Textual imports here; the CLI and the app are thin shells over this.
"""

from __future__ import annotations

from workbench.store.audit import ClaimState, VerifyResult
from workbench.store.errors import (
    CorruptDatabase,
    InvalidDecision,
    NewerSchema,
    NotADatabase,
    NotAWorkbenchDatabase,
    NotFound,
    NotSaved,
    StoreError,
)
from workbench.store.store import (
    LATEST,
    ORDERS,
    STATUSES,
    Counts,
    Decision,
    Resync,
    Store,
    StoredDocument,
    claim_identity,
    fts_query,
    normalise,
)

__all__ = [
    "LATEST",
    "ORDERS",
    "STATUSES",
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
    "Resync",
    "Store",
    "StoreError",
    "StoredDocument",
    "VerifyResult",
    "claim_identity",
    "fts_query",
    "normalise",
]
