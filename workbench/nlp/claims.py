"""The claims of one parsed sentence, as drafts (speakers of bare quotes come later).

Size: one module on purpose.  ``SentenceReader.read`` applies the rules below in
this order, and each drafting method is one of them; split across modules, the
order of the rules would no longer be readable in one place.  What is not the
order (coreference, text pieces, the records) lives in references.py, render.py
and drafts.py.

Faithful before clever: a claim states only what its sentence states.  The
stages (attribution/, quotes.py, coref.py, lists.py) find who said what; this
module decides what the claim text is.

1. Not a claim: no letter or digit, web-page furniture, a question, a line with
   no statement in it (no subject with a finite verb: headings, imperatives such
   as "Skip to content", captions), a sentence that only agrees with someone
   else's view ("X shares a similar view"), a saying verb that is negated with
   nothing said ("He has not said"), and a sentence that only introduces speech
   ("Mr Law added.", "Earlier, she told BBC Radio 4's Today programme:"): its
   speaker goes to the quotation beside it (extract.py).
2. Direct quotes: quoted text that opens the sentence, continues a quote from
   the sentence before, follows "said:" / "told X,", or is most of the sentence,
   becomes a claim of the speaker's own words, never rewritten; a quote split by
   its attribution ('"A," she said, "but B."') is one claim.
3. Reported content: only a neutral frame ("said", "told", "added",
   "announced", "according to") moves into the speaker field.  "X said (that) C",
   "C, X said", "As X reported, C" and "C, said X, D" (the sentence without the
   aside) become the claim C by X when C stands alone, the cue is in
   the main clause, its speaker can speak, and nothing around the cue changes
   the truth of C (negation, a modal, a condition, a hedge, a governing verb:
   see attribution/content.py).
4. Everything else is the whole sentence: "The BBC denied it had lost a bidding
   war" stays a denial, "Letwin predicted ... if Labour was re-elected" keeps its
   condition, "Napier won £2,450 after he claimed ..." keeps the award.  A main
   clause cue that can speak gives the sentence its speaker ("X denied ...": X);
   "it is believed", "is said to" and a quantity ("Another 7% said") give none.
   Sentence-linking words are dropped ("But", "also", ", meanwhile,"), a leading
   label is dropped ("A:", "Analysis:"), a list of named items splits into one
   claim per item (lists.py), and a designation that leaves its role unsaid right
   after one that said it gets it in brackets ("It also designated X" -> "The
   United States designated X [as a global terrorist]").
5. Words that lean on context: a pronoun or a definite description ("it",
   "they", "the company", "the minister") is replaced only when coref.py is sure
   of what it means (a pronoun in reported content that agrees with its speaker:
   "The ministry said it would ..."; a subject carried on from the sentence
   before).  Otherwise the words stay as the article has them and the claim is
   marked as needing context (``Draft.unresolved``).  Quoted words are never
   rewritten.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from workbench.nlp import attribution, grammar, lexicon, lists, statements
from workbench.nlp.attribution import Attribution, cues
from workbench.nlp.attribution import content as contents
from workbench.nlp.coref import Mention, Speaker
from workbench.nlp.drafts import Draft, ListFrame, SentencePlan
from workbench.nlp.kinds import classify
from workbench.nlp.quotes import MARKS, Quote
from workbench.nlp.references import (
    CARRY_ON, CONTEXT_WORDS, PRONOUN_GENDER, PRONOUN_KIND, References, bare_description, can_speak, in_fronted_content,
    possessive,
)
from workbench.nlp.render import after_label, asks, before_stop, final_colon, label, singular_verb, strip_possessive

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Draft", "ListFrame", "SentencePlan", "SentenceReader"]

_WORD = re.compile(r"\w")
_QUOTE_MIN_WORDS = 3


class SentenceReader(References):
    """Reads the sentences of one parsed chunk, in order, against the document's memory."""


    # ------------------------------------------------------------------ entry

    def read(self, sent: Span, number: int) -> SentencePlan:
        """Drafts for ``sent`` (the document's sentence ``number``); updates memory."""
        subjects, candidates = _scan(sent, self.quotes.inside)
        self._remember(sent, number, subjects)
        if not self._claimable_text(sent):
            return SentencePlan([])
        if self.turn is not None:
            return self._turn(sent)
        quoted = self.quotes.quotes_in(sent.start, sent.end)
        found = attribution.find(
            sent, candidates, self.quotes.inside, known_name=self.memory.known_name
        )
        direct = _join_split_quotes(self.doc, [r for r in quoted if self._direct(sent, r, found)], quoted)
        if not direct:
            # 'Obama said "it gets me mad" every time ...': a quotation too short to stand
            # alone; the cue still says who speaks, but the sentence stays whole.
            found = [a if not (a.content is None and a.quoted_content) else _partial(a) for a in found]
        plan = SentencePlan([])
        named: dict[int, tuple[str | None, Mention | None]] = {}
        for attr in found:
            named[attr.cue.i] = self._speaker(attr, number) if attr.speaks else (None, None)
        main = next((a for a in found if a.main), None)
        if main is not None and not _reports_speech(main):
            # "Clinton did not mention Trump by name, but told city leaders that ...": the
            # same speaker's cue that reports speech, not the negated one. (Another
            # subject's cue, "X will show it, but critics warn ...", speaks for its own
            # clause only.)
            main = next(
                (a for a in found if a.main and _reports_speech(a) and a.source is not None
                 and main.source is not None and a.source.i == main.source.i),
                main,
            )
        if main is not None and _reports_speech(main):
            plan.speaker, plan.speaker_mention = named[main.cue.i]
            if plan.speaker:
                self.memory.last_speaker = Speaker(plan.speaker, plan.speaker_mention, self.para, number)

        silent = main is not None and _reports_speech(main) and not main.speaks and not main.impersonal
        # '"...," they said' with "they" unresolved: only a speaker of that sort may be carried on
        pronoun = PRONOUN_KIND.get(main.source.lower_) if main is not None and main.speaks else None
        for first, end, gap in direct:
            draft = self._quote_draft(first, end, gap)
            if draft is None:
                continue
            draft.quote = self._quote_at(first)
            draft.speaker = plan.speaker
            if draft.speaker is None:
                # "after Mr. Trump had said, '...'": the cue that introduces the quotation
                # says whose words they are, whichever clause it is in.
                beside = self._introducing(sent, first, end, found)
                if beside is not None:
                    draft.speaker = named[beside.cue.i][0]
            draft.attributed = draft.speaker is not None
            if plan.speaker is None:
                draft.carry = not silent
                draft.pronoun = pronoun
                lead = self._lead_subject(sent, first)
                draft.lead = lead.text if lead is not None else None
            plan.drafts.append(draft)

        covered = [(a - 1, b + 1) for a, b, _ in direct]
        for attr in found:
            speaker, mention = named[attr.cue.i]
            if not attr.moves or not speaker or any(_overlaps(attr.content, c) for c in covered):
                continue
            if sum(c.dep_ == "nsubj" and c.i < attr.cue.i for c in attr.cue.children) > 1:
                # "Most voters in Alabama, Georgia and Virginia said ...", parsed with two
                # subjects: the speaker phrase would lose part of itself; keep the sentence.
                continue
            draft = self._reported_draft(attr, speaker, mention, number, plan)
            if draft is not None:
                plan.drafts.append(draft)
                covered.append(attr.content)

        opener = self._introducing(sent, direct[0][0], direct[0][1], found) or main if direct else None
        if opener is not None:
            narrative = _narrative_before(sent, opener.cue, direct[0][0], self.quotes.inside, covered[len(direct):])
            if narrative is not None:
                # "Trump won 35 percent in New Hampshire, and he told supporters: '...'":
                # the writer's own statement before the quotation is a claim too.
                plan.drafts[:0] = self._plain_drafts(sent, number, span=narrative)
        if plan.drafts:
            return plan
        if not statements.has_predicate(sent) or self._echo(sent):
            return plan
        if main is not None and self._introduces(sent, main):
            plan.fragment = True  # its speaker goes to the quotation beside it
            plan.opens = final_colon(self.doc, sent, sent.start) is not None
            return plan
        if main is not None and main.cue.lower_ in cues.SPEECH_ACTS and main.content is None:
            if any(c.dep_ == "neg" for c in main.cue.children) and not any(
                c.dep_ in ("dobj", "prep") for c in main.cue.children
            ):
                return plan  # "He has not said": nothing was claimed
        for draft in self._plain_drafts(sent, number, plan):
            if main is not None and plan.speaker:
                draft.speaker = plan.speaker
                draft.attributed = True
            if main is not None and main.content is not None and len(draft.parts) == 1:
                # "X estimates that the harvest could fall by 35%": the kind is that of what
                # X holds (a prediction), though the claim keeps X's frame.
                draft.held, draft.held_head = main.content, main.content_head
            plan.drafts.append(draft)
        if plan.drafts:
            for attr in found:
                speaker, mention = named[attr.cue.i]
                if speaker and _reported_aside(attr):
                    # "Clinton was booed when she said Sanders' attack was an attack on
                    # Obama": the sentence stays the writer's, and what was said is a
                    # claim of its own, made by its speaker.
                    draft = self._reported_draft(attr, speaker, mention, number)
                    # Only words the speaker stands for are put in: a pronoun the memory
                    # gives to someone else here ("O'Malley, who noted that he ...") is
                    # one this clause's grammar does not settle.
                    if draft is not None and all(m is mention for m in draft.extra):
                        plan.drafts.append(draft)
        return plan

    def _turn(self, sent: Span) -> SentencePlan:
        """A sentence of a transcript turn: the speaker's own words, as they are."""
        plan = SentencePlan([], speaker=self.turn)
        doc = self.doc
        start, end = self._trim(sent.start, sent.end)
        start = after_label(doc, start, end)
        if start >= end or not statements.has_predicate(sent):
            return plan
        text = grammar.finish(grammar.render(doc, start, end))
        if not text or asks(text):
            return plan
        head = _head_within(doc, start, end)
        draft = Draft(start, end, text, head, (start, end), direct=True, attributed=True, speaker=self.turn,
                      parts=[(start, end)])
        subject = grammar.subject_of(head, depth=1) if head is not None else None
        if subject is not None and start <= subject.i < end and subject.lower_ in CONTEXT_WORDS:
            draft.unresolved.append(subject.text)
        plan.drafts.append(draft)
        return plan

    # ------------------------------------------------------------------ filters

    def _claimable_text(self, sent: Span) -> bool:
        text = grammar.sent_text(sent)
        if not _WORD.search(text):
            return False
        if lexicon.BOILERPLATE.search(text):
            return False
        return not statements.is_question(sent, text)

    def _echo(self, sent: Span) -> bool:
        """ "X shares a similar view", "Y echoes this view": agreement, not a claim."""
        root = sent.root
        for child in root.children:
            if child.dep_ == "dobj" and child.lower_ in lexicon.STANCE_NOUNS:
                return any(g.lower_ in lexicon.ECHO_DETERMINERS for g in child.children)
        return False

    def _introduces(self, sent: Span, main: Attribution) -> bool:
        """The sentence only says who speaks: "Mr Law added.", "She told the BBC:",
        "She said her proposals mean:" (the content is what follows)."""
        doc = self.doc
        if main.frame != cues.NEUTRAL and main.cue.lower_ not in cues.SPEECH_ACTS:
            return False
        colon = final_colon(doc, sent, sent.start)
        if colon is not None and (main.content is None or main.content[1] <= colon + 1):
            return True
        if main.content is not None:
            return False
        cue = main.cue
        inside = self.quotes.inside
        if any(not (t.is_punct or t.is_space or inside[t.i]) and not (cue.left_edge.i <= t.i <= cue.right_edge.i)
               for t in sent):
            return False  # words outside the attribution: the sentence says more than who speaks
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass", "punct", "aux", "auxpass", "advmod", "npadvmod", "cc"):
                continue
            if child.dep_ in ("dative", "dobj") and cue.lower_ in ("told", "tells", "tell", "telling") and (
                not any(t.tag_ in grammar.FINITE_TAGS for t in child.subtree)
            ):
                continue  # the person told
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "at", "to", "during", "after", "before", "from") and (
                not any(t.tag_ in grammar.FINITE_TAGS for t in child.subtree)
            ):
                continue  # "said in a statement", "told reporters on Tuesday"
            if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lower_ in ("speaking", "addressing", "writing"):
                continue
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _WHEN_MARKS for m in child.children) and (
                not any(t.lower_ in cues.CUE_VERBS for t in child.subtree)
            ):
                continue  # "US Senator Jeff Sessions said as he launched the process."
            return False
        return cue.lower_ in cues.NEUTRAL_VERBS or cue.lower_ in ("continued", "explained", "insisted")

    # ------------------------------------------------------------------ speakers

    def _speaker(self, attr: Attribution, number: int) -> tuple[str | None, Mention | None]:
        """Who is speaking, named as the article names them, or (None, None)."""
        subject = attr.source
        assert subject is not None
        low = subject.lower_
        kind = PRONOUN_KIND.get(low)
        if kind is not None:
            gender = PRONOUN_GENDER.get(low, "")
            mention, sure = self.memory.resolve_sure(
                kind, number, self.base + subject.idx, quoted_ok=False, gender=gender, about="speaker",
            )
            if mention is not None and kind == "thing" and not sure:
                # "It said ...": a report three sentences back, when the company the
                # parse took for a person spoke last; "he said" has news style's
                # convention to lean on (the last man who spoke), "it" has none.
                return None, None
            if (
                mention is not None and kind == "person" and attr.frame != cues.NEUTRAL
                and self.memory.rival_in_paragraph(mention, gender, self.para)
            ):
                # A new paragraph's "He implied a judge was biased", after a paragraph that
                # named two men: who implied it is not said ("he said" carries a speaker on).
                return None, None
            if mention is not None and kind == "person" and self.memory.subject_pronoun_before(subject, mention):
                return None, None
            if mention is not None and kind == "person" and self.memory.other_gender_clue(mention, gender, number):
                return None, None  # "Reines asked the reporter to join him ... She sent": Labott, not Reines
            if mention is not None and kind == "group" and self.memory.pair_before(subject, mention):
                # "As Johnson and Weld stumped ..., they were recognized, they said": the pair
                # the sentence names, not the voters of the sentence before.
                return None, None
            if mention is not None and attr.content is not None and (
                self.base + self.doc[attr.content[0]].idx <= mention.start < self.base + subject.idx
            ) and not _named_subject(mention, attr.content_head):
                mention = None  # "Among the dead were a 71-year-old man ..., he said": spoken of, not speaking
            if mention is not None and in_fronted_content(subject, mention) and not _named_subject(
                mention, attr.content_head
            ):
                mention = None  # "If Trump doesn't win, he said he would ...": the condition is what was said
            if mention is None and kind == "person":
                # "..., he said" far from the person's last mention: the article's
                # most recent speaker of that gender is who news style means.
                mention = self.memory.recent_speaker(number, gender)
            if mention is None or mention.kind not in ("person", "group", "thing") or not can_speak(mention):
                return None, None
            if mention.head is not None and bare_description(mention.head):
                # "the admiral chuckled. '...,' he said": Admiral Harris, as named before
                described = self.memory.describe(mention.head, number, mention.start)
                if described is not None:
                    return described.speaker, mention
            return mention.speaker, mention
        text = _speaker_name(subject)
        owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in lexicon.POSSESSIVE_PRONOUNS), None)
        if owner is not None:
            # "Its chief executive, David Henderson" -> "Water UK's chief executive, ..."
            referent = self._referent(lexicon.POSSESSIVE_PRONOUNS[owner.lower_], owner, number, None)
            if referent is not None and text.lower().startswith(owner.lower_ + " "):
                text = possessive(referent.text) + text[len(owner.text):]
        if attr.according is not None and subject.ent_type_ not in ("PERSON",):
            whole_text = grammar.span_text(self.doc, subject.left_edge.i, subject.right_edge.i + 1)
            if len(whole_text) <= 160 and not any(self.quotes.inside[i] for i in range(subject.left_edge.i, subject.right_edge.i + 1)):
                text = strip_possessive(whole_text)
        name = grammar.name_of(subject)
        if subject.tag_ in ("NNP", "NNPS") or subject.is_title and subject.tag_ in ("RB", "JJ") and (
            self.memory.known_name(subject.text)
        ):
            fuller = self.memory.full_name(name)
            if fuller is not None and not any(c.dep_ == "appos" for c in subject.children):
                return fuller.speaker, fuller
        described = self._described(subject, number)
        if described is not None:
            return described.speaker, described
        kind = grammar.mention_kind(subject) or "thing"
        known = self.memory.by_name.get(subject.lower_) if subject.is_title else None
        if kind == "thing" and known is not None:
            kind = known.kind  # "Jolly said", the surname tagged as an adverb, after "Rep. David Jolly"
        mention = self._mention(subject, kind, number, subject=True)
        return label(text) or None, mention

    def _described(self, head: Token, number: int) -> Mention | None:
        """ "the company" for EMI, "the minister" for the minister named earlier: the
        named mention a bare definite description stands for, when there is just one."""
        if bare_description(head):
            return self.memory.describe(head, number, self.base + head.idx)
        names = _modified_role(head)
        if names is None:
            return None
        # "the Vermont senator" for "Vermont Sen. Bernie Sanders": a speaker field only,
        # and only a person whose role and place or party the article has given.
        return self.memory.describe(head, number, self.base + head.idx, names=names)


    # ------------------------------------------------------------------ quotes

    def _direct(self, sent: Span, rng: tuple[int, int], attributions: list[Attribution]) -> bool:
        doc = self.doc
        first, end = rng
        words = sum(1 for i in range(first, end) if not doc[i].is_punct and not doc[i].is_space)
        if words < _QUOTE_MIN_WORDS:
            return False
        if not any(doc[i].tag_ in grammar.VERB_TAGS for i in range(first, end)):
            return False
        opening = first - 1
        if opening < sent.start:
            return True  # the quote carries on from an earlier sentence
        before = [t for t in doc[sent.start : opening] if not t.is_space]
        if not before or all(t.is_punct for t in before):
            return True
        head = _head_within(doc, first, end)
        subject = grammar.subject_of(head) if head is not None else None
        inside = self.quotes.inside
        last = next((i for i in range(opening - 2, max(sent.start, opening - 12) - 1, -1) if inside[i]), None)
        split = last is not None and _attribution_only(doc, last + 2, opening)  # '"The budget," said X, "is ..."'
        if split:
            begin = last
            while begin > sent.start and inside[begin - 1]:
                begin -= 1
            split = not _titled(doc, begin)
        if doc[first].is_lower and not split and (
            doc[first].tag_ in ("VBZ", "VBD", "MD")  # a quote that opens on its verb
            or doc[first].dep_ == "mark"  # '"because what could have been ...": the rest of a sentence
            or subject is not None and subject.i < opening
            or subject is None and head is not None and head.tag_ in ("VBZ", "VBD")
        ):
            return False  # 'and Ms. Warren, she said, "exposes him ..."': the quote is her predicate
        if before[-1].text in (":", ",") and self._runs_to_end(sent, end):
            return True
        sentence_words = sum(1 for t in sent if not t.is_punct and not t.is_space)
        return words >= 6 and words * 2 >= sentence_words and not any(
            a.content and a.content[0] <= first and end <= a.content[1] for a in attributions
        )

    def _introducing(self, sent: Span, first: int, end: int, found: list[Attribution]) -> Attribution | None:
        """The attribution whose cue directly introduces the quotation [first, end):
        'X had said, "..."' (only the cue's own words between it and the opening mark)
        or '"...," said X' (only punctuation between the closing mark and the cue)."""
        doc = self.doc
        for attr in found:
            if not attr.speaks:
                continue
            cue = attr.cue
            if cue.i < first:
                gap = [t for t in doc[cue.i + 1 : first - 1] if not t.is_space]
                if gap and gap[-1].text in (",", ":") and len(gap) <= 8 and all(
                    t.is_punct or cue.left_edge.i <= t.i <= cue.right_edge.i for t in gap
                ) and not any(t.tag_ in grammar.VERB_TAGS for t in gap):
                    return attr
            elif cue.i >= end:
                gap = [t for t in doc[end : cue.i] if not t.is_space and not t.is_punct]
                source = attr.source
                if all(source is not None and source.left_edge.i <= t.i <= source.right_edge.i for t in gap):
                    return attr
        return None

    def _lead_subject(self, sent: Span, first: int) -> Token | None:
        """ 'they will hold banners proclaiming: "..."': the subject of words of the
        sentence itself that lead into the quotation, if any."""
        doc = self.doc
        before = [t for t in doc[sent.start : first - 1] if not t.is_space and not self.quotes.inside[t.i]]
        if not before or before[-1].text not in (":", ","):
            return None
        if not any(t.tag_ in grammar.VERB_TAGS for t in before):
            return None
        return next((t for t in before if t.dep_ in ("nsubj", "nsubjpass")), None)

    def _runs_to_end(self, sent: Span, end: int) -> bool:
        return all(t.is_punct or t.is_space for t in self.doc[end : sent.end])

    def _quote_at(self, first: int) -> Quote | None:
        for quote in self.quotes.quotes:
            if quote.first <= first < quote.close:
                return quote
        return None

    def _quote_draft(self, first: int, end: int, gap: tuple[int, int] | None) -> Draft | None:
        start, end = self._trim(first, end)
        if start >= end:
            return None
        skip = set(range(*gap)) if gap else set()
        text = grammar.finish(grammar.render(self.doc, start, end, skip=skip), capitalise=False)
        if not text or asks(text):
            return None
        head = _head_within(self.doc, start, gap[0] if gap else end)
        parts = [(start, gap[0]), (gap[1], end)] if gap else [(start, end)]
        draft = Draft(start, end, text, head, (start, end), direct=True, parts=parts)
        subject = grammar.subject_of(head, depth=1) if head is not None else None
        if subject is not None and start <= subject.i < end and subject.lower_ in CONTEXT_WORDS:
            draft.unresolved.append(subject.text)  # the speaker's own words are never rewritten
        return draft

    # ------------------------------------------------------------------ reported speech

    def _reported_draft(
        self,
        attr: Attribution,
        speaker: str | None,
        speaker_mention: Mention | None,
        number: int,
        plan: SentencePlan | None = None,
    ) -> Draft | None:
        assert attr.content is not None
        start, end = attr.content
        opener = self.doc[start]
        if opener.lower_ == "that" and opener.dep_ != "nsubj" and start + 1 < end and any(
            t.dep_ in ("nsubj", "nsubjpass") and t.head.i == opener.head.i for t in self.doc[start + 1 : end]
        ):
            # "told the board that he supported ...", parsed with "that" as an object of
            # the clause: the complementiser, not a word of what was said
            start += 1
        subst: dict[int, str] = {}
        skip: set[int] = set()
        extra: list[Mention] = []
        unresolved: list[str] = []
        head = attr.content_head
        if head is not None:
            subject = grammar.subject_of(head)
            if subject is not None and start <= subject.i < end:
                # "The ministry said it would ...": "it" is the ministry. But in
                # "It was the worst quake, according to the agency" the source
                # is not what the sentence is about.
                # In a clause of its own ("The bridge was closed after the council said
                # that its cables were corroded") the speaker is not what the words are about.
                # Said before the speaker is named ('when Bush ran, he "wrapped himself in
                # Reagan's mantle," Lichtman said'), "he" is someone already talked about.
                about = None if attr.according is not None or not _root_cue(attr) or subject.i < attr.cue.i and (
                    attr.source is not None and subject.i < attr.source.i
                ) else speaker_mention
                self._resolve_into(subject, number, subst, skip, extra, unresolved, about)
        if attr.according is not None:
            a, b = attr.according
            # 'Despite his "brash personality," X wrote, Lazar is ...': the quotation's own
            # comma and closing mark stay with it; only the attribution goes.
            skip.update(i for i in range(a, b) if not (self.quotes.inside[i] or self.doc[i].text in MARKS))
            subject = grammar.subject_of(head) if head is not None else None
            if start < a and self.doc[a].text == "," and self.doc[b - 1].text == "," and (
                subject is not None and subject.i >= b
            ) and self.doc[a - 1].tag_ not in ("CC", "IN", "DT", "WDT"):
                skip.discard(a)  # "In particular, he said, the foundation had ...": one comma stays
        # "said A, but that B", "said that A and that B": the second clause reads without
        # its "that".  Not in "According to aides, she worried that A, and that B", where
        # both belong to "worried", which stays.
        dropped = head is not None and any(
            g.dep_ == "mark" and g.lower_ == "that" and g.i < start for g in head.children
        )
        complement = head is not None and (dropped or attr.according is None)
        for child in (*attr.cue.children, *(head.children if complement else ())):
            if not start <= child.i < end or child is head:
                continue
            if child.dep_ == "conj":
                skip.update(g.i for g in child.children if g.dep_ == "mark" and g.lower_ == "that")
            first = child.left_edge
            if dropped and child.dep_ in ("conj", "ccomp") and first.lower_ == "that" and first.i > start and (
                self.doc[first.i - 1].dep_ == "cc"
            ):
                skip.add(first.i)  # the second "that" parsed as a determiner ("and that talk ... masked")
        last = next((t for t in reversed(self.doc[start:end]) if not t.is_punct and not t.is_space), None)
        if last is not None and last.dep_ in ("nsubj", "nsubjpass") and not start <= last.head.i < end:
            # '..., and when asked whether ..., he said, "I hope not."': the content ran on into
            # the clause of another cue; it ends before that clause.
            cut = last.i
            while cut > start and self.doc[cut - 1].is_punct:
                cut -= 1
            # and with it a clause that only leads into that cue ("and when asked whether ...")
            leads = [t for t in self.doc[start:cut] if t.dep_ == "conj" and t.tag_ in grammar.VERB_TAGS
                     and cut <= t.right_edge.i + 2]
            if leads:
                cut = min(t.left_edge.i for t in leads)
            while cut > start and (self.doc[cut - 1].is_punct or self.doc[cut - 1].dep_ == "cc"):
                cut -= 1
            if cut <= start or cut >= end:
                return None
            end = cut
        owner = speaker_mention if attr.according is None and _owns_content(attr, speaker_mention) else None
        self._leaning(start, end, subst, unresolved, owner, verb=head)
        text = grammar.finish(grammar.render(self.doc, start, end, skip=skip, subst=subst))
        if not text or not _WORD.search(text) or asks(text):
            return None
        sent = attr.cue.sent
        colon = final_colon(self.doc, sent, start)
        if plan is not None and head is not None and colon is not None and end <= colon:
            # "The Treasury said the following people were designated:" + list lines.
            plan.frame = self._list_frame(start, colon, head, skip, subst, speaker=speaker)
        return Draft(
            sent.start, sent.end, text, head, (start, end), attributed=speaker is not None,
            speaker=speaker, parts=[(start, end)], extra=extra, unresolved=unresolved,
        )

    # ------------------------------------------------------------------ plain sentences

    def _plain_drafts(
        self, sent: Span, number: int, plan: SentencePlan | None = None, *, span: tuple[Token, int, int] | None = None
    ) -> list[Draft]:
        """The sentence as the writer's claim, or with ``span`` (clause head, start, end)
        one clause of it."""
        doc = self.doc
        start, end = self._trim(sent.start, sent.end) if span is None else self._trim(span[1], span[2])
        start = after_label(doc, start, end)
        if start >= end:
            return []
        root = sent.root if span is None else span[0]
        skip = self._back_pointers(sent, root)
        subst: dict[int, str] = {}
        extra: list[Mention] = []
        unresolved: list[str] = []
        subject = grammar.subject_of(root)
        if subject is not None:
            carries_on = any(c.dep_ == "advmod" and c.lower_ in CARRY_ON for c in root.children)
            self._resolve_into(subject, number, subst, skip, extra, unresolved, None, carries_on=carries_on)
        self._leaning(start, end, subst, unresolved, None)
        role = self._designation_role(root, number, elliptic=bool(extra) or bool(skip))
        split = lists.split(doc, sent, root, self.quotes.inside) if span is None else None
        if split is None:
            text = grammar.render(doc, start, end, skip=skip, subst=subst)
            if role:
                text = before_stop(text, f" [{role}]")
            text = grammar.finish(text)
            if not text:
                return []
            colon = final_colon(doc, sent, start)
            if plan is not None and colon is not None:
                plan.frame = self._list_frame(start, colon, root, skip, subst)
            return [Draft(sent.start, sent.end, text, root, (start, end), parts=[(start, end)], extra=extra,
                          unresolved=unresolved)]
        drafts = []
        for item in split.items:
            item_subst = dict(subst)
            item_subst.update(split.subst)
            item_skip = set(skip)
            item_skip.update(range(split.replace[0] + 1, split.replace[1]))
            item_subst[split.replace[0]] = item.text + (", " if item.needs_comma else " ")
            frame_start, frame_end = split.frame
            text = grammar.finish(grammar.render(doc, frame_start, frame_end, skip=item_skip, subst=item_subst))
            if not text:
                continue
            parts = [(frame_start, split.replace[0]), (item.start, item.end), (split.replace[1], frame_end)]
            drafts.append(Draft(item.start, item.end, text, root, (frame_start, frame_end), parts=parts, extra=extra,
                                unresolved=list(unresolved)))
        return drafts

    def _list_frame(
        self,
        start: int,
        colon: int,
        root: Token,
        skip: set[int],
        subst: dict[int, str],
        *,
        speaker: str | None = None,
    ) -> ListFrame | None:
        """The frame for list lines after "The following stations will reopen:"."""
        doc = self.doc
        noun = lists.listed_noun(doc, start, colon, root, subject=True)
        if noun is None or noun.tag_ not in ("NNS", "NNPS"):
            return None
        np_start, np_end = noun.left_edge.i, min(noun.right_edge.i + 1, colon)
        subst = dict(subst)
        subst.update(lists.singular_role(doc, root, (np_start, np_end), colon))
        prefix = grammar.render(doc, start, np_start, skip=skip, subst=subst)
        if prefix.strip().lower() in _PRESENTING:
            return None  # "Here are the people identified so far: / Ahmed Helal, 40.": no frame to carry
        suffix = grammar.render(doc, np_end, colon, skip=skip, subst=subst)
        if noun.dep_ in ("nsubj", "nsubjpass"):
            suffix = singular_verb(suffix)  # "stations will reopen" / "individuals were" -> "was"
        kind = classify(doc, start, colon, root, direct=False, attributed=speaker is not None, text=prefix + suffix)
        return ListFrame(prefix.strip(), suffix.strip(), kind, speaker=speaker)

    def _designation_role(self, root: Token, number: int, *, elliptic: bool) -> str | None:
        """ "as a global terrorist", carried from "named X as global terrorists" to a
        following "It also designated Y", which leaves the role unsaid."""
        low = root.lower_
        if low not in lexicon.DESIGNATION_VERBS and low not in lexicon.LISTING_VERBS:
            return None
        as_phrase = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if as_phrase is not None:
            noun = next((c for c in as_phrase.children if c.dep_ == "pobj"), None)
            if noun is not None:
                self.memory.role = (number, "as " + lists.singular_phrase(noun))
            return None
        if not elliptic or any(c.dep_ in ("oprd", "attr", "xcomp", "ccomp") for c in root.children):
            return None
        if not any(c.dep_ == "dobj" for c in root.children):
            return None
        carried = self.memory.role
        if carried is None or number - carried[0] > 2:
            return None
        return carried[1]

    def _back_pointers(self, sent: Span, root: Token) -> set[int]:
        """Words that tie the sentence to the one before ("But", "also", ", meanwhile,")."""
        doc = self.doc
        skip: set[int] = set()
        first = sent.start
        while first < sent.end and (doc[first].is_space or doc[first].text in MARKS):
            first += 1
        if first < sent.end:
            token = doc[first]
            if token.lower_ in lexicon.CONNECTIVES and token.dep_ in ("cc", "advmod", "prep", "intj") and (
                token.dep_ == "cc" or token.head.i == token.i or token.head.tag_ in grammar.VERB_TAGS  # not "So far", "Now 46"
            ):
                if not any(True for _ in token.children):
                    skip.add(first)
                    if first + 1 < sent.end and doc[first + 1].text == ",":
                        skip.add(first + 1)
        for child in root.children:
            if child.dep_ == "advmod" and child.lower_ in lexicon.BACK_POINTERS and child.i not in skip and (
                not child.is_upper  # "wore MAKE MEXICO GREAT AGAIN ALSO hats": a slogan's word, not a link
            ):
                skip.add(child.i)
                before, after = child.i - 1, child.i + 1
                if before >= sent.start and after < sent.end and doc[before].text == "," and doc[after].text == ",":
                    skip.add(after)
                    nxt = doc[after + 1] if after + 1 < sent.end else None
                    if nxt is None or nxt.tag_ not in _PHRASE_STARTS:
                        # "The plan, however, failed", "aware, however, that"; a subject after
                        # it keeps one: "In May, however, the plan failed"
                        skip.add(before)
                elif after < sent.end and doc[after].text == "," and child.i == first:
                    skip.add(after)
        return skip


# Tags that open a noun phrase: after ", however," one is the subject of a fronted phrase.
_PHRASE_STARTS = frozenset(("DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP", "PRP$", "CD", "PDT"))


_PRESENTING = frozenset(("here are", "here is", "these are", "those are", "below are", "following are"))
_NARRATIVE_DEPS = frozenset(("dobj", "attr", "acomp", "prep", "xcomp", "ccomp", "npadvmod", "oprd", "agent"))


def _narrative_before(
    sent: Span, cue: Token, quote_first: int, inside: bytearray, covered: list[tuple[int, int]]
) -> tuple[Token, int, int] | None:
    """The clause before the one that introduces a quotation, when it says something of
    its own and no reported claim took it (``covered``): "X won 35 percent, and he told
    supporters: '...'" (the cue conjoined to the main verb) or "X was buying influence;
    indeed, he had stated: '...'"."""
    doc = sent.doc
    if cue.dep_ == "conj" and cue.head.i < cue.i and grammar.in_main_clause(cue.head):
        clause, end = cue.head, cue.left_edge.i
    elif grammar.in_main_clause(cue):
        clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i
                       and grammar.parted_by_semicolon(c, cue.i)), None)
        if clause is None:
            return None
        end = clause.right_edge.i + 1
    else:
        return None
    while end > sent.start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    start = sent.start
    if end > quote_first or any(inside[i] for i in range(start, end)) or any(
        _overlaps((start, end), c) for c in covered
    ):
        return None
    subject = grammar.subject_of(clause)
    if subject is None or not start <= subject.i < end or subject.tag_ in ("WP", "EX"):
        return None
    # "He smiled and said": nothing to check
    if not any(c.dep_ in _NARRATIVE_DEPS for c in clause.children) or sum(not t.is_punct for t in doc[start:end]) < 5:
        return None
    while start <= clause.head.i < end and clause.head.i != clause.i:
        clause = clause.head  # "Lazar said he welcomed extradition and added, '...'": the clause is "said"
    return clause, start, end


def _join_split_quotes(
    doc: Doc, direct: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Direct quotes as (first, end, gap): '"We are ready," she said, "but the money
    must come now."' is one quote whose gap is the attribution between its halves."""
    out: list[tuple[int, int, tuple[int, int] | None]] = [(a, b, None) for a, b in direct]
    for left, right in zip(quoted, quoted[1:]):
        if left not in direct and right not in direct or right[0] >= len(doc):
            continue  # '"The new budget," said Mr Ode, "is balanced."': either half may be too short alone
        first = doc[right[0]]
        if not first.is_lower or first.is_punct or not _attribution_only(doc, left[1] + 1, right[0] - 1):
            continue
        if _titled(doc, left[0]):
            continue  # 'the book titled "The Tragedy of X," explaining, "because ...': a title, no speech
        at = next((k for k, item in enumerate(out) if item[:2] in (left, right) and item[2] is None), None)
        if at is None or any(item[1] == left[1] and item[2] is not None for item in out):
            continue  # the left half already joined to the quote before it
        cut = left[1]
        if doc[cut - 1].text == "," and not any(t.tag_ in grammar.VERB_TAGS for t in doc[left[0] : cut]):
            cut -= 1  # "The new budget," ... "is balanced": the subject reads on without its comma
        out = [item for k, item in enumerate(out) if k == at or item[:2] not in (left, right)]
        at = next(k for k, item in enumerate(out) if item[:2] in (left, right))
        out[at] = (left[0], right[1], (cut, right[0]))
    return out


def _titled(doc: Doc, first: int) -> bool:
    """Whether the quotation whose first word is ``first`` runs on from a word of the
    narrative, as a title or a name does ('the book titled "The Tragedy of X,"'), rather
    than opening its sentence or following punctuation as speech does."""
    opening = first - 1 if first > 0 and doc[first - 1].text in MARKS else first
    return opening > 0 and not doc[opening].is_sent_start and not doc[opening - 1].is_punct


def _attribution_only(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are just ', she said,': a short run with one verb, ending in a comma."""
    if end <= start or doc[end - 1].text != ",":
        return False
    words = [t for t in doc[start:end] if not t.is_punct]
    verbs = [t for t in words if t.tag_ in grammar.VERB_TAGS]
    if any(t.dep_ == "cc" or t.tag_ == "CC" for t in words):
        return False  # '"reminds us ..." and Ms. Warren, she said, "exposes him"': two subjects' quotes
    return 0 < len(words) <= 7 and len(verbs) == 1 and verbs[0].lower_ in cues.CUE_VERBS


def _scan(sent: Span, inside: bytearray) -> tuple[list[Token], list[Token]]:
    """One pass over the sentence: its subjects, and the words that may attribute it."""
    subjects: list[Token] = []
    speech: list[Token] = []
    verb_tags = grammar.VERB_TAGS
    cue_verbs = cues.CUE_VERBS
    for token in sent:
        dep = token.dep_
        if dep == "nsubj" or dep == "nsubjpass" or dep == "dobj":
            subjects.append(token)
        low = token.lower_
        if (low in cue_verbs and token.tag_ in verb_tags or low == "according") and not inside[token.i]:
            if token.is_lower or token.is_sent_start:  # "Omar Said" is a name
                speech.append(token)
    return subjects, speech


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _head_within(doc: Doc, start: int, end: int) -> Token | None:
    """The main verb of tokens [start, end): a verb whose head lies outside them."""
    first = None
    for i in range(start, end):
        token = doc[i]
        if token.tag_ not in grammar.VERB_TAGS:
            continue
        if token.head.i == token.i or not start <= token.head.i < end:
            return token
        if first is None:
            first = token
    return first


def _named_subject(mention: Mention, head: Token | None) -> bool:
    """Whether the mention is the name that is the subject of what was said ("Ms. LaBelle
    got a roar when she added ...", parsed with "got" as what "she added")."""
    own = mention.head
    return own is not None and head is not None and own.tag_ in ("NNP", "NNPS") and (
        own.dep_ in ("nsubj", "nsubjpass") and own.head.i == head.i
    )


def _speaker_name(subject: Token) -> str:
    return strip_possessive(grammar.speaker_text(subject))  # speaker_text drops a closing mark it took along


def _modified_role(head: Token) -> frozenset[str] | None:
    """ "the freshman senator", "the Vermont senator": a definite role with modifiers;
    the capitalised ones (place, party) that the person's own mention must hold."""
    if head.tag_ != "NN" or head.lower_ not in lexicon.PERSON_ROLES:
        return None
    names: set[str] = set()
    definite = False
    for child in head.children:
        if child.dep_ == "det" and child.lower_ == "the":
            definite = True
        elif child.dep_ in ("amod", "compound") and child.ent_type_ != "PERSON" and not list(child.children):
            if child.is_title or child.is_upper:
                names.add(child.lower_)
        elif child.dep_ != "punct":
            return None
    return frozenset(names) if definite else None


# Marks of a clause that only says when a speaker spoke ("said as he launched the process").
_WHEN_MARKS = frozenset("as while when after before".split())
# Conjunctions whose clause the sentence takes as having happened: "after X said C"
# reports that X said C; "if X said C" does not.
_FACTIVE_MARKS = frozenset("after when since because while before once".split())
_CLOSERS = frozenset(("\u201d", "\u2019", '"', "''", "'"))


def _owns_content(attr: Attribution, speaker: Mention | None) -> bool:
    """Whether a possessive in what was said may be the speaker's: a named speaker of
    the sentence's main clause.  "The plane was grounded after The Times reported that
    its registration had expired": "its" is the plane's; "Sanders advisers said ...
    their campaign" is not the advisers' own."""
    if speaker is None or speaker.head is None:
        return False
    named = speaker.label in ("PERSON", "ORG", "GPE", "NORP") or speaker.head.tag_ in ("NNP", "NNPS")
    return _root_cue(attr) and named


def _root_cue(attr: Attribution) -> bool:
    """The cue is the sentence's root or a verb joined to it: narrower than
    ``attr.main``, which also takes "..., adding that C" and "C, X said", where the
    words may be about someone the sentence named before the speaker."""
    cue = attr.cue
    return cue.dep_ == "ROOT" or cue.dep_ == "conj" and cue.head.dep_ == "ROOT"


def _reported_aside(attr: Attribution) -> bool:
    """A neutral attribution in a clause the sentence takes as fact ("after Trump told
    the Post he was not there yet", "O'Malley, who noted that he had raised the minimum
    wage"), whose content stands alone."""
    if attr.main or attr.frame != cues.NEUTRAL or not attr.speaks or attr.content is None:
        return False
    if attr.blockers or attr.according is not None or attr.quoted_content:
        return False
    if not contents.standalone(attr.content_head, attr.content) or not _whole_clause(attr):
        return False
    cue = attr.cue
    source = attr.source
    if source is None or not (
        source.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or source.tag_ in ("NNP", "NNPS", "PRP")
        or grammar.looks_like_person(source) or source.lower_ in lexicon.PERSON_ROLES or source.lower_ in lexicon.BODY_NOUNS
    ):
        return False  # a common noun the parse made a subject ("as said it was worse")
    if cue.dep_ == "advcl":
        mark = next((c for c in cue.children if c.dep_ == "mark"), None)
        return mark is not None and mark.lower_ in _FACTIVE_MARKS and grammar.in_main_clause(cue.head)
    if cue.dep_ == "relcl":
        # Only a clause set off by a comma ("X, who said C"): "voters who said C" picks
        # out which voters, and says nothing of what all of them said.
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        doc = cue.doc
        return subject is not None and subject.lower_ == "who" and subject.i > 0 and doc[subject.i - 1].text == ","
    return False


def _whole_clause(attr: Attribution) -> bool:
    """The content runs to the end of its clause: the sentence ends after it, or a comma
    does and the main clause follows. A content the parse cut short ("Clinton would look
    zippier" before "if he ate ...", "waterboarding is peanuts" before ", compared to")
    would drop a condition or a comparison, so it makes no claim."""
    assert attr.content is not None and attr.content_head is not None
    doc = attr.cue.doc
    sent = attr.cue.sent
    start, end = attr.content
    words = [t for t in doc[start:end] if not t.is_punct]
    if len(words) < 4 or attr.content_head.tag_ == "MD":
        return False  # "just as she said she would"
    at = end
    while at < sent.end and (doc[at].text in _CLOSERS or doc[at].is_space):
        at += 1
    if at >= sent.end or doc[at].is_sent_end and doc[at].is_punct and doc[at].text in (".", "!", "?"):
        return True
    if doc[at].text not in (",", ";") or attr.cue.i > sent.root.i:
        return False  # after the main clause, the content must close the sentence
    after = doc[at + 1] if at + 1 < sent.end else None
    return after is not None and after.lower_ not in cues.CONDITIONS and after.tag_ not in ("VBG", "VBN", "CC")


def _partial(attr: Attribution) -> Attribution:
    return replace(attr, frame=cues.FRAMED, quoted_content=False, blockers=(*attr.blockers, "partial"))


def _reports_speech(attr: Attribution) -> bool:
    """Whether the sentence reports that its source said or held something: not "No
    MP has said", "would have to announce", "is expected to say"."""
    if set(attr.blockers) & {"negated", "modal"}:
        return False
    cue = attr.cue
    for _ in range(3):
        if cue.dep_ != "conj" or cue.head.i == cue.i:
            break
        cue = cue.head  # "needs to sell herself and tell more jokes"
    if "governed" in attr.blockers and cue.head.lower_ in _NOT_YET:
        return False  # "would have to announce", "plans to say": nothing said yet
    return True


# Verbs that put a cue in the future or under an obligation ("has to announce").


# Verbs that put a cue in the future or under an obligation ("has to announce").
_NOT_YET = frozenset(
    "have has had having need needs needed plan plans planned intend intends intended want wants "
    "wanted expect expects expected hope hopes hoped set due likely going about scheduled poised "
    "able unable allowed required forced asked urged".split()
)
