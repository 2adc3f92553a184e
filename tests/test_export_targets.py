"""Export targets: files replaced whole, devices and FIFOs written in place, terminals made safe.

Real processes and real files: the `workbench` command, a FIFO with a reader,
character devices made with mknod in a temporary folder, a pty.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench import safefile
from workbench.safefile import TargetError, open_target

WORKBENCH = Path(sys.executable).parent / "workbench"
HOSTILE_NOTE = "see \x1b]52;c;cm0gLXJmIH4=\x07 and \x1b]8;;https://evil.example\x07here\x1b]8;;\x07 \x1b[2J \u009b31m \u202eevil"
pytestmark = pytest.mark.slow


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.db"
    store = make_db(path, articles=1)
    store.set_verdict(store.claim_ids()[0], "false", scale=__import__("workbench.scales").scales.DEFAULT_SCALE, reviewer="ana")
    store.set_note(store.claim_ids()[0], HOSTILE_NOTE, reviewer="ana")
    store.close()
    return path


def workbench(db: Path, *args: str, umask: int | None = None, **options) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBENCH_REVIEWER": "ana"}
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run(
        [str(WORKBENCH), "--db", str(db), *args], capture_output=True, env=env, timeout=120,
        preexec_fn=preexec, **options,
    )


def exact_csv(db: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "reference.csv"
    assert workbench(db, "export", "-o", str(out)).returncode == 0
    return out.read_bytes()


def mknod(path: Path, major: int, minor: int) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("mknod is not permitted here (needs CAP_MKNOD)")


def test_a_character_device_is_written_in_place_and_stays_a_device(db, tmp_path):
    null = tmp_path / "null"
    mknod(null, 1, 3)
    result = workbench(db, "export", "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode) and os.stat(null).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_full_device_reports_its_error_in_one_line(db, tmp_path):
    full = tmp_path / "full"
    mknod(full, 1, 7)
    result = workbench(db, "export", "-o", str(full))
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [f"workbench: cannot write {full}: No space left on device"]
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_fifo_is_streamed_to_its_reader(db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = tmp_path / "received.csv"
    with open(received, "wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        result = workbench(db, "export", "-o", str(fifo))
        reader.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received.read_bytes() == exact_csv(db, tmp_path)


def test_a_fifo_nobody_reads_fails_instead_of_hanging(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(safefile, "FIFO_WAIT", 0.3)
    start = time.monotonic()
    with pytest.raises(TargetError, match="FIFO and no process opened it for reading"):
        with open_target(fifo) as out:
            out.write(b"x")
    assert time.monotonic() - start < 5


def test_dev_stdout_and_process_substitution_work(db, tmp_path):
    piped = subprocess.run(
        f"'{WORKBENCH}' --db '{db}' export -o /dev/stdout | cat > '{tmp_path}/piped.csv'",
        shell=True, capture_output=True, timeout=120, env={**os.environ, "WORKBENCH_REVIEWER": "ana"},
    )
    assert piped.returncode == 0, piped.stderr
    expected = exact_csv(db, tmp_path)
    assert (tmp_path / "piped.csv").read_bytes() == expected
    substituted = subprocess.run(
        ["bash", "-c", f"'{WORKBENCH}' --db '{db}' export -o >(cat > '{tmp_path}/sub.csv'); wait"],
        capture_output=True, timeout=120,
    )
    assert substituted.returncode == 0, substituted.stderr
    for _ in range(100):
        if (tmp_path / "sub.csv").exists() and (tmp_path / "sub.csv").read_bytes() == expected:
            break
        time.sleep(0.05)
    assert (tmp_path / "sub.csv").read_bytes() == expected
    assert b"/proc/" not in substituted.stderr


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(db, tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o644)
    assert workbench(db, "export", "-o", str(kept), umask=0o077).returncode == 0
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o644 and kept.read_bytes().startswith(b"\xef\xbb\xbf")
    fresh = tmp_path / "fresh.csv"
    assert workbench(db, "export", "-o", str(fresh), umask=0o022).returncode == 0
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o644
    private = tmp_path / "private.csv"
    assert workbench(db, "export", "-o", str(private), umask=0o077).returncode == 0
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600


def test_a_folder_a_missing_folder_and_a_cross_device_link(db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    result = workbench(db, "export", "-o", str(folder))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == f"workbench: {folder} is a folder: give a file name"
    missing = tmp_path / "nowhere" / "x.csv"
    result = workbench(db, "export", "-o", str(missing))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        f"workbench: cannot write {missing}: folder {missing.parent} does not exist"
    )
    assert b"wbtmp" not in result.stderr
    elsewhere = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    if elsewhere is None or os.stat(elsewhere).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system to link across")
    target = elsewhere / f"workbench-test-{os.getpid()}.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    try:
        result = workbench(db, "export", "-o", str(link))
        assert result.returncode == 0, result.stderr
        assert link.is_symlink() and target.read_bytes().startswith(b"\xef\xbb\xbf")
    finally:
        target.unlink()


KILLED_WRITER = """
import sys, time
from workbench.safefile import open_target
with open_target(sys.argv[1]) as out:
    out.write(b"half an export")
    out.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_sigkill_mid_export_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_bytes(b"precious\n")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert target.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_a_temporary_file_left_by_a_dead_export_is_cleaned_up(tmp_path):
    target = tmp_path / "claims.csv"
    stale = tmp_path / ".claims.csv.wbtmp-999999999-abcd"  # a pid no process has
    stale.write_bytes(b"left by a killed export")
    with open_target(target) as out:
        out.write(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def run_on_pty(argv: list[str]) -> bytes:
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdout=slave, stderr=subprocess.PIPE, env={**os.environ, "WORKBENCH_REVIEWER": "ana"})
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=30)
    os.close(master)
    return b"".join(chunks)


def test_export_to_a_terminal_shows_control_characters_and_a_file_gets_the_bytes(db, tmp_path):
    for fmt in ("csv", "jsonl", "claimreview"):
        shown = run_on_pty([str(WORKBENCH), "--db", str(db), "export", "--format", fmt])
        assert b"\x1b" not in shown and b"\x07" not in shown and "\u009b".encode() not in shown, fmt
        assert "␛]52;c;".encode() in shown or fmt != "csv"
        assert "\u202e".encode() not in shown
    exact = exact_csv(db, tmp_path)
    assert HOSTILE_NOTE.replace("\x1b", "\x1b").encode() in exact  # the file: the exact text


def test_json_output_escapes_what_a_terminal_would_act_on(db):
    for args in (("claims", "--json"), ("history", "1", "--json"), ("documents", "--json"), ("stats", "--json"),
                 ("scales", "--json")):
        result = workbench(db, *args)
        assert result.returncode == 0, result.stderr
        out = result.stdout
        for raw in ("\x1b", "\x07", "\u009b", "\u202e", "\u200b"):
            assert raw.encode() not in out, (args, raw)
        json.loads(out)
    note = json.loads(workbench(db, "claims", "--json").stdout)[0]["note"]
    assert note == HOSTILE_NOTE
    assert b"\\u009b31m" in workbench(db, "history", "1", "--json").stdout
