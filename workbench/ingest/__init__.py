"""Reading article files safely: walking, decoding, HTML, clutter and metadata.

Pure: paths in, :class:`Article` objects or clear refusals out. The runner
that stores articles lives elsewhere. No Textual or spaCy imports here.
"""

from __future__ import annotations

from workbench.ingest.clutter import find_clutter
from workbench.ingest.errors import IngestError
from workbench.ingest.files import Candidate, Refusal, read_bytes, walk
from workbench.ingest.metadata import extract_metadata
from workbench.ingest.reader import DEFAULT_MAX_BYTES, Article, read_article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "Candidate",
    "IngestError",
    "Refusal",
    "extract_metadata",
    "find_clutter",
    "read_article",
    "read_bytes",
    "walk",
]
