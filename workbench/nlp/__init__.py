"""Language processing: model loading, sentence segmentation, claim extraction, scoring.

    model.py        load_pipeline(): the spaCy pipeline by tier (custom, official, pinned, blank)
    components.py   spaCy components registered by factory (workbench_upos, workbench_numbers)
    segment.py      paragraphs and chunks with true document offsets; the cheap path for junk
    extract.py      extract_documents() / extract_document(): sentences and claims
    claims.py       what a claim is, per parsed sentence (attribution, quotes, pronouns)
    rules_blank.py  the same without a parser
    discourse.py    the memory pronouns and bare quotes resolve against
    lists.py        one claim per item of a list
    kinds.py        the kind of a claim (the rule is in its docstring)
    quotes.py, grammar.py, lexicon.py   quotation marks, parse helpers, word lists
    checkworthy.py  the check-worthiness scorer: sentence model and news layer (score_claim)
    cw_features.py  its features and cues, one pass over a sentence
    learn.py        the desk's local model: fit, evaluate, JSON, rescore (no parse needed)

Importing this package imports nothing heavy: spaCy loads with the first pipeline.
No Textual imports here."""

from __future__ import annotations
