"""Agreement between reviewers: how often two reviewers' independent verdicts agree, and Cohen's kappa.

Measured on double review's *blind* verdicts only: each reviewer's latest
standing verdict on a claim given before they could see another's (the event
records ``review.blind``). Verdicts given after seeing a colleague's
(revisions during a disagreement, confirmations, overrules, adjudications) are
not independent and would flatter the figures, so they are left out.

For each pair of reviewers who both decided a claim blind: how many claims,
how many they agree on, percent agreement (p_o), the agreement expected by
chance from each one's own use of the verdicts (p_e = sum over verdicts of the
product of their shares), and Cohen's kappa = (p_o - p_e) / (1 - p_e). Per
verdict, the same for "this verdict or not" (a 2x2 table). Kappa is None
(undefined) when p_e is 1: both reviewers gave one and the same verdict to
every claim, so chance alone explains it. A dismissal (not check-worthy) is a
verdict like the others here.

No Textual, no Click: the CLI's ``workbench agreement`` and the app's palette
print :class:`AgreementReport`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from workbench.domain import Event
from workbench.vocab import Action, Role


@dataclass(frozen=True, slots=True)
class Kappa:
    observed: float  # p_o
    expected: float  # p_e
    kappa: float | None  # None when p_e == 1


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Kappa | None:
    """Cohen's kappa over ``pairs`` of (first rater's category, second's); None for no pairs."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first.keys() | second.keys()) / (n * n)
    kappa = None if expected >= 1.0 else (observed - expected) / (1.0 - expected)
    return Kappa(observed, expected, kappa)


@dataclass(frozen=True, slots=True)
class VerdictAgreement:
    """One verdict between two reviewers: how often each gave it, both at once, and its kappa."""

    verdict: str
    label: str
    first: int  # claims the first reviewer gave it
    second: int
    both: int
    kappa: float | None  # of "this verdict or not"

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict, "label": self.label, "first": self.first, "second": self.second,
            "both": self.both, "kappa": self.kappa,
        }


@dataclass(frozen=True, slots=True)
class PairAgreement:
    reviewers: tuple[str, str]
    claims: int  # decided blind by both
    agreed: int
    observed: float  # percent agreement, as a share
    expected: float
    kappa: float | None
    verdicts: tuple[VerdictAgreement, ...]
    # (first's verdict, second's verdict) -> claims
    table: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100.0 * self.observed

    def to_json(self) -> dict[str, Any]:
        return {
            "reviewers": list(self.reviewers),
            "claims": self.claims,
            "agreed": self.agreed,
            "percent_agreement": round(self.percent, 2),
            "expected_agreement": round(100.0 * self.expected, 2),
            "kappa": None if self.kappa is None else round(self.kappa, 4),
            "verdicts": [
                {**v.to_json(), "kappa": None if v.kappa is None else round(v.kappa, 4)} for v in self.verdicts
            ],
            "table": [
                {"first": a, "second": b, "claims": n} for (a, b), n in sorted(self.table.items())
            ],
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    pairs: tuple[PairAgreement, ...]
    claims: int  # claims with at least one blind verdict
    verdicts: int  # blind verdicts counted

    def to_json(self) -> dict[str, Any]:
        return {"claims": self.claims, "verdicts": self.verdicts, "pairs": [p.to_json() for p in self.pairs]}

    def lines(self) -> list[str]:
        """The report as a person reads it (the CLI's table, the app's panel)."""
        if not self.pairs:
            return [
                f"{self.verdicts} independent verdict(s) on {self.claims} claim(s); no claim was decided blind by "
                "two reviewers yet (double review: [review] mode = \"double\" in workbench.toml, "
                "or `workbench review --double`)"
            ]
        out: list[str] = []
        for pair in self.pairs:
            first, second = pair.reviewers
            kappa = "undefined (one verdict throughout)" if pair.kappa is None else f"{pair.kappa:.3f}"
            out.append(
                f"{first} and {second}: {pair.claims} claims, agree on {pair.agreed} ({pair.percent:.1f}%), "
                f"chance {100 * pair.expected:.1f}%, Cohen's kappa {kappa}"
            )
            width = max([len(v.label) for v in pair.verdicts] + [7])
            out.append(f"  {'verdict':<{width}}  {first[:12]:>12}  {second[:12]:>12}  {'both':>5}  kappa")
            for v in pair.verdicts:
                k = "  n/a" if v.kappa is None else f"{v.kappa:6.3f}"
                out.append(f"  {v.label:<{width}}  {v.first:>12}  {v.second:>12}  {v.both:>5}  {k}")
        return out


def blind_verdicts(events: Iterable[Event]) -> dict[int, dict[str, tuple[str, str]]]:
    """For each claim, each reviewer's standing blind verdict: {claim: {reviewer: (slug, label)}}.

    Events in log order; undone verdicts are left out, and a later blind
    verdict of the same reviewer replaces an earlier one.
    """
    events = list(events)
    retracted = {e.undoes for e in events if e.action == Action.UNDO and e.undoes is not None}
    out: dict[int, dict[str, tuple[str, str]]] = {}
    for e in events:
        if e.action != Action.VERDICT or e.claim_id is None or e.seq in retracted:
            continue
        role = e.role
        if not role or role.get("role") != Role.DOUBLE or role.get("blind") is not True or not e.value:
            continue
        label = e.detail.get("label") if isinstance(e.detail, Mapping) else None
        out.setdefault(e.claim_id, {})[e.reviewer] = (e.value, label if isinstance(label, str) else e.value)
    return out


def agreement(events: Iterable[Event]) -> AgreementReport:
    """Per pair of reviewers, agreement and Cohen's kappa over the claims both decided blind."""
    by_claim = blind_verdicts(events)
    labels: dict[str, str] = {}
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    count = 0
    for verdicts in by_claim.values():
        count += len(verdicts)
        for slug, label in verdicts.values():
            labels.setdefault(slug, label)
        for first, second in combinations(sorted(verdicts), 2):
            pairs.setdefault((first, second), []).append((verdicts[first][0], verdicts[second][0]))
    out = []
    for (first, second), rated in sorted(pairs.items()):
        overall = cohen_kappa(rated)
        assert overall is not None
        used = sorted({a for a, _ in rated} | {b for _, b in rated}, key=lambda s: labels.get(s, s).casefold())
        per_verdict = []
        for slug in used:
            binary = [(a == slug, b == slug) for a, b in rated]
            k = cohen_kappa([(str(a), str(b)) for a, b in binary])
            per_verdict.append(
                VerdictAgreement(
                    verdict=slug,
                    label=labels.get(slug, slug),
                    first=sum(1 for a, _ in binary if a),
                    second=sum(1 for _, b in binary if b),
                    both=sum(1 for a, b in binary if a and b),
                    kappa=k.kappa if k else None,
                )
            )
        out.append(
            PairAgreement(
                reviewers=(first, second),
                claims=len(rated),
                agreed=sum(1 for a, b in rated if a == b),
                observed=overall.observed,
                expected=overall.expected,
                kappa=overall.kappa,
                verdicts=tuple(per_verdict),
                table=dict(Counter(rated)),
            )
        )
    return AgreementReport(pairs=tuple(out), claims=len(by_claim), verdicts=count)
