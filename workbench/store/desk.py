"""The desk model in the store: what learning reads, the learn events, and re-ranking.

Size: one module for the desk model's rows, learn events and re-ranking, which share
one transaction and one set of checks (verify calls check_desk).

Learning from the desk (workbench/desk.py runs it, workbench/nlp/learn.py fits)
needs three things of the store, all here:

* the current claims as :class:`~workbench.domain.LearnRow` records: the
  shipped model's score and reasons (the prior, kept apart from the score that
  ranks), and the desk's decision on each (a verdict 1, a dismissal 0);
* which model ranks the queue (:class:`~workbench.domain.Ranking`): what the
  latest ``learn`` event says, found through a partial index on those events;
* one write per refit (:meth:`Desk.record_learn`): in one BEGIN IMMEDIATE
  transaction, the model's row (version, counts, JSON) when a desk model is put
  in use, the unreviewed claims' new scores, and the ``learn`` event with its
  counts and version, appended through the decisions' private ``_append``, so
  it joins the hash chain like any decision.

Re-ranking writes only claims that have no verdict at the moment of writing,
checked in the UPDATE itself: a claim a reviewer decided never moves, even when
the decision lands while the refit runs. Every re-ranking bumps the claims
generation, since the app's cached lists are in score order.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workbench.domain import DeskModel, LearnRow, Ranking, Rescore, is_desk_version
from workbench.safetext import visible
from workbench.scales import DISMISS
from workbench.store import listing
from workbench.store.database import Database
from workbench.store.decisions import Decisions
from workbench.store.errors import InvalidDecision
from workbench.vocab import Action, Ranker

COUNT_NAMES: tuple[str, ...] = ("labels", "verdicts", "dismissals", "documents")

_ROW_SQL = (
    "SELECT c.id, d.lineage, c.text, c.kind, c.speaker, c.sentence_idx, c.prior_score, c.prior_reasons, "
    "s.verdict, c.model_version FROM claims c JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN claim_state s ON s.claim_id = c.id WHERE c.superseded = 0"
)
# Only a claim with no verdict now is re-ranked: the check is in the write itself.
_RESCORE_SQL = (
    "UPDATE claims SET score = ?, tier = ?, reasons = ?, model_version = ? WHERE id = ? AND superseded = 0 "
    "AND NOT EXISTS (SELECT 1 FROM claim_state s WHERE s.claim_id = claims.id AND s.verdict IS NOT NULL)"
)
# Back to the shipped model: the unreviewed claims a desk model ranked take their prior again.
_REVERT_SQL = (
    "UPDATE claims SET score = prior_score, tier = prior_tier, reasons = prior_reasons, "
    "model_version = prior_version WHERE superseded = 0 AND model_version LIKE 'desk-%' "
    "AND NOT EXISTS (SELECT 1 FROM claim_state s WHERE s.claim_id = claims.id AND s.verdict IS NOT NULL)"
)
_LAST_LEARN_SQL = "SELECT seq, at, reviewer, value, detail FROM events WHERE action = ? ORDER BY seq DESC LIMIT 1"

Scorer = Callable[[list[LearnRow]], list[Rescore]]


def _label(verdict: str | None) -> int | None:
    if verdict is None:
        return None
    return 0 if verdict == DISMISS else 1


def _row(r: Sequence[Any]) -> LearnRow:
    reasons = tuple(json.loads(r[7])) if r[7] else ()
    return LearnRow(r[0], r[1], r[2], r[3], r[4], r[5], float(r[6]), reasons, _label(r[8]), r[9])


def _counts(raw: object) -> dict[str, int]:
    if not isinstance(raw, Mapping):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)}


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def check_counts(counts: object) -> str | None:
    """What is wrong with a learn event's counts (None: nothing): whole numbers that add up."""
    if not isinstance(counts, Mapping) or set(counts) != set(COUNT_NAMES):
        return f"counts must give {', '.join(COUNT_NAMES)}"
    values = [counts[name] for name in COUNT_NAMES]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        return "counts must be whole numbers, 0 or more"
    if counts["verdicts"] + counts["dismissals"] != counts["labels"]:
        return "verdicts and dismissals must add up to the labels"
    return None


def ranking_of(row: Sequence[Any] | None) -> Ranking:
    """The Ranking a learn event row (seq, at, reviewer, value, detail) says; the shipped model without one."""
    if row is None:
        return Ranking(Ranker.SHIPPED, None)
    seq, at, reviewer, value, detail_text = row
    try:
        detail = json.loads(detail_text or "{}")
    except ValueError:
        detail = {}
    detail = detail if isinstance(detail, dict) else {}
    ranker = Ranker.DESK if is_desk_version(value) else Ranker.SHIPPED
    message = detail.get("message") if isinstance(detail.get("message"), str) else ""
    return Ranking(ranker, value, seq, at, reviewer, _counts(detail.get("counts")), message)


class Desk:
    """The desk model's reads and writes on one Database."""

    def __init__(self, db: Database, decisions: Decisions) -> None:
        self.db = db
        self._decisions = decisions

    # ---------------------------------------------------------------- reads

    def rows(
        self,
        *,
        unreviewed_only: bool = False,
        document_ids: Sequence[int] | None = None,
        not_version: str | None = None,
    ) -> list[LearnRow]:
        """The current claims (superseded ones aside), decided or not, in id order.

        ``unreviewed_only``: those with no verdict; ``document_ids``: of those
        document versions only; ``not_version``: those some other model scored.
        """
        return _rows(self.db.rows, unreviewed_only=unreviewed_only, document_ids=document_ids, not_version=not_version)

    def ranking(self) -> Ranking:
        return ranking_of(next(iter(self.db.rows(_LAST_LEARN_SQL, (Action.LEARN,))), None))

    def history(self, limit: int = 20) -> list[Ranking]:
        """The latest learn events, newest first."""
        return [
            ranking_of(r)
            for r in self.db.rows(
                "SELECT seq, at, reviewer, value, detail FROM events WHERE action = ? ORDER BY seq DESC LIMIT ?",
                (Action.LEARN, limit),
            )
        ]

    def model(self, version: str, *, body: bool = True) -> DeskModel | None:
        """The latest stored model of this version (with its body, if asked and still kept)."""
        rows = self.db.rows(
            f"SELECT version, prior_version, event_seq, created_at, counts, sha256, {'body' if body else 'NULL'} "
            "FROM desk_models WHERE version = ? ORDER BY event_seq DESC LIMIT 1",
            (version,),
        )
        if not rows:
            return None
        r = rows[0]
        try:
            counts = _counts(json.loads(r[4]))
        except ValueError:
            counts = {}
        return DeskModel(r[0], r[1], r[2], r[3], counts, r[5], r[6])

    def decisions_since(self, seq: int, *, limit: int | None = None) -> int:
        """Verdicts and dismissals recorded after event ``seq`` (at most ``limit`` counted)."""
        cap = "" if limit is None else f" LIMIT {int(limit)}"
        return int(self.db.scalar(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE seq > ? AND action = ?{cap})",
            (seq, Action.VERDICT),
        ))

    # --------------------------------------------------------------- writes

    def record_learn(
        self,
        *,
        reviewer: str,
        ranker: Ranker,
        version: str,
        prior_version: str,
        counts: Mapping[str, int],
        evaluation: Mapping[str, Any],
        message: str,
        body: str | None,
        rescores: Sequence[Rescore],
        catch_up: Scorer | None = None,
        auto: bool = False,
        expect_seq: int | None | bool = False,
    ) -> tuple[int, int]:
        """A refit's outcome, in one transaction: the model, the re-ranking, the learn event.

        ``ranker`` DESK puts the model ``body`` (learn.LocalModel's JSON, of
        ``version``) in use: ``rescores`` are written to the claims still
        unreviewed, and ``catch_up`` scores those that came in meanwhile (an
        ingest, an undo). SHIPPED keeps or puts back the shipped model: the
        claims a desk model ranked take their prior again. ``expect_seq``
        (False: unchecked) is the learn event the refit started from: another
        one since refuses this one. Returns (event seq, claims re-ranked).
        """
        _check_reviewer(reviewer)
        if not isinstance(ranker, Ranker):
            raise InvalidDecision("a learn event needs a ranker (desk or shipped)")
        if not isinstance(version, str) or not version.strip():
            raise InvalidDecision("a learn event needs the version of the model that ranks")
        problem = check_counts(counts)
        if problem:
            raise InvalidDecision(f"a learn event's {problem}")
        if ranker == Ranker.DESK:
            if not is_desk_version(version) or not isinstance(body, str) or not body:
                raise InvalidDecision(f"a desk model needs a desk- version and its JSON, not {visible(version)!r}")
        elif body is not None or is_desk_version(version):
            raise InvalidDecision("the shipped model ranks under its own version, with no desk model's JSON")
        detail: dict[str, Any] = {
            "ranker": str(ranker),
            "counts": {name: counts[name] for name in COUNT_NAMES},
            "evaluation": dict(evaluation),
            "message": message,
            "prior_version": prior_version,
            "auto": bool(auto),
        }
        with self.db.transaction() as conn:
            last = conn.execute(_LAST_LEARN_SQL, (Action.LEARN,)).fetchone()
            if expect_seq is not False and (last[0] if last else None) != expect_seq:
                raise InvalidDecision(
                    f"another refit (event #{last[0] if last else 0}) was recorded while this one ran: "
                    "this one was not"
                )
            detail["previous"] = last[3] if last else None
            if ranker == Ranker.DESK:
                assert body is not None
                rescored = _write(conn, rescores)
                if catch_up is not None:
                    late = _rows(_reader(conn), unreviewed_only=True, not_version=version)
                    if late:
                        rescored += _write(conn, catch_up(late))
                detail["model_sha256"] = body_sha256(body)
            else:
                rescored = conn.execute(_REVERT_SQL).rowcount
            detail["rescored"] = rescored
            event = self._decisions._append(conn, Action.LEARN, None, version, reviewer=reviewer, detail=detail)
            if ranker == Ranker.DESK:
                # The model in use keeps its JSON; the ones it replaces keep their row and counts.
                conn.execute("UPDATE desk_models SET body = NULL WHERE body IS NOT NULL")
                conn.execute(
                    "INSERT INTO desk_models (version, prior_version, event_seq, created_at, counts, sha256, body) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (version, prior_version, event["seq"], event["at"],
                     json.dumps(detail["counts"], sort_keys=True), detail["model_sha256"], body),
                )
            if rescored:
                listing.bump_claims_generation(conn)
        return event["seq"], rescored

    def rescore(self, rescores: Sequence[Rescore]) -> int:
        """New claims scored by the model already in use (after an ingest): no event, no refit."""
        if not rescores:
            return 0
        with self.db.transaction() as conn:
            n = _write(conn, rescores)
            if n:
                listing.bump_claims_generation(conn)
        return n


def _check_reviewer(reviewer: object) -> None:
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise InvalidDecision("a refit is recorded under a reviewer's name: give one")


def _reader(conn: sqlite3.Connection) -> Callable[..., list[tuple]]:
    return lambda sql, params=(): conn.execute(sql, params).fetchall()


def _rows(
    read: Callable[..., list[tuple]],
    *,
    unreviewed_only: bool = False,
    document_ids: Sequence[int] | None = None,
    not_version: str | None = None,
) -> list[LearnRow]:
    sql, params = _ROW_SQL, []
    if unreviewed_only:
        sql += " AND s.verdict IS NULL"
    if not_version is not None:
        sql += " AND c.model_version IS NOT ?"
        params.append(not_version)
    if document_ids is None:
        return [_row(r) for r in read(sql + " ORDER BY c.id", params)]
    out: list[LearnRow] = []
    ids = list(dict.fromkeys(document_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out += [_row(r) for r in read(f"{sql} AND c.document_id IN ({marks}) ORDER BY c.id", [*params, *chunk])]
    return out


def _write(conn: sqlite3.Connection, rescores: Sequence[Rescore]) -> int:
    cursor = conn.executemany(
        _RESCORE_SQL,
        [(float(r.score), r.tier, json.dumps(list(r.reasons), ensure_ascii=False), r.model_version, r.claim_id)
         for r in rescores],
    )
    return max(cursor.rowcount, 0)  # summed over the rows


# ------------------------------------------------------------------ verification

MAX_LISTED = 20
_HEX = frozenset("0123456789abcdef")


def _detail(event: Mapping[str, Any]) -> dict | None:
    try:
        detail = json.loads(event.get("detail") or "")
    except (TypeError, ValueError):
        return None
    return detail if isinstance(detail, dict) else None


def check_learn_event(event: Mapping[str, Any]) -> str | None:
    """What makes a learn event meaningless (None: nothing). verify runs this on each one."""
    if event.get("claim_id") is not None or event.get("document_id") is not None:
        return "a learn event names no claim and no document"
    value, detail = event.get("value"), _detail(event)
    if not isinstance(value, str) or not value.strip():
        return "a learn event must name the model that ranks"
    if detail is None or detail.get("ranker") not in Ranker._value2member_map_:
        return "a learn event must say which model ranks (desk or shipped)"
    problem = check_counts(detail.get("counts"))
    if problem:
        return f"a learn event's {problem}"
    rescored = detail.get("rescored")
    if not isinstance(rescored, int) or isinstance(rescored, bool) or rescored < 0:
        return "a learn event must count the claims it re-ranked"
    desk = detail["ranker"] == Ranker.DESK
    if desk != is_desk_version(value):
        return f"a learn event's ranker {visible(str(detail['ranker']))!r} does not fit the version {visible(value)!r}"
    digest = detail.get("model_sha256")
    if desk and not (isinstance(digest, str) and len(digest) == 64 and set(digest) <= _HEX):
        return "a learn event that puts a desk model in use must record its SHA-256"
    return None


def check_desk(conn: sqlite3.Connection, learn_events: Sequence[Mapping[str, Any]]) -> list[str]:
    """The stored desk models and the claims' scores agree with the learn events.

    Each model row is the one its learn event put in use (version, counts and
    SHA-256 of the JSON); each such event has its row; the model in use keeps its
    JSON; every desk version a claim names was put in use by a learn event; and a
    claim ranked by the shipped model shows the shipped model's score, tier and
    reasons (a score changed outside the log shows up here).
    """
    problems: list[str] = []
    by_seq = {e["seq"]: e for e in learn_events}
    desk_events = {e["seq"]: e for e in learn_events if is_desk_version(e.get("value"))}
    rows = conn.execute(
        "SELECT id, version, prior_version, event_seq, counts, sha256, body FROM desk_models ORDER BY id"
    ).fetchall()
    stored: set[int] = set()
    for row_id, version, prior_version, event_seq, counts_text, sha, body in rows:
        event = by_seq.get(event_seq)
        detail = _detail(event) if event else None
        where = f"desk model {visible(str(version))!r} (row {row_id})"
        stored.add(event_seq)
        if event is None or detail is None or event_seq not in desk_events:
            problems.append(f"{where}: no learn event #{event_seq} put it in use")
            continue
        try:
            counts = json.loads(counts_text)
        except (TypeError, ValueError):
            counts = None
        if (event.get("value"), detail.get("model_sha256"), detail.get("prior_version"), detail.get("counts")) != (
            version, sha, prior_version, counts
        ):
            problems.append(f"{where}: differs from learn event #{event_seq} (version, counts or SHA-256)")
        elif body is not None and body_sha256(body) != sha:
            problems.append(f"{where}: its JSON is not what learn event #{event_seq} recorded (edited)")
    for seq in sorted(set(desk_events) - stored):
        problems.append(f"learn event #{seq}: the desk model it put in use is not stored")
    if learn_events:
        last = learn_events[-1]
        if last["seq"] in desk_events and last["seq"] in stored:
            kept = conn.execute("SELECT body IS NOT NULL FROM desk_models WHERE event_seq = ?", (last["seq"],)).fetchone()
            if kept and not kept[0]:
                problems.append(f"the desk model in use (learn event #{last['seq']}) has lost its JSON")
    named = {e.get("value") for e in desk_events.values()}
    for (version,) in conn.execute("SELECT DISTINCT model_version FROM claims WHERE model_version LIKE 'desk-%'"):
        if version not in named:
            problems.append(f"claims are ranked by {visible(str(version))!r}, which no learn event put in use")
    moved = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM claims WHERE (model_version IS NULL OR model_version NOT LIKE 'desk-%') AND "
            "(score IS NOT prior_score OR tier IS NOT prior_tier OR reasons IS NOT prior_reasons "
            "OR model_version IS NOT prior_version) "
            f"ORDER BY id LIMIT {MAX_LISTED + 1}"
        )
    ]
    for claim_id in moved[:MAX_LISTED]:
        problems.append(f"claim {claim_id}: ranked by the shipped model, but its score differs from the shipped model's")
    if len(moved) > MAX_LISTED:
        problems.append("... (more claims not listed)")
    return problems
