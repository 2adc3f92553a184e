"""Lines of a decoded text with their offsets, and the shape tests both clutter and metadata use."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longer lines are always article text (or one giant line): no rule regex runs on them.
MAX_RULE_LINE = 600


@dataclass(slots=True)
class Line:
    start: int  # offset of the line's first character
    end: int  # offset just past its content, before the newline
    text: str  # stripped
    words: int  # whitespace-separated tokens (capped for giant lines)
    prose: bool  # reads like a body paragraph


_TERMINAL = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_QUESTION_END = re.compile(r"""\?["'”’»)\]]*$""")
# A full stop after a lower-case word or a digit ends a sentence; after a capital
# it is usually an abbreviation ("U.S.", "Inc.", "S.").
_SENTENCE_END = re.compile(r"""(?:[a-z0-9%)\]]\.|[!?…])["'”’»)\]]*$""")


def has_terminal(text: str) -> bool:
    """Ends with sentence punctuation (., !, ?, …), possibly inside quotes or brackets."""
    return bool(_TERMINAL.search(text[-12:]))


def ends_sentence(text: str) -> bool:
    """Like :func:`has_terminal`, but "U.S." or "Inc." does not count."""
    return bool(_SENTENCE_END.search(text[-12:]))


def has_quote(text: str) -> bool:
    return any(q in text for q in ('"', "“", "”"))


def is_prose(text: str, words: int) -> bool:
    """A body-paragraph line: a sentence or more. A lone question is headline-like."""
    if not text or text.startswith("#"):
        return False
    if words >= 30:
        return True
    if words < 8 or not has_terminal(text):
        return False
    lone_question = _QUESTION_END.search(text[-12:]) and text.count("?") == 1
    return not (lone_question and not has_quote(text))


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if len(stripped) > MAX_RULE_LINE:
            words = 10_000  # counting the words of a giant line is wasted work
        else:
            words = len(stripped.split())
        lines.append(Line(pos, pos + len(raw.rstrip("\r")), stripped, words, is_prose(stripped, words)))
        pos += len(raw) + 1
    return lines
