"""Exact and near-exact copies of a claim across documents: wire copies, light edits.

    from workbench.seen import copies
    groups = copies.add_claims(conn, [(claim_id, document_id, text), ...])
    copies.group_of(conn, claim_id)        # -> CopyGroup, or None when the claim has no copy

Two claims are copies when their canonical texts (workbench.seen.text.canonical:
case, quotes, punctuation and spacing folded) are equal, or when the Jaccard
similarity of their word 2-shingles is at least ``THRESHOLD``. MinHash
estimates that similarity from ``PERMUTATIONS`` 32-bit hashes per claim, and
locality-sensitive hashing over ``BANDS`` bands finds the candidate pairs
without comparing every claim with every other: a new claim costs one lookup
per band, whatever the size of the database. Each candidate pair is then
checked on the exact shingle sets (the signature only finds them), so a group
never holds two claims below the threshold of each other's links.

Groups are the connected components of the copy links (union-find); a
group's id is its smallest claim id. Only claims from *different* documents
are linked: a sentence an article repeats is not a copy from elsewhere.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

from workbench.seen.records import CopyGroup
from workbench.seen.text import canonical

PERMUTATIONS = 64
BANDS = 32  # 32 bands of 2 rows: pairs at Jaccard 0.6 are found with p > 0.9999, at 0.3 p ~ 0.95
ROWS = PERMUTATIONS // BANDS
SHINGLE = 2
THRESHOLD = 0.6
_MASK32 = (1 << 32) - 1

# Multiply-shift hashing (Dietzfelbinger et al.): ((a*x + b) mod 2^64) >> 32 with
# odd a is a 2-independent family, and numpy's uint64 arithmetic wraps mod 2^64
# by itself. Fixed seed: signatures stored in a database must stay comparable.
_rng = np.random.default_rng(20240516)
_A = _rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
_BAND_A = _rng.integers(0, 1 << 63, size=BANDS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Word k-shingles of the canonical text (a text shorter than k words is one shingle)."""
    words = canonical(text).split()
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _hash32(items: Iterable[str]) -> np.ndarray:
    return np.array(
        [int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little") for s in items],
        dtype=np.uint64,
    )


def signature(shingle_set: set[str]) -> np.ndarray:
    """The MinHash signature: for each of the hash functions, the least hash of any shingle."""
    if not shingle_set:
        return np.full(PERMUTATIONS, _MASK32, dtype=np.uint32)
    x = _hash32(sorted(shingle_set))
    with np.errstate(over="ignore"):
        values = (x[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return values.min(axis=0).astype(np.uint32)


def signatures(shingle_sets: Sequence[set[str]]) -> np.ndarray:
    """:func:`signature` of many shingle sets at once, one row each: one numpy pass for a batch."""
    out = np.full((len(shingle_sets), PERMUTATIONS), _MASK32, dtype=np.uint32)
    filled = [i for i, s in enumerate(shingle_sets) if s]
    if not filled:
        return out
    flat = [sh for i in filled for sh in sorted(shingle_sets[i])]
    starts = np.cumsum([0] + [len(shingle_sets[i]) for i in filled[:-1]])
    x = _hash32(flat)
    with np.errstate(over="ignore"):
        values = (x[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    out[filled] = np.minimum.reduceat(values, starts, axis=0).astype(np.uint32)
    return out


def band_matrix(sigs: np.ndarray) -> np.ndarray:
    """One bucket per band of each signature row, (n, BANDS) int64, all >= 0 (SQLite INTEGERs).

    A band's two 32-bit values make one 64-bit word, multiplied by an odd
    per-band constant modulo 2^64 (a bijection, so distinct bands stay distinct)
    and shifted right by one bit to fit a signed 64-bit integer.
    """
    assert ROWS == 2
    words = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = (words[:, :, 0] | (words[:, :, 1] << np.uint64(32))) * _BAND_A[None, :]
    return (mixed >> np.uint64(1)).astype(np.int64)


def bands(sig: np.ndarray) -> list[int]:
    """One bucket per band of one signature (see :func:`band_matrix`)."""
    return band_matrix(sig[None, :])[0].tolist()


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def exact_key(text: str) -> str:
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:32]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def group_copies(items: Sequence[tuple[int, int, str]], *, threshold: float = THRESHOLD) -> list[CopyGroup]:
    """Group (claim_id, document_id, text) in memory; groups of two or more claims, by smallest id."""
    shingled = {cid: shingles(text) for cid, _doc, text in items}
    doc_of = {cid: doc for cid, doc, _text in items}
    uf = _UnionFind()
    buckets: dict[tuple[int, int], list[int]] = {}
    exact: dict[str, list[int]] = {}
    for cid, _doc, text in items:
        exact.setdefault(exact_key(text), []).append(cid)
        for b, bucket in enumerate(bands(signature(shingled[cid]))):
            buckets.setdefault((b, bucket), []).append(cid)
    for ids in exact.values():
        for other in ids[1:]:
            if doc_of[other] != doc_of[ids[0]]:
                uf.union(ids[0], other)
    checked: set[tuple[int, int]] = set()
    for ids in buckets.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pair = (min(a, b), max(a, b))
                if pair in checked or doc_of[a] == doc_of[b]:
                    continue
                checked.add(pair)
                if jaccard(shingled[a], shingled[b]) >= threshold:
                    uf.union(a, b)
    return _groups(uf, doc_of)


def _groups(uf: _UnionFind, doc_of: dict[int, int]) -> list[CopyGroup]:
    members: dict[int, list[int]] = {}
    for cid in list(uf.parent):
        members.setdefault(uf.find(cid), []).append(cid)
    out = []
    for ids in members.values():
        if len(ids) > 1:
            ids.sort()
            out.append(CopyGroup(id=ids[0], claims=tuple(ids), documents=len({doc_of[i] for i in ids})))
    out.sort(key=lambda g: g.id)
    return out


CROWDED = 50  # claims in one LSH bucket beyond which it is a template, not copies (see add_claims)


def add_claims(conn: sqlite3.Connection, items: Sequence[tuple[int, int, str]], *,
               threshold: float = THRESHOLD) -> set[int]:
    """Sign new claims, link them to their copies already stored, and update copy_groups.

    ``items``: (claim_id, document_id, text) of claims just stored. Returns the
    ids of the groups that were created or grew. Runs inside the caller's
    transaction when one is open, else in its own BEGIN IMMEDIATE.

    Batched, since ingest pays for it: the signatures of the whole batch in
    one numpy pass, its rows in executemany, and its candidate pairs (same
    exact key, or one LSH bucket in common) in one join against the stored
    bands, whatever the batch's size.
    """
    from workbench.seen.library import write

    items = list({cid: (cid, doc, text) for cid, doc, text in items}.values())
    if not items:
        return set()
    shingle_sets = [shingles(text) for _cid, _doc, text in items]
    sigs = signatures(shingle_sets)
    ids = [cid for cid, _doc, _text in items]
    mine = {cid: (doc, sh) for (cid, doc, _text), sh in zip(items, shingle_sets)}
    touched: set[int] = set()
    with write(conn):
        # Only a claim signed before has bands to drop (a new version of a document re-signs).
        signed = [
            r[0] for part in _parts(ids)
            for r in conn.execute(
                f"SELECT claim_id FROM copy_signatures WHERE claim_id IN ({','.join('?' * len(part))})", part
            )
        ]
        for part in _parts(signed):
            conn.execute(f"DELETE FROM copy_bands WHERE claim_id IN ({','.join('?' * len(part))})", part)
        conn.executemany(
            "INSERT OR REPLACE INTO copy_signatures (claim_id, document_id, exact, signature) VALUES (?, ?, ?, ?)",
            [(cid, doc, exact_key(text), sig.astype("<u4").tobytes()) for (cid, doc, text), sig in zip(items, sigs)],
        )
        conn.executemany(
            "INSERT INTO copy_bands (band, bucket, claim_id) VALUES (?, ?, ?)",
            [(b, bucket, cid) for cid, row in zip(ids, band_matrix(sigs).tolist()) for b, bucket in enumerate(row)],
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen_batch (claim_id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM seen_batch")
        conn.executemany("INSERT INTO seen_batch (claim_id) VALUES (?)", [(cid,) for cid in ids])
        # CROSS JOIN keeps the batch the outer loop (SQLite keeps that order): the planner
        # would otherwise scan every stored band to probe the batch, a cost growing with the database.
        exact_pairs = conn.execute(
            "SELECT a.claim_id, b.claim_id, b.document_id FROM seen_batch n "
            "CROSS JOIN copy_signatures a ON a.claim_id = n.claim_id "
            "CROSS JOIN copy_signatures b ON b.exact = a.exact AND b.claim_id != a.claim_id"
        ).fetchall()
        # A bucket shared by more than CROWDED claims holds a template ("The ministry said N
        # people were arrested in district ..."), not copies: probing it would pair every claim
        # with every other (quadratic, in ingest's transaction). Exact copies are still found by
        # their key, and near copies by their other bands.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen_crowded (band INTEGER, bucket INTEGER, PRIMARY KEY (band, bucket))")
        conn.execute("DELETE FROM seen_crowded")
        conn.execute(
            "INSERT OR IGNORE INTO seen_crowded (band, bucket) SELECT b.band, b.bucket FROM "
            "(SELECT DISTINCT a.band, a.bucket FROM seen_batch n CROSS JOIN copy_bands a ON a.claim_id = n.claim_id) k "
            "CROSS JOIN copy_bands b ON b.band = k.band AND b.bucket = k.bucket "
            "GROUP BY b.band, b.bucket HAVING COUNT(*) > ?",
            (CROWDED,),
        )
        band_pairs = conn.execute(
            "SELECT DISTINCT a.claim_id, b.claim_id FROM seen_batch n "
            "CROSS JOIN copy_bands a ON a.claim_id = n.claim_id "
            "CROSS JOIN copy_bands b ON b.band = a.band AND b.bucket = a.bucket AND b.claim_id != a.claim_id "
            "WHERE NOT EXISTS (SELECT 1 FROM seen_crowded c WHERE c.band = a.band AND c.bucket = a.bucket)"
        ).fetchall()
        conn.execute("DELETE FROM seen_crowded")
        conn.execute("DELETE FROM seen_batch")
        found: dict[int, set[int]] = {}
        for cid, other, other_doc in exact_pairs:
            if other_doc != mine[cid][0]:
                found.setdefault(cid, set()).add(other)
        maybe = [(cid, other) for cid, other in band_pairs if other not in found.get(cid, ())]
        stored = _texts(conn, sorted({other for _cid, other in maybe if other not in mine}))
        for cid, other in maybe:
            if other in mine:
                other_doc, other_set = mine[other]
            elif other in stored:
                other_doc, other_set = stored[other][0], shingles(stored[other][1])
            else:
                continue
            if other_doc != mine[cid][0] and jaccard(mine[cid][1], other_set) >= threshold:
                found.setdefault(cid, set()).add(other)
        linked = [cid for cid in ids if found.get(cid)]
        for cid in linked:
            _join(conn, cid, found[cid])
        # Later joins in the batch may have merged earlier groups: name each by its final id.
        for part in _parts(linked):
            touched.update(r[0] for r in conn.execute(
                f"SELECT group_id FROM copy_groups WHERE claim_id IN ({','.join('?' * len(part))})", part
            ))
    return touched


def _texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[int, str]]:
    out: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for cid, doc, text in conn.execute(
            f"SELECT id, document_id, text FROM claims WHERE id IN ({','.join('?' * len(part))})", part
        ):
            out[cid] = (doc, text)
    return out


def _join(conn: sqlite3.Connection, claim_id: int, others: set[int]) -> int:
    """Merge claim_id, others and every group they are in into one group; return its id."""
    ids = {claim_id, *others}
    groups = {
        r[0] for part in _parts(sorted(ids))
        for r in conn.execute(f"SELECT group_id FROM copy_groups WHERE claim_id IN ({','.join('?' * len(part))})", part)
    }
    for g in groups:
        ids.update(r[0] for r in conn.execute("SELECT claim_id FROM copy_groups WHERE group_id = ?", (g,)))
    group_id = min(ids)
    conn.executemany(
        "INSERT OR REPLACE INTO copy_groups (claim_id, group_id) VALUES (?, ?)", [(i, group_id) for i in sorted(ids)]
    )
    return group_id


def _parts(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def group_of(conn: sqlite3.Connection, claim_id: int) -> CopyGroup | None:
    """The copy group a claim is in, or None when it has no copy."""
    row = conn.execute("SELECT group_id FROM copy_groups WHERE claim_id = ?", (claim_id,)).fetchone()
    if row is None:
        return None
    ids = tuple(r[0] for r in conn.execute(
        "SELECT claim_id FROM copy_groups WHERE group_id = ? ORDER BY claim_id", (row[0],)
    ))
    docs = conn.execute(
        "SELECT COUNT(DISTINCT document_id) FROM copy_signatures WHERE claim_id IN "
        "(SELECT claim_id FROM copy_groups WHERE group_id = ?)", (row[0],)
    ).fetchone()[0]
    return CopyGroup(id=row[0], claims=ids, documents=docs)


def copy_counts(conn: sqlite3.Connection, claim_ids: Sequence[int]) -> dict[int, int]:
    """For the queue: how many *other* claims each claim has as copies (claims without any left out)."""
    out: dict[int, int] = {}
    for part in _parts(list(claim_ids)):
        for cid, n in conn.execute(
            "SELECT g.claim_id, (SELECT COUNT(*) FROM copy_groups h WHERE h.group_id = g.group_id) - 1 "
            f"FROM copy_groups g WHERE g.claim_id IN ({','.join('?' * len(part))})",
            part,
        ):
            out[cid] = n
    return out
