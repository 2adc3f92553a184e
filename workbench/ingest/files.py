"""Walking the paths a user gave and opening regular files safely.

Nothing here ever blocks or follows a link it should not: every path is
lstat()ed before it is opened, opened with O_NONBLOCK|O_NOFOLLOW, and fstat()ed
afterwards to confirm it is still the same regular file (closing the race in
which a file is swapped for a FIFO or a link between the check and the open).

Hidden files and folders (a name starting with ".") inside a walked folder are
skipped quietly: a folder's .git or .DS_Store is not something the user meant.
A hidden path given directly is taken like any other.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.ingest.errors import IngestError
from workbench.safetext import visible

ARTICLE_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_READ_CHUNK = 1 << 20


@dataclass(slots=True)
class Candidate:
    path: Path
    root: Path | None  # real path of the folder being walked; None for a path given directly
    display: str  # visible(str(path))


@dataclass(slots=True)
class Refusal:
    path: Path
    display: str
    status: str  # "skipped" | "failed"
    reason: str


def human_size(n: int) -> str:
    """5_000_000 -> "5 MB", 7_240_000 -> "7.2 MB", 800 -> "800 bytes" (decimal units, as --max-bytes takes)."""
    if n < 1000:
        return f"{n} bytes"
    value, unit = (n / 1_000_000, "MB") if n >= 1_000_000 else (n / 1000, "kB")
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}"


def too_large(size: int | None, cap: int) -> IngestError:
    amount = human_size(size) if size is not None else f"more than {human_size(cap)}"
    return IngestError("failed", f"too large: {amount} is over the {human_size(cap)} cap (raise it with --max-bytes)")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symlink"
    return "not a regular file"


def _not_regular(mode: int) -> IngestError:
    return IngestError("skipped", f"not a regular file: {_kind(mode)}")


def _link_error(exc: OSError) -> IngestError:
    if exc.errno == errno.ELOOP:
        return IngestError("failed", "symlink loop: the link points back at itself")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return IngestError("failed", "dangling symlink: its target does not exist")
    return _os_error(exc)


def _os_error(exc: OSError) -> IngestError:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return IngestError("failed", "unreadable: permission denied")
    if exc.errno == errno.ENOENT:
        return IngestError("failed", "not found")
    if exc.errno == errno.ELOOP:
        return IngestError("failed", "refused: the file is a symlink")
    return IngestError("failed", f"unreadable: {exc.strerror or 'error ' + str(exc.errno)}")


def _inside(path: str, root: Path) -> bool:
    root_s = str(root)
    return path == root_s or path.startswith(root_s.rstrip(os.sep) + os.sep)


def _extension_refusal(path: Path) -> Refusal:
    ext = path.suffix.lower()
    label = visible(ext) if ext else "no extension"
    return Refusal(path, visible(str(path)), "skipped", f"not an article file ({label}); use --all-files to take it")


def _take(path: Path, root: Path | None, all_files: bool) -> Candidate | Refusal:
    if all_files or path.suffix.lower() in ARTICLE_EXTENSIONS:
        return Candidate(path, root, visible(str(path)))
    return _extension_refusal(path)


def _refuse(path: Path, error: IngestError) -> Refusal:
    return Refusal(path, visible(str(path)), error.status, error.reason)


def walk(paths: Iterable[str | Path], *, all_files: bool = False) -> Iterator[Candidate | Refusal]:
    """Each file under ``paths`` as a Candidate to read, or a Refusal saying why not.

    Arguments are taken in the order given; each folder is walked depth-first
    in sorted name order, so the result is the same on every run.
    """
    for arg in paths:
        path = Path(arg)
        try:
            st = os.lstat(path)
        except OSError as exc:
            yield _refuse(path, _os_error(exc))
            continue
        if stat.S_ISLNK(st.st_mode):
            try:
                st = os.stat(path)
            except OSError as exc:
                yield _refuse(path, _link_error(exc))
                continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(path, Path(os.path.realpath(path)), all_files)
        elif stat.S_ISREG(st.st_mode):
            yield _take(path, None, all_files)
        else:
            yield _refuse(path, _not_regular(st.st_mode))


def _list(folder: Path) -> list[os.DirEntry[str]] | IngestError:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        err = _os_error(exc)
        return IngestError("failed", "cannot open folder: " + err.reason.removeprefix("unreadable: "))


def _walk_folder(top: Path, root: Path, all_files: bool) -> Iterator[Candidate | Refusal]:
    top_st = os.stat(top)
    visited = {(top_st.st_dev, top_st.st_ino)}
    listing = _list(top)
    if isinstance(listing, IngestError):
        yield _refuse(top, listing)
        return
    # An explicit stack, so a folder nested 10,000 deep cannot exhaust recursion.
    stack: list[Iterator[os.DirEntry[str]]] = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            st = os.stat(path) if is_link else entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield _refuse(path, _link_error(exc) if entry.is_symlink() else _os_error(exc))
            continue
        if is_link and not _inside(os.path.realpath(path), root):
            yield _refuse(path, IngestError("failed", "symlink points outside the folder being ingested"))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in visited:
                yield _refuse(path, IngestError("failed", "symlink loop: this folder is already being walked"))
                continue
            visited.add(key)
            listing = _list(path)
            if isinstance(listing, IngestError):
                yield _refuse(path, listing)
                continue
            stack.append(iter(listing))
        elif stat.S_ISREG(st.st_mode):
            yield _take(path, root, all_files)
        else:
            yield _refuse(path, _not_regular(st.st_mode))


def read_bytes(candidate: Candidate, *, max_bytes: int) -> bytes:
    """The file's bytes, at most ``max_bytes``; raises IngestError for anything else.

    Never opens a FIFO, device, socket or folder, never follows a link out of
    the folder being walked, and never reads more than ``max_bytes + 1`` bytes.
    """
    path = candidate.path
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise _os_error(exc) from None
    target = str(path)
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError as exc:
            raise _link_error(exc) from None
        target = os.path.realpath(path)
    elif candidate.root is not None:
        # A folder on the way may have been swapped for a link since the walk.
        target = os.path.realpath(path)
    if candidate.root is not None and not _inside(target, candidate.root):
        raise IngestError("failed", "symlink points outside the folder being ingested")
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(st.st_mode)
    if st.st_size > max_bytes:
        raise too_large(st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise _os_error(exc) from None
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode):
            raise _not_regular(fst.st_mode)
        if (fst.st_dev, fst.st_ino) != (st.st_dev, st.st_ino):
            raise IngestError("failed", "the file changed while it was being opened")
        if fst.st_size > max_bytes:
            raise too_large(fst.st_size, max_bytes)
        chunks: list[bytes] = []
        remaining = max_bytes + 1  # one byte more tells "exactly the cap" from "over it"
        while remaining > 0:
            try:
                chunk = os.read(fd, min(_READ_CHUNK, remaining))
            except BlockingIOError:
                raise IngestError("failed", "unreadable: the file would block") from None
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise too_large(None, max_bytes)
    return data
