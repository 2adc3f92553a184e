"""Match decisions and group verdicts through the one write path, on a real store: audited, undoable, verified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.store_helpers import add_article
from workbench.scales import DEFAULT_SCALE, POLITIFACT_SCALE
from workbench.seen import work
from workbench.seen.propose import proposed_verdict
from workbench.store import InvalidDecision, NotFound, Store
from workbench.store.queries import match_answers
from workbench.store.seen import match_step
from workbench.vocab import Action, MatchVerdict, Status

DATA = Path(__file__).parent / "data" / "factchecks"
JOBS = "Unemployment fell to 3.9 percent in May, the minister said"
WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"


@pytest.fixture()
def store(tmp_path):
    with Store.open(tmp_path / "wb.db") as s:
        yield s


def matched(store: Store, tmp_path: Path) -> int:
    add_article(store, tmp_path / "a.txt", JOBS + ".\n")
    reports = store.import_factchecks([DATA / "simple.csv"])
    assert reports[0].added == 3
    store.match_pending()
    (claim,) = store.claims()
    return claim.id


def test_a_confirmed_match_is_an_audited_event_naming_the_fact_check(store, tmp_path):
    claim_id = matched(store, tmp_path)
    claim = store.claim(claim_id)
    assert claim.seen_level == "match" and claim.seen_before
    top = store.matches(claim_id)[0]
    assert (top.kind, top.rank, top.rating, top.url) == ("factcheck", 1, "True", "https://checks.example.org/jobs-may")
    decision = store.decide_match(claim_id, "confirm", kind=top.kind, ref=top.ref, reviewer="ana")
    assert decision.action == Action.MATCH and decision.value == MatchVerdict.CONFIRM
    (event,) = [e for e in store.history(claim_id) if e.action == Action.MATCH]
    assert event.detail["url"] == top.url and event.detail["ref"] == top.ref and event.detail["rank"] == 1
    assert event.content is not None  # bound to the claim's content digest like every decision
    claim = store.claim(claim_id)
    assert claim.match["rating"] == "True" and claim.match["publisher"] == "Example Checks"
    assert proposed_verdict(claim.match, DEFAULT_SCALE) == "true"
    answered = store.matches(claim_id)
    assert (answered[0].ref, answered[0].answer, answered[0].event) == (top.ref, "confirm", decision.seq)
    assert [c.id for c in store.claims(status=Status.SEEN)] == [claim_id]
    assert store.verify().ok


def test_answered_candidates_are_never_suggested_again_and_undo_brings_them_back(store, tmp_path):
    claim_id = matched(store, tmp_path)
    top = store.matches(claim_id)[0]
    store.decide_match(claim_id, "reject", kind=top.kind, ref=top.ref, reviewer="ana")
    assert store.claim(claim_id).match is None
    assert store.claim(claim_id).seen_level != "match"  # the cache follows the answer at once
    with store.lock:
        assert match_answers(store.conn, [claim_id]) == {claim_id: {(top.kind, top.ref)}}
        store.conn.execute("UPDATE seen_status SET generation = -1")  # force a rematch
        match_step(store.conn)
    suggested = [(m.kind, m.ref) for m in store.matches(claim_id) if m.answer is None]
    assert (top.kind, top.ref) not in suggested
    store.undo(claim_id, reviewer="ana")
    with store.lock:
        assert work.pending(store.conn) == 1  # undoing an answer makes the claim's candidates stale
        match_step(store.conn)
    again = store.matches(claim_id)
    assert (again[0].kind, again[0].ref, again[0].answer) == (top.kind, top.ref, None)
    assert store.verify().ok


def test_bad_match_decisions_are_one_clear_error(store, tmp_path):
    claim_id = matched(store, tmp_path)
    with pytest.raises(InvalidDecision, match="confirm or reject"):
        store.decide_match(claim_id, "maybe", kind="factcheck", ref=1, reviewer="ana")
    with pytest.raises(InvalidDecision, match="factcheck or a claim"):
        store.decide_match(claim_id, "confirm", kind="tweet", ref=1, reviewer="ana")
    with pytest.raises(NotFound, match="no fact-check 999"):
        store.decide_match(claim_id, "confirm", kind="factcheck", ref=999, reviewer="ana")
    with pytest.raises(InvalidDecision, match="cannot match itself"):
        store.decide_match(claim_id, "confirm", kind="claim", ref=claim_id, reviewer="ana")


def test_an_earlier_claim_of_the_team_proposes_its_verdict(store, tmp_path):
    add_article(store, tmp_path / "a.txt", "Police arrested 40 people in Karachi on Monday, the ministry said.\n")
    add_article(store, tmp_path / "b.txt", "The ministry said 40 people were arrested on Monday in Karachi.\n")
    first, second = sorted(c.id for c in store.claims())
    store.set_verdict(first, "mostly-true", scale=DEFAULT_SCALE, reviewer="ana")
    store.match_pending()
    top = store.matches(second)[0]
    assert (top.kind, top.ref, top.rating) == ("claim", first, "Mostly true")
    store.decide_match(second, "confirm", kind="claim", ref=first, reviewer="ben")
    match = store.claim(second).match
    assert (match["verdict"], match["scale"], match["claim"]) == ("mostly-true", "default", store.claim(first).text)
    assert proposed_verdict(match, DEFAULT_SCALE) == "mostly-true"
    assert store.verify().ok


def test_ratings_are_placed_on_the_active_scale_only_when_they_can_be():
    fc = {"kind": "factcheck", "ref": 1}
    assert proposed_verdict({**fc, "rating": "Mostly False"}, DEFAULT_SCALE) == "mostly-false"
    assert proposed_verdict({**fc, "rating": "Pants on Fire"}, DEFAULT_SCALE) == "false"
    assert proposed_verdict({**fc, "rating": "Half True"}, DEFAULT_SCALE) == "mixed"
    assert proposed_verdict({**fc, "rating": "False"}, POLITIFACT_SCALE) == "false"
    assert proposed_verdict({**fc, "rating": "Misleading"}, DEFAULT_SCALE) is None  # shown as text
    assert proposed_verdict({**fc, "rating": "x", "rating_value": 1, "best_rating": 5, "worst_rating": 1},
                            DEFAULT_SCALE) == "false"
    assert proposed_verdict({**fc, "rating": "Not check-worthy"}, DEFAULT_SCALE) is None


def copies_of(store: Store, tmp_path: Path, n: int = 3) -> list[int]:
    for i, text in enumerate((WIRE + ".", WIRE.upper() + "!", WIRE.lower() + ".")[:n]):
        add_article(store, tmp_path / f"w{i}.txt", text + "\n")
    ids = sorted(c.id for c in store.claims())
    with store.lock:
        work.sign_pending(store.conn)
    return ids


def test_a_group_verdict_is_one_event_per_claim_naming_the_group_and_undo_takes_the_group(store, tmp_path):
    ids = copies_of(store, tmp_path)
    assert [store.claim(i).copies for i in ids] == [2, 2, 2]
    head = store.head()[0]
    result = store.set_group_verdict(ids[1], "false", scale=DEFAULT_SCALE, reviewer="ana")
    assert (result.group_id, result.claims, result.skipped) == (ids[0], tuple(ids), ())
    assert [d.claim_id for d in result.applied] == ids
    assert [d.seq for d in result.applied] == [head + 1, head + 2, head + 3]
    for claim_id in ids:
        (verdict,) = [e for e in store.history(claim_id) if e.action == Action.VERDICT]
        assert verdict.reviewer == "ana" and verdict.value == "false"
        assert verdict.detail["group"] == {"id": ids[0], "from": ids[1], "first": head + 1, "claims": 3}
    assert store.verify().ok
    undone = store.undo_group(ids[2], reviewer="ana")
    assert sorted(d.claim_id for d in undone) == ids and all(d.action == Action.UNDO for d in undone)
    assert all(store.claim(i).verdict is None for i in ids)
    with pytest.raises(InvalidDecision, match="no decision to undo"):
        store.undo_group(ids[0], reviewer="ana")
    assert store.verify().ok


def test_a_group_verdict_skips_claims_it_would_overrule_and_says_why(store, tmp_path):
    ids = copies_of(store, tmp_path)
    store.set_verdict(ids[2], "true", scale=DEFAULT_SCALE, reviewer="ben")
    store.set_verdict(ids[0], "false", scale=DEFAULT_SCALE, reviewer="ana")
    result = store.set_group_verdict(ids[1], "false", scale=DEFAULT_SCALE, reviewer="ana")
    assert [d.claim_id for d in result.applied] == [ids[1]]
    reasons = dict(result.skipped)
    assert set(reasons) == {ids[0], ids[2]}
    assert "overrules them" in reasons[ids[2]] and "already has this verdict" in reasons[ids[0]]
    assert store.claim(ids[2]).verdict == "true"  # ben's verdict stands
    assert result.applied[0].state.verdict == "false"
    # Undo of a claim's own verdict is not a group's.
    with pytest.raises(InvalidDecision, match="not a group verdict"):
        store.undo_group(ids[0], reviewer="ana")
    assert store.verify().ok


def test_double_review_applies_per_claim_in_a_group(store, tmp_path):
    ids = copies_of(store, tmp_path, n=2)
    result = store.set_group_verdict(ids[0], "false", scale=DEFAULT_SCALE, reviewer="ana", mode="double")
    assert all(d.role == {"role": "double", "blind": True} for d in result.applied)
    assert all(store.claim(i).agreement == "pending" for i in ids)
    assert store.verify().ok


def test_a_claim_without_copies_is_a_group_of_one(store, tmp_path):
    add_article(store, tmp_path / "a.txt", JOBS + ".\n")
    (claim,) = store.claims()
    result = store.set_group_verdict(claim.id, "true", scale=DEFAULT_SCALE, reviewer="ana")
    assert (result.group_id, len(result.applied)) == (claim.id, 1)
    assert json.loads(store.conn.execute("SELECT detail FROM events ORDER BY seq DESC LIMIT 1").fetchone()[0])[
        "group"]["claims"] == 1
