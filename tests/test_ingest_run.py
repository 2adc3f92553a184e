"""An ingest run end to end: files in, report out, store filled, bad files isolated."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from workbench.ingest.run import ingest_paths
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ARTICLE = """Council approves new budget

By Maria Lopez
March 3, 2024

The city council approved a budget of $4.2 billion on Tuesday, the largest in its history.

Mayor John Smith said the plan would add 300 police officers by next year.

"We are investing in safety," he told reporters.
"""


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "w.db")
    yield s
    s.close()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_seed_article_goes_in_with_true_offsets_and_no_clutter_claims(store, pipeline, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    lines = []
    report = ingest_paths(store, [folder], pipeline=pipeline, on_file=lambda f: lines.append(f.line()))
    assert report.ok and report.count("ingested") == 1
    assert len(lines) == 1 and lines[0].startswith("ingested: ")
    doc = store.documents()[0]
    full = store.document(doc.id)
    text = full.text
    for sentence in store.sentences(doc.id):
        assert text[sentence.start : sentence.end] == sentence.text
    assert full.excluded, "the seed's page clutter is marked"
    claims = store.claims(document=doc.id)
    assert len(claims) >= 15
    for claim in claims:
        assert text[claim.sentence_start : claim.sentence_end] == claim.sentence
        for start, end, _reason in ((s.start, s.end, s.reason) for s in full.excluded):
            assert claim.end <= start or claim.start >= end, f"claim from clutter: {claim.text}"
    assert full.published == "2023-01-13"
    assert store.verify().ok


def test_reingest_is_idempotent(store, pipeline, tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest_paths(store, [path], pipeline=pipeline)
    before = store.stats()
    again = ingest_paths(store, [path], pipeline=pipeline)
    assert [f.status for f in first.files] == ["ingested"]
    assert [f.status for f in again.files] == ["unchanged"]
    assert again.ok and store.stats() == before


def test_copies_in_one_run_are_one_document_with_two_paths(store, pipeline, tmp_path):
    write(tmp_path / "in", "a.txt", ARTICLE)
    write(tmp_path / "in", "copy/b.txt", ARTICLE)
    report = ingest_paths(store, [tmp_path / "in"], pipeline=pipeline)
    assert sorted(f.status for f in report.files) == ["ingested", "unchanged"]
    docs = store.documents()
    assert len(docs) == 1 and len(docs[0].paths) == 2


def test_changed_file_becomes_a_new_version_keeping_verdicts(store, pipeline, tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    ingest_paths(store, [path], pipeline=pipeline)
    budget = next(c for c in store.claims() if "4.2 billion" in c.text)
    store.set_verdict(budget.id, "true", scale=DEFAULT_SCALE, reviewer="ana")
    path.write_text(ARTICLE + "\nThe vote was 7 to 2, the clerk said.\n", encoding="utf-8")
    report = ingest_paths(store, [path], pipeline=pipeline)
    assert [f.status for f in report.files] == ["new version"]
    assert report.files[0].carried >= 1
    row = store.claim(budget.id)
    assert row.verdict == "true" and row.document_id == report.files[0].document_id
    assert any("7 to 2" in c.sentence for c in store.claims())
    assert store.stats().documents == 1


def test_folder_with_one_bad_file_of_each_kind(store, pipeline, tmp_path):
    folder = tmp_path / "mixed"
    good = [write(folder, "good1.txt", ARTICLE), write(folder, "sub/good2.md", ARTICLE.replace("4.2", "5.1"))]
    write(folder, "good3.html", "<html><body><article><p>The port handled 9 million containers in 2023, officials said.</p></article></body></html>")
    write(folder, "image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    write(folder, "paper.txt", b"%PDF-1.7\n" + os.urandom(2000))
    write(folder, "empty.txt", "")
    write(folder, "big.txt", "word " * 400_000)
    write(folder, "photo.jpg", b"\xff\xd8\xff" + os.urandom(100))
    write(folder, "dir.txt/inner.txt", ARTICLE.replace("4.2", "6.3"))  # a folder that looks like a file is walked
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    os.symlink("/etc/hostname", folder / "outside.txt")
    report = ingest_paths(store, [folder], pipeline=pipeline, max_bytes=1_000_000)
    by_name = {Path(f.display).name: f for f in report.files}
    for name in ("good1.txt", "good2.md", "good3.html", "inner.txt"):
        assert by_name[name].status == "ingested", by_name[name]
    for name in ("image.txt", "paper.txt", "empty.txt", "big.txt", "dangling.txt", "outside.txt"):
        assert by_name[name].status == "failed", name
        assert by_name[name].reason
    for name in ("photo.jpg", "pipe.txt"):
        assert by_name[name].status == "skipped", name
    assert "--max-bytes" in by_name["big.txt"].reason
    assert not report.ok
    assert store.stats().documents == 4
    assert len(good) == 2


def test_a_named_file_that_is_skipped_fails_the_run(store, pipeline, tmp_path):
    path = write(tmp_path, "slides.pptx", b"PK\x03\x04" + os.urandom(50))
    report = ingest_paths(store, [path], pipeline=pipeline)
    assert report.files[0].status == "skipped" and not report.ok


def test_hostile_file_name_is_reported_visibly(store, pipeline, tmp_path):
    name = "evil\x1b[2J\u202e[bold]txt.txt"
    write(tmp_path / "in", name, ARTICLE)
    lines = []
    ingest_paths(store, [tmp_path / "in"], pipeline=pipeline, on_file=lambda f: lines.append(f.line()))
    assert "\x1b" not in lines[0] and "\u202e" not in lines[0]
    assert "␛[2J⟨RLO⟩[bold]txt.txt" in lines[0]


def test_extraction_failure_costs_one_file_not_the_run(store, pipeline, tmp_path, monkeypatch):
    import workbench.nlp.extract as extract

    real_many = extract.extract_documents
    real = lambda text, excluded, pipeline: next(real_many([(text, excluded)], pipeline))

    def fragile(text, excluded, pipeline):
        if "EXPLODE" in text:
            raise RuntimeError("boom")
        return real(text, excluded, pipeline)

    def batch_fails(items, pipeline, **kwargs):
        items = list(items)
        if any("EXPLODE" in text for text, _ in items):
            raise RuntimeError("batch boom")
        return iter([real(text, excluded, pipeline) for text, excluded in items])

    monkeypatch.setattr(extract, "extract_document", fragile)
    monkeypatch.setattr(extract, "extract_documents", batch_fails)
    write(tmp_path / "in", "a.txt", ARTICLE)
    write(tmp_path / "in", "b.txt", "EXPLODE. " + ARTICLE)
    report = ingest_paths(store, [tmp_path / "in"], pipeline=pipeline)
    statuses = {Path(f.display).name: f.status for f in report.files}
    assert statuses == {"a.txt": "ingested", "b.txt": "failed"}
    assert "boom" in next(f.reason for f in report.files if f.status == "failed")
    assert store.stats().documents == 1


@pytest.mark.slow
def test_two_worker_processes_give_the_same_result(tmp_path, pipeline):
    folder = tmp_path / "in"
    for i in range(40):
        write(folder, f"a{i:02d}.txt", ARTICLE.replace("4.2", f"{i}.5").replace("300", str(100 + i)))
    one = Store.open(tmp_path / "one.db")
    two = Store.open(tmp_path / "two.db")
    ingest_paths(one, [folder], pipeline=pipeline)
    report = ingest_paths(two, [folder], jobs=2)
    assert report.ok and report.count("ingested") == 40
    project = lambda s: sorted((c.text, c.speaker, c.kind, round(c.score, 6)) for c in s.claims())
    assert project(one) == project(two)


def test_a_bug_while_reading_one_file_costs_that_file(store, pipeline, tmp_path, monkeypatch):
    import workbench.ingest.run as run

    real = run.read_article

    def fragile(candidate, **kwargs):
        if candidate.path.name == "b.txt":
            raise IndexError("list index out of range")
        return real(candidate, **kwargs)

    monkeypatch.setattr(run, "read_article", fragile)
    write(tmp_path / "in", "a.txt", ARTICLE)
    write(tmp_path / "in", "b.txt", ARTICLE.replace("4.2", "7.7"))
    report = ingest_paths(store, [tmp_path / "in"], pipeline=pipeline)
    assert [(Path(f.display).name, f.status) for f in report.files] == [("b.txt", "failed"), ("a.txt", "ingested")]
    assert "IndexError" in report.files[0].reason


@pytest.mark.slow
def test_a_broken_worker_pool_finishes_the_run_in_process(tmp_path, pipeline, monkeypatch):
    import workbench.ingest.run as run
    from procs.dying import die  # importable by the spawned workers too

    monkeypatch.setattr(run, "_worker_extract", die)
    folder = tmp_path / "in"
    for i in range(6):
        write(folder, f"a{i}.txt", ARTICLE.replace("4.2", f"{i}.9"))
    store = Store.open(tmp_path / "w.db")
    report = ingest_paths(store, [folder], jobs=2)
    assert report.ok and report.count("ingested") == 6
    assert any("worker processes stopped" in note for note in report.notes)
