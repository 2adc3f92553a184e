"""Writing an export where the user asked, without turning the path against them.

:func:`open_target` decides by what the path is, never by its name alone:

* a regular file or a new path is replaced whole or not at all: the data goes
  to an unnamed temporary file in the target's folder (``O_TMPFILE``; a hidden
  named one where the file system has none), is fsynced, then renamed over the
  target. A replaced file keeps its mode (and, for root, its owner); a new one
  gets the usual ``0666 & ~umask``. A symlink is followed: its target is
  replaced and the link stays;
* ``-``, standard output, ``/dev/fd/N``, a FIFO or a character device is
  written in place, streamed, never replaced: ``/dev/null`` stays a device, a
  FIFO's reader gets the data, and a write error (``/dev/full``'s ENOSPC) is
  reported;
* a folder, a block device or a socket is refused.

Every failure is one :class:`TargetError` line naming the path the user gave;
a temporary file is removed on error and never named. A terminal gets the
export with its control characters made visible (:func:`workbench.safetext.visible`):
the exact bytes are for files and pipes.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workbench.safetext import visible

FIFO_WAIT = 10.0  # seconds to wait for a FIFO's reader to open it
_FD_PATH = re.compile(r"/proc/(?:self|thread-self|\d+)/fd/(\d+)")
_STALE = re.compile(r"\.(?P<name>.+)\.wbtmp-(?P<pid>\d+)-[A-Za-z0-9_]+")


class TargetError(OSError):
    """An export target that cannot be written; ``str()`` is one line naming the user's path."""

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(code, message)

    def __str__(self) -> str:
        return str(self.strerror)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def open_target(target: str | Path, *, terminal_visible: bool = True) -> Iterator[BinaryIO]:
    """A binary stream for an export to ``target`` (``-`` is standard output): see the module."""
    shown = visible(str(target))
    if str(target) == "-":
        # The process's standard output as Python holds it (a test or a caller may have swapped it).
        with _in_place(sys.stdout.buffer, "standard output", terminal_visible, close=False) as out:
            yield out
        return
    fd = _alias_fd(str(target))
    if fd is not None:
        with _in_place(os.fdopen(os.dup(fd), "wb"), shown, terminal_visible) as out:
            yield out
        return
    path = Path(target)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
    if st is None:
        with _replace(path, None, shown) as out:
            yield out
        return
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise TargetError(f"{shown} is a folder: give a file name", errno.EISDIR)
    if stat.S_ISBLK(mode):
        raise TargetError(f"{shown} is a block device: an export is never written over one", errno.EPERM)
    if stat.S_ISSOCK(mode):
        raise TargetError(f"{shown} is a socket: an export cannot be written to it", errno.EPERM)
    if stat.S_ISFIFO(mode):
        with _in_place(os.fdopen(_open_fifo(path, shown), "wb"), shown, terminal_visible) as out:
            yield out
        return
    if stat.S_ISCHR(mode):
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
        with _in_place(os.fdopen(fd, "wb"), shown, terminal_visible) as out:
            yield out
        return
    with _replace(path, st, shown) as out:
        yield out


def atomic_write(path: Path):  # noqa: ANN201 - the context manager of open_target
    """Replace ``path`` whole or not at all (what :func:`open_target` does for a regular file)."""
    return open_target(path, terminal_visible=False)


# ------------------------------------------------------------------ in place


def _alias_fd(target: str) -> int | None:
    """The descriptor of ours that ``target`` names: ``-``, /dev/stdout, /dev/fd/N, /proc/self/fd/N."""
    if target == "-":
        return 1
    path = os.path.abspath(target)
    for _ in range(8):
        real_parent = os.path.realpath(os.path.dirname(path))
        candidate = os.path.join(real_parent, os.path.basename(path))
        match = _FD_PATH.fullmatch(candidate)
        if match:
            pid = candidate.split("/")[2]
            if pid in ("self", "thread-self", str(os.getpid())):
                fd = int(match.group(1))
                try:
                    os.fstat(fd)
                    return fd
                except OSError:
                    return None
            return None
        if not os.path.islink(candidate):
            return None
        link = os.readlink(candidate)
        path = link if os.path.isabs(link) else os.path.join(real_parent, link)
    return None


def _open_fifo(path: Path, shown: str) -> int:
    """Open a FIFO for writing once a reader has it open; never hang past FIFO_WAIT."""
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
            if time.monotonic() > deadline:
                raise TargetError(
                    f"{shown} is a FIFO and no process opened it for reading within {FIFO_WAIT:.0f} s",
                    errno.ENXIO,
                ) from None
            time.sleep(0.05)
    os.set_blocking(fd, True)
    return fd


@contextmanager
def _in_place(raw: BinaryIO, shown: str, terminal_visible: bool, *, close: bool = True) -> Iterator[BinaryIO]:
    try:
        terminal = raw.isatty()
    except (OSError, ValueError):
        terminal = False
    out: BinaryIO = _VisibleStream(raw) if terminal_visible and terminal else raw  # type: ignore[assignment]
    try:
        try:
            yield out
            out.flush()
        except OSError as exc:
            if isinstance(exc, TargetError) or exc.errno == errno.EPIPE:
                raise
            raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
    finally:
        if close:
            try:
                raw.close()
            except OSError:
                pass  # the error, if any, was reported by the flush above


class _VisibleStream:
    """A terminal's view of an export: control, bidi and invisible characters shown as symbols.

    The export's bytes are UTF-8; they are decoded incrementally, CRLF becomes a
    line end, the CSV's BOM is dropped, and everything else goes through
    :func:`visible` with lines and tabs kept.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._started = False
        self._cr = False
        self.replaced = 0

    def write(self, data: bytes) -> int:
        text = self._decoder.decode(bytes(data))
        self._emit(text)
        return len(data)

    def _emit(self, text: str) -> None:
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._cr:
            text = "\r" + text
            self._cr = False
        if text.endswith("\r"):
            text, self._cr = text[:-1], True
        text = text.replace("\r\n", "\n")
        shown = visible(text, multiline=True)
        if shown != text:
            self.replaced += 1
        self.raw.write(shown.encode("utf-8"))

    def flush(self) -> None:
        tail = self._decoder.decode(b"", final=True)
        if tail or self._cr:
            cr, self._cr = self._cr, False
            self.raw.write(visible(("\r" if cr else "") + tail, multiline=True).encode("utf-8"))
        self.raw.flush()


# ------------------------------------------------------------------ replace


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: the only other way to read it is to set it
    os.umask(mask)
    return mask


def _clean_stale(folder: Path, name: str) -> None:
    """Remove named temporary files that a killed export of the same target left behind."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _STALE.fullmatch(entry.name)
        if not match or match.group("name") != name:
            continue
        pid = int(match.group("pid"))
        try:
            os.kill(pid, 0)
            alive = True  # its writer is still running (this process included: another thread)
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


@contextmanager
def _replace(path: Path, st: os.stat_result | None, shown: str) -> Iterator[BinaryIO]:
    final = Path(os.path.realpath(path))  # a symlink: replace what it points to, keep the link
    folder = final.parent
    if not folder.is_dir():
        where = visible(str(path.parent if path.parent != Path("") else Path(".")))
        raise TargetError(f"cannot write {shown}: folder {where} does not exist", errno.ENOENT)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    fd, named = _temporary(folder, final.name, shown)
    out = os.fdopen(fd, "wb")
    try:
        try:
            if st is not None and os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass
            os.fchmod(fd, mode)
            yield out
            out.flush()
            os.fsync(fd)
            if named is None:
                named = _link_unnamed(fd, folder, final.name)
            os.replace(named, final)
            named = None
        except OSError as exc:
            if isinstance(exc, TargetError):
                raise
            raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
    finally:
        out.close()
        if named is not None:
            try:
                os.unlink(named)
            except OSError:
                pass
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # the rename happened; a folder that cannot be synced is the file system's matter


def _temporary(folder: Path, name: str, shown: str) -> tuple[int, str | None]:
    """An unnamed file in ``folder`` (nothing is left if the process dies), else a hidden named one."""
    _clean_stale(folder, name)
    flags = getattr(os, "O_TMPFILE", 0)
    if flags:
        try:
            return os.open(folder, flags | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
    import tempfile

    try:
        fd, named = tempfile.mkstemp(prefix=f".{name}.wbtmp-{os.getpid()}-", dir=folder)
    except OSError as exc:
        raise TargetError(f"cannot write {shown}: {_reason(exc)}", exc.errno) from None
    return fd, named


def _link_unnamed(fd: int, folder: Path, name: str) -> str:
    """Give the unnamed file a hidden name beside the target, to rename it over the target.

    linkat through /proc/self/fd, else linkat(AT_EMPTY_PATH) (some sandboxes refuse
    the first, unprivileged users the second), else a copy into a named file: the
    only moment a named temporary file exists is this last step.
    """
    import secrets

    named = str(folder / f".{name}.wbtmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.link(f"/proc/self/fd/{fd}", named, follow_symlinks=True)
        return named
    except OSError:
        pass
    if _linkat_empty_path(fd, named):
        return named
    copy = os.open(named, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        os.fchmod(copy, stat.S_IMODE(os.fstat(fd).st_mode))
        os.lseek(fd, 0, os.SEEK_SET)
        while chunk := os.read(fd, 1 << 20):
            view = memoryview(chunk)
            while view:
                view = view[os.write(copy, view):]
        os.fsync(copy)
    except BaseException:
        os.close(copy)
        os.unlink(named)
        raise
    os.close(copy)
    return named


def _linkat_empty_path(fd: int, named: str) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.linkat(fd, b"", -100, os.fsencode(named), 0x1000) == 0  # AT_FDCWD, AT_EMPTY_PATH
    except (OSError, AttributeError):
        return False
