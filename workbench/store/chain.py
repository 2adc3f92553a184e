"""The audit log's hash chain, checked: proved in SQLite by the thousand, or walked event by event.

`prove` is what verify runs on an intact log. SQLite writes, for a range of
events at a time and in one statement, the bytes each hash is taken over
(audit.HASHED_SQL) joined into one blob, and the sequence numbers, links and
hashes joined into text; Python splits the blob, hashes each piece and
compares whole strings. One statement per range is one step of SQLite's, with
the GIL released, so it runs beside the rest of verify on a second
connection. It proves the chain or gives up (None), never names a break:
any doubt (a real, a blob, a separator inside a field, a gap) sends verify
to `walk`, the event-by-event check that names the first broken event.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from collections.abc import Callable

from workbench.store import audit

CHUNK = 8192  # events proved per statement: a few MB of SQLite's memory, and few steps

# One range of events, in seq order. group_concat leaves out NULLs (HASHED_SQL gives NULL
# for an event holding a real): the counts beside it say when one was left out.
_PROOF_SQL = f"""
SELECT count(*), count(prev_hash), count(hash), group_concat(seq), group_concat(prev_hash), group_concat(hash),
       CAST(group_concat(hashed, char(0)) AS BLOB)
FROM (SELECT seq, prev_hash, hash, {audit.HASHED_SQL} AS hashed FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq)
"""


@dataclass(slots=True)
class Chain:
    """What checking the chain found: its first break (if any), every event's hash, the head."""

    problems: list[str]
    hashes: dict[int, str]
    head: tuple[int, str]


def prove(
    conn: sqlite3.Connection, genesis: str, *, stop: Callable[[], bool] = lambda: False, chunk: int = CHUNK
) -> Chain | None:
    """The chain, proved intact over every event of the log, or None when it cannot be.

    None is no verdict: it may be damage, or a log SQLite cannot write the
    hashed bytes of (`walk` decides). The proof holds because each joined
    string is compared whole with one Python builds from parts that hold no
    separator: the sequence numbers are exactly 1..n, each piece of the blob
    (JSON holds no raw NUL) hashes to the stored hash, and each stored link is
    the hash before it. ``stop`` is asked between ranges: verify gives up the
    proof when it cannot use it.
    """
    if not audit.sql_hashing_agrees(conn):
        return None
    count, low, high = conn.execute("SELECT count(*), min(seq), max(seq) FROM events").fetchone()
    if count == 0:
        return Chain([], {}, (0, genesis))
    if low != 1 or high != count:
        return None
    sha256 = hashlib.sha256
    hashes: dict[int, str] = {}
    prev = genesis
    for start in range(1, count + 1, chunk):
        if stop():
            return None
        end = min(count, start + chunk - 1)
        size = end - start + 1
        rows, links, stored, seqs, prevs, hashes_text, blob = conn.execute(_PROOF_SQL, (start, end)).fetchone()
        if not (rows == links == stored == size) or not isinstance(blob, bytes):
            return None
        pieces = blob.split(b"\0")
        if len(pieces) != size or seqs != ",".join(map(str, range(start, end + 1))):
            return None
        digests = [sha256(piece).hexdigest() for piece in pieces]
        if hashes_text != ",".join(digests) or prevs != ",".join([prev, *digests[:-1]]):
            return None
        hashes.update(zip(range(start, end + 1), digests))
        prev = digests[-1]
    return Chain([], hashes, (count, prev))


def walk(conn: sqlite3.Connection, genesis: str, *, lenient: bool, sql_json: bool) -> Chain:
    """The chain, event by event: stops at the first broken event and names it.

    Text read leniently (a damaged page), or a SQLite whose JSON is not
    canonical_row's, leaves the hashed bytes to canonical_row.
    """
    fast = sql_json and not lenient and audit.sql_hashing_agrees(conn)
    hashed_sql = audit.HASHED_SQL if fast else "NULL"
    problems: list[str] = []
    hashes: dict[int, str] = {}
    expected_seq, prev_hash, broken = 1, genesis, False
    sha256 = hashlib.sha256
    row: tuple = ()
    for row in conn.execute(f"SELECT {audit.SORTED_COLUMNS}, {hashed_sql} FROM events ORDER BY seq"):
        seq, stored_prev, stored_hash, hashed = row[audit.SEQ], row[audit.PREV_HASH], row[audit.HASH], row[-1]
        hashes[seq] = stored_hash
        if broken:
            continue
        if seq != expected_seq:
            problems.append(
                f"event {seq}: sequence jumps from {expected_seq - 1} to {seq} (event {expected_seq} is missing)"
            )
            broken = True
        elif stored_prev != prev_hash:
            problems.append(f"event {seq}: does not link to event {seq - 1} (events removed, reordered or replaced)")
            broken = True
        # The bytes SQLite wrote start with stored_prev, which is prev_hash here.
        elif (hashed is None or sha256(hashed).hexdigest() != stored_hash) and not intact(prev_hash, row):
            if lenient and any(map(undecodable, row)):
                problems.append(f"event {seq}: holds bytes that are not valid UTF-8 (the file is damaged here)")
            elif any(isinstance(field, bytes) for field in row[: audit.HASH + 1]):
                problems.append(f"event {seq}: holds raw bytes where text or a number belongs (damaged)")
            else:
                problems.append(f"event {seq}: its hash does not match its contents (edited)")
            broken = True
        expected_seq = seq + 1
        prev_hash = stored_hash
    head = (row[audit.SEQ], row[audit.HASH]) if row else (0, genesis)
    return Chain(problems, hashes, head)


def intact(prev_hash: str, row: tuple) -> bool:
    """Whether an event's hash is that of its fields, as canonical_row writes them."""
    # Bytes that are not UTF-8 (read leniently, as surrogates) cannot be encoded, and a
    # blob cannot be written as JSON: neither can ever match the hash.
    try:
        hashed = (prev_hash + "\n" + audit.canonical_row(row)).encode("utf-8")
    except (UnicodeEncodeError, TypeError):
        return False
    return hashlib.sha256(hashed).hexdigest() == row[audit.HASH]


def undecodable(value: object) -> bool:
    """Text read leniently that holds bytes which were not UTF-8 (surrogateescape's surrogates)."""
    return isinstance(value, str) and _ESCAPED_BYTE.search(value) is not None


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
