"""read_article end to end: formats, offsets true to the stored text, speed-safe on giant lines."""

from __future__ import annotations

import pickle
from pathlib import Path

from ingest_helpers import ARTICLE, candidate, write
from workbench.ingest import Article, IngestError, read_article


def test_markdown_is_kept_as_is_with_clutter_spans(tmp_path: Path) -> None:
    md = ("# Drought cuts olive oil output\n\n![Dry groves](img/a.jpg)\n\n"
          "Output fell by **half**, the [ministry](https://example.org) said on Monday.\n\n---\n\n"
          "[Other story](https://example.org/b)\n")
    article = read_article(candidate(write(tmp_path / "a.md", md)))
    assert article.format == "markdown"
    assert article.text == md
    assert {article.text[s.start:s.end]: s.reason for s in article.excluded} == {
        "# Drought cuts olive oil output": "headline",  # document metadata, never a claim
        "![Dry groves](img/a.jpg)": "media",
        "---": "horizontal rule",
        "[Other story](https://example.org/b)": "links",
    }
    assert article.metadata.title == "Drought cuts olive oil output"


def test_article_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    article = read_article(candidate(path))
    assert isinstance(article, Article)
    assert article.size == len(ARTICLE.encode()) and len(article.sha256) == 64
    assert article.text == ARTICLE and article.format == "text" and article.encoding == "utf-8"
    assert article.metadata.title == "Council raises minimum wage for contractors"
    # Articles cross process boundaries in a parallel ingest.
    assert pickle.loads(pickle.dumps(article)) == article


def test_errors_pickle_with_their_fields() -> None:
    err = pickle.loads(pickle.dumps(IngestError("failed", "empty file")))
    assert (err.status, err.reason) == ("failed", "empty file")


def test_two_megabyte_line_without_punctuation_passes(tmp_path: Path) -> None:
    line = ("word " * 420_000)[:2_000_000]
    article = read_article(candidate(write(tmp_path / "giant.txt", line)))
    assert article.text == line and article.excluded == []
    page = "<html><body><p>" + line + "</p></body></html>"
    article = read_article(candidate(write(tmp_path / "giant.html", page)))
    assert article.text == line.strip()
