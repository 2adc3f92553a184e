"""Which drafts become claims: the sentences a fact-checker would check.

The sentence reader (claims.py) already says no to what is never a claim
(questions, headings, speech introductions, page furniture); ingest keeps
headlines and standfirsts out (ingest/headline.py).  What is left is scored for
check-worthiness, and a draft becomes a claim only when its score reaches
``SELECT_CUT``: scene-setting, colour and opinion with nothing checkable stay
sentences of the document (the document view shows them) without filling the
queue.

The cut is the highest at which the project's labelled news (tests/data/news,
the dev articles) still keeps 9 in 10 check-worthy sentences as claims; there
about 3 in 4 claims come from sentences a fact-checker would check.
``bench/eval_claims.py`` reports both shares, dev and holdout apart.  It sits
below the scorer's own yes/no cut (checkworthy.THRESHOLD, set on debates):
in news a queue that misses a check-worthy sentence costs more than one that
shows a sentence too many.
"""

from __future__ import annotations

SELECT_CUT = 0.35


def keep(score: float) -> bool:
    """Whether a draft with this check-worthiness score is a claim."""
    return score >= SELECT_CUT
