"""Who is writing: an ingest announces itself beside the database, so a busy reviewer is told.

A reviewer whose decision waits on the write lock wants to know whether a
colleague or a bulk ingest holds it. An ingest run creates ``<db>-ingest-<pid>``
(beside the -wal and -shm files) for as long as it runs; a file whose process
is gone is ignored. Nothing here is needed for correctness: it only words the
busy message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _marker(db_path: Path, role: str, pid: int) -> Path:
    return Path(f"{db_path}-{role}-{pid}")


@contextmanager
def _announce(db_path: Path, role: str) -> Iterator[None]:
    """``<db>-<role>-<pid>`` beside the database for as long as the block runs."""
    marker: Path | None = _marker(Path(db_path), role, os.getpid())
    try:
        marker.write_text(f"{os.getpid()}\n", encoding="ascii")
    except OSError:
        marker = None  # a folder we cannot write: the busy message just says less
    try:
        yield
    finally:
        if marker is not None:
            try:
                marker.unlink()
            except OSError:
                pass


def _live(db_path: Path, role: str, *, others_only: bool = False) -> Iterator[int]:
    """The process ids of the live processes that announced ``role`` for ``db_path``."""
    path = Path(db_path)
    try:
        names = os.listdir(path.parent or ".")
    except OSError:
        return
    prefix = f"{path.name}-{role}-"
    for name in names:
        if not name.startswith(prefix) or not name[len(prefix):].isdigit():
            continue
        pid = int(name[len(prefix):])
        if others_only and pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            pass
        yield pid


def announce_ingest(db_path: Path) -> contextlib.AbstractContextManager[None]:
    """While an ingest runs: say so beside the database (a busy reviewer is told who writes)."""
    return _announce(db_path, "ingest")


def current_ingest(db_path: Path) -> int | None:
    """The process id of a running ingest into ``db_path``, if any."""
    return next(_live(db_path, "ingest"), None)


def waiting(db_path: Path) -> contextlib.AbstractContextManager[None]:
    """While a reviewer's write waits for the lock, say so beside the database (ingest gives way)."""
    return _announce(db_path, "waiting")


def someone_waiting(db_path: Path) -> bool:
    """A process other than this one waits for the write lock (a reviewer's decision)."""
    return next(_live(db_path, "waiting", others_only=True), None) is not None
