"""Small pieces of claim text: labels, final colons, full stops, possessives.

Plain string and token helpers the sentence reader builds claim texts with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar
from workbench.nlp.quotes import MARK_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_PLURAL_VERBS = {"are": "is", "were": "was", "have": "has", "do": "does"}


def after_label(doc: Doc, start: int, end: int) -> int:
    """Skip a leading label ("A:", "Live updates:", "Analysis:") before a sentence."""
    for i in range(start, min(end, start + 4)):
        token = doc[i]
        if token.text == ":":
            if i + 1 < end and all(doc[k].tag_ not in grammar.VERB_TAGS for k in range(start, i)) and (
                doc[i + 1].dep_ != "mark"  # "For instance: That Clinton misjudged ...": no sentence alone
            ):
                return i + 1
            return start
        if token.tag_ in grammar.VERB_TAGS:
            return start
    return start


def final_colon(doc: Doc, sent: Span, start: int) -> int | None:
    """The index of a colon that ends the sentence, if one does."""
    last = sent.end - 1
    while last > start and doc[last].is_space:
        last -= 1
    return last if doc[last].text == ":" else None


def singular_verb(suffix: str) -> str:
    """The first word of the predicate made to agree with one item."""
    words = suffix.split(" ")
    for i, word in enumerate(words):
        if word:
            low = word.lower()
            if low in _PLURAL_VERBS:
                words[i] = _PLURAL_VERBS[low]
            break
    return " ".join(words)


def before_stop(text: str, addition: str) -> str:
    """Insert ``addition`` before the sentence's final punctuation."""
    core = text.rstrip()
    tail = ""
    while core and core[-1] in ".!" + MARK_CHARS:
        tail = core[-1] + tail
        core = core[:-1]
    return core + addition + tail


def asks(text: str) -> bool:
    return text.rstrip(MARK_CHARS + "')\u2019").endswith("?")


def label(text: str) -> str:
    """A speaker is a label: "the Treasury said" -> "The Treasury"."""
    if text.startswith(("the ", "a ", "an ")):
        return text[:1].upper() + text[1:]
    return text


_SPEAKER_EDGES = "<>|/\\=+*#~^_-\u2013\u2014\u2015:;, \t\n"


def speaker_label(text: str | None) -> str | None:
    """The speaker as stored: no stray markup or punctuation at its edges ('">Sanders',
    from a page whose tags were broken), and None when no word is left."""
    if not text:
        return None
    cleaned = text.rsplit(">", 1)[-1].split("<", 1)[0].strip(_SPEAKER_EDGES)
    if cleaned.endswith(")") and "(" not in cleaned:
        cleaned = cleaned[:-1].rstrip(_SPEAKER_EDGES)
    return cleaned if any(c.isalnum() for c in cleaned) else None


def strip_possessive(text: str) -> str:
    for mark in ("'s", "\u2019s"):
        if text.endswith(mark):
            return text[: -len(mark)]
    return text
