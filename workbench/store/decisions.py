"""The one write path for reviewer decisions: validated, audited, committed before return.

Each public method checks its input and raises :class:`InvalidDecision` (or
:class:`NotFound`) with one clear line before anything is written. Then one
event is appended by :meth:`Decisions._append` in one ``BEGIN IMMEDIATE``
transaction: the chain head is read inside it, the claim's derived state is
refreshed in it, and the method returns only after ``COMMIT``. The append is
private and takes an :class:`~workbench.vocab.Action`; it runs no SQL of its
caller's, so what a decision can change is what this module says.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from workbench.domain import METADATA_FIELDS, Decision, Review
from workbench.safetext import visible
from workbench.scales import DISMISS, Scale
from workbench.store import audit, clock, content, listing
from workbench.store.database import Database
from workbench.store.errors import InvalidDecision, NotFound
from workbench.vocab import DECISION_ACTIONS, Action, Flag

NOTE_LIMIT = 20_000  # characters: a note is a reviewer's words, not a pasted article
FIELD_LIMIT = 2_000  # characters of a metadata field
CLAIM_LIMIT = 5_000  # characters of a corrected claim text (a claim is a sentence or two)
SPEAKER_LIMIT = 500  # characters of a corrected speaker (a name with a role)


class _Latest:
    """Marker for a writer that decides with the claim's latest state in view (the CLI)."""

    def __repr__(self) -> str:
        return "LATEST"


LATEST: Any = _Latest()
DISMISSAL_DETAIL = {"label": "Not check-worthy", "triage": True}


class _Unset:
    """Marker for a field a correction leaves as it is (None clears the speaker)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def _check_reviewer(reviewer: object) -> str:
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise InvalidDecision("a decision needs a reviewer name")
    return reviewer


def _check_id(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidDecision(f"a {what} id is a whole number, not {visible(repr(value))}")
    return value


def _check_seen(seen: object) -> int | None | _Latest:
    if seen is LATEST or seen is None:
        return seen
    if isinstance(seen, bool) or not isinstance(seen, int) or seen < 0:
        raise InvalidDecision(f"`seen` is an event number, not {visible(repr(seen))}")
    return seen


def is_iso_date(value: str) -> bool:
    """An ISO 8601 date or date-time (``2023-01-13``, ``2023-01-13T09:00:00Z``)."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value.replace("Z", "+00:00"))
            return True
        except ValueError:
            continue
    return False


def review_of(state: audit.ClaimState) -> Review:
    detail = json.loads(state.detail) if state.detail else None
    return Review(
        claim_id=state.claim_id,
        verdict=state.verdict,
        scale=state.scale,
        detail=detail,
        note=state.note,
        flagged=state.flagged,
        reviewer=state.reviewer,
        decided_at=state.decided_at,
        last_seq=state.last_seq,
        conflict=state.conflict,
        event_count=state.events,
        corrections=json.loads(state.correction) if state.correction else None,
    )


def refresh_state(conn: sqlite3.Connection, claim_id: int) -> audit.ClaimState:
    """Fold a claim's events into its claim_state row (inside the caller's transaction)."""
    events = audit.rows_as_dicts(
        conn.execute(f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (claim_id,))
    )
    state = audit.fold(claim_id, events)
    conn.execute(
        f"INSERT OR REPLACE INTO claim_state ({audit.STATE_COLUMNS}) "
        f"VALUES ({', '.join('?' * len(audit.STATE_COLUMNS.split(',')))})",
        state.as_row(),
    )
    return state


def show_corrections(conn: sqlite3.Connection, claim_id: int, state: audit.ClaimState) -> None:
    """Make the claim row show its standing corrections over what extraction said.

    ``extracted`` holds extraction's text and speaker while a correction
    stands, and is cleared (the row back to extraction's values) when none
    does. A changed text changes what search finds, so cached search results
    are made stale too.
    """
    text, speaker, extracted = conn.execute(
        "SELECT text, speaker, extracted FROM claims WHERE id = ?", (claim_id,)
    ).fetchone()
    original = json.loads(extracted) if extracted else {"text": text, "speaker": speaker}
    corrections = json.loads(state.correction) if state.correction else {}
    shown = {**original, **corrections}
    keep = json.dumps(original, sort_keys=True, ensure_ascii=False) if corrections else None
    if (shown["text"], shown["speaker"], keep) != (text, speaker, extracted):
        conn.execute(
            "UPDATE claims SET text = ?, speaker = ?, extracted = ? WHERE id = ?",
            (shown["text"], shown["speaker"], keep, claim_id),
        )
        listing.bump_claims_generation(conn)


class Decisions:
    """Verdicts, dismissals, notes, flags, undo and corrections of claims and documents on one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ---------------------------------------------------------------- public

    def set_verdict(
        self, claim_id: int, slug: str, *, scale: Scale, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Record a verdict of ``scale``, or the dismissal ``not-checkworthy``."""
        if not isinstance(scale, Scale):
            raise InvalidDecision("a verdict needs the scale it is given on")
        if not isinstance(slug, str):
            raise InvalidDecision(f"a verdict is a slug of scale {scale.id}, not {visible(repr(slug))}")
        if slug == DISMISS:
            detail: dict = DISMISSAL_DETAIL
        else:
            verdict = scale.get(slug)
            if verdict is None:
                valid = ", ".join([*scale.slugs(), DISMISS])
                raise InvalidDecision(f"unknown verdict {visible(slug)!r} for scale {scale.id}: use one of {valid}")
            detail = verdict.snapshot(scale)
        return self._decide(
            Action.VERDICT, claim_id, slug, reviewer=reviewer, scale=scale.id, detail=detail, seen=seen
        )

    def dismiss(self, claim_id: int, *, scale: Scale, reviewer: str, seen: int | None | _Latest = LATEST) -> Decision:
        """Dismiss a claim as not check-worthy (a review, recorded on ``scale``)."""
        return self.set_verdict(claim_id, DISMISS, scale=scale, reviewer=reviewer, seen=seen)

    def set_note(self, claim_id: int, text: str, *, reviewer: str, seen: int | None | _Latest = LATEST) -> Decision:
        """Set a claim's note; an empty text clears it."""
        if not isinstance(text, str):
            raise InvalidDecision("a note is text")
        if len(text) > NOTE_LIMIT:
            raise InvalidDecision(f"a note holds at most {NOTE_LIMIT:,} characters, this one {len(text):,}")
        return self._decide(Action.NOTE, claim_id, text, reviewer=reviewer, seen=seen)

    def set_flag(
        self, claim_id: int, on: bool = True, *, reviewer: str, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Flag a claim as needing checking, or clear the flag."""
        if not isinstance(on, bool):
            raise InvalidDecision("a flag is on (True) or off (False)")
        return self._decide(Action.FLAG, claim_id, Flag.ON if on else Flag.OFF, reviewer=reviewer, seen=seen)

    def undo(
        self, claim_id: int, *, reviewer: str, target: int | None = None, seen: int | None | _Latest = LATEST
    ) -> Decision:
        """Retract a decision by appending an undo event (the latest active one by default)."""
        if target is not None:
            _check_id(target, "event")
        return self._decide(Action.UNDO, claim_id, None, reviewer=reviewer, undoes=target, seen=seen)

    def correct_claim(
        self,
        claim_id: int,
        *,
        text: str | _Unset = UNSET,
        speaker: str | None | _Unset = UNSET,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Correct a claim's text and/or speaker; what extraction said is kept beside it.

        ``speaker=None`` (or "") says the claim has no speaker. Re-extraction
        never overwrites a correction; undo retracts it like any decision.
        """
        changes: dict[str, str | None] = {}
        if text is not UNSET:
            if not isinstance(text, str) or not text.strip():
                raise InvalidDecision("a corrected claim needs its text (it cannot be empty)")
            if len(text) > CLAIM_LIMIT:
                raise InvalidDecision(f"a claim holds at most {CLAIM_LIMIT:,} characters, this one {len(text):,}")
            changes["text"] = text.strip()
        if speaker is not UNSET:
            if speaker is not None and not isinstance(speaker, str):
                raise InvalidDecision("a speaker is text, or None (or empty) for none")
            if speaker is not None and len(speaker) > SPEAKER_LIMIT:
                raise InvalidDecision(f"a speaker holds at most {SPEAKER_LIMIT:,} characters")
            changes["speaker"] = (speaker or "").strip() or None
        if not changes:
            raise InvalidDecision("a correction needs a new text or a new speaker")
        _check_reviewer(reviewer)
        _check_id(claim_id, "claim")
        seen = _check_seen(seen)
        with self.db.transaction() as conn:
            row = conn.execute("SELECT text, speaker, extracted FROM claims WHERE id = ?", (claim_id,)).fetchone()
            if row is None:
                raise NotFound(f"no claim {claim_id}")
            shown = {"text": row[0], "speaker": row[1]}
            if all(shown[name] == value for name, value in changes.items()):
                raise InvalidDecision(f"nothing to correct: claim {claim_id} already reads so")
            extracted = json.loads(row[2]) if row[2] else shown
            value = json.dumps(changes, sort_keys=True, ensure_ascii=False)
            event = self._append(
                conn, Action.CORRECT, claim_id, value, reviewer=reviewer,
                detail={"extracted": extracted}, seen=seen,
            )
            state = refresh_state(conn, claim_id)
            show_corrections(conn, claim_id, state)
        return _decision(event, review_of(state))

    def edit_document(self, document_id: int, changes: Mapping[str, str | None], *, reviewer: str) -> Decision:
        """Correct a document's metadata; audited like any decision, carried to later versions."""
        _check_reviewer(reviewer)
        _check_id(document_id, "document")
        if not isinstance(changes, Mapping):
            raise InvalidDecision("document changes are field names and their new values")
        unknown = set(changes) - set(METADATA_FIELDS)
        if unknown:
            raise InvalidDecision(
                f"unknown document field(s): {visible(', '.join(sorted(map(str, unknown))))} "
                f"(fields: {', '.join(METADATA_FIELDS)})"
            )
        if not changes:
            raise InvalidDecision("nothing to change")
        for name, value in changes.items():
            if value is not None and not isinstance(value, str):
                raise InvalidDecision(f"document {name} is text, or None to clear it")
            if value is not None and len(value) > FIELD_LIMIT:
                raise InvalidDecision(f"document {name} holds at most {FIELD_LIMIT:,} characters")
        published = changes.get("published")
        if published is not None and not is_iso_date(published):
            raise InvalidDecision(f"{visible(published)!r} is not an ISO 8601 date (e.g. 2023-01-13)")
        if self.db.scalar("SELECT 1 FROM documents WHERE id = ?", (document_id,)) is None:
            raise NotFound(f"no document {document_id}")
        value = json.dumps(dict(changes), sort_keys=True, ensure_ascii=False)
        with self.db.transaction() as conn:
            event = self._append(conn, Action.DOCUMENT, None, value, reviewer=reviewer, document_id=document_id)
            assignments = ", ".join(f"{name} = ?" for name in changes)
            conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*changes.values(), document_id))
        return _decision(event, None)

    # --------------------------------------------------------------- private

    def _decide(
        self,
        action: Action,
        claim_id: int,
        value: str | None,
        *,
        reviewer: str,
        scale: str | None = None,
        detail: dict | None = None,
        seen: int | None | _Latest = LATEST,
        undoes: int | None = None,
    ) -> Decision:
        """A decision on a claim: its event and its refreshed state, in one transaction."""
        _check_reviewer(reviewer)
        _check_id(claim_id, "claim")
        seen = _check_seen(seen)
        with self.db.transaction() as conn:
            if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
                raise NotFound(f"no claim {claim_id}")
            if action == Action.UNDO:
                undoes = _undo_target(conn, claim_id, undoes)
            event = self._append(
                conn, action, claim_id, value, reviewer=reviewer, scale=scale, detail=detail, seen=seen, undoes=undoes
            )
            state = refresh_state(conn, claim_id)
            if action == Action.UNDO:
                show_corrections(conn, claim_id, state)  # the undone decision may have been a correction
        return _decision(event, review_of(state))

    def _append(
        self,
        conn: sqlite3.Connection,
        action: Action,
        claim_id: int | None,
        value: str | None,
        *,
        reviewer: str,
        scale: str | None = None,
        detail: dict | None = None,
        seen: int | None | _Latest = None,
        undoes: int | None = None,
        document_id: int | None = None,
    ) -> dict:
        """Append one event at the chain head (inside the caller's BEGIN IMMEDIATE).

        The event records the content digest of what it was decided on (the
        claim, or the edited document), which binds that content into the chain.
        """
        conflict_with = None
        if claim_id is None:
            seen = None
        elif seen is LATEST:
            seen = conn.execute("SELECT MAX(seq) FROM events WHERE claim_id = ?", (claim_id,)).fetchone()[0]
        else:
            conflict_with = conn.execute(
                "SELECT MAX(seq) FROM events WHERE claim_id = ? AND seq > ? AND reviewer != ?",
                (claim_id, seen or 0, reviewer),
            ).fetchone()[0]
        if claim_id is not None:
            judged = content.claim_digest(conn, claim_id)
        else:
            judged = content.document_digests(conn, [document_id]).get(document_id, [None])[0]
        event = {
            "at": clock.now(),
            "reviewer": reviewer,
            "action": Action(action).value,
            "claim_id": claim_id,
            "document_id": document_id,
            "value": None if value is None else str(value),
            "scale": scale,
            "detail": json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None,
            "seen": seen,
            "conflict_with": conflict_with,
            "undoes": undoes,
            "content": judged,
        }
        return audit.append(conn, self.db.genesis, event)


def _undo_target(conn: sqlite3.Connection, claim_id: int, target: int | None) -> int:
    events = list(
        audit.rows_as_dicts(
            conn.execute(f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (claim_id,))
        )
    )
    retracted = {e["undoes"] for e in events if e["action"] == Action.UNDO}
    active = [e for e in events if e["action"] in DECISION_ACTIONS and e["seq"] not in retracted]
    if target is None:
        if not active:
            raise InvalidDecision(f"claim {claim_id} has no decision to undo")
        return active[-1]["seq"]
    if not any(e["seq"] == target for e in active):
        raise InvalidDecision(f"event {target} is not an active decision on claim {claim_id}: nothing to undo")
    return target


def _decision(event: dict, state: Review | None) -> Decision:
    return Decision(
        seq=event["seq"],
        hash=event["hash"],
        at=event["at"],
        reviewer=event["reviewer"],
        action=Action(event["action"]),
        claim_id=event["claim_id"],
        document_id=event["document_id"],
        value=event["value"],
        conflict_with=event["conflict_with"],
        undoes=event["undoes"],
        state=state,
    )
