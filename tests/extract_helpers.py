"""Small helpers shared by the tests/test_extract_*.py files that read one text at a time."""

from __future__ import annotations

from workbench.nlp.extract import extract_document


def claims(pipeline, text: str):
    """Every draft of ``text`` as a claim, whatever its check-worthiness."""
    return extract_document(text, [], pipeline, select=False).claims


def one(found, *words):
    """The one claim whose text holds all of ``words``."""
    hits = [c for c in found if all(w.lower() in c.text.lower() for w in words)]
    assert len(hits) == 1, (words, [(c.text, c.speaker) for c in found])
    return hits[0]
