"""The ClaimReview export: complete schema.org structure, ratings from the verdict snapshot."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest

from store_helpers import legacy_verdict
from test_export_support import add_claims
from workbench.config import Config
from workbench.export import export
from workbench.export.claimreview import html_safe, speaker_entity
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE
from workbench.store import Store

CONFIG = Config(
    publisher_name="Example Fact Check",
    publisher_url="https://factcheck.example.org",
    review_url="https://factcheck.example.org/{db_id}/claims/{claim_id}?doc={document}",
)


def export_reviews(store: Store, config: Config | None = CONFIG, **kwargs):
    out = io.BytesIO()
    result = export(store, "claimreview", out, config=config, **kwargs)
    raw = out.getvalue()
    reviews = json.loads(raw.decode("utf-8"))
    assert isinstance(reviews, list) and result.count == len(reviews)
    return raw, reviews, result


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_iso(value: str) -> bool:
    try:
        (date if len(value) == 10 else datetime).fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def assert_valid(review: dict, config: Config = CONFIG) -> None:
    """Everything Google's ClaimReview guidance requires or recommends, with types."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    claim = review["claimReviewed"]
    assert isinstance(claim, str) and claim and claim == " ".join(claim.split())
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    if "ratingValue" in rating:
        for key in ("ratingValue", "bestRating", "worstRating"):
            assert is_number(rating[key]), key
        assert rating["worstRating"] < rating["bestRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    else:  # a verdict off the truth scale: its name, and no number at all
        assert set(rating) == {"@type", "alternateName"}
    assert isinstance(rating["alternateName"], str) and rating["alternateName"].strip()
    author = review["author"]
    assert author == {"@type": "Organization", "name": config.publisher_name, "url": config.publisher_url}
    assert len(review["datePublished"]) == 10 and is_iso(review["datePublished"])
    if config.review_url:
        assert review["url"].startswith("https://")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    if "author" in item:
        assert item["author"]["@type"] in ("Person", "Organization")
        assert isinstance(item["author"]["name"], str) and item["author"]["name"]
    if "datePublished" in item:
        assert is_iso(item["datePublished"])
    if "appearance" in item:
        assert item["appearance"]["@type"] == "CreativeWork"
        assert "url" in item["appearance"] or "headline" in item["appearance"]


@pytest.fixture
def reviewed(tmp_path):
    store = Store.open(tmp_path / "w.db")
    add_claims(
        store,
        "a.txt",
        [
            {"text": "Inflation   hit\n 30 percent in May", "speaker": "Jane Doe, finance minister"},
            {"text": "The ministry arrested 40 people", "speaker": "the Ministry of Interior"},
            {"text": "Exports doubled", "speaker": None},
            {"text": "Dismiss me", "speaker": "WHO"},
            {"text": "Leave me unreviewed", "speaker": "Ali Khan"},
            {"text": "Only a note and a flag", "speaker": "Ali Khan"},
        ],
        title="Budget day",
        outlet="The Daily Example",
        published="2024-04-30",
        url="https://news.example.org/budget",
    )
    ids = store.claim_ids(order="document")
    store.set_verdict(ids[0], "mostly-false", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[1], "pants-on-fire", scale=POLITIFACT_SCALE, reviewer="bo")
    store.set_verdict(ids[2], "unverifiable", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[3], DISMISS, scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(ids[5], "call back", reviewer="ana")
    store.set_flag(ids[5], reviewer="ana")
    store.ids = ids
    yield store
    store.close()


def test_one_complete_claimreview_per_verdict_and_nothing_else(reviewed):
    _, reviews, result = export_reviews(reviewed)
    ids = reviewed.ids
    assert [r["identifier"] for r in reviews] == [
        f"urn:workbench:{reviewed.db_id}:claim:{i}" for i in ids[:3]
    ]  # no dismissal, no unreviewed claim, no note-only claim
    for review, claim_id in zip(reviews, ids):
        assert_valid(review)
        # The claim as text, whitespace collapsed: no verdict or rating mixed in.
        assert review["claimReviewed"] == " ".join(reviewed.claim(claim_id).text.split())
    assert result.warnings == []


def test_fields_come_from_the_claim_the_article_and_the_decision(reviewed):
    _, reviews, _ = export_reviews(reviewed)
    first, second, third = reviews
    ids = reviewed.ids
    assert first["claimReviewed"] == "Inflation hit 30 percent in May"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert second["reviewRating"]["ratingValue"] == 1
    assert (second["reviewRating"]["worstRating"], second["reviewRating"]["bestRating"]) == (1, 6)
    assert second["reviewRating"]["alternateName"] == "Pants on Fire"
    # Unverifiable has no place on the truth scale: a name and no number (0 read as worse than False).
    assert third["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert first["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Jane Doe",
        "jobTitle": "finance minister",
    }
    assert second["itemReviewed"]["author"] == {"@type": "Organization", "name": "the Ministry of Interior"}
    assert third["itemReviewed"]["author"] == {"@type": "Organization", "name": "The Daily Example"}
    assert first["itemReviewed"]["datePublished"] == "2024-04-30"
    assert first["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example.org/budget",
        "headline": "Budget day",
        "datePublished": "2024-04-30",
        "publisher": {"@type": "Organization", "name": "The Daily Example"},
    }
    decided = reviewed.claim(ids[0]).decided_at
    assert first["datePublished"] == decided[:10]
    document = reviewed.claim(ids[0]).document_id
    assert first["url"] == f"https://factcheck.example.org/{reviewed.db_id}/claims/{ids[0]}?doc={document}"


def test_rating_survives_a_scale_switch(reviewed):
    ids = reviewed.ids
    _, before, _ = export_reviews(reviewed)
    # The team switches to PolitiFact; a new verdict elsewhere uses it.
    reviewed.set_verdict(ids[4], "half-true", scale=POLITIFACT_SCALE, reviewer="ana")
    _, after, _ = export_reviews(reviewed)
    assert after[0]["reviewRating"] == before[0]["reviewRating"]  # still the default scale's 2 of 0..5
    assert after[3]["reviewRating"]["bestRating"] == 6
    # Re-deciding the claim on the new scale is what changes its rating.
    reviewed.set_verdict(ids[0], "false", scale=POLITIFACT_SCALE, reviewer="ana")
    _, again, _ = export_reviews(reviewed)
    assert again[0]["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "False",
    }


def test_undone_verdict_leaves_the_export(reviewed):
    reviewed.undo(reviewed.ids[0], reviewer="ana")
    _, reviews, _ = export_reviews(reviewed)
    assert reviewed.ids[0] not in [int(r["identifier"].rsplit(":", 1)[1]) for r in reviews]


def test_without_a_url_template_url_is_left_out_and_the_cli_is_warned(reviewed):
    plain = Config(publisher_name="Example Fact Check", publisher_url="https://factcheck.example.org")
    _, reviews, result = export_reviews(reviewed, config=plain)
    assert reviews and all("url" not in r for r in reviews)
    assert all(r["identifier"].startswith("urn:workbench:") for r in reviews)
    assert len(result.warnings) == 1 and "review_url" in result.warnings[0]
    _, _, default = export_reviews(reviewed, config=Config())
    assert any("placeholder" in w for w in default.warnings)


def test_config_beside_the_database_is_read_when_none_is_given(reviewed, tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    (tmp_path / "workbench.toml").write_text(
        '[publisher]\nname = "Desk"\nurl = "https://desk.example"\n'
        'review_url = "https://desk.example/c/{claim_id}"\n',
        encoding="utf-8",
    )
    _, reviews, result = export_reviews(reviewed, config=None)
    assert reviews[0]["author"]["name"] == "Desk"
    assert reviews[0]["url"] == f"https://desk.example/c/{reviewed.ids[0]}"
    assert result.warnings == []


def test_unknown_or_invalid_article_date_is_omitted_not_invented(tmp_path):
    store = Store.open(tmp_path / "w.db")
    add_claims(store, "a.txt", [{"text": "A claim"}], title="T", published="last Tuesday")
    add_claims(store, "b.txt", [{"text": "B claim"}], url="https://x.example/b")
    for claim in store.claim_ids(order="document"):
        store.set_verdict(claim, "true", scale=DEFAULT_SCALE, reviewer="ana")
    _, reviews, _ = export_reviews(store)
    for review in reviews:
        assert_valid(review)
        assert "datePublished" not in review["itemReviewed"]
        assert "author" not in review["itemReviewed"]  # no speaker, no outlet: left out
    assert reviews[0]["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "headline": "T"}
    assert reviews[1]["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "url": "https://x.example/b"}
    store.close()


def test_text_is_safe_to_paste_into_an_html_script_element(tmp_path):
    store = Store.open(tmp_path / "w.db")
    evil = 'He said </script><script>alert("x")</script> & <!-- more'
    add_claims(store, "a.txt", [{"text": evil, "speaker": "</script>"}], title="<b>T</b>")
    store.set_verdict(store.claim_ids()[0], "false", scale=DEFAULT_SCALE, reviewer="ana")
    raw, reviews, _ = export_reviews(store)
    for forbidden in (b"<", b">", b"&"):
        assert forbidden not in raw
    assert reviews[0]["claimReviewed"] == evil
    assert reviews[0]["itemReviewed"]["appearance"]["headline"] == "<b>T</b>"
    store.close()


def test_html_safe_keeps_the_same_json():
    text = json.dumps({"a": "</script> & <b> \u2028 \u2029"}, ensure_ascii=False)
    safe = html_safe(text)
    assert not set("<>&\u2028\u2029") & set(safe)
    assert json.loads(safe) == json.loads(text)


def test_a_verdict_without_a_rating_snapshot_uses_the_scale_or_is_left_out(reviewed):
    ids = reviewed.ids
    # Written by an older client: a verdict with no snapshot of its definition.
    legacy_verdict(reviewed, ids[4], "false", reviewer="old", scale="default")
    legacy_verdict(reviewed, ids[5], "sort-of", reviewer="old", scale="gone")
    _, reviews, result = export_reviews(reviewed)
    ratings = {int(r["identifier"].rsplit(":", 1)[1]): r["reviewRating"] for r in reviews}
    assert ratings[ids[4]] == DEFAULT_SCALE.get("false").rating()
    assert ids[5] not in ratings
    assert any(f"claim {ids[4]}" in w and "current definition" in w for w in result.warnings)
    assert any(f"claim {ids[5]}" in w and "left out" in w for w in result.warnings)


def test_filters_apply(reviewed):
    _, by_bo, _ = export_reviews(reviewed, reviewer="bo")
    assert [r["identifier"].rsplit(":", 1)[1] for r in by_bo] == [str(reviewed.ids[1])]


@pytest.mark.parametrize(
    "speaker, entities, outlet, expected",
    [
        ("Jane Doe", [], None, {"@type": "Person", "name": "Jane Doe"}),
        ("Jane  Doe,  health minister", [], None, {"@type": "Person", "name": "Jane Doe", "jobTitle": "health minister"}),
        ("Health Minister Jane Doe", [], None, {"@type": "Person", "name": "Health Minister Jane Doe"}),
        # Nobody named: not a Person nor an Organization of its own, but the outlet's claim.
        ("a police spokesman", [], None, None),
        ("a police spokesman", [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("their figures", [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("Officials", [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("the finance minister", [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("He", [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("Police Chief Ana Ruiz", [], "Dawn", {"@type": "Person", "name": "Police Chief Ana Ruiz"}),
        ("the Ministry of Health", [], None, {"@type": "Organization", "name": "the Ministry of Health"}),
        ("Ministry of Health, Pakistan", [], None, {"@type": "Organization", "name": "Ministry of Health, Pakistan"}),
        ("Acme Corp", [], None, {"@type": "Organization", "name": "Acme Corp"}),
        ("WHO", [], None, {"@type": "Organization", "name": "WHO"}),
        ("NATO", [], None, {"@type": "Organization", "name": "NATO"}),
        ("Unilever", [{"text": "Unilever", "label": "ORG"}], None, {"@type": "Organization", "name": "Unilever"}),
        ("Bank Ali", [{"text": "Bank Ali", "label": "PERSON"}], None, {"@type": "Person", "name": "Bank Ali"}),
        (None, [], "Dawn", {"@type": "Organization", "name": "Dawn"}),
        ("  ", [], " Dawn ", {"@type": "Organization", "name": "Dawn"}),
        (None, [], None, None),
    ],
)
def test_speaker_heuristic(speaker, entities, outlet, expected):
    assert speaker_entity(speaker, entities, outlet) == expected


def test_a_speaker_a_reviewer_corrected_is_published_as_given():
    # A reviewer vouched for it: published even when it names no one by name.
    assert speaker_entity("the finance minister", [], "Dawn", vouched=True) == {
        "@type": "Person", "name": "the finance minister",
    }
