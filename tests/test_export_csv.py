"""The CSV export: round trip, formula safety, bytes on disk, the audit head line."""

from __future__ import annotations

import io
import random
import sqlite3
import sys
import unicodedata

import pytest
from click.testing import CliRunner

from test_export_support import add_claims, read_csv
from workbench.cli import cli
from workbench.export import COLUMNS, ExportResult, export
from workbench.export.csvfile import BLANK, BREAKS, TRIGGERS, defuse, render_batch, render_exact
from workbench.scales import DEFAULT_SCALE, DISMISS, POLITIFACT_SCALE
from workbench.store import Store
from workbench.store.decisions import refresh_state
from workbench.store.schema import EVENT_TRIGGERS

REQUIRED = (
    "claim_id, document, title, sentence, claim, speaker, kind, checkworthiness, tier, verdict, "
    "note, reviewer, decided_at, char_start, char_end"
).split(", ")

TRICKY = [
    'He said "we will win", then left',
    "commas, everywhere, here",
    "line one\nline two\nline three",
    "windows line\r\nbreak",
    "وزیر اعظم نے کہا کہ 40 فیصد لوگوں کو روزگار ملا",
    "قال الوزير إن 30 شخصا اعتقلوا",
    "政府は3万人が避難したと発表した。",
    "사망자는 12명으로 늘었다",
    "Emoji 🎉 and a family 👨\u200d👩\u200d👧 and a flag 🇵🇰",
    "Café, naïve, São Paulo, Łódź, Ærø, İstanbul",
    '""',
    "'single quoted'",
    "tab\tinside",
    "trailing space ",
]


def export_bytes(store: Store, fmt: str = "csv", **kwargs) -> tuple[bytes, ExportResult]:
    out = io.BytesIO()
    result = export(store, fmt, out, **kwargs)
    return out.getvalue(), result


@pytest.fixture
def tricky(tmp_path):
    store = Store.open(tmp_path / "w.db")
    add_claims(
        store,
        "tricky.txt",
        [
            {"text": t, "speaker": f"Speaker {i}, «role»", "kind": "quote", "reasons": ["a; b", f"r{i}"]}
            for i, t in enumerate(TRICKY)
        ],
        title='Title "with" quotes, commas\nand a newline',
        outlet="Dawn",
        published="2024-05-01",
        url="https://example.org/a?x=1&y=2",
    )
    ids = store.claim_ids(order="document")
    store.set_verdict(ids[0], "mostly-false", scale=DEFAULT_SCALE, reviewer="ana")
    store.set_verdict(ids[1], "half-true", scale=POLITIFACT_SCALE, reviewer="bo")
    store.set_verdict(ids[2], DISMISS, scale=DEFAULT_SCALE, reviewer="ana")
    store.set_note(ids[3], 'Note with "quotes",\nnew lines and اردو', reviewer="ana")
    store.set_flag(ids[4], reviewer="bo")
    yield store
    store.close()


def test_columns_start_with_the_required_ones_in_order():
    assert list(COLUMNS[: len(REQUIRED)]) == REQUIRED
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_round_trip_through_csv_reader_keeps_every_field(tricky):
    raw, result = export_bytes(tricky)
    header, rows, _ = read_csv(raw)
    assert header == list(COLUMNS)
    stored = tricky.claims(order="document")
    assert result.count == len(rows) == len(stored) == len(TRICKY)
    document = tricky.document(stored[0].document_id)
    for row, claim in zip(rows, stored):
        cell = dict(zip(header, row))
        assert int(cell["claim_id"]) == claim.id
        assert int(cell["document"]) == claim.document_id
        assert cell["title"] == document.title
        assert cell["sentence"] == claim.sentence
        assert cell["claim"] == claim.text
        assert cell["speaker"] == claim.speaker
        assert cell["kind"] == claim.kind
        assert float(cell["checkworthiness"]) == claim.score
        assert cell["tier"] == claim.tier
        assert cell["verdict"] == (claim.verdict or "")
        assert cell["note"] == (claim.note or "")
        assert cell["reviewer"] == (claim.reviewer or "")
        assert cell["decided_at"] == (claim.decided_at or "")
        assert (int(cell["char_start"]), int(cell["char_end"])) == (claim.start, claim.end)
        assert cell["verdict_label"] == (claim.detail["label"] if claim.detail else "")
        assert cell["scale"] == (claim.scale or "")
        assert cell["flagged"] == ("yes" if claim.flagged else "no")
        assert cell["conflict"] == ("yes" if claim.conflict else "no")
        assert cell["reasons"] == "; ".join(claim.reasons)
        assert (cell["outlet"], cell["published"], cell["url"]) == (
            document.outlet,
            document.published,
            document.url,
        )


def test_verdict_fields_are_empty_for_unreviewed_claims(tricky):
    raw, _ = export_bytes(tricky)
    header, rows, _ = read_csv(raw)
    unreviewed = [dict(zip(header, r)) for r in rows if not dict(zip(header, r))["verdict"]]
    assert unreviewed
    for cell in unreviewed:
        assert cell["verdict_label"] == cell["scale"] == ""


def test_bytes_on_disk_bom_quote_all_crlf(tricky, tmp_path):
    path = tmp_path / "out.csv"
    with open(path, "wb") as out:
        result = export(tricky, "csv", out)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"claim_id\",\"document\",")
    assert raw.endswith(f"\r\n# audit head {result.head}\r\n".encode())
    header, rows, _ = read_csv(raw)
    # Every record, re-quoted by hand with every field quoted, appears verbatim
    # in the file followed by CRLF: QUOTE_ALL, CRLF record ends.
    text = raw.decode("utf-8")[1:]
    position = 0
    for record in [header, *rows]:
        line = ",".join('"' + field.replace('"', '""') + '"' for field in record) + "\r\n"
        assert text.startswith(line, position)
        position += len(line)
    assert text[position:] == f"# audit head {result.head}\r\n"
    # Newlines inside fields stay as they were, inside their quotes.
    assert b"line one\nline two\nline three" in raw
    assert b"windows line\r\nbreak" in raw
    # No bare LF outside fields: every LF is inside quotes or ends a record.
    assert raw.count(b"\r\n") >= len(rows) + 2


def test_empty_database_gives_header_and_head(tmp_path):
    store = Store.open(tmp_path / "w.db")
    raw, result = export_bytes(store)
    assert result.count == 0
    assert raw == b"\xef\xbb\xbf" + ",".join(f'"{c}"' for c in COLUMNS).encode() + (
        f"\r\n# audit head 0:{store.genesis}\r\n".encode()
    )
    store.close()


# ---------------------------------------------------------------- formula safety

# Hand-written expectations: the apostrophe goes right before the first
# non-blank character of the cell, of every line in it and of every part after a tab.
HOSTILE = {
    "=1+1": "'=1+1",
    "+1": "'+1",
    "-1": "'-1",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1": "'\t'=1",  # a tab starts a part of its own (a sheet that splits on tabs)
    "see\t=HYPERLINK(\"x\")": "see\t'=HYPERLINK(\"x\")",
    "a\tb\t -1": "a\tb\t '-1",
    "\r=1": "'\r'=1",
    "   =1+1": "   '=1+1",
    "\u00a0=1": "\u00a0'=1",
    "\u00a0 \u3000\u2003-2": "\u00a0 \u3000\u2003'-2",
    "\u200b=1": "\u200b'=1",
    "first line\n=1+1": "first line\n'=1+1",
    "first line\n  +cmd|' /C calc'!A0": "first line\n  '+cmd|' /C calc'!A0",
    "one\r\ntwo\r\n@three": "one\r\ntwo\r\n'@three",
    "ok\x0b=vt": "ok\x0b'=vt",
    "\uff1d1+1": "'\uff1d1+1",
    "\uff0b1": "'\uff0b1",
    "\uff0d1": "'\uff0d1",
    "\uff20SUM(A1)": "'\uff20SUM(A1)",
    "\u00a0\uff1dHYPERLINK(1)": "\u00a0'\uff1dHYPERLINK(1)",
    "=1\n=2\n\n-3": "'=1\n'=2\n\n'-3",
    "a\x00b": "a\ufffdb",
    "\x00=1": "\ufffd=1",
    # Not at the start of a line: left alone.
    "a = b": "a = b",
    "e-mail 3-1 win": "e-mail 3-1 win",
    "x@example.org": "x@example.org",
    "\u2212 minus sign": "\u2212 minus sign",
    "": "",
}


@pytest.mark.parametrize("text", list(HOSTILE))
def test_defuse_rule(text):
    assert defuse(text) == HOSTILE[text]


def test_every_line_of_a_defused_cell_is_inert():
    rng = random.Random(7)
    alphabet = "ab =+-@\t\r\n\x0b\u00a0\u3000\u200b\uff1d\uff0b\uff0d\uff20'\"x"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        safe = defuse(text)
        assert safe.replace("'", "") == text.replace("'", "")
        for line in _lines(safe):
            stripped = line.lstrip(BLANK)
            assert not stripped or stripped[0] not in TRIGGERS, (text, safe)


def _lines(text: str) -> list[str]:
    # Spreadsheet lines: LF, CR (alone or in CRLF), VT, FF, the separators.
    out, current, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            out.append(current)
            current, i = "", i + 2
            continue
        if ch in BREAKS and ch != "\r":
            out.append(current)
            current = ""
        elif ch == "\r":
            # A lone CR is both a trigger and a line break: the apostrophe before
            # it closes its line; what follows starts a new one.
            out.append(current + ch)
            current = ""
        else:
            current += ch
        i += 1
    out.append(current)
    return out


def test_blank_set_covers_every_unicode_space_and_triggers_every_nfkc_variant():
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isspace() and ch not in BREAKS and ch != "\t":
            assert ch in BLANK, f"U+{code:04X}"
        if unicodedata.category(ch) == "Zs":
            assert ch in BLANK, f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            continue
        if ch not in "=+-@" and unicodedata.normalize("NFKC", ch) in ("=", "+", "-", "@"):
            assert ch in TRIGGERS, f"U+{code:04X}"


@pytest.fixture
def hostile(tmp_path):
    """Hostile text in every text column: sentence, claim, speaker, kind, title, outlet..."""
    store = Store.open(tmp_path / "w.db")
    texts = list(HOSTILE)
    add_claims(
        store,
        "hostile.txt",
        [
            {"text": t or "plain", "sentence": f"=S{i}\n-{t}", "speaker": t or None, "kind": "=kind"}
            for i, t in enumerate(texts)
        ],
        title="=TITLE()",
        outlet="+outlet",
        published="-2024",
        url="@url",
    )
    ids = store.claim_ids(order="document")
    for i, claim in enumerate(ids):
        store.set_note(claim, texts[i], reviewer="=reviewer")
        store.set_verdict(claim, "false", scale=DEFAULT_SCALE, reviewer="=reviewer")
    yield store
    store.close()


def test_hostile_cells_in_every_text_column_are_defused(hostile):
    raw, result = export_bytes(hostile)
    header, rows, _ = read_csv(raw)
    stored = hostile.claims(order="document")
    assert len(rows) == len(stored) == len(HOSTILE)
    for row, claim in zip(rows, stored):
        cell = dict(zip(header, row))
        assert cell["claim"] == HOSTILE.get(claim.text, claim.text)
        assert cell["speaker"] == HOSTILE.get(claim.speaker or "", claim.speaker or "")
        assert cell["note"] == HOSTILE[claim.note or ""]
        assert cell["sentence"].startswith("'=S")
        assert "\n'-" in cell["sentence"]
        assert cell["kind"] == "'=kind"
        assert cell["reviewer"] == "'=reviewer"
        assert (cell["title"], cell["outlet"], cell["published"], cell["url"]) == (
            "'=TITLE()",
            "'+outlet",
            "'-2024",
            "'@url",
        )
        # Ids, numbers and timestamps: exactly the stored values, no apostrophe.
        assert cell["claim_id"] == str(claim.id)
        assert cell["document"] == str(claim.document_id)
        assert float(cell["checkworthiness"]) == claim.score
        assert cell["char_start"] == str(claim.start) and cell["char_end"] == str(claim.end)
        assert cell["decided_at"] == claim.decided_at
    assert b"\x00" not in raw


PIECES = [
    "plain", "text", " ", "\u00a0", "=", "+", "-", "@", "\t", "\n", "\x0b", "\x1c", '"', '""',
    ",", "\uff1d", "\u3000", "\u200b", "\u061c", "\u2028", "ا", "ờ", "—", "“", "🎉", "政", "'",
]


@pytest.mark.parametrize(
    "extra, share, path",
    [
        ([], 0.0, "fast"),  # nothing to defuse: the joined bytes as they are
        ([], 0.03, "screen"),  # a few flagged rows redone, the rest as they are
        (["\r", "\r\n"], 0.05, "any"),  # a CR in a cell: whole batch the exact way
        (["\x00"], 0.05, "any"),  # a NUL in a cell: exact way
        (["\x01"], 0.05, "any"),  # the joining separator in a cell: exact way
    ],
)
def test_fast_path_equals_the_exact_rule(monkeypatch, extra, share, path):
    """render_batch's C-speed paths give the very bytes the exact rule gives."""
    from workbench.export import csvfile

    calls = []
    exact = csvfile.render_exact

    def counting(row):
        calls.append(row)
        return exact(row)

    monkeypatch.setattr(csvfile, "render_exact", counting)
    rng = random.Random(f"{share}{extra}")
    pieces = PIECES + extra
    width = len(COLUMNS)
    rows_seen = 0
    for _ in range(40):
        rows = []
        for _ in range(rng.randint(1, 60)):
            row = []
            for _ in range(width):
                if rng.random() < share:
                    text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
                else:
                    text = rng.choice(["Plain words, here.", "", "2024-05-01", "0.97", 'ok "q"', "وزیر"])
                row.append(text.encode("utf-8"))
            rows.append(tuple(row))
        rows_seen += len(rows)
        expected = b"".join(exact(r) for r in rows)
        assert render_batch(rows) == expected
    if path == "fast":
        assert calls == []
    elif path == "screen":
        assert 0 < len(calls) < rows_seen / 2


def test_text_that_only_looks_like_a_trigger_to_the_screen_is_not_redone(monkeypatch):
    """Urdu letters share a UTF-8 lead byte with U+061C, “ and — with U+2000: no row redo."""
    from workbench.export import csvfile

    calls = []
    monkeypatch.setattr(csvfile, "render_exact", lambda row: calls.append(row) or render_exact(row))
    starts = ["اردو میں", "“We will win,” he said", "— a dash", "Ở Việt Nam", "ბათუმი", " \nplain", "€5"]
    rows = [
        tuple((starts[(r + c) % len(starts)] + f" {r}").encode() for c in range(len(COLUMNS)))
        for r in range(500)
    ]
    assert render_batch(rows) == b"".join(render_exact(r) for r in rows)
    assert calls == []


# ------------------------------------------------------------- audit head line


def raw_conn(path):
    return sqlite3.connect(path, isolation_level=None)


def test_audit_head_line_is_accepted_by_verify_then_rejected_after_a_cut(tricky, tmp_path):
    path = tricky.path
    ids = tricky.claim_ids(order="document")
    for i in range(6):
        tricky.set_note(ids[i % 3], f"n{i}", reviewer="ana")
    raw, result = export_bytes(tricky)
    _, _, trailer = read_csv(raw)
    assert trailer == f"# audit head {result.head}"
    seq, digest = tricky.head()
    assert result.head == f"{seq}:{digest}"
    recorded = trailer.removeprefix("# audit head ")

    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(path), "verify", "--expect-head", recorded])
    assert ok.exit_code == 0, ok.output
    # The log keeps growing after the export: the recorded head is still on the chain.
    tricky.set_note(ids[0], "later", reviewer="bo")
    grown = runner.invoke(cli, ["--db", str(path), "verify", "--expect-head", recorded])
    assert grown.exit_code == 0, grown.output

    # Someone cuts the log back past the exported head, and tidies the caches.
    conn = raw_conn(path)
    for name in EVENT_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM events WHERE seq > ?", (seq - 3,))
    for sql in EVENT_TRIGGERS.values():
        conn.execute(sql)
    conn.close()
    with tricky.transaction() as c:
        for claim_id in [r[0] for r in c.execute("SELECT claim_id FROM claim_state")]:
            refresh_state(c, claim_id)
    plain = runner.invoke(cli, ["--db", str(path), "verify"])
    assert plain.exit_code == 0, "the cut chain is self-consistent: only the head shows it"
    cut = runner.invoke(cli, ["--db", str(path), "verify", "--expect-head", recorded])
    assert cut.exit_code == 1
    assert "no longer on the chain" in cut.output and "cut back" in cut.output


def test_csv_reader_sees_the_head_line_as_one_last_field(tricky):
    """What a spreadsheet shows: the head line as the last row, in the first column."""
    raw, result = export_bytes(tricky)
    import csv

    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert records[-1] == [f"# audit head {result.head}"]
