"""Bytes to text: BOMs, UTF-8, BOM-less UTF-16/32, detection, and cp1252 as the last resort.

Order: (1) a BOM; (2) UTF-16/32 told by its NUL pattern; (3) binary refused;
(4) UTF-8, strict, or with a few bad bytes replaced when most of its non-ASCII
is valid UTF-8; (5) cp1252 when the text is mostly ASCII and reads as Western
text; (6) charset-normalizer's candidates, taken only when their text is
plausible; (7) cp1252 with replacement.

The result never holds NUL (replaced with U+FFFD and counted), a lone
surrogate, or a CR: CRLF, CR, and the other line breaks Python's splitlines()
knows (VT, FF, NEL, LS, PS) all become "\\n" before any offset is computed, so
every layer that splits lines agrees on the offsets.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from workbench.ingest.errors import IngestError
from workbench.ingest.sniff import looks_binary, magic_kind

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings a detector may offer that we never take on its word: the wide ones
# are told by BOM or NUL pattern above, and a guess of them is a sign of confusion.
_NEVER_GUESSED = ("utf_16", "utf_32", "utf_7")
# Symbols that cp1252 gives for the letters of other code pages (Polish "ł" -> "³"):
# right after a letter they are a sign of the wrong code page.
_SUSPICIOUS = set("¹²³¼½¾¿¡¦¨ª«¬¯±´µ·¸º»×÷£¥¤¢§¶ˆ˜‡†‰‹›")
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")

_counter = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _counter.n = getattr(_counter, "n", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error("workbench-count", _count_and_replace)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # bytes that could not be decoded, plus NULs and lone surrogates replaced


def _decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes, returning the text and how many bytes were replaced."""
    _counter.n = 0
    text = data.decode(encoding, errors="workbench-count")
    return text, _counter.n


def _wide_guess(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, from where the NUL bytes fall (text with many ASCII characters)."""
    sample = data[:8192]
    n = len(sample)
    if n < 4:
        return None
    quarters = [sample[i::4].count(0) / max(len(sample[i::4]), 1) for i in range(4)]
    if quarters[2] > 0.95 and quarters[3] > 0.95 and quarters[0] < 0.5:
        return "utf-32-le"
    if quarters[0] > 0.95 and quarters[1] > 0.95 and quarters[3] < 0.5:
        return "utf-32-be"
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _suspicious(text: str) -> int:
    """How many places read like text decoded with the wrong code page."""
    bad = len(_MOJIBAKE.findall(text[:200_000]))
    prev = ""
    for ch in text[:200_000]:
        if ch in _SUSPICIOUS and prev.isalpha():
            bad += 1
        prev = ch
    return bad


def _non_ascii_share(data: bytes) -> float:
    sample = data[:200_000]
    return len(sample.translate(None, bytes(range(128)))) / max(len(sample), 1)


def _utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8, strictly, or with bad bytes replaced when they are the minority of the non-ASCII."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    # Judge on a sample first: a cp1252 file fails at every accent, and decoding
    # all of it through the error handler would be slow for nothing.
    for sample in (data[:65_536], data):
        text, replaced = _decode(sample, "utf-8")
        valid_non_ascii = _count_non_ascii(text) - text.count("\ufffd")
        if valid_non_ascii < 1 or valid_non_ascii < replaced:
            return None
    return text, replaced


def _count_non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _cp1252_plausible(data: bytes) -> str | None:
    """cp1252 text when it is mostly ASCII and its accents and quotes sit where Western text has them."""
    if _non_ascii_share(data) > 0.3:
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # a byte cp1252 leaves undefined: not cp1252
    if re.search("[^\x00-\x7f]{4,}", text[:200_000]):
        return None  # long runs of accented letters: another script in disguise
    non_ascii = _count_non_ascii(text[:200_000])
    if _suspicious(text) > max(0, non_ascii // 50):
        return None
    return text


def _line_chunks(data: bytes, size: int = 16_384) -> list[bytes]:
    """A few samples from across the file, cut at newlines (never inside a multibyte character)."""
    chunks = []
    for start in (0, len(data) // 3, 2 * len(data) // 3):
        chunk = data[start:start + size]
        if start:
            chunk = chunk[chunk.find(b"\n") + 1:]
        if start + size < len(data) and b"\n" in chunk:
            chunk = chunk[: chunk.rfind(b"\n") + 1]
        if chunk.strip():
            chunks.append(chunk)
    return chunks


def _candidates(data: bytes) -> list[str]:
    """charset-normalizer's guesses for the whole file, then for samples of it.

    It gives nothing for a file with one bad byte anywhere, so samples that miss
    the bad byte still name the encoding.
    """
    from charset_normalizer import from_bytes

    names = [m.encoding for m in list(from_bytes(data, steps=8, chunk_size=1024))[:6]]
    if not names:
        for chunk in _line_chunks(data):
            best = from_bytes(chunk).best()
            if best is not None:
                names.append(best.encoding)
    return [n for n in dict.fromkeys(names) if not n.startswith(_NEVER_GUESSED)]


def _detected(data: bytes) -> tuple[str, str, int] | None:
    """The first detected encoding whose text is plausible (a few bad bytes replaced)."""
    for encoding in _candidates(data):
        try:
            text, replaced = _decode(data, encoding)
        except LookupError:
            continue
        if replaced <= max(2, len(data) // 1000) and _suspicious(text) == 0:
            return text, encoding.replace("_", "-"), replaced
    return None


def _finish(text: str, encoding: str, replaced: int) -> Decoded:
    if "\x00" in text:
        replaced += text.count("\x00")
        text = text.replace("\x00", "\ufffd")
    if _SURROGATE.search(text):
        replaced += len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)
    text = _LINE_BREAKS.sub("\n", text)
    return Decoded(text, encoding, replaced)


def _refuse_if_garbled(text: str, replaced: int, what: str) -> None:
    if len(text) >= 16 and replaced > 0.2 * len(text):
        raise IngestError("failed", f"undecodable: {what}")


_META_CHARSET = re.compile(rb"""<meta\s[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
# As browsers read them: a page that says Latin-1 is read as its superset cp1252.
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The encoding a page declares: the HTTP header's charset, else a <meta> in its first 4 KB."""
    names = [header] if header else []
    m = _META_CHARSET.search(data[:4096])
    if m:
        names.append(m.group(1).decode("ascii", "replace"))
    for name in names:
        try:
            codec = codecs.lookup(name.strip()).name
        except (LookupError, ValueError):
            continue
        codec = _DECLARED_ALIASES.get(codec, codec)
        if not codec.startswith(_NEVER_GUESSED) and codec != "utf-8":
            return codec
    return None


def _declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """The declared encoding's text, when every byte is valid in it."""
    name = declared_charset(data, declared)
    if name is None:
        return None
    try:
        return data.decode(name), name.replace("_", "-")
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode file bytes to normalised text, or raise IngestError (binary, undecodable).

    ``declared``: the charset an HTTP server named. It, or a page's <meta charset>,
    is taken after a BOM and valid UTF-8 (a page that is valid UTF-8 is UTF-8,
    whatever it says) and before any guess, when all the bytes decode in it.
    """
    kind = magic_kind(data)
    if kind:
        raise IngestError("failed", f"binary file: {kind}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, replaced = _decode(data[len(bom):], encoding)
            _refuse_if_garbled(text, replaced, f"its {encoding} byte-order mark is followed by invalid text")
            return _finish(text, encoding, replaced)
    wide = _wide_guess(data)
    if wide:
        text, replaced = _decode(data[: len(data) - len(data) % (4 if "32" in wide else 2)], wide)
        replaced += len(data) % (4 if "32" in wide else 2)
        controls = sum(1 for ch in text[:10_000] if ord(ch) < 32 and ch not in "\t\n\r\x0c")
        if replaced > 0.05 * max(len(text), 1) or controls > 0.05 * max(len(text[:10_000]), 1):
            raise IngestError("failed", f"undecodable: looks like {wide.upper()} without a byte-order mark, but is not valid")
        return _finish(text, wide, replaced)
    if looks_binary(data):
        raise IngestError("failed", "binary file: control bytes throughout (not text)")
    utf8 = _utf8(data)
    if utf8 is not None and utf8[1] == 0:
        return _finish(utf8[0], "utf-8", 0)
    stated = _declared(data, declared)
    if stated is not None:
        return _finish(stated[0], stated[1], 0)
    if utf8 is not None:
        return _finish(utf8[0], "utf-8", utf8[1])
    text = _cp1252_plausible(data)
    if text is not None:
        return _finish(text, "cp1252", 0)
    detected = _detected(data)
    if detected is not None:
        return _finish(*detected)
    text, replaced = _decode(data, "cp1252")
    _refuse_if_garbled(text, replaced, "not valid text in any encoding tried")
    if _non_ascii_share(data) > 0.3 and _suspicious(text) > 0.02 * len(text):
        raise IngestError("failed", "undecodable: not text in any encoding tried (binary data?)")
    return _finish(text, "cp1252", replaced)
