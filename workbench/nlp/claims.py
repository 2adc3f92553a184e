"""The claims of one parsed sentence, as drafts (speakers of bare quotes come later).

Reading order for a sentence:

1. Not a claim: no letter or digit, web-page furniture, a question, a line with
   no statement in it (no subject with a finite verb: headings, imperatives such
   as "Skip to content", captions), a sentence that only agrees with someone
   else's view ("X shares a similar view"), or a saying verb that is negated
   with nothing said ("He has not said").
2. Attribution: a verb of saying or holding (said, told, warned, believes, added,
   denied, described ...) in the main clause, with a subject outside quotation
   marks, or "according to X".  Its speaker is the subject's phrase with its role
   ("Jamshed Iqbal Cheema, a former adviser to Khan"; "The Environment Agency and
   the Met Office"); a pronoun subject is resolved to the newest fitting person
   (he/she, with gender learnt from titles and earlier pronouns), organisation or
   group; a bare surname or "Ms X" is widened to the fuller earlier mention, and
   a possessive role is spelt out ("Its chief executive" -> "Water UK's chief
   executive").
3. Direct quotes: quoted text that opens the sentence, continues a quote from the
   sentence before, follows "said:" / "told X,", or is most of the sentence,
   becomes a claim of its own words; a quote split by its attribution ('"A," she
   said, "but B."') is one claim.  Short quoted words inside a sentence are part
   of that sentence's claim.
4. Reported content: the clause a verb of saying governs ("X said (that) C",
   "C, said X") becomes the claim C, made standalone (a pronoun subject or its
   possessive resolved; "he" meaning the speaker becomes the speaker's name).  The
   clause must stand alone (a finite verb and its own subject); "Analysts expect
   profit to recover" stays a whole sentence with its speaker.
5. A saying or believing verb without such a clause ("X warned Islamabad against
   ...", "X denied the charges") makes the whole sentence the claim, with its
   speaker.
6. Anything else: the sentence, with sentence-linking words dropped ("But",
   "also", ", meanwhile,"), a leading label dropped ("A:", "Analysis:"), and a
   pronoun subject replaced by its referent (a passive "they were released"
   prefers the previous sentence's object); a list of named items splits into
   one claim per item (see lists.py); a designation that leaves its role unsaid
   right after one that said it gets it in brackets ("It also designated X" ->
   "The United States designated X [as a global terrorist]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon, lists
from workbench.nlp.discourse import Discourse, Mention, Speaker
from workbench.nlp.kinds import classify
from workbench.nlp.quotes import MARK_CHARS, MARKS, Quote, QuoteMap

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_WORD = re.compile(r"\w")
_QUOTE_MIN_WORDS = 3
_PRONOUN_KIND = {"he": "person", "she": "person", "it": "thing", "they": "group"}
_PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "his": "m", "her": "f"}
_SPEAKER_KIND = {"person", "thing", "group"}
_EXPLETIVE_HEADS = frozenset(
    "is was be been are were seems seemed appears appeared remains remained "
    "becomes became takes took happens happened 's".split()
)


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


@dataclass(slots=True)
class Attribution:
    verb: Token
    subject: Token
    content: tuple[int, int] | None  # token range of the reported clause
    content_head: Token | None
    according: tuple[int, int] | None = None  # the "according to X" phrase


@dataclass(slots=True)
class SentencePlan:
    drafts: list[Draft]
    speaker: str | None = None  # the sentence's own attribution
    speaker_mention: Mention | None = None
    frame: ListFrame | None = None  # "The following stations will reopen:" before list lines


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

    # ------------------------------------------------------------------ entry

    def read(self, sent: Span, number: int) -> SentencePlan:
        """Drafts for ``sent`` (the document's sentence ``number``); updates memory."""
        subjects, speech = _scan(sent, self.quotes.inside)
        self._remember(sent, number, subjects)
        if not self._claimable_text(sent):
            return SentencePlan([])
        quoted = self.quotes.quotes_in(sent.start, sent.end)
        attributions = self._attributions(sent, speech)
        direct = _join_split_quotes(self.doc, [r for r in quoted if self._direct(sent, r, attributions)], quoted)
        # A verb like "added" or "found" attributes only when something is said:
        # a content clause, a direct quote beside it, or a verb that is itself saying.
        attributions = [
            a for a in attributions
            if a.content is not None
            or direct
            or a.verb.lower_ in lexicon.SAYING_VERBS
            or a.verb.lower_ in lexicon.COGNITION_VERBS
        ]
        plan = SentencePlan([])
        speaker_of: dict[int, tuple[str | None, Mention | None]] = {}
        for attr in attributions:
            speaker_of[attr.verb.i] = self._speaker(attr.subject, number, whole=attr.according is not None)
        main = attributions[0] if attributions else None
        if main is not None:
            plan.speaker, plan.speaker_mention = speaker_of[main.verb.i]
            if plan.speaker:
                self.memory.last_speaker = _speaker_record(plan, self.para, number)

        for first, end, gap in direct:
            draft = self._quote_draft(first, end, gap)
            if draft is None:
                continue
            draft.quote = self._quote_at(first)
            draft.speaker = plan.speaker
            draft.attributed = plan.speaker is not None
            plan.drafts.append(draft)

        covered = [(a - 1, b + 1) for a, b, _ in direct]
        for attr in attributions:
            speaker, mention = speaker_of[attr.verb.i]
            if attr.content is None:
                continue
            if any(_overlaps(attr.content, c) for c in covered):
                continue
            draft = self._reported_draft(attr, speaker, mention, number, plan)
            if draft is not None:
                plan.drafts.append(draft)
                covered.append(attr.content)

        if plan.drafts:
            return plan
        if not grammar.has_predicate(sent) or self._echo(sent):
            return plan
        if main is not None and (
            main.verb.lower_ in lexicon.SAYING_VERBS or main.verb.lower_ in lexicon.COGNITION_VERBS
        ):
            if any(c.dep_ == "neg" for c in main.verb.children):
                return plan  # "He has not said": nothing was claimed
            for draft in self._plain_drafts(sent, number):
                draft.speaker = plan.speaker
                draft.attributed = plan.speaker is not None
                plan.drafts.append(draft)
            return plan
        plan.drafts.extend(self._plain_drafts(sent, number, plan))
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

    # ------------------------------------------------------------------ attribution

    def _attributions(self, sent: Span, candidates: list[Token]) -> list[Attribution]:
        inside = self.quotes.inside
        found: list[Attribution] = []
        for token in candidates:
            low = token.lower_
            if low == "according":
                attr = self._according(sent, token)
                if attr is not None:
                    found.append(attr)
                continue
            if not self._main_speech(token):
                continue
            subject = grammar.subject_of(token)
            if subject is None or inside[subject.i] or subject.tag_ in ("WP", "WDT"):
                continue
            if subject.lower_ in ("i", "we", "you"):
                continue
            content, head = self._content(sent, token)
            if content is not None and not _statement(head, content):
                content, head = None, None  # "expect profit to recover": keep the whole sentence
            found.append(Attribution(token, subject, content, head))
        return found

    def _main_speech(self, verb: Token) -> bool:
        """The verb is in the main clause, not inside another speaker's content."""
        token = verb
        for _ in range(5):
            dep = token.dep_
            if dep == "ROOT":
                return True
            if dep not in grammar.MAIN_DEPS:
                return False
            head = token.head
            if dep == "ccomp" and head.lower_ in lexicon.SPEECH_VERBS:
                return False
            token = head
        return False

    def _content(self, sent: Span, verb: Token) -> tuple[tuple[int, int] | None, Token | None]:
        inside = self.quotes.inside
        for child in verb.children:
            if child.dep_ != "ccomp":
                continue
            if inside[child.left_edge.i] or self.doc[child.left_edge.i].text in MARKS:
                return None, None  # the whole clause is quoted: a direct quote
            start, end = child.left_edge.i, child.right_edge.i + 1
            if end > verb.i > start:
                end = verb.i  # "C, he said": stop before the attribution
            start, end = self._trim(start, end)
            while start < end and self.doc[start].dep_ == "mark" and self.doc[start].head.i == child.i:
                start += 1
            if start < end:
                return (start, end), child
        # "C, he said" parsed with the saying verb hung on the content.
        if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.head.tag_ in grammar.VERB_TAGS:
            head = verb.head
            if not inside[head.i] and not verb.head.lower_ in lexicon.SPEECH_VERBS:
                start, end = self._trim(sent.start, verb.left_edge.i)
                if start < end:
                    return (start, end), head
        return None, None

    def _according(self, sent: Span, token: Token) -> Attribution | None:
        doc = self.doc
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            return None
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase = (token.left_edge.i, max(token.right_edge.i + 1, source.right_edge.i + 1))
        # The content is the rest of the sentence.
        if phrase[0] <= sent.start + 1:
            start, end = phrase[1], sent.end
        else:
            start, end = sent.start, phrase[0]
            if sent.end - phrase[1] > phrase[0] - sent.start:
                start, end = phrase[1], sent.end
        start, end = self._trim(start, end)
        if start >= end:
            return None
        head = sent.root if sent.root.i != token.i and sent.root.tag_ in grammar.VERB_TAGS else None
        return Attribution(token, source, (start, end), head, according=phrase)

    def _speaker(self, subject: Token, number: int, *, whole: bool = False) -> tuple[str | None, Mention | None]:
        """Who is speaking; ``whole`` takes the full phrase ("according to a study
        published on Wednesday in the European Heart Journal")."""
        low = subject.lower_
        kind = _PRONOUN_KIND.get(low)
        if kind is not None:
            mention = self.memory.resolve(
                kind, number, self.base + subject.idx, quoted_ok=False, gender=_PRONOUN_GENDER.get(low, ""),
                about="speaker",
            )
            if mention is None:
                return None, None
            return mention.speaker, mention
        text = grammar.speaker_text(subject)
        owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in lexicon.POSSESSIVE_PRONOUNS), None)
        if owner is not None:
            # "Its chief executive, David Henderson" -> "Water UK's chief executive, ..."
            referent = self._referent(lexicon.POSSESSIVE_PRONOUNS[owner.lower_], owner, number, None)
            if referent is not None and text.lower().startswith(owner.lower_ + " "):
                text = _possessive(referent.text) + text[len(owner.text):]
        if whole:
            whole_text = grammar.span_text(self.doc, subject.left_edge.i, subject.right_edge.i + 1)
            if len(whole_text) <= 160:
                text = whole_text
        mention = None
        name = grammar.name_of(subject)
        if subject.tag_ in ("NNP", "NNPS"):
            fuller = self.memory.full_name(name)
            if fuller is not None:
                return fuller.speaker, fuller
        kind = grammar.mention_kind(subject) or "thing"
        mention = self._mention(subject, kind, number, subject=True)
        return text or None, mention

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
        return Draft(start, end, text, head, (start, end), direct=True, parts=parts)

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
        extra: list[Mention] = []
        head = attr.content_head
        if head is not None:
            subject = grammar.subject_of(head)
            if subject is not None and start <= subject.i < end:
                # "The ministry said it would ...": "it" is the ministry. But in
                # "It was the worst quake, according to the agency" the source
                # is not what the sentence is about.
                about = None if attr.according is not None else speaker_mention
                self._resolve_into(subject, number, subst, extra, about)
        skip = set()
        if attr.according is not None:
            a, b = attr.according
            skip.update(range(a, b))
        text = grammar.finish(grammar.render(self.doc, start, end, skip=skip, subst=subst))
        if not text or not _WORD.search(text) or _asks(text):
            return None
        sent = attr.verb.sent
        colon = _final_colon(self.doc, sent, start)
        if plan is not None and head is not None and colon is not None and end <= colon:
            # "The Treasury said the following people were designated:" + list lines.
            plan.frame = self._list_frame(start, colon, head, skip, subst, speaker=speaker)
        return Draft(
            sent.start, sent.end, text, head, (start, end), attributed=speaker is not None,
            speaker=speaker, parts=[(start, end)], extra=extra,
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
        subject = grammar.subject_of(root)
        if subject is not None:
            self._resolve_into(subject, number, subst, extra, None)
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
            return [Draft(sent.start, sent.end, text, root, (start, end), parts=[(start, end)], extra=extra)]
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
            drafts.append(Draft(item.start, item.end, text, root, (frame_start, frame_end), parts=parts, extra=extra))
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
        extra: list[Mention],
        speaker: Mention | None,
    ) -> None:
        """Put the referent of a pronoun subject (or its possessive) into ``subst``."""
        low = subject.lower_
        kind = _PRONOUN_KIND.get(low)
        if kind is not None:
            if kind == "thing" and _expletive(subject):
                return
            mention = self._referent(kind, subject, number, speaker, about="content")
            if mention is not None:
                subst[subject.i] = _capitalised(mention.text, subject)
                extra.append(mention)
            return
        for child in subject.children:
            if child.dep_ == "poss" and child.lower_ in lexicon.POSSESSIVE_PRONOUNS:
                kind = lexicon.POSSESSIVE_PRONOUNS[child.lower_]
                mention = self._referent(kind, child, number, speaker)
                if mention is not None:
                    subst[child.i] = _capitalised(_possessive(mention.text), child)
                    extra.append(mention)
                return

    def _referent(
        self, kind: str, token: Token, number: int, speaker: Mention | None, *, about: str = ""
    ) -> Mention | None:
        gender = _PRONOUN_GENDER.get(token.lower_, "")
        if speaker is not None and speaker.kind == kind and (not gender or speaker.gender in ("", gender)):
            return speaker  # "Smith said he would resign": he is Smith
        mention = self.memory.resolve(
            kind, number, self.base + token.idx, quoted_ok=kind != "person", gender=gender,
            passive=token.dep_ == "nsubjpass", about=about,
        )
        if mention is not None and kind == "thing" and mention.name and _names_in(token.sent, mention.name, token):
            return None  # "It is City's first title": the name is already there; "it" is the event
        return mention

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
        source = subject and main and verb.lower_ in lexicon.SPEECH_VERBS
        reported = subject and head_dep == "ccomp" and verb.head.dep_ == "ROOT" and verb.head.lower_ in lexicon.SPEECH_VERBS
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


def _speaker_record(plan: SentencePlan, para: int, number: int) -> Speaker:
    return Speaker(plan.speaker or "", plan.speaker_mention, para, number)


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
    return 0 < len(words) <= 7 and len(verbs) == 1 and verbs[0].lower_ in lexicon.SPEECH_VERBS


def _scan(sent: Span, inside: bytearray) -> tuple[list[Token], list[Token]]:
    """One pass over the sentence: its subjects, and the words that may attribute it."""
    subjects: list[Token] = []
    speech: list[Token] = []
    verb_tags = grammar.VERB_TAGS
    speech_verbs = lexicon.SPEECH_VERBS
    for token in sent:
        dep = token.dep_
        if dep == "nsubj" or dep == "nsubjpass" or dep == "dobj":
            subjects.append(token)
        low = token.lower_
        if (low in speech_verbs and token.tag_ in verb_tags or low == "according") and not inside[token.i]:
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


def _statement(head: Token | None, content: tuple[int, int]) -> bool:
    """A reported clause that stands alone: a finite verb and its own subject.

    Also a clause the parser split wrongly ("say [building codes introduced after
    the quake] were never enforced", with "introduced" taken for the verb): a
    subject followed, inside the clause, by a finite verb or auxiliary.
    """
    if head is None:
        return False
    finite = head.tag_ in grammar.FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in grammar.FINITE_TAGS for c in head.children
    )
    if finite:
        subject = grammar.subject_of(head, depth=1)
        return subject is not None and content[0] <= subject.i < content[1]
    doc = head.doc
    subject_at = next(
        (i for i in range(content[0], content[1]) if doc[i].dep_ in ("nsubj", "nsubjpass")), None
    )
    return subject_at is not None and any(
        doc[i].tag_ in grammar.FINITE_TAGS for i in range(subject_at + 1, content[1])
    )


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
