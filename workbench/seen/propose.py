"""The verdict a confirmed match proposes, on the scale the reviewer works with.

A confirmed match never decides anything: it proposes a verdict, which the
reviewer accepts with the usual verdict key (or the CLI's ``workbench
verdict``). The proposal is the fact-check's rating placed on the active
scale, when it can be placed without guessing:

1. the rating names a verdict of the scale (slug or label, any case);
2. it names a verdict of a built-in scale with a rating value ("Pants on
   Fire" is PolitiFact's lowest), or the fact-check gives a numeric rating
   with its range: the nearest on-scale verdict by relative position;
3. otherwise none: the rating is shown as the publisher wrote it.

An earlier claim of the team's proposes its own verdict, when it is a
verdict of the same scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.scales import BUILTIN_SCALES, DISMISS, Scale


def _position(value: float, best: float, worst: float) -> float | None:
    if best == worst:
        return None
    return (value - worst) / (best - worst)


def _nearest(scale: Scale, position: float) -> str | None:
    placed = [
        (abs(_position(v.rating_value, v.best_rating, v.worst_rating) - position), v.position, v.slug)  # type: ignore[operator]
        for v in scale.verdicts
        if v.on_scale and v.rating_value is not None and v.best_rating != v.worst_rating
    ]
    return min(placed)[2] if placed and 0.0 <= position <= 1.0 else None


def proposed_verdict(match: Mapping[str, Any], scale: Scale) -> str | None:
    """The slug of ``scale`` a confirmed match proposes, or None (its rating is shown as text)."""
    if match.get("kind") == "claim":
        verdict = match.get("verdict")
        if match.get("scale") == scale.id and isinstance(verdict, str) and verdict != DISMISS:
            return scale.find(verdict)
        label = match.get("label")
        return scale.find(label) if isinstance(label, str) and scale.find(label) != DISMISS else None
    rating = match.get("rating")
    if isinstance(rating, str) and rating.strip():
        found = scale.find(rating)
        if found is not None and found != DISMISS:
            return found
        for other in BUILTIN_SCALES.values():
            slug = other.find(rating)
            verdict = other.get(slug) if slug and slug != DISMISS else None
            if verdict is not None and verdict.on_scale and verdict.rating_value is not None:
                position = _position(verdict.rating_value, verdict.best_rating, verdict.worst_rating)
                if position is not None:
                    return _nearest(scale, position)
    value, best, worst = match.get("rating_value"), match.get("best_rating"), match.get("worst_rating")
    if all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (value, best, worst)):
        position = _position(float(value), float(best), float(worst))  # type: ignore[arg-type]
        if position is not None:
            return _nearest(scale, position)
    return None
