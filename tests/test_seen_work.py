"""The ingest step (copy signatures) and the worker step (matching pending claims), on a real Store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store_helpers import add_article
from workbench.scales import DEFAULT_SCALE
from workbench.seen import copies, importers, library, work
from workbench.seen.schema import create_tables
from workbench.store import Store

DATA = Path(__file__).parent / "data" / "factchecks"
SCHOOLS = "All state schools will close for two weeks from Friday"
WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "wb.db")
    with s.lock:
        create_tables(s.conn)
    yield s
    s.close()


def import_all(conn) -> None:
    for parsed in importers.read_many([DATA]):
        library.import_factchecks(conn, parsed)


def test_after_ingest_signs_the_documents_claims_and_groups_copies(store, tmp_path):
    a = add_article(store, tmp_path / "a.txt", WIRE + ".\nThe team won the final 3-1 in Berlin.\n")
    b = add_article(store, tmp_path / "b.txt", WIRE.upper() + "!\n")
    with store.lock:
        first = work.after_ingest(store.conn, [a])
        assert (first.signed, first.groups) == (2, frozenset())
        second = work.after_ingest(store.conn, [b])
        ids = {c.text: c.id for c in store.claims()}
        wire_id = min(cid for text, cid in ids.items() if text.lower().startswith("the ministry"))
        assert second.signed == 1 and second.groups == {wire_id}
        assert copies.copy_counts(store.conn, list(ids.values())) == {
            cid: 1 for text, cid in ids.items() if text.lower().startswith("the ministry")
        }
        # Signing the same documents again changes nothing.
        assert work.after_ingest(store.conn, [a, b]).groups == {wire_id}
        assert store.conn.execute("SELECT COUNT(*) FROM copy_signatures").fetchone()[0] == 3
        assert work.after_ingest(store.conn, []).signed == 0


def test_match_pending_takes_new_claims_in_steps_until_none_is_left(store, tmp_path):
    add_article(store, tmp_path / "a.txt", SCHOOLS + ".\nThe team won the final 3-1 in Berlin.\n"
                "The central bank raised its rate to 5.25 percent.\n")
    with store.lock:
        conn = store.conn
        import_all(conn)
        assert work.pending(conn) == 3
        step = work.match_pending(conn, limit=2)
        assert (step.matched, step.pending) == (2, 1)
        last = work.match_pending(conn, limit=2)
        assert (last.matched, last.pending) == (1, 0)
        levels = {**step.levels, **last.levels}
        by_text = {c.text: levels[c.id] for c in store.claims()}
        assert by_text[SCHOOLS] == "match"
        assert by_text["The team won the final 3-1 in Berlin"] == "none"
        assert work.match_pending(conn).matched == 0
        # A new import makes every status stale: the next steps match them again.
        extra = tmp_path / "extra.jsonl"
        extra.write_text('{"claim": "The team won the final in Berlin", "rating": "True", '
                         '"url": "https://checks.example.org/final"}\n')
        library.import_factchecks(conn, importers.read_factchecks(extra))
        assert work.pending(conn) == 3
        again = work.match_pending(conn)
        assert again.matched == 3 and again.pending == 0
        by_text = {c.text: again.levels[c.id] for c in store.claims()}
        assert by_text["The team won the final 3-1 in Berlin"] != "none"


def test_new_claims_come_before_stale_ones(store, tmp_path):
    add_article(store, tmp_path / "a.txt", SCHOOLS + ".\n")
    with store.lock:
        import_all(store.conn)
        work.match_pending(store.conn)
        library.bump_generation(store.conn)
    add_article(store, tmp_path / "b.txt", "Wind farms kill more birds than cats do.\n")
    with store.lock:
        step = work.match_pending(store.conn, limit=1)
        newest = max(c.id for c in store.claims())
        assert list(step.levels) == [newest] and step.pending == 1


def test_a_verdict_reaches_other_claims_through_the_worker(store, tmp_path):
    add_article(store, tmp_path / "a.txt", "Police arrested 40 people in Karachi on Monday, the ministry said.\n")
    add_article(store, tmp_path / "b.txt", "The ministry said 40 people were arrested on Monday in Karachi.\n")
    first, second = sorted(c.id for c in store.claims())
    with store.lock:
        assert set(work.match_pending(store.conn).levels.values()) == {"none"}
    store.set_verdict(first, "mostly-true", scale=DEFAULT_SCALE, reviewer="ana")
    with store.lock:
        step = work.match_pending(store.conn)  # the verdict is synced, and both claims are stale
        assert step.matched == 2 and step.levels[second] != "none"
        row = store.conn.execute(
            "SELECT kind, ref FROM seen_matches WHERE claim_id = ? ORDER BY rank LIMIT 1", (second,)
        ).fetchone()
        assert row == ("claim", first)


def test_excluded_pairs_are_left_out_of_the_cache(store, tmp_path):
    add_article(store, tmp_path / "a.txt", SCHOOLS + ".\n")
    with store.lock:
        conn = store.conn
        import_all(conn)
        work.match_pending(conn)
        (claim_id,) = conn.execute("SELECT claim_id FROM seen_status").fetchone()
        top = conn.execute("SELECT kind, ref FROM seen_matches WHERE rank = 1").fetchone()
        library.bump_generation(conn)
        asked: list[list[int]] = []

        def rejected(ids: list[int]) -> dict[int, set[tuple[str, int]]]:
            asked.append(ids)
            return {claim_id: {tuple(top)}}

        work.match_pending(conn, exclude=rejected)
        assert asked == [[claim_id]]
        kept = conn.execute("SELECT kind, ref FROM seen_matches WHERE claim_id = ?", (claim_id,)).fetchall()
        assert tuple(top) not in {tuple(r) for r in kept}


def test_the_worker_signs_claims_that_ingest_did_not(store, tmp_path):
    add_article(store, tmp_path / "a.txt", WIRE + ".\n")
    add_article(store, tmp_path / "b.txt", WIRE.lower() + ".\n")
    with store.lock:
        conn = store.conn
        assert conn.execute("SELECT COUNT(*) FROM copy_signatures").fetchone()[0] == 0
        work.match_pending(conn)
        assert conn.execute("SELECT COUNT(*) FROM copy_signatures").fetchone()[0] == 2
        ids = [c.id for c in store.claims()]
        assert copies.copy_counts(conn, ids) == {i: 1 for i in ids}
        assert work.sign_pending(conn).signed == 0


def test_a_step_asked_to_stop_keeps_what_it_matched_and_the_next_goes_on(store, tmp_path):
    add_article(store, tmp_path / "a.txt", SCHOOLS + ".\nThe team won the final 3-1 in Berlin.\n"
                "The central bank raised its rate to 5.25 percent.\n")
    with store.lock:
        conn = store.conn
        import_all(conn)
        asked = []
        step = work.match_pending(conn, limit=10, stop=lambda: asked.append(1) or True)
        # Stopped after the first claim: that one is stored, the other two still pending.
        assert asked and step.matched == 1 and len(step.levels) == 1 and step.pending == 2
        stored = conn.execute("SELECT claim_id FROM seen_status").fetchall()
        assert [r[0] for r in stored] == list(step.levels)
        rest = work.match_pending(conn, limit=10, stop=lambda: False)
        assert rest.matched == 2 and rest.pending == 0
        assert not set(rest.levels) & set(step.levels)


def test_syncing_the_teams_verdicts_can_stop_between_transactions(store, tmp_path, monkeypatch):
    texts = [f"The council spent {n} million pounds on roads in {2000 + n}" for n in range(5)]
    add_article(store, tmp_path / "a.txt", "".join(t + ".\n" for t in texts))
    for claim in store.claims():
        store.set_verdict(claim.id, "true", scale=DEFAULT_SCALE, reviewer="ana")
    monkeypatch.setattr(library, "CHUNK", 2)  # three transactions for five verdicts
    with store.lock:
        conn = store.conn
        assert library.sync_reviewed(conn, stop=lambda: True) == 2  # one transaction, then it stops
        assert conn.execute("SELECT COUNT(*) FROM seen_claims").fetchone()[0] == 2
        assert library.sync_reviewed(conn) == 3  # the next call takes the rest
        assert conn.execute("SELECT COUNT(*) FROM seen_claims").fetchone()[0] == 5
        assert library.sync_reviewed(conn) == 0


def test_a_bulk_of_verdicts_makes_every_cached_claim_stale(store, tmp_path, monkeypatch):
    texts = [f"The council spent {n} million pounds on roads in {2000 + n}" for n in range(4)]
    add_article(store, tmp_path / "a.txt", "".join(t + ".\n" for t in texts))
    add_article(store, tmp_path / "b.txt", "Wind farms kill more birds than cats do.\n")
    with store.lock:
        assert work.match_pending(store.conn).pending == 0
    for claim in store.claims():
        if claim.text.startswith("The council"):
            store.set_verdict(claim.id, "true", scale=DEFAULT_SCALE, reviewer="ana")
    monkeypatch.setattr(library, "CHUNK", 2)
    monkeypatch.setattr(library, "BULK_VERDICTS", 3)
    with store.lock:
        assert library.sync_reviewed(store.conn) == 4
        # Four verdicts, more than a bulk: every cached claim is stale, the unrelated one too.
        assert work.pending(store.conn) == 5


def test_a_step_stopped_during_a_sync_matches_nothing_and_says_the_sync_goes_on(store, tmp_path, monkeypatch):
    texts = [f"The council spent {n} million pounds on roads in {2000 + n}" for n in range(5)]
    add_article(store, tmp_path / "a.txt", "".join(t + ".\n" for t in texts))
    for claim in store.claims():
        store.set_verdict(claim.id, "true", scale=DEFAULT_SCALE, reviewer="ana")
    monkeypatch.setattr(library, "CHUNK", 2)
    with store.lock:
        conn = store.conn
        step = work.match_pending(conn, stop=lambda: True)
        assert step.syncing and step.matched == 0 and step.pending == 5
        assert library.sync_behind(conn)
        done = work.match_pending(conn)
        assert not done.syncing and done.matched == 5 and not library.sync_behind(conn)
