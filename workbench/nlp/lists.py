"""Splitting a sentence that names several items into one claim per item.

Two shapes count as an item list, because each item can be true or false on its
own:

- a colon followed by two or more named items, each opening with a name of the
  same entity type after a comma, semicolon or "and" ("... as global terrorists:
  A, head of X, B, the deputy chief, and C, who ...");
- two or more coordinated names of the same type as the object of an act done to
  each of them ("The court convicted A, 45, and B, 38, of fraud").

Coordinated common nouns ("military, police, and intelligence services") are
never split: they are one claim about a group; nor are names the sentence takes
together ("Forbes lists A and B with $40 billion each"), nor a colon before the
main verb (a title's: "In a memoir, Love: My Family Divided, ..., the actress
tackles ...").  The claim for each item is the
sentence's frame with the list phrase replaced by that item, and a plural
"as global terrorists" made singular ("as a global terrorist").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ITEM_LABELS = frozenset(("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT"))
_SEPARATORS = frozenset((",", ";", "and", "or", "&"))
_MAX_ITEMS = 30
_JOINT = frozenset("each both respectively together jointly combined between".split())


@dataclass(slots=True)
class Item:
    start: int  # token range of the item in the doc
    end: int
    text: str
    needs_comma: bool  # the item has its own apposition and the frame goes on after it


@dataclass(slots=True)
class Split:
    items: list[Item]
    frame: tuple[int, int]  # token range of the sentence each item's claim is built from
    replace: tuple[int, int]  # the list phrase inside the frame, replaced by each item
    subst: dict[int, str] = field(default_factory=dict)  # other rewrites of the frame


def split(doc: Doc, sent: Span, root: Token, inside: bytearray) -> Split | None:
    return _colon_list(doc, sent, root, inside) or _object_list(doc, sent, root, inside)


def _colon_list(doc: Doc, sent: Span, root: Token, inside: bytearray) -> Split | None:
    if ":" not in grammar.sent_text(sent):
        return None
    colon = next((t for t in sent if t.text == ":" and not inside[t.i]), None)
    if colon is None or colon.i <= sent.start + 2 or root.i > colon.i:
        return None  # the main verb after the colon: a title's colon ("In the Country We Love: My Family ...")
    if any(t.i > colon.i and t.head.i == root.i and t.tag_ in grammar.FINITE_TAGS for t in sent):
        return None  # the sentence goes on after the items with a verb of its own ("..., the actress tackles")
    end = _content_end(doc, sent.start, sent.end)
    items = _items(doc, colon.i + 1, end, names_ok=True)
    if items is None:
        return None
    frame_end = colon.i
    listed = listed_noun(doc, sent.start, frame_end, root)
    if listed is None:
        before = doc[colon.i - 1]
        if before.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in before.children) or any(
            t.tag_ in ("NNS", "NNPS") for t in doc[sent.start : colon.i]
        ):
            # "would fall off the ballot in three states: A, B, and C", "Here's a list of
            # the companies the DNC has targeted: A, B, C": the plural the items spell out
            # is not the sentence's object, and "in three states: A" is false.
            return None
        replace = (colon.i, colon.i + 1)
        frame_end = colon.i + 1
        for item in items:
            item.text = ": " + item.text
            item.needs_comma = False
        return Split(items, (sent.start, frame_end), replace)
    if any(c.dep_ == "nummod" for c in listed.children) and root.lower_ not in lexicon.LIST_ACTION_VERBS:
        # "The candidate has five children: A, B, C": "has A" says nothing the sentence
        # does ("designated three men as terrorists: A, B" is said of each).
        return None
    replace = (listed.left_edge.i, min(listed.right_edge.i + 1, frame_end))
    if listed.tag_ in ("NN", "NNP") and any(t.tag_ in ("NNS", "NNPS") for t in doc[replace[0] : replace[1]]):
        # "monitors the number of appearances ... on three networks: A, B and C": the items
        # spell out the plural inside the object, and "monitors A" is false.
        return None
    if any(t.tag_ == "NNS" and not t.ent_type_ for t in doc[listed.i + 1 : replace[1]]):
        # "mocked the presidential ambitions of three hopefuls: A, B and C": the items are
        # the hopefuls, and "mocked A" says more than the sentence does
        return None
    if any(
        t.tag_ in ("NNS", "NNPS") and not any(a.lower_ == "as" and a.dep_ == "prep" for a in t.ancestors)
        for t in doc[replace[1] : frame_end]
    ):
        # "officials used those systems to search the records of three people: A, B, C": a
        # plural nearer the colon may be what the items spell out; which is not grammar.
        return None
    follows = replace[1] < frame_end and not doc[replace[1]].is_punct
    for item in items:
        item.needs_comma = item.needs_comma and follows
    return Split(items, (sent.start, frame_end), replace, singular_role(doc, root, replace, frame_end))


def _object_list(doc: Doc, sent: Span, root: Token, inside: bytearray) -> Split | None:
    if any(t.lower_ in _JOINT for t in sent):
        return None  # "lists A and B with $40 billion each": a claim about them together
    verbs = [root] + [c for c in root.children if c.dep_ == "conj" and c.tag_ in grammar.VERB_TAGS]
    for verb in verbs:
        if verb.lower_ not in lexicon.LIST_ACTION_VERBS:
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.ent_type_ not in ITEM_LABELS or inside[obj.i]:
            continue
        if not any(c.dep_ == "conj" for c in obj.children) and not any(
            c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children) for c in obj.children
        ):
            continue
        start, end = obj.left_edge.i, obj.right_edge.i + 1
        items = _items(doc, start, end)
        if items is None:
            continue
        # The last name keeps its own apposition ("C, 61") but not what hangs on
        # it for the whole list ("on Friday").
        last = items[-1]
        root = _entity_root(doc, last.start)
        if root is not None:
            stop = min(end, grammar.np_end(root, with_appos=True, with_preps=False, with_conj=False))
            stop = _strip_separators(doc, last.start, stop)
            if last.start < stop < last.end:
                last.end = stop
                last.text = grammar.span_text(doc, last.start, stop)
                last.needs_comma = "," in last.text
                end = stop
        frame = (sent.start, _content_end(doc, sent.start, sent.end))
        follows = end < frame[1] and not doc[end].is_punct
        for item in items:
            item.needs_comma = item.needs_comma and follows
        return Split(items, frame, (start, end), singular_role(doc, verb, (start, end), frame[1]))
    return None


def _content_end(doc: Doc, start: int, end: int) -> int:
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end


def _items(doc: Doc, start: int, end: int, *, names_ok: bool = False) -> list[Item] | None:
    """Named items of one entity type in tokens [start, end), or None if not a list.

    With ``names_ok`` (after a colon, where the list is explicit) items may also
    be runs of proper nouns the entity recogniser missed ("Alpha Trading LLC").
    """
    while start < end and (doc[start].is_space or doc[start].text in _SEPARATORS):
        start += 1
    if start >= end:
        return None
    first = doc[start]
    if first.ent_iob_ == "B" and first.ent_type_ in ITEM_LABELS:
        label = first.ent_type_

        def opens(token: Token) -> bool:
            return token.ent_iob_ == "B" and token.ent_type_ == label

    elif names_ok and _capitalised(first) and not first.ent_type_:

        def opens(token: Token) -> bool:
            return _capitalised(token)

    else:
        return None
    starts = [start]
    prev = None
    for i in range(start + 1, end):
        token = doc[i]
        if token.is_space:
            continue
        if opens(token) and prev is not None and prev.lower_ in _SEPARATORS:
            starts.append(i)
            if len(starts) > _MAX_ITEMS:
                return None
        prev = token
    if len(starts) < 2:
        return None
    items = []
    bounds = starts[1:] + [end]
    for a, b in zip(starts, bounds):
        b = _strip_separators(doc, a, b)
        if b <= a:
            return None
        text = grammar.span_text(doc, a, b)
        items.append(Item(a, b, text, needs_comma="," in text))
    return items


def _capitalised(token: Token) -> bool:
    """A word written as a name: capital first letter, not "The" or "A"."""
    text = token.text
    return text[:1].isupper() and any(ch.isalpha() for ch in text) and token.tag_ not in ("DT", "PRP", "CC", "IN")


def _entity_root(doc: Doc, start: int) -> Token | None:
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].root


def _strip_separators(doc: Doc, start: int, end: int) -> int:
    while end > start and (doc[end - 1].is_space or doc[end - 1].lower_ in _SEPARATORS):
        end -= 1
    return end


def listed_noun(doc: Doc, start: int, end: int, root: Token, *, subject: bool = False) -> Token | None:
    """The plural noun the list spells out ("named leaders ... as X: A, B and C");
    with ``subject`` also an active subject ("The following stations will reopen:")."""
    deps = ("dobj", "nsubjpass", "attr", "nsubj") if subject else ("dobj", "nsubjpass", "attr")
    for child in root.children:
        if child.dep_ in deps and start <= child.i < end and child.tag_ in ("NNS", "NNPS"):
            return child
    for child in root.children:
        if child.dep_ in deps and start <= child.i < end:
            return child
    return None


def singular_role(doc: Doc, verb: Token, replace: tuple[int, int], frame_end: int) -> dict[int, str]:
    """ "as global terrorists" -> "as a global terrorist", now that each claim names one."""
    subst: dict[int, str] = {}
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "as" or replace[0] <= prep.i < replace[1]:
            continue
        if prep.i >= frame_end:
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if noun is None or noun.tag_ != "NNS" or noun.i >= frame_end:
            continue
        if any(c.dep_ in ("det", "poss", "nummod") for c in noun.children):
            continue
        first = noun.left_edge
        singular = _singular(noun.text)
        words = [(i, doc[i].text) for i in range(first.i, noun.i + 1)]
        article = "an" if words[0][1][:1].lower() in "aeiou" and first.i != noun.i or (
            first.i == noun.i and singular[:1].lower() in "aeiou"
        ) else "a"
        for i, text in words:
            subst[i] = singular if i == noun.i else text
        subst[first.i] = article + " " + subst[first.i]
    return subst


def singular_phrase(noun: Token) -> str:
    """ "global terrorists" -> "a global terrorist"; a singular phrase as written."""
    doc = noun.doc
    words = [doc[i].text for i in range(noun.left_edge.i, noun.i + 1)]
    if noun.tag_ != "NNS" or any(c.dep_ in ("det", "poss", "nummod") for c in noun.children):
        return " ".join(words)
    words[-1] = _singular(words[-1])
    article = "an" if words[0][:1].lower() in "aeiou" else "a"
    return article + " " + " ".join(words)


def _singular(word: str) -> str:
    low = word.lower()
    if low.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return word[:-1]
    return word
