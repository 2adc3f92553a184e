"""Attribution: who said what, in three stages composed the way BBC's Citron does.

    cues.py     the cue ("said", "denied", "according to") and its frame
    sources.py  the source of a cue, and whether it can speak
    content.py  what the cue says was said, and whether it may stand alone
    repair.py   the content stage's parse repairs
    ellipsis.py what a content leans on outside it ("she had been", "doing so", "via Facebook")

:func:`find` reads one parsed sentence into :class:`Attribution` records; the
sentence reader (claims.py) turns them into claims.  Each stage is measured on
human annotations by ``bench/eval_attribution.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.nlp import grammar
from workbench.nlp.attribution import content as contents
from workbench.nlp.attribution import cues, sources

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Attribution", "find"]

_MARK_TEXTS = frozenset(('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "``", "''"))


@dataclass(slots=True)
class Attribution:
    cue: Token
    frame: str  # cues.NEUTRAL or cues.FRAMED
    source: Token | None  # the phrase that can speak (a pronoun still unresolved), or None
    content: tuple[int, int] | None  # token range of what was said
    content_head: Token | None
    main: bool  # the cue is in the sentence's main clause, not inside other content
    blockers: tuple[str, ...] = ()  # why the content may not stand as a claim of its own
    according: tuple[int, int] | None = None  # the attribution inside the content: "according to X", ", X said,"
    quoted_content: bool = False  # the content is a direct quotation (read by the quote stage)
    impersonal: bool = False  # "it is believed", "is said to": nobody speaks
    aside: bool = False  # "The new rules, said the minister, will take effect": the sentence around the aside

    @property
    def speaks(self) -> bool:
        """A source that can speak (possibly a pronoun the memory must resolve)."""
        return self.source is not None and not self.impersonal

    @property
    def moves(self) -> bool:
        """Whether the content becomes the claim, with the source as its speaker."""
        return (
            self.frame == cues.NEUTRAL
            and self.main
            and self.speaks
            and self.content is not None
            and not self.blockers
            and (self.aside or contents.standalone(self.content_head, self.content))
        )


def find(
    sent: Span, candidates: list[Token], inside: bytearray, *, known_name: Callable[[str], bool] | None = None
) -> list[Attribution]:
    """The attributions among ``candidates`` (cue words found by the sentence scan).

    ``known_name`` tells whether a capitalised word is a name the article has
    used before ("Matthews" after "Chris Matthews", tagged as a plural noun by
    the tagger at the start of a sentence)."""
    found: list[Attribution] = []
    raws: list[Token | None] = []
    for token in candidates:
        if token.lower_ == "according":
            attr = _according(sent, token, inside)
            if attr is not None:
                found.append(attr)
                raws.append(attr.source)
            continue
        if inside[token.i] or token.tag_ not in grammar.VERB_TAGS or cues.runs_into_source(token):
            continue
        attr = _as_attribution(sent, token, inside) or _inverted_aside(sent, token, inside)
        if attr is not None and attr.source is not None and sources.across_dash(sent, token, attr.source):
            continue
        if attr is not None:
            attr.main = attr.main and not cues.holds_cue(token)
            if attr.content_head is not None and cues.holds_cue(attr.content_head):
                attr.blockers = (*attr.blockers, "held")
            found.append(attr)
            raws.append(attr.source)
            continue
        by_saying = _by_saying(token)
        main = by_saying or _in_main_clause(token) and not cues.holds_cue(token)
        impersonal = sources.impersonal(token)
        source = None
        raw = None
        if not impersonal:
            raw = sources.source_of(token)
            if raw is None and by_saying:
                raw = grammar.subject_of(token.head.head)
            if raw is None:
                raw = _named_before_cue(token, inside)
            if raw is None and known_name is not None:
                raw = sources.known_word_before(sent, token, known_name)
            if raw is not None and raw.lower_ in sources.FIRST_PERSON and not inside[raw.i]:
                continue  # "I said", "we believe": the writer, not a source
            if raw is not None and any(t.lower_ == "as" and t.dep_ in ("mark", "prep") and t.nbor(-1).text == ","
                                       for t in sent.doc[raw.i + 1 : token.i]):
                continue  # "Hawaii, as one of the advisers pointed out, ...": the parse lost the "as" clause
            neutral = cues.frame(token.lower_) == cues.NEUTRAL or token.lower_ in cues.AGENT_ACTS
            if raw is not None and inside[raw.i]:
                # '"Thanks, Clarkston, ...," said master of ceremonies Asab Al-Tabchi': a
                # word of the quotation taken for a subject; the cue's own subject follows it.
                raw = next(
                    (c for c in token.children if c.dep_ == "nsubj" and c.i > token.i and not inside[c.i]), None
                ) or _named_after_quote(raw, token, inside) or _named_before_cue(token, inside)
                if raw is None:
                    continue
            source = sources.speaking_head(raw, inside, neutral=neutral) if raw is not None else None
            if source is None and raw is not None and raw.is_title and known_name is not None and (
                raw.tag_ in ("NN", "NNS", "NNP", "RB", "JJ") and known_name(raw.text)
            ):
                source = raw
        if raw is not None and sources.across_dash(sent, token, raw):
            continue
        span, head, quoted = contents.governed_clause(sent, token, inside)
        gap = None
        if span is None and not quoted:
            aside = contents.parenthetical(sent, token, inside)
            if aside is not None:
                span, head, gap = aside
        if not (cues.used_as_speech(token, span, quoted, sent) or sources.document_finding(token, raw, source)):
            continue
        blocked = contents.blockers(token, span, head)
        if span is not None and contents.subjectless_clause(token, head, span):
            blocked = (*blocked, "misparsed")
        if head is not None and cues.holds_cue(head):
            blocked = (*blocked, "held")  # "responded to a question about a claim that he told ..."
        if sources.hedged_document(raw):
            blocked = (*blocked, "hedged source")
        found.append(
            Attribution(
                cue=token,
                # "distanced himself by saying C": the sentence reports what was done by saying
                frame=cues.FRAMED if token.dep_ == "pcomp" else cues.frame(token.lower_),
                source=source,
                content=span,
                content_head=head,
                main=main,
                blockers=blocked,
                quoted_content=quoted,
                impersonal=impersonal,
                according=gap,
            )
        )
        raws.append(raw)
    _say_all(sent, found, raws, inside)
    return found


def _say_all(sent: Span, found: list[Attribution], raws: list[Token | None], inside: bytearray) -> None:
    """Block a content from standing alone when the sentence says more than its
    attributions, their quotations and that content (contents.leftover)."""
    if not any(_may_move(a) for a in found):
        return
    doc = sent.doc
    covered = bytearray(len(doc))
    for attr, raw in zip(found, raws):
        if attr.frame == cues.NEUTRAL:
            # Only a neutral frame may go: "X denied that, saying C" keeps its denial.
            contents.framing(attr.cue, raw, covered, attr.content)
    for i in range(sent.start, sent.end):
        if inside[i] or doc[i].text in _MARK_TEXTS:
            covered[i] = 1  # quoted words are claims of their own, or part of the content
    for attr in found:
        if _may_move(attr) and contents.leftover(sent, attr.content, attr.according, covered):
            attr.blockers = (*attr.blockers, "more")


def _may_move(attr: Attribution) -> bool:
    return attr.content is not None and attr.frame == cues.NEUTRAL and attr.main and not attr.blockers


def _according(sent: Span, token: Token, inside: bytearray) -> Attribution | None:
    raw = sources.source_of(token, according=True)
    if raw is None:
        return None
    parts = contents.according_phrase(sent, token, raw)
    if parts is None:
        return None
    phrase, span = parts
    root = sent.root
    head = root if root.i != token.i and root.tag_ in grammar.VERB_TAGS else None
    return Attribution(
        cue=token,
        frame=cues.NEUTRAL,
        source=sources.speaking_head(raw, inside),
        content=span,
        content_head=head,
        main=not _bracketed(sent, token) and (token.head.i == token.i or grammar.in_main_clause(token.head)),
        blockers=("hedged source",) if sources.hedged_document(raw) else (),
        according=phrase,
    )


def _bracketed(sent: Span, token: Token) -> bool:
    """ "(the actual number is 15 percent, according to Factcheck.org)": inside an aside."""
    depth = 0
    for t in sent.doc[sent.start : token.i]:
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]") and depth:
            depth -= 1
    return depth > 0


def _as_attribution(sent: Span, token: Token, inside: bytearray) -> Attribution | None:
    """ "As The Washington Post reported, C": the attribution of the main clause, when
    the main clause has no cue of its own."""
    low = token.lower_
    if token.dep_ != "advcl" or not (low in cues.NEUTRAL_VERBS or low in cues.SPEECH_ACTS or low in cues.AS_VERBS):
        return None
    if low in cues.STANCE_VERBS or low in cues.NEEDS_COMPLEMENT and low not in cues.AS_VERBS or _root_speaks(sent.root):
        return None
    parts = contents.as_phrase(sent, token, inside)
    if parts is None or not _in_main_clause(parts[2]):
        return None
    raw = next((c for c in token.children if c.dep_ == "nsubj"), None)  # its own subject, not the clause's
    if raw is None:
        raw = sources.source_of(token) if any(c.dep_ == "agent" for c in token.children) else None  # "As reported by X"
    if raw is None or raw.lower_ in sources.FIRST_PERSON or raw.tag_ in ("WP", "WDT"):
        return None
    source = sources.speaking_head(raw, inside, neutral=cues.frame(low) == cues.NEUTRAL)
    if source is None:
        return None
    phrase, span, head = parts
    return Attribution(
        cue=token,
        frame=cues.frame(low),
        source=source,
        content=span,
        content_head=head,
        main=True,
        blockers=contents.blockers(token, span, head),
        according=phrase,
    )


def _root_speaks(root: Token) -> bool:
    """The main clause reports speech of its own ("As X said, Y argued that C"), not
    "As X noted, Clinton raised $1.1 million"."""
    if root.lower_ not in cues.CUE_VERBS:
        return False
    if any(c.dep_ in ("ccomp", "parataxis") for c in root.children):
        return True
    return not any(c.dep_ in ("dobj", "attr", "acomp", "oprd") for c in root.children)


def _inverted_aside(sent: Span, token: Token, inside: bytearray) -> Attribution | None:
    """ "The new rules, said the minister, will take effect in May": an inverted
    attribution set off by commas inside its content, which the parser reads with the
    content's own subject as the cue's, or the speaker as the content's subject.

    The content is the sentence without the aside, as the article wrote it."""
    if token.lower_ not in cues.NEUTRAL_VERBS or token.dep_ != "ROOT":
        return None
    doc = sent.doc
    start, end = contents.trim(doc, sent.start, sent.end)
    if not start < token.i - 1 or doc[token.i - 1].text != ",":
        return None
    clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
    if clause is None or inside[clause.i] or clause.tag_ not in grammar.VERB_TAGS:
        return None
    finite = clause.tag_ in grammar.FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in grammar.FINITE_TAGS for c in clause.children
    )
    if not finite:
        return None
    # The speaker: the noun phrase right after the cue, ending in a comma.
    raw = next(
        (c for c in (*token.children, *clause.children)
         if c.dep_ == "nsubj" and c.left_edge.i in (token.i + 1, token.i + 2) and c.i > token.i),
        None,
    )
    if raw is None or any(inside[i] for i in range(raw.left_edge.i, raw.right_edge.i + 1)):
        return None
    close = raw.right_edge.i if doc[raw.right_edge.i].text == "," else raw.right_edge.i + 1
    if close >= end or doc[close].text != "," or not close < clause.i:
        return None
    before = [t for t in doc[start : token.i - 1] if t.dep_ in ("nsubj", "nsubjpass")]
    if not before:
        return None  # the sentence around the aside must have its own subject
    if any(t.dep_ in ("relcl", "appos", "acl") and t.right_edge.i + 1 >= token.i - 1 for t in doc[start : token.i - 1]):
        # "Aides to Gov. Kasich, who had a long career in Congress, said their speeches
        # would focus ...": the comma closes the subject's own clause; the cue has its subject
        return None
    source = sources.speaking_head(raw, inside, neutral=True)
    if source is None:
        return None
    return Attribution(
        cue=token,
        frame=cues.NEUTRAL,
        source=source,
        content=(start, end),
        content_head=clause,
        main=True,
        blockers=contents.blockers(token, (start, end), clause),
        according=(token.i - 1, close + 1),
        aside=True,
    )


def _named_after_quote(raw: Token, cue: Token, inside: bytearray) -> Token | None:
    """ '"Very good reporter, this guy," Trump, the GOP frontrunner, said': the parser
    takes a word of the quotation for the subject and hangs the name on it; the name
    right after the closing mark, outside the quotation, is who said it."""
    for token in raw.subtree:
        if token.i >= cue.i:
            break
        if inside[token.i] or token.dep_ not in ("appos", "conj", "npadvmod"):
            continue
        before = [t for t in token.doc[raw.i : token.left_edge.i] if not inside[t.i] and not t.is_punct]
        if before:
            return None  # only punctuation between the quotation and the name
        if token.ent_type_ in ("PERSON", "ORG") or token.tag_ in ("NNP", "NNPS"):
            return token
        return None
    return None


def _named_before_cue(cue: Token, inside: bytearray) -> Token | None:
    """ '"We were wrong," Ramos, 58, told AFP': parsed with the name and the cue joined
    to the quotation's verb. The name between the closing mark and the cue, with at
    most a phrase set off by commas ("58", "wearing a cowboy hat"), is who spoke."""
    doc = cue.doc
    at = cue.i - 1
    words: list[Token] = []
    while at >= 0 and not inside[at] and doc[at].text not in _MARK_TEXTS and cue.i - at <= 20:
        words.append(doc[at])
        at -= 1
    if at < 0 or doc[at].text not in _MARK_TEXTS or not words:
        return None
    words.reverse()
    while words and words[0].is_punct:
        words.pop(0)  # the comma before the closing mark, in British style
    name = []
    for token in words:
        if token.is_punct:
            break
        name.append(token)
    if not name or len(name) > 6 or not (name[-1].tag_ in ("NNP", "NNPS") or name[-1].ent_type_ in ("PERSON", "ORG")):
        return None  # "Ramos", "Texas delegate Bill Eastland": a name, with its role before it
    if any(t.tag_ in grammar.VERB_TAGS for t in name):
        return None
    rest = words[len(name):]
    if rest and not (rest[0].text == "," and rest[-1].text == ","):
        return None
    return name[-1]


def _by_saying(cue: Token) -> bool:
    """ "Bolton distanced himself from the movement by saying he would ...": the saying
    is how the main clause's act was done, so its source is the sentence's speaker."""
    if cue.dep_ != "pcomp" or cue.tag_ != "VBG" or cue.lower_ not in cues.NEUTRAL_VERBS:
        return False
    prep = cue.head
    if prep.lower_ not in ("by", "in") or prep.dep_ != "prep":
        return False
    verb = prep.head
    return verb.tag_ in grammar.VERB_TAGS and _in_main_clause(verb)


def _in_main_clause(verb: Token) -> bool:
    """The verb is in the main clause, not inside another speaker's content or a
    subordinate clause ("Napier won after he claimed ...")."""
    if any(c.dep_ == "mark" and c.lower_ in contents.SUBORDINATORS and c.lower_ != "as" for c in verb.children):
        return False  # "Since the businessman announced his candidacy, here we are", parsed as the root
    token = verb
    for _ in range(5):
        dep = token.dep_
        if dep == "ROOT":
            return True
        if dep not in ("conj", "parataxis", "ccomp", "xcomp", "advcl"):
            return False
        head = token.head
        if contents.trailing(token):
            token = head  # "C, X said.": the attribution of the clause before it
            continue
        if dep == "ccomp" and (head.lower_ in cues.CUE_VERBS or head.i < token.i):
            return False  # content of another cue, or of another verb ("Polls showed that X thought")
        if dep == "advcl" and head.i != token.i:
            # "..., adding that C" continues the attribution; "after he claimed C" does not.
            if not (token.tag_ == "VBG" and token.lower_ in cues.CUE_VERBS):
                return False
        token = head
    return False
