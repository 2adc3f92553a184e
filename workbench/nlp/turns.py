"""Whose paragraphs these are: interview transcripts and signed quotations.

    transcript_turns(text, chunks)   -> paragraph -> label ("PENCE") of a transcript's turns
    signed_paragraphs(text, chunks)  -> paragraph -> signatory ("Maria Lopez, 34")
    section_break(text, start, end)  -> whether a paragraph only separates entries ("___", "11:15 p.m.")

In a transcript every sentence of a turn is the labelled speaker's own words; a
readers' letter, a pull quote or a vox pop puts its speaker after the words, on a
dash line of its own or after the closing quotation mark.  extract.py reads such
paragraphs as the named speaker's direct speech.
"""

from __future__ import annotations

import re

from workbench.nlp import segment

_TURN = re.compile(r"[ \t]*[\"\u201c]?[ \t]*([A-Z][A-Za-z.'\u2019\-]*(?:[ \t]+[A-Z][A-Za-z.'\u2019\-]*){0,3})[ \t]*:[ \t]+\S")
# Labels that head a paragraph without being a speaker's turn.
_NOT_TURNS = frozenset(
    """q a update updated breaking exclusive watch read more analysis opinion note photo video live
    correction clarification source sources credit posted transcript warning disclaimer audio
    listen related see also topics tags subscribe share advertisement background timeline key
    points what why how when where who editor editors summary context explainer comment
    comments reporting writing editing additional contributed factbox fact box table figure
    chart graphic map image images caption captions""".split()
)


_SIGNATURE = re.compile(
    r"[ \t]*(?:[\u2015\u2014\u2013]|--)[ \t]*([A-Z][^\n]{1,160}?)[ \t\u00a0]*$"
)
# The same signature at the end of the quoted paragraph itself: '..." \u2015 Ariana Huichapa.'
_SIGNED_TAIL = segment.SIGNATURE


def signed_paragraphs(text: str, chunks: list[segment.Chunk]) -> dict[int, str]:
    """Paragraphs signed by a dash line after them: "\u2015 Ariana Huichapa, 24".

    Readers' letters, pull quotes and vox pops put the speaker on a line of its
    own after their words; the paragraph before the line is theirs.
    """
    signed: dict[int, str] = {}
    previous: segment.Chunk | None = None
    for chunk in chunks:
        tail = _SIGNED_TAIL.search(text, max(chunk.start, chunk.end - 200), chunk.end)
        if tail is not None and len(tail.group(1).split()) <= 12:
            signed[chunk.para] = tail.group(1).strip().rstrip(".")
        match = _SIGNATURE.match(text, chunk.start, chunk.end)
        if match is not None and previous is not None and previous.para != chunk.para and (
            not text[previous.start : previous.end].rstrip().endswith(":")  # a list, not a signature
        ):
            name = match.group(1).strip()
            if len(name.split()) <= 12 and not name.endswith((".", "?", "!")) or name.count(",") >= 1:
                signed[previous.para] = name.rstrip(".")
        previous = chunk
    return signed


def transcript_turns(text: str, chunks: list[segment.Chunk]) -> dict[int, str]:
    """Speaker labels of an interview transcript: paragraph number -> label.

    "PENCE: Well, look, ..." opens a turn; the paragraphs after it without a label
    belong to the same turn until the next label.  A document counts as a
    transcript only when two or more paragraphs open with a speaker's label, so
    a single "Analysis: ..." or "UPDATE: ..." line never makes one.
    """
    labels: dict[int, str] = {}
    for chunk in chunks:
        if chunk.start in labels.values():
            continue
        match = _TURN.match(text, chunk.start, chunk.end)
        if match is None:
            continue
        label = match.group(1).strip()
        words = label.split()
        if any(w.lower().strip(".") in _NOT_TURNS for w in words):
            continue
        if not (label.isupper() or len(words) >= 2):
            continue  # "Smith: ..." could be a heading; "SMITH:" or "Mr Smith:" is a turn
        labels.setdefault(chunk.para, label)
    if len(labels) < 2:
        return {}
    turns: dict[int, str] = {}
    paras = sorted({c.para for c in chunks})
    current: str | None = None
    last_label = max(labels)
    for para in paras:
        if para in labels:
            current = labels[para]
        if current is not None and para <= last_label or para in labels:
            turns[para] = current
    return turns


# A line that only separates entries of a live blog or digest: "___", "* * *", "10:30 p.m."
_SECTION_BREAK = re.compile(
    r"\s*(?:[_*=~#\-\u2013\u2014.\u2022\u00b7 ]{3,}|\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?(?:\s+[A-Z]{2,4})?|"
    r"\d{1,2}[:.]\d{2}(?:\s+[A-Z]{2,4})?)\s*"
)


def section_break(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is only a separator or a time heading between entries: who
    "he" is does not run on across it."""
    return end - start <= 40 and _SECTION_BREAK.fullmatch(text, start, end) is not None
