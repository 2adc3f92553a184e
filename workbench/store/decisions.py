"""The one write path for reviewer decisions: validated, audited, committed before return.

Size: one module because it is the one write path: every decision's validation and
its event are here together, so what a decision can change is read in one place (the
seen-before decisions are apart, in seen_decisions.py, and append through it).

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

from collections.abc import Sequence

from workbench import evidence
from workbench.domain import METADATA_FIELDS, Decision, GroupVerdict, Review
from workbench.safetext import visible
from workbench.scales import DISMISS, DISMISS_LABEL, Scale
from workbench.store import audit, clock, content, listing
from workbench.store.database import Database
from workbench.store.errors import AdjudicationNeeded, InvalidDecision, NotFound, OverruleNeeded
from workbench.vocab import DECISION_ACTIONS, Action, Agreement, Flag, MatchKind, MatchVerdict, ReviewMode, Role

NOTE_LIMIT = 20_000  # characters: a note is a reviewer's words, not a pasted article
FIELD_LIMIT = 2_000  # characters of a metadata field
CLAIM_LIMIT = 5_000  # characters of a corrected claim text (a claim is a sentence or two)
SPEAKER_LIMIT = 500  # characters of a corrected speaker (a name with a role)


class _Latest:
    """Marker for a writer that decides with the claim's latest state in view (the CLI)."""

    def __repr__(self) -> str:
        return "LATEST"


LATEST: Any = _Latest()
DISMISSAL_DETAIL = {"label": DISMISS_LABEL, "triage": True}


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
        agreement=state.agreement,
        reviews=state.review_map() or None,
    )


def claim_events(conn: sqlite3.Connection, claim_id: int) -> list[dict]:
    return list(
        audit.rows_as_dicts(
            conn.execute(f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY seq", (claim_id,))
        )
    )


def refresh_state(conn: sqlite3.Connection, claim_id: int) -> audit.ClaimState:
    """Fold a claim's events into its claim_state row (inside the caller's transaction)."""
    state = audit.fold(claim_id, claim_events(conn, claim_id))
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
        self,
        claim_id: int,
        slug: str,
        *,
        scale: Scale,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
        mode: ReviewMode | str = ReviewMode.SINGLE,
        overrule: bool = False,
        adjudicate: bool = False,
    ) -> Decision:
        """Record a verdict of ``scale``, or the dismissal ``not-checkworthy``.

        ``slug`` may be a slug or a label of the scale, in any case. Beside
        other reviewers (see :func:`verdict_role`): replacing another
        reviewer's standing verdict, having seen it, needs ``overrule=True``
        (else :class:`OverruleNeeded`); deciding a claim its reviewers disagree
        on, as someone else, needs ``adjudicate=True`` (else
        :class:`AdjudicationNeeded`). ``mode`` is the session's: in double
        review a claim's first verdicts are independent, blind to each other.
        """
        if not isinstance(scale, Scale):
            raise InvalidDecision("a verdict needs the scale it is given on")
        if not isinstance(slug, str):
            raise InvalidDecision(f"a verdict is a slug of scale {scale.id}, not {visible(repr(slug))}")
        found = scale.find(slug)
        if found is None:
            valid = ", ".join([*scale.slugs(), DISMISS])
            raise InvalidDecision(f"unknown verdict {visible(slug)!r} for scale {scale.id}: use one of {valid}")
        try:
            mode = ReviewMode(mode)
        except ValueError:
            raise InvalidDecision(f"unknown review mode {visible(str(mode))!r}: use single or double") from None
        if found == DISMISS:
            detail: dict = dict(DISMISSAL_DETAIL)
        else:
            detail = scale.get(found).snapshot(scale)  # type: ignore[union-attr]
        _check_reviewer(reviewer)
        _check_id(claim_id, "claim")
        seen = _check_seen(seen)
        with self.db.transaction() as conn:
            if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
                raise NotFound(f"no claim {claim_id}")
            events = claim_events(conn, claim_id)
            before = audit.fold(claim_id, events)
            role, blind = verdict_role(
                before, events, reviewer=reviewer, slug=found, seen=seen, mode=mode,
                overrule=overrule, adjudicate=adjudicate,
            )
            if role is not None:
                detail["review"] = role
            event = self._append(
                conn, Action.VERDICT, claim_id, found, reviewer=reviewer, scale=scale.id, detail=detail,
                seen=seen, check_conflict=not blind,
            )
            state = refresh_state(conn, claim_id)
        return _decision(event, review_of(state))

    def dismiss(
        self, claim_id: int, *, scale: Scale, reviewer: str, seen: int | None | _Latest = LATEST, **how: Any
    ) -> Decision:
        """Dismiss a claim as not check-worthy (a review, recorded on ``scale``; ``how``: mode, overrule...)."""
        return self.set_verdict(claim_id, DISMISS, scale=scale, reviewer=reviewer, seen=seen, **how)

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

    def set_evidence(
        self,
        claim_id: int,
        *,
        sources: Sequence[evidence.Source | str] = (),
        explanation: str | None = None,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Set the evidence of a claim's verdict: its sources and its public explanation.

        It replaces the claim's evidence as a whole; no sources and no
        explanation clears it. Each source is a URL (http or https, with a
        host, at most 2,048 characters) with an optional title.
        """
        try:
            checked = evidence.check_sources(sources)
            text = evidence.check_explanation(explanation)
        except evidence.EvidenceError as exc:
            raise InvalidDecision(str(exc)) from None
        return self._decide(Action.EVIDENCE, claim_id, evidence.encode(checked, text), reviewer=reviewer, seen=seen)

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

    def decide_match(
        self,
        claim_id: int,
        answer: MatchVerdict | str,
        *,
        kind: MatchKind | str,
        ref: int,
        reviewer: str,
        seen: int | None | _Latest = LATEST,
    ) -> Decision:
        """Confirm or reject a "seen before" candidate: one audited match event (see seen_decisions)."""
        from workbench.store import seen_decisions

        return seen_decisions.decide_match(self, claim_id, answer, kind=kind, ref=ref, reviewer=reviewer, seen=seen)

    def set_group_verdict(
        self, claim_id: int, slug: str, *, scale: Scale, reviewer: str, mode: ReviewMode | str = ReviewMode.SINGLE
    ) -> GroupVerdict:
        """One verdict for a claim's whole copy group, one event per claim (see seen_decisions)."""
        from workbench.store import seen_decisions

        return seen_decisions.set_group_verdict(self, claim_id, slug, scale=scale, reviewer=reviewer, mode=mode)

    def undo_group(self, claim_id: int, *, reviewer: str, target: int | None = None) -> list[Decision]:
        """Undo a group verdict on every claim it went to (see seen_decisions)."""
        from workbench.store import seen_decisions

        return seen_decisions.undo_group(self, claim_id, reviewer=reviewer, target=target)

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
                if conn.execute("SELECT action FROM events WHERE seq = ?", (undoes,)).fetchone()[0] == Action.MATCH:
                    from workbench.store.seen_decisions import stale_match

                    stale_match(conn, claim_id)  # the candidate may be suggested again
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
        check_conflict: bool = True,
    ) -> dict:
        """Append one event at the chain head (inside the caller's BEGIN IMMEDIATE).

        The event records the content digest of what it was decided on (the
        claim, or the edited document), which binds that content into the chain.
        ``check_conflict=False``: the decision was made blind by design (an
        independent verdict of double review), so what it had not seen is no
        conflict.
        """
        conflict_with = None
        if claim_id is None:
            seen = None
        elif seen is LATEST:
            seen = conn.execute("SELECT MAX(seq) FROM events WHERE claim_id = ?", (claim_id,)).fetchone()[0]
        elif check_conflict:
            conflict_with = conn.execute(
                "SELECT MAX(seq) FROM events WHERE claim_id = ? AND seq > ? AND reviewer != ?",
                (claim_id, seen or 0, reviewer),
            ).fetchone()[0]
        if claim_id is not None:
            judged = content.claim_digest(conn, claim_id)
        elif document_id is not None:
            judged = content.document_digests(conn, [document_id]).get(document_id, [None])[0]
        else:
            judged = None  # an event about neither (a learn event): nothing judged to bind
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


def _who(entries: dict[str, dict]) -> str:
    return ", ".join(f"{visible(name)}: {visible(entry.get('label') or entry.get('verdict') or '?')}" for name, entry in sorted(entries.items()))


def verdict_role(
    before: audit.ClaimState,
    events: Sequence[dict],
    *,
    reviewer: str,
    slug: str,
    seen: int | None | _Latest,
    mode: ReviewMode,
    overrule: bool,
    adjudicate: bool,
) -> tuple[dict | None, bool]:
    """The role a new verdict has beside other reviewers' (``detail.review``), and whether it is blind.

    * Double review (the session's mode on a claim without a verdict, and any
      claim already under it): the first verdicts are independent. One given
      before its reviewer could see two others' is *blind*: it cannot
      conflict with them, and it is what agreement is measured on. While the
      reviewers disagree, each may revise their own.
    * A disagreement (double review, or an overrule) is settled by the parties
      agreeing or by someone else adjudicating: anyone else's verdict on it
      needs ``adjudicate``.
    * Replacing another reviewer's standing verdict (or a verdict two
      reviewers agreed on) with a different one, having seen it, needs
      ``overrule``; not having seen it is a conflict, marked as before.
    """
    by_seq = {e["seq"]: e for e in events}
    reviews = before.review_map()
    agreement = before.agreement
    seen_upto = max(by_seq, default=0) if seen is LATEST else (seen or 0)
    double = bool(reviews) and all(
        (audit.role_of(by_seq[r["seq"]]["detail"]) or {}).get("role") == Role.DOUBLE
        for r in reviews.values()
        if r["seq"] in by_seq
    )
    if double and agreement in (Agreement.PENDING, Agreement.AGREED, Agreement.DISPUTED):
        in_view = {name for name, r in reviews.items() if r["seq"] <= seen_upto}
        if len(in_view) < 2:
            return {"role": Role.DOUBLE.value, "blind": True}, True
        if agreement == Agreement.DISPUTED:
            if reviewer in reviews:
                return {"role": Role.DOUBLE.value, "blind": False}, False
            if not adjudicate:
                raise AdjudicationNeeded(
                    f"claim {before.claim_id}: its reviewers disagree ({_who(reviews)}); "
                    "deciding it adjudicates (the app: press the key again; the CLI: --adjudicate)"
                )
            return {"role": Role.ADJUDICATION.value, "of": sorted(r["seq"] for r in reviews.values())}, False
    elif agreement == Agreement.DISPUTED and reviewer not in reviews:
        if not adjudicate:
            raise AdjudicationNeeded(
                f"claim {before.claim_id}: its reviewers disagree ({_who(reviews)}); "
                "deciding it adjudicates (the app: press the key again; the CLI: --adjudicate)"
            )
        return {"role": Role.ADJUDICATION.value, "of": sorted(r["seq"] for r in reviews.values())}, False
    elif before.verdict is None and mode == ReviewMode.DOUBLE:
        return {"role": Role.DOUBLE.value, "blind": True}, True
    if before.verdict is None or before.verdict_seq is None:
        return None, False
    others = [name for name in before.holders if name != reviewer]
    if not others or slug == before.verdict:
        standing = audit.role_of(by_seq[before.verdict_seq]["detail"]) if before.verdict_seq in by_seq else None
        if agreement == Agreement.ADJUDICATED and before.holders == (reviewer,) and standing:
            return {"role": Role.ADJUDICATION.value, "of": standing.get("of")}, False  # the adjudicator revises
        return None, False
    if len(before.holders) == 1:
        target = before.verdict_seq
    else:
        target = max(reviews[name]["seq"] for name in others if name in reviews)
    if seen is not LATEST and (seen or 0) < target:
        return None, False  # not seen: a conflict, which _append marks
    if not overrule:
        owner = by_seq[target]["reviewer"] if target in by_seq else others[0]
        label = audit._label(by_seq[target]) if target in by_seq else None
        raise OverruleNeeded(
            f"claim {before.claim_id}: its verdict is {visible(owner)}'s {visible(label or before.verdict)!r} "
            f"(#{target}); replacing it overrules them (the app: press the key again; the CLI: --overrule)",
            seq=target,
            reviewer=owner,
        )
    return {"role": Role.OVERRULE.value, "of": target}, False


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
        role=audit.role_of(event["detail"]) if event["action"] == Action.VERDICT else None,
    )
