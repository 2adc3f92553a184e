"""Attribution, parse repairs for the content stage: where the parser's attachment around a
cue is not how the sentence reads, and the content clause it gives must be corrected.

- A bare "be" before the cue whose complement is the quotation after it ("It was, the
  president said, '...'") is no content.
- A time right after the cue ("said Tuesday his actions ...") is when it was said, not a
  word of what was said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token


_COMPLEMENTS = frozenset("attr acomp dobj prep ccomp xcomp oprd advmod npadvmod".split())


def bare_be(clause: Token) -> bool:
    """ "It was, the president said, '...'": a "be" whose complement is the quotation
    after the cue, which the parse hangs on the cue."""
    return clause.lower_ in lexicon.BE_FORMS and not any(c.dep_ in _COMPLEMENTS for c in clause.children)


def past_when_said(clause: Token, start: int, end: int) -> int:
    """ "said Tuesday his actions are ...", "said on Friday he met X earlier this week": a
    time right after the cue, before the content's subject and with no "that", is when it was
    said, though the parse hangs it on the content."""
    doc = clause.doc
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return start
    for child in clause.children:
        if child.left_edge.i != start or child.right_edge.i >= subject.left_edge.i:
            continue
        if grammar.timed(child) and child.dep_ in ("npadvmod", "prep", "advmod"):
            after = child.right_edge.i + 1
            while after < end and doc[after].is_punct:
                after += 1
            return after
    return start
