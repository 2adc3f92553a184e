"""The claims of one parsed sentence, as drafts (speakers of bare quotes come later).

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
   "announced", "according to") moves into the speaker field.  "X said (that) C"
   and "C, X said" become the claim C by X when C stands alone, the cue is in
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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.nlp import attribution, coref, grammar, lexicon, lists
from workbench.nlp.attribution import Attribution, cues, sources
from workbench.nlp.attribution.content import trim
from workbench.nlp.coref import Discourse, Mention, Speaker
from workbench.nlp.kinds import classify
from workbench.nlp.quotes import MARK_CHARS, MARKS, Quote, QuoteMap

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_WORD = re.compile(r"\w")
_QUOTE_MIN_WORDS = 3
_PRONOUN_KIND = {"he": "person", "she": "person", "it": "thing", "they": "group"}
_PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "his": "m", "her": "f"}
_EXPLETIVE_HEADS = frozenset(
    "is was be been are were seems seemed appears appeared remains remained "
    "becomes became takes took happens happened 's".split()
)
# Words that say a clause carries on from the sentence before ("It also designated").
_CARRY_ON = frozenset("also too then later again further additionally likewise similarly".split())
# Pronouns inside a claim that point outside it.
_LEANING = frozenset("he him his she her hers they them their theirs it its".split())
_POSSESSIVES = frozenset("his her their its".split())
# Demonstratives and pronouns that, as a subject left unresolved, need the article's context.
_CONTEXT_WORDS = frozenset("he she it they this these that those his her its their".split())


@dataclass(slots=True)
class Draft:
    start: int  # token range of the source material in the chunk doc
    end: int
    text: str  # the standalone claim
    head: Token | None  # the content's main verb, for the kind
    content: tuple[int, int]  # token range the kind is judged on
    direct: bool = False
    attributed: bool = False
    speaker: str | None = None
    quote: Quote | None = None  # for a bare quote: the quotation it belongs to
    parts: list[tuple[int, int]] = field(default_factory=list)  # rendered token ranges
    extra: list[Mention] = field(default_factory=list)  # antecedents put into the text
    unresolved: list[str] = field(default_factory=list)  # words left that lean on context
    carried: bool = False  # the speaker came from another sentence (a bare quote)
    # For a whole sentence kept with its frame ("X estimates that C"): what X holds, whose
    # kind decides when the frame itself says nothing (kinds.py judges C).
    held: tuple[int, int] | None = None
    held_head: Token | None = None


@dataclass(slots=True)
class SentencePlan:
    drafts: list[Draft]
    speaker: str | None = None  # the sentence's own attribution
    speaker_mention: Mention | None = None
    frame: ListFrame | None = None  # "The following stations will reopen:" before list lines
    fragment: bool = False  # the sentence only introduces speech: "Mr Law added."


@dataclass(slots=True)
class ListFrame:
    """A sentence ending in a colon whose items come as the next lines ("- Millbrook")."""

    prefix: str  # the sentence up to the listed phrase ("")
    suffix: str  # after it ("will reopen"), made singular
    kind: str
    speaker: str | None = None  # "The Treasury said the following were designated:"
    intro: list = field(default_factory=list)  # the claims of the sentence itself, dropped once items come
    items: int = 0  # list lines taken so far
    bullet: bool = False  # whether the first item had a list marker

    def claim(self, item: str) -> str:
        if "," in item and self.suffix:
            item += ","  # "Ali Hassan, a financier, was designated"
        return grammar.finish(f"{self.prefix} {item} {self.suffix}")


class SentenceReader:
    """Reads the sentences of one parsed chunk, in order, against the document's memory."""

    def __init__(self, doc: Doc, quotes: QuoteMap, memory: Discourse, base: int, para: int) -> None:
        self.doc = doc
        self.quotes = quotes
        self.memory = memory
        self.base = base  # document offset of the chunk
        self.para = para
        self.turn: str | None = None  # the speaker of a transcript turn ("PENCE: ...")

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
            found = [a for a in found if not (a.content is None and a.quoted_content)]
        plan = SentencePlan([])
        named: dict[int, tuple[str | None, Mention | None]] = {}
        for attr in found:
            named[attr.cue.i] = self._speaker(attr, number) if attr.speaks else (None, None)
        main = next((a for a in found if a.main), None)
        if main is not None and _reports_speech(main):
            plan.speaker, plan.speaker_mention = named[main.cue.i]
            if plan.speaker:
                self.memory.last_speaker = Speaker(plan.speaker, plan.speaker_mention, self.para, number)

        for first, end, gap in direct:
            draft = self._quote_draft(first, end, gap)
            if draft is None:
                continue
            draft.quote = self._quote_at(first)
            draft.speaker = plan.speaker
            draft.attributed = plan.speaker is not None
            plan.drafts.append(draft)

        covered = [(a - 1, b + 1) for a, b, _ in direct]
        for attr in found:
            speaker, mention = named[attr.cue.i]
            if not attr.moves or not speaker or any(_overlaps(attr.content, c) for c in covered):
                continue
            draft = self._reported_draft(attr, speaker, mention, number, plan)
            if draft is not None:
                plan.drafts.append(draft)
                covered.append(attr.content)

        if plan.drafts:
            return plan
        if not grammar.has_predicate(sent) or self._echo(sent):
            return plan
        if main is not None and self._introduces(sent, main):
            plan.fragment = True  # its speaker goes to the quotation beside it
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
        return plan

    def _turn(self, sent: Span) -> SentencePlan:
        """A sentence of a transcript turn: the speaker's own words, as they are."""
        plan = SentencePlan([], speaker=self.turn)
        doc = self.doc
        start, end = self._trim(sent.start, sent.end)
        start = _after_label(doc, start, end)
        if start >= end or not grammar.has_predicate(sent):
            return plan
        text = grammar.finish(grammar.render(doc, start, end))
        if not text or _asks(text):
            return plan
        head = _head_within(doc, start, end)
        draft = Draft(start, end, text, head, (start, end), direct=True, attributed=True, speaker=self.turn,
                      parts=[(start, end)])
        subject = grammar.subject_of(head, depth=1) if head is not None else None
        if subject is not None and start <= subject.i < end and subject.lower_ in _CONTEXT_WORDS:
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
        return not grammar.is_question(sent, text)

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
        colon = _final_colon(doc, sent, sent.start)
        if colon is not None and (main.content is None or main.content[1] <= colon + 1):
            return True
        if main.content is not None:
            return False
        cue = main.cue
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
            return False
        return cue.lower_ in cues.NEUTRAL_VERBS or cue.lower_ in ("continued", "explained", "insisted")

    # ------------------------------------------------------------------ speakers

    def _speaker(self, attr: Attribution, number: int) -> tuple[str | None, Mention | None]:
        """Who is speaking, named as the article names them, or (None, None)."""
        subject = attr.source
        assert subject is not None
        low = subject.lower_
        kind = _PRONOUN_KIND.get(low)
        if kind is not None:
            gender = _PRONOUN_GENDER.get(low, "")
            mention = self.memory.resolve(
                kind, number, self.base + subject.idx, quoted_ok=False, gender=gender, about="speaker",
            )
            if mention is None and kind == "person":
                # "..., he said" far from the person's last mention: the article's
                # most recent speaker of that gender is who news style means.
                mention = self.memory.recent_speaker(number, gender)
            if mention is None or mention.kind not in ("person", "group", "thing") or not _can_speak(mention):
                return None, None
            return mention.speaker, mention
        text = _speaker_name(subject)
        owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in lexicon.POSSESSIVE_PRONOUNS), None)
        if owner is not None:
            # "Its chief executive, David Henderson" -> "Water UK's chief executive, ..."
            referent = self._referent(lexicon.POSSESSIVE_PRONOUNS[owner.lower_], owner, number, None)
            if referent is not None and text.lower().startswith(owner.lower_ + " "):
                text = _possessive(referent.text) + text[len(owner.text):]
        if attr.according is not None and subject.ent_type_ not in ("PERSON",):
            whole_text = grammar.span_text(self.doc, subject.left_edge.i, subject.right_edge.i + 1)
            if len(whole_text) <= 160 and not any(self.quotes.inside[i] for i in range(subject.left_edge.i, subject.right_edge.i + 1)):
                text = _strip_possessive(whole_text)
        name = grammar.name_of(subject)
        if subject.tag_ in ("NNP", "NNPS"):
            fuller = self.memory.full_name(name)
            if fuller is not None and not any(c.dep_ == "appos" for c in subject.children):
                return fuller.speaker, fuller
        described = self._described(subject, number)
        if described is not None:
            return described.speaker, described
        kind = grammar.mention_kind(subject) or "thing"
        mention = self._mention(subject, kind, number, subject=True)
        return _label(text) or None, mention

    def _described(self, head: Token, number: int) -> Mention | None:
        """ "the company" for EMI, "the minister" for the minister named earlier: the
        named mention a bare definite description stands for, when there is just one."""
        if not _bare_description(head):
            return None
        return self.memory.describe(head.lower_, number, self.base + head.idx)


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
        if before[-1].text in (":", ",") and self._runs_to_end(sent, end):
            return True
        sentence_words = sum(1 for t in sent if not t.is_punct and not t.is_space)
        return words >= 6 and words * 2 >= sentence_words and not any(
            a.content and a.content[0] <= first and end <= a.content[1] for a in attributions
        )

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
        if not text or _asks(text):
            return None
        head = _head_within(self.doc, start, gap[0] if gap else end)
        parts = [(start, gap[0]), (gap[1], end)] if gap else [(start, end)]
        draft = Draft(start, end, text, head, (start, end), direct=True, parts=parts)
        subject = grammar.subject_of(head, depth=1) if head is not None else None
        if subject is not None and start <= subject.i < end and subject.lower_ in _CONTEXT_WORDS:
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
                about = None if attr.according is not None else speaker_mention
                self._resolve_into(subject, number, subst, skip, extra, unresolved, about)
        if attr.according is not None:
            a, b = attr.according
            skip.update(range(a, b))
        for child in attr.cue.children:
            # "said A, but that B": the second clause reads without its "that".
            if child.dep_ == "conj" and start <= child.i < end:
                skip.update(g.i for g in child.children if g.dep_ == "mark" and g.lower_ == "that")
        self._leaning(start, end, subst, unresolved, speaker_mention if attr.according is None else None)
        text = grammar.finish(grammar.render(self.doc, start, end, skip=skip, subst=subst))
        if not text or not _WORD.search(text) or _asks(text):
            return None
        sent = attr.cue.sent
        colon = _final_colon(self.doc, sent, start)
        if plan is not None and head is not None and colon is not None and end <= colon:
            # "The Treasury said the following people were designated:" + list lines.
            plan.frame = self._list_frame(start, colon, head, skip, subst, speaker=speaker)
        return Draft(
            sent.start, sent.end, text, head, (start, end), attributed=speaker is not None,
            speaker=speaker, parts=[(start, end)], extra=extra, unresolved=unresolved,
        )

    # ------------------------------------------------------------------ plain sentences

    def _plain_drafts(self, sent: Span, number: int, plan: SentencePlan | None = None) -> list[Draft]:
        doc = self.doc
        start, end = self._trim(sent.start, sent.end)
        start = _after_label(doc, start, end)
        if start >= end:
            return []
        root = sent.root
        skip = self._back_pointers(sent, root)
        subst: dict[int, str] = {}
        extra: list[Mention] = []
        unresolved: list[str] = []
        subject = grammar.subject_of(root)
        if subject is not None:
            carries_on = any(c.dep_ == "advmod" and c.lower_ in _CARRY_ON for c in root.children)
            self._resolve_into(subject, number, subst, skip, extra, unresolved, None, carries_on=carries_on)
        self._leaning(start, end, subst, unresolved, None)
        role = self._designation_role(root, number, elliptic=bool(extra) or bool(skip))
        split = lists.split(doc, sent, root, self.quotes.inside)
        if split is None:
            text = grammar.render(doc, start, end, skip=skip, subst=subst)
            if role:
                text = _before_stop(text, f" [{role}]")
            text = grammar.finish(text)
            if not text:
                return []
            colon = _final_colon(doc, sent, start)
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
        suffix = grammar.render(doc, np_end, colon, skip=skip, subst=subst)
        if noun.dep_ in ("nsubj", "nsubjpass"):
            suffix = _singular_verb(suffix)  # "stations will reopen" / "individuals were" -> "was"
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
            if token.lower_ in lexicon.CONNECTIVES and token.dep_ in ("cc", "advmod", "prep", "intj"):
                if not any(True for _ in token.children):
                    skip.add(first)
                    if first + 1 < sent.end and doc[first + 1].text == ",":
                        skip.add(first + 1)
        for child in root.children:
            if child.dep_ == "advmod" and child.lower_ in lexicon.BACK_POINTERS and child.i not in skip:
                skip.add(child.i)
                before, after = child.i - 1, child.i + 1
                if before >= sent.start and after < sent.end and doc[before].text == "," and doc[after].text == ",":
                    skip.add(after)
                    skip.add(before)
                elif after < sent.end and doc[after].text == "," and child.i == first:
                    skip.add(after)
        return skip

    # ------------------------------------------------------------------ pronouns

    def _resolve_into(
        self,
        subject: Token,
        number: int,
        subst: dict[int, str],
        skip: set[int],
        extra: list[Mention],
        unresolved: list[str],
        speaker: Mention | None,
        *,
        carries_on: bool = False,
    ) -> None:
        """Put what a pronoun subject, its possessive or a bare description stands for
        into ``subst`` when coref is sure; else note the words in ``unresolved``."""
        if self.quotes.inside[subject.i]:
            return  # quoted words stay the speaker's own
        low = subject.lower_
        kind = _PRONOUN_KIND.get(low)
        if kind is not None:
            if kind == "thing" and _expletive(subject):
                return
            mention, sure = self._referent_sure(kind, subject, number, speaker, carries_on=carries_on)
            name = self._name_for(mention, number) if mention is not None and sure else None
            if name:
                subst[subject.i] = _capitalised(name, subject) + _clitic(subject)
                if _clitic(subject):
                    skip.add(subject.i + 1)
                extra.append(mention)
            elif mention is not None or not sure:
                unresolved.append(subject.text)
            return
        if low in _CONTEXT_WORDS and subject.tag_ in ("DT", "PRP"):
            unresolved.append(subject.text)  # "This is the biggest cut": this what?
            return
        for child in subject.children:
            if child.dep_ == "poss" and child.lower_ in lexicon.POSSESSIVE_PRONOUNS:
                kind = lexicon.POSSESSIVE_PRONOUNS[child.lower_]
                mention, sure = self._referent_sure(kind, child, number, speaker, carries_on=carries_on)
                if mention is not None and sure:
                    subst[child.i] = _capitalised(_possessive(mention.text), child)
                    extra.append(mention)
                elif mention is not None or not sure:
                    unresolved.append(f"{child.text} {subject.text}")
                return
        if _bare_description(subject):
            described = self.memory.describe(subject.lower_, number, self.base + subject.idx)
            first = subject.left_edge.i
            if described is not None and described.name:
                subst[first] = _capitalised(described.name, self.doc[first])
                skip.update(range(first + 1, subject.i + 1))
                extra.append(described)
            else:
                unresolved.append(grammar.span_text(self.doc, first, subject.i + 1))

    def _leaning(
        self, start: int, end: int, subst: dict[int, str], unresolved: list[str], speaker: Mention | None
    ) -> None:
        """The other third-person pronouns of a claim's words: "his complaints" in what
        Colley told the tribunal is Colley's (the speaker); one with no antecedent
        inside the claim itself leans on context."""
        doc = self.doc
        inside = self.quotes.inside
        seen_name = False
        for i in range(start, end):
            token = doc[i]
            if i in subst:
                seen_name = True
                continue
            if token.tag_ in ("NNP", "NNPS") or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                seen_name = True
                continue
            low = token.lower_
            if low not in _LEANING or inside[i] or token.dep_ in ("nsubj", "nsubjpass", "expl"):
                continue  # subjects were read by _resolve_into; quoted words are the speaker's
            if low == "it" and _expletive(token):
                continue
            gender = _PRONOUN_GENDER.get(low, "")
            if (
                speaker is not None and speaker.name and low in _POSSESSIVES
                and speaker.kind == lexicon.POSSESSIVE_PRONOUNS.get(low, "")
                and (not gender or speaker.gender in ("", gender))
            ):
                subst[i] = _capitalised(_possessive(speaker.name), token)  # "his complaints" -> "Colley's"
                continue
            if not seen_name:
                unresolved.append(token.text)

    def _name_for(self, mention: Mention, number: int) -> str | None:
        """What to write for a resolved pronoun: the antecedent's phrase ("The United
        States", "two men"), or for a bare description ("the candidate") the name it
        stands for when coref knows it."""
        head = mention.head
        if head is None or not _bare_description(head):
            return mention.text or None
        described = self.memory.describe(head.lower_, number, mention.start)
        return described.name if described is not None else mention.text

    def _referent_sure(
        self, kind: str, token: Token, number: int, speaker: Mention | None, *, carries_on: bool = False,
        about: str = "content",
    ) -> tuple[Mention | None, bool]:
        """The referent of a pronoun and whether it is sure; (None, True) when the
        pronoun needs no referent ("It is City's first title": the name is there)."""
        gender = _PRONOUN_GENDER.get(token.lower_, "")
        if speaker is not None and speaker.kind == kind and (not gender or speaker.gender == gender):
            return speaker, True  # "Smith said he would resign": he is Smith
        mention, sure = self.memory.resolve_sure(
            kind, number, self.base + token.idx, quoted_ok=kind != "person", gender=gender,
            passive=token.dep_ == "nsubjpass", about=about, carries_on=carries_on,
        )
        if speaker is not None and mention is speaker:
            sure = True
        if mention is not None and kind == "thing" and mention.name and _names_in(token.sent, mention.name, token):
            return None, True
        return mention, sure

    def _referent(
        self, kind: str, token: Token, number: int, speaker: Mention | None, *, about: str = ""
    ) -> Mention | None:
        """A referent for a speaker's phrase ("Its chief executive"): sure ones only."""
        mention, sure = self._referent_sure(kind, token, number, speaker, about=about or "speaker")
        return mention if sure else None

    # ------------------------------------------------------------------ memory

    def _remember(self, sent: Span, number: int, subjects: list[Token]) -> None:
        """Record the sentence's subjects and named entities, in text order."""
        seen: set[int] = set()
        found: list[tuple[int, Mention]] = []
        for token in subjects:
            if token.dep_ == "dobj" and not _main_object(token):
                continue
            if token.tag_ not in ("PRP", "WP", "WDT", "DT", "EX"):
                kind = grammar.mention_kind(token)
                if kind != "person" and token.tag_ == "NNP" and self.memory.full_name(token.text):
                    kind = "person"  # "Graves" after "Peter Graves"
                if kind is not None:
                    obj = token.dep_ == "dobj"
                    found.append((token.i, self._mention(token, kind, number, subject=not obj, obj=obj)))
                    seen.add(token.i)
        for ent in grammar.sent_ents(sent):
            # Places and nationalities that are not subjects are rarely what "it" or
            # "they" means; people and organisations are remembered wherever they are.
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            head = ent.root
            if head.i in seen or head.dep_ == "appos" and head.head.i in seen:
                continue  # already remembered, or the name of a remembered role ("the mayor, X")
            kind = grammar.mention_kind(head, coordinated=False)
            if kind is None:
                continue
            found.append((head.i, self._mention(head, kind, number, subject=False, alone=True)))
        found.sort(key=lambda x: x[0])
        for _, mention in found:
            self.memory.add(mention)

    def _mention(
        self, head: Token, kind: str, number: int, *, subject: bool, alone: bool = False, obj: bool = False
    ) -> Mention:
        head_dep = head.head.dep_
        main = subject and (head_dep == "ROOT" or head_dep == "conj" and head.head.head.dep_ == "ROOT")
        verb = head.head
        # Whether this subject is the source of a report ("the agency said"), or
        # the subject of what was reported: a later pronoun that is itself a
        # speaker looks for the first, one inside reported content for the second.
        source = subject and main and verb.lower_ in cues.CUE_VERBS
        reported = subject and head_dep == "ccomp" and verb.head.dep_ == "ROOT" and verb.head.lower_ in cues.CUE_VERBS
        mention = Mention(
            head,
            self.base,
            alone=alone,
            obj=obj,
            kind=kind,
            subject=subject,
            quoted=bool(self.quotes.inside[head.i]),
            sent=number,
            para=self.para,
            label=head.ent_type_,
            main=main,
        )
        mention.source, mention.reported = source, reported
        if kind == "person":
            mention.gender = _gender(head)
            named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if named is not None and head.ent_type_ != "PERSON":
                # "The mayor, Jane Okoro": the person is Jane Okoro, in the role of mayor.
                mention.name = grammar.name_of(named)
            owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in lexicon.POSSESSIVE_PRONOUNS), None)
            if owner is not None and subject:
                # "Her deputy, Tom Baker": whose deputy is known now, not later.
                referent = self._referent(lexicon.POSSESSIVE_PRONOUNS[owner.lower_], owner, number, None)
                if referent is not None and mention.speaker.lower().startswith(owner.lower_ + " "):
                    mention.speaker = _possessive(referent.text) + mention.speaker[len(owner.text):]
            fuller = self.memory.full_name(mention.name)
            if fuller is not None:
                # "Ms Dunmore" after "Transport Minister Rachel Dunmore": the same person,
                # known by the fuller description unless this mention gives its own role.
                if not any(c.dep_ == "appos" for c in head.children):
                    mention.speaker = fuller.speaker
                mention.name = fuller.name
        return mention

    # ------------------------------------------------------------------ helpers

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        doc = self.doc
        while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in MARKS):
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in (",", ";", ":", "-", "\u2013", "\u2014")):
            end -= 1
        return start, end


def _join_split_quotes(
    doc: Doc, direct: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Direct quotes as (first, end, gap): '"We are ready," she said, "but the money
    must come now."' is one quote whose gap is the attribution between its halves."""
    out: list[tuple[int, int, tuple[int, int] | None]] = [(a, b, None) for a, b in direct]
    for left, right in zip(quoted, quoted[1:]):
        if left not in direct or right[0] >= len(doc):
            continue
        first = doc[right[0]]
        if not first.is_lower or first.is_punct or not _attribution_only(doc, left[1] + 1, right[0] - 1):
            continue
        at = next(k for k, item in enumerate(out) if item[:2] == left)
        out = [item for item in out if item[:2] != right]
        out[at] = (left[0], right[1], (left[1], right[0]))
    return out


def _attribution_only(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are just ', she said,': a short run with one verb, ending in a comma."""
    if end <= start or doc[end - 1].text != ",":
        return False
    words = [t for t in doc[start:end] if not t.is_punct]
    verbs = [t for t in words if t.tag_ in grammar.VERB_TAGS]
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


def _after_label(doc: Doc, start: int, end: int) -> int:
    """Skip a leading label ("A:", "Live updates:", "Analysis:") before a sentence."""
    for i in range(start, min(end, start + 4)):
        token = doc[i]
        if token.text == ":":
            if i + 1 < end and all(doc[k].tag_ not in grammar.VERB_TAGS for k in range(start, i)):
                return i + 1
            return start
        if token.tag_ in grammar.VERB_TAGS:
            return start
    return start


def _main_object(token: Token) -> bool:
    """A common-noun object of a main-clause verb ("Police arrested two men"); named
    objects are remembered as entities."""
    if token.tag_ not in ("NN", "NNS") or token.ent_type_:
        return False
    verb = token.head
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


def _gender(head: Token) -> str:
    """ "Mr", "Ms", "spokeswoman" ... in the name or its role."""
    for token in (*head.lefts, head, *(c for c in head.children if c.dep_ == "appos")):
        low = token.lower_.rstrip(".")
        if low in lexicon.MALE_MARKERS:
            return "m"
        if low in lexicon.FEMALE_MARKERS:
            return "f"
    return ""


def _names_in(sent: Span, name: str, pronoun: Token) -> bool:
    """Whether ``name`` already appears in the pronoun's own clause, after it."""
    doc = pronoun.doc
    head = pronoun.head
    end = max(head.right_edge.i, pronoun.i) + 1
    return name in grammar.chars(doc, pronoun.i + 1, end)


_PLURAL_VERBS = {"are": "is", "were": "was", "have": "has", "do": "does"}


def _final_colon(doc: Doc, sent: Span, start: int) -> int | None:
    """The index of a colon that ends the sentence, if one does."""
    last = sent.end - 1
    while last > start and doc[last].is_space:
        last -= 1
    return last if doc[last].text == ":" else None


def _singular_verb(suffix: str) -> str:
    """The first word of the predicate made to agree with one item."""
    words = suffix.split(" ")
    for i, word in enumerate(words):
        if word:
            low = word.lower()
            if low in _PLURAL_VERBS:
                words[i] = _PLURAL_VERBS[low]
            break
    return " ".join(words)


def _before_stop(text: str, addition: str) -> str:
    """Insert ``addition`` before the sentence's final punctuation."""
    core = text.rstrip()
    tail = ""
    while core and core[-1] in ".!" + MARK_CHARS:
        tail = core[-1] + tail
        core = core[:-1]
    return core + addition + tail


def _asks(text: str) -> bool:
    return text.rstrip(MARK_CHARS + "')\u2019").endswith("?")


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


def _expletive(token: Token) -> bool:
    """ "It is unclear whether ...", "It takes time to ...": an 'it' that refers to nothing.

    Not "It was the strongest quake to hit the region": a noun predicate ranked by a
    superlative or an ordinal describes what "it" refers to, whatever follows it.
    """
    if token.dep_ == "expl":
        return True
    head = token.head
    if head.lower_ not in _EXPLETIVE_HEADS:
        return False
    if any(_ranked_predicate(c) for c in head.children):
        return False
    return any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children) or any(
        c.dep_ in ("acomp", "attr") and any(g.dep_ in ("ccomp", "xcomp") for g in c.children)
        for c in head.children
    )


_RANKS = frozenset("first second third last only largest biggest worst best".split())
# "It was the first time ...", "It is the only way to ...": still an empty "it".
_EMPTY_NOUNS = frozenset("time times way ways case moment thing things matter question day year".split())


def _ranked_predicate(token: Token) -> bool:
    if token.dep_ != "attr" or token.tag_ not in ("NN", "NNS", "NNP") or token.lower_ in _EMPTY_NOUNS:
        return False
    return any(c.tag_ in ("JJS", "RBS") or c.lower_ in _RANKS for c in token.children)


def _capitalised(text: str, token: Token) -> str:
    if token.is_sent_start or (token.i > 0 and token.nbor(-1).text in MARKS and token.nbor(-1).is_sent_start):
        return text[:1].upper() + text[1:]
    if text[:4] == "The " and not token.is_sent_start:
        return "the " + text[4:]
    return text


def _possessive(text: str) -> str:
    return text + ("'" if text.endswith("s") and not text.endswith("ss") and text[-2:-1].islower() else "'s")


def _can_speak(mention: Mention) -> bool:
    """A resolved pronoun whose antecedent can be a speaker (not "the figures", "it" = a plan)."""
    if mention.kind in ("person",):
        return True
    if mention.label in ("ORG", "GPE", "NORP", "PERSON", "FAC"):
        return True
    head = mention.head
    if head is None:
        return False
    low = head.lower_
    return low in lexicon.BODY_NOUNS or low in lexicon.PEOPLE_NOUNS or head.tag_ in ("NNP", "NNPS")


def _speaker_name(subject: Token) -> str:
    return _strip_possessive(grammar.speaker_text(subject))


def _label(text: str) -> str:
    """A speaker is a label: "the Treasury said" -> "The Treasury"."""
    if text.startswith(("the ", "a ", "an ")):
        return text[:1].upper() + text[1:]
    return text


def _strip_possessive(text: str) -> str:
    for mark in ("'s", "\u2019s"):
        if text.endswith(mark):
            return text[: -len(mark)]
    return text


def _bare_description(head: Token) -> bool:
    """ "the company", "the former minister": a definite noun phrase that names nothing itself."""
    if head.tag_ not in ("NN", "NNS"):
        return False
    low = head.lower_
    if low not in lexicon.BODY_NOUNS and low not in lexicon.PERSON_ROLES:
        return False
    has_the = False
    for child in head.children:
        dep = child.dep_
        if dep == "det":
            if child.lower_ in ("the", "this", "that", "these", "those"):
                has_the = True
                continue
            return False
        if dep == "amod" and not child.ent_type_:
            continue
        if dep == "punct":
            continue
        return False  # a compound, possessive, "of X", apposition or clause identifies it
    return has_the


_CLITICS = {"'ll": " will", "\u2019ll": " will", "'ve": " have", "\u2019ve": " have", "'re": " are",
            "\u2019re": " are", "'m": " am", "\u2019m": " am"}


def _clitic(pronoun: Token) -> str:
    """ "She'll" with "she" replaced reads "Clinton will", not "Clinton'll"."""
    doc = pronoun.doc
    if pronoun.i + 1 < len(doc) and not pronoun.whitespace_:
        return _CLITICS.get(doc[pronoun.i + 1].lower_, "")
    return ""


def _reports_speech(attr: Attribution) -> bool:
    """Whether the sentence reports that its source said or held something: not "No
    MP has said", "would have to announce", "is expected to say"."""
    if set(attr.blockers) & {"negated", "modal"}:
        return False
    cue = attr.cue
    if "governed" in attr.blockers and cue.head.lower_ in _NOT_YET:
        return False  # "would have to announce", "plans to say": nothing said yet
    return True


# Verbs that put a cue in the future or under an obligation ("has to announce").
_NOT_YET = frozenset(
    "have has had having need needs needed plan plans planned intend intends intended want wants "
    "wanted expect expects expected hope hopes hoped set due likely going about scheduled poised "
    "able unable allowed required forced asked urged".split()
)
