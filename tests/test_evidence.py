"""Evidence records and one person's preferences: parsing what people type, and files that fail."""

from __future__ import annotations

import pytest

from workbench import userprefs
from workbench.evidence import (
    EvidenceError,
    Source,
    check_sources,
    decode,
    encode,
    parse_source,
    parse_sources,
    problem,
    sources_text,
)


def test_a_source_is_a_url_then_its_title():
    assert parse_source("https://ons.gov.uk/lm   ONS  labour market ") == Source("https://ons.gov.uk/lm", "ONS labour market")
    assert parse_source("https://example.org/r") == Source("https://example.org/r", None)
    assert parse_source("https://e.org/x\ttabbed title") == Source("https://e.org/x", "tabbed title")
    assert parse_source("HTTPS://Example.ORG/Path") == Source("HTTPS://Example.ORG/Path", None)  # kept as typed


def test_the_editors_lines_round_trip_and_name_the_bad_line():
    text = "https://a.example/1 First\n\n  https://b.example/2\n"
    sources = parse_sources(text)
    assert sources == [Source("https://a.example/1", "First"), Source("https://b.example/2")]
    assert parse_sources(sources_text(sources)) == sources
    with pytest.raises(EvidenceError, match=r"^line 2: URL 'mailto:x@y\.z' must start with http:// or https://"):
        parse_sources("https://a.example/1\nmailto:x@y.z")


def test_duplicates_are_dropped_and_mappings_accepted():
    got = check_sources(["https://a.example/1", {"url": "https://a.example/1", "title": "again"}, Source("https://b.example")])
    assert [s.url for s in got] == ["https://a.example/1", "https://b.example"]
    with pytest.raises(EvidenceError, match="a list"):
        check_sources("https://a.example/1")  # type: ignore[arg-type]


def test_stored_values_decode_and_problems_are_named():
    value = encode((Source("https://a.example", "A"),), "Because.")
    assert decode(value) == ((Source("https://a.example", "A"),), "Because.")
    assert decode("not json") == ((), None)
    assert problem(value) is None
    assert problem('{"sources": [], "explanation": null, "extra": 1}') == "evidence must hold only sources and an explanation"
    assert "http:// or https://" in problem('{"sources": [{"url": "file:///etc/passwd"}]}')


def test_preferences_survive_a_damaged_or_missing_file(tmp_path, monkeypatch):
    where = tmp_path / "prefs" / "preferences.json"
    monkeypatch.setenv("WORKBENCH_USER_CONFIG", str(where))
    assert userprefs.load() == {}
    userprefs.put("theme", "nord")
    userprefs.put("other", 1)
    assert userprefs.load() == {"theme": "nord", "other": 1}
    where.write_text("{not json", encoding="utf-8")
    assert userprefs.get("theme") is None  # damaged: no preferences, never an error
    where.write_text("[1, 2]", encoding="utf-8")
    assert userprefs.load() == {}
    monkeypatch.delenv("WORKBENCH_USER_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert userprefs.path() == tmp_path / "xdg" / "workbench" / "preferences.json"
