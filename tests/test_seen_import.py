"""Reading fact-check files: every format, malformed records, hostile files, identity."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from workbench.seen import importers
from workbench.seen.importers import read_factchecks, read_many, valid_url

DATA = Path(__file__).parent / "data" / "factchecks"


def by_claim(parsed):
    return {fc.claim: fc for fc in parsed.factchecks}


def test_single_claimreview_object_reads_every_field():
    parsed = read_factchecks(DATA / "single.jsonld")
    assert parsed.format == "claimreview"
    assert parsed.problems == ()
    (fc,) = parsed.factchecks
    assert fc.claim == "All state schools will close for two weeks from Friday"
    assert fc.rating == "False"
    assert (fc.rating_value, fc.best_rating, fc.worst_rating) == (1.0, 5.0, 1.0)
    assert fc.url == "https://checks.example.org/2024/03/school-closures"
    assert fc.date == "2024-03-04"
    assert fc.publisher == "Example Checks"
    assert fc.title == "No, schools are not closing for two weeks"
    assert fc.claimant == "A viral post"
    assert fc.claim_date == "2024-03-01"
    assert fc.appearances == ("https://social.example/post/1", "https://social.example/post/2")
    assert fc.key.startswith("url:https://checks.example.org/2024/03/school-closures#")
    assert fc.source_file == str(DATA / "single.jsonld")


def test_array_keeps_good_records_and_reports_bad_ones_one_line_each():
    parsed = read_factchecks(DATA / "array.json")
    claims = by_claim(parsed)
    assert set(claims) == {"The new bridge cost 40 million pounds", "Turnout fell to 31 percent in the council election"}
    assert claims["Turnout fell to 31 percent in the council election"].rating == "Misleading"  # Rating.name
    assert claims["The new bridge cost 40 million pounds"].date == "2024-05-02"
    lines = [p.line() for p in parsed.problems]
    assert len(lines) == 3
    assert lines[0].startswith(f"{DATA / 'array.json'}: record 3: url 'javascript:alert(1)' is not an http(s) URL")
    assert "record 4: no claimReviewed" in lines[1]
    assert "record 5: no reviewRating" in lines[2]
    assert all("\n" not in line for line in lines)


def test_graph_with_id_references_and_iri_types():
    parsed = read_factchecks(DATA / "graph.jsonld")
    assert parsed.problems == ()
    (fc,) = parsed.factchecks
    assert fc.claim == "The vaccine contains microchips"  # {"@value": ...}
    assert fc.rating == "Pants on Fire"  # reviewRating by @id
    assert fc.rating_value == 1.0  # "1" as text
    assert fc.publisher == "Example Checks"  # author by @id
    assert fc.claimant == "Dr Example"  # itemReviewed by @id
    assert fc.appearances == ("https://video.example/watch/9",)  # firstAppearance


def test_html_page_nested_review_and_item_list():
    parsed = read_factchecks(DATA / "nested.html")
    assert parsed.format == "claimreview"
    claims = by_claim(parsed)
    assert len(claims) == 2  # one URL, two claims: two fact-checks
    tram = next(fc for c, fc in claims.items() if "2025" in c)
    assert "<b>soon</b> [bold]x[/bold]" in tram.claim  # markup is data, kept as written
    assert tram.rating == "Unproven"
    keys = {fc.key for fc in parsed.factchecks}
    assert len(keys) == 2


def test_simple_csv_aliases_dates_and_bad_rows():
    parsed = read_factchecks(DATA / "simple.csv")
    assert parsed.format == "csv"
    claims = by_claim(parsed)
    assert claims["Unemployment fell to 3.9 percent in May"].date == "2024-06-07"
    assert claims["The city planted 10,000 trees last year"].date == "2024-01-12"  # "12 January 2024"
    assert claims['=HYPERLINK("http://evil.example")'].rating == "False"  # a formula is just text here
    lines = [p.line() for p in parsed.problems]
    assert len(lines) == 2
    assert "row 5: no claim" in lines[0]
    assert "row 6: url 'not a url'" in lines[1]


def test_simple_tsv_without_url_is_keyed_by_content():
    parsed = read_factchecks(DATA / "simple.tsv")
    (fc,) = parsed.factchecks
    assert (fc.claim, fc.rating, fc.publisher, fc.url) == ("Prices rose 8 percent", "Mixed", "Tab Checks", None)
    assert fc.key.startswith("sha256:")


def test_simple_jsonl_reports_broken_lines_and_keeps_control_characters_as_data():
    parsed = read_factchecks(DATA / "simple.jsonl")
    assert parsed.format == "jsonl"
    claims = by_claim(parsed)
    assert claims["Wind farms kill more birds than cats do"].publisher == "Bird Checks"
    hostile = next(c for c in claims if c.startswith("Control"))
    assert "\x1b[31m" in hostile and "\u202e" in hostile  # stored as data...
    from workbench.safetext import visible

    assert "\x1b" not in visible(hostile) and "\u202e" not in visible(hostile)  # ...shown visibly
    lines = [p.line() for p in parsed.problems]
    assert any("line 3: not valid JSON" in line for line in lines)
    assert any("line 4: not valid JSON" in line for line in lines)
    assert any("line 5: a JSON list, not an object" in line for line in lines)


def test_workbench_jsonl_export_takes_verdicts_only():
    parsed = read_factchecks(DATA / "workbench_export.jsonl")
    assert parsed.format == "workbench-jsonl"
    assert parsed.ignored == 2  # the unreviewed and the dismissed claim
    (fc,) = parsed.factchecks
    assert fc.key == "id:urn:workbench:abc123:claim:7"
    assert (fc.claim, fc.rating, fc.publisher, fc.date) == ("The deficit doubled in two years", "False", "ana", "2024-04-02")
    assert fc.claimant == "The minister"
    assert fc.appearances == ("https://news.example/budget",)


def test_workbench_claimreview_export_has_the_same_identity_as_its_jsonl():
    jsonl = read_factchecks(DATA / "workbench_export.jsonl").factchecks[0]
    (fc,) = read_factchecks(DATA / "workbench_export.jsonld").factchecks
    assert fc.key == jsonl.key == "id:urn:workbench:abc123:claim:7"
    assert fc.publisher == "Our Newsroom"


def test_workbench_own_claimreview_export_reads_back(tmp_path):
    """The real exporter's output for a verdict goes through the importer."""
    from tests.store_helpers import add_article
    from workbench.export import export
    from workbench.scales import DEFAULT_SCALE
    from workbench.store import Store

    store = Store.open(tmp_path / "wb.db")
    add_article(store, tmp_path / "a.txt", "The ministry said 40 people were arrested on Monday.\n", url="https://news.example/a")
    claim_id = store.claims()[0].id
    store.set_verdict(claim_id, "false", scale=DEFAULT_SCALE, reviewer="ana")
    out = tmp_path / "out.jsonld"
    with out.open("wb") as handle:
        export(store, "claimreview", handle)
    with (tmp_path / "out.jsonl").open("wb") as handle:
        export(store, "jsonl", handle)
    store.close()
    (fc,) = read_factchecks(out).factchecks
    assert fc.claim == "The ministry said 40 people were arrested on Monday"
    assert fc.rating == "False"
    (again,) = read_factchecks(tmp_path / "out.jsonl").factchecks
    assert again.key == fc.key  # both exports name the claim by the same urn


def test_identity_is_stable_and_depends_on_url_and_claim():
    a = importers.make_key(url="https://x.example/1", claim="The Bridge cost £40m.")
    b = importers.make_key(url="https://x.example/1", claim="the bridge cost £40m")
    c = importers.make_key(url="https://x.example/1", claim="Another claim on that page")
    assert a == b != c
    d = importers.make_key(url=None, claim="x", rating="False", publisher="P", day="2024-01-01")
    assert d == importers.make_key(url=None, claim="X.", rating="false", publisher="p", day="2024-01-01")
    assert d.startswith("sha256:")


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://checks.example.org/a?b=c#d", True),
        ("http://127.0.0.1:8080/x", True),
        ("ftp://checks.example.org/a", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.org/", False),
        ("https://example.org/\x1b[2J", False),
        ("https://example.org:99999/", False),
        ("https://example.org/" + "a" * 3000, False),
        ("/relative/path", False),
    ],
)
def test_url_validation(url, ok):
    assert (valid_url(url) is not None) is ok


def test_deeply_nested_json_is_refused_quickly(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    start = time.perf_counter()
    parsed = read_factchecks(path)
    assert time.perf_counter() - start < 5
    assert parsed.format is None and parsed.factchecks == ()
    assert "nested deeper than 64 levels" in parsed.problems[0].line()


def test_brackets_inside_strings_do_not_count_as_depth(tmp_path):
    record = {"@type": "ClaimReview", "url": "https://x.example/a", "claimReviewed": "[" * 500 + "{" * 500,
              "reviewRating": {"alternateName": "False"}}
    path = tmp_path / "brackets.json"
    path.write_text(json.dumps(record))
    (fc,) = read_factchecks(path).factchecks
    assert fc.claim.startswith("[[[")


def test_a_file_over_the_size_cap_is_refused_without_parsing(tmp_path):
    path = tmp_path / "big.json"
    path.write_text("[" + ",".join(['{"claim": "x", "rating": "y"}'] * 5000) + "]")
    parsed = read_factchecks(path, max_bytes=10_000)
    assert parsed.format is None
    assert "too large" in parsed.problems[0].reason


def test_hostile_and_odd_files_each_give_one_reason(tmp_path):
    cases = {
        "empty.json": b"",
        "binary.json": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
        "broken.json": b'{"@type": "ClaimReview", ',
        "other.json": b'{"@type": "Recipe", "name": "Soup"}',
        "page.html": b"<html><body>no json-ld here</body></html>",
        "nocolumn.csv": b"title,rating\nA,B\n",
        "hugeint.json": b'[{"@type": "ClaimReview", "claimReviewed": "x", "reviewRating": {"ratingValue": ' + b"9" * 5000 + b"}}]",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        parsed = read_factchecks(tmp_path / name)
        assert parsed.factchecks == (), name
        assert len(parsed.problems) == 1, name
        assert parsed.problems[0].reason, name
        assert "\n" not in parsed.problems[0].line()


def test_a_fifo_is_never_opened(tmp_path):
    import os

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    parsed = read_factchecks(fifo)
    assert parsed.format is None and "FIFO" in parsed.problems[0].reason.upper()


def test_lone_surrogates_and_nul_are_replaced_so_sqlite_can_store_them(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"claim": "bad \\ud800 and \\u0000 here", "rating": "False"}\n{"claim": "ok", "rating": "True"}\n')
    claims = sorted(fc.claim for fc in read_factchecks(path).factchecks)
    assert claims == ["bad \ufffd and \ufffd here", "ok"]


def test_many_bad_records_are_capped_in_the_report(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join('{"rating": "False"}' for _ in range(1000)) + "\n")
    parsed = read_factchecks(path)
    assert len(parsed.problems) == importers.MAX_PROBLEMS + 1
    assert "800 more records skipped" in parsed.problems[-1].reason


def test_read_many_walks_folders_for_fact_check_files():
    files = sorted(Path(p.path).name for p in read_many([DATA]))
    assert files == sorted(p.name for p in DATA.iterdir())


def test_duplicate_keys_in_one_file_keep_the_last(tmp_path):
    rec = {"@type": "ClaimReview", "url": "https://x.example/a", "claimReviewed": "Same claim",
           "reviewRating": {"alternateName": "False"}}
    path = tmp_path / "dupes.json"
    path.write_text(json.dumps([rec, {**rec, "reviewRating": {"alternateName": "True"}}]))
    (fc,) = read_factchecks(path).factchecks
    assert fc.rating == "True"
