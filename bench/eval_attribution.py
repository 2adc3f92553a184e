"""Who said it: the claims' speakers against human attribution annotations (PolNeAR).

    .venv/bin/python bench/eval_attribution.py [--split dev|train] [--limit N] [--errors FILE]

PolNeAR (Newell, Margolin and Ruths, LREC 2018) is 924 US political news articles
with every attribution annotated: Source, Cue and Content spans.  The articles of a
split go through the real ingest (files -> clutter -> spaCy -> claims -> SQLite,
in a temporary database); the claims are then read back from the store and
compared with the annotations.  Nothing here is trained on the data.

Definitions (per article; an article annotated twice uses its first annotation file):

- A claim *covers* an annotated Content when their character spans overlap by at
  least half of the shorter of the two.  A multi-sentence quote is covered by
  each of its sentences' claims.
- A predicted speaker is *right* for a Content when it names the annotated
  Source: the same surname or name word (titles and determiners dropped), or for
  a description ("a spokesman", "sources", "the president") the same head noun,
  in the prediction's description or role ("President Barack Obama").  A pronoun Source
  ("he", "they", "who") counts as the person it refers to: the prediction must
  name one of the two most recent named Sources annotated before it in the
  article, or, for "who"/"which", the noun phrase the pronoun hangs on.
- precision = claims whose speaker is right / claims with a speaker.  A claim
  with a speaker that covers no annotated Content counts as wrong (an
  attribution the annotators did not see); ``lenient`` leaves those out.
- recall = (Content, covering claim) pairs whose claim has the right speaker /
  all such pairs.  Contents with no Source ("Attribution-no-source") expect no
  speaker: a claim there with a speaker is wrong, without one is right.
- coverage = annotated Contents covered by at least one claim / all Contents.
- speech recall = recall over the pairs whose annotated cue is a verb of speech
  ("said", "told", "according to", ...) and whose Source is a person or an
  organisation, not a poll, a document or a quantity: the attributions the product
  promises a speaker for.  PolNeAR also annotates beliefs and acts ("supports",
  "voted for", "a poll shows"), which the product does not give a speaker by design.

The baseline in the same run is "nearest name": each claim's speaker is the
closest PERSON or ORG entity before or in its sentence when the sentence has a
speech verb, which is what a plain NER heuristic gets.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "polnear"

PRONOUNS = frozenset(
    "he she they it we i you his her their its him them us me who which that this these those one".split()
)
DROP = frozenset(
    """the a an mr mrs ms miss dr prof sen rep gov lt gen col sgt rev president senator governor
    former said says of and 's ’s""".split()
)
SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|announced|according|claimed|claims|argued|"
    r"wrote|writes|reported|reports|tweeted|warned|noted|explained|insisted|believes|thinks|"
    r"suggested|denied|confirmed|estimated)\b",
    re.I,
)


# Titles before a name and the role each abbreviates.
TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "sec": "secretary",
          "pres": "president", "atty": "attorney", "capt": "captain", "sgt": "sergeant", "prof": "professor"}


@dataclass
class Attribution:
    source: str | None
    source_start: int
    contents: list[tuple[int, int]]
    cue: str = ""
    referents: list[str] = field(default_factory=list)  # names a pronoun Source may stand for

    @property
    def start(self) -> int:
        return min(a for a, _ in self.contents)

    @property
    def end(self) -> int:
        return max(b for _, b in self.contents)


@dataclass
class Claim:
    start: int
    end: int
    speaker: str | None
    text: str


def parse_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, ranges = parts[1].split(" ", 1)
            offsets = [tuple(map(int, r.split())) for r in ranges.split(";")]
            spans[parts[0]] = (kind, offsets, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E"):
            roles: dict[str, list[str]] = {}
            for item in parts[1].split(" "):
                if ":" in item:
                    role, ref = item.split(":", 1)
                    roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:
        contents = [r for ref in roles.get("Content", []) if ref in spans for r in spans[ref][1]]
        if not contents:
            continue
        source = next((spans[r] for r in roles.get("Source", []) if r in spans), None)
        cue = " ".join(spans[r][2] for r in roles.get("Cue", []) if r in spans)
        out.append(
            Attribution(source[2] if source else None, source[1][0][0] if source else -1, contents, cue)
        )
    return out


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’.-]+", text.lower()) if w.strip(".") and w.strip(".") not in DROP]


def name_key(text: str) -> set[str]:
    """The words that identify a source: capitalised name words, else the head noun."""
    caps = [w.strip(".,") for w in re.findall(r"\b[A-Z][\w'’.-]*", text)]
    caps = [w.lower().removesuffix("'s").removesuffix("’s") for w in caps]
    caps = [w for w in caps if w.strip(".") and w.strip(".") not in DROP and w not in PRONOUNS]
    if caps:
        return set(caps)
    ws = words(text)
    if not ws:
        # "The governor", "the president": a description whose head is a title word
        # is still that description (its head, not an empty key that matches nothing).
        ws = [w for w in re.findall(r"[\w'’.-]+", text.lower()) if w.strip(".") not in ("the", "a", "an", "said", "of", "and")]
    return {ws[-1].removesuffix("s")} if ws else set()


def same_source(predicted: str, gold: str) -> bool:
    p, g = name_key(predicted), name_key(gold)
    if not p or not g:
        return False
    # A surname or organisation word in common ("Mook" / "Robby Mook", "the Clinton campaign").
    if p & g:
        return True
    # A description in the annotation ("the president", "the mega donor") that the
    # prediction names with the same role word ("President Barack Obama").
    if not re.search(r"\b[A-Z]", gold.strip()[1:] if gold.strip()[:1].isupper() else gold):
        head = sorted(g)
        spoken = {w.strip(".,").removesuffix("s") for w in re.findall(r"[\w'’.-]+", predicted.lower())}
        spoken |= {TITLES[w] for w in spoken if w in TITLES}  # "Sen. Bernie Sanders" is "the senator"
        if len(head) == 1 and head[0] in spoken:
            return True
    return False


def resolve_pronouns(text: str, attributions: list[Attribution]) -> None:
    named = sorted(
        (a for a in attributions if a.source and a.source.lower().strip() not in PRONOUNS),
        key=lambda a: a.source_start,
    )
    for a in attributions:
        if not a.source or a.source.lower().strip() not in PRONOUNS:
            continue
        low = a.source.lower().strip()
        if low in ("who", "which", "that"):
            before = text[max(0, a.source_start - 120) : a.source_start].rstrip(" ,")
            a.referents = [before[-60:]]
            continue
        earlier: list[str] = []
        person = low in ("he", "she", "his", "her", "him")
        for b in reversed(named):
            if b.source_start >= a.source_start:
                continue
            if person and not _person_like(b.source):
                continue
            key = frozenset(name_key(b.source))
            if any(frozenset(name_key(x)) == key for x in earlier):
                continue
            earlier.append(b.source)
            if len(earlier) == 2:
                break
        a.referents = earlier


_THINGS = re.compile(
    r"\b(?:poll|polls|survey|study|studies|report|reports|data|figures|analysis|ad|video|statement|letter|"
    r"campaign|committee|party|department|agency|newspaper|times|post|journal|network|group|court|"
    r"administration|government|council|commission|foundation|center|institute|university|"
    r"republicans|democrats|voters|people|officials|experts|groups|members|leaders)\b",
    re.I,
)


def _person_like(source: str) -> bool:
    """A named person or a singular role ("the senator"): what "he" or "she" can stand for."""
    if _THINGS.search(source):
        return False
    return bool(re.search(r"\b[A-Z][a-z]", source)) or bool(re.search(r"\b(?:the|a)\s+\w+$", source.strip(" ,")))


def right(speaker: str | None, attribution: Attribution) -> bool:
    if attribution.source is None:
        return speaker is None
    if speaker is None:
        return False
    if attribution.referents:
        return any(same_source(speaker, r) for r in attribution.referents)
    if attribution.source.lower().strip() in PRONOUNS:
        return False
    return same_source(speaker, attribution.source)


def covers(claim: Claim, attribution: Attribution) -> bool:
    overlap = sum(max(0, min(claim.end, b) - max(claim.start, a)) for a, b in attribution.contents)
    length = sum(b - a for a, b in attribution.contents)
    return overlap > 0 and overlap * 2 >= min(claim.end - claim.start, length)


@dataclass
class Tally:
    with_speaker: int = 0
    right_speaker: int = 0
    stray: int = 0  # claims with a speaker covering no annotated content
    pairs: int = 0
    pairs_right: int = 0
    contents: int = 0
    covered: int = 0
    claims: int = 0
    pronoun_pairs: int = 0
    pronoun_right: int = 0
    speech_pairs: int = 0  # pairs whose cue is a verb of speech and whose source can speak
    speech_right: int = 0
    errors: list[str] = field(default_factory=list)

    def scores(self, lenient: bool = False) -> tuple[float, float, float]:
        denominator = self.with_speaker - (self.stray if lenient else 0)
        p = self.right_speaker / denominator if denominator else 0.0
        r = self.pairs_right / self.pairs if self.pairs else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_article(name: str, text: str, claims: list[Claim], attributions: list[Attribution], tally: Tally) -> None:
    tally.contents += len(attributions)
    tally.claims += len(claims)
    covered: set[int] = set()
    for claim in claims:
        hits = [k for k, a in enumerate(attributions) if covers(claim, a)]
        covered.update(hits)
        for k in hits:
            tally.pairs += 1
            ok = right(claim.speaker, attributions[k])
            tally.pairs_right += ok
            if attributions[k].referents and attributions[k].source.lower().strip() in ("he", "she", "they", "it"):
                tally.pronoun_pairs += 1
                tally.pronoun_right += ok
            if _speech_by_speaker(attributions[k]):
                tally.speech_pairs += 1
                tally.speech_right += ok
            if not ok:
                a = attributions[k]
                gold = a.source if not a.referents else f"{a.source} -> {' | '.join(a.referents)}"
                tally.errors.append(
                    f"{name}\tMISS\tpred={claim.speaker!r}\tgold={gold!r}\tcue={a.cue!r}\t{claim.text[:160]!r}"
                )
        if claim.speaker is None:
            continue
        tally.with_speaker += 1
        if not hits:
            tally.stray += 1
            tally.errors.append(f"{name}\tSTRAY\tpred={claim.speaker!r}\t{claim.text[:160]!r}")
            continue
        # Nested attributions: right when any annotated Content it covers has this source.
        tally.right_speaker += any(right(claim.speaker, attributions[k]) for k in hits)
    tally.covered += len(covered)


_DOCUMENTS = re.compile(
    r"\b(?:poll|polls|polling|survey|surveys|study|studies|report|reports|data|figures|analysis|ad|ads|video|"
    r"statement|statements|letter|memo|document|documents|filing|filings|records|results|tweet|tweets|post|"
    r"article|book|transcript|website|page|email|emails|estimates|count|law|order|ruling|complaint)\b",
    re.I,
)
_QUANTITY = re.compile(r"\d|%|\b(?:percent|half|third|quarter|majority|majorities|most|many|some|several|none)\b", re.I)


def _speech_by_speaker(a: Attribution) -> bool:
    """A cue of speech ("said", "told", "according to") whose source is a person or an
    organisation: the attributions the product promises a speaker for. Not a poll, a
    report, a quantity of voters or a non-speech cue ("supports", "voted for")."""
    if a.source is None or not SPEECH.search(a.cue or ""):
        return False
    source = a.referents[0] if a.referents else a.source
    return not _QUANTITY.search(source) and not _DOCUMENTS.search(source)


def nearest_name_baseline(text: str, claims: list[Claim], nlp) -> list[Claim]:
    out = []
    doc = nlp(text)
    names = [(e.start_char, e.text) for e in doc.ents if e.label_ in ("PERSON", "ORG")]
    for c in claims:
        speaker = None
        if SPEECH.search(text[c.start : c.end]):
            before = [n for s, n in names if s < c.end]
            speaker = before[-1] if before else None
        out.append(Claim(c.start, c.end, speaker, c.text))
    return out


@dataclass
class StageTally:
    """Each attribution stage on its own (attribution/cues.py, sources.py, content.py)."""

    predicted_cues: int = 0
    cue_hits: int = 0
    gold_cues: int = 0
    gold_found: int = 0
    source_checked: int = 0
    source_right: int = 0
    content_overlap: float = 0.0
    content_checked: int = 0

    def lines(self) -> list[str]:
        cp = self.cue_hits / self.predicted_cues if self.predicted_cues else 0.0
        cr = self.gold_found / self.gold_cues if self.gold_cues else 0.0
        sp = self.source_right / self.source_checked if self.source_checked else 0.0
        co = self.content_overlap / self.content_checked if self.content_checked else 0.0
        return [
            f"  stages: cues P {cp:.3f} R {cr:.3f} (verb and 'according to' cues: {self.gold_cues})",
            f"          sources: the source phrase holds the cue's source in {sp:.3f} of {self.source_checked} found cues",
            f"          content: token overlap (Dice) with the annotated content {co:.3f} over {self.content_checked}",
        ]


def stage_eval(text: str, attributions: list[Attribution], pipeline, tally: StageTally) -> None:
    """Run the attribution stages on the article's parsed paragraphs and compare them
    with the annotations, stage by stage."""
    from workbench.ingest.clutter import find_clutter
    from workbench.nlp import attribution, segment
    from workbench.nlp.claims import _scan
    from workbench.nlp.quotes import find_quotes

    gold_cues = [(a, _cue_span(text, a)) for a in attributions]
    gold_cues = [(a, c) for a, c in gold_cues if c is not None and _verbish(text[c[0] : c[1]])]
    tally.gold_cues += len(gold_cues)
    found_gold: set[int] = set()
    chunks = [c for c in segment.plan(text, find_clutter(text)) if c.parse]
    for chunk, doc in zip(chunks, pipeline.nlp.pipe([c.feed for c in chunks])):
        quotes = find_quotes(doc)
        for sent in doc.sents:
            _, candidates = _scan(sent, quotes.inside)
            for attr in attribution.find(sent, candidates, quotes.inside):
                start = chunk.start + attr.cue.idx
                tally.predicted_cues += 1
                hit = next((k for k, (_, c) in enumerate(gold_cues) if c[0] <= start < c[1]), None)
                if hit is None:
                    continue
                tally.cue_hits += 1
                found_gold.add(hit)
                gold = gold_cues[hit][0]
                if attr.source is not None and gold.source is not None:
                    tally.source_checked += 1
                    at = chunk.start + attr.source.idx
                    length = len(gold.source)
                    tally.source_right += gold.source_start <= at < gold.source_start + length
                if attr.content is not None:
                    a = chunk.start + doc[attr.content[0]].idx
                    last = doc[attr.content[1] - 1]
                    b = chunk.start + last.idx + len(last)
                    tally.content_checked += 1
                    tally.content_overlap += _dice((a, b), gold.contents)
    tally.gold_found += len(found_gold)


def _cue_span(text: str, a: Attribution) -> tuple[int, int] | None:
    if not a.cue:
        return None
    first = a.cue.split()[0]
    lo = max(0, a.start - 400)
    hi = min(len(text), a.end + 400)
    at = text.find(first, lo, hi)
    return (at, at + len(a.cue)) if at >= 0 else None


def _verbish(cue: str) -> bool:
    return bool(re.search(r"[a-z]", cue)) and not cue.strip().startswith(("'s", "\u2019s"))


def _dice(span: tuple[int, int], gold: list[tuple[int, int]]) -> float:
    overlap = sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in gold)
    total = (span[1] - span[0]) + sum(b - a for a, b in gold)
    return 2 * overlap / total if total else 0.0


def annotations_for(split: Path, stem: str) -> Path | None:
    files = sorted((split / "attributions").glob(f"{stem}_*.ann"))
    return files[0] if files else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--errors", type=Path, help="write every wrong speaker here, one per line")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--stages", action="store_true", help="also measure each attribution stage on its own")
    args = parser.parse_args()

    split = args.data / args.split
    if not (split / "text").is_dir():
        sys.exit(f"eval_attribution: no PolNeAR {args.split} split at {split} (see the README's data section)")
    texts = sorted((split / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]

    from workbench.ingest.run import ingest_paths
    from workbench.nlp.model import load_pipeline
    from workbench.store import Store

    pipeline = load_pipeline(None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for path in texts:
            (folder / path.name).write_bytes(path.read_bytes())
        store = Store.open(Path(tmp) / "eval.db")
        began = time.perf_counter()
        ingest_paths(store, [folder], pipeline=pipeline)
        seconds = time.perf_counter() - began
        conn = sqlite3.connect(Path(tmp) / "eval.db")
        rows = conn.execute(
            """SELECT p.path, d.text, c.start, c."end", c.speaker, c.text
               FROM claims c JOIN documents d ON d.id = c.document_id
               JOIN document_paths p ON p.document_id = d.id
               WHERE c.superseded = 0 ORDER BY p.path, c.position"""
        ).fetchall()
        store.close()
        conn.close()

    by_doc: dict[str, tuple[str, list[Claim]]] = {}
    for path, text, start, end, speaker, claim_text in rows:
        stem = Path(path).stem
        by_doc.setdefault(stem, (text, []))[1].append(Claim(start, end, speaker, claim_text))

    ours, base = Tally(), Tally()
    stages = StageTally()
    mismatched = 0
    for path in texts:
        stem = path.stem
        ann = annotations_for(split, stem)
        if ann is None:
            continue
        original = path.read_text(encoding="utf-8")
        text, claims = by_doc.get(stem, (original, []))
        if text != original:
            mismatched += 1  # offsets would not line up with the annotation; skip the article
            continue
        attributions = parse_ann(ann)
        resolve_pronouns(text, attributions)
        score_article(stem, text, claims, attributions, ours)
        if not args.no_baseline:
            score_article(stem, text, nearest_name_baseline(text, claims, pipeline.nlp), attributions, base)
        if args.stages:
            stage_eval(text, attributions, pipeline, stages)

    print(f"PolNeAR {args.split}: {len(texts)} articles, {ours.contents} annotated contents, "
          f"{ours.claims} claims, ingest {seconds:.1f} s ({pipeline.label()})")
    if mismatched:
        print(f"  {mismatched} articles skipped: stored text differs from the file")
    print(f"  coverage: {ours.covered / max(1, ours.contents):.3f} of annotated contents covered by a claim")
    header = f"  {'':<22}{'P':>7}{'R':>7}{'F1':>7}{'P lenient':>11}{'F1 lenient':>12}"
    print(header)
    for label, t in (("workbench", ours), ("nearest name (base)", base)):
        if label.startswith("nearest") and args.no_baseline:
            continue
        p, r, f = t.scores()
        pl, _, fl = t.scores(lenient=True)
        print(f"  {label:<22}{p:7.3f}{r:7.3f}{f:7.3f}{pl:11.3f}{fl:12.3f}")
    print(f"  claims with a speaker: {ours.with_speaker} ({ours.stray} cover no annotated content); "
          f"(content, claim) pairs: {ours.pairs}")
    print(f"  coref: pronoun sources (he/she/they/it) named right in {ours.pronoun_right}/{ours.pronoun_pairs} pairs")
    print(f"  speech cues with a person or organisation source: recall {ours.speech_right / max(1, ours.speech_pairs):.3f}"
          f" ({ours.speech_right}/{ours.speech_pairs} pairs; the rest of the pairs are polls, reports, quantities"
          " and cues that are not speech)")
    print("  reference: BBC Citron about 0.80 F1 in this measurement (issue 10); target >= 0.85")
    if args.stages:
        for line in stages.lines():
            print(line)
    if args.errors:
        args.errors.write_text("\n".join(ours.errors) + "\n", encoding="utf-8")
        print(f"  {len(ours.errors)} errors written to {args.errors}")


if __name__ == "__main__":
    main()
