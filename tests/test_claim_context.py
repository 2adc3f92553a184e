"""A claim that keeps words leaning on its article is marked, from ingest to every screen and export."""

from __future__ import annotations

import io
import json

import pytest

from test_export_support import add_claims, read_csv
from workbench.describe import CONTEXT_MARK, claim_text
from workbench.export import export
from workbench.ingest.run import ingest_paths
from workbench.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "w.db")
    add_claims(
        store,
        "a.txt",
        [
            {"text": "It circumvents the Content Scrambling System", "unresolved": ["It"]},
            {"text": "Lumen Digital launched VaultGuard 3 on 3 March"},
        ],
        title="Ripping",
    )
    yield store
    store.close()


def test_the_store_keeps_the_words_and_the_mark(store):
    first, second = (store.claim(i) for i in store.claim_ids(order="document"))
    assert first.context == ("It",) and first.needs_context
    assert second.context == () and not second.needs_context
    assert claim_text(first) == f"{CONTEXT_MARK} {first.text}" and claim_text(second) == second.text
    assert first.to_json()["needs_context"] is True and first.to_json()["context"] == ["It"]


def test_a_reviewer_who_rewords_the_claim_clears_the_mark(store):
    claim_id = store.claim_ids(order="document")[0]
    store.correct_claim(claim_id, text="DiscFree circumvents the Content Scrambling System", reviewer="ana")
    claim = store.claim(claim_id)
    assert claim.context == ("It",) and not claim.needs_context  # what extraction found stays known
    store.correct_claim(claim_id, speaker="Lumen Digital", reviewer="ana")
    assert not store.claim(claim_id).needs_context


def test_exports_carry_the_mark(store):
    out = io.BytesIO()
    export(store, "csv", out)
    header, rows, _ = read_csv(out.getvalue())
    cells = [dict(zip(header, r)) for r in rows]
    assert [c["needs_context"] for c in cells] == ["It", ""]
    out = io.BytesIO()
    export(store, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    claims = [line for line in lines if "needs_context" in line]
    assert [c["needs_context"] for c in claims] == [True, False]


def test_ingest_stores_what_the_extractor_was_not_sure_of(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Lumen Digital said its VaultGuard software would block DiscFree, a free ripping tool, "
        "from copying 4 million discs a year.\n\n"
        "It circumvents the Content Scrambling System used on 90% of DVDs sold in Europe.\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "w.db") as store:
        ingest_paths(store, [tmp_path / "in"])
        claims = [store.claim(i) for i in store.claim_ids(order="document")]
    marked = [c for c in claims if "circumvents" in c.text]
    assert marked and marked[0].text.startswith("It ") and marked[0].context == ("It",)


async def test_the_app_marks_the_claim_and_says_why(review_app, tmp_path):
    path = tmp_path / "ctx.db"
    with Store.open(path) as store:
        add_claims(store, "a.txt", [{"text": "It circumvents the Content Scrambling System", "unresolved": ["It"]}])
    async with review_app(articles=0, db=path) as (app, pilot):
        from tui_helpers import screen_text

        from workbench.tui.widgets.detail import ClaimDetail

        assert f"{CONTEXT_MARK} It circumvents" in screen_text(app)
        assert '"It"' in app.screen.query_one(ClaimDetail).section("Needs context")
