"""Attribution, what a content leans on outside it: words left out or pointed back to, so
that what was said cannot stand alone as a claim.

- A verb phrase left out: "Hayek confirmed she had been", "the engineer said it was".
- A verb phrase pointed back to from the content's main clause: "told reporters he would
  still consider doing so" (doing what?). "Leaving his car when asked to do so" and "run a
  lean campaign and will continue to do so" find what "do so" means inside the content.
- How it was said, which the parse hung on the content: "The company confirmed he was a
  passenger on the plane via Facebook on Friday" (he was not on the plane via Facebook).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


_AUXILIARY = frozenset("be been being is are was were am have has had having do does did doing".split())
_SO_VERBS = frozenset("do does did doing done".split())
_COMPLEMENTS = frozenset(("attr", "acomp", "dobj", "xcomp", "ccomp", "prep", "oprd", "agent", "advcl", "npadvmod"))


def elliptic(head: Token, content: tuple[int, int]) -> bool:
    """What was said leans on words outside it: a verb phrase left out ("Hayek confirmed
    she had been") or pointed back to ("said he would still consider doing so")."""
    if head.lower_ in _AUXILIARY and not any(c.dep_ in _COMPLEMENTS for c in head.children):
        return True
    doc = head.doc
    return any(
        t.lower_ == "so" and t.i > content[0] and doc[t.i - 1].lower_ in _SO_VERBS
        and _in_main_clause(doc[t.i - 1], head)
        for t in doc[content[0] : content[1]]
    )


def _in_main_clause(verb: Token, head: Token) -> bool:
    """Whether ``verb`` hangs on the content's head through its main clause only: "would
    consider doing so" points outside; "leaving his car when asked to do so" and "run a
    lean campaign and will continue to do so" do not."""
    for _ in range(6):
        if verb.i == head.i:
            return True
        if verb.dep_ not in ("xcomp", "ccomp", "aux") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


# "in a statement": how it was said; "posted threats on Facebook" is what was said.
_MEDIA = frozenset("statement interview email e-mail letter tweet tweets post release".split())
_MEDIUM_PREPS = frozenset(("in", "via"))


def medium_at_end(head: Token, content: tuple[int, int]) -> bool:
    """A phrase after the content's verb that says how the cue said it ("via Facebook",
    "in a statement"), parsed as part of what was said."""
    for child in head.doc[max(head.i, content[0]) : content[1]]:
        if child.dep_ != "prep" or child.lower_ not in _MEDIUM_PREPS:
            continue
        if child.lower_ == "via" or any(g.dep_ == "pobj" and g.lower_ in _MEDIA for g in child.children):
            return True
    return False


def leaning(head: Token, content: tuple[int, int]) -> tuple[str, ...]:
    """The blockers this module finds for a content clause (see content.blockers)."""
    found = []
    if elliptic(head, content):
        found.append("elliptic")
    if medium_at_end(head, content):
        found.append("medium")
    return tuple(found)
