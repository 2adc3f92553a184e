"""Between reviewers, in the store: overrules, disagreements, adjudication, double review, evidence."""

from __future__ import annotations

import json
import sqlite3

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE, load_scale
from workbench.store import AdjudicationNeeded, InvalidDecision, OverruleNeeded, Store, schema
from workbench.vocab import Agreement

S = dict(scale=DEFAULT_SCALE)
DOUBLE = dict(scale=DEFAULT_SCALE, mode="double")


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "w.db", articles=2)
    yield s
    s.close()


def roles(store: Store, claim_id: int) -> list:
    return [(e.reviewer, e.value, e.role) for e in store.history(claim_id)]


# ------------------------------------------------------------------ overrules


def test_replacing_another_reviewers_verdict_is_an_explicit_overrule(store):
    claim = store.claim_ids()[0]
    ana = store.set_verdict(claim, "true", reviewer="ana", **S)
    with pytest.raises(OverruleNeeded, match=r"its verdict is ana's 'True' \(#\d+\).*--overrule") as asked:
        store.set_verdict(claim, "false", reviewer="ben", **S)
    assert (asked.value.seq, asked.value.reviewer) == (ana.seq, "ana")
    assert len(store.history(claim)) == 1  # nothing was written
    ben = store.set_verdict(claim, "false", reviewer="ben", overrule=True, **S)
    assert ben.role == {"role": "overrule", "of": ana.seq}
    state = store.claim(claim)
    assert state.verdict == "false" and state.reviewer == "ben"
    assert state.agreement == Agreement.DISPUTED
    assert {name: r["verdict"] for name, r in state.reviews.items()} == {"ana": "true", "ben": "false"}
    # Listed with the conflicts and in the adjudication queue until they agree.
    assert [c.id for c in store.claims(status="conflict")] == [claim]
    assert [c.id for c in store.claims(status="adjudication")] == [claim]
    assert store.stats().disputed == 1
    assert store.verify().ok


def test_the_same_verdict_or_ones_own_is_no_overrule(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **S)
    agree = store.set_verdict(claim, "TRUE", reviewer="ben", **S)  # any case
    assert agree.role is None and store.claim(claim).agreement is None
    own = store.set_verdict(claim, "mixed", reviewer="ben", **S)  # ben's verdict stands now
    assert own.role is None
    assert store.verify().ok


def test_a_disagreement_ends_when_the_parties_agree(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **S)
    store.set_verdict(claim, "false", reviewer="ben", overrule=True, **S)
    # Ana insists: that overrules Ben in turn, still a disagreement.
    with pytest.raises(OverruleNeeded):
        store.set_verdict(claim, "true", reviewer="ana", **S)
    store.set_verdict(claim, "true", reviewer="ana", overrule=True, **S)
    assert store.claim(claim).agreement == Agreement.DISPUTED
    # Ben comes round: the same verdict, no confirmation needed, and they agree.
    done = store.set_verdict(claim, "true", reviewer="ben", **S)
    assert done.state.agreement == Agreement.AGREED and store.claims(status="conflict") == []
    assert store.verify().ok


def test_someone_else_adjudicates_a_disagreement_explicitly(store):
    claim = store.claim_ids()[0]
    ana = store.set_verdict(claim, "true", reviewer="ana", **S)
    ben = store.set_verdict(claim, "false", reviewer="ben", overrule=True, **S)
    with pytest.raises(AdjudicationNeeded, match=r"reviewers disagree \(ana: True, ben: False\)"):
        store.set_verdict(claim, "mixed", reviewer="cai", **S)
    ruling = store.set_verdict(claim, "mixed", reviewer="cai", adjudicate=True, **S)
    assert ruling.role == {"role": "adjudication", "of": [ana.seq, ben.seq]}
    state = store.claim(claim)
    assert (state.verdict, state.agreement) == ("mixed", Agreement.ADJUDICATED)
    assert store.claims(status="adjudication") == []
    # Changing an adjudicated verdict afterwards is an overrule of the adjudicator.
    with pytest.raises(OverruleNeeded, match="cai's"):
        store.set_verdict(claim, "true", reviewer="ana", **S)
    # The adjudicator may revise their own ruling.
    again = store.set_verdict(claim, "mostly-false", reviewer="cai", **S)
    assert again.role == {"role": "adjudication", "of": [ana.seq, ben.seq]}
    assert store.verify().ok


def test_not_having_seen_it_is_a_conflict_not_an_overrule(store):
    claim = store.claim_ids()[0]
    ana = store.set_verdict(claim, "true", reviewer="ana", seen=None, **S)
    ben = store.set_verdict(claim, "false", reviewer="ben", seen=None, **S)  # he had seen nothing
    assert ben.conflict_with == ana.seq and ben.role is None
    assert store.claim(claim).conflict


def test_undoing_an_overrule_gives_the_verdict_back(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **S)
    store.set_verdict(claim, "false", reviewer="ben", overrule=True, **S)
    store.undo(claim, reviewer="ben")
    state = store.claim(claim)
    assert (state.verdict, state.reviewer, state.agreement) == ("true", "ana", None)
    assert store.verify().ok


def test_a_dismissal_over_a_verdict_is_an_overrule_too(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **S)
    with pytest.raises(OverruleNeeded):
        store.dismiss(claim, reviewer="ben", **S)
    done = store.dismiss(claim, reviewer="ben", overrule=True, **S)
    assert done.role["role"] == "overrule" and store.claim(claim).verdict == DISMISS


# -------------------------------------------------------------- double review


def test_double_review_blind_pending_then_agreed(store):
    claim = store.claim_ids()[0]
    ana = store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    assert ana.role == {"role": "double", "blind": True}
    state = store.claim(claim)
    # One of two: no settled verdict yet, so not reviewed, and ana's verdict waits.
    assert (state.verdict, state.agreement) == (None, Agreement.PENDING)
    assert state.reviewed_by("ana") and not state.reviewed_by("ben")
    assert store.stats().pending == 1
    assert claim in store.claim_ids(status="unreviewed", viewer="ben")
    assert claim not in store.claim_ids(status="unreviewed", viewer="ana")
    assert claim in store.claim_ids(status="reviewed", viewer="ana")
    # Ben decides too, blind (he could not see ana's): no conflict, whatever he had seen.
    ben = store.set_verdict(claim, "true", reviewer="ben", seen=None, **DOUBLE)
    assert ben.role == {"role": "double", "blind": True} and ben.conflict_with is None
    state = store.claim(claim)
    assert (state.verdict, state.agreement) == ("true", Agreement.AGREED)
    assert set(state.reviews) == {"ana", "ben"}
    assert store.verify().ok


def test_double_review_disagreement_revision_and_adjudication(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    store.set_verdict(claim, "false", reviewer="ben", **DOUBLE)
    state = store.claim(claim)
    assert (state.verdict, state.agreement) == (None, Agreement.DISPUTED)
    assert [c.id for c in store.claims(status="adjudication")] == [claim]
    # A party may revise their own verdict (not blind any more: they saw the other's).
    revised = store.set_verdict(claim, "mixed", reviewer="ben", **DOUBLE)
    assert revised.role == {"role": "double", "blind": False}
    assert store.claim(claim).agreement == Agreement.DISPUTED
    with pytest.raises(AdjudicationNeeded):
        store.set_verdict(claim, "mostly-true", reviewer="cai", **DOUBLE)
    store.set_verdict(claim, "mostly-true", reviewer="cai", adjudicate=True, **S)  # from a single session too
    state = store.claim(claim)
    assert (state.verdict, state.reviewer, state.agreement) == ("mostly-true", "cai", Agreement.ADJUDICATED)
    assert store.verify().ok


def test_a_claim_under_double_review_stays_so_for_a_single_session(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    ben = store.set_verdict(claim, "false", reviewer="ben", **S)  # ben reviews single, but the claim is double
    assert ben.role == {"role": "double", "blind": True}
    assert store.claim(claim).agreement == Agreement.DISPUTED


def test_a_third_blind_verdict_joins_the_review(store):
    claim = store.claim_ids()[0]
    first = store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    # Cai opened the claim while only ana had decided: his verdict is blind, whatever came since.
    store.set_verdict(claim, "true", reviewer="ben", **DOUBLE)
    cai = store.set_verdict(claim, "false", reviewer="cai", seen=first.seq, **DOUBLE)
    assert cai.role == {"role": "double", "blind": True}
    assert store.claim(claim).agreement == Agreement.DISPUTED
    assert len(store.claim(claim).reviews) == 3


def test_undo_of_a_blind_verdict(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    store.set_verdict(claim, "false", reviewer="ben", **DOUBLE)
    store.undo(claim, reviewer="ben")
    assert store.claim(claim).agreement == Agreement.PENDING
    store.undo(claim, reviewer="ana")
    assert store.claim(claim).agreement is None and store.claim(claim).verdict is None
    assert store.verify().ok


def test_an_agreed_verdict_belongs_to_both(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "true", reviewer="ana", **DOUBLE)
    store.set_verdict(claim, "true", reviewer="ben", **DOUBLE)
    # Ben changing it alone would overrule ana, who agreed with him.
    with pytest.raises(OverruleNeeded, match="ana's"):
        store.set_verdict(claim, "false", reviewer="ben", **DOUBLE)


# ------------------------------------------------------------------- evidence


def test_evidence_is_an_audited_decision(store):
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "false", reviewer="ana", **S)
    decision = store.set_evidence(
        claim,
        sources=["https://ons.gov.uk/figures Labour market, May 2024", "http://example.org/report"],
        explanation="The ministry's own figure is 38, not 40.",
        reviewer="ana",
    )
    assert decision.action == "evidence"
    state = store.claim(claim)
    assert [(s.url, s.title) for s in state.sources] == [
        ("https://ons.gov.uk/figures", "Labour market, May 2024"),
        ("http://example.org/report", None),
    ]
    assert state.explanation == "The ministry's own figure is 38, not 40."
    assert store.verify().ok
    store.undo(claim, reviewer="ana")  # undo takes it back like any decision
    assert store.claim(claim).sources == () and store.claim(claim).explanation is None
    store.set_evidence(claim, sources=["https://a.example/x"], reviewer="ana")
    store.set_evidence(claim, reviewer="ana")  # nothing: clears it
    assert store.claim(claim).sources == ()
    assert store.verify().ok


@pytest.mark.parametrize(
    "source, problem",
    [
        ("javascript:alert(1)", "http:// or https://"),
        ("ftp://example.org/x", "http:// or https://"),
        ("https:///nohost", "names no host"),
        ("example.org/x", "http:// or https://"),
        ("https://example.org/a\u202eb", "invisible character"),
        ("https://example.org/\x1b[2J", "invisible character"),
        ("https://example.org/" + "a" * 2100, "at most 2,048"),
        ("", "needs a URL"),
    ],
)
def test_sources_are_validated(store, source, problem):
    claim = store.claim_ids()[0]
    with pytest.raises(InvalidDecision, match=problem):
        store.set_evidence(claim, sources=[source], reviewer="ana")
    assert store.history(claim) == []


def test_too_many_sources_or_too_long_an_explanation(store):
    claim = store.claim_ids()[0]
    with pytest.raises(InvalidDecision, match="at most 20 sources"):
        store.set_evidence(claim, sources=[f"https://e.org/{i}" for i in range(21)], reviewer="ana")
    with pytest.raises(InvalidDecision, match="at most 5,000 characters"):
        store.set_evidence(claim, explanation="x" * 5001, reviewer="ana")


def test_verify_names_a_tampered_evidence_event(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path)
    claim = store.claim_ids()[0]
    store.set_evidence(claim, sources=["https://example.org/a"], reviewer="ana")
    store.close()
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER events_no_update")
    (seq,) = raw.execute("SELECT seq FROM events WHERE action = 'evidence'").fetchone()
    raw.execute("""UPDATE events SET value = '{"sources": [{"url": "javascript:x"}]}' WHERE seq = ?""", (seq,))
    raw.execute(schema.EVENT_TRIGGERS["events_no_update"])
    raw.commit()
    raw.close()
    with Store.open(path) as again:
        result = again.verify()
    assert not result.ok
    assert any(f"event {seq}" in p and "http:// or https://" in p for p in result.problems)


# --------------------------------------------------------- verdicts and scales


def test_a_verdict_by_its_label_in_any_case(store):
    ids = store.claim_ids()
    assert store.set_verdict(ids[0], "Mostly true", reviewer="ana", **S).value == "mostly-true"
    assert store.set_verdict(ids[1], "MOSTLY-FALSE", reviewer="ana", **S).value == "mostly-false"
    assert store.set_verdict(ids[2], "Pants on Fire", reviewer="ana", scale=POLITIFACT_SCALE).value == "pants-on-fire"
    assert store.set_verdict(ids[3], "Not check-worthy", reviewer="ana", **S).value == DISMISS
    with pytest.raises(InvalidDecision, match="use one of true, mostly-true"):
        store.set_verdict(ids[4], "sort of", reviewer="ana", **S)


def test_unverifiable_is_off_the_scale_and_a_custom_verdict_can_be(tmp_path, store):
    unverifiable = DEFAULT_SCALE.get("unverifiable")
    assert not unverifiable.on_scale and unverifiable.rating_value is None
    assert unverifiable.rating() == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert (DEFAULT_SCALE.get("false").rating_value, DEFAULT_SCALE.get("false").worst_rating) == (1, 1)
    path = tmp_path / "house.toml"
    path.write_text(
        'id = "house"\n'
        '[[verdict]]\nslug = "accurate"\nlabel = "Accurate"\n'
        '[[verdict]]\nslug = "wrong"\nlabel = "Wrong"\n'
        '[[verdict]]\nslug = "no-evidence"\nlabel = "No evidence"\non_scale = false\n',
        encoding="utf-8",
    )
    house = load_scale(path)
    assert [(v.slug, v.rating_value, v.on_scale) for v in house.verdicts] == [
        ("accurate", 2, True), ("wrong", 1, True), ("no-evidence", None, False),
    ]
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "No evidence", reviewer="ana", scale=house)
    assert store.claim(claim).detail["on_scale"] is False
    assert store.verify().ok
    path.write_text(
        'id = "bad"\n[[verdict]]\nslug = "x"\nlabel = "X"\non_scale = false\nrating = 1\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="off the scale.*has no `rating`"):
        load_scale(path)


def test_a_database_from_before_keeps_its_verdicts_and_verifies(tmp_path):
    # Made at schema 6 (before migrations 9 and 10), with a verdict replaced by another
    # reviewer the old, silent way: it opens, migrates, reads the same and verifies.
    from workbench.store import audit

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=6)
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0]
    conn.execute("INSERT INTO documents (id, lineage, sha256, ingested_at, text) VALUES (1, 1, 'a', 'x', 'Rates rose.')")
    conn.execute(
        "INSERT INTO claims (identity, document_id, sentence_idx, sentence, sent_start, sent_end, start, \"end\", "
        "position, text, kind, speaker, score, tier, extractor_version, created_at, updated_at) VALUES "
        "('i1', 1, 0, 'Rates rose.', 0, 11, 0, 11, 0, 'Rates rose', 'event', 'the bank', 0.9, 'high', 'v', 'x', 'x')"
    )
    prev, events = genesis, []
    for seq, (reviewer, value) in enumerate((("ana", "true"), ("ben", "false")), start=1):
        # The snapshot as the workbench recorded it then: the default scale rated 0..5.
        snapshot = DEFAULT_SCALE.get(value).snapshot(DEFAULT_SCALE)
        del snapshot["on_scale"]
        detail = json.dumps({**snapshot, "worst_rating": 0}, sort_keys=True, ensure_ascii=False)
        event = {
            "seq": seq, "at": f"2024-01-0{seq}T00:00:00.000Z", "reviewer": reviewer, "action": "verdict",
            "claim_id": 1, "document_id": None, "value": value, "scale": "default", "detail": detail,
            "seen": seq - 1 or None, "conflict_with": None, "undoes": None, "prev_hash": prev,
        }
        event["hash"] = prev = audit.event_hash(prev, event)
        conn.execute(
            "INSERT INTO events (seq, at, reviewer, action, claim_id, document_id, value, scale, detail, seen, "
            "conflict_with, undoes, prev_hash, hash) VALUES (:seq, :at, :reviewer, :action, :claim_id, "
            ":document_id, :value, :scale, :detail, :seen, :conflict_with, :undoes, :prev_hash, :hash)",
            event,
        )
        events.append(event)
    old_columns = audit.STATE_COLUMNS.split(", ")[:12]  # claim_state as schema 6 had it
    conn.execute(
        f"INSERT INTO claim_state ({', '.join(old_columns)}) VALUES ({', '.join('?' * 12)})",
        audit.fold(1, events).as_row()[:12],
    )
    conn.close()
    with Store.open(path) as store:
        assert schema.schema_version(store.conn) == schema.SCHEMA_VERSION
        claim = store.claim(1)
        assert (claim.verdict, claim.reviewer, claim.agreement, claim.sources) == ("false", "ben", None, ())
        assert store.verify().ok
        # New decisions on it follow the new rules: ben's verdict stands, ana must overrule it.
        with pytest.raises(OverruleNeeded):
            store.set_verdict(1, "true", reviewer="ana", **S)
