"""The write path checks what it is given, and verify refuses events that mean nothing."""

from __future__ import annotations

import sqlite3

import pytest

from store_helpers import decision_events, legacy_verdict, make_db
from workbench.scales import DEFAULT_SCALE, DISMISS, load_scale
from workbench.store import InvalidDecision, NotFound, audit
from workbench.store.decisions import NOTE_LIMIT, Decisions
from workbench.store.schema import EVENT_TRIGGERS


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "w.db")
    yield s
    s.close()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda s, c: s.set_verdict(c, "true", scale="default", reviewer="ana"), "scale"),
        (lambda s, c: s.set_verdict(c, 5, scale=DEFAULT_SCALE, reviewer="ana"), "slug"),
        (lambda s, c: s.set_verdict(c, "launch-missiles", scale=DEFAULT_SCALE, reviewer="ana"), "unknown verdict"),
        (lambda s, c: s.set_verdict(c, "true", scale=DEFAULT_SCALE, reviewer=None), "reviewer"),
        (lambda s, c: s.set_verdict(str(c), "true", scale=DEFAULT_SCALE, reviewer="ana"), "whole number"),
        (lambda s, c: s.set_verdict(True, "true", scale=DEFAULT_SCALE, reviewer="ana"), "whole number"),
        (lambda s, c: s.set_verdict(c, "true", scale=DEFAULT_SCALE, reviewer="ana", seen=-1), "seen"),
        (lambda s, c: s.set_note(c, None, reviewer="ana"), "note is text"),
        (lambda s, c: s.set_note(c, "x" * (NOTE_LIMIT + 1), reviewer="ana"), "at most"),
        (lambda s, c: s.set_flag(c, "on", reviewer="ana"), "on \\(True\\) or off"),
        (lambda s, c: s.undo(c, reviewer="ana", target="1"), "whole number"),
        (lambda s, c: s.edit_document(1, {"headline": "x"}, reviewer="ana"), "unknown document field"),
        (lambda s, c: s.edit_document(1, {}, reviewer="ana"), "nothing to change"),
        (lambda s, c: s.edit_document(1, {"title": 3}, reviewer="ana"), "is text"),
        (lambda s, c: s.edit_document(1, {"published": "03/04/2024"}, reviewer="ana"), "ISO 8601"),
        (lambda s, c: s.edit_document(1, ["title"], reviewer="ana"), "field names"),
    ],
)
def test_a_bad_decision_is_refused_with_one_line_and_writes_nothing(store, call, match):
    claim = store.claim_ids()[0]
    with pytest.raises(InvalidDecision, match=match) as info:
        call(store, claim)
    assert "\n" not in str(info.value)
    assert decision_events(store) == []


def test_unknown_claims_and_documents(store):
    with pytest.raises(NotFound, match="no claim 999"):
        store.set_flag(999, reviewer="ana")
    with pytest.raises(NotFound, match="no document 999"):
        store.edit_document(999, {"title": "x"}, reviewer="ana")


def test_dismiss_is_a_review_on_the_scale(store):
    claim = store.claim_ids()[0]
    decision = store.dismiss(claim, scale=DEFAULT_SCALE, reviewer="ana")
    assert decision.value == DISMISS and decision.state.verdict == DISMISS
    assert store.claim(claim).dismissed and store.claim(claim).reviewed


def test_the_event_append_is_private_and_runs_no_sql_of_the_caller(store):
    assert not hasattr(store, "decide")
    import inspect

    params = inspect.signature(Decisions._append).parameters
    assert "apply" not in params and list(params)[1:3] == ["conn", "action"]


def tamper(path, sql: str, *params) -> None:
    """Write an event behind the store's back, chained and hashed like a real one."""
    conn = sqlite3.connect(path, isolation_level=None)
    head = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0]
    prev_seq, prev_hash = head if head else (0, genesis)
    event = dict(zip(("action", "claim_id", "document_id", "value", "scale", "detail", "undoes"), params))
    event.update(seq=prev_seq + 1, at="2024-01-01T00:00:00.000Z", reviewer="mallory", seen=None, conflict_with=None)
    for name in audit.HASHED_FIELDS:
        event.setdefault(name, None)
    event["prev_hash"] = prev_hash
    event["hash"] = audit.event_hash(prev_hash, event)
    conn.execute(sql, event)
    conn.close()


INSERT = audit.INSERT_EVENT


@pytest.mark.parametrize(
    "event, problem",
    [
        (("launch-missiles", 1, None, "now", None, None, None), "unknown action 'launch-missiles'"),
        (("verdict", 1, None, "sort-of", "default", None, None), "not on its recorded scale"),
        (("verdict", 1, None, "pants-on-fire", "default", None, None), "not on its recorded scale"),
        (("verdict", 1, None, "true", "gone", None, None), "not on its recorded scale"),
        (("flag", 1, None, "maybe", None, None, None), "a flag must be on or off"),
        (("undo", 1, None, None, None, None, None), "retracts nothing"),
        (("note", None, None, "x", None, None, None), "names no claim"),
        (("document", None, None, '{"headline": "x"}', None, None, None), "unknown fields"),
        (("correct", 1, None, '{"text": ""}', None, None, None), "a correction must set"),
        (("correct", 1, None, '{"kind": "opinion"}', None, None, None), "a correction must set"),
        (("correct", 1, None, "not json", None, None, None), "a correction must set"),
    ],
)
def test_verify_refuses_events_that_mean_nothing(tmp_path, event, problem):
    path = tmp_path / "w.db"
    made = make_db(path)
    seq = made.head()[0] + 1
    made.close()
    tamper(path, INSERT, *event)
    from workbench.store import Store

    with Store.open(path) as store:
        result = store.verify()
    assert not result.ok
    assert any(p.startswith(f"event {seq}:") and problem in p for p in result.problems), result.problems


def test_verify_checks_a_verdict_against_the_definition_recorded_with_it(tmp_path):
    path = tmp_path / "w.db"
    scale_file = tmp_path / "house.toml"
    scale_file.write_text('id = "house"\n[[verdict]]\nslug = "solid"\nlabel = "Solid"\n', encoding="utf-8")
    house = load_scale(scale_file)
    store = make_db(path)
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "solid", scale=house, reviewer="ana")  # a custom scale: its snapshot vouches
    legacy_verdict(store, claim, "false", scale="default", reviewer="old")  # an older client, built-in scale
    assert store.verify().ok
    seq = store.head()[0] + 1
    store.close()
    snapshot = house.get("solid").snapshot(house)
    import json

    forged = json.dumps({**snapshot, "slug": "brilliant"}, sort_keys=True)
    tamper(path, INSERT, "verdict", claim, None, "solid", "house", forged, None)
    outside = json.dumps({**snapshot, "rating_value": 99}, sort_keys=True)
    tamper(path, INSERT, "verdict", claim, None, "solid", "house", outside, None)
    from workbench.store import Store

    with Store.open(path) as store:
        problems = store.verify().problems
    assert any(p.startswith(f"event {seq}:") and "differs from the verdict its record defines" in p for p in problems)
    assert any(p.startswith(f"event {seq + 1}:") and "rated outside its scale's range" in p for p in problems)


def test_triggers_still_refuse_a_rewrite_of_a_validated_event(store):
    store.set_flag(store.claim_ids()[0], reviewer="ana")
    conn = sqlite3.connect(store.path, isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET action = 'launch-missiles'")
    assert set(EVENT_TRIGGERS) <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
