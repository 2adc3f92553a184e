"""Walking folders and opening files safely: one test per kind of bad input."""

from __future__ import annotations

import errno
import gzip
import io
import os
import socket
import sqlite3
import zipfile
from pathlib import Path

import pytest

from ingest_helpers import ARTICLE, candidate, ingest_all, is_root, outcome, write
from workbench.ingest import Article, IngestError, Refusal, read_article, read_bytes, walk
from workbench.ingest import files as files_module


def test_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [refusal] = list(walk([tmp_path]))
    assert isinstance(refusal, Refusal)
    assert refusal.status == "skipped" and "FIFO" in refusal.reason
    # Reading it directly must not hang either.
    with pytest.raises(IngestError) as err:
        read_bytes(candidate(fifo), max_bytes=1000)
    assert err.value.status == "skipped"


def test_devices_are_skipped_directly_and_through_symlinks(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    got = [outcome(item) for item in walk(["/dev/null", link])]
    assert all(isinstance(r, Refusal) for r in got)
    assert [r.status for r in got] == ["skipped", "skipped"]
    assert all("character device" in r.reason for r in got)
    with pytest.raises(IngestError, match="character device"):
        read_bytes(candidate(Path("/dev/zero")), max_bytes=10)
    with pytest.raises(IngestError, match="character device"):
        read_bytes(candidate(link), max_bytes=10)


def test_socket_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        [refusal] = list(walk([tmp_path]))
    finally:
        sock.close()
    assert isinstance(refusal, Refusal) and refusal.status == "skipped" and "socket" in refusal.reason


def test_folder_named_like_a_file_is_walked_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "x.txt"
    write(folder / "inner.txt", ARTICLE)
    got = ingest_all(tmp_path)
    assert isinstance(got["inner.txt"], Article)
    with pytest.raises(IngestError) as err:
        read_bytes(candidate(folder), max_bytes=1000)
    assert err.value.status == "skipped" and "folder" in err.value.reason


def test_symlink_out_of_the_folder_is_refused_but_direct_link_is_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt", ARTICLE)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "leak.txt").symlink_to(outside)
    got = ingest_all(folder)
    assert isinstance(got["leak.txt"], Refusal)
    assert got["leak.txt"].status == "failed" and "outside the folder" in got["leak.txt"].reason
    # Named directly on the command line, the link is followed.
    direct = tmp_path / "direct.txt"
    direct.symlink_to(outside)
    assert isinstance(ingest_all(direct)["direct.txt"], Article)
    # And a link that stays inside the folder is fine.
    write(folder / "real.txt", ARTICLE)
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    assert isinstance(ingest_all(folder)["alias.txt"], Article)


def test_read_refuses_a_link_swapped_to_point_outside(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.txt", ARTICLE)
    folder = tmp_path / "in"
    target = write(folder / "a.txt", ARTICLE)
    [cand] = list(walk([folder]))
    target.unlink()
    target.symlink_to(outside)  # swapped after the walk, before the read
    with pytest.raises(IngestError, match="outside the folder"):
        read_article(cand)


def test_symlink_loop_and_dangling_link_are_named_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    got = ingest_all(tmp_path)
    assert got["loop.txt"].status == "failed" and "loop" in got["loop.txt"].reason
    assert got["dangling.txt"].status == "failed" and "dangling" in got["dangling.txt"].reason
    assert "loop.txt" in got["loop.txt"].display


def test_directory_symlink_loop_does_not_recurse_forever(tmp_path: Path) -> None:
    sub = tmp_path / "a" / "b"
    write(sub / "story.txt", ARTICLE)
    (sub / "back").symlink_to(tmp_path / "a")
    (tmp_path / "self").symlink_to(tmp_path)
    items = list(walk([tmp_path]))
    stories = [i for i in items if Path(i.path).name == "story.txt"]
    assert len(stories) == 1
    loops = [i for i in items if isinstance(i, Refusal) and "loop" in i.reason]
    assert {Path(r.path).name for r in loops} == {"back", "self"}


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", ARTICLE)
    if is_root():
        # chmod 000 does not stop root, so simulate the refusal the kernel would give.
        real_open = os.open

        def denied(p: str, flags: int, *args: int) -> int:
            if str(p).endswith("locked.txt"):
                raise PermissionError(errno.EACCES, "Permission denied", str(p))
            return real_open(p, flags, *args)

        monkeypatch.setattr(files_module.os, "open", denied)
    else:
        path.chmod(0)
    try:
        got = ingest_all(tmp_path)
    finally:
        path.chmod(0o644)
    assert got["locked.txt"].status == "failed" and "permission denied" in got["locked.txt"].reason


def test_size_cap_names_the_cap_and_the_flag_and_reads_little(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = write(tmp_path / "big.txt", b"a" * 7_200_000)
    with pytest.raises(IngestError) as err:
        read_article(candidate(big))
    assert err.value.status == "failed"
    assert err.value.reason == "too large: 7.2 MB is over the 5 MB cap (raise it with --max-bytes)"
    # A file that grows past its stat size: reading stops at cap + 1 bytes.
    small = write(tmp_path / "grows.txt", b"b" * 100)
    asked: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(files_module.os, "read", counting_read)
    assert read_bytes(candidate(small), max_bytes=100) == b"b" * 100
    assert max(asked) <= 101
    with pytest.raises(IngestError, match="over the 50 bytes cap"):
        read_bytes(candidate(small), max_bytes=50)


def test_binary_files_are_refused_by_type_even_as_txt(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    db = tmp_path / "db.sqlite"
    sqlite3.connect(db).execute("create table t (x)").connection.commit()
    samples = {
        "png.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        "pdf.txt": b"%PDF-1.7\n" + os.urandom(200),
        "gzip.txt": gzip.compress(ARTICLE.encode()),
        "zip.txt": buf.getvalue(),
        "jpeg.txt": b"\xff\xd8\xff\xe0" + os.urandom(200),
        "elf.txt": b"\x7fELF\x02\x01\x01" + bytes(200),
        "sqlite.txt": db.read_bytes(),
        "random.txt": bytes(range(256)) * 20,
    }
    for name, data in samples.items():
        write(tmp_path / "bin" / name, data)
    got = ingest_all(tmp_path / "bin")
    expect = {"png.txt": "PNG", "pdf.txt": "PDF", "gzip.txt": "gzip", "zip.txt": "ZIP", "jpeg.txt": "JPEG",
              "elf.txt": "ELF", "sqlite.txt": "SQLite", "random.txt": "binary"}
    for name, word in expect.items():
        assert isinstance(got[name], Refusal), name
        assert got[name].status == "failed" and word in got[name].reason, (name, got[name].reason)


def test_empty_and_whitespace_only_files_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", " \n\t\r\n  \n")
    write(tmp_path / "blank16.txt", "   \n  ".encode("utf-16"))
    got = ingest_all(tmp_path)
    for name in ("empty.txt", "blank.md", "blank16.txt"):
        assert got[name].status == "failed" and "empty" in got[name].reason, name


def test_other_extensions_are_skipped_unless_all_files(tmp_path: Path) -> None:
    write(tmp_path / "notes.csv", ARTICLE)
    write(tmp_path / "page.xyz", "<html><body><p>" + ARTICLE + "</p></body></html>")
    write(tmp_path / "README", ARTICLE)
    got = ingest_all(tmp_path)
    assert got["notes.csv"].reason == "not an article file (.csv); use --all-files to take it"
    assert got["README"].reason == "not an article file (no extension); use --all-files to take it"
    assert all(r.status == "skipped" for r in got.values())
    taken = ingest_all(tmp_path, all_files=True)
    assert taken["notes.csv"].format == "text"
    assert taken["page.xyz"].format == "html" and "<p>" not in taken["page.xyz"].text


def test_hidden_files_and_folders_are_skipped_quietly(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD.txt", ARTICLE)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / "seen.txt", ARTICLE)
    assert list(ingest_all(tmp_path)) == ["seen.txt"]
    # Named directly, a hidden file is taken.
    assert isinstance(ingest_all(tmp_path / ".hidden.txt")[".hidden.txt"], Article)


def test_walk_order_is_sorted_and_deterministic(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c/z.txt", "c/a.md", "B.txt"):
        write(tmp_path / name, ARTICLE)
    first = [str(i.path) for i in walk([tmp_path])]
    assert first == [str(i.path) for i in walk([tmp_path])]
    rel = [str(Path(p).relative_to(tmp_path)) for p in first]
    assert rel == ["B.txt", "a.txt", "b.txt", "c/a.md", "c/z.txt"]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    [refusal] = list(walk([tmp_path / "nope.txt"]))
    assert refusal.status == "failed" and refusal.reason == "not found"


def test_names_with_control_bidi_and_zero_width_characters_are_shown_visibly(tmp_path: Path) -> None:
    names = ["evil\x1b[31mred.csv", "bidi\u202etxt.exe", "zero\u200bwidth.csv", "new\nline.csv"]
    for name in names:
        write(tmp_path / name, ARTICLE)
    got = list(walk([tmp_path]))
    assert len(got) == 4
    for refusal in got:
        assert isinstance(refusal, Refusal)
        for bad in ("\x1b", "\u202e", "\u200b", "\n"):
            assert bad not in refusal.display and bad not in refusal.reason
    displays = " ".join(r.display for r in got)
    assert "\u241b" in displays and "\u27e8RLO\u27e9" in displays and "\u27e8ZWSP\u27e9" in displays
    # A bad extension itself goes through visible() in the reason.
    write(tmp_path / "x" / "a.t\u202ext", ARTICLE)
    [refusal] = list(walk([tmp_path / "x"]))
    assert "\u202e" not in refusal.reason and "\u27e8RLO\u27e9" in refusal.reason


def test_folder_with_one_bad_file_of_each_kind_among_good_ones(tmp_path: Path) -> None:
    good = {
        "good1.txt": ARTICLE,
        "good2.md": "# Heading\n\n" + ARTICLE,
        "good3.html": "<html><body><article><p>" + ARTICLE + "</p></article></body></html>",
        "good4.TXT": ARTICLE.encode("utf-16"),
        "good5.htm": ("<p>" + ARTICLE.replace("$18", "€18") + "</p>").encode("cp1252"),
    }
    for name, data in good.items():
        write(tmp_path / name, data)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(tmp_path / "huge.txt", b"x " * 600)
    write(tmp_path / "skip.docx", b"PK\x03\x04")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    (tmp_path / "escape.txt").symlink_to("/etc/hostname")
    got = ingest_all(tmp_path, max_bytes=1000)
    for name in good:
        assert isinstance(got[name], Article), (name, got[name])
    bad = {"empty.txt": "failed", "binary.txt": "failed", "huge.txt": "failed", "skip.docx": "skipped",
           "fifo.txt": "skipped", "dangling.txt": "failed", "loop.md": "failed", "escape.txt": "failed"}
    for name, status in bad.items():
        refusal = got[name]
        assert isinstance(refusal, Refusal), name
        assert refusal.status == status and refusal.reason and "\n" not in refusal.reason, (name, refusal)
        assert name in refusal.display
    assert len(got) == len(good) + len(bad)


def test_read_refuses_a_folder_swapped_for_a_link_after_the_walk(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "a.txt", ARTICLE)
    folder = tmp_path / "in"
    write(folder / "sub" / "a.txt", ARTICLE)
    [cand] = list(walk([folder]))
    (folder / "sub" / "a.txt").unlink()
    (folder / "sub").rmdir()
    (folder / "sub").symlink_to(outside.parent)
    with pytest.raises(IngestError, match="outside the folder"):
        read_article(cand)
