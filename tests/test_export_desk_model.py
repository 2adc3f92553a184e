"""Exports once the desk model ranks: the score exported is the one that ranks the queue,
with the model that gave it (CSV `model_version`; JSONL the prior as well)."""

from __future__ import annotations

import io
import json

from desk_helpers import SHIPPED, make_desk_db
from test_export_support import read_csv
from workbench import desk
from workbench.export import COLUMNS, export
from workbench.vocab import Status


def test_csv_exports_the_ranking_score_tier_reasons_and_the_model_that_gave_them(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        report = desk.learn(store, reviewer="ana")
        out = io.BytesIO()
        result = export(store, "csv", out)
        header, rows, trailer = read_csv(out.getvalue())
        assert header == list(COLUMNS) and header[header.index("explanation") + 1] == "model_version"
        assert trailer == f"# audit head {result.head}" and result.head.startswith(f"{report.seq}:")
        by_id = {int(r[0]): dict(zip(header, r)) for r in rows}
        claims = {c.id: c for c in store.claims()}
        assert by_id.keys() == claims.keys()
        for claim_id, row in by_id.items():
            claim = claims[claim_id]
            assert float(row["checkworthiness"]) == claim.score and row["tier"] == claim.tier
            assert row["reasons"] == "; ".join(claim.reasons)
            assert row["model_version"] == (report.version if claim.verdict is None else SHIPPED)
        assert any(r["reasons"].startswith(("the desk ", "shipped model: ")) for r in by_id.values())


def test_jsonl_carries_the_model_and_the_shipped_prior(tmp_path):
    with make_desk_db(tmp_path / "w.db") as store:
        report = desk.learn(store, reviewer="ana")
        out = io.BytesIO()
        export(store, "jsonl", out)
        lines = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
        claims = [line for line in lines if line["type"] == "claim"]
        unreviewed = {c.id: c for c in store.claims(status=Status.UNREVIEWED)}
        for obj in claims:
            assert {"model_version", "prior_score", "prior_tier", "prior_reasons", "prior_version"} <= obj.keys()
            assert obj["prior_version"] == SHIPPED
            if obj["id"] in unreviewed:
                claim = unreviewed[obj["id"]]
                assert obj["model_version"] == report.version and obj["score"] == claim.score
                assert obj["prior_score"] == claim.prior_score and obj["prior_reasons"] == list(claim.prior_reasons)
                assert obj["reasons"] == list(claim.reasons)
            else:
                assert obj["model_version"] == SHIPPED and obj["score"] == obj["prior_score"]
        assert lines[-1]["audit_head"].startswith(f"{report.seq}:")
