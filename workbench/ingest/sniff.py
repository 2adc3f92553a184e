"""Telling binary files and HTML from text by their first bytes.

Binary is refused even under a .txt name: known magic numbers name the type,
and anything else with many control bytes is "binary data".
"""

from __future__ import annotations

import re

# (magic at offset 0, name). Checked before any decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"OggS\x00", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00asm", "WebAssembly module"),
    (b"{\\rtf", "RTF document (save it as plain text first)"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_ID3 = re.compile(rb"ID3[\x02-\x04]")
_SAMPLE = 65_536
# Control bytes other than tab, newline, vertical tab, form feed, carriage return and ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def magic_kind(data: bytes) -> str | None:
    """The name of a known binary format that ``data`` starts with, else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and len(data) >= 12:
        kinds = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
        return kinds.get(data[8:12], "RIFF media file")
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media file"
    if _BZIP2.match(data[:10]):
        return "bzip2 archive"
    if _ID3.match(data[:4]):
        return "MP3 audio"
    if data[:2] == b"MZ" and b"PE\x00\x00" in data[:1024]:
        return "Windows executable"
    return None


def control_ratio(data: bytes) -> tuple[float, float]:
    """(share of NUL bytes, share of other control bytes) in the first 64 KB."""
    sample = data[:_SAMPLE]
    if not sample:
        return 0.0, 0.0
    nuls = sample.count(0)
    others = len(sample) - len(sample.translate(None, _CONTROL)) - nuls
    return nuls / len(sample), others / len(sample)


def looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes: not text in any single-byte or UTF-8 encoding."""
    nul, other = control_ratio(data)
    return nul > 0.05 or other > 0.05


_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|article|div|p|meta|title|script)[\s>]", re.I)


def looks_like_html(text: str, *, strict: bool) -> bool:
    """Is this an HTML page? ``strict``: only a full document (for a .txt that is really a saved page)."""
    head = text[:4096].lstrip("\ufeff").encode("utf-8", "replace")
    if _HTML_START.match(head[:4096]):
        return True
    if strict:
        return False
    return len(_HTML_TAGS.findall(head)) >= 3
