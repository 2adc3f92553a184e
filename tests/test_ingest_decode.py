"""Decoding matrix: every file comes out as clean text with its encoding and replacement count."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest_helpers import candidate, write
from workbench.ingest import IngestError, read_article
from workbench.ingest.decode import decode

WESTERN = "The minister said the café’s “new rules” would cost €5m — a rise of 20%.\nRésumé: naïve plans.\n"


def read(tmp_path: Path, name: str, data: bytes):
    return read_article(candidate(write(tmp_path / name, data)))


@pytest.mark.parametrize(
    ("label", "bom", "codec"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(tmp_path: Path, label: str, bom: bytes, codec: str) -> None:
    article = read(tmp_path, "bom.txt", bom + WESTERN.encode(codec))
    assert article.encoding == label
    assert article.text == WESTERN  # the BOM is not part of the text
    assert article.replaced == 0


def test_plain_utf8(tmp_path: Path) -> None:
    article = read(tmp_path, "u.txt", WESTERN.encode("utf-8"))
    assert (article.encoding, article.text, article.replaced) == ("utf-8", WESTERN, 0)


def test_cp1252_with_curly_quotes_and_accents(tmp_path: Path) -> None:
    article = read(tmp_path, "w.txt", WESTERN.encode("cp1252"))
    assert article.encoding == "cp1252"
    assert article.text == WESTERN


def test_latin1_file(tmp_path: Path) -> None:
    text = "Le ministre a déclaré que la réforme coûterait cher à l'État français.\nÀ bientôt, señor.\n"
    article = read(tmp_path, "l.txt", text.encode("latin-1"))
    assert article.text == text
    assert article.encoding in ("cp1252", "iso8859-1", "latin-1")


def test_very_short_latin1_is_not_taken_for_something_exotic(tmp_path: Path) -> None:
    article = read(tmp_path, "s.txt", "café".encode("latin-1"))
    assert article.text == "café"


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("shift_jis", "日本の輸出は2月に前年同月比7.8%増加した。中国と米国向けの半導体や自動車の需要が回復した。\n"),
        ("gb18030", "中国国家统计局周一公布的数据显示，三月份居民消费价格指数同比上涨0.1%。\n"),
        ("cp1251", "Министр заявил, что экспорт вырос на 7,8% в феврале по сравнению с прошлым годом.\n"),
    ],
)
def test_detected_encodings(tmp_path: Path, codec: str, text: str) -> None:
    article = read(tmp_path, "d.txt", text.encode(codec))
    assert article.text == text
    assert article.replaced == 0


def test_utf16_without_bom_is_detected_not_stored_with_nuls(tmp_path: Path) -> None:
    text = "Exports rose 7.8% in February.\r\nImports fell.\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        article = read(tmp_path, f"{codec}.txt", text.encode(codec))
        assert article.encoding == codec
        assert article.text == "Exports rose 7.8% in February.\nImports fell.\n"
        assert "\x00" not in article.text


def test_utf16_like_garbage_is_refused_clearly(tmp_path: Path) -> None:
    # Looks like UTF-16 LE (NULs at odd positions), but is full of lone surrogates.
    data = "Exports rose 7.8% in February.".encode("utf-16-le") + (b"\x41\xd8" + b"a\x00") * 40
    with pytest.raises(IngestError) as err:
        read(tmp_path, "bad16.txt", data)
    assert err.value.status == "failed" and "UTF-16" in err.value.reason


def test_invalid_utf8_bytes_in_the_middle_are_replaced_and_counted(tmp_path: Path) -> None:
    good = "Naïve café owners said “prices” rose 5%. "
    data = good.encode() * 3 + b"\xff\xfe" + b" More text after \xe2\x80 it." + good.encode()
    article = read(tmp_path, "mid.txt", data)
    assert article.encoding == "utf-8"
    assert article.replaced == 4  # bytes: ff, fe, and the truncated e2 80
    assert article.text.count("\ufffd") == 3
    assert article.text.startswith(good * 3)


def test_nul_bytes_are_replaced_and_counted(tmp_path: Path) -> None:
    data = b"The council met on Tuesday.\x00 It voted to raise wages.\x00\n"
    article = read(tmp_path, "nul.txt", data)
    assert "\x00" not in article.text
    assert article.text.count("\ufffd") == 2 and article.replaced == 2


def test_line_ends_are_normalised_before_offsets(tmp_path: Path) -> None:
    data = "Skip to content\r\nWorld\rHeadline here today\r\n\r\nBody line one.\u2028Next\x0cpage\x85end".encode()
    article = read(tmp_path, "crlf.txt", data)
    assert "\r" not in article.text
    assert article.text == "Skip to content\nWorld\nHeadline here today\n\nBody line one.\nNext\npage\nend"
    for span in article.excluded:
        assert article.text[span.start:span.end].strip()
    assert article.text[article.excluded[0].start:article.excluded[0].end] == "Skip to content"


def test_no_lone_surrogates_ever() -> None:
    # UTF-16 holding a lone surrogate: the codec refuses it, we replace it.
    data = codecs.BOM_UTF16_LE + "ok ".encode("utf-16-le") + b"\x00\xd8" + " fine".encode("utf-16-le")
    decoded = decode(data)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in decoded.text)
    assert decoded.replaced >= 1
    decoded.text.encode("utf-8")  # would raise on a surrogate


def test_random_high_bytes_are_refused_not_stored_as_mojibake(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(128, 256) for _ in range(4000))
    with pytest.raises(IngestError) as err:
        read(tmp_path, "noise.txt", data)
    assert err.value.status == "failed"


def test_detected_encoding_survives_one_bad_byte(tmp_path: Path) -> None:
    line = "中国国家统计局周一公布的数据显示，三月份居民消费价格指数同比上涨0.1%。\n"
    data = (line * 100).encode("gb18030") + b"\xff\n" + (line * 100).encode("gb18030")
    article = read(tmp_path, "gb.txt", data)
    assert article.encoding == "gb18030"
    assert article.replaced == 1
    assert article.text.startswith(line * 100)
