"""Exports carry "seen before": CSV columns, JSONL's match object, ClaimReview's isBasedOn."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from store_helpers import add_article
from test_export_support import read_csv
from workbench.config import Config
from workbench.export import COLUMNS, export
from workbench.scales import DEFAULT_SCALE
from workbench.seen import work
from workbench.store import Store

DATA = Path(__file__).parent / "data" / "factchecks"
JOBS = "Unemployment fell to 3.9 percent in May, the minister said"
WIRE = "The ministry said 40 people were arrested on Monday after protests in the capital"
CONFIG = Config(publisher_name="Example Fact Check", publisher_url="https://factcheck.example.org",
                review_url="https://factcheck.example.org/{db_id}/claims/{claim_id}?doc={document}")


@pytest.fixture
def seen(tmp_path):
    with Store.open(tmp_path / "w.db") as store:
        add_article(store, tmp_path / "jobs.txt", JOBS + ".\n")
        add_article(store, tmp_path / "a.txt", WIRE + ".\n")
        add_article(store, tmp_path / "b.txt", WIRE.upper() + "!\n")
        store.import_factchecks([DATA / "simple.csv"])
        store.match_pending()
        jobs = next(c.id for c in store.claims() if c.text.startswith("Unemployment"))
        a, b = sorted(c.id for c in store.claims() if c.id != jobs)
        top = store.matches(jobs)[0]
        store.decide_match(jobs, "confirm", kind=top.kind, ref=top.ref, reviewer="ana")
        store.set_verdict(jobs, "true", scale=DEFAULT_SCALE, reviewer="ana")
        store.set_verdict(a, "false", scale=DEFAULT_SCALE, reviewer="ana")
        with store.lock:
            work.match_pending(store.conn)
        store.decide_match(b, "confirm", kind="claim", ref=a, reviewer="ana")
        store.set_verdict(b, "false", scale=DEFAULT_SCALE, reviewer="ana")
        yield store, jobs, a, b


def test_csv_has_the_seen_before_columns_last(seen):
    store, jobs, a, b = seen
    assert list(COLUMNS[-5:]) == ["seen_before", "match_rating", "match_publisher", "match_url", "copies"]
    out = io.BytesIO()
    export(store, "csv", out)
    header, rows, _ = read_csv(out.getvalue())
    by_id = {int(r[0]): dict(zip(header, r)) for r in rows}
    assert {k: by_id[jobs][k] for k in COLUMNS[-5:]} == {
        "seen_before": "confirmed", "match_rating": "True", "match_publisher": "Example Checks",
        "match_url": "https://checks.example.org/jobs-may", "copies": "0",
    }
    assert (by_id[b]["seen_before"], by_id[b]["match_rating"], by_id[b]["copies"]) == ("confirmed", "False", "1")
    assert by_id[a]["copies"] == "1" and by_id[a]["match_url"] == ""


def test_jsonl_carries_the_confirmed_match(seen):
    store, jobs, a, b = seen
    out = io.BytesIO()
    export(store, "jsonl", out)
    claims = {o["id"]: o for o in map(json.loads, out.getvalue().decode().splitlines()) if o["type"] == "claim"}
    assert claims[jobs]["seen_before"] is True and claims[jobs]["match"]["url"] == "https://checks.example.org/jobs-may"
    assert claims[b]["match"]["kind"] == "claim" and claims[b]["match"]["ref"] == a
    assert claims[a]["match"] is None and claims[a]["copies"] == 1
    assert any(e["action"] == "match" for e in claims[jobs]["events"])


def test_claimreview_links_the_matched_fact_check_with_is_based_on(seen):
    store, jobs, a, b = seen
    out = io.BytesIO()
    export(store, "claimreview", out, config=CONFIG)
    reviews = {r["identifier"].rsplit(":", 1)[1]: r for r in json.loads(out.getvalue())}
    assert reviews[str(jobs)]["isBasedOn"] == {
        "@type": "ClaimReview", "url": "https://checks.example.org/jobs-may",
        "author": {"@type": "Organization", "name": "Example Checks"}, "datePublished": "2024-06-07",
    }
    earlier = reviews[str(b)]["isBasedOn"]
    assert earlier["identifier"] == reviews[str(a)]["identifier"] and earlier["url"] == reviews[str(a)]["url"]
    assert "isBasedOn" not in reviews[str(a)]
