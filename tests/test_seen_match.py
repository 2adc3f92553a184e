"""Storing fact-checks and matching claims against them, on a real SQLite file and a real Store."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from tests.store_helpers import add_article
from workbench.scales import DEFAULT_SCALE
from workbench.seen import importers, library
from workbench.seen.matcher import Matcher, fts_query, record_matches, shipped_model
from workbench.seen.schema import create_tables
from workbench.seen.text import stems
from workbench.store import Store

DATA = Path(__file__).parent / "data" / "factchecks"


@pytest.fixture()
def conn(tmp_path):
    db = sqlite3.connect(tmp_path / "seen.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    create_tables(db)
    for parsed in importers.read_many([DATA]):
        library.import_factchecks(db, parsed)
    yield db
    db.close()


def count(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def test_create_tables_is_idempotent_and_keeps_rows(conn):
    before = count(conn, "SELECT COUNT(*) FROM factchecks")
    create_tables(conn)
    assert count(conn, "SELECT COUNT(*) FROM factchecks") == before > 0


def test_create_tables_joins_an_open_transaction(tmp_path):
    db = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    create_tables(db)
    db.execute("ROLLBACK")
    assert count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'factchecks'") == 0


def test_reimport_is_idempotent_at_the_table_level(conn):
    rows = conn.execute("SELECT * FROM factchecks ORDER BY id").fetchall()
    index = count(conn, "SELECT COUNT(*) FROM seen_fts")
    generation = library.generation(conn)
    for parsed in importers.read_many([DATA]):
        if parsed.path.endswith("workbench_export.jsonl"):
            continue  # it shares its one key with workbench_export.jsonld (below)
        report = library.import_factchecks(conn, parsed)
        assert (report.added, report.updated, report.unchanged) == (0, 0, len(parsed.factchecks)), parsed.path
    assert conn.execute("SELECT * FROM factchecks ORDER BY id").fetchall() == rows
    assert count(conn, "SELECT COUNT(*) FROM seen_fts") == index == len(rows)
    assert library.generation(conn) == generation  # nothing to re-match


def test_one_key_from_two_files_keeps_the_last_import(conn):
    """The team's JSONL and ClaimReview exports name a claim by the same urn: one fact-check."""
    jsonl, jsonld = DATA / "workbench_export.jsonl", DATA / "workbench_export.jsonld"
    assert count(conn, "SELECT COUNT(*) FROM factchecks WHERE key = 'id:urn:workbench:abc123:claim:7'") == 1
    report = library.import_factchecks(conn, importers.read_factchecks(jsonl))
    assert (report.added, report.updated) == (0, 1)
    assert conn.execute("SELECT publisher FROM factchecks WHERE key LIKE 'id:urn:workbench:%'").fetchone() == ("ana",)
    library.import_factchecks(conn, importers.read_factchecks(jsonld))
    assert conn.execute("SELECT publisher FROM factchecks WHERE key LIKE 'id:urn:workbench:%'").fetchone() == ("Our Newsroom",)


def test_a_changed_rating_updates_in_place(conn, tmp_path):
    record = json.loads((DATA / "single.jsonld").read_text())
    record["reviewRating"]["alternateName"] = "Mostly false"
    path = tmp_path / "single-updated.jsonld"
    path.write_text(json.dumps(record))
    before = count(conn, "SELECT COUNT(*) FROM factchecks")
    report = library.import_factchecks(conn, importers.read_factchecks(path))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    assert count(conn, "SELECT COUNT(*) FROM factchecks") == before
    rating, source = conn.execute(
        "SELECT rating, source_file FROM factchecks WHERE url LIKE '%school-closures'"
    ).fetchone()
    assert (rating, source) == ("Mostly false", str(path))
    assert count(conn, "SELECT COUNT(*) FROM seen_fts") == before


def test_the_claim_it_checked_comes_first_and_is_a_match(conn):
    matcher = Matcher(conn)
    found = matcher.candidates("State schools will close for two weeks from Friday, the post said")
    assert found, "no candidate"
    top = found[0]
    assert top.kind == "factcheck"
    assert top.url == "https://checks.example.org/2024/03/school-closures"
    assert (top.rating, top.publisher, top.date) == ("False", "Example Checks", "2024-03-04")
    assert top.level == "match" and top.score >= matcher.model.match
    assert all(a.score >= b.score for a, b in zip(found, found[1:]))


def test_an_unrelated_claim_gets_no_suggestion(conn):
    assert Matcher(conn).candidates("The football club signed a new goalkeeper on Tuesday") == []


def test_levels_follow_the_two_thresholds(conn):
    matcher = Matcher(conn)
    ranked = matcher.candidates("Wind farms kill birds", include_below=True)
    for c in ranked:
        expected = "match" if c.score >= matcher.model.match else "suggest" if c.score >= matcher.model.suggest else ""
        assert c.level == expected
    assert shipped_model().suggest < shipped_model().match


def test_excluded_candidates_are_never_suggested_again(conn):
    matcher = Matcher(conn)
    top = matcher.candidates("The vaccine contains microchips")[0]
    again = matcher.candidates("The vaccine contains microchips", exclude={(top.kind, top.ref)})
    assert (top.kind, top.ref) not in {(c.kind, c.ref) for c in again}


@pytest.mark.parametrize(
    "text",
    ['NEAR("schools" close) AND OR NOT * ^ -x "', "schools:close {col} (a OR", "\x00\x1b[2J\u202e", "", "   ", "a I the of"],
)
def test_fts_syntax_and_junk_in_a_claim_never_raise(conn, text):
    Matcher(conn).candidates(text)


def test_fts_query_quotes_every_term():
    assert fts_query(["schools", 'a"b']) == '"schools" OR "a""b"'


def test_the_claim_date_breaks_a_tie_between_equal_texts(tmp_path):
    db = sqlite3.connect(tmp_path / "d.db", isolation_level=None)
    create_tables(db)
    path = tmp_path / "two.jsonl"
    path.write_text(
        '{"claim": "Crime rose 20 percent in the city", "rating": "False", "url": "https://a.example/old", "claim_date": "2015-01-10"}\n'
        '{"claim": "Crime rose 20 percent in the city", "rating": "True", "url": "https://a.example/new", "claim_date": "2022-06-01"}\n'
    )
    library.import_factchecks(db, importers.read_factchecks(path))
    matcher = Matcher(db)
    assert matcher.candidates("Crime rose 20 percent in the city", when="2022-06-01")[0].url == "https://a.example/new"
    assert matcher.candidates("Crime rose 20 percent in the city", when="2015-01-11")[0].url == "https://a.example/old"


def test_the_teams_own_verdicts_are_candidates_until_undone(tmp_path):
    store = Store.open(tmp_path / "wb.db")
    add_article(store, tmp_path / "a.txt", "The ministry said 40 people were arrested on Monday in Karachi.\n",
                url="https://news.example/a", published="2024-05-01")
    add_article(store, tmp_path / "b.txt", "Police arrested 40 people in Karachi on Monday, the ministry said.\n")
    first, second = sorted(c.id for c in store.claims())
    store.set_verdict(first, "mostly-true", scale=DEFAULT_SCALE, reviewer="ana")
    conn = store.conn
    with store.lock:
        create_tables(conn)
        assert library.sync_reviewed(conn) == 1
        assert library.sync_reviewed(conn) == 0  # nothing new since
        matcher = Matcher(conn)
        text = store.claim(second).text
        found = matcher.candidates(text, claim_id=second)
        assert [(c.kind, c.ref) for c in found][:1] == [("claim", first)]
        assert found[0].rating == "Mostly true" and found[0].publisher == "ana"
        assert found[0].url == "https://news.example/a"
        # A claim is never its own candidate.
        assert ("claim", first) not in {(c.kind, c.ref) for c in matcher.candidates(text, claim_id=first)}
    store.undo(first, reviewer="ana")
    with store.lock:
        assert library.sync_reviewed(conn) == 1
        assert Matcher(conn).candidates(text, claim_id=second) == []
    store.close()


def test_record_matches_caches_levels_for_the_queue(tmp_path):
    store = Store.open(tmp_path / "wb.db")
    add_article(store, tmp_path / "a.txt",
                "All state schools will close for two weeks from Friday.\nThe team won the final 3-1 in Berlin.\n")
    conn = store.conn
    with store.lock:
        create_tables(conn)
        for parsed in importers.read_many([DATA]):
            library.import_factchecks(conn, parsed)
        claims = [(c.id, c.text, None) for c in store.claims()]
        levels = record_matches(conn, Matcher(conn), claims)
        by_text = {text: levels[cid] for cid, text, _ in claims}
        assert by_text["All state schools will close for two weeks from Friday"] == "match"
        assert by_text["The team won the final 3-1 in Berlin"] == "none"
        assert count(conn, "SELECT COUNT(*) FROM seen_status") == 2
        assert count(conn, "SELECT COUNT(*) FROM seen_status WHERE level != 'none'") == 1
        (gen,) = conn.execute("SELECT DISTINCT generation FROM seen_status").fetchone()
        assert gen == library.generation(conn)
        rows = conn.execute("SELECT kind, rank, level FROM seen_matches ORDER BY rank").fetchall()
        assert rows[0] == ("factcheck", 1, "match")
        # Run again: the cache is replaced, not added to.
        record_matches(conn, Matcher(conn), claims)
        assert count(conn, "SELECT COUNT(*) FROM seen_matches") == len(rows)
    store.close()


def test_rebuild_index_gives_the_same_ranking(conn):
    before = [(c.kind, c.ref) for c in Matcher(conn).candidates("The vaccine contains microchips", include_below=True)]
    conn.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY, text TEXT, superseded INTEGER, document_id INTEGER)")
    conn.execute("CREATE TABLE claim_state (claim_id INTEGER PRIMARY KEY, verdict TEXT, last_seq INTEGER)")
    library.rebuild_index(conn)
    after = [(c.kind, c.ref) for c in Matcher(conn).candidates("The vaccine contains microchips", include_below=True)]
    assert before == after


def test_the_first_stage_asks_for_the_rarest_terms_within_its_budget(tmp_path):
    db = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    create_tables(db)
    path = tmp_path / "many.jsonl"
    lines = []
    for i in range(40):
        words = ["common"] + (["often"] if i % 2 else []) + (["rare"] if i == 7 else []) + [f"z{i}"]
        lines.append(json.dumps({"claim": " ".join(words), "url": f"https://checks.example.org/{i}"}))
    path.write_text("\n".join(lines) + "\n")
    library.import_factchecks(db, importers.read_factchecks(path))
    base = shipped_model()
    matcher = Matcher(db, model=dataclasses.replace(base, budget=0.1, min_terms=1, max_terms=10))
    matcher._refresh_stats()
    query = stems("common often rare z3 absent")  # index terms: "common" is "commo"
    # Rarest first; "absent" is in no row, and "often" (20 rows) and "commo" (40) are past 0.1 x 40.
    assert matcher.first_stage_terms(query) == ["rare", "z3"]
    matcher.model = dataclasses.replace(base, budget=0.1, min_terms=4, max_terms=10)
    assert matcher.first_stage_terms(query) == ["rare", "z3", "often", "commo"]
    matcher.model = dataclasses.replace(base, budget=10.0, min_terms=1, max_terms=3)
    assert matcher.first_stage_terms(query) == ["rare", "z3", "often"]
    # The candidates still come back ranked over every term of the claim.
    assert matcher.candidates("common rare z7", include_below=True)[0].url == "https://checks.example.org/7"
