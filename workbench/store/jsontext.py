"""JSON text as json.dumps writes it, with its C encoder built once.

json.dumps and JSONEncoder.encode build a new C encoder on every call; verify
encodes every claim and document (their digests) and the reviews of every
disputed claim (the fold), where building it cost more than the encoding.
"""

from __future__ import annotations

import json
from collections.abc import Callable


def encoder(*, sort_keys: bool = False, separators: tuple[str, str] = (", ", ": ")) -> Callable[[object], str]:
    """``json.JSONEncoder(ensure_ascii=False, sort_keys=..., separators=...).encode``, for a list or a dict."""
    slow = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, separators=separators)
    make = json.encoder.c_make_encoder
    if make is None:  # a Python without the C accelerator
        return slow.encode
    item_separator, key_separator = separators
    # The arguments JSONEncoder.iterencode gives it, but the circular check (what we encode holds no cycles).
    fast = make(
        None, slow.default, json.encoder.encode_basestring, None, key_separator, item_separator, sort_keys, False, True
    )
    return lambda value: "".join(fast(value, 0))
