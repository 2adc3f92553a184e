"""Rewrites judged by reading, scored by script: how many of the claims' rewrites are wrong.

    .venv/bin/python bench/eval_rewrites.py [--show]

Needs ``../shared/data/polnear`` (PolNeAR train articles, US news the project did
not write).  ``bench/data/rewrites_judged.tsv`` holds a reader's verdict on each
rewrite an earlier extractor made on some of those articles: the article's file
name, a hash of the sentence and a hash of the claim text (lower-cased, runs of
other non-word characters as one space, quotation marks kept), and "right" or "wrong".  No article text is
kept in the project.

A rewrite is a claim whose words are not all a run of its sentence's words (a
pronoun written out, a description named, a frame moved to the speaker field,
quotes joined).  The articles go through the real ingest into a temporary
database; each rewrite now made is looked up by (article, sentence, claim):

- judged wrong and still made: a wrong rewrite the rules have not fixed;
- judged right and still made;
- not judged: a rewrite the judged extractor did not make (read these with
  ``--show`` and add verdicts to the file);
- judged, no longer made: the rules now leave the sentence as written or write
  it another way.

The verdicts were written for extract-11's and extract-12's rewrites on train
articles 650-860 and extract-13's on 560-600 and 260-300; the rules of each version were
written from those articles, so a low rate here is optimistic: a slice read for
the first time is the honest measure.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

JUDGED = ROOT / "bench" / "data" / "rewrites_judged.tsv"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _key_text(text: str) -> str:
    """What a verdict is about: the words and where the quotation marks stand."""
    marks = re.sub("[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    return re.sub(r"\s+", " ", re.sub(r'[^\w"]+', " ", marks)).strip().lower()


def digest(text: str) -> str:
    return hashlib.sha1(_key_text(text).encode()).hexdigest()[:16]


def read_judged(path: Path) -> dict[tuple[str, str, str], str]:
    verdicts: dict[tuple[str, str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        article, sentence, claim, verdict = line.split("\t")
        verdicts[(article, sentence, claim)] = verdict
    return verdicts


def rewrites(db: Path) -> list[tuple[str, str, str]]:
    """(article, sentence, claim text) of every claim that is not a run of its sentence."""
    con = sqlite3.connect(db)
    out = []
    for path, sentence, text in con.execute(
        "SELECT p.path, c.sentence, c.text FROM claims c JOIN document_paths p ON p.document_id = c.document_id "
        "WHERE c.superseded = 0 ORDER BY p.path, c.position"
    ):
        if _norm(text) not in _norm(sentence):
            out.append((Path(path).name, sentence, text))
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each unjudged and each wrong rewrite")
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        sys.exit(f"{POLNEAR}: not found (PolNeAR train text is needed)")
    from workbench.ingest.run import ingest_paths
    from workbench.nlp.extract import EXTRACTOR_VERSION
    from workbench.nlp.model import load_pipeline
    from workbench.store import Store

    verdicts = read_judged(JUDGED)
    articles = sorted({a for a, _, _ in verdicts})
    before = Counter(verdicts.values())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for name in articles:
            shutil.copy(POLNEAR / name, folder / name)
        db = Path(tmp) / "eval.db"
        store = Store.open(db)
        ingest_paths(store, [folder], pipeline=load_pipeline(None))
        store.close()
        made = rewrites(db)
    seen: set[tuple[str, str, str]] = set()
    tally: Counter[str] = Counter()
    shown: list[str] = []
    for article, sentence, text in made:
        key = (article, digest(sentence), digest(text))
        verdict = verdicts.get(key, "unjudged")
        seen.add(key)
        tally[verdict] += 1
        if args.show and verdict != "right":
            shown.append(f"{verdict.upper()}\t{article}\n  S: {sentence}\n  C: {text}")
    gone = Counter(v for k, v in verdicts.items() if k not in seen)
    judged = tally["right"] + tally["wrong"]
    print(f"PolNeAR train: {len(articles)} articles, verdicts on {len(verdicts)} rewrites, {before['wrong']} of "
          f"them wrong (extract-11's rewrites, and later ones added as read)")
    print(f"  {EXTRACTOR_VERSION}: {len(made)} rewrites; judged {judged}: wrong {tally['wrong']} "
          f"({tally['wrong'] / max(1, judged):.3f}), right {tally['right']}; not judged {tally['unjudged']}")
    print(f"  judged rewrites no longer made: {gone['wrong']} wrong, {gone['right']} right")
    print("  target: fewer than 3% of rewrites wrong (unjudged rewrites are not counted; read them with --show)")
    for line in shown:
        print(line)


if __name__ == "__main__":
    main()
