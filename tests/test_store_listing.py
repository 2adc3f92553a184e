"""The app's list of ids (claim_ids) and its counts agree with the full SQL query (claims)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from store_helpers import FakeArticle, add_article, extraction_for
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE, DISMISS
from workbench.store import LATEST, InvalidDecision, Store, listing
from workbench.store import clock as store_clock
from workbench.vocab import Order, Status

STATUSES = tuple(Status)
ORDERS = tuple(Order)


@pytest.fixture
def busy(tmp_path, monkeypatch):
    """Several articles; verdicts, dismissals, flags, conflicts, notes, undos, a superseded claim,
    and decisions that share a timestamp (ties in the "recent" order)."""
    store = Store.open(tmp_path / "w.db")
    rng = random.Random(3)
    for d in range(6):
        lines = [f"Speaker{d} said item {i} rose {rng.randint(1, 99)} percent in {2000 + i}." for i in range(9)]
        add_article(store, f"a{d}.txt", "\n".join(lines) + "\n", title=f"Doc {d}")
    text = "Alpha rose 5 percent.\nBeta fell 3 percent.\n"
    store.store_document(FakeArticle(Path("v.txt"), text, Metadata(title="v1")), extraction_for(text), model="t", extractor_version="1")
    old = store.claim_ids(order="document")
    ids = store.claim_ids()
    store.set_verdict(old[-1], "false", scale=DEFAULT_SCALE, reviewer="ana")
    text2 = "Alpha rose 5 percent.\nGamma rose 9 percent.\n"
    store.store_document(FakeArticle(Path("v.txt"), text2, Metadata(title="v2")), extraction_for(text2), model="t", extractor_version="1")

    clock = itertools.count()

    def now() -> str:
        # Every third event shares one of two timestamps; the others are distinct and later.
        tick = next(clock)
        if tick % 3 == 0:
            return f"2026-01-01T10:00:0{tick % 2}.000000+00:00"
        return f"2026-01-02T10:{tick // 60:02d}:{tick % 60:02d}.000000+00:00"

    monkeypatch.setattr(store_clock, "now", now)
    slugs = DEFAULT_SCALE.slugs()
    for k, cid in enumerate(rng.sample(ids, 30)):
        if k % 7 == 0:
            store.set_verdict(cid, DISMISS, scale=DEFAULT_SCALE, reviewer="ana")
        else:
            store.set_verdict(cid, slugs[k % len(slugs)], scale=DEFAULT_SCALE, reviewer="ana")
        if k % 4 == 0:
            store.set_flag(cid, reviewer="ana")
        if k % 5 == 0:
            store.set_verdict(cid, slugs[0], scale=DEFAULT_SCALE, reviewer="ben", seen=None)  # a conflict
        if k % 6 == 0:
            store.undo(cid, reviewer="ana")
    for cid in rng.sample(ids, 8):
        store.set_flag(cid, reviewer="ben")
        store.set_note(cid, "look again", reviewer="ben")
    # Between reviewers: double reviews pending, agreed and disputed, an adjudication,
    # and an overrule (a disagreement of single review).
    fresh = [c for c in ids if store.claim(c).event_count == 0 and not store.claim(c).superseded]
    double = dict(scale=DEFAULT_SCALE, mode="double")
    store.set_verdict(fresh[0], "true", reviewer="ana", **double)  # pending
    store.set_verdict(fresh[1], "false", reviewer="ben", **double)  # pending, ben's
    store.set_verdict(fresh[2], "true", reviewer="ana", **double)
    store.set_verdict(fresh[2], "true", reviewer="ben", **double)  # agreed
    store.set_verdict(fresh[3], "true", reviewer="ana", **double)
    store.set_verdict(fresh[3], "mixed", reviewer="ben", **double)  # disputed
    store.set_verdict(fresh[4], "true", reviewer="ana", **double)
    store.set_verdict(fresh[4], "false", reviewer="ben", **double)
    store.set_verdict(fresh[4], "mixed", reviewer="cai", adjudicate=True, **double)  # adjudicated
    store.set_verdict(fresh[5], "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(fresh[5], "false", scale=DEFAULT_SCALE, reviewer="ben", overrule=True)  # disputed
    yield store
    store.close()


def test_ids_match_the_full_query_for_every_status_and_order(busy):
    docs = {r.document_id for r in busy.claims()}
    for status, order, viewer in itertools.product(STATUSES, ORDERS, (None, "ana", "ben")):
        for document, search in (
            (None, None), (min(docs), None), (None, "percent"), (None, "item rose"), (min(docs), "percent"),
            (None, "zzqx"), (None, "*"),
        ):
            expected = [
                r.id for r in busy.claims(status=status, order=order, document=document, search=search, viewer=viewer)
            ]
            got = busy.claim_ids(status=status, order=order, document=document, search=search, viewer=viewer)
            assert got == expected, (status, order, document, search, viewer)


def test_the_fixture_has_every_kind_of_state(busy):
    # Otherwise the comparison above would prove little.
    for status in ("reviewed", "unreviewed", "flagged", "conflict", "dismissed", "superseded", "adjudication"):
        assert busy.claims(status=status), status
    agreements = {c.agreement for c in busy.claims()}
    assert {"pending", "agreed", "disputed", "adjudicated"} <= agreements
    # A double review counts as reviewed for the reviewer whose verdict is in, not for the other.
    assert busy.claims(status="unreviewed", viewer="ana") != busy.claims(status="unreviewed", viewer="ben")
    decided = [r.decided_at for r in busy.claims(order="recent") if r.decided_at]
    assert len(set(decided)) < len(decided)  # ties


def test_counts_match_the_full_query(busy):
    docs = {r.document_id for r in busy.claims()}
    for document, search in ((None, None), (min(docs), None), (None, "percent"), (None, "*"), (min(docs), "rose"), (None, "zzqx")):
        for viewer in (None, "ana", "ben"):
            counts = busy.count(document=document, search=search, viewer=viewer)
            rows = busy.claims(document=document, search=search)
            assert counts.total == len(rows)
            assert counts.reviewed == sum(r.verdict is not None for r in rows)
            assert counts.disputed == sum(r.disputed for r in rows)
            assert counts.awaiting == (
                sum(r.verdict is None and r.reviewed_by(viewer) for r in rows) if viewer else 0
            ), (document, search, viewer)


def test_unknown_order_and_status_are_refused(busy):
    with pytest.raises(InvalidDecision, match="order"):
        busy.claim_ids(order="random")
    with pytest.raises(InvalidDecision, match="status"):
        busy.claim_ids(status="maybe")


def test_an_empty_database_lists_nothing(tmp_path):
    with Store.open(tmp_path / "e.db") as store:
        for status, order in itertools.product(STATUSES, ORDERS):
            assert store.claim_ids(status=status, order=order) == []
        assert (store.count().total, store.count().reviewed) == (0, 0)


def _agree(store: Store) -> None:
    for status, order in itertools.product(STATUSES, ORDERS):
        expected = [r.id for r in store.claims(status=status, order=order)]
        assert store.claim_ids(status=status, order=order) == expected, (status, order)
    for status, viewer in itertools.product(("unreviewed", "reviewed"), ("ana", "ben")):
        expected = [r.id for r in store.claims(status=status, viewer=viewer)]
        assert store.claim_ids(status=status, viewer=viewer) == expected, (status, viewer)
    expected = [r.id for r in store.claims(search="percent", status="unreviewed")]
    assert store.claim_ids(search="percent", status="unreviewed") == expected
    # A search is the cached scope filtered by the full-text index: it follows ingests too.
    expected = [r.id for r in store.claims(search="rose")]
    assert store.claim_ids(search="rose") == expected
    rows = store.claims(search="percent")
    counts = store.count(search="percent", viewer="ana")
    assert (counts.total, counts.reviewed, counts.disputed) == (
        len(rows), sum(r.verdict is not None for r in rows), sum(r.disputed for r in rows)
    )
    assert counts.awaiting == sum(r.verdict is None and r.reviewed_by("ana") for r in rows)


@pytest.mark.parametrize("rebuild_after", [listing.REBUILD_AFTER, 2])
def test_cached_lists_follow_every_write_of_either_connection(tmp_path, monkeypatch, rebuild_after):
    # Two reviewers on one database: each one's cached list must follow the other's
    # decisions, undos, flags and ingests, and its own.
    monkeypatch.setattr(listing, "REBUILD_AFTER", rebuild_after)
    path = tmp_path / "w.db"
    one = Store.open(path)
    add_article(one, "a.txt", "\n".join(f"Item {i} rose {i} percent in 2020." for i in range(12)) + "\n")
    two = Store.open(path)
    rng = random.Random(11)
    slugs = DEFAULT_SCALE.slugs()
    for step in range(60):
        writer = one if rng.random() < 0.5 else two
        name = "ana" if writer is one else "ben"
        ids = writer.claim_ids()
        cid = rng.choice(ids)
        action = rng.choice(["verdict", "verdict", "dismiss", "flag", "unflag", "undo", "note", "ingest", "reingest"])
        # Either reviewer may review double or single, overrule or adjudicate: every
        # state between reviewers comes up, and the caches must follow each.
        how = dict(mode=rng.choice(["single", "double"]), overrule=True, adjudicate=True)
        if action == "verdict":
            writer.set_verdict(
                cid, rng.choice(slugs), scale=DEFAULT_SCALE, reviewer=rng.choice([name, "cai"]),
                seen=rng.choice([None, LATEST]), **how,
            )
        elif action == "dismiss":
            writer.set_verdict(cid, DISMISS, scale=DEFAULT_SCALE, reviewer=name, **how)
        elif action in ("flag", "unflag"):
            writer.set_flag(cid, action == "flag", reviewer=name)
        elif action == "undo":
            try:
                writer.undo(cid, reviewer=name)
            except InvalidDecision:
                pass  # nothing to undo on that claim
        elif action == "note":
            writer.set_note(cid, f"note {step}", reviewer=name)
        elif action == "ingest":
            add_article(writer, f"n{step}.txt", f"Claim {step} says {step} percent.\nAnother {step} percent.\n")
        else:  # a new version of the first article: some claims kept, one superseded
            lines = [f"Item {i} rose {i} percent in 2020." for i in range(12) if i != step % 12]
            text = "\n".join(lines + [f"Item new {step} rose 1 percent."]) + "\n"
            writer.store_document(FakeArticle(Path("a.txt"), text), extraction_for(text), model="t", extractor_version="1")
        _agree(one)
        _agree(two)
    assert one.verify().ok, one.verify().problems  # every state the fold gave is the one stored
    one.close()
    two.close()
