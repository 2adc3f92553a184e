"""The JSONL export: lossless, one JSON object per claim, for machines.

Each line is a claim with everything the store knows about it: its fields,
its document's metadata (and the audited edits of that metadata), its current
state, and its full event history, every event with all its columns and hashes
(``detail`` parsed). Superseded claims are always included, marked
``"superseded": true``: their verdicts are part of the record. The last line is
``{"type": "export", ...}`` with the audit head the claims belong to.

UTF-8, ``ensure_ascii=False``, ``\\n`` after every line.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from workbench.export.rows import ORDER, Selection, read
from workbench.store import Store, audit

FORMAT_VERSION = 1

_CLAIM_SELECT = """SELECT c.id, c.identity, c.document_id, c.sentence_id, c.sentence_idx, c.sentence,
    c.sent_start, c.sent_end, c.start, c."end", c.position, c.text, c.kind, c.speaker, c.score,
    c.tier, c.reasons, c.entities, c.extractor_version, c.superseded, c.created_at, c.updated_at,
    s.claim_id AS state_claim_id, s.verdict, s.scale, s.detail, s.note, s.flagged, s.reviewer,
    s.decided_at, s.last_seq, s.conflict, s.events
FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id"""

_DOCUMENT_FIELDS = (
    "id, lineage, version, superseded_by, sha256, title, byline, outlet, published, url, "
    "extracted, encoding, replaced, size, format, model, extractor_version, ingested_at"
)

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _parse_detail(raw: str | None) -> tuple[Any, str | None]:
    """The parsed detail, and the raw text too when parsing would lose it.

    A reader re-serialises ``detail`` with ``json.dumps(..., sort_keys=True,
    ensure_ascii=False)`` to recompute an event's hash; ``detail_raw`` is only
    written for the rare detail that does not come back byte for byte that way.
    """
    if raw is None:
        return None, None
    try:
        parsed = json.loads(raw)
    except ValueError:
        return None, raw
    if json.dumps(parsed, sort_keys=True, ensure_ascii=False) != raw:
        return parsed, raw
    return parsed, None


def event_object(row: dict) -> dict:
    event = dict(row)
    event["detail"], raw = _parse_detail(row["detail"])
    if raw is not None:
        event["detail_raw"] = raw
    return event


def _documents(snap: Store, ids: set[int]) -> dict[int, dict]:
    docs: dict[int, dict] = {}
    for row in read(snap, f"SELECT {_DOCUMENT_FIELDS} FROM documents ORDER BY id"):
        if row["id"] not in ids:
            continue
        row["extracted"] = json.loads(row["extracted"]) if row["extracted"] else {}
        row["paths"] = []
        row["edits"] = []
        docs[row["id"]] = row
    for row in read(snap, "SELECT document_id, path FROM document_paths ORDER BY first_seen, path"):
        if row["document_id"] in docs:
            docs[row["document_id"]]["paths"].append(row["path"])
    # Metadata corrections are events without a claim; an edit made on one version
    # of a document shows on that version and every later one (as the store applies it).
    lineage = {d["id"]: d["lineage"] for d in docs.values()}
    edits = read(snap, 
        f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id IS NULL "
        "AND action = 'document' ORDER BY seq"
    )
    if edits:
        lineage_of = dict(snap.conn.execute("SELECT id, lineage FROM documents"))
        for event in edits:
            obj = event_object(event)
            for doc in docs.values():
                if lineage_of.get(event["document_id"]) == lineage[doc["id"]] and (
                    event["document_id"] <= doc["id"]
                ):
                    doc["edits"].append(obj)
    return docs


def write_jsonl(snap: Store, selection: Selection, out: BinaryIO, head: str) -> int:
    where, params = selection.where()
    claims = read(snap, f"{_CLAIM_SELECT} WHERE {where} ORDER BY {ORDER}", params)
    history: dict[int, list[dict]] = {}
    if claims:
        # One pass over the events of the selected claims, in log order.
        for event in read(snap, 
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id IN "
            f"(SELECT c.id FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.id WHERE {where}) "
            "ORDER BY seq",
            params,
        ):
            history.setdefault(event["claim_id"], []).append(event_object(event))
    documents = _documents(snap, {c["document_id"] for c in claims})
    document_json = {doc_id: _dumps(doc) for doc_id, doc in documents.items()}
    lines: list[str] = []
    for c in claims:
        state = None
        if c["state_claim_id"] is not None:
            detail, raw = _parse_detail(c["detail"])
            state = {
                "verdict": c["verdict"],
                "scale": c["scale"],
                "detail": detail,
                "note": c["note"],
                "flagged": bool(c["flagged"]),
                "reviewer": c["reviewer"],
                "decided_at": c["decided_at"],
                "last_seq": c["last_seq"],
                "conflict": bool(c["conflict"]),
                "events": c["events"],
            }
            if raw is not None:
                state["detail_raw"] = raw
        obj = {
            "identity": c["identity"],
            "sentence_id": c["sentence_id"],
            "sentence_idx": c["sentence_idx"],
            "sentence": c["sentence"],
            "sentence_start": c["sent_start"],
            "sentence_end": c["sent_end"],
            "claim": c["text"],
            "char_start": c["start"],
            "char_end": c["end"],
            "position": c["position"],
            "kind": c["kind"],
            "speaker": c["speaker"],
            "score": c["score"],
            "tier": c["tier"],
            "reasons": json.loads(c["reasons"]),
            "entities": json.loads(c["entities"]),
            "extractor_version": c["extractor_version"],
            "superseded": bool(c["superseded"]),
            "created_at": c["created_at"],
            "updated_at": c["updated_at"],
            "state": state,
            "events": history.get(c["id"], []),
        }
        # The document's JSON is made once and spliced into each of its claims' lines.
        lines.append(
            f'{{"type":"claim","claim_id":{c["id"]},"document":{document_json[c["document_id"]]},'
            + _dumps(obj)[1:]
        )
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
