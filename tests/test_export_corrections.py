"""Every export shows a reviewer's corrected claim text and speaker, and says it was corrected."""

from __future__ import annotations

import io
import json

import pytest

from test_export_support import add_claims, read_csv
from workbench.config import Config
from workbench.export import export
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store

ORIGINAL = "Inflation hit 30 percent in May"
CORRECTED = "Inflation hit 3.0 percent in May, the statistics office said"


@pytest.fixture
def corrected(tmp_path):
    store = Store.open(tmp_path / "w.db")
    add_claims(
        store,
        "a.txt",
        [
            {"text": ORIGINAL, "speaker": "the office"},
            {"text": "Exports doubled", "speaker": None},
            {"text": "=1+1 says the sheet", "speaker": "Ali"},
        ],
        title="Prices",
        outlet="The Daily Example",
    )
    ids = store.claim_ids(order="document")
    store.correct_claim(ids[0], text=CORRECTED, speaker="Jane Doe, chief statistician", reviewer="ana")
    store.set_verdict(ids[0], "false", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[1], "true", scale=DEFAULT_SCALE, reviewer="ana")
    store.correct_claim(ids[2], speaker="-Ali", reviewer="ana")  # the corrected value is data too
    store.ids = ids
    yield store
    store.close()


def test_csv_shows_the_corrected_values_and_what_extraction_said(corrected):
    out = io.BytesIO()
    export(corrected, "csv", out)
    header, rows, _ = read_csv(out.getvalue())
    at = header.index("corrected")
    assert header[at : at + 4] == ["corrected", "extracted_claim", "extracted_speaker", "needs_context"]
    cells = {int(r[0]): dict(zip(header, r)) for r in rows}
    first, second, third = (cells[i] for i in corrected.ids)
    assert (first["claim"], first["speaker"]) == (CORRECTED, "Jane Doe, chief statistician")
    assert (first["corrected"], first["extracted_claim"], first["extracted_speaker"]) == ("yes", ORIGINAL, "the office")
    assert (second["corrected"], second["extracted_claim"], second["extracted_speaker"]) == ("no", "", "")
    assert third["speaker"] == "'-Ali" and third["extracted_claim"] == "'=1+1 says the sheet"  # formula-safe


def test_jsonl_carries_the_corrections_the_original_and_the_event(corrected):
    out = io.BytesIO()
    export(corrected, "jsonl", out)
    claims = {o["id"]: o for o in map(json.loads, out.getvalue().splitlines()) if o["type"] == "claim"}
    first = claims[corrected.ids[0]]
    assert (first["text"], first["speaker"], first["corrected"]) == (CORRECTED, "Jane Doe, chief statistician", True)
    assert first["corrections"] == {"text": CORRECTED, "speaker": "Jane Doe, chief statistician"}
    assert (first["extracted_text"], first["extracted_speaker"]) == (ORIGINAL, "the office")
    correction = first["events"][0]
    assert correction["action"] == "correct" and correction["detail"] == {"extracted": {"speaker": "the office", "text": ORIGINAL}}
    assert claims[corrected.ids[1]]["corrected"] is False and claims[corrected.ids[1]]["corrections"] is None


def test_claimreview_publishes_the_corrected_claim_and_says_so(corrected):
    out = io.BytesIO()
    export(corrected, "claimreview", out, config=Config(publisher_name="Desk"))
    reviews = {int(r["identifier"].rsplit(":", 1)[1]): r for r in json.loads(out.getvalue())}
    first, second = reviews[corrected.ids[0]], reviews[corrected.ids[1]]
    assert first["claimReviewed"] == CORRECTED
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe", "jobTitle": "chief statistician"}
    assert first["itemReviewed"]["correction"] == {
        "@type": "CorrectionComment",
        "text": "The fact-checker corrected the claim's wording and who made it from the automatic extraction of the article.",
    }
    assert ORIGINAL not in out.getvalue().decode()  # the extraction's wrong wording is not published
    assert "correction" not in second["itemReviewed"]
