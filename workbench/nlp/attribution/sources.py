"""Attribution, stage 2: the source, who the cue says is speaking.

The source of a cue is its subject ("the ministry said"), the object of
"according to", the agent of a passive ("was announced by the council"), or
for a relative pronoun ("X, who said ...") the noun the clause hangs on.

A source is a speaker only when it can speak: a person, an organisation, a
group of people, a government ("Pakistan said").  Never a quantity ("Another 7%
said"), a pronoun left unresolved, a word inside the quotation, a dateline, or
a thing ("a report", "their figures", "the scam"); a document that names its
author speaks for that author ("a report by the IMF" -> the IMF).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon
from workbench.nlp.attribution.cues import IMPERSONAL_PASSIVES

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Span, Token

PRONOUNS = frozenset("he she they it".split())
RELATIVES = frozenset("who which that".split())
FIRST_PERSON = frozenset("i we you me us".split())
FIRST_PERSON_POSSESSIVES = frozenset("my our your".split())
_NEEDS_OF = frozenset("head chief member part".split())
_QUANTITY_LABELS = frozenset(("CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"))
_SPEAKER_LABELS = frozenset(("PERSON", "ORG", "NORP", "GPE", "FAC"))
_AUTHOR_PREPS = frozenset(("by", "from", "of"))
_CLOSING_MARKS = frozenset(('"', "\u201d", "''", "\u2019"))
_PERSON_ENDINGS = ("man", "woman", "person", "ist", "ian", "er", "or", "ant", "ent", "ee")
# Nouns with those endings, or plural, that are not people.
_NOT_PEOPLE = frozenset(
    """years months weeks days hours minutes times things ways matters issues questions numbers
    results findings rules laws events records terms words lines signs costs prices rates
    computer paper number order letter matter member? river water power center corner border
    sector factor motor meter monitor error indicator calendar register chapter quarter manner
    banner poster trailer folder cover layer paper answer powers others
    remarks comments words statements tweets posts emails messages speeches""".replace("?", "").split()
) - {"others"}


def source_of(cue: Token, *, according: bool = False) -> Token | None:
    """The token the cue names as its source, before any check that it can speak."""
    if according:
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is None:
            return None
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for child in cue.children:
        if child.dep_ == "agent":  # "was announced by the council"
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    subject = grammar.subject_of(cue)
    if subject is None:
        return _inverted(cue) or _misread_subject(cue)
    if subject.dep_ == "nsubjpass" or subject.dep_ == "expl":
        return None  # "Passengers are advised to", "it was announced": the subject is not who spoke
    if subject.lower_ in RELATIVES and subject.tag_ in ("WP", "WDT"):
        verb = subject.head
        if verb.dep_ == "relcl" and verb.head.i != verb.i:
            return verb.head  # "Sanders, who lost the primaries, said"
        return None
    return subject


_TELL = frozenset(("told", "tells", "tell", "telling"))


def _misread_subject(cue: Token) -> Token | None:
    """ "C, the Gazette reports": the name the parser took for a modifier of the cue,
    read as a noun ("Gazette reports")."""
    if cue.tag_ not in ("VBZ", "VBD") or cue.i == 0:
        return None
    name = cue.doc[cue.i - 1]
    if name.dep_ == "compound" and name.head.i == cue.i and (name.tag_ in ("NNP", "NNPS") or name.ent_type_ == "ORG"):
        return name
    return None


def _inverted(cue: Token) -> Token | None:
    """ '"...," said David Brock, a Clinton confidant who heads ...': the name right
    after a cue that follows its quotation, when the parser hung it elsewhere."""
    doc = cue.doc
    if cue.i < 2 or cue.i + 1 >= len(doc):
        return None
    before = doc[cue.i - 1]
    name = doc[cue.i - 2]
    if before.text == "," and name.ent_type_ == "PERSON" and name.dep_ in ("appos", "conj", "pobj", "dobj"):
        # "In a statement to the Observer, her senior policy adviser, Jake Sullivan,
        # said:" parsed with the adviser hung on the Observer: the name just before
        # the cue is who said it.
        return name
    if before.text != "," and before.text not in _CLOSING_MARKS:
        return None
    if cue.lower_ in _TELL:
        return None  # '"...," Ramos told AFP': the name after "told" is who heard it
    at = cue.i + 1
    while at < len(doc) and at <= cue.i + 3 and not doc[at].ent_type_ and doc[at].lower_.rstrip(".") in lexicon.TITLES:
        at += 1  # "said Mr. Trump", "said Sen. Kaine"
    if at >= len(doc) or doc[at].ent_type_ not in ("PERSON", "ORG") or doc[at].ent_iob_ != "B":
        return None
    end = at
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[end]


def impersonal(cue: Token) -> bool:
    """ "It is believed that ...", "X is said to have ...", "are expected to": no one speaks."""
    if cue.lower_ not in IMPERSONAL_PASSIVES or cue.tag_ != "VBN":
        return False
    if not any(c.dep_ == "auxpass" for c in cue.children):
        return False
    return not any(c.dep_ == "agent" for c in cue.children)


def speaking_head(token: Token, inside: bytearray, *, neutral: bool = False) -> Token | None:
    """The head of a phrase that can speak, or None (see the module's rules).

    Pronouns are returned as they are: the caller resolves them against the
    discourse memory or gives up.  With ``neutral`` (the subject of "said",
    "told") any common noun that is not a document or a thing can speak.
    """
    if inside[token.i]:
        return None
    low = token.lower_
    if low in PRONOUNS:
        return token
    if low == "those" and any(c.dep_ in ("amod", "acl", "relcl", "prep") for c in token.children):
        return token  # "Those close to him say", "those familiar with the talks said": people
    if low in FIRST_PERSON or token.tag_ in ("WP", "WDT", "EX", "DT") and low not in lexicon.PEOPLE_NOUNS:
        return None
    if low == "old" and any(c.lower_ in ("year", "years") for c in token.subtree if c.i < token.i):
        return token  # "said the 46-year-old": a person, by age
    if _quantity(token):
        # "One of the authors of that report, Ari Fleischer, said": one person, named
        return _one_named(token)
    if _dateline(token):
        return None
    if low in lexicon.DOCUMENT_NOUNS and token.ent_type_ not in ("ORG", "PERSON"):
        return _author(token, inside)
    if token.ent_type_ in _SPEAKER_LABELS:
        return token
    if token.tag_ in ("NNP", "NNPS"):
        return token  # a name the entity recogniser missed ("Rehman said")
    if grammar.looks_like_person(token):
        return token
    if any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON_POSSESSIVES for c in token.children):
        return None  # "my head", "our family": the writer's
    if low in _NEEDS_OF and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return None  # "the head" speaks only as "the head of X"
    if low in lexicon.PERSON_ROLES or low in lexicon.PEOPLE_NOUNS or low in lexicon.BODY_NOUNS:
        return token
    if low.endswith("s") and low[:-1] in lexicon.PERSON_ROLES:
        return token  # "spokesmen", "lawyers"
    if token.tag_ == "NNS" and low not in _NOT_PEOPLE:
        return token  # "Developers and supporters say": a plural subject of speech is people
    if token.tag_ == "NN" and low.endswith(_PERSON_ENDINGS) and low not in _NOT_PEOPLE and not low.endswith("ment"):
        return token  # "the New York businessman", "a physicist"
    if neutral and token.tag_ == "NN" and low not in _NOT_PEOPLE:
        return token  # "the minister said": who but a speaker says things
    return None


# A document that says its findings are not final: what it says stays in its frame.
_HEDGED_DOCUMENTS = frozenset(
    "early preliminary partial initial provisional draft leaked unconfirmed unverified unofficial".split()
)


def hedged_document(raw: Token | None) -> bool:
    """ "According to early results of exit polls ...": a document source whose own
    words qualify what it says, so the content may not move out of the sentence."""
    if raw is None or raw.lower_ not in lexicon.DOCUMENT_NOUNS:
        return False
    return any(t.lower_ in _HEDGED_DOCUMENTS for t in raw.subtree)


def document_finding(cue: Token, raw: Token | None, source: Token | None) -> bool:
    """ "The latest Reuters/Ipsos poll showed a slimmer lead for Clinton": a document
    whose author the article names, reporting what it found."""
    return (
        raw is not None and source is not None and source.i != raw.i
        and raw.lower_ in lexicon.DOCUMENT_NOUNS and cue.lower_ in _FINDING_VERBS
        and any(c.dep_ == "dobj" for c in cue.children)
    )


_FINDING_VERBS = lexicon.forms("show find suggest indicate reveal put give", lexicon.IRREGULAR)


def _one_named(token: Token) -> Token | None:
    """ "One of the authors, Ari Fleischer,", "one of his aides, Jane Roe,": a single
    person the article names in apposition, who is the speaker."""
    if token.lower_ != "one":
        return None
    return next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)


def _quantity(token: Token) -> bool:
    if token.lower_ in lexicon.FRACTION_NOUNS or token.lower_.split("-")[-1] in lexicon.FRACTION_NOUNS:
        return True
    if token.ent_type_ in _QUANTITY_LABELS and not any(c.dep_ == "prep" for c in token.children):
        return True
    if token.like_num or token.text in ("%", "percent", "per cent"):
        return True
    return token.lower_ in ("percent", "%") or token.lower_ == "cent" and token.i > 0 and token.nbor(-1).lower_ == "per"


def _dateline(token: Token) -> bool:
    """ "WASHINGTON (AFP) -": a place in capitals before an agency or a dash."""
    if not token.is_upper or len(token.text) < 3:
        return False
    doc = token.doc
    if any(not (t.is_upper or t.is_punct or t.is_space) for t in doc[max(0, token.i - 4) : token.i]) or token.i > 4:
        return False  # a dateline opens its paragraph: "Brent Bozell III, founder of ..." is a name
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in ("(", "-", "\u2013", "\u2014", ",")


def _author(token: Token, inside: bytearray, depth: int = 0) -> Token | None:
    """ "a study by Harvard", "figures from the Office for National Statistics", "a
    Reuters/Ipsos poll", "results of exit polls conducted by Edison Research"."""
    for child in token.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lower_ in _AUTHOR_ACTS:
            # "exit polls conducted by Edison Research", "a report commissioned by the EU"
            # (not "papers seen by The Post", "records obtained by the AP")
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None and not inside[obj.i] and _named(obj):
                return obj
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            # "a report in the Des Moines Register": the paper that ran it
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and not inside[obj.i] and obj.ent_type_ == "ORG":
                return obj
            continue
        if child.dep_ == "prep" and child.lower_ in _AUTHOR_PREPS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is None or inside[obj.i]:
                continue
            if obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or obj.tag_ in ("NNP", "NNPS"):
                return obj
            if obj.lower_ in lexicon.BODY_NOUNS or obj.lower_ in lexicon.PEOPLE_NOUNS:
                return obj
            if child.lower_ == "of" and obj.lower_ in lexicon.DOCUMENT_NOUNS and depth < 2:
                found = _author(obj, inside, depth + 1)  # "early results of a Gallup poll"
                if found is not None:
                    return found
    for child in token.children:
        if child.dep_ == "poss" and child.lower_ not in lexicon.POSSESSIVE_PRONOUNS:
            # "the ministry's figures", "Gallup's poll"
            if child.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or child.tag_ in ("NNP", "NNPS") or (
                child.lower_ in lexicon.BODY_NOUNS
            ):
                return child
    if token.lower_ in _FILED:
        return None  # "FEC filings", "court papers": the body that holds them, not their author
    names = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.i < token.i and _named(c)
             and not inside[c.i]]
    if names:
        return names[-1]  # "a Gallup poll", "the latest Reuters/Ipsos poll", "An Associated Press survey"
    return None


_AUTHOR_ACTS = lexicon.forms(
    "conduct commission release publish compile produce issue write prepare file sponsor draft carry run",
    lexicon.IRREGULAR,
)
# Documents a named body receives rather than writes.
_FILED = frozenset(
    "filing filings submission submissions application applications complaint complaints lawsuit suit "
    "petition petitions papers".split()
)


def _named(token: Token) -> bool:
    """An organisation or a person by name, not a place or a people ("a New Hampshire
    paper", "Chinese state media")."""
    if token.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "EVENT", "LAW", "PRODUCT"):
        return False
    return token.ent_type_ in ("ORG", "PERSON") or token.tag_ in ("NNP", "NNPS")


_DASHES = frozenset(("-", "--", "\u2013", "\u2014"))


def across_dash(sent: Span, cue: Token, source: Token) -> bool:
    """The cue is set off by dashes and its subject lies outside them: "Her embrace of
    the wage -Mrs. Clinton said she would sign it- is a flashpoint" parsed with
    "embrace" saying it.  Who said what there is the parser's guess."""
    dashes = [t.i for t in sent if t.text in _DASHES and t.dep_ == "punct"]
    if not dashes:
        return False
    doc = sent.doc
    # The opening dash is set apart by a space ("Brooklyn -Mrs."), unlike a hyphen ("D-Mass.").
    left = max((i for i in dashes if i < cue.i and (doc[i].whitespace_ or doc[i - 1].whitespace_)), default=None)
    # The closing one may be glued to the word before it ("if Congress passed it- is").
    right = min((t.i for t in sent if t.i > cue.i and (
        t.i in dashes or len(t.text) > 1 and t.text.endswith("-") and t.whitespace_)), default=None)
    return left is not None and right is not None and not left < source.i < right


def known_word_before(sent: Span, cue: Token, known_name: Callable[[str], bool]) -> Token | None:
    """ "Jolly said he has worked ...", parsed with the surname as an adverb: a capitalised
    word that opens the sentence right before a cue with no subject, and that the article
    has used as a name."""
    at = cue.i - 1
    if at < sent.start or at - 1 >= sent.start and sent.doc[at - 1].dep_ != "cc":
        return None
    word = sent.doc[at]
    if not word.is_title or word.dep_ not in ("advmod", "amod", "npadvmod") or not known_name(word.text):
        return None
    return word
