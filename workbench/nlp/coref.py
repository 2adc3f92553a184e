"""Discourse and coreference: the memory pronouns and descriptions resolve against.

Size: the memory, its scan and its sureness rules are one unit: what "sure"
means depends on how the scan ranked the candidates.

A bounded list of recent mentions (noun phrases that were subjects, and named
entities), newest last.  A pronoun resolves to the newest mention of the right
sort (person for he/she, thing for it, group for they) within a few sentences,
preferring the subjects of earlier clauses, which is what a reader does with
"It also designated ..." after "The United States named ...".  Lookups scan at
most ``MAX_MENTIONS`` entries, so resolution is linear in the document.

A resolution is *sure* (:meth:`Discourse.resolve_sure`) only when the antecedent
is a clause subject of this or the previous sentence and no other mention that
agrees in sort and gender is as recent, or when the pronoun's clause says it
carries on ("It also designated ...") from that subject.  Claim texts are only
rewritten with sure resolutions; anything else is left as the article has it
and the claim is marked as needing context.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.nlp import grammar
from workbench.nlp.lexicon import (
    AGENT_ENDINGS, ANIMATE_VERBS, FEMALE_MARKERS, MALE_MARKERS, PEOPLE_NOUNS, PERSON_ROLES, RANKS, SPEECH_VERBS,
    TITLE_ROLES, TITLES,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from spacy.tokens import Doc, Token

MAX_MENTIONS = 64
_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,})\b")
WINDOW = {"person": 6, "thing": 4, "group": 4}  # sentences back a pronoun may reach
SPEAKER_WINDOW = 15  # sentences back "he said" may reach for the last person who spoke
DESCRIBE_WINDOW = 25  # sentences back a description ("the company") may reach
# Nouns any company can be called ("the firm"), unlike "the campaign" or "the ministry",
# which must be in the name they stand for.
GENERIC_ORGS = frozenset(
    "company firm business corporation group carrier airline bank retailer manufacturer maker chain "
    "operator supplier developer publisher studio label network broadcaster lender insurer".split()
)


class Mention:
    """A noun phrase the text talked about.  Its texts are built only when asked
    for (most mentions are never the answer to a pronoun)."""

    __slots__ = (
        "kind", "subject", "quoted", "sent", "para", "start", "end", "label", "main", "gender",
        "_head", "_base", "_text", "_name", "_speaker", "_alone", "obj", "source", "reported", "phrase_end",
    )

    def __init__(
        self,
        head: Token | None,
        base: int,
        *,
        kind: str,
        subject: bool,
        quoted: bool,
        sent: int,
        para: int,
        label: str = "",
        main: bool = False,
        gender: str = "",
        text: str | None = None,
        name: str | None = None,
        speaker: str | None = None,
        alone: bool = False,
        obj: bool = False,
    ) -> None:
        self.source = False  # the subject of a saying verb: "the agency said"
        self.reported = False  # the subject of what a saying verb reported
        self.kind = kind  # "person" | "thing" | "group"
        self.subject = subject  # subject of a clause
        self.quoted = quoted  # inside quotation marks
        self.sent = sent  # running sentence number in the document
        self.para = para
        self.label = label  # entity label, if any
        self.main = main  # subject of the sentence's main clause
        self.gender = gender  # "m" or "f" once a title, role or resolved he/she has shown it
        self._head = head
        self._base = base
        # Document offsets of the head word: what "comes before" a pronoun is judged on.
        self.start = base + head.left_edge.idx if head is not None else base
        self.end = base + head.idx + len(head) if head is not None else base
        # End of the whole phrase (with its prepositional tail): mentions inside it are parts of it.
        self.phrase_end = base + head.right_edge.idx + len(head.right_edge) if head is not None else base
        self._text = text
        self._name = name
        self._speaker = speaker
        self._alone = alone  # an entity inside a coordination: its own phrase, not the group's
        self.obj = obj  # direct object of a clause

    @property
    def head(self) -> Token | None:
        return self._head

    @property
    def base(self) -> int:
        """Document offset of the parsed chunk the mention is in."""
        return self._base

    @property
    def text(self) -> str:
        """The phrase that can stand in for a pronoun ("The United States")."""
        if self._text is None:
            self._text = grammar.phrase_text(self._head, with_conj=self._group) if self._head is not None else ""
            first = self._head.doc[grammar.np_start(self._head)] if self._head is not None else None
            if first is not None and first.is_sent_start and first.is_title and first.tag_ not in ("NNP", "NNPS") and (
                not first.ent_type_ and self._text.startswith(first.text) and self.kind != "person"  # "Sessions"
            ):
                # "Online betting" at the start of its sentence is "online betting" mid-claim
                # (capitalised() puts the capital back where a claim starts with it)
                self._text = first.text.lower() + self._text[len(first.text):]
        return self._text

    @property
    def name(self) -> str:
        """The short name ("Imran Khan")."""
        if self._name is None:
            self._name = grammar.name_of(self._head) if self._head is not None else ""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    @property
    def _group(self) -> bool:
        """Whether the phrase takes in the names coordinated with its head: a person is
        one person ("Podesta" after "John Podesta and Jennifer Palmieri")."""
        return not self._alone and self.kind != "person"

    @property
    def speaker(self) -> str:
        """The phrase with its role, as a speaker ("X, an analyst")."""
        if self._speaker is None:
            self._speaker = (
                grammar.speaker_text(self._head, with_conj=self._group) if self._head is not None else self.text
            )
        return self._speaker

    @speaker.setter
    def speaker(self, value: str) -> None:
        self._speaker = value

    def phrase_span(self) -> tuple[int, int]:
        """Document offsets of the whole phrase (for an entity record)."""
        head = self._head
        if head is None:
            return self.start, self.end
        doc = head.doc
        start = grammar.np_start(head)
        end = grammar.np_end(head, with_appos=False, with_conj=self._group)
        last = doc[end - 1]
        return self._base + doc[start].idx, self._base + last.idx + len(last)


@dataclass(slots=True)
class Speaker:
    text: str
    mention: Mention | None
    para: int
    sent: int


class Discourse:
    def __init__(self) -> None:
        self.mentions: deque[Mention] = deque(maxlen=MAX_MENTIONS)
        self.by_name: dict[str, Mention] = {}
        self.genders: dict[str, str] = {}  # surname -> "m" / "f"
        self.shared: set[str] = set()  # surnames of two people named in full ("Marcel Lazar", "his wife, Gabriela Lazar")
        self.last_speaker: Speaker | None = None
        self.role: tuple[int, str] | None = None  # (sentence, "as a global terrorist") of a listing act
        self.name_words: frozenset[str] = frozenset()  # capitalised mid-sentence somewhere in the document
        self.person_words: frozenset[str] = frozenset()  # surnames of full person names anywhere in it

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.kind == "person" and mention.name:
            key = _surname(mention.name)
            words = _bare(mention.name)
            earlier = self.by_name.get(key)
            if len(words) > 1 and earlier is not None and _other_person(earlier, mention):
                self.shared.add(key)
                self.genders.pop(key, None)
            if key in self.shared:
                pass  # the surname alone says neither who nor which gender
            elif mention.gender:
                self.genders.setdefault(key, mention.gender)
            elif key in self.genders:
                mention.gender = self.genders[key]
            if len(words) > 1:
                self.by_name[words[-1].lower()] = mention
                self.by_name[mention.name.lower()] = mention
            else:
                # A bare surname must not hide the fuller mention it refers to.
                self.by_name.setdefault(mention.name.lower(), mention)

    def resolve(
        self,
        kind: str,
        sent: int,
        before: int,
        *,
        quoted_ok: bool = True,
        gender: str = "",
        passive: bool = False,
        about: str = "",
    ) -> Mention | None:
        """The newest fitting mention that ends before document offset ``before``.

        The newest sentence with a fitting subject wins (its main-clause subject
        first), else the newest fitting mention; a person known to be of the other
        gender is skipped.  A he/she match teaches the
        memory that person's gender.
        """
        found = self._scan(kind, sent, before, quoted_ok, gender, strict=True, passive=passive, about=about)
        if found is None and kind == "group":
            # Organisations are "it" in American and "they" in British usage.
            found = self._scan(kind, sent, before, quoted_ok, gender, strict=False, passive=passive, about=about)
        if found is not None and gender and _rank(found, passive, about) is not None and (
            self._sure(found, kind, sent, before, quoted_ok, gender, passive, about, False)
        ):
            # Learnt only from a subject no other person competes with: a fallback to
            # any mention, or a pick between two people, is a guess, and a wrong "she"
            # learnt for a man would mislead every later "she".
            if _surname(found.name) not in self.shared:
                self.genders.setdefault(_surname(found.name), gender)
        return found

    def resolve_sure(
        self,
        kind: str,
        sent: int,
        before: int,
        *,
        quoted_ok: bool = True,
        gender: str = "",
        passive: bool = False,
        about: str = "",
        carries_on: bool = False,
    ) -> tuple[Mention | None, bool]:
        """Like :meth:`resolve`, and whether the answer is sure (see the module docstring)."""
        found = self.resolve(kind, sent, before, quoted_ok=quoted_ok, gender=gender, passive=passive, about=about)
        if found is None:
            return None, False
        return found, self._sure(found, kind, sent, before, quoted_ok, gender, passive, about, carries_on)

    def _sure(
        self, found: Mention, kind: str, sent: int, before: int, quoted_ok: bool, gender: str, passive: bool,
        about: str, carries_on: bool,
    ) -> bool:
        rank = _rank(found, passive, about)
        if rank is None or found.sent < sent - 2:
            return False
        if about == "content" and kind == "group" and found.source and found.sent < sent and _people(found):
            # "Advocates estimate there could be 18,000 in this situation. Growing up, they
            # were able to ...": the people who reported are rarely what a later "they"
            # doing something else is about.
            return False
        if carries_on and found.main and not (kind == "person" and self._subject_person(found, gender, before)):
            return True
        if kind == "thing" and found.head is not None and _other_things(found, about, before):
            # "Lumen said VaultGuard would block DiscFree. It circumvents CSS": which one
            # circumvents is world knowledge, not grammar; a reader of the claim alone
            # could not tell, so neither can we.
            return False
        if found.head is not None and nested_rival(found.head, kind, gender, self._token_gender):
            return False
        key = _identity(found)
        if kind == "person" and self.other_gender_clue(found, gender, sent):
            return False
        for mention in reversed(self.mentions):
            if mention.sent < found.sent:
                break
            if mention is found or mention.end > before or _identity(mention) == key:
                continue
            if found.start <= mention.start and mention.end <= found.phrase_end:
                continue  # inside the antecedent's own phrase ("leaders of AQIS")
            if not _fits(mention, kind):
                continue
            if mention.quoted and not quoted_ok:
                continue
            if gender and self.gender_of(mention) not in ("", gender):
                continue
            if mention.sent > found.sent:
                # Something of the same sort named since, in any role ("Obama and Xi have
                # other topics to discuss. They include ..."): the nearer one may be meant.
                return False
            other = _rank(mention, passive, about)
            if passive and found.obj and mention.subject and mention.sent == found.sent and (
                _people(mention) and not _people(found)
            ):
                # "The men were wearing shirts. They were noticed": the things a passive
                # pronoun would take from the object, or the people who are the subject, is
                # world knowledge ("Police arrested two men. They were released": people both).
                return False
            if kind == "person" and mention.subject and not mention.source and mention.sent == found.sent:
                return False  # "Ryan wasn't the one whom Trump refused to endorse. He also ...": either
            if other is None or other > rank:
                continue  # less salient: an entity in a prepositional phrase, a source for content
            return False  # another fitting mention as salient and as recent: a reader could not be sure either
        return True

    def _scan(
        self, kind: str, sent: int, before: int, quoted_ok: bool, gender: str, *, strict: bool, passive: bool,
        about: str = "",
    ) -> Mention | None:
        """Newest sentence with a fitting subject wins (its main-clause subject first;
        for a passive pronoun, its object: "Police arrested two men. They were
        released"); failing any subject, the newest fitting mention."""
        oldest = sent - WINDOW.get(kind, 4)
        best_subject: Mention | None = None
        best_any: Mention | None = None
        for mention in reversed(self.mentions):
            if mention.sent < oldest:
                break
            if best_subject is not None and mention.sent < best_subject.sent:
                break
            if mention.end > before:
                continue
            if mention.kind != kind and (strict or not _fits(mention, kind)):
                continue
            if mention.quoted and not quoted_ok:
                continue
            if gender and self.gender_of(mention) not in ("", gender):
                continue
            rank = _rank(mention, passive, about)
            if rank is not None and (best_subject is None or rank < _rank(best_subject, passive, about)):
                best_subject = mention
            if best_any is None:
                best_any = mention
        return best_subject or best_any

    def gender_of(self, mention: Mention) -> str:
        """The gender the document has shown for a person ("" when it has not)."""
        return mention.gender or self.genders.get(_surname(mention.name), "")

    def describe(self, head: Token, sent: int, before: int, *, names: frozenset[str] = frozenset()) -> Mention | None:
        """The one named mention a bare description can stand for: "the company" for
        EMI, "the minister" for Interior Minister Rana Sanaullah Khan.

        Organisation nouns look for organisations (those whose name holds the noun
        first: "the agency" is the Environment Agency); role nouns look for people
        whose role or title holds the noun.  With two or more candidates there is no
        answer: a reader could not tell either.
        """
        noun = head.lower_
        person = noun in PERSON_ROLES
        plural = noun.endswith("s") and not person
        # "the president" is not Vice President Biden, nor "the former minister" the minister
        rank = next((c.lower_ for c in head.children if c.dep_ in ("amod", "compound") and c.lower_ in RANKS), None)
        found: dict[str, Mention] = {}
        strong: dict[str, Mention] = {}
        orgs: set[str] = set()  # every organisation named in the window, in any role
        for mention in reversed(self.mentions):
            if mention.sent < sent - DESCRIBE_WINDOW:
                break
            if mention.end > before or not mention.name or mention.name.lower() == noun or plural:
                continue
            if mention.quoted:
                continue  # a speaker's own word for it ("the Kennedy Court"), not the article's
            if noun in mention.name.split():
                continue  # "Prime minister insists ..." in a headline: the role written, no name
            own = mention.head
            headed = own is not None and own.lower_ == noun
            if headed and not (own.tag_ in ("NNP", "NNPS") or any(t.tag_ in ("NNP", "NNPS") for t in own.lefts)):
                continue  # another bare description, not a name
            key = _identity(mention)
            if person:
                words = _role_words(mention.speaker)
                if mention.kind != "person" or noun not in words or not names <= words:
                    continue
                if _office_rank(mention.speaker, noun) != rank:
                    continue
                found.setdefault(key, mention)
            else:
                if mention.label not in ("ORG", "GPE") or mention.kind == "person":
                    continue
                if mention.label == "ORG":
                    orgs.add(key)
                if headed:
                    # "the agency" for the Environment Agency, "the group" for the Islamic State
                    # group; not "the state" for "the New Hampshire state Senate", where the
                    # noun only qualifies another.
                    strong.setdefault(key, mention)
                elif noun in GENERIC_ORGS and mention.subject and mention.label == "ORG":
                    found.setdefault(key, mention)
        # "The network" for the one company that was a subject is a guess when the
        # window names other organisations too ("the Murdochs", "Fox News", "21st
        # Century Fox"): only a name that holds the noun, or the only one named, is sure.
        pool = strong or (found if person or len(orgs) == 1 else {})
        if len(pool) == 1:
            return next(iter(pool.values()))
        return None

    def recent_speaker(self, sent: int, gender: str, *, window: int = SPEAKER_WINDOW) -> Mention | None:
        """The newest person who spoke (a source) within ``window`` sentences, of a
        compatible gender; for a "he said" whose person was named long before."""
        for mention in reversed(self.mentions):
            if mention.sent < sent - window:
                break
            if mention.kind != "person" or not mention.source or mention.quoted:
                continue
            if gender and self.gender_of(mention) not in ("", gender):
                continue
            return mention
        return None

    def known_name(self, word: str) -> bool:
        """Whether a capitalised word is a name: used before, or written capitalised
        in the middle of a sentence somewhere in the document ("Trump" in a headline)."""
        return word in self.name_words or self.full_name(word) is not None

    def full_name(self, name: str) -> Mention | None:
        """An earlier, fuller mention of a person named only by a surname ("said Rehman",
        "Ms Dunmore")."""
        words = _bare(name)
        if len(words) != 1:
            return None
        if words[0].lower() in self.shared:
            return None  # "Lazar" after Marcel Lazar and Gabriela Lazar: which one is not said
        found = self.by_name.get(words[0].lower())
        if found is not None and len(_bare(found.name)) > 1:
            return found
        return None

    def new_section(self) -> None:
        """A separator or time heading between entries: forget who was talked about and who
        spoke, but not the names (a surname still finds its full name)."""
        self.mentions.clear()
        self.last_speaker = None
        self.role = None

    def read_names(self, text: str, docs: Iterable[Doc]) -> None:
        """What the whole document says of its names, before its first sentence is read."""
        self.name_words = frozenset(_MID_SENTENCE_NAME.findall(text))
        self.person_words = person_surnames(docs)

    def known_person(self, name: str) -> bool:
        """Whether a one-word name was used for a person before, or is the surname of
        a person the document names in full ("Trump" in an article that says "Donald
        Trump" somewhere, which the entity recogniser may call an organisation)."""
        found = self.by_name.get(name.lower())
        return found is not None and found.kind == "person" or name.lower() in self.person_words

    def rival_before(self, pronoun: Token, found: Mention, kind: str, gender: str) -> bool:
        """Whether the pronoun's own sentence, before it, names something else it could
        mean: "... traditional print media as it converts to digital: It now has
        ratings" is not about the screens of the sentence before, and in "Murphy, who
        campaigned alongside Mrs. Clinton, said she must focus ..." the "she" is not
        a woman named earlier.  A reader of the claim alone could not tell."""
        doc = pronoun.doc
        lo = hi = -1
        here = False  # the antecedent is a subject in this sentence: only another subject competes
        if found.head is not None and found.head.doc is doc:
            lo, hi = found.head.left_edge.i, found.head.right_edge.i
            here = found.subject and found.head.sent.start == pronoun.sent.start
        same = _SAME_PRONOUN.get(pronoun.lower_, frozenset())
        names = set(_bare(found.name)) if found.name else set()  # "If Clinton ..., she would": the same one
        people = 0  # people named before a plural pronoun in its sentence: together, who "their" may be
        for token in doc[pronoun.sent.start : pronoun.i]:
            if token.lower_ in same and token.dep_ in ("nsubj", "nsubjpass"):
                return True  # "They left ... with their parents; they went": the first says who
            if kind == "group" and token.dep_ not in ("compound", "case") and not token.is_punct and not (lo <= token.i <= hi) and (
                token.ent_type_ == "PERSON" or token.tag_ == "NNP" and self.known_person(token.text)
            ):
                people += 1
                if people == 2:
                    return True  # "Kelly would seek an interview with Trump, but their relationship ..."
            if lo <= token.i <= hi or token.dep_ == "compound" or token.text in names and token.tag_ in ("NNP", "NNPS"):
                continue  # a name said again is the same one; a common noun again ("people") need not be
            if here and token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if kind == "thing":
                if token.tag_ in ("NN", "NNP") and token.ent_type_ not in _NOT_THINGS and token.lower_ not in _EMPTY:
                    return True
            elif kind == "person":
                if token.ent_type_ == "PERSON" and token.tag_ == "NNP" or token.tag_ == "NN" and token.lower_ in PERSON_ROLES:
                    if not gender or self._token_gender(token) in ("", gender):
                        return True
            elif _plural_rival(token):
                return True
            elif _subject_pair(token):
                return True  # "As Johnson and Weld stumped ..., they were recognized": the pair
        if kind == "thing":
            return _in_previous(pronoun, found, _singular_rival)
        if kind == "person" and found.source and found.head is not None and found.head.doc is doc:
            # "But Mr. Kim's execution has been challenged, Mr. Solomon said. He has
            # directed ...": the one talked about, not only the one talking, may be meant.
            return any(
                t.dep_ == "poss" and t.tag_ == "NNP" and t.ent_type_ == "PERSON" and t.text not in names
                and not lo <= t.i <= hi and (not gender or self._token_gender(t) in ("", gender))
                for t in found.head.sent
            )
        return kind == "group" and _in_previous(pronoun, found, _plural_rival)

    def subject_pronoun_before(self, pronoun: Token, found: Mention) -> bool:
        """Whether the same pronoun is a subject earlier in the pronoun's own sentence, and
        the antecedent was named in that sentence after it: "He declared that ... Donald
        Trump would have a path, which he declared a disaster" is the first "he" again
        (whoever that is), not Trump."""
        head = found.head
        if head is None or head.doc is not pronoun.doc or head.sent.start != pronoun.sent.start:
            return False
        same = _SAME_PRONOUN.get(pronoun.lower_, frozenset())
        return any(t.lower_ in same and t.dep_ in ("nsubj", "nsubjpass") and t.i < head.i
                   for t in pronoun.doc[pronoun.sent.start : pronoun.i])

    def reported_group_before(self, speaker: Mention, sent: int) -> bool:
        """Whether the sentence before names another group as the subject of what was
        reported ("Trump supporters say that transgenders should use ... Clinton
        supporters say they should use ..."): the speakers' "they" may be that group."""
        key = _identity(speaker)
        for mention in reversed(self.mentions):
            if mention.sent < sent - 1:
                break
            if mention.sent == sent - 1 and mention.reported and mention.kind == "group" and _identity(mention) != key:
                return True
        return False

    def pair_before(self, pronoun: Token, found: Mention) -> bool:
        """Whether "they" follows, in its own sentence, two names coordinated as a subject
        that the antecedent is not ("As Johnson and Weld stumped ..., they said")."""
        head = found.head
        for token in pronoun.doc[pronoun.sent.start : pronoun.i]:
            if _subject_pair(token) and not (head is not None and head.doc is token.doc and head.i == token.i):
                return True
        return False

    def other_gender_clue(self, found: Mention, gender: str, sent: int) -> bool:
        """Another person the text has shown to be of the pronoun's gender, named in the
        pronoun's window, when the antecedent's gender is not known and its own sentence
        has a pronoun of the other gender: "Elise Labott ... Reines asked the reporter to
        join him ... She sent an email" is Labott to a reader."""
        if not gender or self.gender_of(found):
            return False
        head = found.head
        other = _SAME_PRONOUN["she" if gender == "m" else "he"]
        clues = [found.base + t.idx for t in head.sent if t.lower_ in other] if head is not None else []
        if not clues:
            return False  # only where the antecedent's own sentence has a pronoun of the other gender
        opposite = "f" if gender == "m" else "m"
        for m in reversed(self.mentions):
            if m.sent < found.sent:
                break
            if m.sent == found.sent and m is not found and m.kind == "person" and m.start < clues[0] and (
                self.gender_of(m) in ("", opposite)
            ):
                return False  # ... that someone else named before it may explain ("since her 2008 bid": Clinton's)
        key = _identity(found)
        oldest = sent - WINDOW.get("person", 4)
        for mention in reversed(self.mentions):
            if mention.sent < oldest:
                break
            if mention.kind != "person" or mention.quoted or _identity(mention) == key:
                continue
            if mention.start >= found.start or _surname(mention.name) == _surname(found.name):
                continue
            if self.gender_of(mention) == gender:
                return True
        return False

    def _token_gender(self, token: Token) -> str:
        for left in token.doc[max(0, token.i - 3) : token.i]:
            low = left.lower_.rstrip(".")
            if low in MALE_MARKERS:
                return "m"
            if low in FEMALE_MARKERS:
                return "f"
        return self.genders.get(token.lower_, "")

    def _subject_person(self, found: Mention, gender: str, before: int) -> bool:
        """Another person who is a clause subject in the antecedent's sentence."""
        surname = _surname(found.name or found.text)
        for mention in reversed(self.mentions):
            if mention.sent < found.sent:
                break
            if mention.sent != found.sent or mention is found or mention.end > before or mention.kind != "person":
                continue
            if not mention.subject or mention.source or mention.quoted or _surname(mention.name or mention.text) == surname:
                continue
            if not gender or self.gender_of(mention) in ("", gender):
                return True
        return False

    def rival_in_paragraph(self, found: Mention, gender: str, para: int) -> bool:
        """Whether a pronoun in paragraph ``para`` reaches back to the antecedent's
        paragraph and that paragraph names another person the pronoun could mean: after
        '... fired back at Trump. "...," Calderon said.' a paragraph that opens "He
        implied a judge was biased" may be about either."""
        if found.para == para:
            return False
        surname = _surname(found.name or found.text)
        for mention in reversed(self.mentions):
            if mention.para < found.para:
                break
            if mention.para != found.para or mention is found or mention.kind != "person" or mention.quoted:
                continue
            name = mention.name or mention.text
            if _surname(name) == surname:
                continue
            known = self.gender_of(mention)
            if known and gender and known != gender:
                continue
            if known or len(_bare(name)) > 1 or self.known_person(name):
                return True  # a person the article has shown as one, not a word the tagger took for a name
        return False

    def person_subject_in(self, para: int) -> Mention | None:
        """The newest unquoted person subject of paragraph ``para``."""
        for mention in reversed(self.mentions):
            if mention.para < para:
                break
            if mention.para == para and mention.kind == "person" and mention.subject and not mention.quoted:
                return mention
        return None


def person_surnames(docs: Iterable[Doc]) -> frozenset[str]:
    """The surnames of the people ``docs`` name in full, less any word they also use
    as a place ("Washington")."""
    people: set[str] = set()
    places: set[str] = set()
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title:
                people.add(ent[-1].lower_)
            elif ent.label_ in ("GPE", "LOC", "FAC"):
                places.update(t.lower_ for t in ent)
    return frozenset(people - places)


# Heads that quantify or take a part of something: "None of the Murdochs", "A big part
# of the problem" are never what a later pronoun is written as.
_PARTITIVE = frozenset(
    "none all some many most each both any few several either neither part rest lot number kind type sort "
    "piece share majority minority half third quarter one".split()
)
_WH_WORDS = frozenset("who whom whose which what that".split())
_SAME_PRONOUN = {
    w: frozenset(group.split())
    for group in ("he him his", "she her hers", "it its", "they them their theirs")
    for w in group.split()
}
_NO_ONE = frozenset("no every each any neither either".split())  # "No candidate won": no one to name
_OWNERS = frozenset("my our your i we you me us his her its their".split())
# Pronouns inside an antecedent's own words ("over 40 percent of it exports"): the
# phrase leans on something else and cannot stand in for another pronoun.
_LEANS = frozenset("it he she him they them".split())
# Heads that measure something rather than name it ("40 percent of its exports").
_MEASURES = frozenset("percent percentage %".split())
_MEASURE_LABELS = frozenset(("PERCENT", "MONEY", "QUANTITY", "CARDINAL"))
_EXAMPLES = frozenset(("like", "including", "as"))  # "Critics, like Grassley and Leahy": members, not rivals
_BE = frozenset("is was are were be been 's".split())


def substitutable(mention: Mention, *, possessive: bool = False) -> bool:
    """Whether a claim may write the antecedent's words for a pronoun: not a relative
    phrase ("whose understanding"), not a quantity of something ("None of the
    Murdochs") or no one ("No candidate"), not a phrase that itself leans on a pronoun
    ("his campaign manager", a quoted "my parents"), and for a possessive not an
    indefinite one ("An executive at the foundation's aides"); nor, for any pronoun, an
    indefinite phrase that a modifier after its noun tells apart."""
    text = mention.text or mention.name
    if not text:
        return False
    words = text.lower().split()
    first = words[0]
    if first in _WH_WORDS or first in _NO_ONE:
        return False
    if _OWNERS.intersection(words) or _LEANS.intersection(words):
        return False  # "his campaign manager", "my parents": whose is a question of its own
    head = mention.head
    if head is not None and mention.kind == "group" and any(
        c.dep_ == "conj" and c.i >= grammar.np_end(head, with_appos=False) for c in head.children
    ):
        return False  # the phrase would be one of the things coordinated ("The attack on ..., and the attacks of ...")
    if head is not None and head.tag_ in ("NNS", "NNPS", "NN") and any(
        c.dep_ in ("acl", "relcl") and c.i >= grammar.np_end(head, with_appos=False)
        and head.doc[c.left_edge.i - 1].text != "," for c in head.children
    ):
        return False  # "House Republicans supporting the bill": only some of them, which the phrase would lose
    if head is not None and (head.lower_ in _MEASURES or head.ent_type_ in _MEASURE_LABELS):
        return False  # "Over 40 percent of its exports" is an amount, not what "its" owns
    if head is not None and head.lower_ in _PARTITIVE and head.tag_ not in ("NNP", "NNPS"):
        return False
    if head is not None and head.tag_ == "NN" and len(words) == 1:
        return False  # a headline's bare noun ("candidate says ...") is no name to write
    if head is not None and head.tag_ == "NNP" and any(
        t.tag_ == "NNS" and t.i < head.i and not t.ent_type_ for t in head.subtree
    ):
        return False  # a parse that took "the latest jobs Weiner has lost" for the man's name
    if first in ("a", "an") and head is not None and mention.label != "PERSON" and any(
        c.dep_ in ("acl", "relcl", "prep") and c.i > head.i for c in head.children
    ):
        # "It has spent $12 million" after "a super PAC aligned with X": "A super PAC has
        # spent" reads as any one; "A magnitude 7.1 earthquake was ..." says which
        return False
    return not (possessive and first in ("a", "an"))


def predicate_fits(pronoun: Token, found: Mention) -> bool:
    """For "it is/was <noun>": whether the noun can describe the antecedent.  "It was
    the first weekly loss for the S.&P. 500" is not about the Dow named before, and
    "..., it is Mr. Murdoch" names its own subject; "It was the strongest quake" after
    "An earthquake struck" is."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.lower_ not in _BE or found.head is None:
        return True
    attr = next((c for c in verb.children if c.dep_ == "attr"), None)
    if attr is None:
        return True
    if attr.tag_ in ("NNP", "NNPS") or attr.ent_type_ == "PERSON":
        return False
    if attr.tag_ not in ("NN", "NNS"):
        return True
    a, f = attr.lower_, found.head.lower_
    return f.endswith(a) or a.endswith(f)


def subject_fits(pronoun: Token, found: Mention) -> bool:
    """Whether a "they" that listens, thinks, wants or speaks can be the antecedent: not a
    plural of things ("Sanders's recent attacks on Clinton ... They are now listening")."""
    head = found.head
    if pronoun.dep_ != "nsubj" or head is None or pronoun.head.lower_ not in ANIMATE_VERBS:
        return True
    if head.tag_ != "NNS" or head.ent_type_ in ("PERSON", "NORP", "ORG", "GPE"):
        return True
    low = head.lower_
    return low in PEOPLE_NOUNS or low in _HUMANS or low.endswith(AGENT_ENDINGS)


def _rank(mention: Mention, passive: bool, about: str = "") -> int | None:
    """How strongly a mention draws a pronoun subject (lower is stronger); None: not a clause role.

    ``about``: "speaker" for a pronoun that is itself a source ("It said ..."),
    which looks first for earlier sources; "content" for one inside a reported
    or plain statement ("It was the strongest quake"), which looks first for
    what was reported, not who reported it.
    """
    if passive and mention.obj:
        return 0
    if about == "speaker" and mention.source:
        return 0
    if about == "content" and mention.kind != "person":
        if mention.source:
            return 3
        if mention.reported:
            return 1
    if mention.main:
        return 1
    if mention.subject:
        return 2
    return None


def _word_list(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _words(text: str) -> set[str]:
    return set(_word_list(text))


def _office_rank(text: str, noun: str) -> str | None:
    """The rank word right before the role ``noun`` in a speaker ("vice" in "Vice President
    Biden"); None when the role stands bare."""
    words = _word_list(text)
    for before, word in zip(words, words[1:]):
        if word == noun and before in RANKS:
            return before
    return None


def _role_words(text: str) -> set[str]:
    """The words of a speaker, with the role a title abbreviates ("Sen." -> senator)."""
    words = _words(text)
    return words | {TITLE_ROLES[w] for w in words if w in TITLE_ROLES}


_THING_ROLES = frozenset(("nsubj", "nsubjpass", "dobj"))
_NOT_THINGS = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERSON", "NORP"))
_EMPTY = frozenset("time year week month day way part rest end lot".split())


def _other_things(found: Mention, about: str, before: int) -> bool:
    """Another singular thing an "it" could mean as well, named as a subject or
    object in the antecedent's sentence.  For an "it" that speaks, only other
    speakers compete; for one in what was said, everything but the speakers."""
    head = found.head
    assert head is not None
    lo, hi = head.left_edge.i, head.right_edge.i
    for token in head.sent:
        if found.base + token.idx >= before:
            break  # the pronoun's own clause: what comes after it cannot be what it means
        if lo <= token.i <= hi or token.dep_ not in _THING_ROLES:
            continue
        if token.tag_ not in ("NN", "NNP") or token.ent_type_ in _NOT_THINGS or token.lower_ in _EMPTY:
            continue
        speaks = token.dep_ == "nsubj" and token.head.lower_ in SPEECH_VERBS
        if (about == "speaker") != speaks:
            continue
        return True
    return False


def nested_rival(head: Token, kind: str, gender: str = "", gender_of: Callable[[Token], str] | None = None) -> bool:
    """A noun inside the antecedent's own phrase that the pronoun could mean as well:
    "After the group's 99th account was suspended, it taunted Twitter", "Immigration
    to Israel rose. Its economy ...", "Democrats' numbers in the House are low. They're
    hopeful": the owner or the object of the phrase is as good a reading as its head."""
    nouns = []
    for child in head.children:
        if child.dep_ == "poss":
            nouns.append(child)
        elif child.dep_ == "prep" and child.lower_ not in _EXAMPLES:
            nouns.extend(c for c in child.children if c.dep_ == "pobj")
    for noun in nouns:
        if noun.tag_.startswith("PRP") or head.ent_type_ and noun.ent_type_ == head.ent_type_ and noun.ent_iob_ == "I":
            continue  # "their numbers" (no rival of its own), "the Bank of England" (one name)
        if noun.ent_type_ in _NOT_THINGS and noun.ent_type_ not in ("PERSON", "NORP"):
            continue
        person = noun.ent_type_ == "PERSON" or noun.lower_ in PERSON_ROLES
        if kind == "person":
            if person and (not gender or gender_of is None or gender_of(noun) in ("", gender)):
                return True
        elif kind == "group":
            if noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children):
                return True  # "Democrats' numbers", "aides to Christie and Kasich"
        elif noun.tag_ in ("NN", "NNP") and not person and noun.ent_type_ != "NORP" and noun.lower_ not in _EMPTY:
            return True
    return False


_HUMANS = frozenset("men women children boys girls adults teenagers youths".split())


def _in_previous(pronoun: Token, found: Mention, rival: Callable[[Token], bool]) -> bool:
    """Whether the sentence right before the pronoun's, when the antecedent is older
    than it, has a noun of the pronoun's sort the memory did not keep (an object, a
    fragment): "Six thousand people came. The hall held just 500 people - but
    technically, they ..." is the 500 to a reader, whatever the older subject says, and
    "... involved in the hostility between Ethiopia and Eritrea. By 2000, its newest
    incarnation" is the hostility's."""
    doc = pronoun.doc
    start = pronoun.sent.start
    if start == 0:
        return False
    previous = doc[start - 1].sent
    head = found.head
    if head is not None and head.doc is doc and head.i >= previous.start:
        return False  # the antecedent is in that sentence: the memory has weighed it
    return any(token.dep_ != "compound" and rival(token) for token in previous)


def _singular_rival(token: Token) -> bool:
    """A singular common noun an "it" could mean: not a date, an amount or a person."""
    return token.tag_ == "NN" and token.ent_type_ not in _NOT_THINGS and token.lower_ not in PERSON_ROLES and (
        token.dep_ in ("dobj", "pobj", "attr", "appos", "conj", "nsubj", "nsubjpass")
    )


def _plural_rival(token: Token) -> bool:
    """A plural noun a "they" could mean: not a date or an amount, but a counted noun
    the recogniser takes in with its number ("just 500 people") is one."""
    return token.tag_ in ("NNS", "NNPS") and (
        token.ent_type_ not in _NOT_THINGS or token.ent_type_ in ("CARDINAL", "QUANTITY")
    )


def _people(mention: Mention) -> bool:
    head = mention.head
    if head is None:
        return mention.kind == "person"
    low = head.lower_
    return mention.kind == "person" or head.ent_type_ in ("PERSON", "NORP") or low in PEOPLE_NOUNS or low in _HUMANS


def _other_person(earlier: Mention, later: Mention) -> bool:
    """Two full names with one surname that are not one person's: given names with other
    initials ("Marcel Lazar", "Gabriela Violeta Lazar"), or genders the text has given apart."""
    a, b = _bare(earlier.name), _bare(later.name)
    if len(a) < 2 or a == b:
        return False
    if earlier.gender and later.gender and earlier.gender != later.gender:
        return True
    if a[0][:1].lower() == b[0][:1].lower():
        return False  # "Joe Biden", "Joseph Biden"; "J. Smith", "John Smith": maybe one person
    return not (set(w.lower() for w in a) <= set(w.lower() for w in b))


def _subject_pair(token: Token) -> bool:
    """A name coordinated with another as a clause's subject ("Johnson and Weld")."""
    return token.tag_ == "NNP" and token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in token.children)


def _identity(mention: Mention) -> str:
    return (mention.name or mention.text).lower()


def _bare(name: str) -> list[str]:
    """The words of a name without titles ("Ms Dunmore" -> ["Dunmore"])."""
    return [w for w in name.split() if w.lower().rstrip(".") not in TITLES]


def _surname(name: str) -> str:
    words = name.split()
    return words[-1].lower() if words else ""


def _fits(mention: Mention, kind: str) -> bool:
    if mention.kind == kind:
        return True
    return kind == "group" and mention.kind == "thing" and mention.label == "ORG"
