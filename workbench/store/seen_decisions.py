"""The "seen before" decisions: answering a match, and a verdict to a claim's whole copy group.

Part of the one write path (:mod:`workbench.store.decisions`): each function
validates its input, then appends events through ``Decisions._append`` in one
``BEGIN IMMEDIATE`` transaction, refreshes the claims' state in it and returns
after ``COMMIT``. :class:`~workbench.store.decisions.Decisions` calls these;
nothing else does.
"""

from __future__ import annotations

import json
import sqlite3

from workbench.domain import Decision, GroupVerdict
from workbench.safetext import visible
from workbench.scales import DISMISS, Scale
from workbench.store import audit
from workbench.store.decisions import (
    DISMISSAL_DETAIL,
    LATEST,
    Decisions,
    _check_id,
    _check_reviewer,
    _check_seen,
    _decision,
    _Latest,
    _undo_target,
    claim_events,
    refresh_state,
    review_of,
    verdict_role,
)
from workbench.store.errors import InvalidDecision, NotFound
from workbench.vocab import Action, MatchKind, MatchVerdict, ReviewMode


def decide_match(
    decisions: Decisions,
    claim_id: int,
    answer: MatchVerdict | str,
    *,
    kind: MatchKind | str,
    ref: int,
    reviewer: str,
    seen: int | None | _Latest = LATEST,
) -> Decision:
    """Confirm or reject a "seen before" candidate of a claim: one audited match event.

    The event's detail names what was matched as it stood when it was
    decided: an imported fact-check (its id, key, URL, claim, rating,
    publisher, date) or the team's earlier claim (its id, text and
    verdict), and the matcher's rank and score when it had ranked it. A
    confirmed match links the claim to it and proposes its verdict
    (workbench.seen.propose); it decides nothing else. Confirmed and
    rejected candidates are never suggested again for the claim; undo
    retracts the event like any decision.
    """
    try:
        answer = MatchVerdict(answer)
    except ValueError:
        raise InvalidDecision(f"a match is confirm or reject, not {visible(repr(answer))}") from None
    try:
        kind = MatchKind(kind)
    except ValueError:
        raise InvalidDecision(f"a candidate is a factcheck or a claim, not {visible(repr(kind))}") from None
    _check_reviewer(reviewer)
    _check_id(claim_id, "claim")
    _check_id(ref, kind.value)
    seen = _check_seen(seen)
    if kind == MatchKind.CLAIM and ref == claim_id:
        raise InvalidDecision(f"claim {claim_id} cannot match itself")
    with decisions.db.transaction() as conn:
        if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
            raise NotFound(f"no claim {claim_id}")
        detail = match_detail(conn, claim_id, kind, ref)
        event = decisions._append(
            conn, Action.MATCH, claim_id, answer.value, reviewer=reviewer, detail=detail, seen=seen
        )
        state = refresh_state(conn, claim_id)
        answered_match(conn, claim_id, kind, ref)
    return _decision(event, review_of(state))

def set_group_verdict(
    decisions: Decisions,
    claim_id: int,
    slug: str,
    *,
    scale: Scale,
    reviewer: str,
    mode: ReviewMode | str = ReviewMode.SINGLE,
) -> GroupVerdict:
    """Give one verdict to a claim and every copy of it (its copy group), in one transaction.

    One verdict event per claim, each naming the group (its id, the claim
    it was given from, the first event of the batch and how many claims it
    covers) beside the reviewer. Each claim's own rules stand (see
    :func:`verdict_role`): a claim where the verdict would overrule
    another reviewer, or adjudicate a disagreement, is skipped and
    reported, never silently overruled; one that already has this verdict
    from this reviewer is skipped too. A claim without copies is a group of
    one. Undo: :meth:`undo_group`.
    """
    if not isinstance(scale, Scale):
        raise InvalidDecision("a verdict needs the scale it is given on")
    found = scale.find(slug) if isinstance(slug, str) else None
    if found is None:
        valid = ", ".join([*scale.slugs(), DISMISS])
        raise InvalidDecision(f"unknown verdict {visible(str(slug))!r} for scale {scale.id}: use one of {valid}")
    try:
        mode = ReviewMode(mode)
    except ValueError:
        raise InvalidDecision(f"unknown review mode {visible(str(mode))!r}: use single or double") from None
    _check_reviewer(reviewer)
    _check_id(claim_id, "claim")
    with decisions.db.transaction() as conn:
        if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
            raise NotFound(f"no claim {claim_id}")
        group_id, members = _copy_group(conn, claim_id)
        planned: list[tuple[int, dict | None, bool]] = []
        skipped: list[tuple[int, str]] = []
        for member in members:
            events = claim_events(conn, member)
            before = audit.fold(member, events)
            if before.verdict == found and reviewer in before.holders:
                skipped.append((member, f"claim {member} already has this verdict from {visible(reviewer)}"))
                continue
            try:
                role, blind = verdict_role(
                    before, events, reviewer=reviewer, slug=found, seen=LATEST, mode=mode,
                    overrule=False, adjudicate=False,
                )
            except InvalidDecision as exc:  # OverruleNeeded, AdjudicationNeeded
                skipped.append((member, str(exc)))
                continue
            planned.append((member, role, blind))
        first = (conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0] or 0) + 1
        group = {"id": group_id, "from": claim_id, "first": first, "claims": len(planned)}
        applied: list[Decision] = []
        for member, role, blind in planned:
            if found == DISMISS:
                detail: dict = dict(DISMISSAL_DETAIL)
            else:
                detail = scale.get(found).snapshot(scale)  # type: ignore[union-attr]
            detail["group"] = group
            if role is not None:
                detail["review"] = role
            event = decisions._append(
                conn, Action.VERDICT, member, found, reviewer=reviewer, scale=scale.id, detail=detail,
                seen=LATEST, check_conflict=not blind,
            )
            applied.append(_decision(event, review_of(refresh_state(conn, member))))
    return GroupVerdict(group_id=group_id, claims=tuple(members), applied=tuple(applied), skipped=tuple(skipped))

def undo_group(decisions: Decisions, claim_id: int, *, reviewer: str, target: int | None = None) -> list[Decision]:
    """Undo a group verdict on every claim it was given to: one undo event per claim, one transaction.

    ``target``: the group verdict event on ``claim_id`` (its latest active
    decision by default, which must be a group verdict). Claims whose part
    of the group was already undone are left as they are.
    """
    _check_reviewer(reviewer)
    _check_id(claim_id, "claim")
    if target is not None:
        _check_id(target, "event")
    with decisions.db.transaction() as conn:
        if not conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone():
            raise NotFound(f"no claim {claim_id}")
        seq = _undo_target(conn, claim_id, target)
        row = conn.execute("SELECT action, detail FROM events WHERE seq = ?", (seq,)).fetchone()
        group = group_of_event(row[0], row[1])
        if group is None:
            raise InvalidDecision(f"event {seq} on claim {claim_id} is not a group verdict")
        first, size = group["first"], group["claims"]
        batch = list(audit.rows_as_dicts(conn.execute(
            f"SELECT {audit.EVENT_COLUMNS} FROM events WHERE seq >= ? AND seq < ? AND action = ? ORDER BY seq",
            (first, first + size, Action.VERDICT),
        )))
        undone = {r[0] for r in conn.execute(
            "SELECT undoes FROM events WHERE action = ? AND undoes >= ? AND undoes < ?",
            (Action.UNDO, first, first + size),
        )}
        out: list[Decision] = []
        for event in batch:
            mine = group_of_event(event["action"], event["detail"])
            if mine is None or mine.get("first") != first or event["seq"] in undone:
                continue
            made = decisions._append(
                conn, Action.UNDO, event["claim_id"], None, reviewer=reviewer, undoes=event["seq"], seen=LATEST
            )
            state = refresh_state(conn, event["claim_id"])
            out.append(_decision(made, review_of(state)))
    return out


def group_of_event(action: str, detail: str | None) -> dict | None:
    """The group a verdict event was given to (``detail.group``), or None for a claim's own verdict."""
    if action != Action.VERDICT or not detail or '"group"' not in detail:
        return None
    try:
        group = json.loads(detail).get("group")
    except (ValueError, AttributeError):
        return None
    if isinstance(group, dict) and all(isinstance(group.get(k), int) for k in ("id", "first", "claims")):
        return group
    return None


def _copy_group(conn: sqlite3.Connection, claim_id: int) -> tuple[int, list[int]]:
    """The claim's copy group (workbench.seen.copies) as its id and its live claims; a group of one without copies."""
    from workbench.seen import copies

    if not conn.execute("SELECT 1 FROM copy_signatures WHERE claim_id = ?", (claim_id,)).fetchone():
        # Stored by something that did not sign it (ingest signs every claim): sign it now.
        row = conn.execute("SELECT id, document_id, text FROM claims WHERE id = ? AND superseded = 0", (claim_id,)).fetchone()
        if row is not None:
            copies.add_claims(conn, [tuple(row)])
    group = copies.group_of(conn, claim_id)
    if group is None:
        return claim_id, [claim_id]
    marks = ",".join("?" * len(group.claims))
    live = [r[0] for r in conn.execute(
        f"SELECT id FROM claims WHERE superseded = 0 AND id IN ({marks}) ORDER BY id", group.claims
    )]
    return group.id, live if claim_id in live else [claim_id, *live]


def answered_match(conn: sqlite3.Connection, claim_id: int, kind: MatchKind, ref: int) -> None:
    """Take an answered candidate out of the matcher's cache at once, and the claim's level with it.

    The cache (seen_matches, seen_status) is never a decision; this keeps the
    queue's glyph and the panel true until the worker matches the claim again.
    """
    conn.execute("DELETE FROM seen_matches WHERE claim_id = ? AND kind = ? AND ref = ?", (claim_id, kind.value, ref))
    level, best = conn.execute(
        "SELECT CASE WHEN SUM(level = 'match') > 0 THEN 'match' WHEN COUNT(*) > 0 THEN 'suggest' ELSE 'none' END, "
        "COALESCE(MAX(score), 0) FROM seen_matches WHERE claim_id = ?", (claim_id,),
    ).fetchone()
    conn.execute("UPDATE seen_status SET level = ?, best = ? WHERE claim_id = ?", (level, best, claim_id))


def stale_match(conn: sqlite3.Connection, claim_id: int) -> None:
    """The claim's cached candidates are out of date: the worker matches it again on its next step."""
    conn.execute("UPDATE seen_status SET generation = -1 WHERE claim_id = ?", (claim_id,))


def match_detail(conn: sqlite3.Connection, claim_id: int, kind: MatchKind, ref: int) -> dict:
    """What a match event names: the candidate as it stands, and how the matcher ranked it."""
    if kind == MatchKind.FACTCHECK:
        row = conn.execute(
            "SELECT key, url, claim, rating, rating_value, best_rating, worst_rating, publisher, date, title "
            "FROM factchecks WHERE id = ?", (ref,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no fact-check {ref}")
        names = ("key", "url", "claim", "rating", "rating_value", "best_rating", "worst_rating", "publisher", "date", "title")
        detail = {name: value for name, value in zip(names, row) if value is not None}
    else:
        row = conn.execute(
            "SELECT c.text, c.document_id, s.verdict, s.scale, s.detail FROM claims c "
            "LEFT JOIN claim_state s ON s.claim_id = c.id WHERE c.id = ?", (ref,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no claim {ref}")
        detail = {"claim": row[0], "document_id": row[1]}
        if row[2] is not None:
            detail["verdict"], detail["scale"] = row[2], row[3]
            label = (json.loads(row[4]) if row[4] else {}).get("label")
            if isinstance(label, str):
                detail["label"] = label
    detail.update(kind=kind.value, ref=ref)
    ranked = conn.execute(
        "SELECT rank, score FROM seen_matches WHERE claim_id = ? AND kind = ? AND ref = ?", (claim_id, kind.value, ref)
    ).fetchone()
    if ranked is not None:
        detail["rank"], detail["score"] = ranked[0], round(float(ranked[1]), 4)
    return detail
