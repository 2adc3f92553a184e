"""spaCy components the workbench adds to a pipeline.

They are registered with factories here, in an importable module, so that a
pipeline that uses them can be rebuilt in worker processes (``nlp.pipe(n_process=2)``)
and from a saved config.  Importing this module imports spaCy: only model.py does.

- ``workbench_upos``: sets the coarse part of speech from the fine tag.  We drop
  the model's attribute_ruler and lemmatizer (about a tenth of the pipeline's
  time, and extraction reads the fine tags), but ``token.pos_`` stays useful to
  anyone scoring a sentence, and a table lookup per token is nearly free.
- ``workbench_numbers``: numbers, percentages, money and dates found by shape,
  for a pipeline that has no statistical NER (the blank tier).
- ``workbench_unit_stops``: a sentence starts after "£40m." when the next word
  opens one. English tokenizer rules read "m." as an initial, so the full stop of
  "would cost £40m. It is ..." or '... £40m. "It is ...' was never a sentence end
  and two sentences became one claim.  And no sentence starts at a lower-case word
  that follows a word with no punctuation between them: the parser sometimes ends a
  sentence at a number ("without owning a Boeing 757 | but it was a luxury"), and
  the claim loses both its end and its hedge.  Runs before the parser, which keeps
  the boundaries it is given.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from workbench.nlp import lexicon

# Penn Treebank tag -> Universal POS, as the English models' attribute_ruler maps them.
TAG_TO_POS: dict[str, str] = {
    "$": "SYM", "''": "PUNCT", ",": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT",
    ".": "PUNCT", ":": "PUNCT", "ADD": "X", "AFX": "ADJ", "CC": "CCONJ", "CD": "NUM",
    "DT": "DET", "EX": "PRON", "FW": "X", "HYPH": "PUNCT", "IN": "ADP", "JJ": "ADJ",
    "JJR": "ADJ", "JJS": "ADJ", "LS": "X", "MD": "AUX", "NFP": "PUNCT", "NN": "NOUN",
    "NNP": "PROPN", "NNPS": "PROPN", "NNS": "NOUN", "PDT": "DET", "POS": "PART",
    "PRP": "PRON", "PRP$": "PRON", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "RP": "ADP",
    "SYM": "SYM", "TO": "PART", "UH": "INTJ", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "WDT": "PRON", "WP": "PRON",
    "WP$": "PRON", "WRB": "ADV", "XX": "X", "_SP": "SPACE", "``": "PUNCT",
}

# UD counts every form of "be" as AUX, and have/do only when they are auxiliaries.
_BE_FORMS = lexicon.BE_FORMS


@Language.component("workbench_upos")
def set_upos(doc: Doc) -> Doc:
    table = TAG_TO_POS
    for token in doc:
        pos = table.get(token.tag_)
        if pos is None:
            continue
        if pos == "VERB":
            if token.lower_ in _BE_FORMS or token.dep_.startswith("aux"):
                pos = "AUX"
        elif token.dep_ == "mark" or (pos == "ADV" and token.tag_ == "WRB" and token.dep_ == "advmod"
                                      and token.head.i > token.i and token.head.dep_ != "ROOT"):
            pos = "SCONJ"
        elif token.lower_ in ("not", "n't") or token.tag_ == "TO":
            pos = "PART"
        token.pos_ = pos
    return doc


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:thousand|million|billion|trillion|bn|m))?"
_NUMBER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("DATE", re.compile(
        rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}"
        rf"|(?:{_MONTHS})\.?\s+\d{{4}}"
        rf"|(?:in|since|by|until|from)\s+(?:19|20)\d{{2}})\b"
    )),
    ("MONEY", re.compile(
        rf"(?:[$€£¥]\s?(?:{_NUMBER}){_SCALE}\b"
        rf"|\b(?:{_NUMBER}){_SCALE}\s+(?:dollars|euros|pounds|yen|rupees|yuan))"
    )),
    ("PERCENT", re.compile(rf"\b(?:{_NUMBER})\s?(?:%|per\s?cent\b|percent\b)")),
    ("CARDINAL", re.compile(rf"\b(?:{_NUMBER}){_SCALE}\b")),
)


@Language.component("workbench_numbers")
def number_entities(doc: Doc) -> Doc:
    text = doc.text
    if not any(ch.isdigit() for ch in text):
        return doc
    found = []
    for label, pattern in _NUMBER_PATTERNS:
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
            if span is not None:
                found.append(span)
    if found:
        # Earlier patterns win ties: filter_spans keeps the longest, then the first.
        doc.ents = filter_spans(list(doc.ents) + found)
    return doc


_OPENERS = frozenset(('"', "\u201c", "\u2018", "'", "\u00ab"))


@Language.component("workbench_unit_stops")
def unit_stops(doc: Doc) -> Doc:
    last = len(doc) - 1
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_lower and token.is_alpha:
            if previous.whitespace_ and (previous.is_alpha or previous.like_num):
                token.is_sent_start = False
            continue  # a lower-case word is never "m." either
        text = token.text
        if token.i == last or len(text) != 2 or text[1] != "." or not text[0].islower() or not previous.like_num:
            continue
        if token.whitespace_ == "":
            continue
        after = doc[token.i + 1]
        first = doc[token.i + 2] if after.text in _OPENERS and token.i + 2 < len(doc) else after
        if first.is_title or first.is_upper and len(first.text) > 1:
            after.is_sent_start = True
    return doc
