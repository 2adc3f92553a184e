"""New claims while a desk model ranks: ingest and re-extraction score them with the shipped
model (their prior), then with the desk model in use. Real ingest, real extraction (blank tier)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desk_helpers import make_desk_db
from workbench import Workbench
from workbench.nlp import checkworthy
from workbench.scales import DEFAULT_SCALE
from workbench.vocab import Status

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_ingested_and_re_extracted_claims_are_ranked_by_the_desk_model_in_use(tmp_path, blank_pipeline):
    make_desk_db(tmp_path / "w.db").close()
    shutil.copy(ARTICLES / "business_statistics.txt", tmp_path / "business.txt")
    with Workbench(tmp_path / "w.db", reviewer="ana") as wb:
        version = wb.learn().version
        report = wb.ingest([tmp_path / "business.txt"], pipeline=blank_pipeline)
        assert report.ok and not report.notes
        doc = report.files[0].document_id
        fresh = wb.claims(document=doc)
        assert fresh
        for claim in fresh:
            assert claim.model_version == version and claim.ranked_by_desk
            assert claim.prior_version == checkworthy.MODEL_VERSION and claim.prior_reasons
        decided = fresh[0]
        wb.decide(decided.id, "true", scale=DEFAULT_SCALE)
        results = wb.extract(document=doc, pipeline=blank_pipeline)
        assert results[0].ok and results[0].warning is None
        for claim in wb.claims(document=doc):
            if claim.id == decided.id:  # re-extraction scored it with the shipped model again
                assert claim.model_version == checkworthy.MODEL_VERSION and claim.score == claim.prior_score
            else:
                assert claim.model_version == version
        assert wb.verify().ok


def test_an_unreadable_desk_model_leaves_new_claims_on_the_shipped_score_and_says_so(tmp_path, blank_pipeline):
    make_desk_db(tmp_path / "w.db").close()
    shutil.copy(ARTICLES / "court_report.txt", tmp_path / "court.txt")
    with Workbench(tmp_path / "w.db", reviewer="ana") as wb:
        version = wb.learn().version
        with wb.store.transaction() as conn:
            conn.execute("UPDATE desk_models SET body = 'not json' WHERE version = ?", (version,))
        report = wb.ingest([tmp_path / "court.txt"], pipeline=blank_pipeline)
        assert report.ok
        assert len(report.notes) == 1 and report.notes[0].startswith("desk model: not JSON")
        assert report.notes[0].endswith("new claims keep the shipped model's score")
        claims = wb.claims(document=report.files[0].document_id, status=Status.UNREVIEWED)
        assert claims and all(c.model_version == checkworthy.MODEL_VERSION for c in claims)
