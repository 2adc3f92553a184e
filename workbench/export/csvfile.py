"""The CSV export: one row per claim, for editors who open it in a spreadsheet.

UTF-8 with a BOM (so Excel does not guess a legacy code page), every field
quoted, CRLF between records; a newline inside a field stays inside its quotes.

Cells are data, never formulas. A cell, or a line within a cell, whose first
non-blank character could start a formula (``= + - @``, their full-width,
small and super/subscript forms, a tab or a CR) gets an apostrophe inserted
right before that character: the text stays readable, its indentation stays,
and a spreadsheet that trims leading spaces still sees the apostrophe first.
Ids, numbers and the decision timestamp are written untouched. NUL becomes
U+FFFD (one character for one, so offsets into the text stay right).

The last line, ``# audit head SEQ:HASH``, is not a CSV record: it ties the rows
to the audit log (``workbench verify --expect-head SEQ:HASH``).

How it is fast: SQLite hands over every cell as UTF-8 bytes, and a batch of
rows becomes CSV through a few C-level joins and replaces, never a Python loop
per cell. One translate() and a few finds over the batch then look for anything
the formula rule could touch; that check may over-match but never misses, and
only the rows it flags are rendered again, cell by cell, by the exact rule
(:func:`defuse`).
"""

from __future__ import annotations

import bisect
import re
from typing import BinaryIO

from workbench.store import Store
from workbench.store.cells import plain_cells
from workbench.store.queries import ClaimFilter

# Each column and the claim field it holds (as the query layer names it).
_FIELDS: tuple[tuple[str, str], ...] = (
    ("claim_id", "id"),
    ("document", "document_id"),
    ("title", "document_title"),
    ("sentence", "sentence"),
    ("claim", "text"),
    ("speaker", "speaker"),
    ("kind", "kind"),
    ("checkworthiness", "score"),
    ("tier", "tier"),
    ("verdict", "verdict"),
    ("note", "note"),
    ("reviewer", "reviewer"),
    ("decided_at", "decided_at"),
    ("char_start", "start"),
    ("char_end", "end"),
    # After the required ones: what an editor asks next.
    ("verdict_label", "verdict_label"),
    ("scale", "scale"),
    ("flagged", "flagged"),
    ("conflict", "conflict"),
    ("reasons", "reasons"),
    ("outlet", "outlet"),
    ("published", "published"),
    ("url", "url"),
    # A reviewer's correction of the claim or its speaker: the columns above show the
    # corrected values; these say so, and what extraction said (empty when not corrected).
    ("corrected", "corrected"),
    ("extracted_claim", "extracted_text"),
    ("extracted_speaker", "extracted_speaker"),
    # The claim keeps words that lean on its article ("It", "the company"): read the
    # sentence before publishing it.
    ("needs_context", "context"),
    # Between reviewers (agreed, disputed...; each reviewer's verdict) and the evidence.
    ("agreement", "agreement"),
    ("reviews", "reviews"),
    ("sources", "sources"),
    ("explanation", "explanation"),
    # Which model ranked the claim (checkworthiness, tier and reasons are its): a desk
    # model's version ("desk-...") or the shipped one's; empty: shipped, not recorded.
    ("model_version", "model_version"),
    # Seen before: confirmed (by a reviewer), match or suggest (the matcher's, not a decision);
    # the confirmed match's rating, publisher and URL; how many copies other documents hold.
    ("seen_before", "seen_before"),
    ("match_rating", "match_rating"),
    ("match_publisher", "match_publisher"),
    ("match_url", "match_url"),
    ("copies", "copies"),
)
COLUMNS: tuple[str, ...] = tuple(column for column, _ in _FIELDS)
FIELDS: tuple[str, ...] = tuple(name for _, name in _FIELDS)
# Written as they are: ids and numbers we generate, and our own UTC timestamps.
UNTOUCHED = frozenset({"claim_id", "document", "checkworthiness", "decided_at", "char_start", "char_end", "copies"})
TEXT_INDEXES = tuple(i for i, name in enumerate(COLUMNS) if name not in UNTOUCHED)


def plain_select(selection: ClaimFilter) -> tuple[str, list]:
    """The same rows as plain SQL values (the benchmark hands this to the sqlite3 shell)."""
    return plain_cells(FIELDS, selection)


BOM = b"\xef\xbb\xbf"
NUL_STAND_IN = "\ufffd"
BATCH = 2000


def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


# Lines within a cell: spreadsheets and CSV readers break lines at LF and CR
# (alone or as CRLF); old Mac Excel writes VT inside cells; FF and the
# information separators are line breaks to str.splitlines().
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e"
# Blank: every other Unicode space (NBSP, the U+2000 block, ideographic space,
# NEL and the line/paragraph separators, which no spreadsheet breaks at), and
# the invisible format characters a reader cannot see before an `=`.
BLANK = (
    " \x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + _chars((0x2000, 0x200A))
    + "\u00ad\u061c\u180e\ufeff"
    + _chars((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F))
)
# What can start a formula, or hide one: = + - @, every character that
# NFKC-normalises to one of them (full-width, small, super/subscript), tab, CR.
TRIGGERS = (
    "=+-@\t\r"
    "\uff1d\uff0b\uff0d\uff20"  # full-width ＝ ＋ － ＠
    "\ufe66\ufe62\ufe63\ufe6b"  # small ﹦ ﹢ ﹣ ﹫
    "\u207c\u207a\u208c\u208a"  # superscript and subscript = +
    "\ufb29"  # Hebrew alternative plus sign
)


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


# A tab starts a part of its own too: a spreadsheet that splits on tabs alone opens
# `see\t=HYPERLINK(...)` as two cells, the second a formula.
_LINE_START = re.compile(
    rf"(?:\A|(?<={_class(BREAKS.replace(chr(13), '') + chr(9))})|(?<=\r)(?!\n))({_class(BLANK)}*)(?={_class(TRIGGERS)})"
)


def defuse(text: str) -> str:
    """A cell's text made inert for spreadsheets (see the module docstring); NUL replaced."""
    if "\x00" in text:
        text = text.replace("\x00", NUL_STAND_IN)
    return _LINE_START.sub(r"\1'", text)


def render_exact(row: tuple[bytes, ...]) -> bytes:
    """One CSV record by the rule itself, cell by cell: the reference the fast path must equal."""
    cells = [cell.decode("utf-8", "surrogateescape") for cell in row]
    for i in TEXT_INDEXES:
        cells[i] = defuse(cells[i])
    line = '"' + '","'.join(cell.replace('"', '""') for cell in cells) + '"\r\n'
    return line.encode("utf-8", "surrogateescape")


# The screen: a byte map of the batch, where C is a comma, Q a quote, N a line
# break (not CR: CR is counted apart), T a byte that is, or begins the UTF-8 of,
# a blank or a trigger. A field opening is a quote after a comma or a record
# break; so "CQT", "NQT" and a leading "QT" are cells that may need the rule,
# and "NT" a line inside a cell that may. Each hit is checked on the real text,
# and only rows that truly need it are rendered again by the exact rule.
_SCREEN = bytearray(b"x" * 256)
_SCREEN[ord(",")] = ord("C")
_SCREEN[ord('"')] = ord("Q")
for _b in BREAKS.replace("\r", "").encode():
    _SCREEN[_b] = ord("N")
for _b in {ch.encode("utf-8")[0] for ch in BLANK + TRIGGERS if ch != "\r"}:
    _SCREEN[_b] = ord("T")
SCREEN = bytes(_SCREEN)
# Each needle, and how far past its start the cell's (or line's) text begins.
_SUSPECT = ((b"CQT", 2), (b"NQT", 2), (b"NT", 1))
_BLANK_SET = frozenset(BLANK)
_TRIGGER_SET = frozenset(TRIGGERS)


_ENCODED = frozenset(ch.encode("utf-8") for ch in BLANK + TRIGGERS)


def _starts_formula(text: bytes, start: int) -> bool:
    """Does the cell or line beginning at ``start`` need the rule? (the screen only guessed)"""
    lead = text[start]
    if lead >= 0xC0:
        # A multi-byte character: most hits are a letter or “ sharing a lead byte
        # with a blank or trigger; its whole encoding settles it at once.
        size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if text[start : start + size] not in _ENCODED:
            return False
    window = text[start : start + 48].decode("utf-8", "ignore")
    for ch in window:
        if ch not in _BLANK_SET:
            return ch in _TRIGGER_SET
    return True  # blank as far as we looked: let the exact rule decide


def _hits(screen: bytes, text: bytes) -> list[int]:
    """Where a cell or line starts with a trigger. bytes.find runs at memchr speed."""
    found = [0] if screen.startswith(b"QT") and _starts_formula(text, 1) else []
    for needle, skip in _SUSPECT:
        at = screen.find(needle)
        while at >= 0:
            # Lead bytes over-match (Urdu letters share one with U+061C, “ with
            # U+2000): a few bytes of the real text settle it, without a row redo.
            if _starts_formula(text, at + skip):
                found.append(at)
            at = screen.find(needle, at + 1)
    return found


def render_batch(rows: list[tuple[bytes, ...]]) -> bytes:
    """CSV records for a batch of rows of UTF-8 cells: C joins, exact rule where needed."""
    n, width = len(rows), len(COLUMNS)
    # \x01 between cells and \x00 between rows, swapped for the CSV delimiters
    # after the quotes are doubled. Counting them proves no cell holds one
    # (a NUL in a cell, say); if one does, the batch goes the exact way.
    body = b"\x00".join(map(b"\x01".join, rows))
    if body.count(b"\x01") != n * (width - 1) or body.count(b"\x00") != n - 1:
        return b"".join(map(render_exact, rows))
    if b'"' in body:
        body = body.replace(b'"', b'""')
    text = b'"' + body.replace(b"\x01", b'","').replace(b"\x00", b'"\r\n"') + b'"\r\n'
    # A CR inside a cell makes the record breaks ambiguous to the screen: exact way.
    if text.count(b"\r") != n:
        return b"".join(map(render_exact, rows))
    screen = text.translate(SCREEN)
    hits = _hits(screen, text)
    # Every tab inside a cell starts a part the rule must look at: those rows go the exact way.
    at = text.find(b"\t")
    while at >= 0:
        hits.append(at)
        at = text.find(b"\t", at + 1)
    if not hits:
        return text
    # Every CR is a record end here, so a hit's row is the number of CRs before it.
    ends = [m.start() for m in re.finditer(rb"\r", text)]
    flagged = sorted({bisect.bisect_left(ends, pos) for pos in hits})
    records = text[:-2].split(b"\r\n")
    for i in flagged:
        records[i] = render_exact(rows[i])[:-2]
    return b"\r\n".join(records) + b"\r\n"


def write_csv(snap: Store, selection: ClaimFilter, out: BinaryIO, head: str) -> int:
    out.write(BOM + ('"' + '","'.join(COLUMNS) + '"\r\n').encode("ascii"))
    count = 0
    for rows in snap.queries.text_rows(FIELDS, selection, batch=BATCH):
        out.write(render_batch(rows))
        count += len(rows)
    out.write(f"# audit head {head}\r\n".encode("ascii"))
    return count
