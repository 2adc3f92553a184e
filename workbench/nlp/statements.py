"""Whether a parsed sentence states something: a predicate with a subject, not a
question, a heading or an imperative. The sentence reader asks these first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import lexicon
from workbench.nlp.grammar import FINITE_TAGS, SUBJ_DEPS, VERB_TAGS, sent_text
from workbench.nlp.quotes import MARK_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def has_predicate(sent: Span) -> bool:
    """A finite verb with a subject, or a verb group with an auxiliary: a statement.

    Imperatives ("Skip to content", "Read more") and verbless or participle-headed
    headings ("Edited by: ...", "Maintaining good ties with Kabul") fail.
    """
    root = sent.root
    if root.tag_ not in VERB_TAGS:
        return _misparsed_statement(sent)
    has_subject = False
    has_aux = False
    for child in root.children:
        dep = child.dep_
        if dep in SUBJ_DEPS:
            has_subject = True
        elif dep in ("aux", "auxpass") and child.tag_ in FINITE_TAGS:
            has_aux = True
    # A root tagged VB with a subject is a past or present tense the tagger misread
    # ("Nordtherm cut 400 jobs", "Prices hit a record"); an imperative has no subject.
    if has_subject and (root.tag_ in FINITE_TAGS or root.tag_ == "VB" or has_aux):
        return True
    if root.tag_ == "VBN" and sent[-1].text == "." and any(c.dep_ == "nsubj" for c in root.children):
        return True  # "Last year the foundation paid for four clinics.": a past tense read as a participle
    # "C, the Gazette reports" read with "Gazette reports" as a noun phrase: the
    # statement is the clause before it.
    return root.tag_ in FINITE_TAGS and any(
        c.dep_ in ("ccomp", "parataxis") and c.i < root.i and c.tag_ in VERB_TAGS
        and any(g.dep_ in SUBJ_DEPS for g in c.children)
        for c in root.children
    )


def _misparsed_statement(sent: Span) -> bool:
    """A statement the parser hung on a noun ("X currently enjoys 48% support ..., a
    +12 point jump from November" rooted at "jump"; "Israel is, by far, the most
    important issue" rooted at "issue"): a finite verb with its own subject, or a
    finite auxiliary of a head with one, outside any relative clause or phrase."""
    for token in sent:
        if token.tag_ not in FINITE_TAGS:
            continue
        holder = token.head if token.dep_ in ("aux", "auxpass") else token
        if _after_label(sent, holder):
            pass  # "Analysis: The plan will cost $4 billion", hung on the label
        elif holder.dep_ in ("relcl", "acl", "pobj") or any(a.dep_ in ("relcl", "acl", "pobj", "prep") for a in holder.ancestors):
            continue  # "More than under any government he supported": a clause inside a phrase
        if any(c.dep_ in SUBJ_DEPS and c.tag_ not in ("WP", "WDT") and c.i < token.i for c in holder.children):
            return True
    return False


def _after_label(sent: Span, clause: Token) -> bool:
    """Whether the clause follows a short label and its colon at the sentence start, and
    the parse hung it on the label ("Analysis: The plan will cost ...")."""
    label = clause.head
    doc = sent.doc
    return (
        clause.dep_ == "acl" and label.i == sent.root.i and label.i - sent.start <= 3
        and label.i + 1 < clause.i and doc[label.i + 1].text == ":"
    )


def is_question(sent: Span, text: str | None = None) -> bool:
    """A question: ends in "?", or opens like one and has no full stop (a headline)."""
    text = (sent_text(sent) if text is None else text).rstrip().rstrip(MARK_CHARS + "')\u2019")
    if text.endswith("?"):
        return True
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None:
        return False
    if first.lower_ in lexicon.QUESTION_WORDS and not text.endswith((".", "!")):
        return True
    return False
