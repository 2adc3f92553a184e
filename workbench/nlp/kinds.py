"""The kind of a claim (records.KINDS), by one documented rule.

1. A direct quotation (the claim's words are inside quotation marks and belong
   to a speaker) is ``quote``, whatever it says: the first check is whether the
   words were said, and they are the speaker's, not the reporter's.
2. Anything else is judged by its content clause (for reported speech, the
   reported content; "X said that C" is judged on C), first match wins:
   - a modal on the main verb decides: will/would/could/might/may/shall make a
     ``prediction``, should/must/ought an ``opinion`` ("must ban" recommends,
     "will ban" forecasts; neither is yet a legal act);
   - ``prediction``: the main verb is itself a forecast (expect, predict,
     forecast, anticipate);
   - ``designation``: the main verb is a legal or official act (designated,
     sanctioned, charged, convicted, banned, arrested, sentenced, ruled ...) or a
     listing verb (named, added, listed, declared ...) beside a legal noun
     (terrorist, blacklist, sanctions, list);
   - ``prediction``: "is expected/likely/set/due to", "plans to", "in the coming";
   - ``opinion``: "needs to", "it is vital", "in my view", or a copula with an
     evaluative word ("is unacceptable", "a difficult decision");
   - ``statistic``: a number that is not a date or time (CARDINAL with a digit or
     a number word above one, PERCENT, MONEY, QUANTITY);
   - ``quote``: reported speech with none of the above (the claim is what
     someone holds, and is only as good as its source);
   - ``event``: everything else (actions, happenings, states of affairs).

Without a parse (the blank pipeline) the same tests run on the words of the
content instead of its main verb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.nlp import lexicon
from workbench.nlp.grammar import VERB_TAGS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_COPULAS = frozenset(
    "be is are was were been being 's 're am seem seems seemed remain remains remained "
    "become becomes became look looks looked sound sounds sounded appear appears appeared".split()
)
_DIGIT = re.compile(r"\d")
_QUANTITY_LABELS = frozenset(("PERCENT", "MONEY", "QUANTITY"))
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozen dozens hundred "
    "hundreds thousand thousands million millions billion billions trillion half".split()
)


def classify(
    doc: Doc,
    start: int,
    end: int,
    head: Token | None,
    *,
    direct: bool,
    attributed: bool,
    text: str,
) -> str:
    """The kind of the claim whose content is tokens [start, end) with main verb ``head``."""
    if direct:
        return "quote"
    if head is None:
        return _by_words(doc, start, end, attributed=attributed, text=text)
    verbs = _main_verbs(head, start, end)
    modal = _modal(verbs)
    if modal is not None:
        return modal
    if verbs and verbs[0].lower_ in lexicon.PREDICTION_VERBS and verbs[0].tag_ != "VBN":
        return "prediction"
    if _designates(doc, start, end, verbs):
        return "designation"
    if lexicon.PREDICTION_PHRASES.search(text):
        return "prediction"
    if _opines(doc, verbs) or lexicon.OPINION_PHRASES.search(text):
        return "opinion"
    if _counts(doc, start, end, text):
        return "statistic"
    return "quote" if attributed else "event"


def _by_words(doc: Doc, start: int, end: int, *, attributed: bool, text: str) -> str:
    """The same order of tests on words alone, for text without a parse."""
    words = [doc[i].lower_ if doc[i].text != "May" else "May" for i in range(start, end)]
    if any(w in lexicon.PREDICTION_MODALS for w in words):
        return "prediction"
    if any(w in lexicon.OPINION_MODALS for w in words):
        return "opinion"
    if any(w in lexicon.PREDICTION_VERBS for w in words):
        return "prediction"
    if any(w in lexicon.DESIGNATION_VERBS for w in words) or (
        any(w in lexicon.LISTING_VERBS for w in words) and any(w in lexicon.LEGAL_NOUNS for w in words)
    ):
        return "designation"
    if lexicon.PREDICTION_PHRASES.search(text):
        return "prediction"
    if lexicon.OPINION_PHRASES.search(text):
        return "opinion"
    if _counts(doc, start, end, text):
        return "statistic"
    return "quote" if attributed else "event"


def _main_verbs(head: Token | None, start: int, end: int) -> list[Token]:
    if head is None:
        return []
    verbs = [head]
    for child in head.children:
        if child.dep_ in ("conj", "xcomp") and child.tag_ in VERB_TAGS and start <= child.i < end:
            verbs.append(child)
    return verbs


def _modal(verbs: list[Token]) -> str | None:
    """ "will/would/could ..." on the main verb: prediction; "should/must/ought": opinion."""
    for verb in verbs:
        for child in verb.children:
            if child.dep_ != "aux":
                continue
            low = child.lower_
            if low in lexicon.PREDICTION_MODALS:
                return "prediction"
            if low in lexicon.OPINION_MODALS:
                return "opinion"
    return None


def _designates(doc: Doc, start: int, end: int, verbs: list[Token]) -> bool:
    listing = False
    for verb in verbs:
        if verb.tag_ not in VERB_TAGS:
            continue
        low = verb.lower_
        if low in lexicon.DESIGNATION_VERBS:
            return True
        if low in lexicon.LISTING_VERBS:
            listing = True
    if not listing:
        return False
    return any(doc[i].lower_ in lexicon.LEGAL_NOUNS for i in range(start, end))


def _opines(doc: Doc, verbs: list[Token]) -> bool:
    for verb in verbs:
        for child in verb.children:
            dep = child.dep_
            if verb.lower_ in _COPULAS and dep in ("acomp", "attr", "oprd"):
                if child.lower_ in lexicon.EVALUATIVE:
                    return True
                if any(g.dep_ == "amod" and g.lower_ in lexicon.EVALUATIVE for g in child.children):
                    return True
    return False


def _counts(doc: Doc, start: int, end: int, text: str) -> bool:
    if _DIGIT.search(text) is None and _NUMBER_WORDS.isdisjoint(text.lower().split()):
        return False  # nothing that could be a number: skip the token walk
    for i in range(start, end):
        token = doc[i]
        label = token.ent_type_
        if label in ("DATE", "TIME", "ORDINAL"):
            continue
        if label in _QUANTITY_LABELS:
            return True
        if token.like_num or token.tag_ == "CD":
            text = token.text
            if any(ch.isdigit() for ch in text):
                if label or not _year(text):
                    return True
            elif token.lower_ in _NUMBER_WORDS:
                return True
        elif token.text in ("%", "$", "\u20ac", "\u00a3"):
            return True
    return False


def _year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")
