"""Verdict scales through to the exports: custom TOML errors, round trip, snapshots."""

from __future__ import annotations

import io
import json

import pytest

from store_helpers import make_db
from test_export_support import read_csv
from workbench.config import Config, load_config
from workbench.export import export
from workbench.scales import DEFAULT_SCALE, ScaleError, load_scale, resolve_scale

GOOD = """
id = "house"
name = "House scale"
best_rating = 10
worst_rating = 0

[[verdict]]
slug = "accurate"
label = "Accurate"
colour = "positive"
rating = 10

[[verdict]]
slug = "needs-context"
label = "Needs context"
colour = "mixed"
rating = 5
alternate_name = "Missing context"

[[verdict]]
slug = "wrong"
label = "Wrong"
colour = "negative"
rating = 0
"""


def verdicts(n: int) -> str:
    return "".join(f'[[verdict]]\nslug = "v{i}"\nlabel = "V{i}"\n' for i in range(n))


# Appended after a bad first verdict: default bounds need at least two verdicts.
OK2 = '[[verdict]]\nslug = "ok"\nlabel = "OK"\nrating = 1\n'


@pytest.mark.parametrize(
    "text, problem",
    [
        ("id = [", "not valid TOML"),
        ('id = "Not A Slug"\n' + verdicts(2), "`id` must be lowercase"),
        ('id = "politifact"\n' + verdicts(2), "taken by a built-in scale"),
        ('id = "x"\nname = ""\n' + verdicts(2), "`name` must be a non-empty string"),
        ('id = "x"\n', "no [[verdict]] tables"),
        ('id = "x"\nverdict = "true"\n', "no [[verdict]] tables"),
        ('id = "x"\n' + verdicts(10), "at most 9"),
        ('id = "x"\nbest_rating = true\n' + verdicts(2), "`best_rating` must be a number"),
        ('id = "x"\nworst_rating = "1"\n' + verdicts(2), "`worst_rating` must be a number"),
        ('id = "x"\nbest_rating = 1\nworst_rating = 1\n' + verdicts(2), "must be below `best_rating`"),
        ('id = "x"\nverdict = [1, 2]\n', "verdict 1 is not a table"),
        ('id = "x"\n[[verdict]]\nslug = "Bad Slug"\nlabel = "B"\n' + OK2, "verdict 1: `slug`"),
        ('id = "x"\n[[verdict]]\nslug = "not-checkworthy"\nlabel = "N"\n' + OK2, "reserved"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = "A"\n[[verdict]]\nslug = "a"\nlabel = "B"\n', "appears twice"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = " "\n' + OK2, "`label` must be a non-empty string"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = "A"\ncolour = "purple"\n' + OK2, "`colour` must be one of"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = "A"\nrating = "high"\n' + OK2, "`rating` must be a number"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = "A"\nrating = false\n' + OK2, "`rating` must be a number"),
        ('id = "x"\nbest_rating = 5\n[[verdict]]\nslug = "a"\nlabel = "A"\nrating = 6\n', "outside 1..5"),
        ('id = "x"\n[[verdict]]\nslug = "a"\nlabel = "A"\nalternate_name = ""\n' + OK2, "`alternate_name`"),
    ],
)
def test_load_scale_errors_name_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "house.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScaleError) as info:
        load_scale(path)
    message = str(info.value)
    assert message.startswith(str(path)) and problem in message
    assert "\n" not in message


def test_load_scale_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ScaleError, match="no such scale file"):
        load_scale(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('id = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ScaleError, match="cannot read"):
        load_scale(bad)
    with pytest.raises(ScaleError, match="unknown scale 'nope'"):
        resolve_scale("nope")


def test_load_scale_defaults(tmp_path):
    path = tmp_path / "plain.toml"
    path.write_text(verdicts(3), encoding="utf-8")
    scale = load_scale(path)
    assert scale.id == "plain" and scale.name == "plain"
    assert [(v.slug, v.rating_value, v.best_rating, v.worst_rating) for v in scale.verdicts] == [
        ("v0", 3, 3, 1),
        ("v1", 2, 3, 1),
        ("v2", 1, 3, 1),
    ]
    assert [v.position for v in scale.verdicts] == [1, 2, 3]


def test_custom_scale_round_trip_through_a_verdict_and_the_exports(tmp_path):
    scale_file = tmp_path / "house.toml"
    scale_file.write_text(GOOD, encoding="utf-8")
    (tmp_path / "workbench.toml").write_text(
        '[publisher]\nname = "Desk"\nurl = "https://desk.example"\n'
        'review_url = "https://desk.example/c/{claim_id}"\n'
        '[review]\nscale = "house"\nscales = ["house.toml"]\n',
        encoding="utf-8",
    )
    store = make_db(tmp_path / "w.db")
    config = load_config(store.path)
    house = config.default_scale()
    assert house.id == "house" and house.source == str(scale_file)
    first, second, third = store.claim_ids(order="document")[:3]
    store.set_verdict(first, "needs-context", scale=house, reviewer="ana")
    store.set_verdict(second, "true", scale=DEFAULT_SCALE, reviewer="ana")

    # The team edits the scale file afterwards: a new label and a new rating.
    scale_file.write_text(GOOD.replace('label = "Needs context"', 'label = "Half right"').replace("rating = 5", "rating = 6"), encoding="utf-8")
    edited = load_config(store.path).default_scale()
    store.set_verdict(third, "needs-context", scale=edited, reviewer="bo")

    out = io.BytesIO()
    export(store, "claimreview", out)  # config read from beside the database
    reviews = {int(r["identifier"].rsplit(":", 1)[1]): r for r in json.loads(out.getvalue())}
    assert reviews[first]["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 10,
        "worstRating": 0,
        "alternateName": "Missing context",
    }
    assert reviews[third]["reviewRating"]["ratingValue"] == 6
    assert reviews[second]["reviewRating"]["bestRating"] == 5  # the default scale's own bounds
    assert reviews[first]["url"] == f"https://desk.example/c/{first}"

    out = io.BytesIO()
    export(store, "csv", out, reviewed_only=True)
    header, rows, _ = read_csv(out.getvalue())
    cells = {int(r[0]): dict(zip(header, r)) for r in rows}
    assert (cells[first]["verdict"], cells[first]["verdict_label"], cells[first]["scale"]) == (
        "needs-context",
        "Needs context",  # the label when it was decided, not today's
        "house",
    )
    assert cells[third]["verdict_label"] == "Half right"

    out = io.BytesIO()
    export(store, "jsonl", out)
    lines = [json.loads(x) for x in out.getvalue().decode().splitlines()]
    snapshot = next(c for c in lines if c["type"] == "claim" and c["id"] == first)["detail"]
    assert snapshot["scale_name"] == "House scale" and snapshot["rating_value"] == 5
    store.close()


def test_custom_scale_in_a_config_without_a_scale_list_is_not_a_fallback(tmp_path):
    """An old verdict of a custom scale keeps exporting when the config no longer lists it."""
    scale_file = tmp_path / "house.toml"
    scale_file.write_text(GOOD, encoding="utf-8")
    store = make_db(tmp_path / "w.db")
    claim = store.claim_ids()[0]
    store.set_verdict(claim, "wrong", scale=load_scale(scale_file), reviewer="ana")
    scale_file.unlink()
    out = io.BytesIO()
    result = export(store, "claimreview", out, config=Config(review_url="https://x.example/{claim_id}"))
    (review,) = json.loads(out.getvalue())
    assert review["reviewRating"]["alternateName"] == "Wrong"
    assert (review["reviewRating"]["worstRating"], review["reviewRating"]["bestRating"]) == (0, 10)
    assert not any("claim" in w for w in result.warnings)
    store.close()
