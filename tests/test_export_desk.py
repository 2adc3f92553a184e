"""Honest publishing, and the desk's work in every export: evidence, agreement, disputed claims."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from store_helpers import make_db
from test_export_support import read_csv
from workbench.cli import cli
from workbench.config import Config
from workbench.export import export
from workbench.scales import DEFAULT_SCALE

CONFIG = Config(publisher_name="Desk", publisher_url="https://desk.example", review_url="https://desk.example/{claim_id}")


@pytest.fixture
def desk(tmp_path):
    store = make_db(tmp_path / "w.db", articles=2)
    ids = store.claim_ids()
    store.set_verdict(ids[0], "false", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_evidence(
        ids[0],
        sources=["https://ons.gov.uk/lm Labour market <May>", "https://example.org/r"],
        explanation="The figure is 38, not 40.\nSee the ONS table.",
        reviewer="ana",
    )
    store.set_verdict(ids[1], "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[1], "false", scale=DEFAULT_SCALE, reviewer="ben", overrule=True)  # disputed
    store.set_verdict(ids[2], "true", scale=DEFAULT_SCALE, reviewer="ana", seen=None)
    store.set_verdict(ids[2], "mixed", scale=DEFAULT_SCALE, reviewer="ben", seen=None)  # a conflict
    store.set_verdict(ids[3], "true", scale=DEFAULT_SCALE, reviewer="ana", mode="double")  # pending
    store.set_verdict(ids[4], "unverifiable", scale=DEFAULT_SCALE, reviewer="ana")
    store.ids = ids
    yield store
    store.close()


def reviews_of(store, **options):
    out = io.BytesIO()
    result = export(store, "claimreview", out, config=CONFIG, **options)
    items = json.loads(out.getvalue())
    return {int(r["identifier"].rsplit(":", 1)[1]): r for r in items}, result


def test_claimreview_carries_the_explanation_and_the_sources(desk):
    items, _ = reviews_of(desk)
    review = items[desk.ids[0]]
    assert review["reviewBody"] == "The figure is 38, not 40.\nSee the ONS table."
    assert review["citation"] == [
        {"@type": "CreativeWork", "url": "https://ons.gov.uk/lm", "name": "Labour market <May>"},
        {"@type": "CreativeWork", "url": "https://example.org/r"},
    ]
    assert "citation" not in items[desk.ids[4]] and "reviewBody" not in items[desk.ids[4]]


def test_unverifiable_is_published_by_name_without_a_number(desk):
    items, _ = reviews_of(desk)
    assert items[desk.ids[4]]["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_disputed_and_conflicting_claims_are_left_out_and_each_one_listed(desk):
    items, result = reviews_of(desk)
    ids = desk.ids
    assert set(items) == {ids[0], ids[4]}  # not the disputed, the conflict, nor the pending one
    left = [w for w in result.warnings if "left out" in w]
    assert any(w.startswith(f"claim {ids[1]} left out: disputed: ana True · ben False") for w in left)
    assert any(w.startswith(f"claim {ids[2]} left out: two reviewers decided it without seeing") for w in left)
    assert all("--include-disputed" in w for w in left)
    assert any("1 claim(s) in double review await their second verdict" in w for w in result.warnings)
    items, result = reviews_of(desk, include_disputed=True)
    assert {ids[1], ids[2]} <= set(items)
    assert sum("published although disputed" in w for w in result.warnings) == 2


def test_the_cli_flag_and_its_warnings(desk, tmp_path):
    runner = CliRunner()
    db = str(desk.path)
    (tmp_path / "workbench.toml").write_text(
        '[publisher]\nname = "Desk"\nreview_url = "https://desk.example/{claim_id}"\n', encoding="utf-8"
    )
    plain = runner.invoke(cli, ["--db", db, "export", "--format", "claimreview", "-o", str(tmp_path / "a.json")])
    assert plain.exit_code == 0
    assert f"warning: claim {desk.ids[1]} left out" in plain.output
    included = runner.invoke(
        cli, ["--db", db, "export", "--format", "claimreview", "--include-disputed", "-o", str(tmp_path / "b.json")]
    )
    assert f"warning: claim {desk.ids[1]} published although disputed" in included.output
    assert len(json.loads((tmp_path / "b.json").read_text())) == 4


def test_csv_and_jsonl_carry_agreement_and_evidence(desk):
    out = io.BytesIO()
    export(desk, "csv", out)
    header, rows, _ = read_csv(out.getvalue())
    at = header.index("agreement")
    assert header[at : at + 4] == ["agreement", "reviews", "sources", "explanation"]
    by_id = {int(r[0]): dict(zip(header, r)) for r in rows}
    first = by_id[desk.ids[0]]
    assert first["sources"] == "https://ons.gov.uk/lm Labour market <May>\nhttps://example.org/r"
    assert first["explanation"] == "The figure is 38, not 40.\nSee the ONS table."
    disputed = by_id[desk.ids[1]]
    assert (disputed["agreement"], disputed["reviews"]) == ("disputed", "ana: True; ben: False")
    assert disputed["conflict"] == "no"
    out = io.BytesIO()
    export(desk, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    claim = next(o for o in lines if o.get("id") == desk.ids[0])
    assert claim["sources"][0] == {"url": "https://ons.gov.uk/lm", "title": "Labour market <May>"}
    assert claim["explanation"].startswith("The figure is 38")
    assert [e["action"] for e in claim["events"]] == ["verdict", "evidence"]
    pending = next(o for o in lines if o.get("id") == desk.ids[3])
    assert pending["agreement"] == "pending" and pending["verdict"] is None
    assert pending["reviews"]["ana"]["verdict"] == "true"


def test_a_formula_in_a_source_title_is_defused_in_the_csv(tmp_path):
    store = make_db(tmp_path / "w.db")
    claim = store.claim_ids()[0]
    store.set_evidence(claim, sources=["https://e.org/x =HYPERLINK(\"evil\")"], explanation="=1+1", reviewer="ana")
    out = io.BytesIO()
    export(store, "csv", out)
    header, rows, _ = read_csv(out.getvalue())
    row = dict(zip(header, next(r for r in rows if int(r[0]) == claim)))
    assert row["explanation"] == "'=1+1"
    assert row["sources"] == 'https://e.org/x =HYPERLINK("evil")'  # the URL starts it: not a formula
    store.close()
