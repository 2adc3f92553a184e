"""atomic_write: the target is replaced whole, or not at all."""

from __future__ import annotations

import pytest

from workbench.safefile import atomic_write


def test_replaces_the_target_once_written(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_bytes(b"old\n")
    with atomic_write(target) as out:
        out.write(b"new\n")
        assert target.read_bytes() == b"old\n"  # nothing visible until the end
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_a_failure_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_bytes(b"precious\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as out:
            out.write(b"half")
            raise RuntimeError("the exporter broke")
    assert target.read_bytes() == b"precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]
