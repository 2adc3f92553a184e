"""Export filters (--reviewed-only, --document, --reviewer, --since), errors, and the read snapshot."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from store_helpers import FakeArticle, extraction_for, make_db
from test_export_support import Clock, read_csv
from workbench.export import export, parse_since
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE, DISMISS
from workbench.store import NotFound, Store
from workbench.vocab import ExportFormat

FORMATS = tuple(ExportFormat)


def csv_ids(store: Store, **kwargs) -> list[int]:
    out = io.BytesIO()
    result = export(store, "csv", out, **kwargs)
    _, rows, _ = read_csv(out.getvalue())
    assert result.count == len(rows)
    return [int(r[0]) for r in rows]


@pytest.fixture
def timed(tmp_path, monkeypatch):
    """Two articles; decisions at known times by ana and bo."""
    clock = Clock(monkeypatch)
    store = make_db(tmp_path / "w.db", articles=2)
    ids = store.claim_ids(order="document")  # 5 claims per article
    plan = [
        (ids[0], "true", "ana", "2024-05-01T10:00:00.000Z"),
        (ids[1], DISMISS, "ana", "2024-05-02T10:00:00.000Z"),
        (ids[5], "false", "bo", "2024-05-03T10:00:00.000Z"),
        (ids[6], "mixed", "bo", "2024-05-03T23:59:59.999Z"),
    ]
    for claim, slug, reviewer, at in plan:
        clock.set(at)
        store.set_verdict(claim, slug, scale=DEFAULT_SCALE, reviewer=reviewer)
    clock.set("2024-05-04T08:00:00.000Z")
    store.set_note(ids[2], "ask the court", reviewer="ana")  # a note, no verdict
    store.ids = ids
    yield store
    store.close()


def test_default_export_holds_every_current_claim_in_reading_order(timed):
    assert csv_ids(timed) == timed.ids


def test_reviewed_only_counts_dismissals_and_leaves_out_notes(timed):
    ids = timed.ids
    assert csv_ids(timed, reviewed_only=True) == [ids[0], ids[1], ids[5], ids[6]]


def test_document_filter(timed):
    ids = timed.ids
    assert csv_ids(timed, document=2) == ids[5:]
    assert csv_ids(timed, document=2, reviewed_only=True) == [ids[5], ids[6]]
    with pytest.raises(NotFound, match="no document 99"):
        export(timed, "csv", io.BytesIO(), document=99)


def test_document_filter_follows_the_document_across_versions(tmp_path):
    store = Store.open(tmp_path / "w.db")
    text = "Alpha rose 5 percent.\nBeta fell 3 percent.\n"
    first = store.store_document(
        FakeArticle(Path("a.txt"), text, Metadata()), extraction_for(text), model="t", extractor_version="1"
    )
    text2 = text + "Gamma rose 9 percent.\n"
    second = store.store_document(
        FakeArticle(Path("a.txt"), text2, Metadata()), extraction_for(text2), model="t", extractor_version="1"
    )
    assert second.document_id != first.document_id
    both = csv_ids(store, document=first.document_id)
    assert both == csv_ids(store, document=second.document_id) and len(both) == 3
    store.close()


def test_reviewer_filter(timed):
    ids = timed.ids
    assert csv_ids(timed, reviewer="bo") == [ids[5], ids[6]]
    # A note-only claim has its note's author as reviewer (as in `workbench claims`).
    assert csv_ids(timed, reviewer="ana") == [ids[0], ids[1], ids[2]]
    assert csv_ids(timed, reviewer="ana", reviewed_only=True) == [ids[0], ids[1]]
    assert csv_ids(timed, reviewer="nobody") == []


@pytest.mark.parametrize(
    "since, expected",
    [
        ("2024-05-02", [1, 5, 6, 2]),
        ("2024-05-02T10:00:00Z", [1, 5, 6, 2]),  # at the moment counts
        ("2024-05-02T10:00:00.001Z", [5, 6, 2]),
        ("2024-05-02T15:00+05:00", [1, 5, 6, 2]),  # = 10:00 UTC
        ("2024-05-03T10:00", [5, 6, 2]),  # no offset: UTC
        ("2024-05-04", [2]),
        ("2030-01-01", []),
    ],
)
def test_since_filter(timed, since, expected):
    ids = timed.ids
    # Reading order: document, then position in it.
    assert csv_ids(timed, since=since) == sorted((ids[i] for i in expected), key=ids.index)


@pytest.mark.parametrize(
    "value, canonical",
    [
        ("2024-05-01", "2024-05-01T00:00:00.000Z"),
        ("20240501", "2024-05-01T00:00:00.000Z"),
        (" 2024-05-01T12:30 ", "2024-05-01T12:30:00.000Z"),
        ("2024-05-01 12:30:15", "2024-05-01T12:30:15.000Z"),
        ("2024-05-01T12:30:00+05:00", "2024-05-01T07:30:00.000Z"),
        ("2024-05-01T12:30:00.25Z", "2024-05-01T12:30:00.250Z"),
        (None, None),
    ],
)
def test_parse_since(value, canonical):
    assert parse_since(value) == canonical


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "", "05/01/2024", "2024-05-01T25:00", "2024-05-01\n=1"])
def test_bad_since_is_one_clear_line(timed, value):
    with pytest.raises(ValueError) as info:
        export(timed, "csv", io.BytesIO(), since=value)
    message = str(info.value)
    assert "--since" in message and "\n" not in message and "2024-05-01" in message


def test_unknown_format_is_one_clear_line(timed):
    with pytest.raises(ValueError, match="unknown export format 'xlsx': use one of csv, jsonl, claimreview"):
        export(timed, "xlsx", io.BytesIO())


class WritesDuringExport(io.BytesIO):
    """An output that lets a second reviewer commit a decision while the export runs."""

    def __init__(self, path: Path, claim_id: int) -> None:
        super().__init__()
        self.path, self.claim_id, self.done = path, claim_id, None

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.done is None:
            other = Store.open(self.path)
            self.done = other.set_verdict(self.claim_id, "false", scale=DEFAULT_SCALE, reviewer="zoe")
            other.close()
        return super().write(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_and_head_come_from_one_snapshot_while_another_reviewer_writes(timed, fmt):
    ids = timed.ids
    before = timed.head()
    out = WritesDuringExport(timed.path, ids[3])
    result = export(timed, fmt, out)
    assert out.done is not None and out.done.seq == before[0] + 1  # it did commit, mid-export
    assert result.head == f"{before[0]}:{before[1]}"
    raw = out.getvalue()
    if fmt == "csv":
        header, rows, trailer = read_csv(raw)
        cells = {int(r[0]): dict(zip(header, r)) for r in rows}
        assert cells[ids[3]]["verdict"] == "" and trailer == f"# audit head {result.head}"
    elif fmt == "jsonl":
        objects = [json.loads(line) for line in raw.decode().splitlines()]
        claim = next(o for o in objects if o["type"] == "claim" and o["id"] == ids[3])
        assert claim["verdict"] is None and claim["event_count"] == 0 and claim["events"] == []
        assert objects[-1]["audit_head"] == result.head
    else:
        reviews = json.loads(raw)
        assert str(ids[3]) not in [r["identifier"].rsplit(":", 1)[1] for r in reviews]
    # The export's own view is over; the main connection sees the new verdict.
    assert timed.claim(ids[3]).verdict == "false"
    assert csv_ids(timed, reviewer="zoe") == [ids[3]]


def test_export_inside_the_callers_transaction_reads_that_transaction(timed):
    ids = timed.ids
    with timed.transaction():
        timed.set_verdict(ids[4], "true", scale=DEFAULT_SCALE, reviewer="ana")
        inside = csv_ids(timed, reviewed_only=True)
    assert ids[4] in inside
    assert timed.conn.text_factory is str  # restored after the CSV's bytes reads
