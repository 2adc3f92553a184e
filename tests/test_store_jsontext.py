"""jsontext writes exactly what json.dumps writes: stored state and digests made before it must still match."""

from __future__ import annotations

import json

import pytest

from workbench.store import jsontext

VALUES = [
    [],
    {},
    ["a", 1, -2, 0.1, 1e-05, 1e16, float("inf"), float("nan"), None, True, False, [1, [2, {"x": "y"}]]],
    {"r1": {"seq": 3, "verdict": "false", "label": "False"}, "r0": {"seq": 2, "verdict": "true", "label": None}},
    {"zeta": "é€\u2028\U0001d11e", "alpha": "\x00\x1f\"\\/\n\t", "mid": {"b": 1, "a": [0.5, "x"]}},
    [{"url": "https://example.org/?q=1&r=2", "title": "<b>bold</b>"}],
]


OPTIONS = [{"sort_keys": True}, {"sort_keys": False}, {"separators": (",", ":")}, {"sort_keys": True, "separators": (",", ":")}]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("options", OPTIONS)
def test_encoder_writes_what_json_dumps_writes(value, options):
    assert jsontext.encoder(**options)(value) == json.dumps(value, ensure_ascii=False, **options)


def test_encoder_refuses_what_json_refuses():
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsontext.encoder()([b"bytes"])
