"""Opening a workbench database: the file checks, the migrations, the transactions.

A :class:`Database` is one connection with the lock that serialises its use
between threads, and the read helpers that turn sqlite3 errors into one-line
:class:`~workbench.store.errors.StoreError`. Everything else in the store
(queries, decisions, documents) works through one of these.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbench.safetext import visible
from workbench.store import listing, schema, writers
from workbench.store.connection import (
    DEFAULT_BUSY_TIMEOUT,
    classify,
    connect,
    connect_read_only,
    is_read_only_place,
    quick_check,
)
from workbench.store.witness import Witness
from workbench.store.errors import (
    CorruptDatabase,
    NewerSchema,
    NotAWorkbenchDatabase,
    NotFound,
    NotSaved,
    ReadOnlyDatabase,
    StoreError,
)


QUICK_TRY_MS = 30  # a first try at the write lock, before a waiting writer says it waits


class Database:
    """An open workbench database over one connection. Not shared across processes."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: str | None = None) -> None:
        self.conn = conn
        self.path = path
        # Why this database is open read-only ("read-only", "read-only, main file only"), or None.
        self.read_only = read_only
        self.lock = threading.RLock()
        self.listing = listing.Listing()
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        missing = [key for key in ("db_id", "genesis") if not isinstance(meta.get(key), str) or not meta[key]]
        if missing:
            # The identity the audit chain starts from: without it nothing can be verified.
            raise CorruptDatabase(f"{visible(str(path))} is damaged: its meta table has no {' or '.join(missing)}")
        self.db_id: str = meta["db_id"]
        self.genesis: str = meta["genesis"]
        self.witness: Witness | None = None  # records the head after each commit (store/witness.py)
        self.busy_timeout_ms = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        create: bool = True,
        check: bool = True,
    ) -> Database:
        """Open (or create) a workbench database, migrating it when it is older.

        Raises a :class:`StoreError` subclass with one clear line when the file
        is missing (and ``create`` is false), is not SQLite, is some other
        application's database, is damaged, or was made by a newer workbench.
        """
        path = Path(path)
        name = visible(str(path))
        if not path.exists():
            if not create:
                raise NotFound(f"no database at {name} (run `workbench ingest` to create one)")
            if not path.parent.is_dir():
                raise StoreError(f"cannot create {name}: folder {visible(str(path.parent))} does not exist")
            if is_read_only_place(path):
                raise StoreError(f"cannot create {name}: its folder or disk is read-only")
        read_only = None
        try:
            conn = connect(path, busy_timeout=busy_timeout)
        except ReadOnlyDatabase:
            # A read-only file, folder or mount: WAL cannot make its -shm there. Read it read-only.
            conn, read_only = connect_read_only(path, busy_timeout=busy_timeout)
        try:
            if check:
                quick_check(conn, path)
            if read_only:
                _check_read_only(conn, path)
            else:
                _prepare(conn, path)
            return cls(conn, path, read_only=read_only)
        except sqlite3.Error as exc:
            conn.close()
            raise classify(exc, path) from None
        except UnicodeDecodeError:
            conn.close()
            raise CorruptDatabase(f"{name} is damaged: its schema or identity holds bytes that are not UTF-8") from None
        except BaseException:
            conn.close()
            raise

    @classmethod
    def snapshot_of(cls, other: Database) -> Database:
        """A read-only Database on its own connection to the same file (see Store.snapshot)."""
        if other.read_only:
            conn, _ = connect_read_only(other.path)
        else:
            conn = connect(other.path)
        try:
            # A belt to the braces of only ever running SELECTs: this connection cannot write.
            conn.execute("PRAGMA query_only = ON")
            return cls(conn, other.path, read_only=other.read_only)
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, begun with BEGIN IMMEDIATE; nested use joins the outer one.

        BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
        timeout), so a transaction that reads and then writes can never fail
        half-way with "database is locked" because another reviewer wrote first.
        Failures to get the lock or to write raise :class:`NotSaved`.
        """
        with self.lock:
            if self.read_only:
                raise NotSaved(
                    f"{visible(str(self.path))} is read-only (its file, folder or disk cannot be written): not saved"
                )
            if self.conn.in_transaction:
                yield self.conn
                return
            try:
                self._begin()
            except sqlite3.Error as exc:
                raise classify(exc, self.path, writing=True) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise classify(exc, self.path, writing=True) from None
            except BaseException:
                self._rollback()
                raise
            if self.witness is not None:
                self._witness_head()

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; when the lock is held, wait for it saying so (an ingest then gives way)."""
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {QUICK_TRY_MS}")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                    raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        with writers.waiting(self.path):
            self.conn.execute("BEGIN IMMEDIATE")

    def _witness_head(self) -> None:
        """After a commit: the head goes to the witness file (a failure there is kept, never raised)."""
        try:
            row = self.conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        except sqlite3.Error:
            return
        if row and self.witness is not None:
            self.witness.record(self.db_id, row[0], row[1])

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def rows(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        """Every row of a read, as tuples; a damaged file is one clear StoreError."""
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise classify(exc, self.path) from None

    def scalar(self, sql: str, params: Sequence | dict = ()) -> Any:
        with self.lock:
            try:
                row = self.conn.execute(sql, params).fetchone()
            except sqlite3.DatabaseError as exc:
                raise classify(exc, self.path) from None
        return row[0] if row else None

    def head(self) -> tuple[int, str]:
        """The audit log's last event (seq, hash); (0, genesis) when it is empty."""
        row = self.rows("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        return (row[0][0], row[0][1]) if row else (0, self.genesis)


def _check_read_only(conn: sqlite3.Connection, path: Path) -> None:
    """A database opened read-only must already be a workbench database of this version."""
    name = visible(str(path))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        raise NotAWorkbenchDatabase(f"{name} is read-only and not a workbench database")
    app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    if not app or app[0] != schema.APP_ID:
        raise NotAWorkbenchDatabase(f"{name} is an SQLite database but not a workbench database")
    version = schema.schema_version(conn)
    if version > schema.SCHEMA_VERSION:
        raise NewerSchema(f"{name} was made by a newer workbench (schema {version}): upgrade the workbench")
    if version < schema.SCHEMA_VERSION:
        raise StoreError(
            f"{name} is read-only and was made by an older workbench (schema {version}): "
            "open it once where it can be written, to upgrade it"
        )


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    name = visible(str(path))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        if tables:
            raise NotAWorkbenchDatabase(f"{name} is an SQLite database but not a workbench database")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have initialised it while we waited for the lock.
            if not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone():
                schema.initialise(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    if not app or app[0] != schema.APP_ID:
        raise NotAWorkbenchDatabase(f"{name} is an SQLite database but not a workbench database")
    version = schema.schema_version(conn)
    if version > schema.SCHEMA_VERSION:
        raise NewerSchema(
            f"{name} was made by a newer workbench (schema {version}; "
            f"this version knows up to {schema.SCHEMA_VERSION}): upgrade the workbench"
        )
    if version < schema.SCHEMA_VERSION:
        schema.migrate(conn)
