"""The query layer's flat view of claims: the same rows, as text cells, for tabular exports.

The same FROM, filter and reading order as every other read of claims
(:mod:`workbench.store.queries`); only the projection differs: each field as
SQL that yields text, so a CSV writer can take SQLite's bytes as they come.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.store.queries import FROM, ORDER_SQL, ClaimFilter, where
from workbench.vocab import Order

# Each field a tabular export can ask for, as SQL over the same FROM, and
# whether it is a number or a timestamp we generate (cast, never rewritten).
CELLS: dict[str, tuple[str, bool]] = {
    "id": ("c.id", True),
    "document_id": ("c.document_id", True),
    "document_title": ("d.title", False),
    "sentence": ("c.sentence", False),
    "text": ("c.text", False),
    "speaker": ("c.speaker", False),
    "kind": ("c.kind", False),
    "score": ("c.score", True),
    "tier": ("c.tier", False),
    "verdict": ("s.verdict", False),
    "note": ("s.note", False),
    "reviewer": ("s.reviewer", False),
    "decided_at": ("s.decided_at", True),
    "start": ("c.start", True),
    "end": ('c."end"', True),
    # The label from the verdict's snapshot in its event, not from today's scale.
    "verdict_label": ("CASE WHEN json_valid(s.detail) THEN json_extract(s.detail, '$.label') END", False),
    "scale": ("s.scale", False),
    "flagged": ("CASE WHEN s.flagged THEN 'yes' ELSE 'no' END", False),
    "conflict": ("CASE WHEN s.conflict THEN 'yes' ELSE 'no' END", False),
    "reasons": (
        "CASE WHEN json_valid(c.reasons) THEN "
        "(SELECT group_concat(value, '; ') FROM json_each(c.reasons)) ELSE c.reasons END",
        False,
    ),
    # Corrections: whether a reviewer's stand, and what extraction said (only then).
    "corrected": ("CASE WHEN s.correction IS NOT NULL THEN 'yes' ELSE 'no' END", False),
    "extracted_text": ("CASE WHEN json_valid(c.extracted) THEN json_extract(c.extracted, '$.text') END", False),
    "extracted_speaker": ("CASE WHEN json_valid(c.extracted) THEN json_extract(c.extracted, '$.speaker') END", False),
    # The words a claim keeps that lean on its article (empty when it reads on its own,
    # or once a reviewer reworded it).
    "context": (
        "CASE WHEN s.correction IS NOT NULL AND json_valid(s.correction) AND json_type(s.correction, '$.text') "
        "IS NOT NULL THEN NULL WHEN json_valid(c.context) AND json_array_length(c.context) > 0 THEN "
        "(SELECT group_concat(value, '; ') FROM json_each(c.context)) END",
        False,
    ),
    # Between reviewers, and the evidence: one line per source ("URL title").
    "agreement": ("s.agreement", False),
    "reviews": (
        "CASE WHEN json_valid(s.reviews) THEN (SELECT group_concat(key || ': ' || "
        "COALESCE(json_extract(value, '$.label'), json_extract(value, '$.verdict')), '; ') "
        "FROM json_each(s.reviews)) END",
        False,
    ),
    "sources": (
        "CASE WHEN json_valid(s.sources) THEN (SELECT group_concat(json_extract(value, '$.url') || "
        "COALESCE(' ' || json_extract(value, '$.title'), ''), char(10)) FROM json_each(s.sources)) END",
        False,
    ),
    "explanation": ("s.explanation", False),
    # The check-worthiness model that gave score, tier and reasons (a desk model's or the shipped one's).
    "model_version": ("c.model_version", False),
    # Seen before: "confirmed" (a reviewer confirmed a match), else the matcher's level
    # (match, suggest); the confirmed match's rating, publisher and URL; the copies of the claim.
    "seen_before": (
        "CASE WHEN s.match IS NOT NULL THEN 'confirmed' ELSE "
        "(SELECT NULLIF(level, 'none') FROM seen_status WHERE claim_id = c.id) END",
        False,
    ),
    "match_rating": (
        "CASE WHEN json_valid(s.match) THEN COALESCE(json_extract(s.match, '$.rating'), "
        "json_extract(s.match, '$.label'), json_extract(s.match, '$.verdict')) END",
        False,
    ),
    "match_publisher": ("CASE WHEN json_valid(s.match) THEN json_extract(s.match, '$.publisher') END", False),
    "match_url": ("CASE WHEN json_valid(s.match) THEN json_extract(s.match, '$.url') END", False),
    "copies": (
        "MAX(COALESCE((SELECT COUNT(*) - 1 FROM copy_groups h WHERE h.group_id = "
        "(SELECT group_id FROM copy_groups g WHERE g.claim_id = c.id)), 0), 0)",
        True,
    ),
    "outlet": ("d.outlet", False),
    "published": ("d.published", False),
    "url": ("d.url", False),
}


def plain_cells(names: Sequence[str], f: ClaimFilter) -> tuple[str, list]:
    """The plain SELECT of ``names`` (as the sqlite3 shell would print them), in reading order."""
    clause, params = where(f, walk=True)
    columns = ", ".join(CELLS[name][0] for name in names)
    return f"SELECT {columns} {FROM} WHERE {clause} ORDER BY {ORDER_SQL[Order.DOCUMENT]}", params


def text_cells(names: Sequence[str], f: ClaimFilter) -> tuple[str, list]:
    """The claims ``f`` selects, in reading order, as rows of text cells, never NULL.

    Booleans read ``yes``/``no`` and lists are joined with ``; ``; numbers are
    printed by SQLite (15 significant digits). A tabular exporter reads these
    (as bytes, even) and only quotes them.
    """
    clause, params = where(f, walk=True)
    columns = ", ".join(
        f"ifnull(CAST({CELLS[name][0]} AS TEXT), '')" if CELLS[name][1] else f"ifnull({CELLS[name][0]}, '')"
        for name in names
    )
    return f"SELECT {columns} {FROM} WHERE {clause} ORDER BY {ORDER_SQL[Order.DOCUMENT]}", params
