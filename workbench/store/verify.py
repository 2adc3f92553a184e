"""`workbench verify`: prove the audit log and everything derived from it are intact."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING

from workbench.domain import METADATA_FIELDS
from workbench.safetext import visible
from workbench.scales import BUILTIN_SCALES, DISMISS
from workbench.store import audit, schema
from workbench.store.desk import check_desk, check_learn_event
from workbench.store.identity import genesis_hash
from workbench.vocab import CORRECTABLE, Action, Flag

if TYPE_CHECKING:
    from workbench.store.database import Database

MAX_LISTED = 20  # problems of one kind listed before "... more"
_REPEATED = frozenset({Action.VERDICT, Action.FLAG})


def _normalise_sql(sql: str) -> str:
    return " ".join(sql.split())


def verify(store: Database, *, expect_head: str | None = None) -> audit.VerifyResult:
    """Check, in order: integrity, triggers, the chain, each event's meaning, the derived
    caches, the expected head.

    Stops at the first broken event and names it; later checks still run, so
    one report shows every kind of damage.
    """
    conn = store.conn
    problems: list[str] = []

    rows = conn.execute("PRAGMA integrity_check").fetchall()
    bad = [r[0] for r in rows if r[0] != "ok"]
    if bad:
        problems.append(f"integrity_check failed: {bad[0]}")

    present = {
        name: sql
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    for name, expected in schema.EVENT_TRIGGERS.items():
        if name not in present:
            problems.append(f"trigger {name} is missing: the log is not protected against edits")
        elif _normalise_sql(present[name]) != _normalise_sql(expected):
            problems.append(f"trigger {name} has been altered")

    if genesis_hash(store.db_id) != store.genesis:
        problems.append("the genesis hash does not match the database id")

    count = 0
    head_seq, head_hash = 0, store.genesis
    expected_seq = 1
    prev_hash = store.genesis
    chain_broken = False
    by_claim: dict[int, list[dict]] = {}
    doc_edits: dict[int, list[dict]] = {}
    learn_events: list[dict] = []
    hashes: dict[int, str] = {}
    sha256 = hashlib.sha256
    fields = audit.SORTED_FIELDS
    i_seq, i_claim, i_action = fields.index("seq"), fields.index("claim_id"), fields.index("action")
    meaning: list[str] = []
    # Most events repeat a few meanings (a verdict of a scale, a flag on or off):
    # each is checked once, not once per event (a snapshot's JSON costs to parse).
    checked: dict[tuple, str | None] = {}
    for row in conn.execute(f"SELECT {audit.SORTED_COLUMNS} FROM events ORDER BY seq"):
        count += 1
        seq, stored_prev, stored_hash = row[i_seq], row[-2], row[-1]
        event = dict(zip(fields, row))
        if len(meaning) <= MAX_LISTED:
            action = event["action"]
            if action in _REPEATED:
                key = (action, event["value"], event["scale"], event["detail"], event["claim_id"] is None)
                problem = checked[key] if key in checked else checked.setdefault(key, _check_meaning(event))
            else:
                problem = _check_meaning(event)
            if problem:
                meaning.append(f"event {seq}: {problem}" if len(meaning) < MAX_LISTED else "... (more events not listed)")
        hashes[seq] = stored_hash
        claim_id = row[i_claim]
        if claim_id is not None:
            by_claim.setdefault(claim_id, []).append(event)
        elif row[i_action] == Action.DOCUMENT:
            if event["document_id"] is not None:
                doc_edits.setdefault(event["document_id"], []).append(event)
        elif row[i_action] == Action.LEARN:
            learn_events.append(event)
        head_seq, head_hash = seq, stored_hash
        if chain_broken:
            continue
        if seq != expected_seq:
            problems.append(
                f"event {seq}: sequence jumps from {expected_seq - 1} to {seq} "
                f"(event {expected_seq} is missing)"
            )
            chain_broken = True
        elif stored_prev != prev_hash:
            problems.append(
                f"event {seq}: does not link to event {seq - 1} (events removed, reordered or replaced)"
            )
            chain_broken = True
        elif sha256((prev_hash + "\n" + audit.canonical_row(row)).encode("utf-8")).hexdigest() != stored_hash:
            problems.append(f"event {seq}: its hash does not match its contents (edited)")
            chain_broken = True
        expected_seq = seq + 1
        prev_hash = stored_hash

    problems.extend(meaning)
    if expect_head:
        problems.extend(_check_expected_head(expect_head, hashes))

    problems.extend(_check_claim_state(conn, by_claim))
    problems.extend(_check_corrections(conn, by_claim))
    problems.extend(_check_documents(conn, doc_edits))
    problems.extend(check_desk(conn, learn_events))

    return audit.VerifyResult(
        ok=not problems, events=count, head_seq=head_seq, head_hash=head_hash, problems=problems
    )


def _check_meaning(event: dict) -> str | None:
    """What makes an event meaningless (an unknown action, a verdict outside its scale...), or None."""
    action, value = event["action"], event["value"]
    if action not in Action._value2member_map_:
        return f"unknown action {visible(str(action))!r}"
    if action == Action.DOCUMENT:
        try:
            changes = json.loads(value or "")
        except ValueError:
            changes = None
        if event["document_id"] is None or not isinstance(changes, dict) or not set(changes) <= set(METADATA_FIELDS):
            return f"a document edit that names no document or unknown fields"
        return None
    if action == Action.LEARN:
        return check_learn_event(event)
    if event["claim_id"] is None:
        return f"a {action} that names no claim"
    if action == Action.FLAG and value not in (Flag.ON, Flag.OFF):
        return f"a flag must be on or off, not {visible(str(value))!r}"
    if action == Action.UNDO and event["undoes"] is None:
        return f"an undo that retracts nothing"
    if action == Action.VERDICT:
        return _check_verdict(value, event["scale"], event["detail"])
    if action == Action.CORRECT:
        try:
            fields = json.loads(value or "")
        except ValueError:
            fields = None
        text, speaker = (fields or {}).get("text", ""), (fields or {}).get("speaker")
        if (
            not isinstance(fields, dict)
            or not fields
            or not set(fields) <= set(CORRECTABLE)
            or ("text" in fields and (not isinstance(text, str) or not text.strip()))
            or not (speaker is None or isinstance(speaker, str))
        ):
            return f"a correction must set a non-empty text and/or a speaker, and nothing else"
    return None


def _check_verdict(value: str | None, scale_id: str | None, raw_detail: str | None) -> str | None:
    """A verdict must be on the scale it names, as recorded with it (a snapshot of its definition)."""
    if value == DISMISS:
        return None
    try:
        detail = json.loads(raw_detail) if raw_detail else None
    except ValueError:
        detail = None
    where = f"verdict {visible(str(value))!r}"
    if isinstance(detail, dict) and "slug" in detail:
        if detail.get("slug") != value:
            return f"{where} differs from the verdict its record defines ({visible(str(detail.get('slug')))!r})"
        rating, best, worst = detail.get("rating_value"), detail.get("best_rating"), detail.get("worst_rating")
        numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (rating, best, worst))
        if not numbers or not worst <= rating <= best:  # type: ignore[operator]
            return f"{where} is rated outside its scale's range"
        builtin = BUILTIN_SCALES.get(scale_id or "")
        if builtin is not None and builtin.get(value or "") is None:
            return f"{where} is not on the built-in scale {scale_id!r}"
        return None
    # Recorded without a snapshot (an older client): only a built-in scale can vouch for it.
    builtin = BUILTIN_SCALES.get(scale_id or "")
    if builtin is None or builtin.get(value or "") is None:
        return f"{where} is not on its recorded scale {visible(str(scale_id))!r}"
    return None


def _check_expected_head(expect_head: str, hashes: dict[int, str]) -> list[str]:
    seq_text, _, want = expect_head.strip().partition(":")
    try:
        seq = int(seq_text)
    except ValueError:
        return [f"--expect-head must look like SEQ:HASH, got {expect_head!r}"]
    if seq == 0:
        return []
    if seq not in hashes:
        return [
            f"expected head {seq} is no longer on the chain: the log ends at "
            f"{max(hashes) if hashes else 0} (cut back)"
        ]
    if hashes[seq] != want.strip().lower():
        return [f"expected head {seq} is no longer on the chain: event {seq} has another hash (rewritten)"]
    return []


def _check_claim_state(conn: sqlite3.Connection, by_claim: dict[int, list[dict]]) -> list[str]:
    cached = {
        row[0]: row
        for row in conn.execute(f"SELECT {audit.STATE_COLUMNS} FROM claim_state")
    }
    problems = []
    for claim_id in sorted(set(cached) | set(by_claim)):
        events = by_claim.get(claim_id)
        if not events:
            problems.append(f"claim {claim_id}: cached state has no events behind it")
            continue
        derived = audit.fold(claim_id, events).as_row()
        if cached.get(claim_id) != derived:
            problems.append(f"claim {claim_id}: cached state differs from its events")
        if len(problems) >= MAX_LISTED:
            problems.append("... (more cache differences not listed)")
            break
    return problems


def _check_corrections(conn: sqlite3.Connection, by_claim: dict[int, list[dict]]) -> list[str]:
    """A claim shows what extraction said, overlaid by the corrections its events add up to.

    The extracted values are kept (``claims.extracted``) exactly while a
    correction stands; a text or speaker changed outside the log shows up as a
    row that holds them with no correction behind it, or one that differs.
    """
    derived = {}
    for claim_id, events in by_claim.items():
        if any(e["action"] == Action.CORRECT for e in events):
            correction = audit.fold(claim_id, events).correction
            if correction:
                derived[claim_id] = json.loads(correction)
    problems = []
    rows = {
        row[0]: row
        for row in conn.execute("SELECT id, text, speaker, extracted FROM claims WHERE extracted IS NOT NULL")
    }
    for claim_id in sorted(set(rows) | set(derived)):
        row = rows.get(claim_id)
        if row is None:
            problems.append(f"claim {claim_id}: its corrections are not on the claim (what extraction said is lost)")
        elif claim_id not in derived:
            problems.append(f"claim {claim_id}: marked corrected with no audited correction behind it")
        else:
            try:
                extracted = json.loads(row[3])
            except ValueError:
                extracted = None
            if not isinstance(extracted, dict):
                problems.append(f"claim {claim_id}: what extraction said is not readable")
                continue
            shown = {**extracted, **derived[claim_id]}
            if (row[1], row[2]) != (shown.get("text"), shown.get("speaker")):
                problems.append(f"claim {claim_id}: text or speaker differs from its audited corrections")
        if len(problems) >= MAX_LISTED:
            problems.append("... (more correction differences not listed)")
            break
    return problems


def _check_documents(conn: sqlite3.Connection, doc_edits: dict[int, list[dict]]) -> list[str]:
    """Current metadata = what ingest extracted, overlaid by the audited corrections."""
    problems = []
    rows = conn.execute(
        f"SELECT id, lineage, extracted, {', '.join(METADATA_FIELDS)} FROM documents ORDER BY id"
    ).fetchall()
    lineage_of = {row[0]: row[1] for row in rows}
    edits_by_lineage: dict[int, list[dict]] = {}
    for document_id, events in doc_edits.items():
        edits_by_lineage.setdefault(lineage_of.get(document_id, document_id), []).extend(events)
    for row in rows:
        document_id, lineage, extracted = row[0], row[1], json.loads(row[2])
        expected = {name: extracted.get(name) for name in METADATA_FIELDS}
        # Edits made on this version or an earlier one of the same document carry forward.
        for event in sorted(edits_by_lineage.get(lineage, []), key=lambda e: e["seq"]):
            if event["document_id"] <= document_id:
                expected.update(json.loads(event["value"]))
        current = dict(zip(METADATA_FIELDS, row[3:]))
        if current != expected:
            problems.append(f"document {document_id}: metadata differs from ingest plus its audited edits")
    return problems
