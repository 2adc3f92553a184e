"""The desk model in the store: the prior kept apart, learn events on the chain, re-ranking.

Real SQLite files and the real learn core (workbench/nlp/learn.py) throughout.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from desk_helpers import SHIPPED, add_articles, decide, make_desk_db
from store_helpers import FakeArticle, add_article, extraction_for
from workbench import desk
from workbench.domain import Rescore
from workbench.nlp import checkworthy
from workbench.nlp.learn import LearnError
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE
from workbench.store import InvalidDecision, Store, audit, schema
from workbench.vocab import Action, Ranker, Status


def snapshot(store: Store, status: str) -> dict[int, tuple]:
    return {c.id: (c.score, c.tier, c.reasons, c.model_version) for c in store.claims(status=status)}


def test_extraction_stores_the_shipped_score_as_the_prior_and_names_its_model(tmp_path):
    with Store.open(tmp_path / "w.db") as store:
        add_articles(store, 1, lines=3)
        for claim in store.claims():
            assert (claim.prior_score, claim.prior_tier, claim.prior_reasons) == (claim.score, claim.tier, claim.reasons)
            assert claim.prior_version == claim.model_version == SHIPPED
            assert not claim.ranked_by_desk
        ranking = store.ranking()
        assert (ranking.ranker, ranking.version, ranking.seq) == (Ranker.SHIPPED, None, None)
        assert store.verify().ok


def test_too_few_decisions_or_one_kind_is_one_line_and_writes_nothing(tmp_path):
    with Store.open(tmp_path / "w.db") as store:
        add_articles(store, 4)
        ids = sorted(store.claim_ids())
        decide(store, ids[:10])
        head = store.head()
        before = snapshot(store, Status.ALL)
        with pytest.raises(LearnError, match=r"^too few decisions to learn from: 10 \(need at least 20\)$"):
            desk.learn(store, reviewer="ana")
        for claim_id in ids[10:40]:
            store.set_verdict(claim_id, "true", scale=DEFAULT_SCALE, reviewer="ana")
        only = sorted(c.id for c in store.claims(status=Status.DISMISSED))
        for claim_id in only:
            store.undo(claim_id, reviewer="ana")
        with pytest.raises(LearnError, match="^only verdicts so far: a model needs both verdicts and dismissals$"):
            desk.learn(store, reviewer="ana", evaluate_only=True)
        assert store.ranking().seq is None and not store.learn_history()
        assert snapshot(store, Status.ALL).keys() == before.keys()
        assert store.head()[0] > head[0]  # the verdicts and undos, and nothing else
        assert all(e.action != Action.LEARN for e in store.events())


def test_a_refit_that_beats_the_prior_ranks_the_unreviewed_and_never_moves_a_decided_claim(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        decided = snapshot(store, Status.REVIEWED)
        unreviewed = snapshot(store, Status.UNREVIEWED)
        report = desk.learn(store, reviewer="ana")
        assert report.beats_prior and report.ranker == Ranker.DESK
        assert report.counts == {"labels": 200, "verdicts": report.counts["verdicts"],
                                 "dismissals": 200 - report.counts["verdicts"], "documents": report.counts["documents"]}
        assert report.rescored == len(unreviewed) == 160
        # Decided claims keep the score, tier, reasons and model that ranked them.
        assert snapshot(store, Status.REVIEWED) == decided
        for claim in store.claims(status=Status.UNREVIEWED):
            assert claim.model_version == report.version and claim.ranked_by_desk
            assert (claim.prior_score, claim.prior_version) == (unreviewed[claim.id][0], SHIPPED)
            # The reasons are the desk model's own terms (issue 14 §4).
            assert claim.reasons and all(r.startswith(("the desk ", "shipped model: ", "desk model: ")) for r in claim.reasons)
        # Claims this desk checks now rank above those it dismisses.
        top = store.claims(status=Status.UNREVIEWED, limit=20)
        assert all(any(w in c.text for w in ("budget", "unemployment", "hospital")) for c in top)
        # One audited event with the counts and version; the model stored with them.
        event = store.events(after=report.seq - 1)[0]
        assert (event.action, event.claim_id, event.value, event.reviewer) == (Action.LEARN, None, report.version, "ana")
        assert event.detail["counts"] == report.counts and event.detail["ranker"] == Ranker.DESK
        assert event.detail["rescored"] == 160 and event.detail["previous"] is None
        assert event.detail["evaluation"]["beats_prior"] is True
        stored = store.desk_model(report.version)
        assert stored.event_seq == report.seq and dict(stored.counts) == report.counts
        assert json.loads(stored.body)["version"] == report.version
        assert stored.sha256 == event.detail["model_sha256"]
        ranking = store.ranking()
        assert (ranking.ranker, ranking.version, ranking.seq) == (Ranker.DESK, report.version, report.seq)
        assert store.verify().ok


def test_a_claim_decided_while_the_refit_ran_is_not_moved(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        rows = store.learn_rows(unreviewed_only=True)
        late = rows[0].claim_id
        store.set_verdict(late, "false", scale=DEFAULT_SCALE, reviewer="bo")  # lands after the read
        before = store.claim(late)
        rescores = [Rescore(r.claim_id, 0.99, "high", ("the desk checks this",), "desk-0000000000") for r in rows]
        seq, rescored = store.record_learn(
            reviewer="ana", ranker=Ranker.DESK, version="desk-0000000000", prior_version=SHIPPED,
            counts={"labels": 201, "verdicts": 101, "dismissals": 100, "documents": 17}, evaluation={},
            message="test", body='{"version": "desk-0000000000"}', rescores=rescores,
        )
        assert rescored == len(rows) - 1
        after = store.claim(late)
        assert (after.score, after.tier, after.reasons, after.model_version) == (
            before.score, before.tier, before.reasons, before.model_version)
        assert store.verify().ok


def test_claims_that_come_in_while_the_refit_runs_are_scored_by_it_too(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        real = store.record_learn
        added: list[int] = []

        def record_after_an_ingest(**kwargs):
            added.extend(add_articles(store, 1, seed=9, start=99))  # between the read and the write
            return real(**kwargs)

        store.record_learn = record_after_an_ingest  # type: ignore[method-assign]
        report = desk.learn(store, reviewer="ana")
        late = [c for c in store.claims(document=added[0])]
        assert late and all(c.model_version == report.version for c in late)
        assert report.rescored == 160 + len(late)


def test_a_refit_that_does_not_beat_the_prior_keeps_the_shipped_model_and_says_so(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        first = desk.learn(store, reviewer="ana")
        assert first.ranker == Ranker.DESK
        decided_before = snapshot(store, Status.REVIEWED)
        # The desk changes its mind at random: its model no longer beats the shipped one.
        ids = sorted(store.claim_ids())[200:]
        decide(store, ids[:150], shuffled=True)
        for c in store.claims(status=Status.REVIEWED):
            if c.id in decided_before:
                store.undo(c.id, reviewer="ana")
        decide(store, sorted(decided_before), shuffled=True, seed=5)
        report = desk.learn(store, reviewer="ana")
        assert not report.beats_prior and report.ranker == Ranker.SHIPPED
        assert report.version == checkworthy.MODEL_VERSION and report.previous == first.version
        event = store.events(after=report.seq - 1)[0]
        assert (event.action, event.value, event.detail["ranker"]) == (Action.LEARN, report.version, Ranker.SHIPPED)
        assert "model_sha256" not in event.detail and event.detail["previous"] == first.version
        # Unreviewed claims the desk model had ranked are back on their prior.
        for claim in store.claims(status=Status.UNREVIEWED):
            assert (claim.score, claim.tier, claim.reasons, claim.model_version) == (
                claim.prior_score, claim.prior_tier, claim.prior_reasons, claim.prior_version)
        assert report.rescored == sum(1 for _ in store.claims(status=Status.UNREVIEWED))
        assert store.ranking().ranker == Ranker.SHIPPED
        assert desk.rescore_new(store) == (0, None)
        assert store.verify().ok


def test_evaluate_only_writes_nothing(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        head = store.head()
        before = snapshot(store, Status.ALL)
        report = desk.learn(store, evaluate_only=True)
        assert report.evaluate_only and report.beats_prior and report.seq is None
        assert report.message.startswith("desk model beats the shipped model over 5 folds of 200 decisions")
        assert len(report.folds) == 5 and report.local_ap > report.prior_ap
        assert store.head() == head and snapshot(store, Status.ALL) == before


def test_a_second_refit_keeps_only_the_json_of_the_model_in_use(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        first = desk.learn(store, reviewer="ana")
        decide(store, sorted(store.claim_ids())[200:240])
        second = desk.learn(store, reviewer="bo", auto=True, expect_seq=first.seq)
        assert second.version != first.version and second.previous == first.version
        assert store.desk_model(first.version).body is None
        assert store.desk_model(second.version).body is not None
        assert store.events(after=second.seq - 1)[0].detail["auto"] is True
        assert [r.seq for r in store.learn_history()] == [second.seq, first.seq]
        assert store.decisions_since(second.seq) == 0
        store.set_verdict(sorted(store.claim_ids())[300], "true", scale=DEFAULT_SCALE, reviewer="ana")
        assert store.decisions_since(second.seq) == 1
        assert store.verify().ok


def test_a_refit_that_lost_the_race_to_another_is_refused(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        first = desk.learn(store, reviewer="ana")
        with pytest.raises(InvalidDecision, match=rf"another refit \(event #{first.seq}\) was recorded while this one ran"):
            desk.learn(store, reviewer="bo", expect_seq=None)
        assert store.ranking().seq == first.seq


def test_new_claims_are_scored_by_the_desk_model_in_use(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        report = desk.learn(store, reviewer="ana")
        doc = add_articles(store, 1, seed=11, start=50)[0]
        fresh = store.claims(document=doc)
        assert all(c.model_version == SHIPPED and c.score == c.prior_score for c in fresh)
        n, warning = desk.rescore_new(store, document_ids=[doc])
        assert (n, warning) == (len(fresh), None)
        assert all(c.model_version == report.version for c in store.claims(document=doc))
        assert desk.rescore_new(store) == (0, None)  # nothing left to score
        assert store.verify().ok


def test_an_unreadable_stored_model_leaves_new_claims_on_the_shipped_score_with_a_warning(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        report = desk.learn(store, reviewer="ana")
        with store.transaction() as conn:
            conn.execute("UPDATE desk_models SET body = '{\"format\": \"workbench-desk-model\", \"format_version\": 0}'")
        doc = add_articles(store, 1, seed=12, start=60)[0]
        n, warning = desk.rescore_new(store, document_ids=[doc])
        assert n == 0 and warning.startswith("desk model: format 0/None is not 1/desk-f2; run learn again")
        assert "new claims keep the shipped model's score" in warning
        assert all(c.model_version == SHIPPED for c in store.claims(document=doc))
        problems = store.verify().problems
        assert any(f"desk model '{report.version}'" in p and "its JSON is not what learn event" in p for p in problems)


def test_verify_checks_the_models_and_the_scores_against_the_learn_events(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        report = desk.learn(store, reviewer="ana")
        assert store.verify().ok
        shipped = next(c for c in store.claims(status=Status.REVIEWED))
        with store.transaction() as conn:
            conn.execute("UPDATE claims SET score = 0.999 WHERE id = ?", (shipped.id,))
            conn.execute("UPDATE claims SET model_version = 'desk-ffffffffff' WHERE id = ("
                         "SELECT MIN(id) FROM claims WHERE model_version LIKE 'desk-%')")
            conn.execute("UPDATE desk_models SET counts = '{}'")
        problems = store.verify().problems
        assert f"claim {shipped.id}: ranked by the shipped model, but its score differs from the shipped model's" in problems
        assert "claims are ranked by 'desk-ffffffffff', which no learn event put in use" in problems
        assert any("differs from learn event" in p for p in problems)
        with store.transaction() as conn:
            conn.execute("DELETE FROM desk_models")
        problems = store.verify().problems
        assert f"learn event #{report.seq}: the desk model it put in use is not stored" in problems


def _append_raw(store: Store, value: str, detail: dict) -> int:
    from workbench.store import clock

    with store.transaction() as conn:
        seq, prev = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        event = {"seq": seq + 1, "at": clock.now(), "reviewer": "x", "action": "learn", "claim_id": None,
                 "document_id": None, "value": value, "scale": None, "detail": json.dumps(detail, sort_keys=True),
                 "seen": None, "conflict_with": None, "undoes": None, "content": None, "prev_hash": prev}
        event["hash"] = audit.event_hash(prev, event)
        conn.execute(f"INSERT INTO events ({audit.EVENT_COLUMNS}) VALUES (:seq, :at, :reviewer, :action, "
                     ":claim_id, :document_id, :value, :scale, :detail, :seen, :conflict_with, :undoes, "
                     ":content, :prev_hash, :hash)", event)
    return event["seq"]


def test_verify_names_a_learn_event_that_means_nothing(tmp_path):
    with make_desk_db(tmp_path / "w.db", decided=30) as store:
        counts = {"labels": 3, "verdicts": 1, "dismissals": 1, "documents": 1}
        seq = _append_raw(store, "desk-0123456789", {"ranker": "desk", "counts": counts, "rescored": 0})
        seq2 = _append_raw(store, "cw-x", {"ranker": "desk", "rescored": 0,
                                           "counts": {"labels": 2, "verdicts": 1, "dismissals": 1, "documents": 1}})
        problems = store.verify().problems
        assert f"event {seq}: a learn event's verdicts and dismissals must add up to the labels" in problems
        assert f"event {seq2}: a learn event's ranker 'desk' does not fit the version 'cw-x'" in problems


def test_a_store_of_schema_7_gains_the_prior_and_keeps_searching(tmp_path):
    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=7)
    conn.close()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("INSERT INTO documents (id, lineage, sha256, ingested_at, text) VALUES (1, 1, 'a', 'x', 'Rates rose.')")
    raw.execute(
        "INSERT INTO claims (identity, document_id, sentence_idx, sentence, sent_start, sent_end, start, \"end\", "
        "position, text, kind, speaker, score, tier, reasons, extractor_version, created_at, updated_at) VALUES "
        "('i1', 1, 0, 'Rates rose.', 0, 11, 0, 11, 0, 'Rates rose', 'event', 'the bank', 0.7, 'high', "
        "'[\"reports an event\"]', 'v', 'x', 'x')"
    )
    raw.close()
    with Store.open(path) as store:
        claim = store.claim(1)
        assert (claim.prior_score, claim.prior_tier, claim.prior_reasons) == (0.7, "high", ("reports an event",))
        assert (claim.model_version, claim.prior_version, claim.ranked_by_desk) == (None, None, False)
        store.correct_claim(1, text="Interest rates rose", reviewer="ana")
        assert [c.id for c in store.claims(search="interest")] == [1]
        assert store.claims(search="rose")[0].text == "Interest rates rose"
        assert store.verify().ok
        with store.transaction() as c:  # a score changes; the index still finds the claim by its words
            c.execute("UPDATE claims SET score = 0.2, prior_score = 0.2 WHERE id = 1")
        assert [c.id for c in store.claims(search="interest")] == [1]
        # The shipped score is content the chain binds: changed outside the log, verify says so.
        assert any(p.startswith("claim 1: ") for p in store.verify().problems)


def test_the_search_index_follows_claims_when_only_scores_change(tmp_path):
    with Store.open(tmp_path / "w.db") as store:
        add_article(store, "a.txt", "The ministry said 40 people were arrested.\nThe bank raised rates.\n")
        store.record_learn(
            reviewer="ana", ranker=Ranker.DESK, version="desk-0000000001", prior_version=SHIPPED,
            counts={"labels": 0, "verdicts": 0, "dismissals": 0, "documents": 0}, evaluation={}, message="",
            body="{}", rescores=[Rescore(c.id, 0.5, "medium", ("x",), "desk-0000000001") for c in store.claims()],
        )
        assert [c.text for c in store.claims(search="ministry")] == ["The ministry said 40 people were arrested"]
        assert store.conn.execute(
            "INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)"
        ).fetchall() == []
        assert store.verify().ok


def test_the_refit_in_a_process_of_its_own_reports_as_in_this_one(tmp_path):
    # What the app runs: `python -m workbench.desk` in a child, its report or error back as JSON.
    make_desk_db(tmp_path / "few.db", documents=3, decided=10).close()
    with pytest.raises(LearnError, match=r"^too few decisions to learn from: 10 \(need at least 20\)$"):
        desk.learn_in_process(tmp_path / "few.db", reviewer="ana")
    make_desk_db(tmp_path / "w.db").close()
    evaluated = desk.learn_in_process(tmp_path / "w.db", evaluate_only=True)
    report = desk.learn_in_process(tmp_path / "w.db", reviewer="ana", auto=True, expect_seq=None)
    assert evaluated.evaluate_only and evaluated.beats_prior and evaluated.counts == report.counts
    assert report.ranker == Ranker.DESK and report.rescored == 160 and len(report.folds) == 5
    with Store.open(tmp_path / "w.db") as store:
        assert store.ranking().seq == report.seq and store.ranking().version == report.version
    with pytest.raises(desk.Raced, match="another refit"):
        desk.learn_in_process(tmp_path / "w.db", reviewer="bo", expect_seq=None)
