"""The JSONL export: lossless, one JSON object per claim, for machines.

Each line is a claim as :meth:`Claim.to_json` writes it (the fields the CLI's
``--json`` prints), plus its ``document`` (:meth:`Document.to_json`, with the
audited edits of its metadata) and its full event history, every event with
all its columns and hashes (:meth:`Event.to_json`, ``detail`` parsed).
Superseded claims are always included, marked ``"superseded": true``: their
verdicts are part of the record. The last line is ``{"type": "export", ...}``
with the audit head the claims belong to.

UTF-8, ``ensure_ascii=False``, ``\\n`` after every line.
"""

from __future__ import annotations

import json
import math
from typing import BinaryIO

from workbench.domain import Event
from workbench.store import Store
from workbench.store.queries import ClaimFilter
from workbench.vocab import Order

# 2: the claim fields are the records' own names (Claim.to_json), state flattened into them.
FORMAT_VERSION = 2

_strict = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _finite(value: object) -> object:
    """``value`` with every inf and NaN as None: what JSON can hold (the stored text stays in *_raw)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _dumps(value: object) -> str:
    """Strict JSON: a rating stored as inf by an older scale file becomes null, never `Infinity`."""
    try:
        return _strict(value)
    except ValueError:
        if isinstance(value, dict) and value.get("detail") is not None and "detail_raw" not in value:
            # The stored text of the detail, so the event's hash can still be recomputed.
            value = {**value, "detail_raw": json.dumps(value["detail"], sort_keys=True, ensure_ascii=False)}
        return _strict(_finite(value))


def _documents(snap: Store, ids: set[int]) -> dict[int, dict]:
    docs = {d.id: d for d in snap.documents(include_old_versions=True) if d.id in ids}
    out = {doc_id: {**doc.to_json(), "edits": [], "stored": []} for doc_id, doc in docs.items()}
    if not docs:
        return out
    # The content events that stored each version (ingest, re-extraction, a new path): with
    # them, every event on the chain that concerns an exported claim is in the file.
    for event in snap.queries.content_events():
        if event.document_id in out:
            out[event.document_id]["stored"].append(event.to_json())
    # Metadata corrections are events without a claim; an edit made on one version
    # of a document shows on that version and every later one (as the store applies it).
    edits: list[Event] = snap.queries.document_edits()
    if edits:
        lineage_of = {d.id: d.lineage for d in snap.documents(include_old_versions=True)}
        for event in edits:
            obj = event.to_json()
            for doc in docs.values():
                if lineage_of.get(event.document_id) == doc.lineage and (event.document_id or 0) <= doc.id:
                    out[doc.id]["edits"].append(obj)
    return out


def write_jsonl(snap: Store, selection: ClaimFilter, out: BinaryIO, head: str) -> int:
    claims = snap.queries.claims(selection, Order.DOCUMENT)
    history = snap.queries.events_of(selection) if claims else {}
    documents = _documents(snap, {c.document_id for c in claims})
    # The document's JSON is made once and spliced into each of its claims' lines.
    document_json = {doc_id: _dumps(doc) for doc_id, doc in documents.items()}
    lines: list[str] = []
    for claim in claims:
        obj = claim.to_json()
        obj["events"] = [e.to_json() for e in history.get(claim.id, [])]
        lines.append(f'{{"type":"claim","document":{document_json[claim.document_id]},' + _dumps(obj)[1:])
        if len(lines) >= 1000:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            lines.clear()
    lines.append(
        _dumps(
            {
                "type": "export",
                "format_version": FORMAT_VERSION,
                "db_id": snap.db_id,
                "genesis": snap.genesis,
                "audit_head": head,
                "claims": len(claims),
            }
        )
    )
    out.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(claims)


__all__ = ["FORMAT_VERSION", "write_jsonl"]
