"""Who is writing: an ingest announces itself beside the database, so a busy reviewer is told.

A reviewer whose decision waits on the write lock wants to know whether a
colleague or a bulk ingest holds it. An ingest run creates ``<db>-ingest-<pid>``
(beside the -wal and -shm files) for as long as it runs; a file whose process
is gone is ignored. Nothing here is needed for correctness: it only words the
busy message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _marker(db_path: Path, pid: int) -> Path:
    return Path(f"{db_path}-ingest-{pid}")


@contextmanager
def announce_ingest(db_path: Path) -> Iterator[None]:
    marker = _marker(Path(db_path), os.getpid())
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


def current_ingest(db_path: Path) -> int | None:
    """The process id of a running ingest into ``db_path``, if any."""
    path = Path(db_path)
    try:
        names = os.listdir(path.parent or ".")
    except OSError:
        return None
    prefix = f"{path.name}-ingest-"
    for name in names:
        if not name.startswith(prefix) or not name[len(prefix):].isdigit():
            continue
        pid = int(name[len(prefix):])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            pass
        return pid
    return None


def _waiting_marker(db_path: Path, pid: int) -> Path:
    return Path(f"{db_path}-waiting-{pid}")


@contextmanager
def waiting(db_path: Path) -> Iterator[None]:
    """While a reviewer's write waits for the lock, say so beside the database (ingest gives way)."""
    marker = _waiting_marker(Path(db_path), os.getpid())
    try:
        marker.write_text(f"{os.getpid()}\n", encoding="ascii")
    except OSError:
        marker = None
    try:
        yield
    finally:
        if marker is not None:
            try:
                marker.unlink()
            except OSError:
                pass


def someone_waiting(db_path: Path) -> bool:
    """A process other than this one waits for the write lock (a reviewer's decision)."""
    path = Path(db_path)
    try:
        names = os.listdir(path.parent or ".")
    except OSError:
        return False
    prefix = f"{path.name}-waiting-"
    for name in names:
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            pid = int(name[len(prefix):])
            if pid == os.getpid():
                continue
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            except PermissionError:
                pass
            return True
    return False
