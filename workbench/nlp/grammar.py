"""Small readings of a dependency parse: subjects, noun phrases, speakers, predicates.

Every helper looks at a token's own children or walks a bounded number of heads,
so the cost per sentence stays linear in its tokens.

Size: the noun-phrase, speaker and quotation-mark readings share np_start/np_end
and tidy; split apart, each part would import the others.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from workbench.nlp import lexicon
from workbench.nlp.quotes import MARK_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

VERB_TAGS = frozenset(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"))
FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))
SUBJ_DEPS = frozenset(("nsubj", "nsubjpass", "csubj", "csubjpass", "expl"))
# Dependents that continue the main clause (as opposed to relative or adverbial
# clauses hung on a noun).
MAIN_DEPS = frozenset(("ROOT", "conj", "ccomp", "xcomp", "advcl", "parataxis"))
# Right-hand dependents of a noun that belong to its name (the phrase is "the same thing").
_NP_RIGHT = frozenset(("compound", "flat", "nmod", "nummod", "case", "poss"))
PERSON_LABELS = frozenset(("PERSON",))
GROUP_LABELS = frozenset(("NORP",))
THING_LABELS = frozenset(("ORG", "GPE", "FAC", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"))
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{$])\s+")
_DANGLING_OPENER = re.compile(r"\s+(?:''|``|[\"\u201c\u2018])$")
_MAX_SPEAKER = 160  # characters; a longer apposition is cut back to the name


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token on each access)."""
    cached = doc.user_data.get("workbench_text")
    if cached is None:
        cached = doc.text
        doc.user_data["workbench_text"] = cached
    return cached


def sent_ents(sent: Span) -> list[Span]:
    """The entities of a sentence; ``Span.ents`` walks every entity of the doc, so
    the doc's list is sorted once and cut by bisection."""
    doc = sent.doc
    cached = doc.user_data.get("workbench_ents")
    if cached is None:
        ents = list(doc.ents)
        cached = (ents, [e.start for e in ents])
        doc.user_data["workbench_ents"] = cached
    ents, starts = cached
    return ents[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]


def chars(doc: Doc, start: int, end: int) -> str:
    """The text of tokens [start, end), as ``doc[start:end].text`` but without building tokens."""
    if start >= end:
        return ""
    first, last = doc[start], doc[end - 1]
    return doc_text(doc)[first.idx : last.idx + len(last)]


def sent_text(sent: Span) -> str:
    return doc_text(sent.doc)[sent.start_char : sent.end_char]


def is_verb(token: Token) -> bool:
    return token.tag_ in VERB_TAGS


_SETTING = frozenset(("GPE", "LOC", "FAC", "DATE", "TIME"))


def subject_of(verb: Token, depth: int = 3) -> Token | None:
    """The verb's subject, or (for a coordinated or dependent verb) its head's."""
    for _ in range(depth):
        subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
        if subjects:
            # Two subjects are a misparse. A place or time first is scene-setting the parser
            # hung on the verb: "Tuesday in Berea, OH, ..., Gov. John Kasich said" is Kasich.
            first = subjects[0]
            if first.ent_type_ in _SETTING:
                named = (c for c in subjects[1:] if c.i < verb.i and c.ent_type_ in ("PERSON", "ORG"))
                return next(named, first)
            return first
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def in_main_clause(token: Token, depth: int = 4) -> bool:
    """Whether ``token`` hangs from the root through clause links only."""
    for _ in range(depth):
        if token.dep_ == "ROOT":
            return True
        if token.dep_ not in MAIN_DEPS:
            return False
        token = token.head
    return False


def np_end(head: Token, *, with_appos: bool, with_preps: bool = True, with_conj: bool = True) -> int:
    """Token index after the noun phrase headed by ``head``.

    Takes the head's right-hand name parts, a short prepositional tail ("the
    leadership in Kabul"), coordinated nouns ("the Environment Agency and the Met
    Office") and, with ``with_appos``, an apposition ("X, an analyst"); never
    relative clauses or participles hung on it.
    """
    end = head.i + 1
    doc = head.doc
    person = head.ent_type_ == "PERSON"
    for child in head.rights:
        dep = child.dep_
        if any(not doc[k].is_punct for k in range(end, child.left_edge.i)):
            break  # a parse that hangs words after the verb on the noun ("Khan, a Muslim, was elected ..., the first person")
        if dep in _NP_RIGHT:
            end = child.right_edge.i + 1
        elif dep == "prep" and with_preps and child.right_edge.i - child.i <= 4 and not _has_verb(child) and (
            not person or child.lower_ == "of"  # "Sen. John McCain of Arizona", not "Jeb Bush in a Medium post"
        ) and not any(g.ent_type_ in ("DATE", "TIME") for g in child.children) and (  # "the new mayor on Tuesday"
            with_appos or doc[child.i - 1].text != ","  # "Trump, in Kentucky, said": an aside, not who
        ):
            end = child.right_edge.i + 1
        elif dep == "appos" and with_appos and not _no_role(child, head):
            end = child.right_edge.i + 1  # not a description ("Ramos, silver-haired and blue-eyed,")
        elif dep == "punct" and child.text in ("(", ")") and with_appos:
            end = child.i + 1
        elif dep in ("cc", "conj") and with_conj and not _has_verb(child):
            end = child.right_edge.i + 1
        elif dep == "punct" and child.text == ",":
            continue
        else:
            break
    return end


def _description_end(head: Token) -> int:
    """Where a description of who speaks ends: with what tells the speaker apart ("A
    spokesman for Democratic presidential candidate Hillary Clinton", "a person familiar
    with the planning", "a source involved in the PAC's creation"), never a clause of
    its own ("who said ...")."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "punct" and child.text == ",":
            break
        if child.dep_ in _NP_RIGHT or child.dep_ in ("prep", "amod", "acl") and (
            child.right_edge.i - child.i <= 10
            and not any(t.tag_ in FINITE_TAGS or t.dep_ in ("relcl", "ccomp") for t in child.subtree)
            and (child.dep_ != "acl" or child.tag_ in ("VBN", "VBG"))  # "Republicans supporting the bill"
            and not (child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children))
        ):
            end = child.right_edge.i + 1
            continue
        break
    return end


def parted_by_semicolon(clause: Token, at: int) -> bool:
    """Whether a semicolon stands between the end of ``clause`` and token ``at``: "X was
    buying influence; indeed, he had stated ..." makes the clause one of its own, not what
    the cue after it said."""
    return any(t.text == ";" for t in clause.doc[clause.right_edge.i + 1 : at])


def timed(token: Token) -> bool:
    """A date or time ("Tuesday"), or a preposition that takes one ("on Friday")."""
    return token.ent_type_ in ("DATE", "TIME") or token.dep_ == "prep" and any(
        g.ent_type_ in ("DATE", "TIME") for g in token.children
    )


def _has_verb(token: Token) -> bool:
    return any(t.tag_ in VERB_TAGS for t in token.subtree)


# Words that open a sentence and that a parse may hang on the name after them as part
# of it ("First Trump goes to Louisiana ..., now he meets ...").
_OPENERS = frozenset("first second third then now next finally later meanwhile today yesterday also".split())


def _opener(token: Token) -> bool:
    return token.is_sent_start and token.lower_ in _OPENERS and token.ent_type_ == ""


def np_start(head: Token) -> int:
    start = head.left_edge.i
    if start < head.i and _opener(head.doc[start]):
        start += 1
    return start


def span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens [start, end) with punctuation and spacing tidied."""
    if start >= end:
        return ""
    return tidy(chars(doc, start, end))


def tidy(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    text = text.strip(" ,;:-\u2013\u2014")
    return text


def name_of(head: Token) -> str:
    """The short name for a noun phrase: its entity, else the proper-noun run."""
    if head.ent_type_ and head.ent_iob_ in ("B", "I"):
        ent = _entity_of(head)
        if ent is not None:
            # "Sen. Bernie Sanders'" when the entity takes in the possessive mark.
            return tidy(drop_possessive(ent.text.removeprefix("the ").removeprefix("The ")))
    doc = head.doc
    start = head.i
    while start > head.left_edge.i and doc[start - 1].tag_ in ("NNP", "NNPS") and doc[start - 1].dep_ in (
        "compound", "flat"
    ) and not _opener(doc[start - 1]):
        start -= 1
    return tidy(chars(doc, start, head.i + 1))


_POSSESSIVE_END = re.compile(r"\s*(?:'s|\u2019s|'|\u2019)$")


def drop_possessive(text: str) -> str:
    """ "Sen. Bernie Sanders'" -> "Sen. Bernie Sanders", when a phrase takes in its possessive mark."""
    return _POSSESSIVE_END.sub("", text)


def _entity_of(token: Token) -> Span | None:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if doc[start].ent_iob_ != "B":
        return None
    return doc[start:end]


_ROLE_MODIFIERS = frozenset(
    "former late then acting interim deputy senior chief assistant associate executive retired "
    "outgoing incoming longtime veteran prominent leading top fellow".split()
)
_LEADING_MARKS = "\u201d\u2019\"' ,"


def speaker_text(head: Token, *, with_conj: bool = True) -> str:
    """``_speaker_text`` without a closing quotation mark the phrase took along
    ('," Trump, the frontrunner', '" Butz, 49'): that is no part of a name."""
    return _speaker_text(head, with_conj=with_conj).lstrip(_LEADING_MARKS)


def _speaker_text(head: Token, *, with_conj: bool = True) -> str:
    """The speaker as written: the noun phrase with its role ("X, a former adviser").

    A role whose name comes after it ("The head of the Super PAC backing Jeb Bush,
    Mike Murphy, ...") is written name first when the role runs long."""
    doc = head.doc
    start = np_start(head)
    end = np_end(head, with_appos=True, with_conj=with_conj)
    if head.ent_type_ == "PERSON":
        # "it seemed unlikely Donald Trump would ...": an adjective the parse hung on the
        # name is no part of who the person is; "former", "acting" are.
        # Only right before the name: "public defender X" keeps the adjective of its role.
        while start < head.i and doc[start].tag_ in ("JJ", "RB") and doc[start].is_lower and (
            doc[start].lower_ not in _ROLE_MODIFIERS and not doc[start].ent_type_
        ) and (doc[start + 1].ent_type_ == "PERSON" or doc[start + 1].tag_ in ("JJ", "RB")):
            start += 1
    if doc[start].lower_ in _PRECONJ and start < head.i and any(c.dep_ == "conj" for c in head.children):
        start += 1  # "both X and Y": the people are X and Y
    if not with_conj and head.ent_type_ == "PERSON":
        # "Manafort and business associate Rick Gates", parsed with the first name hung on
        # the second: one person is only the words after the conjunction
        start = max([start] + [t.i + 1 for t in doc[start : head.i] if t.dep_ == "cc"])
    if head.dep_ in ("compound", "nmod") and head.head.i > head.i:
        # "A Wall Street Journal/NBC News poll": the name's first words hang on the
        # noun it names, beside the word the source was found at.
        while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and doc[start - 1].dep_ in ("compound", "nmod") and (
            start - 1 < doc[start - 1].head.i <= head.head.i
        ):
            start -= 1
    if head.tag_ in ("NN", "NNS") and not head.ent_type_ or head.tag_ in ("NNS", "NNPS"):
        end = max(end, _description_end(head))
    elif head.lower_ == "those":
        # "those close to him", "those who voted against it": the words after it are who
        end = max([end] + [c.right_edge.i + 1 for c in head.rights
                           if c.dep_ in ("amod", "acl", "relcl", "prep") and c.right_edge.i - head.i <= 10])
    named = None
    if head.tag_ in ("NN", "NNS") and not head.ent_type_:
        named = next(
            (c for c in head.rights if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.tag_ == "NNP")), None
        )
    if named is not None and end <= named.i:
        role = _trim_function_words(span_text(doc, start, named.left_edge.i))
        name = span_text(doc, named.left_edge.i, named.right_edge.i + 1)
        text = f"{name}, {role[:1].lower() + role[1:] if role[:4] in ('The ', 'A ') or role[:3] == 'An ' else role}"
        return _balance_parens(text)[:_MAX_SPEAKER]
    while end - 1 > head.i and doc[end - 1].lower_ in _FLOATING and doc[end - 1].dep_ in ("appos", "det", "advmod"):
        end -= 1  # "Richards and Menendez both stressed": "both" tells how many, not who
    text = _trim_function_words(span_text(doc, start, end))
    if len(text) > _MAX_SPEAKER:
        text = _trim_function_words(span_text(doc, start, np_end(head, with_appos=False, with_conj=with_conj)))
    return drop_possessive(_balance_parens(text)[:_MAX_SPEAKER])


def _no_role(appos: Token, head: Token) -> bool:
    """ "silver-haired and blue-eyed": a description, not a role ("a Republican", tagged
    as an adjective, has its determiner); "whose anti-establishment appeal": a relative
    clause the parse read as an apposition; "Senator Sanders, his supporters and
    everyone in the party", "Mayor Ortiz, her staff and everyone": a list, since one
    person is not plural."""
    if appos.left_edge.tag_ == "WP$":
        return True
    if head.ent_type_ == "PERSON" and head.tag_ == "NNP" and (appos.tag_ in ("NNS", "NNPS") or any(
        c.dep_ == "conj" and (c.tag_ in ("NNS", "NNPS") or c.lower_ in _EVERYONE) for c in appos.children
    )):
        return True
    return appos.tag_.startswith("JJ") and not any(c.dep_ in ("det", "poss", "nummod") for c in appos.children)


_EVERYONE = frozenset(("everyone", "everybody", "others", "all"))
_PRECONJ = frozenset(("both", "either", "neither"))
_FLOATING = frozenset(("both", "all", "each", "alike", "together"))
_MISUSED_OPENER = re.compile(r"(?<=[\w.,!?])\u201c(?=[\s.,;:!?]|$)")
_FUNCTION_TAIL = re.compile(r"(?:\s+(?:and|or|but|of|for|the|a|an|to|in|at|on|with|by|from))+$", re.IGNORECASE)


def _trim_function_words(text: str) -> str:
    """ "Sirius XM Vice President for news and" (a phrase the parse cut short) loses its tail."""
    return _FUNCTION_TAIL.sub("", text).strip(" ,")


def phrase_text(head: Token, *, with_conj: bool = True) -> str:
    """The noun phrase without apposition, to stand in for a pronoun."""
    text = span_text(head.doc, np_start(head), np_end(head, with_appos=False, with_conj=with_conj))
    return _balance_parens(text)


def _balance_parens(text: str) -> str:
    if text.count("(") > text.count(")"):
        text += ")"
    return text


def mention_kind(head: Token, *, coordinated: bool = True) -> str | None:
    """"person", "group" or "thing" for a noun phrase head, None when unknown.

    With ``coordinated`` a head with coordinated nouns is the group they form;
    without, it is judged alone (an entity inside a list is still a person)."""
    tag = head.tag_
    if tag.startswith("PRP") or tag in ("WP", "WDT", "EX", "DT"):
        return None
    label = head.ent_type_
    if coordinated and any(c.dep_ == "conj" for c in head.children):
        return "group"  # "Smith and Jones", "the agency and the office": they
    if label in PERSON_LABELS and not _INITIALISM.fullmatch(head.text):
        return "person"
    if looks_like_person(head):
        return "person"
    if label in GROUP_LABELS:
        return "group"
    if label in THING_LABELS:
        return "group" if tag == "NNPS" else "thing"
    if tag in ("NNS", "NNPS"):
        return "group"
    if tag in ("NN", "NNP"):
        return "thing"
    return None


# "E.P.R.P.", "N.A.A.C.P.": letters with full stops are an organisation's initials even
# when the recogniser calls them a person (people's initials come with a surname).
_INITIALISM = re.compile(r"(?:[A-Z]\.){3,}")


def looks_like_person(head: Token) -> bool:
    """A name the NER missed, known for a person by its role or title."""
    if head.tag_ not in ("NNP", "NN"):
        return False
    if head.tag_ == "NN":
        return head.lower_ in lexicon.PERSON_ROLES or head.lower_ in lexicon.PERSON_NOUNS
    for child in head.children:
        if child.dep_ == "appos" and child.lower_ in lexicon.PERSON_ROLES:
            return True
        if child.dep_ == "compound" and child.lower_.rstrip(".") in lexicon.TITLES:
            return True
    return False


def render(
    doc: Doc,
    start: int,
    end: int,
    *,
    skip: frozenset[int] | set[int] = frozenset(),
    subst: dict[int, str] | None = None,
) -> str:
    """Tokens [start, end) as text, leaving out ``skip`` and replacing ``subst``."""
    if not skip and not subst:
        return chars(doc, start, end)
    subst = subst or {}
    parts = []
    for i in range(start, end):
        if i in skip:
            if parts and doc[i].whitespace_ and not parts[-1].endswith(" "):
                parts.append(" ")
            continue
        token = doc[i]
        parts.append(subst.get(i, token.text))
        parts.append(token.whitespace_)
    return "".join(parts)


def finish(text: str, *, capitalise: bool = True) -> str:
    """A claim sentence: one line, balanced quotes, capital first letter, full stop."""
    text = _SPACE.sub(" ", text).strip()
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = text.strip(" ,;:-\u2013\u2014")
    # A quotation mark after a space at the very end opens the next sentence's quote
    # ("... in the future. ''" where the parser ends the sentence before the words).
    text = _DANGLING_OPENER.sub("", text)
    text = _balance_quotes(text)
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()  # "(Reagan also benefited ... crisis.)" kept its closing bracket alone
    if not text:
        return text
    if capitalise and text[0].islower() and not _keeps_lowercase(text):
        text = text[0].upper() + text[1:]
    core = text.rstrip(MARK_CHARS + "')\u2019").rstrip()
    if core and core[-1] not in ".!?":
        if core[-1] in ",;:":
            text = core[:-1] + text[len(core):]
            core = core[:-1]
        if len(core) == len(text):
            text = text + "."
        else:
            text = text[: len(core)] + "." + text[len(core):]
    return text


def _keeps_lowercase(text: str) -> bool:
    # "al-Qaeda", "eBay", "iPhone": a lower-case start that is part of a name.
    word = text.split(" ", 1)[0]
    return any(ch.isupper() for ch in word[1:]) or "-" in word[:4]


def _balance_quotes(text: str) -> str:
    # Two apostrophes as quotation marks (''like this'', the style of some archives).
    if text.count("''") % 2:
        if text.startswith("''"):
            text = text[2:].lstrip()
        else:
            text = text.rstrip()
            core = text.rstrip(".!?")
            text = core + "''" + text[len(core):] if core != text else text + "''"
    if text.count('"') % 2:
        if text.startswith('"'):
            text = text[1:].lstrip()
        elif text.endswith('"'):
            text = text[:-1].rstrip()
        else:
            text += '"'
    # An opening mark typed where a closing one belongs ("rapists“ while") closes.
    misused = len(_MISUSED_OPENER.findall(text))
    opens, closes = text.count("\u201c") - misused, text.count("\u201d") + misused
    if opens > closes:
        text += "\u201d" * (opens - closes)
    elif closes > opens and text.startswith("\u201d"):
        text = text[1:]
    return text
