"""Language processing: model loading, sentence segmentation, claim extraction, scoring.

No Textual imports here."""

from __future__ import annotations
