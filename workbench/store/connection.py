"""Opening SQLite connections with the settings every workbench connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.safetext import visible
from workbench.store.errors import CorruptDatabase, NotADatabase, NotSaved, StoreError

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
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise classify(exc, path) from None
    except UnicodeDecodeError:
        conn.close()
        raise CorruptDatabase(f"{name} is damaged: its schema holds bytes that are not UTF-8") from None
    return conn


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


def classify(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into a one-line StoreError that names the file."""
    name = visible(str(path))
    text = str(exc)
    lowered = text.lower()
    if "file is not a database" in lowered or "file is encrypted" in lowered:
        return NotADatabase(f"{name} is not an SQLite database")
    if "malformed" in lowered or "corrupt" in lowered:
        return CorruptDatabase(f"{name} is damaged: {text}")
    if "locked" in lowered or "busy" in lowered:
        return NotSaved(f"{name} is busy (another reviewer is writing): not saved, try again")
    if "disk" in lowered or "full" in lowered or "readonly" in lowered or "read-only" in lowered:
        return NotSaved(f"cannot write to {name}: {text}: not saved")
    return StoreError(f"{name}: {text}")
