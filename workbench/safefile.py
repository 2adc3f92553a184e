"""Writing a file so that a failure never leaves half of it where the last good one was."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that replaces ``path`` only once everything was written and synced.

    The data goes to a temporary file beside the target (same file system, so
    the rename is atomic), is fsynced, then renamed over it. On any error the
    temporary file is removed and the target is left as it was.
    """
    folder = path.resolve().parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
