"""A real database whose desk has a taste of its own, for the learning tests of every layer.

Articles mix lines on topics this desk checks (budgets, unemployment, hospitals)
with lines it dismisses (weather, football, gossip). The shipped scores given
to the claims know nothing of that taste (random, seeded), so a desk model
fitted on the desk's decisions beats them in cross-validation, and one fitted
on shuffled decisions does not.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from store_helpers import FakeArticle, extraction_for
from workbench.records import Metadata
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store

CHECKED = ("budget deficit billion", "unemployment rate percent", "hospital waiting list")
DISMISSED = ("weather sunny mild", "football match goal", "celebrity gossip party")
SHIPPED = "cw-test+r0"  # the version the test extraction records as the shipped model's


def checked(text: str) -> bool:
    return any(topic.split()[0] in text for topic in CHECKED)


def add_articles(store: Store, documents: int, *, lines: int = 12, seed: int = 1, start: int = 0) -> list[int]:
    """``documents`` articles of ``lines`` claims each, with seeded shipped scores; their ids."""
    rng = random.Random(seed)
    ids = []
    for d in range(start, start + documents):
        text = "\n".join(
            f"Line {i} about {rng.choice(CHECKED + DISMISSED)} {rng.randint(1, 99)} now." for i in range(lines)
        ) + "\n"
        extraction = extraction_for(text)
        for claim in extraction.claims:
            claim.score = round(rng.random(), 4)
            claim.tier = "high" if claim.score >= 0.639 else "medium" if claim.score >= 0.4918 else "low"
            claim.reasons = ["contains a number"]
            claim.model_version = SHIPPED
        article = FakeArticle(Path(f"articles/desk{d}.txt"), text, Metadata(title=f"Desk article {d}"))
        ids.append(store.store_document(article, extraction, model="test", extractor_version="test-1").document_id)
    return ids


def decide(store: Store, claim_ids: list[int], *, reviewer: str = "ana", shuffled: bool = False, seed: int = 3) -> None:
    """Verdicts on the claims this desk checks, dismissals of the others (or at random)."""
    rng = random.Random(seed)
    for claim_id in claim_ids:
        claim = store.claim(claim_id)
        worth = rng.random() < 0.5 if shuffled else checked(claim.text)
        if worth:
            store.set_verdict(claim_id, "true", scale=DEFAULT_SCALE, reviewer=reviewer)
        else:
            store.dismiss(claim_id, scale=DEFAULT_SCALE, reviewer=reviewer)


_TEMPLATES: dict[tuple, Path] = {}
_TEMPLATE_DIR = tempfile.TemporaryDirectory(prefix="desk-templates-")  # removed at exit


def make_desk_db(path: Path, *, documents: int = 30, decided: int = 200, shuffled: bool = False) -> Store:
    """A database of ``documents`` articles, the first ``decided`` claims (by id) decided.

    Each kind is built once per test session and copied (a copy is the same
    database, its id included, as a restored backup would be).
    """
    key = (documents, decided, shuffled)
    template = _TEMPLATES.get(key)
    if template is None:
        template = Path(_TEMPLATE_DIR.name) / f"desk-{documents}-{decided}-{int(shuffled)}.db"
        with Store.open(template) as store:
            add_articles(store, documents)
            decide(store, sorted(store.claim_ids())[:decided], shuffled=shuffled)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATES[key] = template
    shutil.copyfile(template, path)
    return Store.open(path)
