"""Opening SQLite connections with the settings every workbench connection needs."""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path

from workbench.safetext import visible
from workbench.store.errors import CorruptDatabase, NotADatabase, NotSaved, ReadOnlyDatabase, StoreError

DEFAULT_BUSY_TIMEOUT = 10.0  # seconds; a second reviewer's commit takes milliseconds


def connect(path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> sqlite3.Connection:
    """Connect with WAL, synchronous=FULL, a busy timeout and foreign keys on.

    ``isolation_level=None`` leaves transaction control to us: every write
    transaction is opened explicitly with ``BEGIN IMMEDIATE``.
    """
    name = visible(str(path))
    if path.exists() and not path.is_file():
        raise NotADatabase(f"{name} is not a file")
    try:
        conn = sqlite3.connect(
            str(path),
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {name}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch {name} to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        if _read_only_failure(exc) and path.exists():
            raise ReadOnlyDatabase(str(exc)) from None
        raise classify(exc, path) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise classify(exc, path) from None
    except UnicodeDecodeError:
        conn.close()
        raise CorruptDatabase(f"{name} is damaged: its schema holds bytes that are not UTF-8") from None
    return conn


def _read_only_failure(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "unable to open database file" in text or "readonly" in text or "read-only" in text


def is_read_only_place(path: Path) -> bool:
    """The file, its folder or its mount cannot be written (what WAL's -shm and -wal need)."""
    try:
        import os

        st = os.statvfs(path.parent)
        if st.f_flag & getattr(os, "ST_RDONLY", 1):
            return True
        return not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))
    except OSError:
        return False


def connect_read_only(path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> tuple[sqlite3.Connection, str]:
    """A read-only connection to a database on a read-only file, folder or mount.

    WAL needs its -shm file: where one exists, ``mode=ro`` reads the database
    with its WAL; where none can be made, ``immutable=1`` reads the main file
    alone (commits still in a -wal file are then not seen, and said so).
    Returns the connection and how it reads.
    """
    name = visible(str(path))
    uri = "file:" + urllib.parse.quote(str(path.resolve()))
    last: sqlite3.Error | None = None
    for query, how in (("?mode=ro", "read-only"), ("?immutable=1", "read-only, main file only")):
        try:
            conn = sqlite3.connect(uri + query, uri=True, timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA query_only = ON")
            wal = Path(f"{path}-wal")
            if how.endswith("main file only") and wal.exists() and wal.stat().st_size > 0:
                how += f" ({wal.stat().st_size:,} bytes in its -wal file are not read)"
            return conn, how
        except sqlite3.OperationalError as exc:
            conn.close()
            last = exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise classify(exc, path) from None
    raise StoreError(f"cannot open {name} even read-only: {last}")


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise classify(exc, path) from None
    except UnicodeDecodeError:
        raise CorruptDatabase(f"{visible(str(path))} is damaged: its schema holds bytes that are not UTF-8") from None
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise CorruptDatabase(
            f"{visible(str(path))} is damaged: quick_check reports {visible(problems[0])}"
            + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
        )


def classify(exc: sqlite3.Error, path: Path, *, writing: bool = False) -> StoreError:
    """Turn an sqlite3 error into a one-line StoreError that names the file.

    ``writing``: the error came from a write (only then is anything "not saved";
    a read that fails says it could not read).
    """
    name = visible(str(path))
    text = str(exc)
    lowered = text.lower()
    if "file is not a database" in lowered or "file is encrypted" in lowered:
        return NotADatabase(f"{name} is not an SQLite database")
    if "malformed" in lowered or "corrupt" in lowered:
        return CorruptDatabase(f"{name} is damaged: {text}")
    if "locked" in lowered or "busy" in lowered:
        if writing:
            return NotSaved(f"{name} is busy ({busy_holder(path)} is writing): not saved, try again")
        return StoreError(f"{name} is locked by another process ({busy_holder(path)}): could not read it, try again")
    if "readonly" in lowered or "read-only" in lowered:
        return NotSaved(f"{name} is read-only (its file, folder or disk cannot be written): not saved")
    if writing and ("disk" in lowered or "full" in lowered):
        return NotSaved(f"cannot write to {name}: {text}: not saved")
    if "disk" in lowered:
        return StoreError(f"cannot read {name}: {text}")
    return StoreError(f"{name}: {text}")


def busy_holder(path: Path) -> str:
    """Who holds the write lock, when it is known: an ingest announces itself (store/writers.py)."""
    from workbench.store.writers import current_ingest

    ingest = current_ingest(path)
    return f"an ingest (process {ingest})" if ingest else "another reviewer or tool"
