"""Identity: of a database (its random id and the audit chain's genesis), and of a claim.

A claim's identity is its document's lineage, its sentence and its text, each
normalised, and which occurrence of that pair it is. It is what lets a claim
keep its id, its verdicts and its history when the article is re-ingested as a
new version or extraction runs again: the same sentence and text in the same
document is the same claim.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata


def new_db_id() -> str:
    return secrets.token_hex(16)


def genesis_hash(db_id: str) -> str:
    """The hash the first event links to: a log cannot be moved to another database unnoticed."""
    return hashlib.sha256(f"workbench-genesis:{db_id}".encode()).hexdigest()


def normalise(text: str) -> str:
    """Text as claim identity sees it: Unicode-normalised, case-folded, spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:!?\"'\u201c\u201d\u2018\u2019")


def claim_identity(lineage: int, sentence: str, claim: str, occurrence: int) -> str:
    key = "\x1f".join((str(lineage), normalise(sentence), normalise(claim), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
