"""Features for the check-worthiness scorer: one pass over a sentence's tokens.

Two feature sets share this code. "full" uses what the normal pipeline gives
(tags, dependencies, entities, the tok2vec tensor); "lex" uses words only, so a
blank pipeline with just a sentencizer still gets a score. The same pass also
records the cues that reasons are written from, so a reason never claims
something the features did not see.

Every word list here is general English (function words, reporting and legal
verbs, newsroom boilerplate that recurs across sites), never words from one
article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

# Reporting verbs: a sentence built on one of these is attributed to someone.
REPORTING = frozenset(
    "said says say told tells added stated states announced announces reported reports "
    "wrote writes claimed claims confirmed confirms insisted insists noted notes explained "
    "according testified testifies admitted admits acknowledged acknowledges alleged "
    "declared declares disclosed revealed revealed warned warns argued argues".split()
)
# Verbs and nouns of legal acts and official designation: classic fact-check material.
LEGAL = frozenset(
    "designated designates designation charged charges convicted sentenced ruled rules "
    "banned bans sanctioned sanctions indicted indictment arrested approved passed signed "
    "listed classified accused fined ordered acquitted sued lawsuit verdict ruling court "
    "judge jury prosecutors prosecutor guilty pleaded appealed appeal banned vetoed vetoes "
    "ratified enacted outlawed prohibited illegal unconstitutional treaty law legislation "
    "decree resolution elected appointed resigned impeached deported extradited".split()
)
COMPARISON = frozenset(
    "more less fewer than most least highest lowest largest smallest biggest record "
    "increase increased increases decrease decreased decreases doubled tripled halved "
    "rose risen rise fell fallen drop dropped dropping grew grown growth declined decline "
    "surged surge jumped jump climbed plunged slumped higher lower bigger smaller "
    "worst best up down compared average majority percent percentage".split()
)
QUANTITY_WORDS = frozenset(
    "percent per cent percentage million millions billion billions trillion thousand "
    "thousands hundred hundreds dozen dozens half quarter third twice times "
    "dollars euros pounds km miles tons tonnes kg degrees".split()
)
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety hundred thousand million billion trillion".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday yesterday".split()
)
# First-person stance verbs and evaluative frames: opinion, recommendation.
OPINION_VERBS = frozenset(
    "think thinks thought believe believes believed feel feels hope hopes wish want wants "
    "guess suppose reckon suggest suggests urge urges urged recommend recommends".split()
)
DEONTIC = frozenset("should ought must shall needs need".split())
FUTURE = frozenset("will 'll wo shall gonna".split())
HEDGES = frozenset(
    "might may could perhaps maybe possibly probably likely unlikely reportedly allegedly "
    "apparently seems seem seemed appears appear appeared suggests suggest speculated "
    "rumoured rumored unclear uncertain potential potentially".split()
)
MODAL_HEDGES = frozenset("might may could".split())
FIRST_PERSON = frozenset("i me my mine we us our ours i'm we're i've we've i'd we'd".split())
QUESTION_START = frozenset("what why how who whom whose which when where is are do does did can "
                           "could would should will was were has have shall".split())

# Modal readings that only count when the tagger says the word is a modal.
MODAL_ONLY = frozenset(("hedge", "future", "deontic"))


def _lexicon() -> dict[str, frozenset[str]]:
    # One dict lookup per token instead of a dozen set tests.
    groups = {
        "number": NUMBER_WORDS, "quantity": QUANTITY_WORDS, "comparison": COMPARISON,
        "reporting": REPORTING, "legal": LEGAL, "first_person": FIRST_PERSON,
        "opinion_verb": OPINION_VERBS, "date": MONTHS - {"may"},
    }
    out: dict[str, set[str]] = {}
    for name, words in groups.items():
        for w in words:
            out.setdefault(w, set()).add(name)
    for w in HEDGES:
        # "might/may/could" hedge only as modals; "perhaps", "reportedly" always.
        out.setdefault(w, set()).add("hedge" if w in MODAL_HEDGES else "hedge_word")
    for w in FUTURE:
        out.setdefault(w, set()).add("future")
    for w in DEONTIC:
        out.setdefault(w, set()).add("deontic")
    for w in ("%", "$", "€", "£"):
        out.setdefault(w, set()).add("quantity")
    return {w: frozenset(v) for w, v in out.items()}


def low_is_num(lowers: list[str]) -> bool:
    return "<num>" in lowers or "<year>" in lowers


_OPINION_RX = re.compile(
    r"\b(in (my|our|his|her|their) (view|opinion)|(shares?|echo(es)?|holds?|takes?) "
    r"(a |an |the )?(similar|same|different|contrary|this|that) (view|opinion|position|stance)"
    r"|it is (important|essential|crucial|vital|time) |i (do not|don't) think|we need to"
    r"|let'?s |let me |let us )"
)
_PREDICTION_RX = re.compile(
    r"\b(going to|expects?|expected to|anticipates?|are likely to|is likely to|is set to|are set to"
    r"|plans? to|forecasts?|predicts?|projected to|on track to|in the coming|next (year|month|week))\b"
)
_NON_RESPONSE_RX = re.compile(
    r"(did not (immediately )?(respond|reply|return)|didn't (immediately )?(respond|reply|return)"
    r"|declined to (comment|respond|elaborate|say)|request(s)? for comment|could not be reached"
    r"|couldn't be reached|not immediately (available|clear)|no immediate (comment|response)"
    r"|has not responded|have not responded|did not comment|not respond(ed)? to)"
)
# Matched against the sentence's tokens joined by spaces, so "Image:" reads "image :".
_BOILERPLATE_RX = re.compile(
    r"^\W*(read more|read also|also read|see also|related|watch|listen|subscribe|sign up|follow us"
    r"|click here|share this|advertisement|edited by|skip |copyright"
    r"|all rights reserved|this browser does not|more from|top stor)"
    r"|\b(image|photo|picture|video|credit) : |\bcookies?\b.*\b(accept|consent)"
)
_DIGIT_RX = re.compile(r"\d")
_LETTER_RX = re.compile(r"[^\W\d_]")

SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass"))
COMPARATIVE_TAGS = frozenset(("JJS", "RBS", "JJR", "RBR"))
FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))
PERSONAL = frozenset(("PERSON",))
ORGS = frozenset(("ORG",))
PLACES = frozenset(("GPE", "LOC", "FAC"))
DATES = frozenset(("DATE", "TIME"))
QUANT_ENTS = frozenset(("PERCENT", "MONEY", "QUANTITY"))
NUMBER_ENTS = frozenset(("CARDINAL", "PERCENT", "MONEY", "QUANTITY"))


@dataclass(slots=True)
class Cues:
    """What the sentence shows, in the words a reviewer will read."""

    tokens: int = 0  # non-space tokens, punctuation included
    words: int = 0
    number: bool = False
    quantity: bool = False
    date: bool = False
    comparison: bool = False
    person: bool = False
    org: bool = False
    place: bool = False
    named: bool = False  # a capitalised name, when entities are unknown
    attribution: bool = False
    legal: bool = False
    opinion: bool = False
    prediction: bool = False
    hedge: bool = False
    question: bool = False
    non_response: bool = False
    boilerplate: bool = False
    fragment: bool = False
    first_person: bool = False
    past: bool = False
    top_words: list[str] = field(default_factory=list)


def has_full_annotation(doc: "Doc") -> bool:
    """True when the doc carries tags, dependencies, entities and a tensor."""
    return (
        doc.has_annotation("TAG")
        and doc.has_annotation("DEP")
        and doc.has_annotation("ENT_IOB")
        and getattr(doc, "tensor", None) is not None
        and doc.tensor.ndim == 2
        and doc.tensor.shape[0] == len(doc)
        and doc.tensor.shape[1] > 0
    )


def _word(text: str) -> str:
    # Numbers generalise by shape, not value: "1,200" and "3,400" are one feature.
    if text.isalpha():
        return text
    if _DIGIT_RX.search(text):
        if len(text) == 4 and text.isdigit() and text[:2] in ("19", "20"):
            return "<year>"
        return "<num>"
    return text


def _len_bucket(n: int) -> str:
    if n <= 3:
        return "len:0-3"
    if n <= 7:
        return "len:4-7"
    if n <= 12:
        return "len:8-12"
    if n <= 20:
        return "len:13-20"
    if n <= 35:
        return "len:21-35"
    return "len:36+"


def extract(span: "Span | Doc", full: bool) -> tuple[list[str], Cues]:
    """Sparse feature names and the cues of one sentence.

    ``full`` selects the feature set; the caller decides it once per doc with
    :func:`has_full_annotation`.
    """
    cues = Cues()
    feats: list[str] = []
    add = feats.append
    lowers: list[str] = []
    prev = "<s>"
    finite = False
    caps = 0
    first_word = True
    hits: set[str] = set()  # lexicon cues seen, resolved after the loop
    ent_labels: set[str] = set()
    tags: set[str] = set()
    lookup = LEXICON.get
    for tok in span:
        if tok.is_space:
            continue
        low = tok.lower_
        if not low.isalpha():
            low = _word(low)
        lowers.append(low)
        add("w:" + low)
        add("b:" + prev + "|" + low)
        prev = low
        if tok.is_punct:
            continue
        cues.words += 1
        found = lookup(low)
        if full:
            tag = tok.tag_
            add("t:" + tag)
            tags.add(tag)
            if found:
                if tag == "MD":
                    hits.update(found)
                else:
                    # A modal word that is not tagged as one ("May" the month,
                    # "will" the noun) is no hedge or prediction.
                    hits.update(found - MODAL_ONLY)
                    if "deontic" in found and tok.dep_ == "ROOT":
                        hits.add("deontic")
                    if tag == "VBD" and "reporting" not in found:
                        hits.add("past_verb")
            elif tag == "VBD":
                hits.add("past_verb")
            dep = tok.dep_
            if dep == "ROOT":
                add("r:" + low)
                add("rt:" + tag)
            elif dep in SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                add("s:" + (low if tag.startswith("PRP") or tag in ("DT", "EX") else tag))
            elif dep == "neg":
                add("neg")
            ent = tok.ent_type_
            if ent:
                ent_labels.add(ent)
                if tok.ent_iob_ == "B":
                    add("e:" + ent)
        else:
            # Without tags, capitals stand in for names (the full set has entities).
            text = tok.text
            if found:
                if low == "may" and text == "May" and not first_word:
                    found = found - MODAL_ONLY
                hits.update(found)
            if not first_word and text[:1].isupper() and text.isalpha():
                caps += 1
        first_word = False
    if low_is_num(lowers):
        hits.add("number")
    cues.tokens = len(lowers)
    cues.number = "number" in hits or bool(ent_labels & NUMBER_ENTS)
    cues.quantity = "quantity" in hits or bool(ent_labels & QUANT_ENTS)
    if cues.quantity:
        cues.number = True
    cues.date = "date" in hits or "<year>" in lowers or bool(ent_labels & DATES)
    cues.comparison = "comparison" in hits or bool(tags & COMPARATIVE_TAGS)
    cues.attribution = "reporting" in hits
    cues.legal = "legal" in hits
    cues.first_person = "first_person" in hits
    cues.hedge = "hedge" in hits or "hedge_word" in hits
    cues.prediction = "future" in hits
    cues.opinion = "deontic" in hits or "opinion_verb" in hits
    cues.person = "PERSON" in ent_labels
    cues.org = bool(ent_labels & ORGS)
    cues.place = bool(ent_labels & PLACES)
    if full:
        finite = bool(tags & FINITE_TAGS)
        cues.past = "past_verb" in hits
    add("b:" + prev + "|</s>")

    lowered = " ".join(lowers)
    if _OPINION_RX.search(lowered):
        cues.opinion = True
    if _PREDICTION_RX.search(lowered):
        cues.prediction = True
    if _NON_RESPONSE_RX.search(lowered):
        cues.non_response = True
    if _BOILERPLATE_RX.search(lowered):
        cues.boilerplate = True
    elif 0 < len(lowers) <= 8 and all(w in MONTHS or not _LETTER_RX.search(w) or w in ("<num>", "<year>")
                                      for w in lowers):
        # No word but dates and numbers ("02:20", "January 13, 2023", "Monday 4 March",
        # "---"): a timestamp, a date line or a rule, no claim.
        cues.boilerplate = True
    if "according to" in lowered:
        cues.attribution = True
    last = lowers[-1] if lowers else ""
    if last == "?":
        cues.question = True
    elif lowers and lowers[0] in QUESTION_START and "?" in lowers:
        cues.question = True
    if not full:
        cues.named = caps > 0
        finite = True  # unknown without tags; fragments are judged by shape below
    terminal = last in (".", "!", "?", '"', "”", "'", "’", ")")
    if not terminal and (not finite or cues.words <= 8):
        cues.fragment = True
    elif full and not finite:
        cues.fragment = True

    add(_len_bucket(cues.words))
    for name in CUE_NAMES:
        if getattr(cues, name):
            add("c:" + name)
    if not full and caps:
        add("caps:" + ("1" if caps == 1 else "2" if caps == 2 else "3+"))
    return feats, cues


# Cues fed to the learned model (so debate data sets their weights); the others
# (non-response, boilerplate) never occur in debates and get fixed priors.
CUE_NAMES: tuple[str, ...] = (
    "number", "quantity", "date", "comparison", "person", "org", "place", "named",
    "attribution", "legal", "opinion", "prediction", "hedge", "question", "fragment",
    "first_person", "past",
)


def pooled_tensor(span: "Span | Doc"):
    """Mean of the tok2vec rows of the span (the dense half of the full model)."""
    doc = span.doc
    start = getattr(span, "start", 0)
    end = getattr(span, "end", len(span))
    rows = doc.tensor[start:end]
    n = rows.shape[0]
    if n == 0:
        return None
    # rows.mean(axis=0) without its Python wrapper: the same float32 sum and division.
    return np.add.reduce(rows, axis=0) / n


LEXICON: dict[str, frozenset[str]] = _lexicon()
