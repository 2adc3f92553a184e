"""Text normalisation shared by the importers, the matcher and the copy grouping.

Three levels, each for one job:

- :func:`clean`: what is stored and shown. Whitespace collapsed, NUL and lone
  surrogates replaced (SQLite cannot store a lone surrogate as UTF-8), nothing
  else touched: markup and control characters stay data.
- :func:`canonical`: what identity and copy detection compare. NFKC, casefold,
  curly quotes and dashes folded, punctuation dropped, one space between words.
- :func:`terms`: the words a query is made of, stopwords removed.
- :func:`stems`: what the full-text index holds and a query asks for: each
  term's plural and possessive taken off, then cut to its first
  ``STEM_LENGTH`` characters (numbers kept whole). Prefix truncation is the
  old IR trick; measured on the CheckThat! train/dev sets (bench/bench_match.py)
  it beat no stemming, an s-stemmer, an -ing/-ed stemmer and FTS5's Porter
  tokenizer, and it keeps the index and the Python side in exact agreement.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SURROGATE_OR_NUL = re.compile("[\x00\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.I)
# Apostrophes and quotes folded before words are found ("don’t" == "don't").
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# English function words: they carry no topic, and left in an OR query they make
# every document a candidate. Deliberately short of negations ("not", "no",
# "never") and quantity words ("all", "more", "most"): a claim's meaning turns
# on them, though BM25 gives them little weight anyway.
STOPWORDS = frozenset(
    """a about above after again against am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
    if in into is isn't it it's its itself let's me my myself nor of off on once only or other
    ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so
    some such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to too under until up very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while who
    who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just said says say saying will may might must shall us s t
    going get got like really well know think want way one even now much many lot lots""".split()
)


def clean(text: object, *, limit: int | None = None) -> str:
    """Stored form: whitespace collapsed, NUL and lone surrogates replaced, at most ``limit`` chars."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if _SURROGATE_OR_NUL.search(text):
        text = _SURROGATE_OR_NUL.sub("\ufffd", text)
    text = _SPACE.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip()
    return text


def canonical(text: str) -> str:
    """Comparison form: NFKC, casefolded, quotes folded, punctuation dropped, words spaced by one."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(_WORD.findall(text))


def digest(text: str) -> str:
    """A short stable digest of the canonical text (identity of a claim within a page)."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:16]


def words(text: str) -> list[str]:
    """Canonical words, in order, URLs left out (tweets carry pic.twitter.com links)."""
    text = _URL.sub(" ", text)
    return canonical(text).split()


STEM_LENGTH = 5


def stem(word: str) -> str:
    """A word's index form: plural/possessive off, then the first STEM_LENGTH characters."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4 and word[-4] not in "ae":
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith(("ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:STEM_LENGTH]


def stems(text: str) -> list[str]:
    """The index form of a text: its terms stemmed, duplicates kept (BM25 counts them), in order."""
    out: list[str] = []
    for word in words(text):
        for part in word.split("'"):
            if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                out.append(_stem_cached(part))
    return out


_STEMS: dict[str, str] = {}


def _stem_cached(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        found = stem(word)
        if len(_STEMS) < 500_000:
            _STEMS[word] = found
    return found


def terms(text: str) -> list[str]:
    """Query words: canonical, no stopwords, no single characters, duplicates kept once, in order."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        # The FTS tokenizer splits "don't" into "don" and "t": query what it indexes.
        for part in word.split("'"):
            if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                seen.setdefault(part, None)
    return list(seen)
