"""Grouping exact and near-exact copies of claims across documents (MinHash + LSH)."""

from __future__ import annotations

import numpy as np

from tests.store_helpers import add_article
from workbench.seen import copies
from workbench.seen.schema import create_tables
from workbench.store import Store

WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"
EDITED = "The ministry said 40 people were arrested on Monday after the protests in the capital"
RESTYLED = "THE MINISTRY SAID 40 PEOPLE WERE ARRESTED ON MONDAY AFTER PROTESTS IN THE CAPITAL!"
OTHER = "The central bank raised its main interest rate to 5.25 percent on Thursday"
NEAR_MISS = "The ministry said 12 people were injured on Friday after storms in the north"


def test_signatures_estimate_jaccard():
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(400)]
    errors = []
    for _ in range(40):
        a = list(rng.choice(vocab, 40))
        b = a[: int(rng.integers(10, 40))] + list(rng.choice(vocab, 10))
        sa, sb = copies.shingles(" ".join(a)), copies.shingles(" ".join(b))
        estimate = float((copies.signature(sa) == copies.signature(sb)).mean())
        errors.append(abs(estimate - copies.jaccard(sa, sb)))
    # 64 permutations: standard error about 0.06; the mean error is well under it.
    assert np.mean(errors) < 0.06


def test_signature_is_deterministic_and_sized():
    sig = copies.signature(copies.shingles(WIRE))
    assert sig.dtype == np.uint32 and sig.shape == (copies.PERMUTATIONS,)
    assert (sig == copies.signature(copies.shingles(WIRE))).all()
    assert len(copies.bands(sig)) == copies.BANDS
    assert all(0 <= b < 2**63 for b in copies.bands(sig))


def test_batched_signatures_equal_one_by_one():
    sets = [copies.shingles(t) for t in (WIRE, "", OTHER, "Prices rose.", EDITED)]
    batch = copies.signatures(sets)
    assert batch.shape == (5, copies.PERMUTATIONS) and batch.dtype == np.uint32
    for row, shingle_set in zip(batch, sets):
        assert (row == copies.signature(shingle_set)).all()


def test_exact_and_near_exact_copies_group_and_others_do_not():
    groups = copies.group_copies(
        [(1, 10, WIRE), (2, 11, EDITED), (3, 12, RESTYLED), (4, 13, OTHER), (5, 14, NEAR_MISS)]
    )
    assert [g.claims for g in groups] == [(1, 2, 3)]
    assert groups[0].id == 1 and groups[0].documents == 3


def test_a_sentence_repeated_in_one_document_is_not_a_copy():
    assert copies.group_copies([(1, 10, WIRE), (2, 10, WIRE)]) == []


def test_short_claims_compare_as_one_shingle():
    assert copies.shingles("Prices rose.") == {"prices rose"}
    assert [g.claims for g in copies.group_copies([(1, 1, "Prices rose."), (2, 2, "prices rose")])] == [(1, 2)]


def test_stored_groups_grow_as_copies_arrive(tmp_path):
    store = Store.open(tmp_path / "wb.db")
    texts = [WIRE, OTHER, EDITED, RESTYLED, NEAR_MISS]
    for i, text in enumerate(texts):
        add_article(store, tmp_path / f"a{i}.txt", text + ".\n")
    claims = {c.text: (c.id, c.document_id) for c in store.claims()}
    conn = store.conn
    with store.lock:
        create_tables(conn)
        first = [(claims[t][0], claims[t][1], t) for t in (WIRE, OTHER)]
        assert copies.add_claims(conn, first) == set()
        assert copies.group_of(conn, claims[WIRE][0]) is None
        later = [(claims[t][0], claims[t][1], t) for t in (EDITED, RESTYLED, NEAR_MISS)]
        touched = copies.add_claims(conn, later)
        wire_id = claims[WIRE][0]
        assert touched == {wire_id}
        group = copies.group_of(conn, claims[RESTYLED][0])
        assert group is not None
        assert group.id == wire_id
        assert set(group.claims) == {claims[WIRE][0], claims[EDITED][0], claims[RESTYLED][0]}
        assert group.documents == 3
        counts = copies.copy_counts(conn, [c[0] for c in claims.values()])
        assert counts == {claims[WIRE][0]: 2, claims[EDITED][0]: 2, claims[RESTYLED][0]: 2}
        # Signing the same claims again changes nothing.
        copies.add_claims(conn, later)
        assert copies.group_of(conn, claims[EDITED][0]) == group
    store.close()


def test_two_groups_merge_when_a_claim_links_them(tmp_path):
    store = Store.open(tmp_path / "wb.db")
    a = "Officials confirmed that the new hospital in the northern district will open in March next year"
    b = "Officials confirmed that the new hospital in the northern district will open in March"
    c = "the new hospital in the northern district will open in March next year, officials confirmed"
    for i, text in enumerate((a, b, c)):
        add_article(store, tmp_path / f"h{i}.txt", text + ".\n")
    rows = {r.text: (r.id, r.document_id) for r in store.claims()}
    with store.lock:
        create_tables(store.conn)
        copies.add_claims(store.conn, [(rows[a][0], rows[a][1], a), (rows[b][0], rows[b][1], b), (rows[c][0], rows[c][1], c)])
        group = copies.group_of(store.conn, rows[c][0])
        assert group is not None and set(group.claims) == {rows[a][0], rows[b][0], rows[c][0]}
    store.close()
