"""Which drafts become claims: the sentences a fact-checker would check.

The sentence reader (claims.py) already says no to what is never a claim
(questions, headings, speech introductions, page furniture); ingest keeps
headlines and standfirsts out (ingest/headline.py).  What is left is scored for
check-worthiness, and a draft becomes a claim only when its score reaches
``SELECT_CUT``: scene-setting, colour and opinion with nothing checkable stay
sentences of the document (the document view shows them) without filling the
queue.

The cut is the scorer's own yes/no cut (checkworthy.THRESHOLD): a claim is a
draft the scorer says yes to.  On the project's labelled news it keeps about 9
in 10 check-worthy sentences while about 8 in 10 claims come from them;
``bench/eval_claims.py`` reports both shares.
"""

from __future__ import annotations

from workbench.nlp.checkworthy import THRESHOLD

SELECT_CUT = 0.35


def keep(score: float) -> bool:
    """Whether a draft with this check-worthiness score is a claim."""
    return score >= SELECT_CUT
