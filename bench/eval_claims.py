"""What the claims are, on labelled news written for this project (tests/data/news).

    .venv/bin/python bench/eval_claims.py [--split dev|holdout|all] [--show]

The articles go through the real ingest (files -> clutter, headlines -> spaCy ->
claims -> SQLite, in a temporary database); the claims are read back and
compared with the labels of their source sentences.  Reported, per split:

- selection: the share of claims that come from sentences a fact-checker would
  check (target >= 0.75), and the share of those sentences that still yield a
  claim (target >= 0.90); claims drawn from headlines and standfirsts (target 0);
- speakers: precision, recall and F1 of the claims' speakers against the
  labelled speaker and its aliases (as in bench/eval_attribution.py);
- faithfulness: of the claims whose text is not their sentence (rewrites), the
  share that dropped a word that changes what is asserted (a negation, a
  condition, a modal or hedge, a denial or claim frame) from the part of the
  sentence they kept (target < 0.03, and 0 on this sample);
- fragments: claims of fewer than 7 words;
- context: claims marked as needing context, and how many of the labelled
  needs-context sentences are marked.

The baseline in the same run is "every sentence is a claim, no speaker", what
the queue held before claims were selected.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_attribution import same_source  # noqa: E402

NEWS = ROOT / "tests" / "data" / "news"

# Words that change the truth of what is asserted: losing one from the part of a
# sentence a claim keeps changes its meaning.
CRITICAL = frozenset(
    """not n't never no nobody none neither nor cannot without if unless whether could would may
    might should must can reportedly allegedly apparently supposedly expected likely believed
    thought understood alleged allege alleges claimed claim claims claiming denied deny denies
    denying refused refuses refusing declined declines rejected rejects disputed disputes
    predicted predicts warned warns estimated estimates suggested suggests proposed plans
    planned hopes hoped fears feared""".split()
)
_WORDS = re.compile(r"[\w']+|n't")


def critical_words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORDS.finditer(text.replace("\u2019", "'"))) if w in CRITICAL]


def dropped(sentence_part: str, claim: str) -> list[str]:
    """Critical words of the kept part of the sentence that the claim lost."""
    have = set(critical_words(claim))
    if "n't" in have:
        have.add("not")
    if "not" in have:
        have.add("n't")
    return [w for w in critical_words(sentence_part) if w not in have]


@dataclass
class Sent:
    start: int
    end: int
    label: dict


@dataclass
class Row:
    text: str
    speaker: str | None
    start: int
    end: int
    context: bool


@dataclass
class Tally:
    claims: int = 0
    from_checkworthy: int = 0
    checkworthy: int = 0
    checkworthy_with_claim: int = 0
    from_headlines: int = 0
    with_speaker: int = 0
    speaker_right: int = 0
    expected_speaker: int = 0
    expected_found: int = 0
    rewrites: int = 0
    unfaithful: int = 0
    fragments: int = 0
    context_marked: int = 0
    context_labelled: int = 0
    context_labelled_marked: int = 0
    examples: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        sel_p = self.from_checkworthy / self.claims if self.claims else 0.0
        sel_r = self.checkworthy_with_claim / self.checkworthy if self.checkworthy else 0.0
        sp = self.speaker_right / self.with_speaker if self.with_speaker else 0.0
        sr = self.expected_found / self.expected_speaker if self.expected_speaker else 0.0
        sf = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
        bad = self.unfaithful / self.rewrites if self.rewrites else 0.0
        return (
            f"  {label:<26} claims {self.claims:4d}  from check-worthy {sel_p:.3f}  check-worthy kept {sel_r:.3f}"
            f"  headline claims {self.from_headlines}\n"
            f"  {'':<26} speakers P {sp:.3f} R {sr:.3f} F1 {sf:.3f}  rewrites {self.rewrites} "
            f"(meaning changed {self.unfaithful}, {bad:.3f})  fragments {self.fragments}  "
            f"needs context {self.context_marked} (labelled {self.context_labelled}, marked "
            f"{self.context_labelled_marked})"
        )


def score(text: str, labels: dict, rows: list[Row], tally: Tally, *, show: bool) -> None:
    sents: list[Sent] = []
    pos = 0
    for label in labels["sentences"]:
        at = text.find(label["text"], pos)
        if at < 0:
            continue
        sents.append(Sent(at, at + len(label["text"]), label))
        pos = at + len(label["text"])
    heads = [text.find(h) for h in (labels.get("headline"), labels.get("standfirst")) if h]
    head_spans = [(a, a + len(h)) for a, h in zip(heads, [h for h in (labels.get("headline"), labels.get("standfirst")) if h]) if a >= 0]
    hit: set[int] = set()
    for row in rows:
        tally.claims += 1
        if any(a <= row.start < b for a, b in head_spans):
            tally.from_headlines += 1
            continue
        best = max(sents, key=lambda s: min(row.end, s.end) - max(row.start, s.start), default=None)
        if best is None or min(row.end, best.end) <= max(row.start, best.start):
            continue
        label = best.label
        hit.add(id(best))
        tally.from_checkworthy += bool(label["checkworthy"])
        if len(row.text.split()) < 7:
            tally.fragments += 1
        tally.context_marked += row.context
        # Speakers.
        gold = label.get("speaker")
        aliases = [gold, *label.get("speaker_aliases", [])] if gold else []
        if row.speaker is not None:
            tally.with_speaker += 1
            if aliases and any(same_source(row.speaker, a) for a in aliases):
                tally.speaker_right += 1
            elif show:
                tally.examples.append(f"SPEAKER {row.speaker!r} expected {gold!r}: {row.text[:120]!r}")
        # Faithfulness: the part of the sentence the claim stands on.
        sentence = text[best.start : best.end]
        if _norm(row.text) != _norm(sentence):
            tally.rewrites += 1
            part = text[max(row.start, best.start) : min(row.end, best.end)]
            lost = dropped(_kept(part, label), row.text)
            if lost:
                tally.unfaithful += 1
                tally.examples.append(f"MEANING lost {lost}: {row.text[:120]!r} <- {sentence[:160]!r}")
    for s in sents:
        label = s.label
        if label["checkworthy"]:
            tally.checkworthy += 1
            tally.checkworthy_with_claim += id(s) in hit
            if id(s) not in hit and show:
                tally.examples.append(f"MISSED check-worthy: {label['text'][:140]!r}")
        if label.get("speaker") and label["checkworthy"]:
            tally.expected_speaker += 1
            rows_here = [r for r in rows if s.start <= r.start < s.end]
            aliases = [label["speaker"], *label.get("speaker_aliases", [])]
            tally.expected_found += any(
                r.speaker and any(same_source(r.speaker, a) for a in aliases) for r in rows_here
            )
        if label.get("needs_context"):
            tally.context_labelled += 1
            tally.context_labelled_marked += any(r.context for r in rows if s.start <= r.start < s.end)


def _kept(part: str, label: dict) -> str:
    """The sentence part without its neutral frame ("X, who ..., said"), which may
    move into the speaker field with the speaker's role."""
    cue = label.get("cue")
    at = part.lower().find("according to")
    if at >= 0:
        # "C, according to X, who asked not to be named": X and its clause are the speaker.
        return part[:at] if at > len(part) / 3 else part[at:].split(",", 1)[-1]
    if label.get("frame") == "neutral" and cue:
        at = part.lower().find(cue.lower())
        names = [a for a in [label.get("speaker"), *label.get("speaker_aliases", [])] if a]
        starts = [part.find(n) for n in names if 0 <= part.find(n) < at]
        if at >= 0 and starts:
            part = part[: min(starts)] + " " + part[at + len(cue) :]
        else:
            part = re.sub(rf"\b{re.escape(cue)}\b", " ", part, flags=re.I)
    return re.sub(r"(?<=\w )No\b", " ", part)  # "the No campaign": a name


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def ingest(paths: list[Path]) -> dict[str, tuple[str, list[Row]]]:
    from workbench.ingest.run import ingest_paths
    from workbench.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        for path in paths:
            (folder / path.name).write_bytes(path.read_bytes())
        db = Path(tmp) / "eval.db"
        store = Store.open(db)
        ingest_paths(store, [folder])
        store.close()
        conn = sqlite3.connect(db)
        columns = {r[1] for r in conn.execute("PRAGMA table_info(claims)")}
        context = "c.context" if "context" in columns else "'[]'"
        rows = conn.execute(
            f"""SELECT p.path, d.text, c.text, c.speaker, c.start, c."end", {context}
                FROM claims c JOIN documents d ON d.id = c.document_id
                JOIN document_paths p ON p.document_id = d.id
                WHERE c.superseded = 0 ORDER BY p.path, c.position"""
        ).fetchall()
        conn.close()
    out: dict[str, tuple[str, list[Row]]] = {}
    for path, text, claim, speaker, start, end, ctx in rows:
        out.setdefault(Path(path).stem, (text, []))[1].append(
            Row(claim, speaker, start, end, bool(json.loads(ctx or "[]")))
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="all", choices=("dev", "holdout", "all"))
    parser.add_argument("--show", action="store_true", help="print every miss and change of meaning")
    args = parser.parse_args()
    labels = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(NEWS.glob("*.json"))}
    names = [n for n, lab in labels.items() if args.split == "all" or lab["split"] == args.split]
    stored = ingest([NEWS / f"{n}.txt" for n in names])
    ours = {"dev": Tally(), "holdout": Tally()}
    base = Tally()
    for name in names:
        text, rows = stored.get(name, ((NEWS / f"{name}.txt").read_text(encoding="utf-8"), []))
        lab = labels[name]
        score(text, lab, rows, ours[lab["split"]], show=args.show)
        every = [_sentence_row(text, s) for s in lab["sentences"]]
        score(text, lab, [r for r in every if r is not None], base, show=False)
    print(f"Labelled news ({NEWS.relative_to(ROOT)}): {len(names)} articles")
    for split, tally in ours.items():
        if tally.claims:
            print(tally.line(f"workbench, {split}"))
    print(base.line("every sentence (baseline)"))
    print("  targets: from check-worthy >= 0.75, check-worthy kept >= 0.90, meaning changed < 0.03")
    if args.show:
        for tally in ours.values():
            for line in tally.examples:
                print("   ", line)


def _sentence_row(text: str, label: dict) -> Row | None:
    at = text.find(label["text"])
    if at < 0:
        return None
    return Row(label["text"], None, at, at + len(label["text"]), False)


if __name__ == "__main__":
    main()
