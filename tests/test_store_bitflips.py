"""Random bit flips in a database's content pages: every one that changes stored content is caught.

A flip lands in a random bit of a random page that holds a table or an index
(the claims, sentences, documents, events and every other b-tree, as SQLite's
dbstat lists them; page 1 after its 100-byte file header). Whether it changed
stored content is decided apart from the workbench: a plain SQLite read of
every row of every table (and of the schema) is compared with the same read of
the pristine file. What is not content: the planner's statistics, the id
allocator (sqlite_sequence), the counter that only tells caches to re-read
(meta.claims_generation), and the full-text search indexes (claims_fts_*,
sentences_fts_*), which are derived from the claims and sentences and change
what a search finds, never what is stored, shown or exported: flips that only
touch them are counted apart (FTS5's own integrity-check catches some of them).
A flip that changes content must make `verify` fail, or make the file refuse to
open with one clear line.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store, StoreError

import os

FLIPS = int(os.environ.get("WORKBENCH_FLIPS", "300"))
SEED = int(os.environ.get("WORKBENCH_FLIP_SEED", "12"))
SEARCH_INDEXES = ("claims_fts_", "sentences_fts_")
pytestmark = pytest.mark.slow


def build(path: Path) -> None:
    store = make_db(path, articles=12)
    ids = store.claim_ids()
    for i, claim in enumerate(ids[:40]):
        store.set_verdict(claim, DEFAULT_SCALE.slugs()[i % 6], scale=DEFAULT_SCALE, reviewer=f"r{i % 2}")
    store.set_note(ids[1], "the ministry's figure is 38, not 40", reviewer="ana")
    store.set_flag(ids[2], reviewer="ana")
    store.correct_claim(ids[3], speaker="the central bank", reviewer="ben")
    store.undo(ids[0], reviewer="r0")
    store.edit_document(1, {"title": "Corrected headline"}, reviewer="ben")
    assert store.verify().ok
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def content_pages(path: Path) -> list[int]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return sorted({row[0] for row in conn.execute("SELECT pageno FROM dbstat")})
    finally:
        conn.close()


def dump(path: Path) -> object:
    """Every row of every table and the schema, as plain SQLite reads them; or the error."""
    try:
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        conn.text_factory = bytes
        try:
            out = []
            tables = conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
            out.append(tables)
            index = []
            for kind, name, _, _ in tables:
                if kind != b"table" or name.startswith(b"sqlite_stat") or name == b"sqlite_sequence":
                    continue
                table = name.decode("utf-8", "replace")
                if table.endswith("_fts"):
                    continue  # the virtual tables: their rows are the shadow tables, read as such
                rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
                if table == "meta":
                    rows = [r for r in rows if r[0] != b"claims_generation"]
                (index if table.startswith(SEARCH_INDEXES) else out).append((table, sorted(rows, key=repr)))
            return out, index
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a schema that is not UTF-8 fails to decode
        return f"unreadable: {exc}", None


def test_every_flip_that_changes_content_is_detected(tmp_path):
    pristine_path = tmp_path / "pristine.db"
    build(pristine_path)
    pristine = pristine_path.read_bytes()
    page_size = int.from_bytes(pristine[16:18], "big")
    pages = content_pages(pristine_path)
    reference, reference_index = dump(pristine_path)
    rng = random.Random(SEED)
    changed = detected = index_only = index_caught = 0
    undetected: list[str] = []
    other_errors: list[str] = []
    for i in range(FLIPS):
        page = rng.choice(pages)
        start = (page - 1) * page_size + (100 if page == 1 else 0)
        offset = rng.randrange(start, page * page_size)
        bit = rng.randrange(8)
        data = bytearray(pristine)
        data[offset] ^= 1 << bit
        target = tmp_path / f"flip{i}.db"
        target.write_bytes(data)
        now, now_index = dump(target)
        if now == reference:
            if now_index != reference_index:
                index_only += 1
                try:
                    with Store.open(target) as store:
                        index_caught += not store.verify().ok
                except StoreError:
                    index_caught += 1
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            continue
        changed += 1
        try:
            with Store.open(target) as store:
                result = store.verify()
            caught = not result.ok
        except StoreError:
            caught = True
        except Exception as exc:  # noqa: BLE001 - counted, and reported below
            caught = True
            other_errors.append(f"page {page} byte {offset} bit {bit}: {type(exc).__name__}: {exc}")
        if caught:
            detected += 1
        else:
            undetected.append(f"page {page} byte {offset - (page - 1) * page_size} bit {bit}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    print(
        f"{FLIPS} flips over {len(pages)} content pages: {changed} changed stored content, {detected} detected; "
        f"{index_only} touched only a search index, {index_caught} of them reported"
    )
    assert changed >= FLIPS // 5  # a good share land in live cells: the test exercises the checks
    assert undetected == [], f"{len(undetected)} of {changed} content changes went undetected: {undetected[:10]}"
    assert other_errors == [], other_errors[:5]
