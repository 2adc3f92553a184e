"""The audit log's hash chain, the state derived from it, and verification.

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON
of the event's own fields (its sequence number included). The first event
links to a genesis hash derived from the database's random id, so a log cannot
be transplanted from one database into another unnoticed.

Size: one module for the log's rows, in one layout (SORTED_FIELDS): the chain
hashes them (canonical_row, and HASHED_SQL, the same bytes written by SQLite,
kept beside it so that neither changes alone) and the fold reads them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from workbench.store import jsontext
from workbench.vocab import CORRECTABLE, Action, Agreement, Flag, MatchVerdict, Role

# The fields an event's hash covers, in the order the events table stores them.
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "at",
    "reviewer",
    "action",
    "claim_id",
    "document_id",
    "value",
    "scale",
    "detail",
    "seen",
    "conflict_with",
    "undoes",
    # Added by later migrations. The canonical JSON holds such a field only when it
    # is set, so the hash of every event written before it existed is unchanged.
    "content",  # the content digest of the claim a decision was made on (store/content.py)
)
OPTIONAL_FIELDS: frozenset[str] = frozenset({"content"})
EVENT_COLUMNS = ", ".join(HASHED_FIELDS) + ", prev_hash, hash"
INSERT_EVENT = (
    f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ("
    + ", ".join(f":{name}" for name in (*HASHED_FIELDS, "prev_hash", "hash"))
    + ")"
)
# The same fields in sorted order: rows selected this way zip straight into the
# canonical dict, with no per-event sort (verify reads 100,000 events in a go).
SORTED_FIELDS: tuple[str, ...] = tuple(sorted(HASHED_FIELDS))
SORTED_COLUMNS = ", ".join(SORTED_FIELDS) + ", prev_hash, hash"
# Where each field sits in an event row selected as SORTED_COLUMNS.
(ACTION, AT, CLAIM_ID, CONFLICT_WITH, CONTENT, DETAIL, DOCUMENT_ID, REVIEWER, SCALE, SEEN, SEQ, UNDOES, VALUE) = (
    SORTED_FIELDS.index(name)
    for name in (
        "action", "at", "claim_id", "conflict_with", "content", "detail", "document_id", "reviewer", "scale",
        "seen", "seq", "undoes", "value",
    )
)
PREV_HASH, HASH = len(SORTED_FIELDS), len(SORTED_FIELDS) + 1
_quote = json.encoder.encode_basestring  # the C string encoder json.dumps uses
# What the folded state stores as JSON: json.dumps(sort_keys=True, ensure_ascii=False).
_canonical_json = jsontext.encoder(sort_keys=True)
_OPTIONAL_AT = tuple(i for i, name in enumerate(SORTED_FIELDS) if name in OPTIONAL_FIELDS)


def _template(present: tuple[bool, ...]) -> tuple[str, tuple[int, ...]]:
    """The %-template of the canonical JSON for events with these optional fields set."""
    skip = {i for i, on in zip(_OPTIONAL_AT, present) if not on}
    kept = tuple(i for i in range(len(SORTED_FIELDS)) if i not in skip)
    return "{" + ",".join(f'"{SORTED_FIELDS[i]}":%s' for i in kept) + "}", kept


_TEMPLATES = {
    present: _template(present)
    for present in itertools.product((False, True), repeat=len(_OPTIONAL_AT))
}


def _json_value(value: object) -> str:
    encode = _ENCODERS.get(type(value))
    if encode is None:
        raise TypeError(f"events hold only text and numbers, not {type(value).__name__}")
    return encode(value)


# JSON for each type an event's field can hold, looked up by exact type (one dict lookup
# per field, instead of a chain of isinstance tests: verify encodes 1.3 million of them).
_ENCODERS: dict[type, Callable[[object], str]] = {
    str: _quote,  # type: ignore[dict-item]
    int: int.__repr__,  # type: ignore[dict-item]
    float: float.__repr__,  # type: ignore[dict-item]
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}
_FIELD_COUNT = len(SORTED_FIELDS)


def canonical_row(row: Sequence) -> str:
    """The canonical JSON of an event given as values in SORTED_FIELDS order.

    The same text json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False) gives for the event's fields (an optional field left
    out while it is NULL), built without a dict per event: verify runs this
    for every event in the log.
    """
    encoders = _ENCODERS
    try:
        values = [encoders[type(value)](value) for value in row[:_FIELD_COUNT]]
    except KeyError:
        values = [_json_value(value) for value in row[:_FIELD_COUNT]]  # raises the TypeError
    present = tuple(row[i] is not None for i in _OPTIONAL_AT)
    template, _ = _TEMPLATES[present]
    for i, on in zip(reversed(_OPTIONAL_AT), reversed(present)):
        if not on:
            del values[i]
    return template % tuple(values)


def _hashed_sql() -> str:
    """SQL over an events row: the bytes its hash is taken over, linked to its stored prev_hash.

    That is ``prev_hash + "\\n" + canonical_row(row)`` as UTF-8, built by SQLite
    in C. Its json_object writes text, an integer or NULL exactly as
    canonical_row does (sql_hashing_agrees checks the escapes on the SQLite at
    hand), so a hash that matches over these bytes matches over canonical_row's.
    A real is printed to 15 digits, so two could print alike: it gives NULL,
    and canonical_row decides. A blob, which JSON cannot hold, makes the query
    fail: the caller reads the log again without this.
    """
    real = " OR ".join(f"typeof({name}) = 'real'" for name in SORTED_FIELDS)
    branches = []
    for present, (_, kept) in _TEMPLATES.items():
        test = " AND ".join(
            f"{SORTED_FIELDS[i]} IS {'NOT ' if on else ''}NULL" for i, on in zip(_OPTIONAL_AT, present)
        )
        pairs = ", ".join(f"'{SORTED_FIELDS[i]}', {SORTED_FIELDS[i]}" for i in kept)
        branches.append(f"WHEN {test} THEN CAST(prev_hash || char(10) || json_object({pairs}) AS BLOB)")
    return f"CASE WHEN {real} THEN NULL {' '.join(branches)} END"


HASHED_SQL = _hashed_sql()

# Every ASCII character, and the others a JSON writer might escape: SQLite must write them
# as canonical_row does before verify relies on it (a build that cut text at a NUL, spelt
# an escape its own way, or stored text as UTF-16, is not used). Integers at both ends of 64 bits.
_PROBE_TEXT = "".join(map(chr, range(128))) + "\x80\xe9\u2028\u2029\ufeff\uffff\U00010000\U0001d11e\U0010ffff"
_PROBES: tuple[tuple, ...] = (
    ("verdict", _PROBE_TEXT, -(2**63), 2**63 - 1, "1:ab", '{"a": 1}', 0, "r", None, None, 1, None, "", "p", "h"),
    ("note", "", None, None, None, None, None, "r", "s", 3, 2, 1, _PROBE_TEXT[::-1], _PROBE_TEXT, "h"),
)


def sql_hashing_agrees(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite's HASHED_SQL gives the bytes event hashes are taken over, for the probe rows."""
    columns = ", ".join((*SORTED_FIELDS, "prev_hash", "hash"))
    values = ", ".join("(" + ", ".join("?" * len(probe)) + ")" for probe in _PROBES)
    try:
        got = conn.execute(
            f"WITH probe({columns}) AS (VALUES {values}) SELECT {HASHED_SQL} FROM probe",
            [value for probe in _PROBES for value in probe],
        ).fetchall()
    except sqlite3.Error:  # a build without the JSON functions
        return False
    return [hashed for (hashed,) in got] == [
        (probe[PREV_HASH] + "\n" + canonical_row(probe)).encode("utf-8") for probe in _PROBES
    ]


def canonical(event: dict) -> str:
    """The canonical JSON of an event's hashed fields: sorted keys, no spaces, UTF-8."""
    return canonical_row([event.get(name) for name in SORTED_FIELDS])


def event_hash(prev_hash: str, event: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(event)).encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, genesis: str, event: dict) -> dict:
    """Append ``event`` (its hashed fields but seq) at the chain head, inside the caller's transaction.

    Sets seq, prev_hash and hash; the triggers refuse anything that does not
    extend the head. Returns the event as stored.
    """
    head = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    prev_seq, prev_hash = head if head else (0, genesis)
    stored = {name: event.get(name) for name in HASHED_FIELDS}
    stored["seq"] = prev_seq + 1
    stored["prev_hash"] = prev_hash
    stored["hash"] = event_hash(prev_hash, stored)
    conn.execute(INSERT_EVENT, stored)
    return stored


@dataclass(slots=True)
class ClaimState:
    """A claim's current review state, as folded from its events."""

    claim_id: int
    verdict: str | None = None
    scale: str | None = None
    detail: str | None = None
    note: str | None = None
    flagged: bool = False
    reviewer: str | None = None
    decided_at: str | None = None
    last_seq: int = 0
    conflict: bool = False
    events: int = 0
    correction: str | None = None  # canonical JSON of the fields a reviewer corrected
    agreement: str | None = None  # an Agreement, None while one reviewer's verdict stands alone
    reviews: str | None = None  # canonical JSON {reviewer: {seq, verdict, label}} behind the agreement
    sources: str | None = None  # canonical JSON [{url, title}] of the standing evidence
    explanation: str | None = None  # the standing evidence's public explanation
    match: str | None = None  # canonical JSON of the standing confirmed match (a match event's detail)
    # Not stored: what the write path needs to know about the standing verdict.
    verdict_seq: int | None = None  # the event of the standing verdict
    holders: tuple[str, ...] = ()  # the reviewers whose verdict it is (two or more when they agreed)

    def as_row(self) -> tuple:
        return (
            self.claim_id,
            self.verdict,
            self.scale,
            self.detail,
            self.note,
            int(self.flagged),
            self.reviewer,
            self.decided_at,
            self.last_seq,
            int(self.conflict),
            self.events,
            self.correction,
            self.agreement,
            self.reviews,
            self.sources,
            self.explanation,
            self.match,
        )

    def review_map(self) -> dict[str, dict]:
        return json.loads(self.reviews) if self.reviews else {}


STATE_COLUMNS = (
    "claim_id, verdict, scale, detail, note, flagged, reviewer, decided_at, "
    "last_seq, conflict, events, correction, agreement, reviews, sources, explanation, match"
)


def correction_json(fields: dict) -> str | None:
    """The stored form of a claim's standing corrections: canonical JSON, None when there are none."""
    return _canonical_json(fields) if fields else None


def role_of(detail: str | None) -> dict | None:
    """A verdict's role beside other reviewers' (``detail.review``), or None for a plain verdict.

    Most verdicts are plain: a substring test spares parsing their detail
    (``verify`` folds every claim of the log).
    """
    if not detail or '"review"' not in detail:
        return None
    return _role_in(_parsed(detail))


def _parsed(detail: str | None) -> object:
    try:
        return json.loads(detail or "")
    except ValueError:
        return None


def _role_in(detail: object) -> dict | None:
    review = detail.get("review") if isinstance(detail, dict) else None
    return review if isinstance(review, dict) and review.get("role") in Role._value2member_map_ else None


def _label(event: dict) -> str | None:
    return _label_of(event["detail"])


@lru_cache(maxsize=1024)
def _label_of(detail: str | None) -> str | None:
    """A verdict's label; most verdicts share a few snapshots, each parsed once (text is immutable)."""
    return _label_in(_parsed(detail))


def _label_in(detail: object) -> str | None:
    label = detail.get("label") if isinstance(detail, dict) else None
    return label if isinstance(label, str) else None


def event_row(event: dict) -> tuple:
    """An event given as a dict, as the row :func:`fold_rows` reads (SORTED_FIELDS order)."""
    return tuple(event.get(name) for name in SORTED_FIELDS)


def fold(claim_id: int, events: Iterable[dict]) -> ClaimState:
    """Derive a claim's state from its events (oldest first), given as dicts; see :func:`fold_rows`."""
    return fold_rows(claim_id, [event_row(e) for e in events])


# The actions as plain text, which a row's action compares with faster than with an enum member.
_UNDO, _VERDICT, _NOTE, _FLAG, _CORRECT = map(str, (Action.UNDO, Action.VERDICT, Action.NOTE, Action.FLAG,
                                                     Action.CORRECT))


def fold_rows(claim_id: int, rows: Sequence[Sequence]) -> ClaimState:
    """Derive a claim's state from its events (oldest first), as rows in SORTED_FIELDS order.

    Rows, not dicts: verify folds every claim of the log, and a dict per event
    would cost more than the fold itself.

    Undo events retract the event they name. A conflict stays open until a later
    event is made by someone who had seen the conflicting one.

    Between reviewers, by the role each verdict records (``detail.review``):
    double-review verdicts are collected per reviewer (the claim is pending
    with one, agreed or disputed with two or more, and has no standing verdict
    until they agree); an overrule opens a disagreement between its reviewer
    and the one it overruled, which stays open until they give the same
    verdict or an adjudication settles it. A plain verdict stands alone.
    """
    undo, verdict, note, flag, correct = _UNDO, _VERDICT, _NOTE, _FLAG, _CORRECT
    roles: dict[int, object] = {}  # the details that name a role, parsed once: read again for the label

    def review_of(e: Sequence) -> dict | None:
        detail = e[DETAIL]
        if not detail or '"review"' not in detail:
            return None
        parsed = roles[e[SEQ]] = _parsed(detail)
        return _role_in(parsed)

    def entry(e: Sequence) -> dict:
        label = _label_in(roles[e[SEQ]]) if e[SEQ] in roles else _label_of(e[DETAIL])
        return {"seq": e[SEQ], "verdict": e[VALUE], "label": label}

    by_seq: dict[int, Sequence] = {}

    def row_at(seq: object) -> Sequence | None:
        """The claim's event ``seq``: only verdicts between reviewers look one up, so the index waits for them."""
        if not by_seq:
            by_seq.update((e[SEQ], e) for e in rows)
        return by_seq.get(seq)  # type: ignore[call-overload]

    retracted = {e[UNDOES] for e in rows if e[ACTION] == undo}
    state = ClaimState(claim_id=claim_id, events=len(rows), last_seq=rows[-1][SEQ] if rows else 0)
    open_conflict: int | None = None
    corrected: dict = {}
    standing: Sequence | None = None  # the row of the standing verdict
    reviews: dict[str, dict] = {}
    agreement: str | None = None
    for e in rows:
        seq = e[SEQ]
        action = e[ACTION]
        if action == undo or seq in retracted:
            continue
        if e[CONFLICT_WITH] is not None:
            open_conflict = seq
        elif open_conflict is not None and (e[SEEN] or 0) >= open_conflict:
            open_conflict = None
        if action == verdict:
            detail = e[DETAIL]
            role = review_of(e) if detail and '"review"' in detail else None  # most are plain: no call
            kind = role.get("role") if role else ""  # "" compares with a Role faster than None does
            target = row_at(role.get("of")) if kind == Role.OVERRULE and isinstance(role.get("of"), int) else None
            if kind == Role.DOUBLE:
                reviews[e[REVIEWER]] = entry(e)
                if len(reviews) < 2:
                    agreement, standing = Agreement.PENDING, None
                elif len({r["verdict"] for r in reviews.values()}) == 1:
                    agreement, standing = Agreement.AGREED, row_at(max(r["seq"] for r in reviews.values()))
                else:
                    agreement, standing = Agreement.DISPUTED, None
            elif kind == Role.ADJUDICATION:
                agreement, standing = Agreement.ADJUDICATED, e
            elif target is not None and target[SEQ] not in retracted and target[ACTION] == verdict:
                reviews = {target[REVIEWER]: entry(target), e[REVIEWER]: entry(e)}
                agreement, standing = Agreement.DISPUTED, e
            else:
                if agreement is Agreement.DISPUTED and e[REVIEWER] in reviews:
                    # A party to the disagreement moves: it ends once they give the same verdict.
                    reviews[e[REVIEWER]] = entry(e)
                    if len({r["verdict"] for r in reviews.values()}) == 1:
                        agreement = Agreement.AGREED
                elif agreement is not Agreement.DISPUTED and (standing is None or e[VALUE] != standing[VALUE]):
                    agreement, reviews = None, {}  # a plain verdict of its own: it stands alone
                standing = e
            if standing is None:
                state.verdict = state.scale = state.detail = state.reviewer = state.decided_at = None
            else:
                state.verdict = standing[VALUE]
                state.scale = standing[SCALE]
                state.detail = standing[DETAIL]
                state.reviewer = standing[REVIEWER]
                state.decided_at = standing[AT]
        elif action == note:
            state.note = e[VALUE] or None
            if state.verdict is None:
                state.reviewer, state.decided_at = e[REVIEWER], e[AT]
        elif action == flag:
            state.flagged = e[VALUE] == Flag.ON
            if state.verdict is None:
                state.reviewer, state.decided_at = e[REVIEWER], e[AT]
        elif action == correct:
            corrected.update(correction_fields(e[VALUE]))
            if state.verdict is None:
                state.reviewer, state.decided_at = e[REVIEWER], e[AT]
        elif action == Action.EVIDENCE:
            state.sources, state.explanation = evidence_fields(e[VALUE])
        elif action == Action.MATCH:
            state.match = match_fold(state.match, e[VALUE], e[DETAIL])
    state.conflict = open_conflict is not None
    state.correction = correction_json(corrected)
    state.agreement = agreement
    state.reviews = _canonical_json(reviews) if agreement and reviews else None
    if standing is not None:
        state.verdict_seq = standing[SEQ]
        if agreement is Agreement.AGREED:
            state.holders = tuple(sorted(r for r, v in reviews.items() if v["verdict"] == standing[VALUE]))
        else:
            state.holders = (standing[REVIEWER],)
    return state


def match_fold(standing: str | None, value: str | None, detail: str | None) -> str | None:
    """The standing confirmed match after one match event: a confirm replaces it, rejecting it clears it."""
    try:
        named = json.loads(detail or "")
    except ValueError:
        return standing
    if not isinstance(named, dict):
        return standing
    if value == MatchVerdict.CONFIRM:
        return _canonical_json(named)
    if value == MatchVerdict.REJECT and standing is not None:
        current = json.loads(standing)
        if (current.get("kind"), current.get("ref")) == (named.get("kind"), named.get("ref")):
            return None
    return standing


def evidence_fields(value: str | None) -> tuple[str | None, str | None]:
    """An evidence event's sources (canonical JSON, None when there are none) and explanation."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    sources = data.get("sources")
    explanation = data.get("explanation")
    return (
        _canonical_json(sources) if isinstance(sources, list) and sources else None,
        explanation if isinstance(explanation, str) and explanation else None,
    )


def correction_fields(value: str | None) -> dict:
    """What one correction event changed ({"text": ..., "speaker": ...}); {} if it names nothing."""
    try:
        fields = json.loads(value or "")
    except ValueError:
        return {}
    if not isinstance(fields, dict):
        return {}
    return {k: v for k, v in fields.items() if k in CORRECTABLE}


def rows_as_dicts(cursor: sqlite3.Cursor) -> Iterator[dict]:
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


@dataclass(slots=True)
class VerifyResult:
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    problems: list[str] = field(default_factory=list)
    hashes: dict[int, str] = field(default_factory=dict, repr=False)  # every event's hash, by seq
    checked: list[str] = field(default_factory=list)  # the outside heads it was checked against

    @property
    def head(self) -> str:
        return f"{self.head_seq}:{self.head_hash}"
