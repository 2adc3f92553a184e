"""Which drafts become claims: the sentences a fact-checker would check.

The sentence reader (claims.py) already says no to what is never a claim
(questions, headings, speech introductions, page furniture); ingest keeps
headlines and standfirsts out (ingest/headline.py).  What is left is scored for
check-worthiness, and a draft becomes a claim only when its score reaches
``SELECT_CUT``: scene-setting, colour and opinion with nothing checkable stay
sentences of the document (the document view shows them) without filling the
queue.

The cut is set on the project's labelled news (tests/data/news, dev split) for
the scorer in use, so that about 9 in 10 check-worthy sentences still yield a
claim; ``bench/eval_claims.py`` reports both shares.
"""

from __future__ import annotations

SELECT_CUT = 0.3


def keep(score: float) -> bool:
    """Whether a draft with this check-worthiness score is a claim."""
    return score >= SELECT_CUT
