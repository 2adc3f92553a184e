"""Sentences and standalone, attributed claims from stored document text.

    extract_documents(items, pipeline)  -> one Extraction per (text, excluded) item
    extract_document(text, excluded, pipeline) -> Extraction

Flow per document: segment.plan() cuts the text outside the excluded (clutter)
spans into paragraph chunks; the chunks of many documents stream through one
``nlp.pipe``; each document's chunks are then read in order with one memory of
mentions and speakers (discourse.py), so a pronoun or a bare quote can reach back
into earlier paragraphs.  claims.py reads a parsed sentence (rules_blank.py when
there is no parser), kinds.py names the kind, and the check-worthiness scorer
(checkworthy.score_claim) gives score, tier and reasons.

What counts as a claim, the attribution rules and the kinds rule are documented
in claims.py and kinds.py.  Caps: a sentence record is at most
``segment.SENTENCE_CAP`` characters (longer sentences are split at whitespace and
give no claims); a claim's text is at most ``CLAIM_CAP``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from workbench.nlp import grammar, segment, select, statements, turns
from workbench.nlp.claims import Draft, ListFrame, SentencePlan, SentenceReader
from workbench.nlp.coref import Discourse, Speaker
from workbench.nlp.kinds import classify
from workbench.nlp.quotes import find_quotes
from workbench.nlp.render import speaker_label
from workbench.records import ClaimRecord, Entity, ExcludedSpan, Extraction, SentenceRecord
from workbench.safetext import clip

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from workbench.nlp.model import Pipeline

EXTRACTOR_VERSION = "extract-27"
CLAIM_CAP = 400
ENTITY_LABELS = frozenset("PERSON NORP ORG GPE LOC FAC PRODUCT EVENT LAW DATE TIME PERCENT MONEY QUANTITY CARDINAL".split())
_WORD = re.compile(r"\w")
_ITEM_MARK = re.compile(r"^(?:\d{1,3}[.)]|[a-zA-Z][.)]|[-*+\u2022\u25aa\u25e6\u2023])\s*")

Scorer = Callable[..., tuple[float, str, list[str]]]


def extract_document(
    text: str, excluded: list[ExcludedSpan], pipeline: Pipeline, *, select: bool = True
) -> Extraction:
    """Sentences and claims of one document (see extract_documents)."""
    return next(extract_documents([(text, excluded)], pipeline, select=select))


def extract_documents(
    items: Iterable[tuple[str, list[ExcludedSpan]]],
    pipeline: Pipeline,
    *,
    batch_size: int = 256,
    select: bool = True,
) -> Iterator[Extraction]:
    """One Extraction per input item, in the same order, streaming.

    The chunks of consecutive documents are parsed in shared ``nlp.pipe`` batches;
    a document is yielded as soon as its last chunk is parsed. Chunks are
    paragraphs, much shorter than whole texts, so batches are large.

    With ``select`` false every draft becomes a claim, whatever its
    check-worthiness (select.py): the sentence reader's own output, for tests
    and evaluations of attribution.
    """
    pending: deque[tuple[str, list[segment.Chunk]]] = deque()

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for text, excluded in items:
            text = text or ""
            chunks = segment.plan(text, excluded or ())
            parsed = [c for c in chunks if c.parse]
            pending.append((text, chunks))
            if not parsed:
                yield "", (0, 0)  # keeps the document's place in the stream
            for k, chunk in enumerate(parsed):
                yield chunk.feed, (k, len(parsed))

    scorer = _scorer()
    docs: list[Doc] = []
    for doc, (k, total) in pipeline.nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        if total:
            docs.append(doc)
        if k + 1 >= total:
            text, chunks = pending.popleft()
            yield _Document(text, chunks, docs, pipeline, scorer, select=select).extract()
            docs = []


_PLAIN_KINDS = frozenset(("quote", "event"))
def _statement(sent: Span) -> bool:
    """A predicate that is not a capitalised name mistaken for a verb ("Omar Said")."""
    if not statements.has_predicate(sent):
        return False
    root = sent.root
    return root.is_lower or root.i == sent.start


def _may_carry(draft: Draft, current: Speaker) -> bool:
    """Whether a bare quote may take the newest speaker: not when its sentence gives it to
    what cannot speak or to a pronoun of another sort ('"...," they said' after North Korea),
    nor when words leading into it have another subject ("the protesters chanted:")."""
    mention, lead = current.mention, draft.lead
    if not draft.carry or draft.pronoun is not None and mention is not None and mention.kind != draft.pronoun and not (
        draft.pronoun == "group" and mention.label == "ORG"
    ):
        return False
    if lead is None or lead.lower() in ("he", "she"):
        return True
    return lead.lower() in {w.lower() for w in re.findall(r"[\w'\u2019-]+", current.text)}


def _scorer() -> Scorer | None:
    """checkworthy.score_claim; a missing model is an error (model.require_scorer), never
    claims that all score 0.  Benchmarks swap this out to time extraction without it."""
    from workbench.nlp import checkworthy
    from workbench.nlp.model import require_scorer

    require_scorer()
    return checkworthy.score_claim


def _scorer_version(scorer: Scorer | None) -> str:
    """The version each claim records as the model that scored it ("" when none did)."""
    from workbench.nlp import checkworthy

    return checkworthy.MODEL_VERSION if scorer is checkworthy.score_claim else ""


class _Document:
    def __init__(
        self,
        text: str,
        chunks: list[segment.Chunk],
        docs: list[Doc],
        pipeline: Pipeline,
        scorer: Scorer | None,
        *,
        select: bool = True,
    ) -> None:
        self.text = text
        self.chunks = chunks
        self.docs = docs
        self.parsed = pipeline.has_parser
        self.scorer = scorer
        self.scorer_version = _scorer_version(scorer)
        self.select = select
        self.memory = Discourse()
        self.sentences: list[SentenceRecord] = []
        self.claims: list[ClaimRecord] = []
        self.frame: ListFrame | None = None  # a sentence ending in ":" whose items may follow
        self.last_end = 0  # end of the last parsed chunk
        # "Hewitt writes:" ending a paragraph: the next paragraph is Hewitt's words.
        self.introduced: tuple[int, str] | None = None

    def extract(self) -> Extraction:
        docs = iter(self.docs)
        self.turns = turns.transcript_turns(self.text, self.chunks)
        self.memory.read_names(self.text[: segment.PARSE_BUDGET], self.docs)
        for para, name in turns.signed_paragraphs(self.text, self.chunks).items():
            self.turns.setdefault(para, name)
        for chunk in self.chunks:
            if turns.section_break(self.text, chunk.start, chunk.end):
                self.memory.new_section()
            if chunk.parse:
                self._chunk(chunk, next(docs))
            else:
                for start, end in segment.pseudo_sentences(self.text, chunk.start, chunk.end):
                    self._sentence(start, end)
        return Extraction(self.sentences, self.claims)

    def _sentence(self, start: int, end: int) -> int:
        idx = len(self.sentences)
        self.sentences.append(SentenceRecord(idx, start, end, self.text[start:end]))
        return idx

    def _chunk(self, chunk: segment.Chunk, doc: Doc) -> None:
        text = self.text
        base = chunk.start
        doc.user_data["workbench_text"] = chunk.feed  # what was parsed: doc.text without rebuilding it
        if self.frame is not None:
            if self._list_item(chunk, doc, self.frame):
                self._list_items(chunk, doc, self.frame)
                self.last_end = chunk.end
                return
            self.frame = None
        self.last_end = chunk.end
        carry = self._carried_speaker(chunk.para)
        reader = self._reader(doc, base, chunk.para)
        introduced, self.introduced = self.introduced, None
        if introduced is not None and introduced[0] == chunk.para - 1 and getattr(reader, "turn", None) is None and (
            not segment.LIST_MARKER.match(text, chunk.start)
        ):
            reader.turn = introduced[1]
        plans: list[tuple[Span, int, SentencePlan]] = []
        for sent in doc.sents:
            pieces = segment.cap_span(text, base + sent.start_char, base + sent.end_char)
            pieces = [p for p in pieces if _WORD.search(text, p[0], p[1])]
            if not pieces:
                continue
            idx = self._sentence(*pieces[0])
            for piece in pieces[1:]:
                self._sentence(*piece)
            if len(pieces) == 1:
                plans.append((sent, idx, reader.read(sent, idx)))

        # Bare quotes: the speaker of the same quotation later in the paragraph
        # (or of an attribution-only sentence right after it: '"..." Mr Law
        # added.'), else the newest speaker before it (this paragraph, then the
        # one before).
        by_quote: dict[int, str] = {}
        for k, (_, _, plan) in enumerate(plans):
            if not plan.speaker:
                continue
            for draft in plan.drafts:
                if draft.direct and draft.quote is not None:
                    by_quote.setdefault(draft.quote.open, plan.speaker)
            if plan.fragment and k > 0:
                for draft in plans[k - 1][2].drafts:
                    if draft.direct and draft.quote is not None and draft.speaker is None:
                        by_quote.setdefault(draft.quote.open, plan.speaker)
        current = carry
        for sent, idx, plan in plans:
            for draft in plan.drafts:
                if draft.direct and draft.speaker is None:
                    found = by_quote.get(draft.quote.open) if draft.quote is not None else None
                    speaker = found or (current.text if current and _may_carry(draft, current) else None)
                    if speaker:
                        draft.speaker = speaker
                        draft.attributed = True
                        draft.carried = found is None
                        current = Speaker(speaker, current.mention if current and not found else None,
                                          chunk.para, idx)
                        self.memory.last_speaker = current
            if plan.speaker:
                current = Speaker(plan.speaker, plan.speaker_mention, chunk.para, idx)
            first = len(self.claims)
            for draft in plan.drafts:
                self._claim(doc, base, sent, idx, draft)
            if plan.frame is not None:
                plan.frame.intro = self.claims[first:]
            self.frame = plan.frame
        if introduced is not None and reader.turn == introduced[1] and any(p.drafts for _, _, p in plans):
            # The introduced paragraph's speaker is the newest: a quote carried on in the
            # paragraph after it is theirs too.
            self.memory.last_speaker = Speaker(introduced[1], None, chunk.para, plans[-1][1])
        if plans and plans[-1][2].opens and plans[-1][2].speaker and self.frame is None:
            self.introduced = (chunk.para, plans[-1][2].speaker)

    def _list_item(self, chunk: segment.Chunk, doc: Doc, frame: ListFrame) -> bool:
        """A line that is an item of the list its previous sentence announced ("- Millbrook").

        The first item may follow a blank line; later ones must carry a list
        marker like the first, or follow on the next line.  A Markdown heading ends
        the list."""
        words = sum(1 for t in doc if not t.is_punct and not t.is_space)
        if words == 0 or words > 12 or not self.parsed:
            return False
        if self.text.startswith("#", chunk.start):
            return False
        if any(_statement(sent) for sent in doc.sents):
            return False
        bullet = bool(segment.LIST_MARKER.match(self.text, chunk.start))
        if frame.items == 0:
            frame.bullet = bullet
            return bullet or words <= 6
        if frame.bullet:
            return bullet
        gap = self.text[self.last_end : chunk.start]
        return words <= 6 and gap.count("\n") <= 1

    def _list_items(self, chunk: segment.Chunk, doc: Doc, frame: ListFrame) -> None:
        """One claim per list line, built on the announcing sentence's frame."""
        base = chunk.start
        if frame.intro:
            # The items say it all; "The following stations will reopen." is not a claim.
            dropped = {id(c) for c in frame.intro}
            self.claims = [c for c in self.claims if id(c) not in dropped]
            frame.intro = []
        for sent in doc.sents:
            pieces = segment.cap_span(self.text, base + sent.start_char, base + sent.end_char)
            pieces = [p for p in pieces if _WORD.search(self.text, p[0], p[1])]
            if not pieces:
                continue
            idx = self._sentence(*pieces[0])
            for piece in pieces[1:]:
                self._sentence(*piece)
            item = _ITEM_MARK.sub("", grammar.tidy(grammar.sent_text(sent)))
            if not item or len(pieces) > 1:
                continue
            start, end = self._trimmed_tokens(doc, sent)
            draft = Draft(start, end, frame.claim(item.rstrip(".;,")), None, (start, end), parts=[(start, end)],
                          speaker=frame.speaker, attributed=frame.speaker is not None)
            self._claim(doc, base, sent, idx, draft, kind=frame.kind)
        frame.items += 1

    def _trimmed_tokens(self, doc: Doc, sent: Span) -> tuple[int, int]:
        start, end = sent.start, sent.end
        while start < end and (doc[start].is_punct or doc[start].is_space or _ITEM_MARK.fullmatch(doc[start].text)):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return (start, end) if start < end else (sent.start, sent.end)

    def _reader(self, doc: Doc, base: int, para: int):
        quotes = find_quotes(doc)
        if self.parsed:
            reader = SentenceReader(doc, quotes, self.memory, base, para)
            label = self.turns.get(para)
            if label is not None:
                reader.turn = self._turn_speaker(label)
            return reader
        from workbench.nlp.rules_blank import RuleReader

        return RuleReader(doc, quotes, self.memory, base, para)

    def _turn_speaker(self, label: str) -> str:
        """ "PENCE" in a transcript: the fuller name the article gave ("Mike Pence"), if any."""
        name = " ".join(w if not w.isupper() or len(w) <= 2 else w.title() for w in label.split())
        fuller = self.memory.full_name(name.split()[-1]) if name else None
        return fuller.speaker if fuller is not None else name

    def _carried_speaker(self, para: int) -> Speaker | None:
        """Who a quote opening this paragraph would belong to, from the paragraph before."""
        last = self.memory.last_speaker
        if last is not None and last.para < para - 1:
            last = None
        person = self.memory.person_subject_in(para - 1)
        if person is not None and (last is None or person.sent > last.sent):
            return Speaker(person.speaker, person, person.para, person.sent)
        return last

    def _claim(self, doc: Doc, base: int, sent: Span, idx: int, draft: Draft, kind: str | None = None) -> None:
        start = base + doc[draft.start].idx
        last = doc[draft.end - 1]
        end = base + last.idx + len(last.text)
        text = clip(draft.text, CLAIM_CAP)
        if kind is None:
            kind = classify(
                doc, draft.content[0], draft.content[1], draft.head,
                direct=draft.direct, attributed=draft.speaker is not None, text=draft.text,
            )
            if draft.held is not None and kind not in ("prediction", "opinion"):
                # Judged as kinds.py judges reported content: a modal in what is held decides first.
                held = classify(
                    doc, draft.held[0], draft.held[1], draft.held_head,
                    direct=False, attributed=draft.speaker is not None, text=grammar.chars(doc, *draft.held),
                )
                if held in ("prediction", "opinion") or kind in _PLAIN_KINDS and held not in _PLAIN_KINDS:
                    kind = held
        entities = self._entities(doc, base, sent, draft)
        draft.speaker = speaker_label(draft.speaker)
        score, tier, reasons = 0.0, "low", []
        if self.scorer is not None:
            score, tier, reasons = self.scorer(
                sent, kind=kind, speaker=draft.speaker, entities=entities, claim_text=text,
                position=idx, direct_quote=draft.direct,
            )
            if self.select and not select.keep(score):
                return
        self.claims.append(
            ClaimRecord(
                sentence_idx=idx, text=text, start=start, end=end, kind=kind,
                speaker=draft.speaker, score=score, tier=tier, reasons=list(reasons),
                entities=entities, extractor_version=EXTRACTOR_VERSION,
                unresolved=list(dict.fromkeys(draft.unresolved)), model_version=self.scorer_version,
            )
        )

    def _entities(self, doc: Doc, base: int, sent: Span, draft: Draft) -> list[Entity]:
        parts = draft.parts or [(draft.start, draft.end)]
        out: list[Entity] = []
        seen: set[tuple[int, int]] = set()
        for mention in draft.extra:
            if not mention.label:
                continue
            start, end = mention.phrase_span()
            if (start, end) not in seen:
                seen.add((start, end))
                out.append(Entity(self.text[start:end], mention.label, start, end))
        for ent in grammar.sent_ents(sent):
            if ent.label_ not in ENTITY_LABELS:
                continue
            if not any(ent.start < b and a < ent.end for a, b in parts):
                continue
            start = base + ent.start_char
            end = base + ent.end_char
            if (start, end) in seen:
                continue
            seen.add((start, end))
            out.append(Entity(self.text[start:end], ent.label_, start, end))
        return out
