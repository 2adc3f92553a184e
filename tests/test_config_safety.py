"""Team settings cannot be turned against the workbench: templates, numbers, and how files are read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import make_db
from workbench.config import ConfigError, load_config
from workbench.export.jsonl import _dumps
from workbench.scales import DEFAULT_SCALE, ScaleError, load_scale

WORKBENCH = Path(sys.executable).parent / "workbench"


def config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "workbench.toml").write_text(text, encoding="utf-8")
    return tmp_path / "w.db"


@pytest.mark.parametrize(
    "template, problem",
    [
        ("https://x.example/{db_id.__class__.__base__.__subclasses__}", "is not allowed"),
        ("https://x.example/{claim_id:>3000000000}", "is not allowed"),
        ("https://x.example/{claim_id[0]}", "is not allowed"),
        ("https://x.example/{claim_id!r}", "is not allowed"),
        ("https://x.example/{secret}", "is not allowed"),
        ("https://x.example/{0}", "is not allowed"),
        ("https://x.example/{claim_id", "not a template"),
        ("javascript:alert(1)/{claim_id}", "absolute http(s) URL"),
        ("https://x.example/" + "a" * 3000, "longer than 2,000 characters"),
    ],
)
def test_review_url_takes_only_its_placeholders(tmp_path, template, problem):
    db = config(tmp_path, f"[publisher]\nreview_url = {json.dumps(template)}\n")
    with pytest.raises(ConfigError) as info:
        load_config(db)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'workbench.toml'}: [publisher] `review_url`: ")
    assert problem in message and "\n" not in message


def test_a_good_template_fills_in_and_keeps_literal_braces(tmp_path):
    from workbench.export.claimreview import review_url

    db = config(tmp_path, '[publisher]\nreview_url = "https://x.example/{document}/{claim_id}?db={db_id}&x={{y}}"\n')
    template = load_config(db).review_url
    assert review_url(template, 12, 3, "abc") == "https://x.example/3/12?db=abc&x={y}"


def test_a_hostile_template_is_one_line_from_every_command_that_reads_the_config(tmp_path):
    db = config(tmp_path, '[publisher]\nreview_url = "https://x.example/{claim_id:>3000000000}"\n')
    make_db(db).close()
    for args in (["export", "--format", "claimreview"], ["scales"], ["verdict", "1", "true"]):
        start = time.monotonic()
        result = subprocess.run([str(WORKBENCH), "--db", str(db), *args], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "WORKBENCH_REVIEWER": "ana"})
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "review_url" in result.stderr
        assert time.monotonic() - start < 30


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e300"])
def test_ratings_must_be_finite_and_sane(tmp_path, value):
    scale = tmp_path / "house.toml"
    scale.write_text(f'id = "house"\nbest_rating = {value}\n[[verdict]]\nslug = "ok"\nlabel = "OK"\nrating = 1\n')
    with pytest.raises(ScaleError, match="`best_rating` must be a number, finite"):
        load_scale(scale)


def test_no_export_writes_infinity_even_for_an_old_snapshot(tmp_path):
    from workbench.export.claimreview import rating_from_snapshot

    snapshot = {**DEFAULT_SCALE.get("true").snapshot(DEFAULT_SCALE), "best_rating": float("inf")}
    assert rating_from_snapshot(snapshot) is None  # the ClaimReview falls back to the scale, with a warning
    line = _dumps({"detail": snapshot, "events": [{"detail": snapshot}]})

    def strict(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    parsed = json.loads(line, parse_constant=strict)  # Python's parser takes Infinity unless told not to
    assert parsed["detail"]["best_rating"] is None and parsed["events"][0]["detail"]["best_rating"] is None
    assert "Infinity" in parsed["detail_raw"]  # the stored text, as a string


@pytest.mark.slow
def test_scale_and_config_files_are_read_like_articles(tmp_path):
    db = tmp_path / "w.db"
    make_db(db).close()
    env = {**os.environ, "WORKBENCH_REVIEWER": "ana"}
    start = time.monotonic()
    result = subprocess.run([str(WORKBENCH), "--db", str(db), "verdict", "1", "true", "--scale", "/dev/zero"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "workbench: /dev/zero: cannot read: not a regular file: a character device"
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 1_100_000 + b"\n")
    result = subprocess.run([str(WORKBENCH), "--db", str(db), "verdict", "1", "true", "--scale", str(big)],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2 and "too large" in result.stderr
    os.mkfifo(tmp_path / "workbench.toml")
    for args in (["verdict", "1", "true"], ["scales"], ["export", "--format", "claimreview"], ["review"]):
        result = subprocess.run([str(WORKBENCH), "--db", str(db), *args], capture_output=True, text=True,
                                timeout=30, env=env, stdin=subprocess.DEVNULL)
        assert result.returncode == 2, (args, result.stderr)
        assert "workbench.toml: cannot read: not a regular file: a FIFO (named pipe)" in result.stderr
    assert time.monotonic() - start < 60
    # The CSV export does not need the config: a broken one does not stop it.
    assert subprocess.run([str(WORKBENCH), "--db", str(db), "export"], capture_output=True, timeout=30,
                          env=env).returncode == 0
