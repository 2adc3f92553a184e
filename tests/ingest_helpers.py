"""Small helpers shared by the tests/test_ingest_*.py files (each test builds its own files)."""

from __future__ import annotations

import os
from pathlib import Path

from workbench.ingest import Article, Candidate, IngestError, Refusal, read_article, walk

ARTICLE = (
    "Council raises minimum wage for contractors\n\n"
    "The city council voted on Tuesday to raise the minimum wage for municipal contractors "
    "to $18 an hour, the first increase since 2019.\n\n"
    "About 4,200 workers employed by cleaning and security firms will be affected, the council said.\n"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def candidate(path: Path, root: Path | None = None) -> Candidate:
    return Candidate(path, root, str(path))


def outcome(item: Candidate | Refusal, **kwargs: int) -> Article | Refusal:
    """Walk result -> Article, or a Refusal (from the walk or from reading)."""
    if isinstance(item, Refusal):
        return item
    try:
        return read_article(item, **kwargs)
    except IngestError as exc:
        return Refusal(item.path, item.display, exc.status, exc.reason)


def ingest_all(*paths: Path, all_files: bool = False, **kwargs: int) -> dict[str, Article | Refusal]:
    """Every outcome of walking ``paths``, keyed by file name (names are unique in these tests)."""
    return {Path(item.path).name: outcome(item, **kwargs) for item in walk(paths, all_files=all_files)}


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
