"""Coreference as the sentence reader applies it: what a pronoun, a possessive or a
bare description in a claim stands for, and the mentions each sentence adds to
the discourse memory (coref.py decides what is sure; this module writes it in,
or notes the words a claim keeps that lean on context).

Size: the rules for when a pronoun may be written out are one unit with the
memory updates they read (a mention remembered here is what a later pronoun
resolves to), so they stay together.

``References`` is the base of :class:`~workbench.nlp.claims.SentenceReader`: it
holds the chunk being read and its place in the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon
from workbench.nlp.lexicon import IRREGULAR, forms
from workbench.nlp.attribution import cues
from workbench.nlp.attribution.sources import known_word_before
from workbench.nlp.coref import Discourse, Mention, nested_rival, predicate_fits, subject_fits, substitutable
from workbench.nlp.quotes import MARKS, QuoteMap
from workbench.nlp.render import strip_possessive

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

PRONOUN_KIND = {"he": "person", "she": "person", "it": "thing", "they": "group"}
PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "his": "m", "her": "f"}
_EXPLETIVE_HEADS = frozenset(
    "is was be been are were seems seemed appears appeared remains remained "
    "becomes became takes took happens happened 's".split()
)
# "It seems like / looks as if <clause>": the clause is what seems, not "it".
# Adjectives that take an extraposed clause ("it was clear from the outset that ..."),
# which the parser may hang anywhere; "it" before them refers to nothing.
_EXTRAPOSING = frozenset(
    """clear unclear likely unlikely possible impossible obvious evident apparent true untrue
    certain uncertain doubtful probable improbable important necessary essential vital crucial
    surprising unsurprising notable remarkable ironic telling striking plain""".split()
)
_SEEMING = forms("seem appear look sound feel", IRREGULAR)
_AS_IF = frozenset(("like", "as", "if", "though"))
# Words that say a clause carries on from the sentence before ("It also designated").
CARRY_ON = frozenset("also too then later again further additionally likewise similarly".split())
# "Chances are ...", "The odds are ...": no thing a later "they" can mean.
_IDIOM_SUBJECTS = frozenset(("chances", "odds"))
# Pronouns inside a claim that point outside it.
_LEANING = frozenset("he him his she her hers they them their theirs it its".split())
_POSSESSIVES = frozenset("his her their its".split())
# Demonstratives and pronouns that, as a subject left unresolved, need the article's context.
CONTEXT_WORDS = frozenset("he she it they this these that those his her its their".split())

_RANKS = frozenset("first second third last only largest biggest worst best".split())
# "It was the first time ...", "It is the only way to ...": still an empty "it".
_EMPTY_NOUNS = frozenset("time times way ways case moment thing things matter question day year".split())

# "It was the first time ...", "It is the only way to ...": still an empty "it".
_EMPTY_NOUNS = frozenset("time times way ways case moment thing things matter question day year".split())

_CLITICS = {"'ll": " will", "\u2019ll": " will", "'ve": " have", "\u2019ve": " have", "'re": " are",
            "\u2019re": " are", "'m": " am", "\u2019m": " am"}


class References:
    """The chunk being read against the document's memory (see the module docstring)."""

    def __init__(self, doc: Doc, quotes: QuoteMap, memory: Discourse, base: int, para: int) -> None:
        self.doc = doc
        self.quotes = quotes
        self.memory = memory
        self.base = base  # document offset of the chunk
        self.para = para
        self.turn: str | None = None  # the speaker of a transcript turn ("PENCE: ...")

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
        kind = PRONOUN_KIND.get(low)
        if kind is not None:
            if kind == "thing" and expletive(subject):
                return
            if _unwritable(subject):
                unresolved.append(subject.text)
                return
            mention, sure = self._referent_sure(kind, subject, number, speaker, carries_on=carries_on)
            name = self._name_for(mention, number) if mention is not None and sure and substitutable(mention) else None
            if name:
                subst[subject.i] = capitalised(name, subject) + clitic(subject)
                if clitic(subject):
                    skip.add(subject.i + 1)
                extra.append(mention)
            elif mention is not None or not sure:
                unresolved.append(subject.text)
            return
        if low in CONTEXT_WORDS and subject.tag_ in ("DT", "PRP"):
            unresolved.append(subject.text)  # "This is the biggest cut": this what?
            return
        for child in subject.children:
            if child.dep_ == "poss" and child.lower_ in lexicon.POSSESSIVE_PRONOUNS:
                kind = lexicon.POSSESSIVE_PRONOUNS[child.lower_]
                if speaker is not None and speaker.start > self.base + child.idx:
                    speaker = None  # "His first segment ..., Mr. Oppenheim noted": whose is not said
                mention, sure = self._referent_sure(kind, child, number, speaker, carries_on=carries_on)
                if mention is not None and sure and substitutable(mention, possessive=True):
                    subst[child.i] = capitalised(possessive(mention.text), child)
                    extra.append(mention)
                elif mention is not None or not sure:
                    unresolved.append(f"{child.text} {subject.text}")
                return
        if bare_description(subject):
            described = self.memory.describe(subject, number, self.base + subject.idx)
            first = subject.left_edge.i
            if described is not None and described.kind == "person" and _other_person_before(
                subject, described, lambda word: True, also=speaker  # an organisation's person too ("for Google")
            ):
                described = None  # "A spokeswoman for Fiorina said the former executive ...": Fiorina?
            if described is not None and described.name:
                subst[first] = capitalised(_described_name(described, subject.lower_), self.doc[first])
                skip.update(range(first + 1, subject.i + 1))
                extra.append(described)
            else:
                unresolved.append(grammar.span_text(self.doc, first, subject.i + 1))

    def _leaning(
        self, start: int, end: int, subst: dict[int, str], unresolved: list[str], speaker: Mention | None,
        *, verb: Token | None = None,
    ) -> None:
        """The other third-person pronouns of a claim's words: "his complaints" in what
        Colley told the tribunal is Colley's (the speaker) when it is in the subject of
        what was said (of ``verb``), the speaker was named before the words, and no noun
        phrase of the same sort comes before it in the claim.  Deeper in the words
        ("... would not mislead voters about his chances", said by an adviser) it may
        as well be anyone's.  One with no antecedent inside the claim leans on context."""
        doc = self.doc
        inside = self.quotes.inside
        seen_name = False
        rivals: set[str] = set()  # kinds of noun phrase before the pronoun that it could mean instead
        for i in range(start, end):
            token = doc[i]
            if i in subst:
                seen_name = True
                rivals.add("person")
                continue
            tag, ent, low = token.tag_, token.ent_type_, token.lower_
            person = ent == "PERSON" or low in lexicon.PERSON_ROLES
            rivals.add("group" if tag in ("NNS", "NNPS") else "thing" if tag in ("NN", "NNP") and not person else "")
            rivals.add("person" if person else "")
            if tag in ("NNP", "NNPS") or ent in ("PERSON", "ORG", "GPE", "NORP"):
                seen_name = True
                continue
            if low not in _LEANING or inside[i] or token.dep_ in ("nsubj", "nsubjpass", "expl"):
                continue  # subjects were read by _resolve_into; quoted words are the speaker's
            if low == "it" and expletive(token):
                continue
            gender = PRONOUN_GENDER.get(low, "")
            if (
                speaker is not None and speaker.name and low in _POSSESSIVES and verb is not None
                and token.head.dep_ in ("nsubj", "nsubjpass") and token.head.head.i == verb.i
                and speaker.end <= self.base + doc[start].idx
                and speaker.kind == lexicon.POSSESSIVE_PRONOUNS.get(low, "")
                and (not gender or speaker.gender in ("", gender))
                and speaker.kind not in rivals  # "They said he rated contestants by their looks": whose?
                and not (speaker.head is not None and nested_rival(speaker.head, speaker.kind, gender))
                and not _addressee(token, start, end, gender)
                and not (speaker.kind == "person" and _other_person_before(token, speaker, self.memory.known_person))
            ):
                subst[i] = capitalised(possessive(speaker.name), token)  # "his complaints" -> "Colley's"
                continue
            if not seen_name:
                unresolved.append(token.text)

    def _name_for(self, mention: Mention, number: int) -> str | None:
        """What to write for a resolved pronoun: the antecedent's phrase ("The United
        States", "two men"), or for a bare description ("the candidate") the name it
        stands for when coref knows it."""
        head = mention.head
        if head is None or not bare_description(head):
            # "Ban's persistence" named him as an owner: "he will" is "Ban will"
            return strip_possessive(mention.text) or None
        described = self.memory.describe(head, number, mention.start)
        return _described_name(described, head.lower_) if described is not None else mention.text

    def _referent_sure(
        self, kind: str, token: Token, number: int, speaker: Mention | None, *, carries_on: bool = False,
        about: str = "content",
    ) -> tuple[Mention | None, bool]:
        """The referent of a pronoun and whether it is sure; (None, True) when the
        pronoun needs no referent ("It is City's first title": the name is there)."""
        gender = PRONOUN_GENDER.get(token.lower_, "")
        if about == "content" and token.dep_ == "nsubj" and token.head.lower_ in cues.CUE_VERBS:
            about = "speaker"  # "Analysts say rates will rise. They expect ...": who speaks again
        if speaker is not None and speaker.head is not None and nested_rival(speaker.head, kind, gender):
            return speaker, False  # "Aides to Christie and Kasich said their speeches ...": the aides' or theirs?
        if speaker is not None and kind == "person" and speaker.kind == kind and token.dep_ == "poss" and (
            _other_person_before(token, speaker, self.memory.known_person)
        ):
            return speaker, False
        if speaker is not None and kind != "person" and _told_another(speaker, kind):
            return speaker, False  # "The Legion wrote to Sanders' office that it did not have ...": which?
        if speaker is not None and speaker.kind == kind and (not gender or speaker.gender == gender):
            if kind == "group" and (_plural_before(token, speaker) or self.memory.reported_group_before(speaker, number)):
                # "Experts said that once Fields filed, Jupiter police had no choice: They were
                # bound to investigate": the police, not the experts
                return speaker, False
            return speaker, True  # "Smith said he would resign": he is Smith
        if speaker is not None and kind == "group" and speaker.head is not None and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in speaker.head.children
        ) and speaker.head.tag_ in ("DT", "JJS", "JJ", "CD", "PDT"):
            # "most of them said they had loved ...": they are most of them, which no
            # name for the whole group can say
            return speaker, False
        if speaker is not None and kind == "group" and speaker.head is not None and (
            speaker.head.lower_ in lexicon.PEOPLE_NOUNS and speaker.head.tag_ in ("NNS", "DT")
        ):
            return speaker, True  # "Some say they hear echoes ...": they are the some who say it
        if (
            speaker is not None and kind == "person" and self._personal(speaker)
            and self.memory.gender_of(speaker) in ("", gender)
            and not self.memory.rival_before(token, speaker, kind, gender)
        ):
            # "Sanders has said he will ...": no one else in the sentence it could be (also
            # for a speaker the recogniser missed whose gender the text has shown)
            return speaker, True
        mention, sure = self.memory.resolve_sure(
            kind, number, self.base + token.idx, quoted_ok=kind != "person", gender=gender,
            passive=token.dep_ == "nsubjpass", about=about, carries_on=carries_on,
        )
        if speaker is not None and mention is speaker:
            sure = True
        elif mention is not None and sure and about == "speaker" and in_fronted_content(token, mention):
            # "... as a surrogate for Republicans aiming to ..., they say": who says it is
            # not someone the sentence itself speaks of
            sure = False
        elif mention is not None and sure and (
            self.memory.rival_before(token, mention, kind, gender)
            or kind == "thing" and not predicate_fits(token, mention)
            or kind == "group" and not subject_fits(token, mention)
            or kind == "person" and self.memory.rival_in_paragraph(mention, gender, self.para)
            or kind == "person" and _owner_named_after(token, mention)
            or _as_source_beside(token, mention)
        ):
            sure = False
        if mention is not None and kind == "thing" and mention.name and names_in(token.sent, mention.name, token):
            return None, True
        return mention, sure

    def _personal(self, mention: Mention) -> bool:
        """A person, or a surname the document gives a person in full ("Sanders" after
        "Jordan Sanders", which the entity recogniser may call an organisation)."""
        head = mention.head
        return mention.kind == "person" or (
            head is not None and head.is_title and self.memory.known_person(head.text)
        )

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
        opener = sent.doc[sent.start]
        if opener.tag_ in ("RB", "JJ") and opener.head.lower_ in cues.CUE_VERBS and (
            known_word_before(sent, opener.head, self.memory.known_person) is not None
        ):
            subjects = [opener, *subjects]  # "Jolly said ...", the surname tagged as an adverb
        for token in subjects:
            if token.dep_ == "dobj" and not main_object(token) or token.lower_ in _IDIOM_SUBJECTS:
                continue
            if token.tag_ not in ("PRP", "WP", "WDT", "DT", "EX"):
                kind = grammar.mention_kind(token)
                misread = token.tag_ in ("NNP", "RB", "JJ") or token.tag_ in ("NN", "NNS") and token.is_title
                if kind != "person" and misread and (
                    self.memory.full_name(token.text) or self.memory.known_person(token.text)
                ):
                    # "Graves" after "Peter Graves", "Fiorina" after "Fiorina, the former CEO"; also
                    # a surname the tagger read as a common noun ("Trump has said ...", "Sanders goes big")
                    kind = "person"
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
            role_named = head.dep_ == "appos" and head.head.i in seen and not self.quotes.apart(head.i, head.head.i)
            if head.i in seen or role_named:
                continue  # already remembered, or the name of a remembered role ("the mayor, X")
            kind = grammar.mention_kind(head, coordinated=False)
            if kind is None:
                continue
            if kind != "person" and len(ent) == 1 and head.tag_ == "NNP" and self.memory.known_person(head.text):
                kind = "person"
            # "Making it even harder for Mr. Cruz is Mr. Rubio": the name after a copula
            # whose subject is a clause is what the sentence is about.
            verb = head.head
            inverted = head.dep_ == "attr" and verb.lower_ in ("is", "was") and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in verb.children
            )
            found.append((head.i, self._mention(head, kind, number, subject=inverted, alone=True)))
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
            mention.gender = gender(head)
            named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if named is not None and head.ent_type_ != "PERSON" and not self.quotes.apart(named.i, head.i):
                # "The mayor, Jane Okoro": the person is Jane Okoro, in the role of mayor.
                mention.name = grammar.name_of(named)
            owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in lexicon.POSSESSIVE_PRONOUNS), None)
            if owner is not None and subject:
                # "Her deputy, Tom Baker": whose deputy is known now, not later.
                referent = self._referent(lexicon.POSSESSIVE_PRONOUNS[owner.lower_], owner, number, None)
                if referent is not None and mention.speaker.lower().startswith(owner.lower_ + " "):
                    mention.speaker = possessive(referent.text) + mention.speaker[len(owner.text):]
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


def main_object(token: Token) -> bool:
    """A common-noun object of a main-clause verb ("Police arrested two men"); named
    objects are remembered as entities."""
    if token.tag_ not in ("NN", "NNS") or token.ent_type_:
        return False
    verb = token.head
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


def gender(head: Token) -> str:
    """ "Mr", "Ms", "spokeswoman" ... in the name or its role, else a given name that is
    almost always one gender ("Hillary Clinton")."""
    appos = [c for c in head.children if c.dep_ == "appos"]
    for token in (*head.lefts, head, *appos):
        low = token.lower_.rstrip(".")
        if low in lexicon.MALE_MARKERS:
            return "m"
        if low in lexicon.FEMALE_MARKERS:
            return "f"
    for name in (head, *appos):
        given = [t for t in name.lefts if t.dep_ == "compound" and t.ent_type_ == "PERSON" and t.is_title]
        if given and name.ent_type_ == "PERSON":
            low = given[0].lower_
            if low in lexicon.MALE_GIVEN_NAMES:
                return "m"
            if low in lexicon.FEMALE_GIVEN_NAMES:
                return "f"
    return ""


def names_in(sent: Span, name: str, pronoun: Token) -> bool:
    """Whether ``name`` already appears in the pronoun's own clause, after it."""
    doc = pronoun.doc
    head = pronoun.head
    end = max(head.right_edge.i, pronoun.i) + 1
    return name in grammar.chars(doc, pronoun.i + 1, end)


def expletive(token: Token) -> bool:
    """ "It is unclear whether ...", "It takes time to ...": an 'it' that refers to nothing.

    Not "It was the strongest quake to hit the region": a noun predicate ranked by a
    superlative or an ordinal describes what "it" refers to, whatever follows it.
    """
    if token.dep_ == "expl":
        return True
    head = token.head
    if head.lower_ in _SEEMING and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _AS_IF for m in c.children)
        and any(g.dep_ in grammar.SUBJ_DEPS for g in c.children)
        for c in head.children
    ):
        return True  # "It seemed like the members had decided", "It looks as if the deal will fail"
    if head.lower_ not in _EXPLETIVE_HEADS:
        return False
    if any(ranked_predicate(c) for c in head.children):
        return False
    adjective = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ in _EXTRAPOSING), None)
    if token.i < head.i and adjective is not None and any(
        (t.lower_ in ("that", "whether") or t.lower_ == "to" and t.head.tag_ == "VB") and t.i > adjective.i
        for t in adjective.subtree  # the clause hung anywhere under the adjective, not in an aside beside it
    ):
        return True  # "it was clear from the outset that Trump still faces ..."
    return any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children) or any(
        c.dep_ in ("acomp", "attr") and any(g.dep_ in ("ccomp", "xcomp") for g in c.children)
        for c in head.children
    )


def ranked_predicate(token: Token) -> bool:
    if token.dep_ != "attr" or token.tag_ not in ("NN", "NNS", "NNP") or token.lower_ in _EMPTY_NOUNS:
        return False
    return any(c.tag_ in ("JJS", "RBS") or c.lower_ in _RANKS for c in token.children)


def capitalised(text: str, token: Token) -> str:
    if token.is_sent_start or (token.i > 0 and token.nbor(-1).text in MARKS and token.nbor(-1).is_sent_start):
        return text[:1].upper() + text[1:]
    if text[:4] == "The " and not token.is_sent_start:
        return "the " + text[4:]
    return text


def possessive(text: str) -> str:
    return text + ("'" if text.endswith("s") and not text.endswith("ss") and text[-2:-1].islower() else "'s")


def can_speak(mention: Mention) -> bool:
    """A resolved pronoun whose antecedent can be a speaker (not "the figures", "it" = a plan)."""
    if mention.kind in ("person",) or mention.source:
        return True  # a person, or anyone the article has already had speak ("..., environmentalists say")
    if mention.label in ("ORG", "GPE", "NORP", "PERSON", "FAC"):
        return True
    head = mention.head
    if head is None:
        return False
    low = head.lower_
    return low in lexicon.BODY_NOUNS or low in lexicon.PEOPLE_NOUNS or head.tag_ in ("NNP", "NNPS")


_TELLING = frozenset("tell tells told telling inform informs informed warn warns warned assure assures assured".split())


def _told_another(speaker: Mention, kind: str) -> bool:
    """Whether the speaker's cue names who was told, a thing or a body that "it" (or a
    plural that "they") in what was said could mean as well ("wrote to Sanders' Senate
    office that it ...", "told the regulator that it would appeal")."""
    head = speaker.head
    if head is None or head.dep_ != "nsubj":
        return False
    cue = head.head
    for child in cue.children:
        if child.dep_ == "dative" or child.dep_ == "dobj" and cue.lower_ in _TELLING:
            told = [child]
        elif child.dep_ == "prep" and child.lower_ == "to":
            told = [g for g in child.children if g.dep_ == "pobj"]
        else:
            continue
        for t in told:
            if t.ent_type_ == "PERSON" or t.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
                continue
            if (t.tag_ in ("NNS", "NNPS")) == (kind == "group"):
                return True
    return False


def in_fronted_content(pronoun: Token, mention: Mention) -> bool:
    """Whether the mention is inside what the pronoun's cue reports, before it ("C, they
    say"), or inside a condition set before the cue ("If Trump doesn't win, he said he
    would ..."): spoken of, not speaking."""
    cue, head = pronoun.head, mention.head
    if head is None or head.doc is not pronoun.doc or cue.lower_ not in cues.CUE_VERBS:
        return False
    return any(
        c.i < pronoun.i and c.left_edge.i <= head.i <= c.right_edge.i and (
            c.dep_ == "ccomp"
            or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.CONDITIONS for m in c.children)
        ) and not grammar.parted_by_semicolon(c, pronoun.i)
        for c in cue.children
    )


def bare_description(head: Token) -> bool:
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


def _addressee(pronoun: Token, start: int, end: int, gender: str) -> bool:
    """Whether the sentence, outside the words [start, end), names someone spoken to with
    the pronoun's gender: in "Her husband was free, the president told her" the husband
    is the listener's, not the president's."""
    for token in pronoun.sent:
        if start <= token.i < end or token.dep_ not in ("dobj", "dative", "iobj", "pobj"):
            continue
        low = token.lower_
        if low in PRONOUN_GENDER and (not gender or PRONOUN_GENDER[low] == gender):
            return True
    return False


def _other_person_before(
    pronoun: Token, speaker: Mention, known_person: Callable[[str], bool], *, also: Mention | None = None
) -> bool:
    """A person other than the speaker named before the words in their sentence ("De
    Blasio called Trump a blowhard and said his remarks ..."): the possessive is either man's."""
    own = set(speaker.name.lower().split()) | (set(also.name.lower().split()) if also is not None else set())
    return any(
        t.tag_ == "NNP" and t.lower_ not in own and t.ent_type_ in ("PERSON", "ORG") and (
            t.ent_type_ == "PERSON" or known_person(t.text))
        for t in pronoun.doc[pronoun.sent.start : pronoun.i]
    )


def _plural_before(pronoun: Token, speaker: Mention) -> bool:
    """A plural noun other than the speaker's own before "they" in its sentence."""
    head = speaker.head
    lo, hi = (head.left_edge.i, head.right_edge.i) if head is not None and head.doc is pronoun.doc else (-1, -1)
    return any(
        t.tag_ in ("NNS", "NNPS") and not lo <= t.i <= hi and t.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT")
        for t in pronoun.doc[pronoun.sent.start : pronoun.i]
    )


def _as_source_beside(pronoun: Token, mention: Mention) -> bool:
    """ "As a reporter noted, he didn't fill the stadium": the one who noted, in the
    pronoun's own sentence, is as likely to be someone else's witness as the subject."""
    head = mention.head
    if head is None or head.doc is not pronoun.doc or head.sent.start != pronoun.sent.start:
        return False
    verb = head.head
    return (
        head.dep_ == "nsubj" and verb.dep_ == "advcl" and verb.lower_ in cues.CUE_VERBS
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    )


def _owner_named_after(pronoun: Token, mention: Mention) -> bool:
    """ "He blames the media for failing to cover the Sanders campaign": later in the
    pronoun's sentence the antecedent's surname qualifies a common noun or is a clause's
    subject ("He dismisses claims that Trump has ..."), where the same person would be
    "his campaign", "he has"; so the pronoun is someone else."""
    if mention.head is None or not mention.name or not (mention.head.ent_type_ == "PERSON" or mention.kind == "person"):
        return False
    surname = mention.name.split()[-1]
    for token in pronoun.doc[pronoun.i + 1 : pronoun.sent.end]:
        if token.text != surname or token.tag_ not in ("NNP", "NN") or not token.is_title or not (
            token.dep_ == "compound" and token.head.tag_ in ("NN", "NNS") or token.dep_ in ("nsubj", "nsubjpass")
        ):
            # (not "Trump's microphone" after "He notes": writers repeat a possessor's name)
            continue
        if token.i > 0 and token.doc[token.i - 1].ent_type_ == "PERSON":
            continue  # "Hillary Clinton's plan": another of that name
        return True
    return False


def _described_name(described: Mention, noun: str) -> str:
    """The name a description stands for, with the article the article gave it ("the
    Clinton Foundation" for "the foundation"; "EMI" for "the company")."""
    name, text = described.name, described.text
    if text[:4].lower() == "the " and text[4:].lower() == name.lower():
        return text
    words = name.split()
    if len(words) > 1 and words[-1].lower() == noun and words[0].lower() != "the":
        # Named first as a modifier ("Mr. Obama's Supreme Court nominee"): "the court"
        # still reads "the Supreme Court".
        return "the " + name
    return name


def _unwritable(pronoun: Token) -> bool:
    """A pronoun no name can stand in for as written: "He's" and "he'd" (is or has,
    would or had: "Sanders's begun" is wrong either way), or "he or she"."""
    doc = pronoun.doc
    if pronoun.i + 1 < len(doc) and not pronoun.whitespace_ and doc[pronoun.i + 1].lower_ in _AMBIGUOUS_CLITICS:
        return True
    return pronoun.dep_ == "conj" or any(c.dep_ == "conj" and c.tag_ == "PRP" for c in pronoun.children)


_AMBIGUOUS_CLITICS = frozenset(("'s", "\u2019s", "'d", "\u2019d"))


def clitic(pronoun: Token) -> str:
    """ "She'll" with "she" replaced reads "Clinton will", not "Clinton'll"."""
    doc = pronoun.doc
    if pronoun.i + 1 < len(doc) and not pronoun.whitespace_:
        return _CLITICS.get(doc[pronoun.i + 1].lower_, "")
    return ""
