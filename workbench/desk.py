"""Learning from the desk, run over a store: evaluate, fit, audit, re-rank.

    report = learn(store, reviewer="ana")            # refit; re-rank the unreviewed queue
    report = learn(store, evaluate_only=True)         # only say whether it would beat the prior
    rescore_new(store, document_ids=[12])             # after an ingest: the model in use scores new claims

One refit (:func:`learn`) reads every current claim with its shipped score and
reasons (the prior) and the desk's decision on it, cross-validates a local
model over the decisions grouped by document (:func:`workbench.nlp.learn.evaluate`),
and only when it beats the shipped model fits it on every decision, stores it
and re-ranks the unreviewed claims with it. Either way the outcome is one
audited ``learn`` event with the counts, the evaluation and the version that
ranks from then on; when the desk model does not beat the shipped one, the
shipped model ranks (and the claims a desk model had ranked take their prior
again). Claims a reviewer decided never move (the store checks it in the write).
Too few decisions, or only one kind, is a :class:`LearnError` with one line, and
nothing is written.

New claims (an ingest, a re-extraction) are scored by the shipped model; when a
desk model ranks, :func:`rescore_new` scores them with it at once. A stored
model that cannot be read (damaged, or of an older format) is left alone: the
new claims keep the shipped model's score, with a warning, until the next refit.

No Textual, no Click: the CLI, the app and the Python API call these.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workbench.domain import LearnRow, Ranking, Rescore
from workbench.nlp import checkworthy
from workbench.nlp.learn import Evaluation, LearnError, LocalModel
from workbench.store import Store
from workbench.vocab import Ranker

__all__ = [
    "LearnError", "LearnReport", "Raced", "learn", "learn_in_process", "load_model", "rescore_new", "shipped_version",
]


def shipped_version() -> str:
    """The shipped model's version, which ranks when no desk model does."""
    return checkworthy.MODEL_VERSION


@dataclass(frozen=True, slots=True)
class Fold:
    documents: int
    labels: int
    prior_ap: float
    local_ap: float
    prior_p5: float
    local_p5: float


@dataclass(frozen=True, slots=True)
class LearnReport:
    """What one refit (or one evaluation) found and did."""

    evaluate_only: bool
    beats_prior: bool  # the desk model beat the shipped one in cross-validation
    message: str  # the evaluation, in one line
    counts: dict[str, int]  # labels, verdicts, dismissals, documents
    prior_ap: float
    local_ap: float
    prior_p5: float
    local_p5: float
    folds: tuple[Fold, ...]
    ranker: Ranker  # which model ranks now (after a refit; unchanged by an evaluation)
    version: str | None  # its version (None: the shipped one, before any refit)
    previous: str | None  # what ranked before
    rescored: int = 0  # unreviewed claims re-ranked
    seq: int | None = None  # the learn event
    seconds: dict[str, float] = field(default_factory=dict)  # read, evaluate, fit, score, write

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LearnReport:
        """The report :meth:`to_json` wrote (from the refit's own process)."""
        fields = dict(data)
        fields["ranker"] = Ranker(fields["ranker"])
        fields["folds"] = tuple(Fold(**f) for f in fields["folds"])
        fields["counts"] = {str(k): int(v) for k, v in fields["counts"].items()}
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]
        out["ranker"] = str(self.ranker)
        out["folds"] = [asdict(f) for f in self.folds]
        out["seconds"] = {k: round(v, 3) for k, v in self.seconds.items()}
        return out

    @property
    def summary(self) -> str:
        """One line for a toast or the end of the CLI's report."""
        if self.evaluate_only:
            return self.message
        if self.ranker == Ranker.DESK:
            return f"the desk model {self.version} ranks the queue now: {self.rescored} unreviewed claims re-ranked"
        back = f" ({self.rescored} claims back on the shipped model's score)" if self.rescored else ""
        return f"the shipped model still ranks the queue{back}: {self.message}"


def example(row: LearnRow):  # -> learn.Example
    from workbench.nlp.learn import Example

    return Example(
        claim_id=row.claim_id, document=row.document, text=row.text, kind=row.kind, prior=row.prior_score,
        speaker=row.speaker, position=row.position, prior_reasons=row.prior_reasons, label=row.label,
    )


def _counts(rows: Iterable[LearnRow]) -> dict[str, int]:
    labelled = [r for r in rows if r.label is not None]
    verdicts = sum(1 for r in labelled if r.label == 1)
    return {
        "labels": len(labelled), "verdicts": verdicts, "dismissals": len(labelled) - verdicts,
        "documents": len({r.document for r in labelled}),
    }


def _evaluation(ev: Evaluation) -> dict[str, Any]:
    return {
        "folds": len(ev.folds), "prior_ap": ev.prior_ap, "local_ap": ev.local_ap,
        "prior_p5": ev.prior_p5, "local_p5": ev.local_p5, "beats_prior": ev.beats_prior,
    }


def score_rows(model: LocalModel, rows: Sequence[LearnRow]) -> list[Rescore]:
    """Score, tier and reasons of each row under ``model``: the reasons are its own terms."""
    from workbench.nlp.learn import rescore

    return [
        Rescore(row.claim_id, s.score, s.tier, tuple(s.reasons), s.model_version)
        for row, s in zip(rows, rescore(model, [example(r) for r in rows]))
    ]


def learn(
    store: Store,
    *,
    reviewer: str | None = None,
    evaluate_only: bool = False,
    auto: bool = False,
    expect_seq: int | None | bool = False,
) -> LearnReport:
    """Refit the desk model on every decision and let the better model rank the queue.

    ``evaluate_only``: cross-validate and report, write nothing. ``auto``: the
    refit a setting started (recorded so in its event). ``expect_seq`` (False:
    unchecked): the learn event this refit follows; if another lands first, this
    one is refused (two apps refitting at once record one refit). Raises
    LearnError with one line on too few decisions or one kind only.
    """
    from workbench.nlp import learn as core

    clock = time.perf_counter
    seconds: dict[str, float] = {}
    t = clock()
    before = store.ranking()
    rows = store.learn_rows()
    examples = [example(r) for r in rows]
    seconds["read"] = clock() - t
    t = clock()
    ev = core.evaluate(examples)
    seconds["evaluate"] = clock() - t
    counts = _counts(rows)
    report = dict(
        beats_prior=ev.beats_prior, message=ev.message, counts=counts, prior_ap=ev.prior_ap, local_ap=ev.local_ap,
        prior_p5=ev.prior_p5, local_p5=ev.local_p5,
        folds=tuple(Fold(f.documents, f.labels, f.prior_ap, f.local_ap, f.prior_p5, f.local_p5) for f in ev.folds),
        previous=before.version,
    )
    if evaluate_only:
        return LearnReport(evaluate_only=True, ranker=before.ranker, version=before.version, seconds=seconds, **report)
    if not reviewer:
        raise LearnError("a refit is recorded under a reviewer's name: give one")
    prior_version = shipped_version()
    if ev.beats_prior:
        t = clock()
        model = core.fit(examples, population=examples, prior_version=prior_version)
        seconds["fit"] = clock() - t
        t = clock()
        unreviewed = [r for r in rows if r.label is None]
        rescores = score_rows(model, unreviewed)
        seconds["score"] = clock() - t
        t = clock()
        seq, rescored = store.record_learn(
            reviewer=reviewer, ranker=Ranker.DESK, version=model.version, prior_version=prior_version,
            counts=model.counts, evaluation=_evaluation(ev), message=ev.message, body=model.to_json(),
            rescores=rescores, catch_up=lambda late: score_rows(model, late), auto=auto, expect_seq=expect_seq,
        )
        seconds["write"] = clock() - t
        return LearnReport(evaluate_only=False, ranker=Ranker.DESK, version=model.version, rescored=rescored,
                           seq=seq, seconds=seconds, **report)
    t = clock()
    seq, rescored = store.record_learn(
        reviewer=reviewer, ranker=Ranker.SHIPPED, version=prior_version, prior_version=prior_version,
        counts=counts, evaluation=_evaluation(ev), message=ev.message, body=None, auto=auto, expect_seq=expect_seq,
    )
    seconds["write"] = clock() - t
    return LearnReport(evaluate_only=False, ranker=Ranker.SHIPPED, version=prior_version, rescored=rescored,
                       seq=seq, seconds=seconds, **report)


class Raced(LearnError):
    """Another refit was recorded while this one ran (only when ``expect_seq`` was given)."""


def learn_in_process(
    path: str | Path,
    *,
    reviewer: str | None = None,
    evaluate_only: bool = False,
    auto: bool = False,
    expect_seq: int | None | bool = False,
    busy_timeout: float | None = None,
) -> LearnReport:
    """:func:`learn` on the database at ``path``, in a process of its own.

    The review app's worker thread waits on it: a refit is seconds of Python
    work that, in a thread, would hold the app's interpreter lock and slow every
    key while it runs. A plain child process (``python -m workbench.desk``), not
    multiprocessing: inside the app stderr is Textual's, which multiprocessing
    cannot hand on. The child writes its report as JSON on a pipe, nothing to the
    terminal. Raises LearnError (Raced when another refit came first), StoreError
    or RuntimeError, each with the child's one line.
    """
    import subprocess
    import sys

    args = [sys.executable, "-m", "workbench.desk", str(path), json.dumps({
        "reviewer": reviewer, "evaluate_only": evaluate_only, "auto": auto, "expect_seq": expect_seq,
        "busy_timeout": busy_timeout,
    })]
    done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise RuntimeError(f"the refit process failed: {last}") from None
    if "report" in answer:
        return LearnReport.from_json(answer["report"])
    kind, message = answer.get("error"), str(answer.get("message", ""))
    if kind == "raced":
        raise Raced(message)
    if kind == "refused":
        raise LearnError(message)
    if kind == "store":
        from workbench.store import StoreError

        raise StoreError(message)
    raise RuntimeError(message)


def _child(argv: list[str]) -> int:
    """``python -m workbench.desk PATH OPTIONS_JSON``: one refit, its report (or error) as JSON on stdout."""
    from workbench.store import InvalidDecision, StoreError
    from workbench.store.connection import DEFAULT_BUSY_TIMEOUT

    path, options = argv[0], json.loads(argv[1])
    timeout = options.pop("busy_timeout", None)
    try:
        with Store.open(path, create=False, check=False,
                        busy_timeout=DEFAULT_BUSY_TIMEOUT if timeout is None else timeout) as store:
            out: dict[str, Any] = {"report": learn(store, **options).to_json()}
    except LearnError as exc:
        out = {"error": "refused", "message": str(exc)}
    except InvalidDecision as exc:
        out = {"error": "raced" if options.get("expect_seq") is not False else "store", "message": str(exc)}
    except StoreError as exc:
        out = {"error": "store", "message": str(exc)}
    except Exception as exc:  # reported to the app in one line, never a traceback on its screen
        out = {"error": "internal", "message": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out))
    return 0


_loaded: dict[tuple[str, str], LocalModel] = {}


def load_model(store: Store, ranking: Ranking | None = None) -> LocalModel | None:
    """The desk model that ranks, read from the store (None when the shipped one ranks).

    Raises LearnError (one line) when it is missing or cannot be read: the
    caller keeps the shipped model's scores and says so.
    """
    ranking = ranking or store.ranking()
    if not ranking.desk or ranking.version is None:
        return None
    stored = store.desk_model(ranking.version)
    if stored is None or stored.body is None:
        raise LearnError(f"the desk model {ranking.version} is not stored: run `workbench learn` again")
    # Keyed by what is stored now, not by what the row says it should be.
    key = (stored.version, hashlib.sha256(stored.body.encode("utf-8")).hexdigest())
    model = _loaded.get(key)
    if model is None:
        model = LocalModel.from_json(stored.body)
        if model.version != stored.version:
            raise LearnError(f"the desk model {ranking.version} holds another version ({model.version}): run learn again")
        _loaded.clear()  # one model in use at a time
        _loaded[key] = model
    return model


def rescore_new(store: Store, *, document_ids: Sequence[int] | None = None) -> tuple[int, str | None]:
    """Score the unreviewed claims a desk model in use has not scored yet (new claims).

    Returns how many were re-ranked, and a warning when the stored model cannot
    be read (those claims then keep the shipped model's score).
    """
    ranking = store.ranking()
    if not ranking.desk:
        return 0, None
    try:
        model = load_model(store, ranking)
    except LearnError as exc:
        return 0, f"{exc}; new claims keep the shipped model's score"
    assert model is not None
    rows = store.learn_rows(unreviewed_only=True, document_ids=document_ids, not_version=model.version)
    if not rows:
        return 0, None
    return store.rescore(score_rows(model, rows)), None


if __name__ == "__main__":
    import sys

    sys.exit(_child(sys.argv[1:]))
