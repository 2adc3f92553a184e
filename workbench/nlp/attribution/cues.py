"""Attribution, stage 1: the cue, the words that say someone said or holds something.

A cue is a verb of saying, thinking or doing-by-saying, in any clause of the
sentence and outside quotation marks, or "according to".  Each cue has a frame:

- ``neutral``: said, told, added, announced, stated, wrote, noted, explained,
  reported, tweeted, posted, commented, replied, responded, confirmed,
  according to.  Only a neutral frame may move into the speaker field: "X said
  C" becomes the claim C, made by X.
- ``framed``: every other cue (denied, refused to confirm, claimed, alleged,
  warned, believes, predicted, urged ...).  The frame changes what is asserted,
  so the claim keeps the whole sentence, with X as its speaker.

Some verbs are cues only with evidence of speech beside them (a content clause,
a quotation, or a complement such as "called it provocative"): "added 300
jobs", "called a meeting", "found the body", "charged the battery" are not.
``SPEECH_ACTS`` are the verbs whose sentence is a speech act even with no
content ("The minister denied the report", "She warned Islamabad").

Verbs are listed by base form and expanded to their inflected forms, because
the pipeline runs without a lemmatizer (see model.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.nlp import grammar, lexicon
from workbench.nlp.lexicon import IRREGULAR, forms

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NEUTRAL = "neutral"
FRAMED = "framed"

NEUTRAL_VERBS = forms(
    "say tell add announce state write note explain report tweet post comment remark reply "
    "respond confirm inform answer shout yell scream whisper mutter exclaim recount",
    IRREGULAR,
)
FRAMED_VERBS = forms(
    "deny reject dispute refute refuse decline claim allege insist argue contend suggest warn "
    "predict estimate forecast believe think expect fear hope worry admit acknowledge concede "
    "accuse charge question doubt speculate assume suspect promise pledge vow threaten urge "
    "demand propose recommend call describe assert maintain stress emphasise emphasize "
    "reiterate recall observe complain caution assure point mention testify indicate reveal "
    "disclose conclude find agree disagree praise criticise criticize condemn blame defend "
    "welcome dismiss cite ask wonder imply hint boast lament declare insist advise vow "
    "counter retort concur acknowledge estimate project rule show want wish intend plan promote "
    "support oppose back endorse compliment mention reference discuss detail accuse rail "
    "highlight liken compare decry denounce hail tout champion advocate thank apologize "
    "apologise brand dub characterize characterise portray applaud urge respond address "
    "identify signal acknowledge recommend joke quip muse "
    "attack blast slam lambaste lambast rebuke scold chide berate assail castigate mock ridicule "
    "deride congratulate commend plead implore express voice raise offer repeat speak talk lash",
    IRREGULAR,
)
CUE_VERBS = NEUTRAL_VERBS | FRAMED_VERBS
# "As X observed, C": reporting verbs that say who holds C only in that construction.
AS_VERBS = forms("observe point mention recall explain document detail recount", IRREGULAR)

# A cue in its sentence with no content clause or quote: still a speech act.
SPEECH_ACTS = forms(
    "say tell warn claim deny describe insist argue allege assert accuse contend complain "
    "caution testify announce promise pledge vow threaten urge demand propose recommend "
    "praise criticise criticize condemn blame defend welcome dismiss reject dispute refute "
    "admit acknowledge concede confirm declare believe think expect fear hope worry advise "
    "lament boast cite reveal tweet note reiterate stress emphasise emphasize "
    "predict forecast mock ridicule deride lambaste lambast rebuke scold chide berate castigate "
    "congratulate commend plead implore question",
    IRREGULAR,
)
# Speech acts whose subject is always someone acting: any common noun that is not a
# thing speaks through them ("The fund warned that ...", "the union denied"), where
# "The plan proposes", "the data suggest" are things doing what things do.
AGENT_ACTS = forms(
    "tell warn claim deny insist argue allege assert accuse contend complain caution testify "
    "announce pledge vow urge praise criticise criticize condemn blame defend welcome dismiss "
    "admit acknowledge concede declare believe fear hope worry advise lament boast tweet "
    "reiterate stress emphasise emphasize mock ridicule deride lambaste lambast rebuke scold "
    "chide berate castigate congratulate commend plead implore",
    IRREGULAR,
)
# Cues that need a complement to be speech ("called it a disgrace", "called for",
# "called on", "pointed out"): otherwise they are actions.
NEEDS_COMPLEMENT = forms("call point charge find hold maintain rule show", IRREGULAR)
# Verbs of saying or attacking that are speech only with the words that make them so:
# "spoke of his flights", "talked about", "lashed out at"; "attacked the plan as
# reckless", "slammed him for", "blasted Clinton in a tweet" (not "attacked the city",
# "slammed into a wall").
NEEDS_PREP = {
    **dict.fromkeys(forms("speak", IRREGULAR), frozenset(("of", "about", "against", "out"))),
    **dict.fromkeys(forms("talk", IRREGULAR), frozenset(("of", "about", "up", "through"))),
    **dict.fromkeys(forms("lash", IRREGULAR), frozenset(("out",))),
    **dict.fromkeys(forms("attack blast slam assail", IRREGULAR), frozenset(("for", "as", "over"))),
}
# "Trump has blasted the delegate system": a named person or body blasting or slamming
# something is criticism; a lorry slamming into a wall is not.
NAMED_CRITICISM = forms("blast slam", IRREGULAR)
# "attacked Machado in early-morning tweets": the medium that makes an attack speech.
SPEECH_MEDIA = frozenset(
    """tweet tweets post posts statement statements speech speeches interview interviews remarks
    debate debates ad ads op-ed letter email emails video message messages column editorial
    rally rallies hearing podcast broadcast appearance""".split()
)
# Verbs that say something only with a stance as their object: "expressed concern",
# "voiced doubts", "raised concerns", "offered no evidence", "repeated his claim".
NEEDS_STANCE = forms("express voice raise offer repeat", IRREGULAR)
# What "claim" takes when it means winning or taking, not saying ("claimed a victory in
# New Hampshire", "claiming 41 percent of the vote", "the crash claimed 12 lives").
TAKEN_OBJECTS = frozenset(
    """victory victories win wins seat seats title titles prize prizes crown lives life share stake
    percent delegates delegate vote votes nomination majority lead spot place throne mantle""".split()
)
STANCE_OBJECTS = frozenset(
    """concern concerns doubt doubts optimism pessimism support opposition reservation reservations
    frustration anger outrage disappointment hope hopes confidence skepticism scepticism sympathy
    condolences regret regrets alarm fear fears worry worries dismay displeasure approval
    disapproval objection objections criticism criticisms praise proof evidence thanks gratitude
    admiration solidarity interest claim claims charge charges accusation accusations allegation
    allegations assertion warning warnings view views opinion opinions belief question questions
    apology apologies intention intentions position opposition""".split()
)
# Stance and intention verbs: the subject's position is what the sentence reports
# ("She wants to triple AmeriCorps", "The union endorsed Clinton"), so the subject is
# the speaker of the whole sentence, but never the source of a clause that moves out.
STANCE_VERBS = forms(
    "want wish intend plan promote support oppose back endorse compliment mention reference "
    "discuss detail rail highlight liken compare decry denounce hail tout champion advocate "
    "thank apologize apologise brand dub characterize characterise portray applaud respond "
    "address identify signal",
    IRREGULAR,
)
COMPLEMENT_PREPS = frozenset(("for", "on", "out", "as", "to"))

# Passive cues with no speaker: "it is believed", "X is said to", "is expected to".
IMPERSONAL_PASSIVES = forms(
    "say believe think expect report understand allege rumour rumor know consider estimate "
    "fear suppose presume claim suspect",
    IRREGULAR,
)
# Adverbs on a cue, or in its sentence, that make the report second-hand or hedged.
HEDGES = frozenset(
    "reportedly allegedly apparently supposedly purportedly ostensibly seemingly "
    "rumoredly rumouredly".split()
)
# Conjunctions that make a clause hung on the cue a condition of what is said.
CONDITIONS = frozenset("if unless provided providing once until whether lest".split())


def frame(word: str) -> str:
    """The frame of a cue word (lower case): neutral or framed."""
    return NEUTRAL if word in NEUTRAL_VERBS or word == "according" else FRAMED


def is_cue(word: str) -> bool:
    return word in CUE_VERBS or word == "according"


def used_as_speech(cue: Token, span: tuple[int, int] | None, quoted: bool, sent: Span) -> bool:
    """A cue word used as speech: with content, a quotation, or as a speech act."""
    low = cue.lower_
    if low.startswith("claim") and span is None and any(
        c.dep_ == "dobj" and c.lower_ in TAKEN_OBJECTS for c in cue.children
    ):
        return False  # "claiming his third victory": winning, not saying
    if low in NEEDS_PREP:
        if low in NAMED_CRITICISM and any(c.dep_ == "dobj" for c in cue.children):
            subject = grammar.subject_of(cue)
            if subject is not None and subject.ent_type_ in ("PERSON", "ORG") and subject.dep_ == "nsubj":
                return True
        return _with_prep(cue, NEEDS_PREP[low])
    if span is not None or quoted:
        return True
    if _caused(cue):
        return False
    if low in NEEDS_STANCE:
        return _stance_object(cue)
    if low in NEEDS_COMPLEMENT:
        return any(
            c.dep_ in ("oprd", "xcomp", "ccomp") or c.dep_ in ("prep", "prt") and c.lower_ in COMPLEMENT_PREPS
            # "has called for X to be hit": "for" parsed as the mark of the clause
            or c.dep_ in ("advcl", "ccomp", "xcomp") and any(
                m.dep_ == "mark" and m.lower_ in COMPLEMENT_PREPS and m.i == cue.i + 1 for m in c.children
            )
            for c in cue.children
        )
    if low in SPEECH_ACTS or low in STANCE_VERBS:
        return True
    if low in NEUTRAL_VERBS and not any(c.dep_ in ("dobj", "attr", "oprd") for c in cue.children) and (
        _quoted(sent) or all(t.is_punct or t.is_space or cue.left_edge.i <= t.i <= cue.right_edge.i for t in sent)
    ):
        return True  # "Mr Law added.": the speech is the quotation beside it
    if low in NEUTRAL_VERBS and _stance_object(cue):
        return True  # "stated his intention to vote for Clinton"
    # Other cues ("added", "noted", "reported") speak only beside a quotation.
    return _quoted(sent)


_ADD = forms("add", IRREGULAR)
_WORRY = forms("worry", IRREGULAR)


def _caused(cue: Token) -> bool:
    """ "The circumstances added to the uncertainty", "the about-face worries the Gulf
    capitals": a cue word for what something did, not for anything said."""
    if cue.lower_ in _ADD:
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in cue.children)
    if cue.lower_ in _WORRY:
        return any(c.dep_ == "dobj" for c in cue.children)
    return False


def _quoted(sent: Span) -> bool:
    doc = sent.doc
    return any(doc[i].text in ('"', "\u201c", "\u201d", "''") for i in range(sent.start, sent.end))


def _stance_object(cue: Token) -> bool:
    """ "expressed concern", "voiced doubts", "offered no evidence", "stated his intention"."""
    return any(c.dep_ == "dobj" and c.lower_ in STANCE_OBJECTS for c in cue.children)


def _with_prep(cue: Token, preps: frozenset[str]) -> bool:
    """ "spoke of", "lashed out at", "attacked X for Y" or "attacked X in a tweet"."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    objects += [g for o in objects for g in o.subtree if g.dep_ == "conj" and g.head.i != g.i]
    for c in (*cue.children, *(g for o in objects for g in o.children if g.dep_ == "prep" and g.lower_ == "for")):
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            return True
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "via", "during", "through") and any(
            g.dep_ == "pobj" and g.lower_ in SPEECH_MEDIA for g in c.children
        ):
            return True
    return False


# Nouns whose "that" clause is what they hold ("a claim that he told the board ..."):
# speech reported inside one is the claim's, not the sentence's.
_HOLDING_NOUNS = frozenset(
    """claim claims report reports allegation allegations suggestion suggestions rumor rumors rumour
    rumours accusation accusations assertion assertions charge charges notion idea speculation
    story stories word impression""".split()
)


def holds_cue(cue: Token) -> bool:
    """Whether the cue's "that" clause hangs, by the parse, on a verb before it but follows
    one of _HOLDING_NOUNS there ("responded to a question about a claim, first made by X,
    that he told the board ..."): the clause is the noun's, so it is no main clause."""
    if cue.dep_ != "ccomp" or not any(c.dep_ == "mark" and c.lower_ == "that" for c in cue.children):
        return False
    verb = cue.head
    return any(
        t.lower_ in _HOLDING_NOUNS and t.tag_ in ("NN", "NNS") for t in cue.doc[verb.i + 1 : cue.left_edge.i]
    )


def runs_into_source(cue: Token) -> bool:
    """Whether a clause the parse hangs before the cue runs into the speaker with no mark
    between and lacks the complement its verb needs ("I hope in 2017 America says, '...'"):
    "hope" is no content of "says"; the speaker and cue are what is hoped, and the
    sentence is not the speaker's."""
    doc = cue.doc
    for clause in cue.children:
        if clause.dep_ != "ccomp" or clause.i > cue.i or clause.lower_ not in lexicon.ANIMATE_VERBS:
            continue
        if any(c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "acomp") for c in clause.children):
            continue
        after = clause.right_edge.i + 1
        if doc[after - 1].is_punct or doc[after].is_punct:
            continue
        if any(s.dep_ == "nsubj" and s.left_edge.i == after for s in cue.children):
            return True
    return False
