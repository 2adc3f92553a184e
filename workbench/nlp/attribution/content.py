"""Attribution, stage 3: the content, what the cue says was said or held.

- The clause the cue governs: "X said (that) C", "X told the BBC C", "X
  warned C" (a ccomp child of the cue).
- The clause before it: "C, X said" and "C, said X", however the parser hung
  the cue on it.
- For "according to X", the rest of the sentence.

A content may move out of its sentence into a claim of its own only when it
stands alone (a finite verb with its own subject inside it) and nothing around
the cue changes its truth (``blockers``): a negated or modal cue ("did not
say", "would say"), a condition hung on the cue ("X said C if Y" parsed with
the condition on "said"), a hedge ("reportedly said"), or a cue that is itself
governed by another verb ("refused to confirm C", "appeared to suggest C").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon
from workbench.nlp.attribution import ellipsis, repair
from workbench.nlp.attribution.cues import CONDITIONS, HEDGES
from workbench.nlp.quotes import MARKS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_MODALS = frozenset("will would could might may can shall should must wo ca 'd 'll".split())
_TRIM_END = (",", ";", ":", "-", "\u2013", "\u2014")
_NEGATIVE_DETERMINERS = frozenset("no neither few".split())
_SPEECH_NOUNS = frozenset(
    "statement interview letter email post tweet speech release briefing filing note message video".split()
)
_QUESTION_STARTS = frozenset("what how why whether when where who whom whose which if".split())
_NEGATIVE_PRONOUNS = frozenset("nobody none noone neither few".split())


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and punctuation at the edges (quotation marks stay at the start)."""
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in MARKS):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _TRIM_END):
        end -= 1
    return start, end


SUBORDINATORS = frozenset("since when after before as because while until once although though whereas".split())


def _subordinate_with_object(cue: Token, clause: Token) -> bool:
    """ "Since the businessman announced his candidacy, here we are", parsed with the
    main clause hung on the cue: a cue in a subordinate clause that already has its
    object does not report the clause after the comma."""
    if clause.i < cue.i or not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in cue.children):
        return False
    if not any(c.dep_ == "dobj" and c.i < clause.i for c in cue.children):
        return False
    return any(t.text == "," for t in cue.doc[cue.i + 1 : clause.i])


def governed_clause(sent: Span, cue: Token, inside: bytearray) -> tuple[tuple[int, int] | None, Token | None, bool]:
    """The cue's content clause: (token range, its head, whether it is a direct quote).

    The third value is True when the whole clause is inside quotation marks: the
    quote stage reads it as the speaker's own words instead.
    """
    doc = sent.doc
    for child in cue.children:
        if child.dep_ != "ccomp":
            continue
        if _subordinate_with_object(cue, child):
            continue
        if inside[child.left_edge.i] or doc[child.left_edge.i].text in MARKS:
            return None, None, True
        if child.i < cue.i and repair.bare_be(child):
            continue
        if child.i < cue.i and grammar.parted_by_semicolon(child, cue.i):
            continue
        start, end = child.left_edge.i, child.right_edge.i + 1
        # "said A, but that B": a second reported clause hung on the cue belongs to the content.
        for more in cue.children:
            if more.i > child.i and more.dep_ in ("conj", "ccomp") and more.tag_ in grammar.VERB_TAGS and (
                any(g.dep_ == "mark" for g in more.children) or more.dep_ == "ccomp"
            ):
                end = max(end, more.right_edge.i + 1)
        if end > cue.i > start:
            end = cue.i  # "C, he said": stop before the attribution
        start, end = trim(doc, start, end)
        while start < end and doc[start].lower_ not in _QUESTION_STARTS and (  # "whether C" stays a question
            doc[start].dep_ == "mark" and doc[start].head.i == child.i
            or doc[start].lower_ == "that" and doc[start].tag_ == "IN"  # a "that" the parse gave another role
        ):
            start += 1
        if start == cue.i + 1:
            start = repair.past_when_said(child, start, end)
        if start < end:
            return (start, end), child, False
    # "said in a statement that C" and "told a tribunal that C", parsed with C as a
    # clause of the noun: a "that" marking a clause with its own subject is content.
    for child in cue.children:
        if child.dep_ in ("dobj", "dative"):
            clause = _that_clause(child)
            if clause is not None and not inside[clause.i]:
                start, end = trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
                while start < end and doc[start].dep_ == "mark" and doc[start].lower_ == "that":
                    start += 1
                if start < end:
                    return (start, end), clause, False
        if child.dep_ != "prep":
            continue
        for obj in child.children:
            if obj.dep_ != "pobj" or obj.lower_ not in _SPEECH_NOUNS:
                continue
            clause = next(
                (c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl")
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)),
                None,
            )
            if clause is not None and not inside[clause.i]:
                start, end = trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
                while start < end and doc[start].dep_ == "mark" and doc[start].lower_ == "that":
                    start += 1
                if start < end:
                    return (start, end), clause, False
    # "C, he said" parsed with the saying verb hung on the content.
    if (cue.dep_ in ("parataxis", "ccomp") or cue.dep_ == "conj" and trailing(cue)) and (
        cue.head.i < cue.i and cue.head.tag_ in grammar.VERB_TAGS
    ):
        head = cue.head
        if inside[head.i]:
            if trailing(cue):
                return None, None, True  # '"We all understand that," Sanders said.': the quote is the content
        elif head.lower_ not in lexicon.SPEECH_VERBS:
            start, end = trim(doc, sent.start, cue.left_edge.i)
            if start < end:
                return (start, end), head, False
    return None, None, False


def trailing(cue: Token) -> bool:
    """ "C, X said." parsed with the cue hung on C: the cue has its own subject, comes
    after C, and nothing but punctuation follows the attribution."""
    head = cue.head
    if cue.dep_ not in ("parataxis", "ccomp", "conj") or not head.i < cue.i:
        return False
    if cue.dep_ == "conj" and any(c.dep_ == "cc" and head.i < c.i < cue.i for c in head.children):
        return False  # "She left, and he said so": a second clause, not an attribution of the first
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > cue.i:
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in cue.children):
        return False  # "... the FDA says is safe": the cue has a content of its own
    doc = cue.doc
    before = doc[subject.left_edge.i - 1] if subject.left_edge.i > 0 else None
    if before is None or not (before.text == "," or before.text in MARKS):
        return False
    sent = cue.sent
    return all(t.is_punct or t.is_space for t in doc[cue.right_edge.i + 1 : sent.end])


def parenthetical(sent: Span, cue: Token, inside: bytearray) -> tuple[tuple[int, int], Token, tuple[int, int]] | None:
    """ "The trouble, Frank writes, began in the 1970s": (the content, its head, the
    parenthetical to leave out), for a cue set off by commas inside its content."""
    doc = sent.doc
    head = cue.head
    if cue.dep_ != "parataxis" or head.i <= cue.i or head.tag_ not in grammar.VERB_TAGS or inside[head.i]:
        return None
    left, right = cue.left_edge.i, cue.right_edge.i + 1
    if left <= sent.start or right >= sent.end:
        return None
    if doc[left].text != "," and doc[left - 1].text != ",":
        return None
    if doc[right - 1].text != "," and doc[right].text != ",":
        return None
    gap_start = left if doc[left].text == "," else left - 1
    gap_end = right if doc[right - 1].text == "," else right + 1
    start, end = trim(doc, sent.start, sent.end)
    if not start < gap_start < gap_end < end:
        return None
    return (start, end), head, (gap_start, gap_end)


def _that_clause(noun: Token) -> Token | None:
    """ "a tribunal [that bosses ignored his complaints]" misparsed as a relative clause:
    "that" is a mark, not the clause's subject, and the clause has a subject of its own."""
    for clause in noun.children:
        if clause.dep_ not in ("relcl", "acl", "ccomp"):
            continue
        marks = [g for g in clause.children if g.dep_ == "mark" and g.lower_ == "that"]
        if marks and any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children):
            return clause
    return None


def according_phrase(sent: Span, according: Token, source: Token) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(the "according to X" phrase, the content) as token ranges."""
    doc = sent.doc
    phrase = (according.left_edge.i, max(according.right_edge.i + 1, source.right_edge.i + 1))
    if phrase[0] <= sent.start + 1:
        start, end = phrase[1], sent.end
    else:
        start, end = sent.start, phrase[0]
        if sent.end - phrase[1] > phrase[0] - sent.start:
            start, end = phrase[1], sent.end
    start, end = trim(doc, start, end)
    if start >= end:
        return None
    return phrase, (start, end)


_AS_CHILDREN = frozenset("nsubj agent aux advmod npadvmod prep prt dative mark punct tmod".split())


def as_phrase(
    sent: Span, cue: Token, inside: bytearray
) -> tuple[tuple[int, int], tuple[int, int], Token] | None:
    """ "As The Washington Post reported, C" and "C, as the bank noted": (the "as"
    clause with its comma, the content: the sentence around it, the content's
    verb) as token ranges.

    Only a bare attribution qualifies: the clause holds the cue, its subject and
    when, where or to whom ("as he told reporters on Tuesday"), never a content
    of its own ("as he said he would")."""
    doc = sent.doc
    head = cue.head
    if cue.dep_ != "advcl" or head.i == cue.i or inside[head.i]:
        return None
    if head.tag_ not in grammar.VERB_TAGS:
        # "The new stadium, as the mayor told reporters, will cost $5bn", the clause
        # hung on the subject: what it attributes is the sentence's main clause.
        head = sent.root
        if head.tag_ not in grammar.VERB_TAGS or head.i == cue.i or inside[head.i]:
            return None
    marks = [c for c in cue.children if c.dep_ == "mark"]
    if len(marks) != 1 or marks[0].lower_ != "as" or marks[0].i > cue.i:
        return None
    for child in cue.children:
        if child.dep_ == "dobj" and cue.lower_ in ("told", "tells", "tell") and child.i > cue.i:
            continue
        if child.dep_ not in _AS_CHILDREN or child.dep_ == "prep" and _has_clause(child):
            return None
    left, right = cue.left_edge.i, cue.right_edge.i + 1
    if any(inside[i] for i in range(left, right)):
        return None
    start, end = trim(doc, sent.start, sent.end)
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in MARKS or doc[end - 1].is_space):
        end -= 1
    if left > start and doc[left - 1].text == ",":
        left -= 1
    if right < end and doc[right].text == ",":
        right += 1
    if left <= start:
        if right >= end or doc[right - 1].text != ",":
            return None
        content = trim(doc, right, end)
    elif right >= end:
        if doc[left].text != ",":
            return None
        content = trim(doc, start, left)
    else:
        if doc[left].text != "," or doc[right - 1].text != ",":
            return None
        content = (start, end)
    if content[0] >= content[1] or not content[0] <= head.i < content[1]:
        return None
    return (left, right), content, head


def standalone(head: Token | None, content: tuple[int, int]) -> bool:
    """A reported clause that stands alone: a finite verb and its own subject.

    Also a clause the parser split wrongly ("say [building codes introduced after
    the quake] were never enforced", with "introduced" taken for the verb): a
    subject followed, inside the clause, by a finite verb or auxiliary.
    """
    if head is None:
        return False
    first = head.doc[content[0]]
    if first.lower_ in _QUESTION_STARTS:
        return False  # "told us what they made of it": an indirect question states nothing
    finite = head.tag_ in grammar.FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in grammar.FINITE_TAGS for c in head.children
    )
    if finite:
        subject = grammar.subject_of(head, depth=1)
        return subject is not None and content[0] <= subject.i < content[1]
    doc = head.doc
    subject_at = next(
        (i for i in range(content[0], content[1]) if doc[i].dep_ in ("nsubj", "nsubjpass")), None
    )
    return subject_at is not None and any(
        doc[i].tag_ in grammar.FINITE_TAGS for i in range(subject_at + 1, content[1])
    )


# Children of a cue that only say when, where, to whom or how it was said.
_CIRCUMSTANCE = frozenset(
    "nsubj nsubjpass agent aux auxpass neg advmod npadvmod prep dative dobj prt punct cc mark tmod det".split()
)


def framing(cue: Token, source: Token | None, covered: bytearray, content: tuple[int, int] | None = None) -> None:
    """Mark the words of an attribution itself: the cue, who spoke, and when, where,
    to whom or how ("told reporters in Washington on Tuesday", "said in a statement
    that C")."""
    covered[cue.i] = 1
    for child in cue.children:
        if child.dep_ not in _CIRCUMSTANCE:
            continue
        if child.dep_ == "prep" and _has_clause(child) and not (
            content is not None and child.left_edge.i < content[1] and content[0] < child.right_edge.i + 1
        ):
            continue  # "said, after he had lost, that ...": a clause of its own
        for t in child.subtree:
            covered[t.i] = 1
    if source is not None:
        for t in source.subtree:
            covered[t.i] = 1
    if content is not None and cue.i < content[0]:
        doc = cue.doc
        for i in range(cue.i + 1, content[0]):  # "said Tuesday his ...", "said on Friday he ..."
            if grammar.timed(doc[i]):
                covered[i] = 1


def leftover(sent: Span, content: tuple[int, int], gap: tuple[int, int] | None, covered: bytearray) -> bool:
    """Whether the sentence says more than its attributions (``covered``, with its
    direct quotes) and this content: "X said A, but it is understood that B",
    "Asked whether C, X said A", "X denied A and said B".

    Then the content may not stand alone: the claim would leave the rest out.
    """
    for token in sent:
        i = token.i
        if covered[i] or content[0] <= i < content[1] or gap is not None and gap[0] <= i < gap[1]:
            continue
        if token.is_punct or token.is_space or token.dep_ in ("cc", "mark") or (token.lower_, token.tag_) == ("that", "IN"):
            continue
        return True
    return False


def _has_clause(token: Token) -> bool:
    return any(t.tag_ in grammar.FINITE_TAGS or t.dep_ in ("pcomp",) for t in token.subtree)


def blockers(cue: Token, content: tuple[int, int] | None, head: Token | None = None) -> tuple[str, ...]:
    """What around the cue changes the truth of its content (see the module docstring)."""
    found: list[str] = []
    inside = content or (0, 0)
    for child in cue.children:
        if inside[0] <= child.i < inside[1]:
            continue
        dep = child.dep_
        low = child.lower_
        if dep in ("nsubj", "nsubjpass") and any(
            g.dep_ == "det" and g.lower_ in _NEGATIVE_DETERMINERS for g in child.children
        ) or dep == "nsubj" and low in _NEGATIVE_PRONOUNS:
            found.append("negated")  # "No MP has said they would join"
        if dep == "neg":
            found.append("negated")
        elif dep == "aux" and low in _MODALS:
            found.append("modal")
        elif dep == "advmod" and low in HEDGES:
            found.append("hedge")
        elif dep == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITIONS for g in child.children):
            found.append("condition")
        elif dep == "prep" and low in ("unless",):
            found.append("condition")
    if head is not None and content is not None:
        found.extend(ellipsis.leaning(head, content))  # "she had been", "doing so", "via Facebook"
    governed = cue
    for _ in range(3):
        if governed.dep_ != "conj" or governed.head.i == governed.i or trailing(governed):
            break
        # "needs to sell herself and tell more jokes": a verb joined to a governed
        # one is governed by the same verb
        governed = governed.head
    governor = governed.head
    if governed.dep_ in ("xcomp", "ccomp") and governor.tag_ in grammar.VERB_TAGS and governor.i != governed.i and (
        head is None or governor.i != head.i
    ) and not trailing(governed):
        # "refused to confirm", "appeared to say", "is expected to announce"
        found.append("governed")
    return tuple(found)


def subjectless_clause(cue: Token, head: Token | None, span: tuple[int, int]) -> bool:
    """A second clause of the cue with a finite verb and no subject ("One reason X say
    they came ... was the fear"): the parse hung the sentence's own verb on the cue."""
    for child in cue.children:
        if child is head or child.dep_ != "ccomp" or not span[0] <= child.i < span[1]:
            continue
        if child.tag_ in ("VBD", "VBZ", "VBP") and not any(
            g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for g in child.children
        ):
            return True
    return False
