"""Claims without a parser (the blank pipeline): punctuation, capitals and word lists.

What still works: sentences, numbers and dates, direct quotes with their speaker,
and four attribution shapes found by position alone:

- a quote, then ", NAME said" / ", said NAME" / ", he said";
- "CONTENT, NAME said." / "CONTENT, said NAME." at the end of a sentence;
- "NAME (, a role,) said (that) CONTENT" with NAME opening the sentence;
- "according to NAME".

"he"/"she" as a speaker is the newest named speaker or introduced person ("NAME,
a role, ..." opening a sentence).  What does not work: pronoun subjects, list
splitting, and telling a heading from a sentence other than by its final
punctuation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon
from workbench.nlp.attribution import cues
from workbench.nlp.claims import Draft, SentencePlan
from workbench.nlp.coref import Discourse, Speaker
from workbench.nlp.quotes import MARK_CHARS, MARKS, QuoteMap

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_WORD = re.compile(r"\w")
_NAME_GLUE = frozenset("of the al el bin ibn de da di du van von der ur la le 's - . &".split())
_DETERMINERS = frozenset("the a an".split())
_PRONOUNS = frozenset("he she they it".split())
# "X said the plan failed": no "that" needed.  Only a neutral frame moves content
# out of its sentence (attribution/cues.py): "X believes the plan failed" stays whole.
_DIRECT_SAY = frozenset("said says say".split())
# Words that start a clause: after "said" they make the rest content, not an ending.
_CLAUSE_WORDS = frozenset("he she they it we i that this was is were are would will had has".split())
_MAX_NAME = 8  # words in a speaker's name
_MAX_ROLE = 14  # words in ", a former adviser to X,"
_MIN_WORDS = 3
_THAT_REACH = 8  # "said in a statement in December that C"


class RuleReader:
    """Same contract as claims.SentenceReader, for a doc without tags or parse."""

    def __init__(self, doc: Doc, quotes: QuoteMap, memory: Discourse, base: int, para: int) -> None:
        self.doc = doc
        self.quotes = quotes
        self.memory = memory
        self.base = base
        self.para = para

    def read(self, sent: Span, number: int) -> SentencePlan:
        plan = SentencePlan([])
        doc = self.doc
        text = grammar.sent_text(sent).strip()
        if not _WORD.search(text) or lexicon.BOILERPLATE.search(text):
            return plan
        core = text.rstrip(MARK_CHARS + "')\u2019 ")
        if core.endswith("?"):
            return plan
        start, end = _trim(doc, sent.start, sent.end)
        if start >= end:
            return plan
        quoted = self.quotes.quotes_in(sent.start, sent.end)
        opens_quoted = bool(quoted) and (quoted[0][0] - 1 < sent.start or doc[start].text in MARKS)
        intro = self._introduction(start, end)
        if intro:
            self.memory.last_speaker = Speaker(intro, None, self.para, number)
        if not core.endswith((".", "!")) and not opens_quoted:
            return plan  # a heading or a caption: no final punctuation
        if sum(1 for t in sent if not t.is_punct and not t.is_space) < _MIN_WORDS:
            return plan
        if lexicon.ECHO_PHRASE.search(text):
            return plan

        if opens_quoted:
            return self._quoted(plan, quoted[0], end, number)
        found = self._trailing(start, end, number) or self._leading(start, end, number) or self._according(
            start, end
        )
        speaker, content = found if found else (None, None)
        if speaker:
            plan.speaker = speaker
            self.memory.last_speaker = Speaker(speaker, None, self.para, number)
        a, b = content if content else (start, end)
        direct = bool(content) and doc[a].text in MARKS and doc[b - 1].text in MARKS
        if direct:
            a, b = _trim(doc, a + 1, b - 1)  # 'She said: "We will ..."': the quoted words
            if a >= b:
                return plan
        claim = grammar.finish(grammar.chars(doc, a, b), capitalise=not direct)
        if claim:
            plan.drafts.append(Draft(sent.start, sent.end, claim, None, (a, b), attributed=bool(speaker),
                                     speaker=speaker, parts=[(a, b)], direct=direct))
        return plan

    # ------------------------------------------------------------------ shapes

    def _quoted(self, plan: SentencePlan, rng: tuple[int, int], end: int, number: int) -> SentencePlan:
        doc = self.doc
        first, stop = _trim(doc, *rng)
        speaker = None
        close = rng[1]
        if close < end:
            found = self._attribution_after(close + 1, end, number)
            if found:
                speaker = found
                plan.speaker = speaker
                self.memory.last_speaker = Speaker(speaker, None, self.para, number)
        if first >= stop:
            return plan
        text = grammar.finish(grammar.chars(doc, first, stop), capitalise=False)
        if not text or text.rstrip(MARK_CHARS).endswith("?"):
            return plan
        draft = Draft(first, stop, text, None, (first, stop), direct=True, attributed=speaker is not None,
                      speaker=speaker, parts=[(first, stop)])
        draft.quote = next((q for q in self.quotes.quotes if q.first <= first < q.close), None)
        plan.drafts.append(draft)
        return plan

    def _attribution_after(self, start: int, end: int, number: int) -> str | None:
        """ ', he said' / ', NAME said' / ', said NAME' / ', NAME, a role, told X'."""
        doc = self.doc
        k = start
        while k < end and doc[k].is_punct:
            k += 1
        verb = next((t for t in doc[k:min(end, k + _MAX_NAME + _MAX_ROLE)] if _speech(t)), None)
        if verb is None:
            return None
        if verb.i == k:
            # ", said NAME." only when the name ends the sentence ("warned Islamabad
            # against ..." is an object, not a speaker).
            name = self._name_at(verb.i + 1, end)
            if not name:
                return None
            after = verb.i + 1
            while after < end and (_cap(doc[after]) or doc[after].lower_ in _NAME_GLUE):
                after += 1
            stop = next((t.i for t in doc[after:end] if t.text in (".", "!", "?", ";") or t.text in MARKS), end)
            rest = [t for t in doc[after:stop] if not t.is_punct]
            if not rest:
                return name
            if doc[after].text == "," and after + 1 < stop and doc[after + 1].is_lower:
                if doc[after + 1].lower_ in ("who", "which", "that", "whose", "whom"):
                    return name  # ", who has served since 2010": not a role
                role_end = next((t.i for t in doc[after + 1 : stop] if t.text == ","), stop)
                if role_end - after - 1 <= _MAX_ROLE:
                    return f"{name}, {grammar.chars(doc, after + 1, role_end)}"  # ", a Republican from Ohio"
            return None
        if verb.i == k + 1 and doc[k].lower_ in _PRONOUNS:
            return self._pronoun_speaker(number)
        return self._name_with_role(k, verb.i)

    def _trailing(self, start: int, end: int, number: int) -> tuple[str, tuple[int, int]] | None:
        """ "CONTENT, NAME said." / "CONTENT, said NAME." / "CONTENT, he said."."""
        doc = self.doc
        for k in range(end - 1, max(start, end - _MAX_NAME - _MAX_ROLE - 2), -1):
            if doc[k].text != "," or self.quotes.inside[k]:
                continue
            speaker = self._attribution_after(k + 1, end, number)
            tail_words = sum(1 for t in doc[k + 1 : end] if not t.is_punct)
            verb_at = next((t.i for t in doc[k + 1 : end] if _speech(t)), end)
            if any(t.lower_ in _CLAUSE_WORDS for t in doc[verb_at + 1 : end]):
                continue  # "..., Okoro said she was confident": a clause follows, not an ending
            if speaker and tail_words <= _MAX_NAME + 4:
                content = _trim(doc, start, k)
                if verb_at < end and cues.frame(doc[verb_at].lower_) != cues.NEUTRAL:
                    return speaker, (start, end)  # "C, the minister warned": the warning stays
                if content[0] < content[1]:
                    return speaker, content
        return None

    def _leading(self, start: int, end: int, number: int) -> tuple[str, tuple[int, int]] | None:
        """ "NAME (, a role,) said (that) CONTENT", NAME opening the sentence."""
        doc = self.doc
        first = start
        if doc[first].lower_ in lexicon.CONNECTIVES:
            first += 1
            while first < end and doc[first].text == ",":
                first += 1
        verb = next((t for t in doc[first:min(end, first + _MAX_NAME + _MAX_ROLE + 2)] if _speech(t)), None)
        if verb is None or self.quotes.inside[verb.i]:
            return None
        if verb.i == first + 1 and doc[first].lower_ in _PRONOUNS:
            speaker = self._pronoun_speaker(number)
        else:
            speaker = self._name_with_role(first, verb.i)
        if not speaker:
            return None
        k = verb.i + 1
        that = next((t.i for t in doc[k:min(end, k + _THAT_REACH)] if t.lower_ == "that"), None)
        if that is None and verb.text not in lexicon.SAYING_VERBS and verb.text not in lexicon.COGNITION_VERBS:
            return None  # "X added TTP to its list": not speech without a "that"
        that = next((t.i for t in doc[k:min(end, k + _THAT_REACH)] if t.lower_ == "that"), None)
        if cues.frame(verb.lower_) != cues.NEUTRAL:
            return speaker, (start, end)  # "X denied that C", "X believes C": the whole sentence, by X
        if that is not None and not any(doc[j].text in (".", ";", ":") for j in range(k, that)):
            k = that + 1
        elif verb.lower_ not in _DIRECT_SAY:
            return speaker, (start, end)  # "X warned Y against Z": the sentence, said by X
        elif k < end and doc[k].text in (",", ":"):
            k += 1
        content = _trim(doc, k, end)
        return (speaker, content) if content[0] < content[1] else None

    def _according(self, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
        doc = self.doc
        for token in doc[start:end]:
            if token.lower_ != "according" or token.i + 1 >= end or token.nbor(1).lower_ != "to":
                continue
            first = token.i + 2
            name = self._name_at(first, end)
            if not name and first + 1 < end and doc[first].lower_ == "the":
                name = self._name_at(first + 1, end)
                name = f"the {name}" if name else None
            if not name:
                return None
            b = token.i + 2 + (1 if doc[first].lower_ == "the" else 0)
            while b < end and (_cap(doc[b]) or doc[b].lower_ in _NAME_GLUE):
                b += 1
            if token.i <= start + 1:
                content = _trim(doc, b, end)
            else:
                content = _trim(doc, start, token.i)
            return (name, content) if content[0] < content[1] else None
        return None

    # ------------------------------------------------------------------ names

    def _introduction(self, start: int, end: int) -> str | None:
        """ "NAME, a role, ..." or "Her deputy, NAME, ..." opening a sentence introduces a person."""
        doc = self.doc
        role_first = self._role_then_name(start, end)
        if role_first:
            return role_first
        k = start
        while k < end and k - start < _MAX_NAME and (_cap(doc[k]) or doc[k].lower_ in _NAME_GLUE):
            k += 1
        if k - start < 2 or k >= end or doc[k].text != ",":
            return None
        return self._name_with_role(start, _role_end(doc, k, end) or k)

    def _role_then_name(self, start: int, end: int) -> str | None:
        """ "Her deputy, Tom Baker," / "The mayor, Jane Okoro,": a short role, then a name."""
        doc = self.doc
        comma = next((t.i for t in doc[start : min(end, start + 5)] if t.text == ","), None)
        if comma is None or comma == start or any(_cap(t) for t in doc[start + 1 : comma]):
            return None
        k = comma + 1
        while k < end and k - comma <= _MAX_NAME and (_cap(doc[k]) or doc[k].lower_ in _NAME_GLUE):
            k += 1
        if k - comma - 1 < 2 or k >= end or doc[k].text != ",":
            return None
        return grammar.chars(doc, start, k)

    def _name_with_role(self, start: int, verb_at: int) -> str | None:
        """The name (and ", role") in tokens [start, verb_at) before a verb."""
        doc = self.doc
        stop = verb_at
        while stop > start and doc[stop - 1].text == ",":
            stop -= 1
        role_first = self._role_then_name(start, verb_at + 1)
        if role_first:
            return role_first  # "Her deputy, Tom Baker, said"
        if doc[start].lower_ in _DETERMINERS and 1 <= stop - start - 1 <= 2 and all(
            t.is_alpha and t.is_lower for t in doc[start + 1 : stop]
        ):
            return grammar.chars(doc, start, stop)  # "The company said", "The council said"
        k = start
        while k < stop and k - start < _MAX_NAME and (
            _cap(doc[k]) or k > start and doc[k].lower_ in _NAME_GLUE
        ):
            k += 1
        if k == start:
            return None
        name_end = k
        while name_end > start and doc[name_end - 1].lower_ in _NAME_GLUE:
            name_end -= 1
        if name_end == stop:
            return grammar.chars(doc, start, name_end)
        if doc[name_end].text == "," and stop - name_end - 1 <= _MAX_ROLE and doc[name_end + 1].is_lower:
            return f"{grammar.chars(doc, start, name_end)}, {grammar.chars(doc, name_end + 1, stop)}"
        return None

    def _name_at(self, start: int, end: int) -> str | None:
        doc = self.doc
        k = start
        while k < end and k - start < _MAX_NAME and (
            _cap(doc[k]) or k > start and doc[k].lower_ in _NAME_GLUE
        ):
            k += 1
        while k > start and doc[k - 1].lower_ in _NAME_GLUE:
            k -= 1
        return grammar.chars(doc, start, k) if k > start else None

    def _pronoun_speaker(self, number: int) -> str | None:
        last = self.memory.last_speaker
        if last is not None and last.sent >= number - 6:
            return last.text
        return None


def _cap(token: Token) -> bool:
    """A capitalised word ("Hale", "ShopWatch", "NATO"), as names are written."""
    return token.text[:1].isupper() and any(ch.isalpha() for ch in token.text)


def _speech(token: Token) -> bool:
    # Lower case only: "State", "States" and "Charge" are names far more often than verbs.
    low = token.text
    return token.is_lower and low in lexicon.SPEECH_VERBS and not low.endswith("ing") and low not in (
        "find", "found", "hope", "point", "state", "states"
    )


def _role_end(doc: Doc, comma: int, end: int) -> int | None:
    """The closing comma of ", a role," after a name, if the role reads like one."""
    if comma + 1 >= end or not doc[comma + 1].is_lower:
        return None
    for k in range(comma + 1, min(end, comma + 1 + _MAX_ROLE)):
        if doc[k].text == ",":
            return k
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in MARKS):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in (",", ";", ":", "-")):
        end -= 1
    return start, end
