"""The JSONL export: lossless, one object per claim with its whole history."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from store_helpers import FakeArticle, extraction_for, make_db
from test_export_support import add_claims
from workbench.export import export
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE
from workbench.store import Store, audit


def export_jsonl(store: Store, **kwargs) -> tuple[bytes, list[dict], dict]:
    out = io.BytesIO()
    result = export(store, "jsonl", out, **kwargs)
    raw = out.getvalue()
    objects = [json.loads(line) for line in raw.decode("utf-8").split("\n")[:-1]]
    claims, trailer = objects[:-1], objects[-1]
    assert result.count == len(claims)
    assert trailer["audit_head"] == result.head
    return raw, claims, trailer


@pytest.fixture
def busy(tmp_path):
    """Two reviewers, every kind of event: verdicts on two scales, notes, flags, undo, a conflict."""
    store = make_db(tmp_path / "w.db", articles=2)
    add_claims(
        store,
        "urdu.txt",
        [{"text": "وزیر اعظم نے کہا کہ 40 فیصد", "speaker": "وزیر اعظم", "entities": [
            {"text": "وزیر", "label": "PERSON", "start": 0, "end": 4}]}],
        title="اردو",
    )
    ids = store.claim_ids(order="document")
    a, b, c, d = ids[:4]
    store.set_verdict(a, "mostly-true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(a, "checked with the ministry", reviewer="ana")
    store.set_verdict(a, "pants-on-fire", scale=POLITIFACT_SCALE, reviewer="bo", seen=None)  # conflict
    store.set_flag(b, reviewer="bo")
    store.set_verdict(b, "false", scale=DEFAULT_SCALE, reviewer="bo")
    store.undo(b, reviewer="bo")
    store.set_verdict(c, DISMISS, scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(d, "", reviewer="ana")
    store.set_verdict(ids[-1], "mixed", scale=DEFAULT_SCALE, reviewer="ana")
    store.edit_document(1, {"title": "Corrected title"}, reviewer="ana")
    yield store
    store.close()


def test_one_object_per_line_utf8_lf(busy):
    raw, claims, trailer = export_jsonl(busy)
    assert raw.endswith(b"\n") and b"\r" not in raw
    lines = raw.split(b"\n")[:-1]
    assert len(lines) == len(claims) + 1
    assert "وزیر اعظم".encode() in raw  # ensure_ascii=False: text as UTF-8, not \u escapes
    assert all(c["type"] == "claim" for c in claims)
    assert trailer["type"] == "export"
    assert trailer["db_id"] == busy.db_id and trailer["genesis"] == busy.genesis
    assert trailer["claims"] == len(claims) == len(busy.claim_ids())


def test_history_of_each_claim_equals_store_history(busy):
    _, claims, _ = export_jsonl(busy)
    assert any(len(c["events"]) >= 3 for c in claims)
    # Every column of every event, read straight from the table (detail parsed).
    cursor = busy.conn.execute(f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (0,))
    names = [d[0] for d in cursor.description]
    for claim in claims:
        rows = busy.conn.execute(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (claim["id"],)
        ).fetchall()
        expected = [dict(zip(names, row)) for row in rows]
        expected = [{**e, "detail": json.loads(e["detail"]) if e["detail"] else None} for e in expected]
        assert claim["events"] == expected
        assert [e["seq"] for e in claim["events"]] == [e.seq for e in busy.history(claim["id"])]


def test_claim_fields_and_document_metadata(busy):
    _, claims, _ = export_jsonl(busy)
    by_id = {c["id"]: c for c in claims}
    for stored in busy.claims(order="document"):
        claim = by_id[stored.id]
        assert claim["text"] == stored.text
        assert claim["sentence"] == stored.sentence
        assert (claim["start"], claim["end"]) == (stored.start, stored.end)
        assert (claim["sentence_start"], claim["sentence_end"]) == (stored.sentence_start, stored.sentence_end)
        for key in ("kind", "speaker", "score", "tier", "extractor_version", "position"):
            assert claim[key] == getattr(stored, key), key
        assert claim["reasons"] == list(stored.reasons)
        assert claim["entities"] == [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in stored.entities
        ]
        assert claim["superseded"] is False
        # The same fields as the CLI's --json: one to_json() for both.
        assert {k: v for k, v in claim.items() if k not in ("type", "document", "events")} == stored.to_json()
        document = busy.document(stored.document_id)
        for key in ("id", "title", "byline", "outlet", "published", "url", "sha256", "version", "lineage"):
            assert claim["document"][key] == getattr(document, key), key
        assert claim["document"]["paths"] == list(document.paths)
    edited = [c for c in claims if c["document"]["id"] == 1][0]["document"]
    assert edited["title"] == "Corrected title"
    assert edited["extracted"]["title"] == "Article 0"
    assert [e["action"] for e in edited["edits"]] == ["document"]
    assert json.loads(edited["edits"][0]["value"]) == {"title": "Corrected title"}


def canonical_detail(detail) -> str | None:
    # How Store.decide serialises detail: what a reader needs to recompute hashes.
    return json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None


def test_state_rebuilds_from_the_exported_events(busy):
    _, claims, _ = export_jsonl(busy)
    conn = busy.conn
    stored_state = {
        row[0]: row for row in conn.execute(f"SELECT {audit.STATE_COLUMNS} FROM claim_state")
    }
    rebuilt_any = 0
    for claim in claims:
        events = [{**e, "detail": canonical_detail(e["detail"])} for e in claim["events"]]
        if not events:
            assert claim["event_count"] == 0 and claim["id"] not in stored_state
            assert (claim["verdict"], claim["note"], claim["flagged"], claim["last_seq"]) == (None, None, False, None)
            continue
        rebuilt = audit.fold(claim["id"], events)
        assert rebuilt.as_row() == stored_state[claim["id"]]
        state = claim
        assert state["event_count"] == rebuilt.events and state["last_seq"] == rebuilt.last_seq
        assert (state["verdict"], state["note"], state["flagged"], state["conflict"]) == (
            rebuilt.verdict,
            rebuilt.note,
            rebuilt.flagged,
            rebuilt.conflict,
        )
        assert canonical_detail(state["detail"]) == rebuilt.detail
        rebuilt_any += 1
    assert rebuilt_any >= 5


def test_every_exported_event_hash_recomputes(busy):
    _, claims, _ = export_jsonl(busy)
    checked = 0
    for claim in claims:
        for event in claim["events"]:
            fields = {**event, "detail": event.get("detail_raw") or canonical_detail(event["detail"])}
            digest = hashlib.sha256(
                (event["prev_hash"] + "\n" + audit.canonical(fields)).encode("utf-8")
            ).hexdigest()
            assert digest == event["hash"]
            checked += 1
    assert checked == len([e for e in busy.events() if e.claim_id is not None])


def test_superseded_claims_are_included_and_marked(tmp_path):
    store = Store.open(tmp_path / "w.db")
    text = "Alpha rose 5 percent.\nBeta fell 3 percent.\n"
    first = store.store_document(
        FakeArticle(Path("a.txt"), text, Metadata(title="v1")), extraction_for(text), model="t", extractor_version="1"
    )
    old = store.claim_ids(order="document")
    store.set_verdict(old[1], "false", scale=DEFAULT_SCALE, reviewer="ana")
    text2 = "Alpha rose 5 percent.\nGamma rose 9 percent.\n"
    store.store_document(
        FakeArticle(Path("a.txt"), text2, Metadata(title="v2")), extraction_for(text2), model="t", extractor_version="1"
    )
    _, claims, _ = export_jsonl(store)
    by_id = {c["id"]: c for c in claims}
    assert by_id[old[1]]["superseded"] is True
    assert by_id[old[1]]["verdict"] == "false"
    assert by_id[old[1]]["document"]["id"] == first.document_id
    assert by_id[old[0]]["superseded"] is False  # carried into the new version
    assert sum(not c["superseded"] for c in claims) == store.count().total
    csv_out = io.BytesIO()
    assert export(store, "csv", csv_out).count == store.count().total  # the CSV leaves it out
    store.close()


def test_filters_apply_to_jsonl(busy):
    _, reviewed, _ = export_jsonl(busy, reviewed_only=True)
    assert {c["id"] for c in reviewed} == {c.id for c in busy.claims(status="reviewed")}
    _, by_bo, _ = export_jsonl(busy, reviewer="bo")
    assert by_bo and all(c["reviewer"] == "bo" for c in by_bo)
