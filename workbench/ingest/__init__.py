"""Reading article files safely: walking, decoding, HTML, clutter and metadata.

No Textual imports here."""

from __future__ import annotations
