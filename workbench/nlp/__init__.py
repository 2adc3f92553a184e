"""Language processing: model loading, sentence segmentation, claim extraction, scoring.

    model.py        load_pipeline(): the spaCy pipeline by tier (custom, official, pinned, blank)
    components.py   spaCy components registered by factory (workbench_upos, workbench_numbers)
    segment.py      paragraphs and chunks with true document offsets; the cheap path for junk
    extract.py      extract_documents() / extract_document(): sentences and claims, per document
    turns.py        whose paragraphs these are: transcript turns, signed quotations
    quotes.py       stage: where quotation marks open and close
    attribution/    stage: cues.py (the cue and its frame), sources.py (who can speak),
                    content.py (what was said, and whether it may stand alone)
    coref.py        stage: the discourse memory; which antecedents are sure
    references.py   coreference written into claims, or the words marked as needing context
    lists.py        stage: one claim per item of a list
    claims.py       the sentence reader: the stages' findings in order, as claim drafts
    drafts.py       the drafts and sentence plans the reader hands on
    render.py       small pieces of claim text (labels, colons, full stops, possessives)
    select.py       which drafts become claims (check-worthiness cut)
    rules_blank.py  the sentence reader without a parser
    kinds.py        the kind of a claim (the rule is in its docstring)
    grammar.py, lexicon.py   parse helpers, word lists
    checkworthy.py  the check-worthiness scorer: sentence model and news layer (score_claim)
    cw_features.py  its features and cues, one pass over a sentence
    learn.py        the desk's local model: fit, evaluate, JSON, rescore (no parse needed)

Importing this package imports nothing heavy: spaCy loads with the first pipeline.
No Textual imports here."""

from __future__ import annotations
