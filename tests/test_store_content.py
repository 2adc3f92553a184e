"""The chain covers what was reviewed: claim, sentence and document content, bound by digests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from store_helpers import SAMPLE, FakeArticle, add_article, extraction_for, make_db
from workbench.cli import cli
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store, schema
from workbench.store import content as content_module
from workbench.vocab import Action, Actor


@pytest.fixture
def reviewed(tmp_path):
    """Two articles, a verdict, a note, a correction and a document edit; returns the path."""
    path = tmp_path / "w.db"
    store = make_db(path, articles=2)
    ids = store.claim_ids()
    store.set_verdict(ids[0], "false", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(ids[1], "ask the ministry", reviewer="ana")
    store.correct_claim(3, speaker="the central bank", reviewer="ben")
    store.edit_document(1, {"title": "Corrected"}, reviewer="ben")
    assert store.verify().ok, store.verify().problems
    store.close()
    return path


def sql(path: Path, statement: str, *params) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(statement, params)
    conn.close()


def problems(path: Path, **options) -> list[str]:
    with Store.open(path) as store:
        return store.verify(**options).problems


def test_every_ingest_appends_a_content_event_and_decisions_bind_the_claim(reviewed):
    with Store.open(reviewed) as store:
        events = store.events()
        content = [e for e in events if e.action == Action.CONTENT]
        assert [e.reviewer for e in content] == [Actor.INGEST, Actor.INGEST]
        assert set(content[0].detail["claims"]) == {str(c.id) for c in store.claims(document=1)}
        decisions = [e for e in events if e.action != Action.CONTENT]
        assert all(e.content and e.content.startswith("1:") for e in decisions)


@pytest.mark.parametrize(
    "statement, named",
    [
        ("UPDATE claims SET text = 'Pakistan has 40 nuclear warheads.' WHERE id = 1", "claim 1:"),
        ("UPDATE claims SET superseded = 1 WHERE id = 1", "claim 1:"),
        ("UPDATE claims SET start = start + 1 WHERE id = 2", "claim 2:"),
        ("UPDATE claims SET sentence = 'The ministry said 4 people were arrested.' WHERE id = 1", "claim 1:"),
        ("UPDATE documents SET text = replace(text, '40', '400') WHERE id = 1", "document 1:"),
        ("UPDATE sentences SET text = 'Nothing happened.' WHERE id = 1", "document 1:"),
        ("UPDATE document_paths SET path = '/elsewhere.txt' WHERE document_id = 2", "document 2:"),
        ("UPDATE documents SET extracted = json_set(extracted, '$.title', 'Quiet') WHERE id = 2", "document 2:"),
        # The corrected claim: what extraction said is kept beside the correction, and covered.
        ("UPDATE claims SET extracted = json_set(extracted, '$.text', 'Something else') WHERE id = 3", "claim 3:"),
    ],
)
def test_content_changed_outside_the_log_is_named(reviewed, statement, named):
    head = problems_free_head(reviewed)
    sql(reviewed, statement)
    found = problems(reviewed)
    assert any(p.startswith(named) for p in found), found
    # An expected head does not excuse it: the chain is intact, the content is not.
    result = CliRunner().invoke(cli, ["--db", str(reviewed), "verify", "--expect-head", head])
    assert result.exit_code == 1
    assert f"FAILED: {named}" in result.output


def problems_free_head(path: Path) -> str:
    with Store.open(path) as store:
        result = store.verify()
        assert result.ok, result.problems
        return result.head


def test_a_decision_made_on_changed_content_is_named_even_after_it(reviewed):
    sql(reviewed, "UPDATE claims SET text = 'Pakistan has 40 nuclear warheads' WHERE id = 1")
    with Store.open(reviewed) as store:
        decision = store.set_verdict(1, "true", scale=DEFAULT_SCALE, reviewer="ana")
        found = store.verify().problems
    # The new verdict bound the changed text; verify still says where the change came from.
    assert any(f"event {decision.seq} was decided on content that differs" in p for p in found), found


def test_reextraction_over_a_changed_document_is_caught(reviewed):
    sql(reviewed, "UPDATE documents SET text = replace(text, '40', '400') WHERE id = 1")
    with Store.open(reviewed) as store:
        store.replace_extraction(1, extraction_for(SAMPLE), model="m", extractor_version="test-2")
        found = store.verify().problems
    assert any(p.startswith("document 1: changed outside the log between event") for p in found), found


def test_legitimate_writes_keep_verify_green(reviewed):
    with Store.open(reviewed) as store:
        ids = store.claim_ids()
        store.undo(3, reviewer="ben")  # the correction
        store.correct_claim(3, text="The bank raised its main rate to 5.25 percent", reviewer="ben")
        store.replace_extraction(1, extraction_for(SAMPLE.replace("40", "41")), model="m", extractor_version="test-2")
        add_article(store, "articles/a0.txt", SAMPLE.replace("40", "42") + "A new line was added.\n")  # a new version
        article = FakeArticle(Path("copies/same.txt"), SAMPLE.replace("40", "41"), Metadata())
        store.store_document(article, extraction_for(article.text), model="m", extractor_version="x")  # a new path
        result = store.verify()
        assert result.ok, result.problems
        kinds = [e.reviewer for e in store.events() if e.action == Action.CONTENT]
    assert kinds[-3:] == [Actor.EXTRACT, Actor.INGEST, Actor.INGEST]


def test_a_decision_without_its_content_digest_is_refused_by_verify(reviewed):
    from workbench.store import audit, clock

    with Store.open(reviewed) as store, store.transaction() as conn:
        audit.append(conn, store.genesis, {"at": clock.now(), "reviewer": "x", "action": "note", "claim_id": 1, "value": "n"})
        from workbench.store.decisions import refresh_state

        refresh_state(conn, 1)
    assert any("does not record the content it was made on" in p for p in problems(reviewed))


def test_an_older_database_gains_a_baseline_and_is_covered_from_then_on(tmp_path):
    from workbench.store import audit

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.initialise(conn)
    schema.migrate(conn, target=6)
    # A database as the workbench before migration 9 wrote it: a claim and a verdict, no content events.
    conn.execute("INSERT INTO documents (id, lineage, sha256, ingested_at, text) VALUES (1, 1, 'a', 'x', 'Rates rose.')")
    conn.execute(
        "INSERT INTO claims (identity, document_id, sentence_idx, sentence, sent_start, sent_end, start, \"end\", "
        "position, text, kind, speaker, score, tier, extractor_version, created_at, updated_at) VALUES "
        "('i1', 1, 0, 'Rates rose.', 0, 11, 0, 11, 0, 'Rates rose', 'event', 'the bank', 0.9, 'high', 'v', 'x', 'x')"
    )
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0]
    old = {f: None for f in audit.HASHED_FIELDS if f != "content"}
    old.update(seq=1, at="2024-01-01T00:00:00.000Z", reviewer="ana", action="verdict", claim_id=1, value="true",
               scale="default")
    old["prev_hash"] = genesis
    old["hash"] = audit.event_hash(genesis, old)
    conn.execute(
        f"INSERT INTO events ({', '.join(old)}) VALUES ({', '.join('?' * len(old))})", tuple(old.values())
    )
    conn.execute(
        "INSERT INTO claim_state (claim_id, verdict, scale, reviewer, decided_at, last_seq, events) "
        "VALUES (1, 'true', 'default', 'ana', '2024-01-01T00:00:00.000Z', 1, 1)"
    )
    conn.close()
    with Store.open(path) as store:
        events = store.events()
        assert [e.action for e in events] == [Action.VERDICT, Action.CONTENT]
        assert events[1].reviewer == Actor.MIGRATION and events[0].content is None
        assert events[0].hash == old["hash"]  # the old event's hash is unchanged
        assert store.verify().ok, store.verify().problems
    sql(path, "UPDATE claims SET speaker = 'someone else' WHERE id = 1")
    assert any(p.startswith("claim 1:") for p in problems(path))


def test_undecodable_bytes_are_damage_at_a_named_event(reviewed):
    conn = sqlite3.connect(reviewed, isolation_level=None)
    for name in schema.EVENT_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    seq = conn.execute("SELECT seq FROM events WHERE action = 'note'").fetchone()[0]
    conn.execute("UPDATE events SET value = CAST(X'61736bff6d696e6973747279' AS TEXT) WHERE seq = ?", (seq,))
    for statement in schema.EVENT_TRIGGERS.values():
        conn.execute(statement)
    conn.close()
    result = CliRunner().invoke(cli, ["--db", str(reviewed), "verify"])
    assert result.exit_code == 1
    assert f"FAILED: event {seq}: holds bytes that are not valid UTF-8" in result.output
    assert "internal error" not in result.output


def test_an_unknown_trigger_on_a_store_table_is_reported(reviewed):
    sql(reviewed, "CREATE TRIGGER sneaky AFTER INSERT ON claims BEGIN UPDATE claims SET superseded = 1 WHERE id = NEW.id; END")
    assert any("unknown trigger 'sneaky'" in p for p in problems(reviewed))


def test_a_damaged_search_index_is_reported(reviewed):
    conn = sqlite3.connect(reviewed, isolation_level=None)
    conn.execute("DROP TRIGGER claims_au")
    conn.execute("UPDATE claims SET kind = kind WHERE id = 1")  # no-op for the digest
    conn.execute("INSERT INTO claims_fts(claims_fts, rowid, text, sentence, speaker) VALUES ('delete', 1, 'x', 'y', 'z')")
    conn.close()
    found = problems(reviewed)
    assert any("claims_fts" in p for p in found), found


# verify's second connection has SQLite write the claims' and documents' JSON: it must give
# the digests Python records, and never one that hides a change (Python decides what differs).


def test_sqlite_writes_every_digest_as_python_does(reviewed):
    conn = sqlite3.connect(reviewed)
    assert content_module.claims_json_agrees(conn)
    claims, left = content_module.claim_digests_in_sql(conn)
    assert left == [3]  # the corrected claim (its extracted text is JSON): Python's
    python = content_module.claim_digests(conn)
    assert claims == {k: v for k, v in python.items() if k != 3}
    documents, left = content_module.document_digests_in_sql(conn)
    assert left == [] and documents == content_module.document_digests(conn)


@pytest.mark.parametrize(
    "statement, named",
    [
        # SQLite's JSON prints a real to 15 digits: one ulp away prints alike there, not in the digest.
        ("UPDATE claims SET prior_score = prior_score + prior_score * 2e-16 WHERE id = 2", "claim 2:"),
        ("UPDATE claims SET prior_score = 0.0 WHERE id = 2", "claim 2:"),
        ("UPDATE claims SET prior_score = CAST(prior_score * 100 AS INTEGER) WHERE id = 2", "claim 2:"),
        ("UPDATE claims SET start = start + 0.5 WHERE id = 2", "claim 2:"),
        ("UPDATE sentences SET start = start + 0.5 WHERE id = 1", "document 1:"),
        ("UPDATE document_paths SET first_seen = 1.5 WHERE document_id = 2", "document 2:"),
    ],
)
def test_a_real_changed_outside_the_log_is_named_however_sqlite_prints_it(reviewed, statement, named):
    sql(reviewed, statement)
    found = problems(reviewed)
    assert any(p.startswith(named) for p in found), found


def test_negative_zero_is_left_to_python(tmp_path):
    path = tmp_path / "z.db"
    store = make_db(path, articles=1)
    store.conn.execute("UPDATE claims SET prior_score = -0.0 WHERE id = 1")  # equal to 0.0 in SQL, printed apart
    conn = sqlite3.connect(path)
    claims, left = content_module.claim_digests_in_sql(conn)
    assert 1 in left and 1 not in claims
    store.close()
