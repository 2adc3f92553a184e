"""The one function that makes untrusted text safe to put on a terminal.

Article text, claims, notes, reviewer and file names are data. Before any of it
reaches a terminal (the review app, the CLI's tables and reports, error lines)
it goes through :func:`visible`, which replaces every character a terminal would
act on or hide -- C0/C1 controls, ESC, DEL, bidi overrides, zero-width and other
invisible format characters, lone surrogates -- with a visible stand-in.

Markup is the other half: the UI never parses this text as Rich/Textual markup
(it wraps it in ``Text``/``Content`` objects), so ``[bold]`` stays literal.
"""

from __future__ import annotations

import re

_NAMED = {
    "\u061c": "ALM",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u2060": "WJ",
    "\ufeff": "ZWNBSP",
    "\u180e": "MVS",
    "\u00ad": "SHY",
    "\u2028": "LS",
    "\u2029": "PS",
}

# C0 controls, DEL, C1 controls, surrogates, line/paragraph separators, and every
# Unicode "format" (Cf) character as of Unicode 14 (listed as ranges so that import
# stays instant): these are what move the cursor, switch terminal modes, reorder
# or hide text.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + _FORMAT + "]")
_UNSAFE_KEEP_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + _FORMAT + "]"
)


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: NUL -> ␀, ESC -> ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    name = _NAMED.get(ch)
    if name:
        return f"\u27e8{name}\u27e9"
    return f"\u27e8U+{code:04X}\u27e9"


def _replace(match: re.Match[str]) -> str:
    return _stand_in(match.group())


def visible(text: object, *, multiline: bool = False) -> str:
    """Return ``text`` with every terminal-unsafe character replaced by a visible one.

    With ``multiline=True``, newlines and tabs pass through (a document view);
    otherwise they become ␊ and ␉ too, so a value can never break a table row.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    pattern = _UNSAFE_KEEP_LINES if multiline else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_replace, text)


def clip(text: str, limit: int) -> str:
    """Cap ``text`` at ``limit`` characters for display, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "\u2026"


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029" + _FORMAT + "]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_visible(json_text: str) -> str:
    """JSON text (``ensure_ascii=False``) with DEL, C1, bidi, zero-width and other invisible
    characters written as ``\\u`` escapes: the same JSON, safe to print on a terminal.

    json.dumps already escapes C0 controls; these others it writes raw, and a
    terminal acts on them (U+009B is CSI to xterm) or hides them. They can only
    stand inside JSON strings, where an escape means the same character.
    """
    if _JSON_UNSAFE.search(json_text) is None:
        return json_text
    return _JSON_UNSAFE.sub(_json_escape, json_text)
