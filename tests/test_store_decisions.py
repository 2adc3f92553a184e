"""The one write path: verdicts, notes, flags, undo, conflicts between reviewers."""

from __future__ import annotations

import pytest

from store_helpers import decision_events, make_db
from workbench.scales import DEFAULT_SCALE, POLITIFACT_SCALE
from workbench.store import OverruleNeeded, InvalidDecision, NotFound


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "w.db")
    yield s
    s.close()


def test_verdict_is_committed_before_the_call_returns(store, tmp_path):
    claim = store.claim_ids()[0]
    decision = store.set_verdict(claim, "mostly-true", scale=DEFAULT_SCALE, reviewer="ana")
    # A second connection sees it at once: it is on disk, not in a pending transaction.
    import sqlite3

    other = sqlite3.connect(tmp_path / "w.db")
    assert other.execute("SELECT value FROM events WHERE seq = ?", (decision.seq,)).fetchone() == ("mostly-true",)
    row = store.claim(claim)
    assert (row.verdict, row.reviewer, row.scale) == ("mostly-true", "ana", "default")
    assert row.decided_at == decision.at


def test_unknown_verdict_lists_the_valid_ones(store):
    with pytest.raises(InvalidDecision) as info:
        store.set_verdict(store.claim_ids()[0], "pants-on-fire", scale=DEFAULT_SCALE, reviewer="ana")
    message = str(info.value)
    for slug in DEFAULT_SCALE.slugs() + ["not-checkworthy"]:
        assert slug in message
    assert decision_events(store) == []


def test_unknown_claim(store):
    with pytest.raises(NotFound, match="no claim 999"):
        store.set_note(999, "x", reviewer="ana")


def test_reviewer_is_required(store):
    with pytest.raises(InvalidDecision):
        store.set_flag(store.claim_ids()[0], reviewer="  ")


def test_scale_snapshot_keeps_old_verdicts_meaningful(store):
    first, second = store.claim_ids()[:2]
    store.set_verdict(first, "half-true", scale=POLITIFACT_SCALE, reviewer="ana")
    store.set_verdict(second, "mixed", scale=DEFAULT_SCALE, reviewer="ana")
    row = store.claim(first)
    assert row.scale == "politifact"
    assert row.detail["label"] == "Half True"
    assert row.detail["rating_value"] == 4 and row.detail["best_rating"] == 6


def test_dismiss_and_flag_are_triage_outcomes(store):
    claim = store.claim_ids()[0]
    store.set_flag(claim, reviewer="ana")
    assert store.claim(claim).flagged and store.claim(claim).verdict is None
    assert [c.id for c in store.claims(status="flagged")] == [claim]
    store.set_verdict(claim, "not-checkworthy", scale=DEFAULT_SCALE, reviewer="ana")
    assert [c.id for c in store.claims(status="dismissed")] == [claim]
    store.set_flag(claim, False, reviewer="ana")
    assert store.claims(status="flagged") == []


def test_note_set_and_cleared(store):
    claim = store.claim_ids()[0]
    store.set_note(claim, "ask the ministry [bold]", reviewer="ana")
    assert store.claim(claim).note == "ask the ministry [bold]"
    store.set_note(claim, "", reviewer="ana")
    assert store.claim(claim).note is None


def test_undo_retracts_latest_decision_again_and_again(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(claim, "first note", reviewer="ana")
    store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ana")
    base = store.head()[0] - 3
    undo1 = store.undo(claim, reviewer="ana")
    assert undo1.undoes == base + 3 and undo1.state.verdict == "true"
    undo2 = store.undo(claim, reviewer="ana")
    assert undo2.undoes == base + 2 and undo2.state.note is None and undo2.state.verdict == "true"
    undo3 = store.undo(claim, reviewer="ana")
    assert undo3.state.verdict is None
    with pytest.raises(InvalidDecision, match="no decision to undo"):
        store.undo(claim, reviewer="ana")
    # Nothing was removed: six events, each undo its own event.
    assert [e.action for e in store.history(claim)] == ["verdict", "note", "verdict", "undo", "undo", "undo"]
    assert store.verify().ok


def test_undo_of_a_specific_event(store):
    claim = store.claim_ids()[0]
    first = store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_flag(claim, reviewer="ana")
    store.undo(claim, reviewer="ana", target=first.seq)
    row = store.claim(claim)
    assert row.verdict is None and row.flagged
    with pytest.raises(InvalidDecision, match="nothing to undo"):
        store.undo(claim, reviewer="ana", target=first.seq)


def test_conflict_when_another_reviewer_decided_unseen(store):
    claim = store.claim_ids()[0]
    ana = store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana", seen=None)
    # Ben opened the claim before Ana's verdict arrived: he had seen nothing.
    ben = store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ben", seen=None)
    assert ben.conflict_with == ana.seq
    assert ben.state.conflict
    assert [c.id for c in store.claims(status="conflict")] == [claim]
    # Both events are kept.
    assert [(e.reviewer, e.value) for e in store.history(claim)] == [("ana", "true"), ("ben", "false")]
    # Ana looks again, sees Ben's verdict, and decides: the conflict is resolved. Replacing
    # Ben's verdict with another one, having seen it, overrules him: she has to say so.
    with pytest.raises(OverruleNeeded) as asked:
        store.set_verdict(claim, "mixed", scale=DEFAULT_SCALE, reviewer="ana", seen=ben.seq)
    assert asked.value.seq == ben.seq and asked.value.reviewer == "ben"
    resolved = store.set_verdict(claim, "mixed", scale=DEFAULT_SCALE, reviewer="ana", seen=ben.seq, overrule=True)
    assert resolved.conflict_with is None and not resolved.state.conflict
    # ... which is a disagreement now, listed with the conflicts until they agree.
    assert resolved.state.agreement == "disputed"
    assert [c.id for c in store.claims(status="conflict")] == [claim]
    agreed = store.set_verdict(claim, "mixed", scale=DEFAULT_SCALE, reviewer="ben")
    assert agreed.state.agreement == "agreed" and store.claims(status="conflict") == []
    assert store.verify().ok


def test_own_earlier_events_are_not_a_conflict(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana", seen=None)
    again = store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="ana", seen=None)
    assert again.conflict_with is None


def test_filters_counts_and_orders(store):
    ids = store.claim_ids()
    scores = [c.score for c in store.claims()]
    assert scores == sorted(scores, reverse=True)
    store.set_verdict(ids[0], "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[1], "false", scale=DEFAULT_SCALE, reviewer="ben")
    assert store.count().total == 5 and store.count().reviewed == 2
    assert len(store.claims(status="unreviewed")) == 3
    assert [c.id for c in store.claims(reviewer="ben")] == [ids[1]]
    assert [c.position for c in store.claims(order="document")] == [0, 1, 2, 3, 4]
    assert store.claims(order="status")[-1].verdict is not None
    assert store.claims(limit=2, offset=1) == store.claims()[1:3]


@pytest.mark.parametrize(
    "query",
    ['"', "bank AND", "(", "NEAR(", "*", "bank'", "rate:", "-bank", "[bold]", "\x00", "ünïcode", ""],
)
def test_search_never_fails_on_what_users_type(store, query):
    assert isinstance(store.claims(search=query), list)


def test_search_finds_claim_sentence_and_prefix(store):
    assert [c.text for c in store.claims(search="central ban")] == [
        "The central bank raised its rate to 5.25 percent"
    ]
    assert len(store.claims(search="BERLIN")) == 1
    assert store.claims(search="zebra") == []
